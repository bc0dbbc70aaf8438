"""What an Excel report is built from, and its labels in the report's language."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, cached_property
from typing import TYPE_CHECKING

from r57_mcda.i18n import Message, has, t
from r57_mcda.models import group_label
from r57_mcda.panel.expertise import Expertise
from r57_mcda.pipeline.shortlist import Shortlist, degenerate_shortlist, shortlist
from r57_mcda.report.cells import INTEGER, POINTS, SCORE

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
    final: bool = False
    title: str | None = None

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
        if spec.use_confidence:
            label = self.text("panel_conf_weighed", aggregation=label)
        label = Expertise.parse(spec.expertise).phrase(label).text(self.lang)
        return self.text("rpt_balanced", aggregation=label) if spec.balance_groups else label

    def weight_source(self) -> str:
        """Where the criteria weights came from, in words."""
        key = f"rpt_ws_{self.result.weights.method}"
        return self.text(key) if has(key) else self.result.weights.method

    def method_ref(self, method_id: str) -> Message:
        """A ranking method's name as a placeholder value (rendered in the report's language)."""
        from r57_mcda.ranking import method_info

        return method_info(method_id).phrase

    @property
    def ordinal_score(self) -> bool:
        """True when the main ranking's score is a rank position (ELECTRE II), not a measure."""
        from r57_mcda.ranking import method_info

        return method_info(self.result.ranking.method).ordinal_score

    @property
    def score_format(self) -> str:
        """Number format of the main ranking's scores (WSM points have two decimals, a rank
        position none)."""
        if self.ordinal_score:
            return INTEGER
        return POINTS if self.result.ranking.method == "wsm" else SCORE

    def score_header(self) -> str:
        """The header of the main ranking's score column ("Rank position" for ELECTRE II)."""
        return self.text("rpt_rank_position" if self.ordinal_score else "rpt_col_score")

    def score_value(self, technology_id: str) -> float | int:
        """The main ranking's score of a technology (a whole number for a rank position)."""
        value = float(self.result.ranking.scores[technology_id])
        if self.ordinal_score and math.isfinite(value) and value == int(value):
            return int(value)
        return value

    def percent(self, share: float) -> Message:
        """``share`` (0.123) as a percentage placeholder ("12.3%", "12,3%" in Vietnamese)."""
        return Message("rpt_percent", {"value": float(share)})

    def interval(self, lower: float, upper: float, lower_closed: bool, upper_closed: bool) -> str:
        """A weight interval in percentages, brackets showing whether each end is included."""
        return self.text(
            "rpt_interval",
            open="[" if lower_closed else "(",
            lower=self.percent(lower),
            upper=self.percent(upper),
            close="]" if upper_closed else ")",
        )

    def tau_reading(self, tau: float) -> str:
        """A plain-words reading of Kendall's tau-b between two rankings."""
        return self.text(tau_reading_key(tau))

    @cached_property
    def sample_files(self) -> tuple[str, ...]:
        """Names of the input files that are the bundled (synthetic) sample's data files."""
        known = sample_hashes()
        return tuple(
            f.name for f in self.result.inputs.files if f.role != "criteria" and f.sha256 in known
        )

    @property
    def on_sample(self) -> bool:
        """True when the analysis ran on the bundled synthetic sample panel (any of its files)."""
        return bool(self.sample_files)

    def sample_note(self) -> str:
        """The "synthetic sample data, not official" note, naming the sample files used."""
        names = ", ".join(file_name(name) for name in self.sample_files)
        return self.text("rpt_sample_data", files=names)

    def heading_name(self) -> str:
        """The page header's name: the study's title when given, else the criteria set's."""
        if self.title:
            return self.title
        criteria = self.result.criteria
        return (criteria.name_vi or criteria.name) if self.lang == "vi" else criteria.name

    def status(self) -> str:
        """The report's status: "final", or "draft" until it is marked final."""
        return self.text("rpt_status_final" if self.final else "rpt_status_draft")

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

    def shortlist_cut(self) -> Shortlist:
        """The shortlist with where ties swamp it (see :mod:`r57_mcda.pipeline.shortlist`)."""
        return shortlist(self.result.ranking, self.top_k)

    def degenerate_warning(self) -> str | None:
        """The plain warning when ties make the shortlist longer than twice k, else None."""
        found = degenerate_shortlist(self.result.ranking, self.top_k)
        return found.text(self.lang) if found is not None else None

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


#: Kendall's tau-b readings: (lower bound, catalog key), highest first; NaN is "not defined".
TAU_BANDS: tuple[tuple[float, str], ...] = (
    (0.9, "rpt_tau_very_strong"),
    (0.7, "rpt_tau_strong"),
    (0.5, "rpt_tau_moderate"),
    (0.3, "rpt_tau_weak"),
    (0.0, "rpt_tau_little"),
)


def tau_reading_key(tau: float) -> str:
    """The catalog key of the plain reading of a Kendall's tau-b between two rankings.

    0.9 and above: nearly the same order; 0.7: strong, 0.5: moderate, 0.3: weak agreement;
    0 to 0.3: little agreement; below 0: the orders tend to be reversed; NaN: not defined.
    """
    if math.isnan(tau):
        return "w_undefined"
    for bound, key in TAU_BANDS:
        if tau >= bound:
            return key
    return "rpt_tau_opposite"


@cache
def sample_hashes() -> frozenset[str]:
    """SHA-256 of every data file of the bundled sample panel (for every bundled criteria set
    it is scored on; the criteria sets themselves are not sample data)."""
    from r57_mcda.errors import InputError
    from r57_mcda.io.bundled import bundled_criteria_sets, sample_paths

    found: set[str] = set()
    for name in bundled_criteria_sets():
        try:
            paths = sample_paths(name)
        except InputError:
            continue
        for role, path in paths.items():
            if role != "criteria" and path.is_file():
                found.add(hashlib.sha256(path.read_bytes()).hexdigest())
    return frozenset(found)


def file_name(name: str) -> str:
    """A file's name without its folders (the Audit sheet has the full names)."""
    return name.replace("\\", "/").rsplit("/", 1)[-1]
