"""A second Delphi round for tests: round 1 closed, round 2 opened and answered by every expert
(the store's round commands are not needed; see tests/test_study_convergence.py); or a round 2
that requires reasons, where two experts give one each."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from r57_mcda.io.bundled import sample_paths
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


#: The reasons :func:`reasons_round` gives: (expert, technology, criterion, reason); the first
#: starts with "=" (a report must write it as text, not as a formula).
REASONS = (
    ("sci_01", "ai_digital_twin", "autonomy", "=Our lab already builds these twins."),
    ("ind_01", "semiconductors", "spillover", "Local suppliers are too few."),
)


def sample_quartiles(technology: str, criterion: str) -> tuple[float, float]:
    """numpy's linear Q1 and Q3 of one cell of the sample's long score file (round 1)."""
    frame = pd.read_csv(sample_paths()["scores"], dtype=str, keep_default_na=False)
    cell = frame[(frame["technology"] == technology) & (frame["criterion"] == criterion)]
    scores = pd.to_numeric(cell["score"], errors="coerce").dropna().to_numpy()
    q1, q3 = np.quantile(scores, [0.25, 0.75])
    return float(q1), float(q3)


def reasons_round(db: Database, study_id: int) -> list[tuple[str, str, str, float, str]]:
    """Close round 1 of the sample study, open round 2 requiring reasons, and have the experts
    of :data:`REASONS` answer it again with one score moved strictly outside round 1's
    [Q1, Q3] and a reason each; (expert, technology, criterion, score, reason) of each."""
    from r57_mcda.study.rounds import close_round, open_next_round

    close_round(db, study_id)
    open_next_round(db, study_id, require_reasons=True)
    given = []
    for expert, technology, criterion, reason in REASONS:
        q1, q3 = sample_quartiles(technology, criterion)
        score = 5.0 if q3 < 5 else 1.0
        assert score > q3 or score < q1
        with db.read() as session:
            entries = [a.entry for a in current_answers(session, study_id, 1, [expert])]
        moved = CellEntry(technology, criterion, "score", score, reason=reason)
        entries = [moved if e.key == moved.key else e for e in entries]
        with db.write() as session:
            submit(
                session,
                study_id,
                2,
                expert_id=expert,
                entries=entries,
                origin=Origin("web"),
                partial=False,
            )
        given.append((expert, technology, criterion, score, reason))
    return given
