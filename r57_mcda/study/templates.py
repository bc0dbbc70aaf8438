"""The Excel scoring workbook made for one expert, in the expert's language.

Sheets: Instructions (:mod:`.template_text`); Scores, the protected grid (technologies x
criteria, then COI and comment; :mod:`.template_scores`); Criteria, each criterion explained;
and the very hidden ``_meta``, naming the study, round and expert with their signature
(:mod:`r57_mcda.study.signing`), which :mod:`.returned` checks. Round 1 asks each technology's
familiarity level beside its name; from round 2 on, each criterion's input column is followed
by a locked feedback column (``<criterion>:panel``) and, in a round that requires reasons, by a
reason column (``<criterion>:reason``). The layout's names live in :mod:`.template_layout` and
are re-exported here.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.i18n import language
from r57_mcda.io.xlsx_cells import put
from r57_mcda.study.template_layout import (
    COI_COLUMN,
    COI_TEXT,
    COMMENT_COLUMN,
    CRITERIA_SHEET,
    EXPERTISE_COLUMN,
    FEEDBACK_SUFFIX,
    FIRST_CRITERION_COLUMN,
    FIRST_ROW,
    FORMAT_VERSION,
    ID_ROW,
    ID_SEPARATOR,
    INSTRUCTIONS_SHEET,
    META_KEYS,
    META_SHEET,
    NA_TEXT,
    NAME_COLUMN,
    NAME_ROW,
    REASON_SUFFIX,
    SCORES_SHEET,
    TECHNOLOGY_COLUMN,
    ScoresLayout,
    TemplateSpec,
    first_criterion_column,
    integer_scale,
)
from r57_mcda.study.template_scores import feedback_text, scores_sheet
from r57_mcda.study.template_style import protect
from r57_mcda.study.template_text import criteria_sheet, instructions_sheet

__all__ = [
    "COI_COLUMN",
    "COI_TEXT",
    "COMMENT_COLUMN",
    "CRITERIA_SHEET",
    "EXPERTISE_COLUMN",
    "FEEDBACK_SUFFIX",
    "FIRST_CRITERION_COLUMN",
    "FIRST_ROW",
    "FORMAT_VERSION",
    "ID_ROW",
    "ID_SEPARATOR",
    "INSTRUCTIONS_SHEET",
    "META_KEYS",
    "META_SHEET",
    "NAME_COLUMN",
    "NAME_ROW",
    "NA_TEXT",
    "REASON_SUFFIX",
    "SCORES_SHEET",
    "TECHNOLOGY_COLUMN",
    "ScoresLayout",
    "TemplateSpec",
    "feedback_text",
    "first_criterion_column",
    "integer_scale",
    "scoring_workbook",
]


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
    instructions_sheet(instructions, spec, scales, lang)
    scores_sheet(workbook.create_sheet(SCORES_SHEET), spec, scales, lang)
    criteria_sheet(workbook.create_sheet(CRITERIA_SHEET), spec.criteria, scales, lang)
    _meta(workbook.create_sheet(META_SHEET), spec, lang)
    # Sheets cannot be added, removed, renamed or unhidden: the file comes back as it went out.
    workbook.security = WorkbookProtection(lockStructure=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
    protect(ws)
