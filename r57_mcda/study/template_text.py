"""The explaining sheets of the scoring workbook: Instructions (what to do, the feedback, the
reasons and the familiarity levels asked, the scales) and Criteria (each criterion explained)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.i18n import t
from r57_mcda.io.xlsx_cells import put
from r57_mcda.models import CriteriaSet
from r57_mcda.study.template_layout import ScoresLayout, TemplateSpec
from r57_mcda.study.template_style import (
    BOLD,
    HEADER_FILL,
    HEADING_FONT,
    TITLE_FONT,
    WRAP,
    protect,
)
from r57_mcda.vocab import EXPERTISE_LEVELS

Line = tuple[str, Font | None]


def instructions_sheet(
    ws: Worksheet, spec: TemplateSpec, scales: Mapping[str, tuple[int, int]], lang: str
) -> None:
    """Write the Instructions sheet of ``spec``'s workbook into ``ws``."""
    layout = ScoresLayout.of(spec)
    ws.column_dimensions["A"].width = 110
    lines: list[Line] = [
        (t("tpl_title", lang, study=spec.study_name), TITLE_FONT),
        (t("tpl_expert", lang, name=spec.expert.name, id=spec.expert.id), BOLD),
        (t("tpl_round", lang, round=spec.round_no), None),
    ]
    if spec.deadline is not None:
        lines.append((t("tpl_deadline", lang, date=_date_text(spec.deadline, lang)), BOLD))
    lines += [("", None), (t("tpl_steps_heading", lang), HEADING_FONT)]
    opening = "tplxp_step_open" if layout.expertise else "tpl_step_open"
    steps = (opening, "tpl_step_score", "tpl_step_coi", "tpl_step_comment")
    lines += [(t(key, lang), None) for key in steps]
    lines += [(t("tpl_step_return", lang), None), ("", None)]
    if spec.feedback is not None:
        previous = spec.feedback.round_no - 1
        lines.append((t("tplfb_heading", lang, previous=previous), HEADING_FONT))
        keys = ("tplfb_median", "tplfb_own", "tplfb_anonymous", "tplfb_dropped")
        lines += [(t(key, lang, previous=previous), None) for key in keys] + [("", None)]
        if layout.reasons:
            lines += _reasons(previous, lang)
    if layout.expertise:
        lines += _expertise(lang)
    lines += _scales(spec, scales, lang)
    lines.append((t("tpl_meaning_heading", lang), HEADING_FONT))
    lines += [(t(key, lang), None) for key in ("tpl_na_means", "tpl_coi_means", "tpl_blank_means")]
    for row, (text, font) in enumerate(lines, start=1):
        if text:
            put(ws, row, 1, text, font=font).alignment = WRAP
    protect(ws)


def _reasons(previous: int, lang: str) -> list[Line]:
    """The paragraph on the reasons a round requires."""
    column = t("tplrsn_column", lang)
    keys = ("tplrsn_rule", "tplrsn_highlight", "tplrsn_refused", "tplrsn_anonymous")
    lines: list[Line] = [(t("tplrsn_heading", lang, previous=previous), HEADING_FONT)]
    lines += [(t(key, lang, previous=previous, column=column), None) for key in keys]
    return [*lines, ("", None)]


def _expertise(lang: str) -> list[Line]:
    """The paragraph on the familiarity levels asked in round 1, with their anchors."""
    lines: list[Line] = [(t("tplxp_heading", lang), HEADING_FONT), (t("xp_question", lang), None)]
    lines.append((t("tplxp_where", lang, column=t("xp_column", lang)), None))
    lines += [(t(f"xp_level_{level}", lang), None) for level in EXPERTISE_LEVELS]
    return [*lines, (t("tplxp_use", lang), None), ("", None)]


def _scales(spec: TemplateSpec, scales: Mapping[str, tuple[int, int]], lang: str) -> list[Line]:
    """The paragraph on the criteria's scales."""
    lines: list[Line] = [(t("tpl_scale_heading", lang), HEADING_FONT)]
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
    return [*lines, (t("tpl_cost_note", lang), None), ("", None)]


def _date_text(date: datetime.date, lang: str) -> str:
    return f"{date:%d/%m/%Y}" if lang == "vi" else date.isoformat()


def criteria_sheet(
    ws: Worksheet, criteria: CriteriaSet, scales: Mapping[str, tuple[int, int]], lang: str
) -> None:
    """Write the Criteria sheet (each criterion, its direction, scale and anchors) into ``ws``."""
    name = (criteria.name_vi or criteria.name) if lang == "vi" else criteria.name
    put(ws, 1, 1, t("tpl_criteria_title", lang, name=name), font=TITLE_FONT)
    heads = ("id", "name", "description", "direction", "scale", "low", "high", "group")
    for column, head in enumerate(heads, start=1):
        cell = put(ws, 2, column, t(f"tpl_crit_{head}", lang), font=BOLD)
        cell.fill, cell.alignment = HEADER_FILL, WRAP
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
            put(ws, row, column, value or None).alignment = WRAP
    for column, width in enumerate((18, 30, 70, 36, 8, 22, 22, 20), start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "C3"
    protect(ws)
