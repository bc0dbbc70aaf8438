"""What an expert's scoring workbook is made of: its sheets, the ids of the Scores sheet's
columns and where each one sits, and :class:`TemplateSpec`, everything one workbook shows.

The Scores sheet holds ids in row 1 and names in row 2; technologies start on row 3. Its
columns: the technology's id and name; in round 1 the expert's familiarity with the technology
(``expertise``); then per criterion its input column, from round 2 on followed by the locked
feedback column (``<criterion>:panel``) and, in a round that requires reasons, the reason
column (``<criterion>:reason``); last the COI and comment columns.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from r57_mcda.errors import R57Error
from r57_mcda.models import CriteriaSet, Criterion, Expert, Technology
from r57_mcda.study.entries import CellEntry
from r57_mcda.study.expertise import expertise_asked
from r57_mcda.study.feedback import Feedback

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
#: Row 1 id of the round-1 column of the expert's familiarity with each technology (1-5).
EXPERTISE_COLUMN = "expertise"
#: Row 1 holds ids, row 2 names; technologies start on row 3 and, without the expertise
#: column, criteria in column C (:func:`first_criterion_column`).
ID_ROW, NAME_ROW, FIRST_ROW, FIRST_CRITERION_COLUMN = 1, 2, 3, 3
NA_TEXT, COI_TEXT = "NA", "COI"
#: Ends the row-1 id of a feedback column: ``<criterion id>:panel``; the reader skips it.
FEEDBACK_SUFFIX = ":panel"
#: Ends the row-1 id of a reason column: ``<criterion id>:reason``; the reader reads it.
REASON_SUFFIX = ":reason"


@dataclass(frozen=True)
class TemplateSpec:
    """Everything one expert's scoring workbook shows.

    ``signature`` is :func:`r57_mcda.study.signing.template_signature` of the study, round and
    expert, computed by the caller (who holds the study's secret). ``prefill`` holds the
    expert's current answers by (technology, criterion), written into the grid. ``feedback``
    (round 2 on, :func:`r57_mcda.study.feedback.expert_feedback`) adds the feedback columns;
    the expert's previous answer fills a cell that ``prefill`` does not answer.
    ``expertise`` holds the expert's current familiarity levels by technology, written into
    the expertise column (round 1 only). ``require_reasons`` (the round's setting, with
    ``feedback``) adds a reason column after each feedback column.
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
    expertise: Mapping[str, int] = field(default_factory=dict)
    require_reasons: bool = False


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


def first_criterion_column(round_no: int) -> int:
    """The column (from 1) of the first criterion's input cells in round ``round_no``'s
    workbook: after the expertise column in round 1."""
    return FIRST_CRITERION_COLUMN + (1 if expertise_asked(round_no) else 0)


@dataclass(frozen=True)
class ScoresLayout:
    """Where each column of a Scores sheet sits (columns from 1)."""

    criteria: int
    expertise: bool = False
    feedback: bool = False
    reasons: bool = False

    @classmethod
    def of(cls, spec: TemplateSpec) -> ScoresLayout:
        """The layout of ``spec``'s workbook."""
        feedback = spec.feedback is not None
        return cls(
            len(spec.criteria.criteria),
            expertise=expertise_asked(spec.round_no),
            feedback=feedback,
            reasons=feedback and spec.require_reasons,
        )

    @property
    def expertise_column(self) -> int | None:
        """The expertise column, right after the technology's name (None when not asked)."""
        return FIRST_CRITERION_COLUMN if self.expertise else None

    @property
    def stride(self) -> int:
        """Columns per criterion: its input, feedback and reason columns."""
        return 1 + int(self.feedback) + int(self.reasons)

    def input_column(self, offset: int) -> int:
        """The input column of criterion number ``offset`` (from 0)."""
        return FIRST_CRITERION_COLUMN + int(self.expertise) + offset * self.stride

    def feedback_column(self, offset: int) -> int | None:
        """The feedback column of criterion ``offset`` (None without feedback)."""
        return self.input_column(offset) + 1 if self.feedback else None

    def reason_column(self, offset: int) -> int | None:
        """The reason column of criterion ``offset`` (None when reasons are not asked)."""
        return self.input_column(offset) + 2 if self.reasons else None

    @property
    def coi_column(self) -> int:
        """The COI column, after the last criterion's columns."""
        return self.input_column(self.criteria)

    @property
    def comment_column(self) -> int:
        """The comment column, the last one."""
        return self.coi_column + 1
