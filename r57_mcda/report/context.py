"""What an Excel report is built from, and its labels in the report's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from r57_mcda.i18n import has, t
from r57_mcda.models import group_label
from r57_mcda.report.cells import POINTS, SCORE

if TYPE_CHECKING:
    from r57_mcda.pipeline.analysis import AnalysisResult
    from r57_mcda.sensitivity import MonteCarloResult, StabilityResult


@dataclass(frozen=True)
class SensitivityRun:
    """Sensitivity results for the report's Sensitivity sheet; either may be left out."""

    monte_carlo: MonteCarloResult | None = None
    stability: StabilityResult | None = None

    @property
    def empty(self) -> bool:
        """True when there is nothing to show."""
        return self.monte_carlo is None and self.stability is None


# The result holds DataFrames, which make == ambiguous: contexts compare by identity.
@dataclass(frozen=True, eq=False)
class ReportContext:
    """An analysis result, the optional sensitivity results, the language and the time.

    ``generated_at`` is timezone-aware UTC.
    """

    result: AnalysisResult
    lang: str
    generated_at: datetime
    sensitivity: SensitivityRun | None = None

    def text(self, key: str, **values: object) -> str:
        """The report text ``key`` in the report's language."""
        return t(key, self.lang, **values)

    def technology(self, technology_id: str) -> str:
        """A technology's name in the report's language (its id when it has no name)."""
        for tech in self.result.inputs.technologies:
            if tech.id == technology_id:
                return tech.label(self.lang)
        return str(technology_id)

    def technology_group(self, technology_id: str) -> str:
        """A technology's group's label in the report's language ("" when none)."""
        technologies = self.result.inputs.technologies
        for tech in technologies:
            if tech.id == technology_id:
                return group_label(tech.group, self.lang, technologies)
        return ""

    def criterion(self, criterion_id: str) -> str:
        """A criterion's name in the report's language (its id when unknown)."""
        criteria = self.result.criteria
        return criteria[criterion_id].label(self.lang) if criterion_id in criteria else criterion_id

    def criteria_group(self, group_id: str | None) -> str:
        """A criteria group's name in the report's language ("" for none)."""
        for group in self.result.criteria.groups:
            if group.id == group_id:
                return (group.name_vi or group.name) if self.lang == "vi" else group.name
        return group_id or ""

    def method(self, method_id: str) -> str:
        """A ranking method's name in the report's language."""
        from r57_mcda.ranking import method_info

        return method_info(method_id).label(self.lang)

    def score_meaning(self) -> str:
        """How to read the main ranking's score, in the report's language."""
        from r57_mcda.ranking import method_info

        info = method_info(self.result.ranking.method)
        return info.score_label(self.lang)

    def aggregation(self) -> str:
        """How the experts' scores were combined, or that a decision matrix was given."""
        spec = self.result.spec
        if self.result.aggregate is None:
            return self.text("rpt_matrix_given")
        if spec.aggregation == "trimmed":
            label = self.text("rpt_agg_trimmed", percent=f"{100 * spec.trim:g}")
        else:
            label = self.text(f"agg_{spec.aggregation}")
        return self.text("rpt_balanced", aggregation=label) if spec.balance_groups else label

    def weight_source(self) -> str:
        """Where the criteria weights came from, in words."""
        key = f"rpt_ws_{self.result.weights.method}"
        return self.text(key) if has(key) else self.result.weights.method

    @property
    def score_format(self) -> str:
        """Number format of the main ranking's scores (WSM points have two decimals)."""
        return POINTS if self.result.ranking.method == "wsm" else SCORE

    def yes_no(self, flag: bool) -> str:
        """``yes`` or ``no`` in the report's language."""
        return self.text("rpt_yes" if flag else "rpt_no")

    @property
    def top_k(self) -> int:
        """The shortlist size the analysis asked for."""
        return self.result.spec.top_k

    def shortlist(self) -> list[str]:
        """Technology ids ranked within the top k, best first (a tie at rank k keeps all)."""
        return self.result.ranking.top(self.top_k)

    def timestamp(self) -> str:
        """``generated_at`` in ISO 8601, UTC, to the second (e.g. ``2025-06-01T08:30:00Z``)."""
        return (
            self.generated_at.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        )


def utc(moment: datetime | None) -> datetime:
    """``moment`` in UTC (a naive time is taken to be UTC); now when None."""
    if moment is None:
        return datetime.now(UTC)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
