"""Everything a study holds, as one workbook: set-up, the current scores of every round in long
form (with their reasons), every version of every cell, every version of the experts'
self-rated expertise, the submissions and the event log (no secrets, no tokens)."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from r57_mcda.io.xlsx_cells import put
from r57_mcda.study.answers import CLEARED
from r57_mcda.study.db import Database
from r57_mcda.study.events import read_events
from r57_mcda.study.schema import ExpertiseRow, ScoreRow, SubmissionRow, as_utc
from r57_mcda.study.studies import Study, read_study

_BOLD = Font(bold=True)


def _when(moment: datetime | None) -> str:
    return "" if moment is None else as_utc(moment).isoformat(timespec="seconds")


def _sheet(wb: Workbook, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    ws: Worksheet = wb.create_sheet(title)
    for c, name in enumerate(header, start=1):
        put(ws, 1, c, name, font=_BOLD)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            put(ws, r, c, value)
    ws.freeze_panes = "A2"
    for c, name in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(c)].width = max(10, min(40, len(name) + 4))
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"


def _score_text(row: ScoreRow) -> Any:
    if row.status == "score":
        return row.value
    return {"na": "NA", "coi": "COI"}.get(row.status, "")


def _setup(wb: Workbook, study: Study) -> None:
    info = [
        ("study", study.id),
        ("name", study.name),
        ("criteria_set", study.criteria.id),
        ("criteria_file", study.criteria_file.name),
        ("criteria_sha256", study.criteria_file.sha256),
        ("created", _when(study.created_at)),
        ("deadline", study.deadline.isoformat() if study.deadline else ""),
        ("rounds", len(study.rounds)),
    ]
    _sheet(wb, "Study", ("key", "value"), info)
    _sheet(
        wb,
        "Experts",
        ("id", "name", "group", "lang", "email"),
        [(e.id, e.name, e.group, e.lang, e.email) for e in study.experts],
    )
    _sheet(
        wb,
        "Technologies",
        ("id", "name", "name_vi", "group", "budget", "description"),
        [(x.id, x.name, x.name_vi, x.group, x.budget, x.description) for x in study.technologies],
    )
    _sheet(
        wb,
        "Criteria",
        ("id", "name", "name_vi", "direction", "scale_min", "scale_max", "group"),
        [
            (
                c.id,
                c.name,
                c.name_vi,
                c.direction,
                c.scale[0] if c.scale else None,
                c.scale[1] if c.scale else None,
                c.group or "",
            )
            for c in study.criteria.criteria
        ],
    )
    _sheet(
        wb,
        "Rounds",
        ("round", "opened", "closed"),
        [(r.number, _when(r.opened_at), _when(r.closed_at)) for r in study.rounds],
    )


def study_workbook(db: Database, study_id: int) -> bytes:
    """The study's workbook (see the module's docstring)."""
    with db.read() as session:
        study = read_study(session, study_id, db.shown_url)
        versions = session.execute(
            select(ScoreRow, SubmissionRow)
            .join(SubmissionRow, SubmissionRow.id == ScoreRow.submission_id)
            .where(ScoreRow.study_id == study_id)
            .order_by(ScoreRow.id)
        ).all()
        submissions = session.scalars(
            select(SubmissionRow)
            .where(SubmissionRow.study_id == study_id)
            .order_by(SubmissionRow.id)
        ).all()
        levels = session.execute(
            select(ExpertiseRow, SubmissionRow.at)
            .join(SubmissionRow, SubmissionRow.id == ExpertiseRow.submission_id)
            .where(ExpertiseRow.study_id == study_id)
            .order_by(ExpertiseRow.id)
        ).all()
        events = read_events(session, study_id)
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    _setup(wb, study)
    latest: dict[tuple[int, str, str, str], tuple[ScoreRow, SubmissionRow]] = {}
    for score, sub in versions:
        latest[(score.round_no, score.expert_id, score.technology_id, score.criterion_id)] = (
            score,
            sub,
        )
    current = [
        (
            s.round_no,
            s.expert_id,
            s.technology_id,
            s.criterion_id,
            _score_text(s),
            s.confidence,
            s.comment,
            s.reason,
            _when(sub.at),
            sub.channel,
            sub.file_name,
        )
        for s, sub in sorted(latest.values(), key=lambda v: _order(v[0]))
        if s.status != CLEARED
    ]
    head = ("round", "expert", "technology", "criterion", "score", "confidence", "comment")
    _sheet(wb, "Scores", (*head, "reason", "at", "channel", "file"), current)
    history = [
        (
            s.id,
            s.round_no,
            s.expert_id,
            s.technology_id,
            s.criterion_id,
            s.status,
            _score_text(s),
            s.confidence,
            s.comment,
            s.reason,
            s.submission_id,
            _when(sub.at),
        )
        for s, sub in versions
    ]
    history_head = ("version", "round", "expert", "technology", "criterion", "status", "score")
    history_tail = ("confidence", "comment", "reason", "submission", "at")
    _sheet(wb, "History", (*history_head, *history_tail), history)
    # Every version: an empty level withdraws the one before (module r57_mcda.study.expertise).
    _sheet(
        wb,
        "Expertise",
        ("expert", "technology", "level", "round", "at"),
        [(x.expert_id, x.technology_id, x.level, x.round_no, _when(at)) for x, at in levels],
    )
    _sheet(
        wb,
        "Submissions",
        ("submission", "round", "expert", "channel", "file", "sha256", "at"),
        [
            (s.id, s.round_no, s.expert_id, s.channel, s.file_name, s.sha256, _when(s.at))
            for s in submissions
        ],
    )
    _sheet(
        wb,
        "Events",
        ("event", "at", "kind", "round", "expert", "details"),
        [
            (
                e.id,
                _when(e.at),
                e.kind,
                e.round_no,
                e.expert_id or "",
                json.dumps(e.details, ensure_ascii=False, sort_keys=True),
            )
            for e in events
        ],
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _order(row: ScoreRow) -> tuple[int, str, str, str]:
    return (row.round_no, row.expert_id, row.technology_id, row.criterion_id)
