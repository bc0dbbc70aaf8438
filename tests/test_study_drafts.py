"""The web form's back end: drafts kept across calls (a refresh), the latest draft winning,
COI rows, progress, submissions as versions, and a closed round refusing both."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from r57_mcda.errors import R57Error
from r57_mcda.study.answers import cell_history, current_answers, submit
from r57_mcda.study.db import Database
from r57_mcda.study.drafts import RowDraft, form_state, save_row, submit_form
from r57_mcda.study.entries import CellEntry, Origin
from r57_mcda.study.schema import DraftRow, RoundRow, ScoreRow, utcnow
from r57_mcda.study.studies import load_study
from tests.helpers.databases import db_url as db_url_fixture  # noqa: F401
from tests.helpers.studies import sample_study

#: A store with the sample study, its technology and criterion ids, and two of its experts.
Setup = tuple[Database, int, list[str], list[str], str, str]


@pytest.fixture(name="setup")
def _setup(db_url: str) -> Setup:
    db = Database(db_url)
    study_id = sample_study(db)
    study = load_study(db, study_id)
    techs = [x.id for x in study.technologies]
    return db, study_id, techs, study.criteria.ids, study.experts[0].id, study.experts[1].id


def test_a_fresh_form_is_empty(setup: Setup) -> None:
    db, study_id, techs, _crits, expert, _other = setup
    state = form_state(db, study_id, 1, expert)
    assert [r.technology for r in state.rows] == techs
    assert (state.answered, state.total) == (0, 168)
    assert not state.submitted and state.saved_at is None and not state.pending
    assert all(v is None for r in state.rows for v in r.answers.values())


def test_drafts_are_kept_across_calls_and_the_latest_wins(setup: Setup) -> None:
    db, study_id, techs, crits, expert, other = setup
    save_row(db, study_id, 1, expert, RowDraft(techs[0], {crits[0]: "4", crits[1]: "NA"}))
    save_row(db, study_id, 1, expert, RowDraft(techs[0], {crits[0]: "2"}, comment=" mature "))
    save_row(db, study_id, 1, expert, RowDraft(techs[1], {crits[2]: "5"}))
    state = form_state(db, study_id, 1, expert)
    first = state.row(techs[0])
    assert first.answers[crits[0]] == "2"
    assert first.answers[crits[1]] is None
    assert first.comment == "mature"
    assert state.row(techs[1]).answers[crits[2]] == "5"
    assert state.answered == 2
    assert state.saved_at is not None and state.pending and not state.submitted
    assert form_state(db, study_id, 1, other).answered == 0


def test_a_coi_row_counts_all_its_cells_and_submits_as_coi(setup: Setup) -> None:
    db, study_id, techs, crits, expert, _other = setup
    save_row(db, study_id, 1, expert, RowDraft(techs[3], {crits[0]: "3"}, coi=True))
    state = form_state(db, study_id, 1, expert)
    assert state.row(techs[3]).coi
    assert state.answered == len(crits)
    result = submit_form(db, study_id, 1, expert)
    assert result.changed == len(crits)
    with db.read() as session:
        answers = current_answers(session, study_id, 1, [expert])
    assert {(a.entry.technology, a.entry.status) for a in answers} == {(techs[3], "coi")}
    assert form_state(db, study_id, 1, expert).row(techs[3]).coi


def test_submit_stores_versions_and_a_revision_changes_only_what_changed(setup: Setup) -> None:
    db, study_id, techs, crits, expert, _other = setup
    save_row(db, study_id, 1, expert, RowDraft(techs[0], {crits[0]: "4", crits[1]: "NA"}))
    save_row(db, study_id, 1, expert, RowDraft(techs[1], {crits[0]: "1"}, comment="new"))
    first = submit_form(db, study_id, 1, expert)
    assert (first.changed, first.cleared) == (3, 0)
    state = form_state(db, study_id, 1, expert)
    assert state.submitted and not state.pending and state.answered == 3
    with db.read() as session:
        answers = {
            a.entry.key: (a.entry.status, a.entry.value, a.entry.comment)
            for a in current_answers(session, study_id, 1, [expert])
        }
    assert answers == {
        (techs[0], crits[0]): ("score", 4.0, ""),
        (techs[0], crits[1]): ("na", None, ""),
        (techs[1], crits[0]): ("score", 1.0, "new"),
    }
    save_row(db, study_id, 1, expert, RowDraft(techs[0], {crits[0]: "5", crits[1]: "NA"}))
    assert form_state(db, study_id, 1, expert).pending
    second = submit_form(db, study_id, 1, expert)
    assert (second.changed, second.cleared) == (1, 0)
    with db.read() as session:
        history = cell_history(
            session, study_id, 1, expert_id=expert, technology=techs[0], criterion=crits[0]
        )
        unchanged = cell_history(
            session, study_id, 1, expert_id=expert, technology=techs[1], criterion=crits[0]
        )
    assert [v.entry.value for v in history if v.entry] == [4.0, 5.0]
    assert [v.channel for v in history] == ["web", "web"]
    assert len(unchanged) == 1


def test_a_revision_starts_from_the_submitted_answers(setup: Setup) -> None:
    db, study_id, techs, crits, expert, _other = setup
    save_row(db, study_id, 1, expert, RowDraft(techs[0], {crits[0]: "3"}))
    submit_form(db, study_id, 1, expert)
    with db.write() as session:
        session.query(DraftRow).delete()
    state = form_state(db, study_id, 1, expert)
    assert state.row(techs[0]).answers[crits[0]] == "3"
    assert state.answered == 1 and state.saved_at is None


def test_answers_arriving_after_a_draft_replace_it(setup: Setup) -> None:
    db, study_id, techs, crits, expert, _other = setup
    save_row(db, study_id, 1, expert, RowDraft(techs[0], {crits[0]: "3"}))
    with db.write() as session:
        entries = [CellEntry(techs[0], crits[0], "score", 5.0), CellEntry(techs[1], crits[0], "na")]
        submit(
            session,
            study_id,
            1,
            expert_id=expert,
            entries=entries,
            origin=Origin("file"),
            partial=True,
        )
    state = form_state(db, study_id, 1, expert)
    assert state.row(techs[0]).answers[crits[0]] == "5"
    assert state.row(techs[1]).answers[crits[0]] == "NA"
    assert state.submitted and not state.pending


def test_clearing_a_cell_and_resubmitting_clears_its_version(setup: Setup) -> None:
    db, study_id, techs, crits, expert, _other = setup
    save_row(db, study_id, 1, expert, RowDraft(techs[0], {crits[0]: "3", crits[1]: "2"}))
    submit_form(db, study_id, 1, expert)
    save_row(db, study_id, 1, expert, RowDraft(techs[0], {crits[0]: "3", crits[1]: None}))
    result = submit_form(db, study_id, 1, expert)
    assert (result.changed, result.cleared) == (0, 1)
    assert form_state(db, study_id, 1, expert).answered == 1


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        ({"autonomy": "6"}, "form_bad_value"),
        ({"autonomy": "0"}, "form_bad_value"),
        ({"autonomy": "3.5"}, "form_bad_value"),
        ({"autonomy": "high"}, "form_bad_value"),
        ({"no_such_criterion": "3"}, "form_unknown_criterion"),
    ],
)
def test_bad_values_are_refused_and_not_stored(
    setup: Setup, answers: dict[str, str | None], code: str
) -> None:
    db, study_id, techs, crits, expert, _other = setup
    assert "autonomy" in crits
    with pytest.raises(R57Error) as caught:
        save_row(db, study_id, 1, expert, RowDraft(techs[0], answers))
    assert caught.value.code == code
    with pytest.raises(R57Error) as caught:
        save_row(db, study_id, 1, expert, RowDraft("no_such_tech", {}))
    assert caught.value.code == "form_unknown_technology"
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(DraftRow)) == 0


def test_nothing_answered_is_not_submitted(setup: Setup) -> None:
    db, study_id, _techs, _crits, expert, _other = setup
    with pytest.raises(R57Error) as caught:
        submit_form(db, study_id, 1, expert)
    assert caught.value.code == "form_nothing_answered"


def test_a_closed_round_refuses_drafts_and_submissions(setup: Setup) -> None:
    db, study_id, techs, crits, expert, _other = setup
    save_row(db, study_id, 1, expert, RowDraft(techs[0], {crits[0]: "3"}))
    with db.write() as session:
        row = session.get(RoundRow, (study_id, 1))
        assert row is not None
        row.closed_at = utcnow()
    with pytest.raises(R57Error) as caught:
        save_row(db, study_id, 1, expert, RowDraft(techs[0], {crits[0]: "4"}))
    assert caught.value.code == "study_round_closed"
    with pytest.raises(R57Error) as caught:
        submit_form(db, study_id, 1, expert)
    assert caught.value.code == "study_round_closed"
    assert form_state(db, study_id, 1, expert).row(techs[0]).answers[crits[0]] == "3"
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(ScoreRow)) == 0


def test_a_rows_reasons_and_expertise_are_saved_and_restored(setup: Setup) -> None:
    db, study_id, techs, crits, expert, _other = setup
    row = RowDraft(
        techs[0],
        {crits[0]: "5", crits[1]: "NA"},
        reasons={crits[0]: "  field trials of 2025 ", crits[1]: "   "},
        expertise=3,
    )
    save_row(db, study_id, 1, expert, row)
    restored = form_state(db, study_id, 1, expert).row(techs[0])
    assert restored.reasons == {crits[0]: "field trials of 2025"}  # blank reasons not kept
    assert restored.expertise == 3
    assert form_state(db, study_id, 1, expert).row(techs[1]).expertise is None
    submit_form(db, study_id, 1, expert)
    with db.read() as session:
        answers = {a.entry.criterion: a.entry for a in current_answers(session, study_id, 1)}
    # The score keeps its reason; an NA has none.
    assert answers[crits[0]].reason == "field trials of 2025"
    assert answers[crits[1]].reason == ""
    # No draft since the submission: the form gives the submitted reasons and current level.
    after = form_state(db, study_id, 1, expert).row(techs[0])
    assert (after.reasons, after.expertise, after.answers[crits[0]]) == (
        {crits[0]: "field trials of 2025"},
        3,
        "5",
    )
    with pytest.raises(R57Error) as caught:
        save_row(db, study_id, 1, expert, RowDraft(techs[0], {}, reasons={"nope": "x"}))
    assert caught.value.code == "form_unknown_criterion"
