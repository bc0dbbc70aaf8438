"""Where a study's round stands, expert by expert (invited, cells answered, drafts,
submissions, last activity), and every expert's scoring workbook in one zip file.

The status is computed with a handful of GROUP BY queries, whatever the size of the panel:
the counts of current answers come from the database, never from Python loops over cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.orm import Session

from r57_mcda.study.answers import CLEARED, submitted_experts
from r57_mcda.study.db import Database
from r57_mcda.study.issue import issue_templates, zip_workbooks
from r57_mcda.study.schema import DraftRow, EventRow, ScoreRow, TokenRow, as_utc
from r57_mcda.study.studies import read_study

#: The event that records a scoring workbook made for an expert.
TEMPLATE_EVENT = "template_issued"


@dataclass(frozen=True)
class ExpertStatus:
    """Where one expert stands in a round.

    ``scored``, ``na`` and ``coi`` count the expert's current answers by status (a cleared
    cell counts in none); ``total`` is the number of cells each expert is asked to score.
    ``drafted`` says the web form holds a draft saved after the expert's last submission.
    """

    expert_id: str
    name: str
    group: str
    lang: str
    email: str
    link: bool
    template: bool
    scored: int
    na: int
    coi: int
    total: int
    drafted: bool
    submitted: bool
    submitted_at: datetime | None
    #: The expert's own latest action: a draft saved or answers submitted (what the
    #: secretariat did, such as sending a workbook, does not count).
    last_activity: datetime | None

    @property
    def invited(self) -> bool:
        """Whether the expert was sent something to answer with (a link or a workbook)."""
        return self.link or self.template

    def as_dict(self) -> dict[str, Any]:
        """The status as JSON-ready data (times in ISO 8601, UTC)."""
        return {
            "expert_id": self.expert_id,
            "name": self.name,
            "group": self.group,
            "lang": self.lang,
            "email": self.email,
            "link": self.link,
            "template": self.template,
            "scored": self.scored,
            "na": self.na,
            "coi": self.coi,
            "total": self.total,
            "drafted": self.drafted,
            "submitted": self.submitted,
            "submitted_at": _iso(self.submitted_at),
            "last_activity": _iso(self.last_activity),
        }


@dataclass(frozen=True)
class StudyStatus:
    """Where a study's round stands: its experts' statuses and how many submitted."""

    study_id: int
    name: str
    round_no: int
    round_open: bool
    deadline: date | None
    experts: tuple[ExpertStatus, ...]
    submitted: int
    invited: int

    def as_dict(self) -> dict[str, Any]:
        """The status as JSON-ready data (dates and times in ISO 8601)."""
        return {
            "study_id": self.study_id,
            "name": self.name,
            "round": self.round_no,
            "round_open": self.round_open,
            "deadline": None if self.deadline is None else self.deadline.isoformat(),
            "submitted": self.submitted,
            "invited": self.invited,
            "experts": [e.as_dict() for e in self.experts],
        }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else as_utc(moment).isoformat()


def _answer_counts(session: Session, study_id: int, round_no: int) -> dict[str, dict[str, int]]:
    """Per expert, the number of current answers by status (one query).

    The current version of a cell is its latest (highest id). PostgreSQL picks it with
    ``DISTINCT ON`` over the cell index (which also holds the status, so the table itself is
    not read); SQLite joins the latest ids, which its planner does best.
    """
    where = (ScoreRow.study_id == study_id, ScoreRow.round_no == round_no)
    cell = (ScoreRow.expert_id, ScoreRow.technology_id, ScoreRow.criterion_id)
    if session.get_bind().dialect.name == "postgresql":
        current = (
            select(ScoreRow.expert_id, ScoreRow.status)
            .where(*where)
            .ext(distinct_on(*cell))
            .order_by(*cell, ScoreRow.id.desc())
            .subquery()
        )
        query = (
            select(current.c.expert_id, current.c.status, func.count())
            .where(current.c.status != CLEARED)
            .group_by(current.c.expert_id, current.c.status)
        )
    else:
        latest = select(func.max(ScoreRow.id).label("id")).where(*where).group_by(*cell).subquery()
        query = (
            select(ScoreRow.expert_id, ScoreRow.status, func.count())
            .join(latest, ScoreRow.id == latest.c.id)
            .where(ScoreRow.status != CLEARED)
            .group_by(ScoreRow.expert_id, ScoreRow.status)
        )
    rows = session.execute(query).all()
    counts: dict[str, dict[str, int]] = {}
    for expert, status, n in rows:
        counts.setdefault(expert, {})[status] = int(n)
    return counts


def _latest_drafts(session: Session, study_id: int, round_no: int) -> dict[str, datetime]:
    rows = session.execute(
        select(DraftRow.expert_id, func.max(DraftRow.at))
        .where(DraftRow.study_id == study_id, DraftRow.round_no == round_no)
        .group_by(DraftRow.expert_id)
    ).all()
    return {expert: as_utc(at) for expert, at in rows}


def _templated(session: Session, study_id: int, round_no: int) -> set[str]:
    rows = session.scalars(
        select(EventRow.expert_id)
        .where(
            EventRow.study_id == study_id,
            EventRow.round_no == round_no,
            EventRow.kind == TEMPLATE_EVENT,
        )
        .distinct()
    ).all()
    return {expert for expert in rows if expert is not None}


def _linked(session: Session, study_id: int) -> set[str]:
    rows = session.scalars(
        select(TokenRow.expert_id)
        .where(TokenRow.study_id == study_id, TokenRow.revoked_at.is_(None))
        .distinct()
    ).all()
    return set(rows)


def _latest(*moments: datetime | None) -> datetime | None:
    present = [m for m in moments if m is not None]
    return max(present) if present else None


def study_status(db: Database, study_id: int, round_no: int | None = None) -> StudyStatus:
    """The status of every expert of the study in round ``round_no`` (default: the latest).

    Raises
    ------
    R57Error
        An unknown study or round.
    """
    with db.read() as session:
        study = read_study(session, study_id, db.shown_url)
        info = study.round(round_no)
        number = info.number
        counts = _answer_counts(session, study_id, number)
        submitted = submitted_experts(session, study_id, number)
        drafts = _latest_drafts(session, study_id, number)
        templated = _templated(session, study_id, number)
        linked = _linked(session, study_id)
    experts = []
    for e in study.experts:
        mine = counts.get(e.id, {})
        submitted_at = submitted.get(e.id)
        draft_at = drafts.get(e.id)
        experts.append(
            ExpertStatus(
                expert_id=e.id,
                name=e.name,
                group=e.group,
                lang=e.lang,
                email=e.email,
                link=e.id in linked,
                template=e.id in templated,
                scored=mine.get("score", 0),
                na=mine.get("na", 0),
                coi=mine.get("coi", 0),
                total=study.cells,
                drafted=draft_at is not None and (submitted_at is None or draft_at > submitted_at),
                submitted=submitted_at is not None,
                submitted_at=submitted_at,
                last_activity=_latest(submitted_at, draft_at),
            )
        )
    return StudyStatus(
        study_id=study.id,
        name=study.name,
        round_no=number,
        round_open=info.is_open,
        deadline=study.deadline,
        experts=tuple(experts),
        submitted=sum(x.submitted for x in experts),
        invited=sum(x.invited for x in experts),
    )


def templates_zip(
    db: Database, study_id: int, round_no: int | None = None, *, lang: str | None = None
) -> bytes:
    """Every expert's scoring workbook for the round, as the bytes of a zip file.

    Each workbook is ``<expert id>.xlsx``, in the expert's own language unless ``lang`` is
    given, prefilled with their current answers and signed for the study, round and expert
    (:func:`r57_mcda.study.issue.issue_templates`, which logs one ``template_issued`` event
    per expert).

    Raises
    ------
    R57Error
        An unknown study or round, a closed round, or a criterion without a whole-number scale.
    """
    return zip_workbooks(issue_templates(db, study_id, round_no, lang=lang))
