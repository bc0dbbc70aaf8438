"""A second Delphi round for tests: round 1 closed, round 2 opened and answered by every expert
(the store's round commands are not needed; see tests/test_study_convergence.py)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from r57_mcda.study.answers import current_answers, submit
from r57_mcda.study.db import Database
from r57_mcda.study.entries import CellEntry, Origin
from r57_mcda.study.schema import RoundRow, utcnow

#: A round-2 score from (expert, the round-1 entry): the new value.
Change = Callable[[str, CellEntry], float]


def toward_three(expert: str, entry: CellEntry) -> float:
    """One point toward 3 (the panel converges on a 1-5 scale)."""
    assert entry.value is not None
    value = float(entry.value)
    return value + (1.0 if value < 3 else -1.0 if value > 3 else 0.0)


def add_round(db: Database, study_id: int, change: Change = toward_three) -> int:
    """Close the study's latest round, open the next one and submit every expert's answers of
    the closed round again, each score replaced by ``change`` (NA and COI kept); the new
    round's number."""
    with db.read() as session:
        last = session.scalar(
            select(func.max(RoundRow.number)).where(RoundRow.study_id == study_id)
        )
    assert last is not None
    with db.write() as session:
        row = session.get(RoundRow, (study_id, last))
        assert row is not None
        row.closed_at = utcnow()
        session.add(RoundRow(study_id=study_id, number=last + 1, settings={}))
    with db.read() as session:
        answers = current_answers(session, study_id, last)
    by_expert: dict[str, list[CellEntry]] = {}
    for answer in answers:
        entry = answer.entry
        if entry.status == "score" and entry.value is not None:
            value = change(answer.expert, entry)
            entry = CellEntry(entry.technology, entry.criterion, "score", value, entry.comment)
        by_expert.setdefault(answer.expert, []).append(entry)
    with db.write() as session:
        for expert, entries in by_expert.items():
            submit(
                session,
                study_id,
                last + 1,
                expert_id=expert,
                entries=entries,
                origin=Origin("web"),
                partial=False,
            )
    return last + 1
