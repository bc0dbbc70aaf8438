"""The web form's back end: drafts saved row by row as an expert goes, the form's state (drafts
over the last submission), and submitting it as the expert's answer for the round.

A row also carries the reasons of its cells (a round that requires them refuses a submission
missing one: :mod:`r57_mcda.study.reasons`) and, in round 1, the expert's self-rated expertise
on the technology (:mod:`r57_mcda.study.expertise`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from r57_mcda.errors import R57Error
from r57_mcda.models import Criterion
from r57_mcda.study.answers import (
    SubmissionResult,
    current_answers,
    open_round,
    submit,
    submitted_experts,
)
from r57_mcda.study.db import Database
from r57_mcda.study.entries import CellEntry, Origin
from r57_mcda.study.expertise import current_expertise, expertise_asked, expertise_level
from r57_mcda.study.reasons import missing_reasons, panel_ranges
from r57_mcda.study.rounds import round_settings
from r57_mcda.study.schema import DraftRow, as_utc
from r57_mcda.study.studies import Study, read_study
from r57_mcda.study.templates import integer_scale

#: The form's answer for "not able to assess".
NA = "NA"


@dataclass(frozen=True)
class RowDraft:
    """One technology's row of the form: per criterion id a whole number as text ("4"), "NA"
    or None (not answered); the conflict-of-interest switch; the comment; per criterion id the
    reason given for the cell's score (only non-empty reasons are kept); the expert's
    self-rated expertise on the technology (1-5, asked in round 1; None: not given)."""

    technology: str
    answers: Mapping[str, str | None]
    coi: bool = False
    comment: str = ""
    reasons: Mapping[str, str] = field(default_factory=dict)
    expertise: int | None = None

    def answered(self, criteria: Sequence[str]) -> int:
        """The cells of this row that count as answered (all of them under a COI)."""
        if self.coi:
            return len(criteria)
        return sum(1 for c in criteria if self.answers.get(c) is not None)


@dataclass(frozen=True)
class FormState:
    """What an expert's form shows: one row per technology (in the study's order), whether and
    when they submitted, when they last saved a draft, and their progress."""

    rows: tuple[RowDraft, ...]
    criteria: tuple[str, ...]
    submitted_at: datetime | None
    saved_at: datetime | None
    pending: bool

    @property
    def submitted(self) -> bool:
        """Whether the expert submitted in this round."""
        return self.submitted_at is not None

    @property
    def answered(self) -> int:
        """Cells answered (a score or NA; a COI row counts all its cells)."""
        return sum(r.answered(self.criteria) for r in self.rows)

    @property
    def total(self) -> int:
        """Cells in the form (technologies x criteria)."""
        return len(self.rows) * len(self.criteria)

    def row(self, technology: str) -> RowDraft:
        """The row of ``technology``."""
        for r in self.rows:
            if r.technology == technology:
                return r
        raise KeyError(technology)


def _checked(study: Study, row: RowDraft) -> RowDraft:
    """``row`` with its values checked against the study (whole numbers on the criterion's
    scale, or NA; a level 1-5), its blank reasons left out; unknown technologies or criteria
    are refused."""
    if row.technology not in {x.id for x in study.technologies}:
        raise R57Error("form_unknown_technology", technology=row.technology)
    answers: dict[str, str | None] = {}
    for criterion_id, value in row.answers.items():
        if criterion_id not in study.criteria:
            raise R57Error("form_unknown_criterion", criterion=criterion_id)
        answers[criterion_id] = _checked_value(study.criteria[criterion_id], row, value)
    reasons: dict[str, str] = {}
    for criterion_id, reason in row.reasons.items():
        if criterion_id not in study.criteria:
            raise R57Error("form_unknown_criterion", criterion=criterion_id)
        if reason.strip():
            reasons[criterion_id] = reason.strip()
    level = expertise_level(row.expertise, technology=row.technology)
    return RowDraft(row.technology, answers, bool(row.coi), row.comment.strip(), reasons, level)


def _checked_value(criterion: Criterion, row: RowDraft, value: str | None) -> str | None:
    if value is None or value.strip() == "":
        return None
    text = value.strip()
    if text.upper() == NA:
        return NA
    lo, hi = integer_scale(criterion)
    if text.lstrip("-").isdigit() and lo <= int(text) <= hi:
        return str(int(text))
    raise R57Error(
        "form_bad_value",
        technology=row.technology,
        criterion=criterion.id,
        value=text,
        lo=lo,
        hi=hi,
    )


def save_row(db: Database, study_id: int, round_no: int, expert_id: str, row: RowDraft) -> None:
    """Save ``row`` as the expert's latest draft of that technology (a new draft row).

    Raises
    ------
    R57Error
        ``study_round_closed`` (the round no longer takes answers), ``study_no_such_expert``,
        ``form_unknown_technology``, ``form_unknown_criterion``, ``form_bad_value``,
        ``xpstore_level_invalid``.
    """
    with db.write() as session:
        open_round(session, study_id, round_no)
        study = read_study(session, study_id, db.shown_url)
        study.expert(expert_id)
        checked = _checked(study, row)
        settings = round_settings(session, study_id, round_no)
        for criterion_id, value in checked.answers.items():
            if value is not None and settings.is_dropped(checked.technology, criterion_id):
                raise R57Error(
                    "dround_cell_dropped", technology=checked.technology, criterion=criterion_id
                )
        session.add(
            DraftRow(
                study_id=study_id,
                round_no=round_no,
                expert_id=expert_id,
                technology_id=checked.technology,
                answers=dict(checked.answers),
                coi=checked.coi,
                comment=checked.comment,
                reasons=dict(checked.reasons),
                expertise=checked.expertise,
            )
        )


def _latest_drafts(
    session: Session, study_id: int, round_no: int, expert_id: str
) -> dict[str, DraftRow]:
    latest = (
        select(func.max(DraftRow.id))
        .where(
            DraftRow.study_id == study_id,
            DraftRow.round_no == round_no,
            DraftRow.expert_id == expert_id,
        )
        .group_by(DraftRow.technology_id)
    )
    rows = session.scalars(select(DraftRow).where(DraftRow.id.in_(latest))).all()
    return {r.technology_id: r for r in rows}


def _value_text(entry: CellEntry) -> str | None:
    if entry.status == "na":
        return NA
    if entry.value is None:
        return None
    return str(int(entry.value)) if float(entry.value).is_integer() else f"{entry.value:g}"


def _submitted_rows(
    session: Session, study_id: int, round_no: int, expert_id: str
) -> dict[str, RowDraft]:
    cells: dict[str, list[CellEntry]] = {}
    for answer in current_answers(session, study_id, round_no, [expert_id]):
        cells.setdefault(answer.entry.technology, []).append(answer.entry)
    rows = {}
    for technology, entries in cells.items():
        coi = any(e.status == "coi" for e in entries)
        answers = {} if coi else {e.criterion: _value_text(e) for e in entries}
        comment = next((e.comment for e in entries if e.comment), "")
        reasons = {e.criterion: e.reason for e in entries if e.reason}
        rows[technology] = RowDraft(technology, answers, coi, comment, reasons)
    return rows


def read_form_state(session: Session, study: Study, round_no: int, expert_id: str) -> FormState:
    """:func:`form_state` read in ``session`` for an already loaded ``study``."""
    criteria = tuple(study.criteria.ids)
    drafts = _latest_drafts(session, study.id, round_no, expert_id)
    submitted = _submitted_rows(session, study.id, round_no, expert_id)
    submitted_at = submitted_experts(session, study.id, round_no).get(expert_id)
    levels = current_expertise(session, study.id, round_no, [expert_id])
    rows = []
    for tech in study.technologies:
        draft = drafts.get(tech.id)
        # A draft older than the last submission was part of it or was replaced by it (e.g. by
        # a workbook imported later): the submission wins.
        if draft is not None and (submitted_at is None or as_utc(draft.at) > submitted_at):
            answers = {c: draft.answers.get(c) for c in criteria}
            reasons = dict(draft.reasons or {})
            coi = bool(draft.coi)
            rows.append(RowDraft(tech.id, answers, coi, draft.comment, reasons, draft.expertise))
        else:
            found = submitted.get(tech.id, RowDraft(tech.id, {}))
            answers = {c: found.answers.get(c) for c in criteria}
            level = levels.get((expert_id, tech.id))
            rows.append(RowDraft(tech.id, answers, found.coi, found.comment, found.reasons, level))
    saved = [as_utc(d.at) for d in drafts.values()]
    saved_at = max(saved) if saved else None
    pending = saved_at is not None and (submitted_at is None or saved_at > submitted_at)
    return FormState(tuple(rows), criteria, submitted_at, saved_at, pending)


def form_state(db: Database, study_id: int, round_no: int, expert_id: str) -> FormState:
    """The expert's form: per technology the latest draft of its row when it is newer than the
    expert's last submission, else their current submitted answers with their reasons and the
    expertise level counting in the round (a revision starts from what was submitted).

    ``pending`` says that drafts were saved after the last submission (or that nothing was
    submitted yet although drafts exist).
    """
    with db.read() as session:
        study = read_study(session, study_id, db.shown_url)
        study.expert(expert_id)
        return read_form_state(session, study, round_no, expert_id)


def _entries(study: Study, rows: Sequence[RowDraft]) -> list[CellEntry]:
    entries: list[CellEntry] = []
    for row in rows:
        checked = _checked(study, row)
        for criterion in study.criteria.ids:
            value = checked.answers.get(criterion)
            if checked.coi:
                entries.append(CellEntry(row.technology, criterion, "coi", None, checked.comment))
            elif value == NA:
                entries.append(CellEntry(row.technology, criterion, "na", None, checked.comment))
            elif value is not None:
                reason = checked.reasons.get(criterion, "")
                entries.append(
                    CellEntry(
                        row.technology,
                        criterion,
                        "score",
                        float(value),
                        checked.comment,
                        reason=reason,
                    )
                )
    return entries


def _cells_text(study: Study, entries: Sequence[CellEntry], lang: str) -> str:
    technologies = {x.id: x for x in study.technologies}
    return ", ".join(
        f"{technologies[e.technology].label(lang)} / {study.criteria[e.criterion].label(lang)}"
        for e in entries
    )


def submit_form(db: Database, study_id: int, round_no: int, expert_id: str) -> SubmissionResult:
    """Submit the expert's form (its drafts over their last submission) as their answer for the
    round, from the web; in one transaction. Unchanged cells keep their version; a score's
    reason is stored with it. In round 1 the rows' expertise levels are the expert's whole
    expertise answer; later rounds leave the levels as they are.

    Raises
    ------
    R57Error
        ``study_round_closed``, ``form_nothing_answered`` (not one cell answered),
        ``form_bad_value`` (a value off the criterion's scale), ``dform_reasons_missing``
        (a round requiring reasons, a score outside the previous round's IQR without one:
        nothing is stored), ``xpstore_level_invalid``.
    """
    with db.write() as session:
        open_round(session, study_id, round_no)
        study = read_study(session, study_id, db.shown_url)
        expert = study.expert(expert_id)
        state = read_form_state(session, study, round_no, expert_id)
        entries = _entries(study, state.rows)
        if not entries:
            raise R57Error("form_nothing_answered")
        missing = missing_reasons(panel_ranges(session, study, round_no), entries)
        if missing:
            cells = _cells_text(study, missing, expert.lang)
            raise R57Error("dform_reasons_missing", n=len(missing), cells=cells)
        expertise = None
        if expertise_asked(round_no):
            expertise = {r.technology: _checked(study, r).expertise for r in state.rows}
        return submit(
            session,
            study_id,
            round_no,
            expert_id=expert_id,
            entries=entries,
            origin=Origin("web"),
            partial=False,
            expertise=expertise,
        )
