"""The Delphi reasons (issue 11, ``--require-reasons``): which scores need a reason (strictly
outside the previous round's panel [Q1, Q3], the quartiles computed here with numpy's linear
rule), and the web form refusing a submission that misses one, storing the reason with the
score's version. Every test runs on SQLite and, when R57_TEST_POSTGRES_URL is set, PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from sqlalchemy import func, select

from r57_mcda.errors import R57Error
from r57_mcda.study.answers import Version, cell_history, current_answers, submit
from r57_mcda.study.db import Database
from r57_mcda.study.drafts import RowDraft, form_state, save_row, submit_form
from r57_mcda.study.entries import CellEntry, Origin
from r57_mcda.study.events import read_events
from r57_mcda.study.feedback import expert_feedback
from r57_mcda.study.reasons import missing_reasons, needs_reason, panel_ranges, ranges_of
from r57_mcda.study.rounds import close_round, open_next_round, round_settings
from r57_mcda.study.schema import ScoreRow, SubmissionRow
from r57_mcda.study.studies import Study, load_study
from tests.helpers.databases import db_url as db_url_fixture  # noqa: F401
from tests.helpers.studies import sample_study

WEB = Origin("web")

#: Round 1's scores per cell (index = expert position), None: the expert gives NA there.
#: Expert 6 declares a conflict of interest on technology 0 (its whole row).
ROUND1: dict[tuple[int, int], list[float | None]] = {
    (0, 0): [1, 2, 3, 4, 5, None],  # cell A: Q1 2, Q3 4
    (0, 1): [2, 2, 3, 5],  # cell B: Q1 2, Q3 3.5
    (1, 0): [3, 3, 3, 3, 3],  # cell C: IQR 0, at consensus (dropped with drop_consensus)
    (1, 1): [None],  # cell D: only NA, no quartiles
}


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    store = Database(db_url)
    yield store
    store.close()


def _ids(study: Study) -> tuple[list[str], list[str], list[str]]:
    return (
        [x.id for x in study.technologies],
        list(study.criteria.ids),
        [e.id for e in study.experts],
    )


def _round1(db: Database) -> Study:
    """The sample study with ROUND1 as round 1's answers, round 1 closed."""
    study = load_study(db, sample_study(db))
    techs, crits, experts = _ids(study)
    by_expert: dict[str, list[CellEntry]] = {}
    for (t, c), values in ROUND1.items():
        for i, value in enumerate(values):
            entry = (
                CellEntry(techs[t], crits[c], "na")
                if value is None
                else CellEntry(techs[t], crits[c], "score", value)
            )
            by_expert.setdefault(experts[i], []).append(entry)
    by_expert[experts[6]] = [CellEntry(techs[0], c, "coi") for c in crits]
    with db.write() as session:
        for expert, entries in by_expert.items():
            submit(
                session,
                study.id,
                1,
                expert_id=expert,
                entries=entries,
                origin=WEB,
                partial=False,
            )
    assert close_round(db, study.id) == 1
    return study


def _quartiles(values: list[float | None]) -> tuple[float, float]:
    q1, q3 = np.quantile(np.array([v for v in values if v is not None], dtype=float), [0.25, 0.75])
    return float(q1), float(q3)


def test_the_ranges_are_the_previous_rounds_panel_quartiles_of_the_cells_asked(
    db: Database,
) -> None:
    study = _round1(db)
    techs, crits, experts = _ids(study)
    with db.read() as session:
        assert panel_ranges(session, study, 1) == {}
    assert open_next_round(db, study.id, drop_consensus=True, require_reasons=True) == 2
    expected = {(techs[t], crits[c]): _quartiles(ROUND1[(t, c)]) for t, c in [(0, 0), (0, 1)]}
    assert expected == {(techs[0], crits[0]): (2.0, 4.0), (techs[0], crits[1]): (2.0, 3.5)}
    with db.read() as session:
        assert round_settings(session, study.id, 2).dropped == ((techs[1], crits[0]),)
        ranges = panel_ranges(session, study, 2)
        feedback = expert_feedback(session, study, 2, experts[0])
    # Cell C is dropped (consensus), cell D has no quartiles (only NA): neither has a range.
    assert ranges == expected
    assert ranges_of(feedback) == expected
    assert ranges_of(None) == {}


def test_a_round_that_does_not_require_reasons_has_no_ranges(db: Database) -> None:
    study = _round1(db)
    techs, crits, _ = _ids(study)
    open_next_round(db, study.id)
    with db.read() as session:
        assert panel_ranges(session, study, 2) == {}
    assert not needs_reason({}, CellEntry(techs[0], crits[0], "score", 5.0))


def test_only_scores_strictly_outside_the_range_need_a_reason(db: Database) -> None:
    study = _round1(db)
    techs, crits, _ = _ids(study)
    open_next_round(db, study.id, drop_consensus=True, require_reasons=True)
    with db.read() as session:
        ranges = panel_ranges(session, study, 2)
    a, b, c, d = (
        (techs[0], crits[0]),
        (techs[0], crits[1]),
        (techs[1], crits[0]),
        (techs[1], crits[1]),
    )

    def score(cell: tuple[str, str], value: float, reason: str = "") -> CellEntry:
        return CellEntry(cell[0], cell[1], "score", value, reason=reason)

    below_a = score(a, 1.0)
    blank_a = score(a, 5.0, "   ")
    above_b = score(b, 4.0)
    below_b = score(b, 1.5)
    entries = [
        below_a,
        score(a, 2.0),  # on Q1: inside
        score(a, 4.0),  # on Q3: inside
        score(a, 3.0),
        blank_a,  # outside, a blank reason is no reason
        score(a, 5.0, "Pilot plant results of 2025"),  # outside, with a reason
        above_b,
        score(b, 3.5),  # on Q3 of B
        below_b,
        CellEntry(a[0], a[1], "na"),
        CellEntry(a[0], a[1], "coi"),
        score(c, 5.0),  # dropped cell
        score(d, 1.0),  # no quartiles
        score((techs[3], crits[0]), 5.0),  # a cell round 1 had no answer for
    ]
    assert missing_reasons(ranges, entries) == [below_a, blank_a, above_b, below_b]
    assert [needs_reason(ranges, e) for e in entries] == [
        True,
        False,
        False,
        False,
        True,
        True,
        True,
        False,
        True,
        False,
        False,
        False,
        False,
        False,
    ]


def _stored_in_round(db: Database, study_id: int, round_no: int) -> tuple[int, int]:
    with db.read() as session:
        scores = session.scalar(
            select(func.count()).select_from(ScoreRow).where(ScoreRow.round_no == round_no)
        )
        submissions = session.scalar(
            select(func.count())
            .select_from(SubmissionRow)
            .where(SubmissionRow.study_id == study_id, SubmissionRow.round_no == round_no)
        )
    return int(scores or 0), int(submissions or 0)


def _history(db: Database, study_id: int, expert: str, cell: tuple[str, str]) -> list[Version]:
    with db.read() as session:
        return cell_history(
            session, study_id, 2, expert_id=expert, technology=cell[0], criterion=cell[1]
        )


def test_the_form_refuses_a_missing_reason_then_stores_it_with_the_score(db: Database) -> None:
    study = _round1(db)
    techs, crits, experts = _ids(study)
    open_next_round(db, study.id, drop_consensus=True, require_reasons=True)
    expert = study.expert(experts[0])
    save_row(db, study.id, 2, expert.id, RowDraft(techs[0], {crits[0]: "1", crits[1]: "3"}))
    with pytest.raises(R57Error) as caught:
        submit_form(db, study.id, 2, expert.id)
    assert caught.value.code == "dform_reasons_missing"
    technology = study.technologies[0].label(expert.lang)
    criterion = study.criteria[crits[0]].label(expert.lang)
    assert expert.lang == "vi" and technology == study.technologies[0].name_vi
    assert caught.value.params == {"n": 1, "cells": f"{technology} / {criterion}"}
    assert f"{technology} / {criterion}" in caught.value.text("en")
    assert _stored_in_round(db, study.id, 2) == (0, 0)
    with db.read() as session:
        assert [e.kind for e in read_events(session, study.id) if e.round_no == 2] == [
            "round_opened"
        ]

    reason = "Pilot plant results of 2025"
    row = RowDraft(techs[0], {crits[0]: "1", crits[1]: "3"}, reasons={crits[0]: f" {reason} "})
    save_row(db, study.id, 2, expert.id, row)
    first = submit_form(db, study.id, 2, expert.id)
    assert (first.changed, first.cleared) == (2, 0)
    history = _history(db, study.id, expert.id, (techs[0], crits[0]))
    with db.read() as session:
        kept = current_answers(session, study.id, 2, [expert.id])
    assert [v.entry for v in history] == [
        CellEntry(techs[0], crits[0], "score", 1.0, reason=reason)
    ]
    assert {a.entry.criterion: a.entry.reason for a in kept} == {crits[0]: reason, crits[1]: ""}
    assert form_state(db, study.id, 2, expert.id).row(techs[0]).reasons == {crits[0]: reason}

    # A revision of the reason alone is a new version of that cell only.
    revised = "Pilot plant results of 2025 and the 2026 survey"
    row = RowDraft(techs[0], {crits[0]: "1", crits[1]: "3"}, reasons={crits[0]: revised})
    save_row(db, study.id, 2, expert.id, row)
    second = submit_form(db, study.id, 2, expert.id)
    assert (second.changed, second.cleared) == (1, 0)
    history = _history(db, study.id, expert.id, (techs[0], crits[0]))
    assert [v.entry.reason for v in history if v.entry] == [reason, revised]
    assert _stored_in_round(db, study.id, 2) == (3, 2)


def test_scores_inside_the_range_and_rounds_without_the_rule_need_no_reason(
    db: Database,
) -> None:
    study = _round1(db)
    techs, crits, experts = _ids(study)
    open_next_round(db, study.id, drop_consensus=True, require_reasons=True)
    save_row(db, study.id, 2, experts[1], RowDraft(techs[0], {crits[0]: "4", crits[1]: "2"}))
    assert submit_form(db, study.id, 2, experts[1]).changed == 2
    close_round(db, study.id)
    open_next_round(db, study.id)  # round 3 does not require reasons
    save_row(db, study.id, 3, experts[1], RowDraft(techs[0], {crits[0]: "5", crits[1]: "1"}))
    assert submit_form(db, study.id, 3, experts[1]).changed == 2
