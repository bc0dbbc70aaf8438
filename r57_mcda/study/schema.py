"""The study store's tables (SQLAlchemy 2 declarative models); Alembic migrations create them.

Nothing here is updated in place except a round's closing time and a token's revocation time:
scores, drafts, expertise levels, submissions and events are append-only. A cell's current
value is its latest version (the highest ``id``) in its round; an expert's self-rated expertise
on a technology is its latest version in the rounds up to the one read.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Constraint names are spelled out so that migrations name them the same on every database.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Lengths of the id columns (ids are short snake_case; names are free text).
ID = 100
NAME = 300


def utcnow() -> datetime:
    """The current time in UTC, as every row records it."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A stored time as an aware UTC time (SQLite gives it back without its zone)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """The declarative base of the store's tables."""

    metadata = MetaData(naming_convention=NAMING)


class StudyRow(Base):
    """A study: its name, its criteria set as loaded (bytes and SHA-256) and its secret."""

    __tablename__ = "studies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(NAME))
    criteria_set: Mapped[str] = mapped_column(String(ID))
    criteria_file: Mapped[str] = mapped_column(String(NAME))
    criteria_content: Mapped[bytes] = mapped_column(LargeBinary)
    criteria_sha256: Mapped[str] = mapped_column(String(64))
    #: Keys the signature of the scoring workbooks made for this study (never shown).
    secret: Mapped[bytes] = mapped_column(LargeBinary)
    deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: The study's stated rules (the Delphi stopping rule, the consensus share): revision 0002.
    settings: Mapped[dict[str, Any]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )


class TechnologyRow(Base):
    """A candidate technology of a study, in the order given."""

    __tablename__ = "technologies"

    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(NAME))
    name_vi: Mapped[str] = mapped_column(String(NAME), default="")
    group: Mapped[str] = mapped_column(String(ID), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    budget: Mapped[float | None] = mapped_column(Float, nullable=True)
    group_name: Mapped[str] = mapped_column(String(NAME), default="")
    group_name_vi: Mapped[str] = mapped_column(String(NAME), default="")


class ExpertRow(Base):
    """A panel member: stakeholder group, language of their forms, optional e-mail."""

    __tablename__ = "experts"

    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(NAME))
    group: Mapped[str] = mapped_column(String(ID), default="")
    group_name: Mapped[str] = mapped_column(String(NAME), default="")
    group_name_vi: Mapped[str] = mapped_column(String(NAME), default="")
    lang: Mapped[str] = mapped_column(String(8), default="en")
    email: Mapped[str] = mapped_column(String(NAME), default="")


class RoundRow(Base):
    """A round of scoring; round 1 opens with the study. ``settings`` is for later rounds."""

    __tablename__ = "rounds"

    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SubmissionRow(Base):
    """One expert's answers arriving: from the web form, a workbook or a score file."""

    __tablename__ = "submissions"
    __table_args__ = (
        ForeignKeyConstraint(["study_id", "expert_id"], ["experts.study_id", "experts.id"]),
        ForeignKeyConstraint(["study_id", "round_no"], ["rounds.study_id", "rounds.number"]),
        Index(None, "study_id", "round_no", "sha256"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    study_id: Mapped[int] = mapped_column(Integer)
    round_no: Mapped[int] = mapped_column(Integer)
    expert_id: Mapped[str] = mapped_column(String(ID))
    channel: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str] = mapped_column(String(NAME), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ScoreRow(Base):
    """One version of one cell. ``status`` is score/na/coi, or ``cleared`` when a later
    submission no longer answers a cell an earlier one did."""

    __tablename__ = "scores"
    __table_args__ = (
        ForeignKeyConstraint(["study_id", "expert_id"], ["experts.study_id", "experts.id"]),
        ForeignKeyConstraint(
            ["study_id", "technology_id"], ["technologies.study_id", "technologies.id"]
        ),
        # Covers "the latest version of every cell, with its status" (the status page).
        Index(
            "ix_scores_cell_versions",
            "study_id",
            "round_no",
            "expert_id",
            "technology_id",
            "criterion_id",
            "id",
            "status",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    study_id: Mapped[int] = mapped_column(Integer)
    round_no: Mapped[int] = mapped_column(Integer)
    expert_id: Mapped[str] = mapped_column(String(ID))
    technology_id: Mapped[str] = mapped_column(String(ID))
    criterion_id: Mapped[str] = mapped_column(String(ID))
    status: Mapped[str] = mapped_column(String(8))
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    #: The expert's reason for a score outside the previous round's IQR: revision 0003.
    reason: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))


class ExpertiseRow(Base):
    """One version of an expert's self-rated expertise on a technology (1-5), given with a
    submission; ``level`` None withdraws an earlier level. Revision 0003."""

    __tablename__ = "expertise"
    __table_args__ = (
        ForeignKeyConstraint(["study_id", "expert_id"], ["experts.study_id", "experts.id"]),
        ForeignKeyConstraint(
            ["study_id", "technology_id"], ["technologies.study_id", "technologies.id"]
        ),
        Index("ix_expertise_versions", "study_id", "expert_id", "technology_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    study_id: Mapped[int] = mapped_column(Integer)
    round_no: Mapped[int] = mapped_column(Integer)
    expert_id: Mapped[str] = mapped_column(String(ID))
    technology_id: Mapped[str] = mapped_column(String(ID))
    level: Mapped[int | None] = mapped_column(Integer, nullable=True)


class DraftRow(Base):
    """A web form's draft of one technology's row, saved as the expert goes (append-only):
    ``answers`` maps criterion id to "4", "NA" or null (cleared); ``reasons`` criterion id to
    the reason given for that cell; ``expertise`` the self-rated level (1-5) of round 1."""

    __tablename__ = "drafts"
    __table_args__ = (
        ForeignKeyConstraint(["study_id", "expert_id"], ["experts.study_id", "experts.id"]),
        Index("ix_drafts_row_versions", "study_id", "round_no", "expert_id", "technology_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    study_id: Mapped[int] = mapped_column(Integer)
    round_no: Mapped[int] = mapped_column(Integer)
    expert_id: Mapped[str] = mapped_column(String(ID))
    technology_id: Mapped[str] = mapped_column(String(ID))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    coi: Mapped[bool] = mapped_column(default=False)
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reasons: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    expertise: Mapped[int | None] = mapped_column(Integer, nullable=True)


class TokenRow(Base):
    """An expert's personal link: only the SHA-256 of its token is kept."""

    __tablename__ = "tokens"
    __table_args__ = (
        ForeignKeyConstraint(["study_id", "expert_id"], ["experts.study_id", "experts.id"]),
        UniqueConstraint("token_hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    study_id: Mapped[int] = mapped_column(Integer)
    expert_id: Mapped[str] = mapped_column(String(ID))
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class EventRow(Base):
    """The append-only log of what happened in a study."""

    __tablename__ = "events"
    __table_args__ = (Index(None, "study_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    kind: Mapped[str] = mapped_column(String(32))
    round_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    expert_id: Mapped[str | None] = mapped_column(String(ID), nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
