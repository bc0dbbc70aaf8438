"""The study's append-only event log: what happened, when, to whom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from r57_mcda.study.schema import EventRow, as_utc

#: The kinds of event a study records.
EVENT_KINDS: tuple[str, ...] = (
    "created",
    "template_issued",
    "link_issued",
    "link_rotated",
    "submission",
    "import",
    "import_rejected",
    "import_duplicate",
    "round_opened",
    "round_closed",
    "settings_changed",
)


@dataclass(frozen=True)
class Event:
    """One entry of the log."""

    id: int
    at: datetime
    kind: str
    round_no: int | None
    expert_id: str | None
    details: dict[str, Any]


def log_event(
    session: Session,
    study_id: int,
    kind: str,
    *,
    round_no: int | None = None,
    expert_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append an event to the study's log (in the caller's transaction)."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown event kind {kind!r}")
    session.add(
        EventRow(
            study_id=study_id,
            kind=kind,
            round_no=round_no,
            expert_id=expert_id,
            details=details or {},
        )
    )


def read_events(session: Session, study_id: int) -> list[Event]:
    """The study's events, oldest first."""
    rows = session.scalars(
        select(EventRow).where(EventRow.study_id == study_id).order_by(EventRow.id)
    ).all()
    return [
        Event(r.id, as_utc(r.at), r.kind, r.round_no, r.expert_id, dict(r.details)) for r in rows
    ]


def latest_event_id(session: Session, study_id: int) -> int:
    """The id of the study's latest event (0 for none): it changes with every submission,
    import, round opened or closed and rule changed, so it keys what depends on them."""
    from sqlalchemy import func

    found = session.scalar(select(func.max(EventRow.id)).where(EventRow.study_id == study_id))
    return int(found or 0)
