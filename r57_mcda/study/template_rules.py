"""The checks and highlights of the Scores sheet: drop-down validations of the scores, COI and
familiarity levels, the prompt of the reason cells, and the conditional formats that colour an
input cell while it still needs an answer (a score, or a reason for a score outside the panel's
range)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from openpyxl.formatting.rule import Rule
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.i18n import t
from r57_mcda.models import Criterion, Technology
from r57_mcda.study.template_layout import COI_TEXT, FIRST_ROW, NA_TEXT, ScoresLayout
from r57_mcda.study.template_style import EMPTY_FILL
from r57_mcda.vocab import EXPERTISE_LEVELS

#: Excel's limit on the text of a list validation's formula.
_LIST_LIMIT = 255


def _span(column: int, last_row: int) -> str:
    letter = get_column_letter(column)
    return f"{letter}{FIRST_ROW}:{letter}{last_row}"


def add_validations(
    ws: Worksheet,
    layout: ScoresLayout,
    criteria: Sequence[Criterion],
    *,
    scales: Mapping[str, tuple[int, int]],
    lang: str,
    last_row: int,
) -> None:
    """One validation per scale over its criteria's input cells, one on the COI column, one
    on the expertise column (round 1) and a prompt on the reason cells (when asked)."""
    columns: dict[tuple[int, int], list[str]] = {}
    for offset, criterion in enumerate(criteria):
        span = _span(layout.input_column(offset), last_row)
        columns.setdefault(scales[criterion.id], []).append(span)
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
    coi = DataValidation(type="list", formula1=f'"{COI_TEXT}"', allow_blank=True)
    coi.showErrorMessage = True
    coi.errorTitle = t("tpl_coi_error_title", lang)[:32]
    coi.error = t("tpl_coi_error", lang)[:225]
    coi.add(_span(layout.coi_column, last_row))
    ws.add_data_validation(coi)
    if layout.expertise_column is not None:
        levels = ",".join(str(level) for level in EXPERTISE_LEVELS)
        expertise = DataValidation(type="list", formula1=f'"{levels}"', allow_blank=True)
        expertise.showErrorMessage = expertise.showInputMessage = True
        expertise.errorTitle = t("tplxp_error_title", lang)[:32]
        expertise.error = t("tplxp_error", lang)[:225]
        expertise.promptTitle = t("xp_column", lang)[:32]
        expertise.prompt = t("xp_question", lang)[:255]
        expertise.add(_span(layout.expertise_column, last_row))
        ws.add_data_validation(expertise)
    reasons = [layout.reason_column(offset) for offset in range(len(criteria))]
    if any(column is not None for column in reasons):
        # Any text: the validation only carries the prompt shown when a reason cell is chosen.
        prompt = DataValidation(allow_blank=True)
        prompt.showInputMessage = True
        prompt.promptTitle = t("tplrsn_prompt_title", lang)[:32]
        prompt.prompt = t("tplrsn_note", lang)[:255]
        for column in reasons:
            if column is not None:
                prompt.add(_span(column, last_row))
        ws.add_data_validation(prompt)


def add_highlights(
    ws: Worksheet,
    layout: ScoresLayout,
    criteria: Sequence[Criterion],
    *,
    technologies: Sequence[Technology],
    ranges: Mapping[tuple[str, str], tuple[float, float]],
    dropped: frozenset[tuple[str, str]],
) -> None:
    """An empty input cell is yellow until answered, unless its row declares a conflict; a
    reason cell is yellow while its score lies outside the panel's range ``ranges`` (by
    technology and criterion) and no reason is written."""
    last_row = FIRST_ROW + len(technologies) - 1
    coi_letter = get_column_letter(layout.coi_column)
    letters = [get_column_letter(layout.input_column(i)) for i in range(len(criteria))]
    first = f"{letters[0]}{FIRST_ROW}"
    spans = [(letters[0], letters[-1])] if layout.stride == 1 else [(x, x) for x in letters]
    cells = " ".join(f"{a}{FIRST_ROW}:{b}{last_row}" for a, b in spans)
    blank = f"AND(ISBLANK({first}),ISBLANK(${coi_letter}{FIRST_ROW}))"
    rule = Rule(type="expression", formula=[blank], dxf=DifferentialStyle(fill=EMPTY_FILL))
    ws.conditional_formatting.add(cells, rule)
    for row, tech in enumerate(technologies, start=FIRST_ROW):
        for offset, criterion in enumerate(criteria):
            column = layout.reason_column(offset)
            cell = (tech.id, criterion.id)
            if column is None or cell not in ranges or cell in dropped:
                continue
            q1, q3 = (float(bound) for bound in ranges[cell])
            score = f"{letters[offset]}{row}"
            reason = f"{get_column_letter(column)}{row}"
            outside = f"OR({score}<{q1!r},{score}>{q3!r})"
            formula = f"AND(ISBLANK({reason}),ISNUMBER({score}),{outside})"
            style = DifferentialStyle(fill=EMPTY_FILL)
            ws.conditional_formatting.add(
                reason, Rule(type="expression", formula=[formula], dxf=style)
            )
