"""The Excel scoring workbook made for one expert, in the expert's language.

Sheets: Instructions; Scores, the protected grid (technologies x criteria, then COI and comment);
Criteria, each criterion explained; and the very hidden ``_meta``, naming the study, round and
expert with their signature (:mod:`r57_mcda.study.signing`), which :mod:`.returned` checks.
From round 2 on, each criterion's input column is followed by a locked feedback column
(``<criterion>:panel``): the panel's median [Q1–Q3] in the previous round and the expert's own
previous answer, which prefills the input cell; a cell dropped at consensus is locked.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.errors import R57Error
from r57_mcda.i18n import language, t
from r57_mcda.io.xlsx_cells import put
from r57_mcda.models import CriteriaSet, Criterion, Expert, Technology
from r57_mcda.study.entries import CellEntry
from r57_mcda.study.feedback import CellFeedback, Feedback

INSTRUCTIONS_SHEET = "Instructions"
SCORES_SHEET = "Scores"
CRITERIA_SHEET = "Criteria"
META_SHEET = "_meta"
#: What the ``format`` key of the ``_meta`` sheet says; a reader refuses any other value.
FORMAT_VERSION = "r57-mcda-scoring-workbook-1"
#: The keys of the ``_meta`` sheet, in the order written (row 1 is the header ``key, value``).
META_KEYS: tuple[str, ...] = (
    "format",
    "study_id",
    "round",
    "expert_id",
    "signature",
    "criteria",
    "technologies",
    "lang",
)
#: Joins the criterion and technology ids in the ``_meta`` sheet.
ID_SEPARATOR = ","
#: Row 1 of the Scores sheet: these ids around the criterion ids.
TECHNOLOGY_COLUMN, NAME_COLUMN, COI_COLUMN, COMMENT_COLUMN = "technology", "name", "COI", "comment"
#: Row 1 holds ids, row 2 names; technologies start on row 3 and criteria in column C.
ID_ROW, NAME_ROW, FIRST_ROW, FIRST_CRITERION_COLUMN = 1, 2, 3, 3
NA_TEXT, COI_TEXT = "NA", "COI"
#: Ends the row-1 id of a feedback column: ``<criterion id>:panel``; the reader skips it.
FEEDBACK_SUFFIX = ":panel"

_TITLE_FONT = Font(bold=True, size=14, color="1F4E78")
_HEADING_FONT = Font(bold=True, size=12, color="1F4E78")
_BOLD = Font(bold=True)
_ID_FONT = Font(color="808080", size=9)
_HEADER_FILL = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
_EMPTY_FILL = PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC", bgColor="FFF2CC")
_WRAP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)
_LOCKED = Protection(locked=True)
_FEEDBACK_FILL = PatternFill("solid", start_color="E7E6E6", end_color="E7E6E6")
_FEEDBACK_FONT = Font(color="595959")
#: Excel's limit on the text of a list validation's formula.
_LIST_LIMIT = 255


@dataclass(frozen=True)
class TemplateSpec:
    """Everything one expert's scoring workbook shows.

    ``signature`` is :func:`r57_mcda.study.signing.template_signature` of the study, round and
    expert, computed by the caller (who holds the study's secret). ``prefill`` holds the
    expert's current answers by (technology, criterion), written into the grid. ``feedback``
    (round 2 on, :func:`r57_mcda.study.feedback.expert_feedback`) adds the feedback columns;
    the expert's previous answer fills a cell that ``prefill`` does not answer.
    """

    study_id: int
    study_name: str
    round_no: int
    expert: Expert
    criteria: CriteriaSet
    technologies: tuple[Technology, ...]
    signature: str
    lang: str = "en"
    deadline: datetime.date | None = None
    prefill: Mapping[tuple[str, str], CellEntry] = field(default_factory=dict)
    feedback: Feedback | None = None


def integer_scale(criterion: Criterion) -> tuple[int, int]:
    """The declared scale of ``criterion`` as whole numbers ``(lo, hi)``.

    Raises
    ------
    R57Error
        ``tpl_no_scale`` when the criterion declares no scale, ``tpl_scale_not_whole`` when its
        bounds are not whole numbers.
    """
    if criterion.scale is None:
        raise R57Error("tpl_no_scale", criterion=criterion.id)
    lo, hi = criterion.scale
    if not (float(lo).is_integer() and float(hi).is_integer()) or lo >= hi:
        raise R57Error("tpl_scale_not_whole", criterion=criterion.id, lo=lo, hi=hi)
    return int(lo), int(hi)


def scoring_workbook(spec: TemplateSpec) -> bytes:
    """The .xlsx bytes of ``spec``'s scoring workbook, in the expert's language.

    Sheets: Instructions, Scores (protected; only the input cells can be edited, each with a
    drop-down list of the scale and NA), Criteria, and the very hidden ``_meta``.

    Raises
    ------
    R57Error
        A criterion without a declared whole-number scale (:func:`integer_scale`).
    """
    lang = language(spec.lang)
    scales = {c.id: integer_scale(c) for c in spec.criteria.criteria}
    workbook = Workbook()
    workbook.properties.creator = "r57-mcda"
    instructions = workbook.active
    assert isinstance(instructions, Worksheet)
    instructions.title = INSTRUCTIONS_SHEET
    _instructions(instructions, spec, scales, lang)
    _scores(workbook.create_sheet(SCORES_SHEET), spec, scales, lang)
    _criteria(workbook.create_sheet(CRITERIA_SHEET), spec.criteria, scales, lang)
    _meta(workbook.create_sheet(META_SHEET), spec, lang)
    # Sheets cannot be added, removed, renamed or unhidden: the file comes back as it went out.
    workbook.security = WorkbookProtection(lockStructure=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _protect(ws: Worksheet) -> None:
    """Protect ``ws`` (no password) while letting columns and rows be resized."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _instructions(
    ws: Worksheet, spec: TemplateSpec, scales: Mapping[str, tuple[int, int]], lang: str
) -> None:
    ws.column_dimensions["A"].width = 110
    lines: list[tuple[str, Font | None]] = [
        (t("tpl_title", lang, study=spec.study_name), _TITLE_FONT),
        (t("tpl_expert", lang, name=spec.expert.name, id=spec.expert.id), _BOLD),
        (t("tpl_round", lang, round=spec.round_no), None),
    ]
    if spec.deadline is not None:
        lines.append((t("tpl_deadline", lang, date=_date_text(spec.deadline, lang)), _BOLD))
    lines += [("", None), (t("tpl_steps_heading", lang), _HEADING_FONT)]
    steps = ("tpl_step_open", "tpl_step_score", "tpl_step_coi", "tpl_step_comment")
    lines += [(t(key, lang), None) for key in steps]
    lines += [(t("tpl_step_return", lang), None), ("", None)]
    if spec.feedback is not None:
        previous = spec.feedback.round_no - 1
        lines.append((t("tplfb_heading", lang, previous=previous), _HEADING_FONT))
        keys = ("tplfb_median", "tplfb_own", "tplfb_anonymous", "tplfb_dropped")
        lines += [(t(key, lang, previous=previous), None) for key in keys] + [("", None)]
    lines.append((t("tpl_scale_heading", lang), _HEADING_FONT))
    distinct = sorted(set(scales.values()))
    if len(distinct) == 1:
        lo, hi = distinct[0]
        low, high = t("tpl_anchor_low", lang, lo=lo), t("tpl_anchor_high", lang, hi=hi)
        lines.append((t("tpl_scale_same", lang, lo=lo, hi=hi, low=low, high=high), None))
    else:
        lines.append((t("tpl_scale_differ", lang), None))
        for criterion in spec.criteria.criteria:
            lo, hi = scales[criterion.id]
            item = t("tpl_scale_item", lang, criterion=criterion.label(lang), lo=lo, hi=hi)
            lines.append((item, None))
    lines += [(t("tpl_cost_note", lang), None), ("", None)]
    lines.append((t("tpl_meaning_heading", lang), _HEADING_FONT))
    lines += [(t(key, lang), None) for key in ("tpl_na_means", "tpl_coi_means", "tpl_blank_means")]
    for row, (text, font) in enumerate(lines, start=1):
        if text:
            put(ws, row, 1, text, font=font).alignment = _WRAP
    _protect(ws)


def _date_text(date: datetime.date, lang: str) -> str:
    return f"{date:%d/%m/%Y}" if lang == "vi" else date.isoformat()


def input_column(offset: int, feedback: bool) -> int:
    """The column (from 1) of criterion ``offset``'s input cells, a feedback column each."""
    return FIRST_CRITERION_COLUMN + offset * (2 if feedback else 1)


def _scores(
    ws: Worksheet, spec: TemplateSpec, scales: Mapping[str, tuple[int, int]], lang: str
) -> None:
    criteria = spec.criteria.criteria
    fb = spec.feedback
    coi_column = input_column(len(criteria), fb is not None)
    comment_column = coi_column + 1
    ids = [TECHNOLOGY_COLUMN, NAME_COLUMN]
    names = [t("tpl_col_technology", lang), t("tpl_col_name", lang)]
    for c in criteria:
        lo, hi = scales[c.id]
        ids.append(c.id)
        names.append(f"{c.label(lang)}\n({t('tpl_scale_range', lang, lo=lo, hi=hi)})")
        if fb is not None:
            ids.append(c.id + FEEDBACK_SUFFIX)
            names.append(t("tplfb_column", lang))
    ids += [COI_COLUMN, COMMENT_COLUMN]
    names += [t("tpl_col_coi", lang), t("tpl_col_comment", lang)]
    for column, (id_, name) in enumerate(zip(ids, names, strict=True), start=1):
        put(ws, ID_ROW, column, id_, font=_ID_FONT)
        cell = put(ws, NAME_ROW, column, name, font=_BOLD)
        cell.fill, cell.alignment = _HEADER_FILL, _WRAP
    last_row = FIRST_ROW + len(spec.technologies) - 1
    for row, tech in enumerate(spec.technologies, start=FIRST_ROW):
        put(ws, row, 1, tech.id)
        put(ws, row, 2, tech.label(lang)).alignment = _WRAP
        shown = [None if fb is None else fb.cell(tech.id, c.id) for c in criteria]
        answers = [
            _answer_shown(spec.prefill.get((tech.id, c.id)), shown[i])
            for i, c in enumerate(criteria)
        ]
        coi = any(a is not None and a.status == "coi" for a in answers)
        for offset, (answer, feedback) in enumerate(zip(answers, shown, strict=True)):
            column = input_column(offset, fb is not None)
            if feedback is not None and feedback.dropped:
                cell = put(ws, row, column, _number(feedback.median))
                cell.protection, cell.fill = _LOCKED, _FEEDBACK_FILL
            else:
                value = None if coi or answer is None else _prefill_value(answer)
                cell = put(ws, row, column, value)
                cell.protection = _UNLOCKED
            cell.alignment = Alignment(horizontal="center")
            if fb is not None:
                text = feedback_text(feedback, lang)
                cell = put(ws, row, column + 1, text or None, font=_FEEDBACK_FONT)
                cell.protection, cell.fill = _LOCKED, _FEEDBACK_FILL
                cell.alignment = Alignment(horizontal="center", wrap_text=True)
        cell = put(ws, row, coi_column, COI_TEXT if coi else None)
        cell.protection, cell.alignment = _UNLOCKED, Alignment(horizontal="center")
        comment = next((a.comment for a in answers if a is not None and a.comment), None)
        cell = put(ws, row, comment_column, comment)
        cell.protection, cell.alignment = _UNLOCKED, _WRAP
    if spec.technologies:
        _validate(ws, criteria, scales, lang, last_row, feedback=fb is not None)
        coi_letter = get_column_letter(coi_column)
        letters = [get_column_letter(input_column(i, fb is not None)) for i in range(len(criteria))]
        first = f"{letters[0]}{FIRST_ROW}"
        spans = [(letters[0], letters[-1])] if fb is None else [(x, x) for x in letters]
        cells = " ".join(f"{a}{FIRST_ROW}:{b}{last_row}" for a, b in spans)
        # An empty input cell is yellow until answered, unless its row declares a conflict.
        blank = f"AND(ISBLANK({first}),ISBLANK(${coi_letter}{FIRST_ROW}))"
        rule = Rule(type="expression", formula=[blank], dxf=DifferentialStyle(fill=_EMPTY_FILL))
        ws.conditional_formatting.add(cells, rule)
    widths = [max([12, *(len(x.id) + 2 for x in spec.technologies)]), 36]
    widths += ([14] if fb is None else [14, 16]) * len(criteria) + [14, 40]
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = min(width, 40)
    ws.row_dimensions[NAME_ROW].height = 80
    ws.freeze_panes = f"{get_column_letter(FIRST_CRITERION_COLUMN)}{FIRST_ROW}"
    _protect(ws)


def _answer_shown(current: CellEntry | None, feedback: CellFeedback | None) -> CellEntry | None:
    """What an input cell starts with: this round's answer, else the previous one (without
    its comment, which belongs to the previous round)."""
    if current is not None or feedback is None or feedback.own is None or feedback.dropped:
        return current
    own = feedback.own
    return CellEntry(own.technology, own.criterion, own.status, own.value)


def _number(value: float | None) -> int | float | None:
    return None if value is None else int(value) if float(value).is_integer() else value


def feedback_text(cell: CellFeedback | None, lang: str) -> str:
    """A feedback cell, e.g. ``3 [2–4] · you: 4``: the panel's median [Q1–Q3] in the previous
    round ("–" when nobody scored the cell) and the expert's own previous answer (a number, NA
    or COI; "–" when none); a cell dropped at consensus says so. "" for no feedback."""
    if cell is None:
        return ""
    if cell.median is None or cell.q1 is None or cell.q3 is None:
        panel = "–"
    else:
        panel = f"{cell.median:g} [{cell.q1:g}–{cell.q3:g}]"
    if cell.dropped:
        return t("tplfb_consensus", lang, panel=panel)
    own = "–" if cell.own is None else cell.own.long_score
    return t("tplfb_cell", lang, panel=panel, own=own)


def _prefill_value(answer: CellEntry) -> int | float | str | None:
    return NA_TEXT if answer.status == "na" else _number(answer.value)


def _validate(
    ws: Worksheet,
    criteria: Sequence[Criterion],
    scales: Mapping[str, tuple[int, int]],
    lang: str,
    last_row: int,
    *,
    feedback: bool,
) -> None:
    """One validation per scale over its criteria's input cells, and one on the COI column."""
    columns: dict[tuple[int, int], list[str]] = {}
    for offset, criterion in enumerate(criteria):
        letter = get_column_letter(input_column(offset, feedback))
        columns.setdefault(scales[criterion.id], []).append(
            f"{letter}{FIRST_ROW}:{letter}{last_row}"
        )
    for (lo, hi), ranges in columns.items():
        choices = ",".join([*(str(v) for v in range(lo, hi + 1)), NA_TEXT])
        if len(choices) + 2 <= _LIST_LIMIT:
            validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
        else:
            # A long scale does not fit a list: check the number (or NA) with a formula instead,
            # written for the top-left cell of the ranges (Excel shifts it for the others).
            top = ranges[0].split(":")[0]
            whole = f"AND(ISNUMBER({top}),{top}>={lo},{top}<={hi},{top}=INT({top}))"
            formula = f'OR({whole},UPPER({top})="{NA_TEXT}")'
            validation = DataValidation(type="custom", formula1=formula, allow_blank=True)
        validation.showErrorMessage = validation.showInputMessage = True
        validation.errorTitle = t("tpl_validation_title", lang)[:32]
        validation.error = t("tpl_validation_error", lang, lo=lo, hi=hi)[:225]
        validation.promptTitle = t("tpl_validation_prompt_title", lang, lo=lo, hi=hi)[:32]
        validation.prompt = t("tpl_validation_prompt", lang, lo=lo, hi=hi)[:255]
        for cells in ranges:
            validation.add(cells)
        ws.add_data_validation(validation)
    letter = get_column_letter(input_column(len(criteria), feedback))
    coi = DataValidation(type="list", formula1=f'"{COI_TEXT}"', allow_blank=True)
    coi.showErrorMessage = True
    coi.errorTitle = t("tpl_coi_error_title", lang)[:32]
    coi.error = t("tpl_coi_error", lang)[:225]
    coi.add(f"{letter}{FIRST_ROW}:{letter}{last_row}")
    ws.add_data_validation(coi)


def _criteria(
    ws: Worksheet, criteria: CriteriaSet, scales: Mapping[str, tuple[int, int]], lang: str
) -> None:
    name = (criteria.name_vi or criteria.name) if lang == "vi" else criteria.name
    put(ws, 1, 1, t("tpl_criteria_title", lang, name=name), font=_TITLE_FONT)
    heads = ("id", "name", "description", "direction", "scale", "low", "high", "group")
    for column, head in enumerate(heads, start=1):
        cell = put(ws, 2, column, t(f"tpl_crit_{head}", lang), font=_BOLD)
        cell.fill, cell.alignment = _HEADER_FILL, _WRAP
    groups = {g.id: (g.name_vi or g.name) if lang == "vi" else g.name for g in criteria.groups}
    for row, c in enumerate(criteria.criteria, start=3):
        lo, hi = scales[c.id]
        description = (c.description_vi or c.description) if lang == "vi" else c.description
        values = (
            c.id,
            c.label(lang),
            description,
            t(f"tpl_direction_{c.direction}", lang),
            t("tpl_scale_range", lang, lo=lo, hi=hi),
            t("tpl_anchor_low", lang, lo=lo),
            t("tpl_anchor_high", lang, hi=hi),
            groups.get(c.group, c.group) if c.group else "",
        )
        for column, value in enumerate(values, start=1):
            put(ws, row, column, value or None).alignment = _WRAP
    for column, width in enumerate((18, 30, 70, 36, 8, 22, 22, 20), start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "C3"
    _protect(ws)


def _meta(ws: Worksheet, spec: TemplateSpec, lang: str) -> None:
    values = {
        "format": FORMAT_VERSION,
        "study_id": str(spec.study_id),
        "round": str(spec.round_no),
        "expert_id": spec.expert.id,
        "signature": spec.signature,
        "criteria": ID_SEPARATOR.join(spec.criteria.ids),
        "technologies": ID_SEPARATOR.join(tech.id for tech in spec.technologies),
        "lang": lang,
    }
    put(ws, 1, 1, "key")
    put(ws, 1, 2, "value")
    for row, key in enumerate(META_KEYS, start=2):
        put(ws, row, 1, key)
        put(ws, row, 2, values[key])
    ws.sheet_state = "veryHidden"
    _protect(ws)
