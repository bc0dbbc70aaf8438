"""Self-rated expertise (issue 11): levels read and checked, stored with round 1's submission as
versions, withdrawn by a whole (web) answer without them, kept by a partial import, counting in
every later round's data; and the canonical long form, whose bytes do not change for a study
without expertise. Every test runs on SQLite and, when R57_TEST_POSTGRES_URL is set, PostgreSQL."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator, Sequence

import pytest
from sqlalchemy import func, select

from r57_mcda.errors import R57Error
from r57_mcda.study.answers import submit
from r57_mcda.study.db import Database
from r57_mcda.study.drafts import RowDraft, form_state, save_row, submit_form
from r57_mcda.study.entries import CellEntry, Origin
from r57_mcda.study.events import read_events
from r57_mcda.study.expertise import (
    EXPERTISE_LEVELS,
    current_expertise,
    expertise_asked,
    expertise_level,
)
from r57_mcda.study.inputs import round_data, study_data
from r57_mcda.study.schema import ExpertiseRow
from r57_mcda.study.studies import Study, load_study
from tests.helpers.databases import db_url as db_url_fixture  # noqa: F401
from tests.helpers.rounds import add_round
from tests.helpers.studies import sample_study

WEB = Origin("web")
WORKBOOK = Origin("workbook", "sci_01.xlsx", "0" * 64)

#: The SHA-256 of the sample study's round-1 canonical scores, as the long form was before the
#: expertise column existed (computed with that version of ``canonical_scores``).
SAMPLE_ROUND1_SHA256 = "a9b60b7968451958d2ada3d378966a955b9e4e6eac135a15c5e0d1323eb37fbe"


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    store = Database(db_url)
    yield store
    store.close()


def _rows(db: Database) -> list[tuple[int, str, str, int | None]]:
    with db.read() as session:
        found = session.execute(
            select(
                ExpertiseRow.round_no,
                ExpertiseRow.expert_id,
                ExpertiseRow.technology_id,
                ExpertiseRow.level,
            ).order_by(ExpertiseRow.id)
        ).all()
    return [tuple(r) for r in found]  # type: ignore[misc]


def _rate(
    db: Database,
    study_id: int,
    round_no: int,
    expert: str,
    levels: dict[str, int | None] | None,
    entries: Sequence[CellEntry] = (),
    *,
    whole: bool = False,
) -> None:
    """``expert`` submits ``levels`` with ``entries``: from the web as their whole answer with
    ``whole``, else as a partial import."""
    with db.write() as session:
        submit(
            session,
            study_id,
            round_no,
            expert_id=expert,
            entries=entries,
            origin=WEB if whole else WORKBOOK,
            partial=not whole,
            expertise=levels,
        )


def _levels(db: Database, study_id: int, round_no: int) -> dict[tuple[str, str], int]:
    with db.read() as session:
        return current_expertise(session, study_id, round_no)


def test_levels_are_read_from_text_and_numbers_and_anything_else_is_refused() -> None:
    assert EXPERTISE_LEVELS == (1, 2, 3, 4, 5)
    assert [expertise_asked(n) for n in (1, 2, 3)] == [True, False, False]
    assert [expertise_level(v) for v in ("", "  ", None, float("nan"))] == [None] * 4
    assert [expertise_level(v) for v in ("3", " 4 ", 3, 3.0, "5.0", 1)] == [3, 4, 3, 3, 5, 1]
    for bad in ("6", 0, 2.5, "abc", True, "-1", [3]):
        with pytest.raises(R57Error) as caught:
            expertise_level(bad, technology="quantum")
        assert caught.value.code == "xpstore_level_invalid"
        assert caught.value.params["technology"] == "quantum"
        assert "quantum" in caught.value.text("vi")


def _round1_web(db: Database) -> tuple[Study, list[str], list[str], str]:
    """The sample study; its first expert answers two technologies in the web form with levels
    4 and 2, and gives level 5 to a third technology whose row has no answer."""
    study = load_study(db, sample_study(db))
    techs = [x.id for x in study.technologies]
    crits = list(study.criteria.ids)
    expert = study.experts[0].id
    save_row(db, study.id, 1, expert, RowDraft(techs[0], {crits[0]: "4"}, expertise=4))
    save_row(db, study.id, 1, expert, RowDraft(techs[1], {crits[0]: "2"}, expertise=2))
    save_row(db, study.id, 1, expert, RowDraft(techs[2], {}, expertise=5))
    return study, techs, crits, expert


def test_round_one_levels_are_stored_and_a_web_resubmission_without_them_withdraws(
    db: Database,
) -> None:
    study, techs, crits, expert = _round1_web(db)
    first = submit_form(db, study.id, 1, expert)
    assert (first.changed, first.expertise) == (2, 3)
    assert _levels(db, study.id, 1) == {
        (expert, techs[0]): 4,
        (expert, techs[1]): 2,
        (expert, techs[2]): 5,
    }
    with db.read() as session:
        details = [e.details for e in read_events(session, study.id) if e.kind == "submission"]
    assert details[-1]["expertise"] == 3
    # The form shows the current levels after the submission.
    state = form_state(db, study.id, 1, expert)
    assert [state.row(t).expertise for t in techs[:4]] == [4, 2, 5, None]
    # The same answer again stores nothing new.
    assert submit_form(db, study.id, 1, expert).expertise == 0
    # The second technology's level removed: the whole (web) answer withdraws it.
    save_row(db, study.id, 1, expert, RowDraft(techs[1], {crits[0]: "2"}))
    third = submit_form(db, study.id, 1, expert)
    assert (third.changed, third.expertise) == (0, 1)
    assert _levels(db, study.id, 1) == {(expert, techs[0]): 4, (expert, techs[2]): 5}
    assert _rows(db) == [
        (1, expert, techs[0], 4),
        (1, expert, techs[1], 2),
        (1, expert, techs[2], 5),
        (1, expert, techs[1], None),
    ]
    assert form_state(db, study.id, 1, expert).row(techs[1]).expertise is None


def test_a_partial_import_keeps_the_levels_it_does_not_give(db: Database) -> None:
    study, techs, crits, expert = _round1_web(db)
    submit_form(db, study.id, 1, expert)
    with db.write() as session:
        result = submit(
            session,
            study.id,
            1,
            expert_id=expert,
            entries=[CellEntry(techs[3], crits[0], "score", 3.0)],
            origin=WORKBOOK,
            partial=True,
            expertise={techs[3]: 1, techs[0]: 4, techs[2]: None},
        )
    # techs[0] unchanged (4), techs[3] new, techs[2] withdrawn, techs[1] not given: kept.
    assert result.expertise == 2
    assert _levels(db, study.id, 1) == {
        (expert, techs[0]): 4,
        (expert, techs[1]): 2,
        (expert, techs[3]): 1,
    }
    # A submission without expertise (None) leaves every level as it is.
    _rate(db, study.id, 1, expert, None, [CellEntry(techs[0], crits[0], "score", 4.0)], whole=True)
    assert len(_levels(db, study.id, 1)) == 3


def test_an_invalid_level_is_refused_and_nothing_is_stored(db: Database) -> None:
    study, techs, crits, expert = _round1_web(db)
    entries = [CellEntry(techs[0], crits[0], "score", 4.0)]
    with pytest.raises(R57Error) as caught:
        _rate(db, study.id, 1, expert, {techs[0]: 6}, entries, whole=True)
    assert caught.value.code == "xpstore_level_invalid"
    assert caught.value.params == {"technology": techs[0], "value": 6}
    assert _rows(db) == []
    with db.read() as session:
        assert not [e for e in read_events(session, study.id) if e.kind == "submission"]
    with pytest.raises(R57Error) as draft:
        save_row(db, study.id, 1, expert, RowDraft(techs[0], {}, expertise=0))
    assert draft.value.code == "xpstore_level_invalid"


def test_round_one_levels_count_in_later_rounds_and_a_revision_from_its_round_on(
    db: Database,
) -> None:
    study_id = sample_study(db, import_scores=True)
    study = load_study(db, study_id)
    techs = [x.id for x in study.technologies]
    expert, other = study.experts[0].id, study.experts[1].id
    _rate(db, study_id, 1, expert, {techs[0]: 4, techs[1]: 2})
    assert add_round(db, study_id) == 2
    # Round 2 does not ask: a draft's level is not submitted there.
    row = form_state(db, study_id, 2, expert).rows[0]
    assert row.expertise == 4  # the level counting in round 2, shown in the form
    save_row(db, study_id, 2, other, RowDraft(techs[0], dict(row.answers), expertise=1))
    submit_form(db, study_id, 2, other)
    assert _levels(db, study_id, 2) == {(expert, techs[0]): 4, (expert, techs[1]): 2}
    # A revision in round 2 counts from round 2 on; round 1's data keep the old level.
    _rate(db, study_id, 2, expert, {techs[1]: 3})
    assert add_round(db, study_id) == 3
    expected = {1: {techs[0]: 4, techs[1]: 2}, 2: {techs[0]: 4, techs[1]: 3}}
    expected[3] = expected[2]
    with db.read() as session:
        for number in (1, 2, 3):
            answers = round_data(session, study, number)
            assert answers, number
            for a in answers:
                want = expected[number].get(a.entry.technology) if a.expert == expert else None
                assert a.expertise == want, (number, a.key)


def _long_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def test_the_canonical_form_has_an_expertise_column_only_when_a_level_was_given(
    db: Database,
) -> None:
    study_id = sample_study(db, import_scores=True)
    before = study_data(db, study_id)
    assert hashlib.sha256(before.files[-1].content).hexdigest() == SAMPLE_ROUND1_SHA256
    assert before.ref.scores_sha256 == SAMPLE_ROUND1_SHA256
    assert before.files[-1].content.split(b"\n")[0] == (
        b"expert,technology,criterion,score,confidence,comment,round"
    )
    study = load_study(db, study_id)
    expert, tech = study.experts[0].id, study.technologies[0].id
    _rate(db, study_id, 1, expert, {tech: 5})
    after = study_data(db, study_id)
    content = after.files[-1].content
    assert content.split(b"\n")[0] == (
        b"expert,technology,criterion,score,confidence,comment,expertise,round"
    )
    assert after.ref.scores_sha256 == hashlib.sha256(content).hexdigest() != SAMPLE_ROUND1_SHA256
    old, new = _long_rows(before.files[-1].content), _long_rows(content)
    assert len(old) == len(new)
    for was, now in zip(old, new, strict=True):
        level = "5" if (now["expert"], now["technology"]) == (expert, tech) else ""
        assert now == {**was, "expertise": level}
    assert sum(r["expertise"] == "5" for r in new) == sum(
        (r["expert"], r["technology"]) == (expert, tech) for r in old
    )
    # Withdrawn again: the bytes are those of before.
    _rate(db, study_id, 1, expert, {tech: None})
    assert study_data(db, study_id).ref.scores_sha256 == SAMPLE_ROUND1_SHA256


def test_no_level_row_is_written_for_a_submission_without_expertise(db: Database) -> None:
    study_id = sample_study(db, import_scores=True)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(ExpertiseRow)) == 0
        details = [e.details for e in read_events(session, study_id) if e.kind == "submission"]
    assert details and all(d["expertise"] == 0 for d in details)
