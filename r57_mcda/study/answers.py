"""Experts' answers: storing a submission as new versions of its cells, and reading the
current answers (the latest version of each cell) and a cell's history.

A cell a submission answers differently from its current version gets a new version;
unchanged cells keep theirs. A web-form submission is the expert's whole answer for the round
(the form shows every current answer), so a cell answered before and left empty now gets a
``cleared`` version. An imported file only adds and revises the cells it answers
(``partial``): a blank cell of a returned workbook leaves the current answer as it is (an
older workbook never wipes answers given since). Nothing is updated in place.

A cell's version carries the expert's reason (:attr:`CellEntry.reason`); a revision of the
reason alone is a new version. A submission can also carry the expert's self-rated expertise
per technology (:mod:`r57_mcda.study.expertise`), stored the same way: only changed levels get
a new version, a whole (web) answer withdraws the levels it no longer gives, a partial one
(an import) only adds and revises.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, insert, select
from sqlalchemy.orm import Session

from r57_mcda.errors import R57Error
from r57_mcda.study.entries import CellEntry, Origin, Status
from r57_mcda.study.events import log_event
from r57_mcda.study.expertise import checked_levels, store_expertise
from r57_mcda.study.schema import RoundRow, ScoreRow, SubmissionRow, as_utc

#: The status of a version that withdraws an earlier answer.
CLEARED = "cleared"


@dataclass(frozen=True)
class StoredAnswer:
    """A cell's current answer with who gave it and when."""

    expert: str
    entry: CellEntry
    version_id: int


@dataclass(frozen=True)
class Version:
    """One version of a cell: its answer (None when cleared), when and from where."""

    entry: CellEntry | None
    at: datetime
    channel: str
    file_name: str
    sha256: str


@dataclass(frozen=True)
class SubmissionResult:
    """What a submission stored: its id, the cells it changed and cleared, and the expertise
    levels it changed (withdrawals included)."""

    submission_id: int
    changed: int
    cleared: int
    expertise: int = 0


def open_round(session: Session, study_id: int, round_no: int) -> RoundRow:
    """The round, which must exist and be open (answers are refused once it closed)."""
    row = session.get(RoundRow, (study_id, round_no))
    if row is None:
        raise R57Error("study_no_such_round", study=study_id, round=round_no, last="-")
    if row.closed_at is not None:
        raise R57Error("study_round_closed", study=study_id, round=round_no)
    return row


def _entry(row: ScoreRow) -> CellEntry | None:
    if row.status == CLEARED:
        return None
    status: Status = row.status  # type: ignore[assignment]
    return CellEntry(
        row.technology_id,
        row.criterion_id,
        status,
        row.value,
        row.comment,
        row.confidence,
        row.reason,
    )


def _latest_ids(study_id: int, round_no: int, experts: Sequence[str] | None = None) -> object:
    query = select(func.max(ScoreRow.id)).where(
        ScoreRow.study_id == study_id, ScoreRow.round_no == round_no
    )
    if experts is not None:
        query = query.where(ScoreRow.expert_id.in_(list(experts)))
    return query.group_by(ScoreRow.expert_id, ScoreRow.technology_id, ScoreRow.criterion_id)


def current_answers(
    session: Session, study_id: int, round_no: int, experts: Sequence[str] | None = None
) -> list[StoredAnswer]:
    """The current answer of every answered cell of the round (of ``experts`` if given)."""
    latest = _latest_ids(study_id, round_no, experts)
    rows = session.scalars(
        select(ScoreRow).where(ScoreRow.id.in_(latest)).order_by(ScoreRow.id)  # type: ignore[arg-type]
    ).all()
    found = []
    for row in rows:
        entry = _entry(row)
        if entry is not None:
            found.append(StoredAnswer(row.expert_id, entry, row.id))
    return found


def submit(
    session: Session,
    study_id: int,
    round_no: int,
    *,
    expert_id: str,
    entries: Iterable[CellEntry],
    origin: Origin,
    partial: bool,
    expertise: Mapping[str, int | None] | None = None,
) -> SubmissionResult:
    """Store ``entries`` as the expert's answers for the round (in the caller's transaction):
    their whole answer, or with ``partial`` only the cells they answer (see the module).

    ``expertise`` maps technology id to a level 1-5 (None withdraws it): the expert's whole
    answer, or with ``partial`` only the technologies given; None leaves their levels as they
    are (expertise is not part of this submission).

    Raises
    ------
    R57Error
        ``study_no_such_round``, ``study_round_closed``; ``xpstore_level_invalid`` for a level
        outside 1-5 (before anything is stored).
    """
    open_round(session, study_id, round_no)
    levels = None if expertise is None else checked_levels(expertise)
    wanted = {e.key: e for e in entries}
    before = {
        a.entry.key: a.entry for a in current_answers(session, study_id, round_no, [expert_id])
    }
    submission = SubmissionRow(
        study_id=study_id,
        round_no=round_no,
        expert_id=expert_id,
        channel=origin.channel,
        file_name=origin.file_name,
        sha256=origin.sha256,
    )
    session.add(submission)
    session.flush()
    base = {
        "submission_id": submission.id,
        "study_id": study_id,
        "round_no": round_no,
        "expert_id": expert_id,
    }
    rows = [_row(base, key, e) for key, e in wanted.items() if before.get(key) != e]
    cleared = [] if partial else [_row(base, key, None) for key in before if key not in wanted]
    if rows or cleared:
        session.execute(insert(ScoreRow), rows + cleared)
    expertise_rows = 0
    if levels is not None:
        expertise_rows = store_expertise(session, base, levels, partial=partial)
    log_event(
        session,
        study_id,
        "submission",
        round_no=round_no,
        expert_id=expert_id,
        details={
            "channel": origin.channel,
            "file": origin.file_name,
            "sha256": origin.sha256,
            "answered": len(wanted),
            "changed": len(rows),
            "cleared": len(cleared),
            "partial": partial,
            "expertise": 0 if levels is None else sum(v is not None for v in levels.values()),
        },
    )
    return SubmissionResult(submission.id, len(rows), len(cleared), expertise_rows)


def _row(
    base: dict[str, object], key: tuple[str, str], entry: CellEntry | None
) -> dict[str, object]:
    return {
        **base,
        "technology_id": key[0],
        "criterion_id": key[1],
        "status": CLEARED if entry is None else entry.status,
        "value": None if entry is None else entry.value,
        "comment": "" if entry is None else entry.comment,
        "confidence": None if entry is None else entry.confidence,
        "reason": "" if entry is None else entry.reason,
    }


def cell_history(
    session: Session,
    study_id: int,
    round_no: int,
    *,
    expert_id: str,
    technology: str,
    criterion: str,
) -> list[Version]:
    """Every version of one cell, oldest first, with when and from where it came."""
    rows = session.execute(
        select(ScoreRow, SubmissionRow)
        .join(SubmissionRow, SubmissionRow.id == ScoreRow.submission_id)
        .where(
            and_(
                ScoreRow.study_id == study_id,
                ScoreRow.round_no == round_no,
                ScoreRow.expert_id == expert_id,
                ScoreRow.technology_id == technology,
                ScoreRow.criterion_id == criterion,
            )
        )
        .order_by(ScoreRow.id)
    ).all()
    return [
        Version(_entry(score), as_utc(sub.at), sub.channel, sub.file_name, sub.sha256)
        for score, sub in rows
    ]


def submitted_experts(session: Session, study_id: int, round_no: int) -> dict[str, datetime]:
    """Each expert who submitted in the round, with the time of their last submission."""
    rows = session.execute(
        select(SubmissionRow.expert_id, func.max(SubmissionRow.at))
        .where(SubmissionRow.study_id == study_id, SubmissionRow.round_no == round_no)
        .group_by(SubmissionRow.expert_id)
    ).all()
    return {expert: as_utc(at) for expert, at in rows}


def file_already_imported(session: Session, study_id: int, round_no: int, sha256: str) -> bool:
    """Whether a file with this SHA-256 was already imported into the round."""
    found = session.scalar(
        select(func.count())
        .select_from(SubmissionRow)
        .where(
            SubmissionRow.study_id == study_id,
            SubmissionRow.round_no == round_no,
            SubmissionRow.sha256 == sha256,
        )
    )
    return bool(found)
