"""The Scores sheet of the scoring workbook: the protected grid of technologies x criteria.

Only the input cells are unlocked: the scores, COI and comment, the familiarity level (round 1)
and the reasons (a round that requires them). From round 2 on each criterion's input column is
followed by a locked feedback column (``<criterion>:panel``): the panel's median [Q1–Q3] in the
previous round and the expert's own previous answer, which prefills the input cell; a cell
dropped at consensus is locked and shows the panel's median.
"""

from __future__ import annotations

from collections.abc import Mapping

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.i18n import t
from r57_mcda.io.xlsx_cells import put
from r57_mcda.models import Technology
from r57_mcda.study.entries import CellEntry
from r57_mcda.study.feedback import CellFeedback
from r57_mcda.study.reasons import ranges_of
from r57_mcda.study.template_layout import (
    COI_COLUMN,
    COI_TEXT,
    COMMENT_COLUMN,
    EXPERTISE_COLUMN,
    FEEDBACK_SUFFIX,
    FIRST_ROW,
    ID_ROW,
    NA_TEXT,
    NAME_COLUMN,
    NAME_ROW,
    REASON_SUFFIX,
    TECHNOLOGY_COLUMN,
    ScoresLayout,
    TemplateSpec,
)
from r57_mcda.study.template_rules import add_highlights, add_validations
from r57_mcda.study.template_style import (
    BOLD,
    CENTER,
    FEEDBACK_FILL,
    FEEDBACK_FONT,
    HEADER_FILL,
    ID_FONT,
    LOCKED,
    UNLOCKED,
    WRAP,
    note,
    protect,
)
from r57_mcda.vocab import EXPERTISE_LEVELS

#: Column widths by kind; none is wider than :data:`_MAX_WIDTH`.
_WIDTHS = {"name": 36, "expertise": 14, "input": 14, "feedback": 16, "reason": 32, "coi": 14}
_MAX_WIDTH = 40


def scores_sheet(
    ws: Worksheet, spec: TemplateSpec, scales: Mapping[str, tuple[int, int]], lang: str
) -> None:
    """Write the Scores sheet of ``spec``'s workbook into ``ws``."""
    layout = ScoresLayout.of(spec)
    criteria = spec.criteria.criteria
    widths = _headers(ws, spec, layout, scales, lang)
    widths[1] = max([12, *(len(x.id) + 2 for x in spec.technologies)])
    for row, tech in enumerate(spec.technologies, start=FIRST_ROW):
        _row(ws, row, tech, spec=spec, layout=layout, lang=lang)
    if spec.technologies:
        last_row = FIRST_ROW + len(spec.technologies) - 1
        add_validations(ws, layout, criteria, scales=scales, lang=lang, last_row=last_row)
        fb = spec.feedback
        ranges = ranges_of(fb) if layout.reasons else {}
        dropped = frozenset(k for k, c in fb.cells.items() if c.dropped) if fb else frozenset()
        add_highlights(
            ws, layout, criteria, technologies=spec.technologies, ranges=ranges, dropped=dropped
        )
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = min(width, _MAX_WIDTH)
    ws.row_dimensions[NAME_ROW].height = 80
    ws.freeze_panes = f"{get_column_letter(layout.input_column(0))}{FIRST_ROW}"
    protect(ws)


def _headers(
    ws: Worksheet,
    spec: TemplateSpec,
    layout: ScoresLayout,
    scales: Mapping[str, tuple[int, int]],
    lang: str,
) -> dict[int, int]:
    """Write rows 1 (ids) and 2 (names, some with a note); the width of each column."""
    # (column, id, name, note, width)
    heads: list[tuple[int, str, str, str, int]] = [
        (1, TECHNOLOGY_COLUMN, t("tpl_col_technology", lang), "", 12),
        (2, NAME_COLUMN, t("tpl_col_name", lang), "", _WIDTHS["name"]),
    ]
    if layout.expertise_column is not None:
        anchors = [t(f"xp_level_{level}", lang) for level in EXPERTISE_LEVELS]
        explained = "\n".join([t("xp_question", lang), *anchors])
        column = layout.expertise_column
        heads.append((column, EXPERTISE_COLUMN, t("xp_column", lang), explained, 14))
    for offset, c in enumerate(spec.criteria.criteria):
        lo, hi = scales[c.id]
        name = f"{c.label(lang)}\n({t('tpl_scale_range', lang, lo=lo, hi=hi)})"
        heads.append((layout.input_column(offset), c.id, name, "", _WIDTHS["input"]))
        if (column_ := layout.feedback_column(offset)) is not None:
            shown = t("tplfb_column", lang)
            heads.append((column_, c.id + FEEDBACK_SUFFIX, shown, "", _WIDTHS["feedback"]))
        if (column_ := layout.reason_column(offset)) is not None:
            shown, explained = t("tplrsn_column", lang), t("tplrsn_note", lang)
            heads.append((column_, c.id + REASON_SUFFIX, shown, explained, _WIDTHS["reason"]))
    heads += [
        (layout.coi_column, COI_COLUMN, t("tpl_col_coi", lang), "", _WIDTHS["coi"]),
        (layout.comment_column, COMMENT_COLUMN, t("tpl_col_comment", lang), "", _MAX_WIDTH),
    ]
    for column, id_, name, explained, _ in heads:
        put(ws, ID_ROW, column, id_, font=ID_FONT)
        cell = put(ws, NAME_ROW, column, name, font=BOLD)
        cell.fill, cell.alignment = HEADER_FILL, WRAP
        if explained:
            note(cell, explained)
    return {column: width for column, _, _, _, width in heads}


def _row(
    ws: Worksheet,
    row: int,
    tech: Technology,
    *,
    spec: TemplateSpec,
    layout: ScoresLayout,
    lang: str,
) -> None:
    """Write one technology's row: its answers, feedback and reasons."""
    criteria = spec.criteria.criteria
    fb = spec.feedback
    put(ws, row, 1, tech.id)
    put(ws, row, 2, tech.label(lang)).alignment = WRAP
    if layout.expertise_column is not None:
        cell = put(ws, row, layout.expertise_column, spec.expertise.get(tech.id))
        cell.protection, cell.alignment = UNLOCKED, CENTER
    shown = [None if fb is None else fb.cell(tech.id, c.id) for c in criteria]
    current = [spec.prefill.get((tech.id, c.id)) for c in criteria]
    answers = [_answer_shown(a, s) for a, s in zip(current, shown, strict=True)]
    coi = any(a is not None and a.status == "coi" for a in answers)
    for offset, (answer, feedback) in enumerate(zip(answers, shown, strict=True)):
        column = layout.input_column(offset)
        dropped = feedback is not None and feedback.dropped
        if feedback is not None and dropped:
            cell = put(ws, row, column, _number(feedback.median))
            cell.protection, cell.fill = LOCKED, FEEDBACK_FILL
        else:
            value = None if coi or answer is None else _prefill_value(answer)
            cell = put(ws, row, column, value)
            cell.protection = UNLOCKED
        cell.alignment = CENTER
        if (column_ := layout.feedback_column(offset)) is not None:
            text = feedback_text(feedback, lang)
            cell = put(ws, row, column_, text or None, font=FEEDBACK_FONT)
            cell.protection, cell.fill = LOCKED, FEEDBACK_FILL
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
        if (column_ := layout.reason_column(offset)) is not None:
            given = current[offset]
            reason = given.reason if given is not None and not dropped else ""
            cell = put(ws, row, column_, reason or None)
            cell.alignment = WRAP
            if dropped:
                cell.protection, cell.fill = LOCKED, FEEDBACK_FILL
            else:
                cell.protection = UNLOCKED
    cell = put(ws, row, layout.coi_column, COI_TEXT if coi else None)
    cell.protection, cell.alignment = UNLOCKED, CENTER
    comment = next((a.comment for a in answers if a is not None and a.comment), None)
    cell = put(ws, row, layout.comment_column, comment)
    cell.protection, cell.alignment = UNLOCKED, WRAP


def _answer_shown(current: CellEntry | None, feedback: CellFeedback | None) -> CellEntry | None:
    """What an input cell starts with: this round's answer, else the previous one (without
    its comment and reason, which belong to the previous round)."""
    if current is not None or feedback is None or feedback.own is None or feedback.dropped:
        return current
    own = feedback.own
    return CellEntry(own.technology, own.criterion, own.status, own.value)


def _number(value: float | None) -> int | float | None:
    return None if value is None else int(value) if float(value).is_integer() else value


def _prefill_value(answer: CellEntry) -> int | float | str | None:
    return NA_TEXT if answer.status == "na" else _number(answer.value)


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
