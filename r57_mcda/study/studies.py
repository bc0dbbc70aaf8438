"""Creating a study from its files, and reading a study back as value objects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from r57_mcda.errors import InputError, Problem, R57Error
from r57_mcda.i18n import LANGUAGES
from r57_mcda.io.inputs import InputFile
from r57_mcda.models import CriteriaSet, Expert, Technology
from r57_mcda.study.db import Database
from r57_mcda.study.events import log_event
from r57_mcda.study.schema import ExpertRow, RoundRow, StudyRow, TechnologyRow, as_utc
from r57_mcda.study.signing import new_secret

#: The columns of an experts file that the study reads beside ``id,name,group``.
EXPERT_EXTRAS = ("lang", "email")


@dataclass(frozen=True)
class StudyExpert(Expert):
    """A panel member of a study: the language of their forms and an optional e-mail."""

    lang: str = "vi"
    email: str = ""


@dataclass(frozen=True)
class RoundInfo:
    """A round's number, when it opened and when it closed (None: still open)."""

    number: int
    opened_at: datetime
    closed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        """Whether answers are still accepted."""
        return self.closed_at is None


@dataclass(frozen=True)
class Study:
    """A study as stored: everything an analysis or a form needs, as value objects."""

    id: int
    name: str
    criteria: CriteriaSet
    criteria_file: InputFile = field(repr=False)
    technologies: tuple[Technology, ...]
    experts: tuple[StudyExpert, ...]
    rounds: tuple[RoundInfo, ...]
    created_at: datetime
    deadline: date | None = None
    secret: bytes = field(default=b"", repr=False)
    #: The study's stated rules (:mod:`r57_mcda.study.settings`).
    settings: Mapping[str, Any] = field(default_factory=dict)

    @property
    def current_round(self) -> RoundInfo:
        """The latest round (open or closed)."""
        return self.rounds[-1]

    def round(self, number: int | None = None) -> RoundInfo:
        """Round ``number`` (default: the latest); an unknown round is an R57Error."""
        if number is None:
            return self.current_round
        for r in self.rounds:
            if r.number == number:
                return r
        raise R57Error("study_no_such_round", study=self.id, round=number, last=len(self.rounds))

    def expert(self, expert_id: str) -> StudyExpert:
        """The member ``expert_id``; an unknown id is an R57Error."""
        for e in self.experts:
            if e.id == expert_id:
                return e
        raise R57Error("study_no_such_expert", study=self.id, expert=expert_id)

    @property
    def cells(self) -> int:
        """Technologies x criteria: the cells each expert is asked to score."""
        return len(self.technologies) * len(self.criteria)


def expert_extras(
    experts_file: InputFile, default_lang: str
) -> tuple[dict[str, tuple[str, str]], list[Problem]]:
    """Each expert's language and e-mail from the optional ``lang``/``email`` columns."""
    from r57_mcda.io.tables import pick_table, read_tables, table_cell

    table = pick_table(read_tables(experts_file.content, name=experts_file.name), ["id"])
    extras: dict[str, tuple[str, str]] = {}
    problems: list[Problem] = []
    for i in range(len(table.frame)):
        lang = table_cell(table, i, "lang").strip().lower() or default_lang
        if lang not in LANGUAGES:
            problems.append(
                table.problem(
                    "study_expert_lang", i=i, column="lang", value=lang, langs=", ".join(LANGUAGES)
                )
            )
        extras[table_cell(table, i, "id")] = (lang, table_cell(table, i, "email").strip())
    return extras, problems


def members(
    experts: Sequence[Expert], extras: dict[str, tuple[str, str]], default_lang: str
) -> tuple[StudyExpert, ...]:
    """The experts with their language and e-mail."""
    return tuple(
        StudyExpert(
            e.id,
            e.name,
            e.group,
            group_name=e.group_name,
            group_name_vi=e.group_name_vi,
            lang=extras.get(e.id, (default_lang, ""))[0],
            email=extras.get(e.id, (default_lang, ""))[1],
        )
        for e in experts
    )


def _check_setup(
    criteria: CriteriaSet, technologies: Sequence[Technology], experts: Sequence[StudyExpert]
) -> None:
    problems = [
        Problem("study_criterion_no_scale", criteria.source, params={"criterion": c.id})
        for c in criteria.criteria
        if c.scale is None
    ]
    if len(technologies) < 2:
        problems.append(Problem("study_too_few_technologies", params={"n": len(technologies)}))
    if not experts:
        problems.append(Problem("study_no_experts"))
    if problems:
        raise InputError(problems)


def create_study(
    db: Database,
    *,
    name: str,
    criteria: CriteriaSet,
    criteria_file: InputFile,
    technologies: Sequence[Technology],
    experts: Sequence[StudyExpert],
    deadline: date | None = None,
) -> int:
    """Store a new study with round 1 open; its id.

    Raises
    ------
    InputError
        A criterion without a declared scale (the forms need one), fewer than two technologies,
        or no expert.
    """
    _check_setup(criteria, technologies, experts)
    with db.write() as session:
        row = StudyRow(
            name=name,
            criteria_set=criteria.id,
            criteria_file=criteria_file.name,
            criteria_content=criteria_file.content,
            criteria_sha256=criteria_file.sha256,
            secret=new_secret(),
            deadline=deadline,
        )
        session.add(row)
        session.flush()
        study_id = row.id
        session.add_all(_technology_rows(study_id, technologies))
        session.add_all(_expert_rows(study_id, experts))
        session.add(RoundRow(study_id=study_id, number=1, settings={}))
        session.flush()
        log_event(
            session,
            study_id,
            "created",
            round_no=1,
            details={
                "name": name,
                "criteria_set": criteria.id,
                "criteria_sha256": criteria_file.sha256,
                "technologies": len(technologies),
                "experts": len(experts),
            },
        )
    return study_id


def _technology_rows(study_id: int, technologies: Sequence[Technology]) -> list[TechnologyRow]:
    return [
        TechnologyRow(
            study_id=study_id,
            id=x.id,
            position=i,
            name=x.name,
            name_vi=x.name_vi,
            group=x.group,
            description=x.description,
            budget=x.budget,
            group_name=x.group_name,
            group_name_vi=x.group_name_vi,
        )
        for i, x in enumerate(technologies)
    ]


def _expert_rows(study_id: int, experts: Sequence[StudyExpert]) -> list[ExpertRow]:
    return [
        ExpertRow(
            study_id=study_id,
            id=e.id,
            position=i,
            name=e.name,
            group=e.group,
            group_name=e.group_name,
            group_name_vi=e.group_name_vi,
            lang=e.lang,
            email=e.email,
        )
        for i, e in enumerate(experts)
    ]


def study_exists(session: Session, study_id: int) -> bool:
    """Whether a study with this id is stored."""
    return session.get(StudyRow, study_id) is not None


def load_study(db: Database, study_id: int) -> Study:
    """The study ``study_id``; an unknown id is an R57Error naming the database."""
    with db.read() as session:
        return read_study(session, study_id, db.shown_url)


def read_study(session: Session, study_id: int, where: str = "") -> Study:
    """The study ``study_id`` read in ``session``."""
    from r57_mcda.io.criteria import load_criteria

    row = session.get(StudyRow, study_id)
    if row is None:
        raise R57Error("study_not_found", study=study_id, url=where)
    criteria_file = InputFile("criteria", row.criteria_file, row.criteria_content)
    technologies = session.scalars(
        select(TechnologyRow).where(TechnologyRow.study_id == study_id).order_by("position")
    ).all()
    experts = session.scalars(
        select(ExpertRow).where(ExpertRow.study_id == study_id).order_by("position")
    ).all()
    rounds = session.scalars(
        select(RoundRow).where(RoundRow.study_id == study_id).order_by(RoundRow.number)
    ).all()
    return Study(
        id=row.id,
        name=row.name,
        criteria=load_criteria(row.criteria_content, name=row.criteria_file),
        criteria_file=criteria_file,
        technologies=tuple(
            Technology(
                x.id,
                x.name,
                x.name_vi,
                x.group,
                x.description,
                x.budget,
                x.group_name,
                x.group_name_vi,
            )
            for x in technologies
        ),
        experts=tuple(
            StudyExpert(
                e.id,
                e.name,
                e.group,
                group_name=e.group_name,
                group_name_vi=e.group_name_vi,
                lang=e.lang,
                email=e.email,
            )
            for e in experts
        ),
        rounds=tuple(
            RoundInfo(r.number, as_utc(r.opened_at), r.closed_at and as_utc(r.closed_at))
            for r in rounds
        ),
        created_at=as_utc(row.created_at),
        deadline=row.deadline,
        secret=row.secret,
        settings=dict(row.settings or {}),
    )


@dataclass(frozen=True)
class StudySummary:
    """One line of ``study list``."""

    id: int
    name: str
    criteria_set: str
    technologies: int
    experts: int
    rounds: int
    created_at: datetime


def list_studies(db: Database) -> list[StudySummary]:
    """Every study stored, oldest first."""
    with db.read() as session:
        techs = dict(
            session.execute(
                select(TechnologyRow.study_id, func.count()).group_by(TechnologyRow.study_id)
            ).all()
        )
        experts = dict(
            session.execute(
                select(ExpertRow.study_id, func.count()).group_by(ExpertRow.study_id)
            ).all()
        )
        rounds = dict(
            session.execute(
                select(RoundRow.study_id, func.max(RoundRow.number)).group_by(RoundRow.study_id)
            ).all()
        )
        rows = session.scalars(select(StudyRow).order_by(StudyRow.id)).all()
        return [
            StudySummary(
                r.id,
                r.name,
                r.criteria_set,
                int(techs.get(r.id, 0)),
                int(experts.get(r.id, 0)),
                int(rounds.get(r.id, 0)),
                as_utc(r.created_at),
            )
            for r in rows
        ]
