"""The one pipeline shared by the CLI, the app and the report: inputs + spec -> result.

An analysis is an :class:`~r57_mcda.spec.AnalysisSpec` (every setting, and the inputs' names and
SHA-256 hashes) applied to :class:`~r57_mcda.io.inputs.LoadedInputs`. Each step is a function
of its own so that the app can cache them separately (a weight slider re-runs only the weights
and the ranking); :func:`analyse` runs them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import pandas as pd

from r57_mcda.errors import InputError, MethodError, Problem
from r57_mcda.explain.compare import Comparison, compare_methods
from r57_mcda.explain.contributions import Contributions, contributions
from r57_mcda.io.inputs import LoadedInputs
from r57_mcda.models import CriteriaSet, Ranking, Weights
from r57_mcda.panel.aggregation import PanelAggregate, aggregate_panel
from r57_mcda.panel.agreement import Agreement, assess_agreement
from r57_mcda.spec import AnalysisSpec, InputRef, WeightSpec


@dataclass(frozen=True)
class AnalysisResult:
    """Everything a front end or a report needs about one run."""

    spec: AnalysisSpec
    inputs: LoadedInputs
    matrix: pd.DataFrame
    weights: Weights
    ranking: Ranking
    aggregate: PanelAggregate | None = None
    agreement: Agreement | None = None
    contributions: Contributions | None = None
    comparison: Comparison | None = None

    @property
    def criteria(self) -> CriteriaSet:
        """The criteria set of the run."""
        return self.inputs.criteria

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Non-blocking problems found in the inputs, in the aggregation (under ``expertise``
        ``min:K``, cells counting fewer experts than the quorum), and in the AHP judgments
        behind the weights (a CR above 0.10, rounded reciprocals made exact)."""
        from r57_mcda.weighting.ahp_weights import ahp_warnings

        counted = () if self.aggregate is None else self.aggregate.quorum_warnings(self.spec.quorum)
        return (*self.inputs.warnings, *counted, *ahp_warnings(self.weights))


def spec_for(loaded: LoadedInputs, **settings: Any) -> AnalysisSpec:
    """A spec recording ``loaded``'s files (names and hashes), or for a study's data the study,
    round and scores hash (and the files given beside it, e.g. AHP judgments), and the given
    settings."""
    study = loaded.study
    refs = tuple(InputRef(**f.ref()) for f in loaded.files if f.study is None)
    return AnalysisSpec(inputs=refs, criteria_set=loaded.criteria.id, study=study, **settings)


def decision_matrix(
    loaded: LoadedInputs, spec: AnalysisSpec
) -> tuple[pd.DataFrame, PanelAggregate | None]:
    """The decision matrix: the panel aggregated as the spec says, or the matrix given."""
    if loaded.panel is None:
        assert loaded.matrix is not None
        return loaded.matrix, None
    weights = pd.Series(dict(spec.expert_weights), dtype=float) if spec.expert_weights else None
    aggregate = aggregate_panel(
        loaded.panel,
        method=cast(Any, spec.aggregation),
        expert_weights=weights,
        balance_groups=spec.balance_groups,
        trim=spec.trim,
        use_confidence=spec.use_confidence,
        expertise=spec.expertise,
    )
    matrix = aggregate.matrix
    empty = [
        Problem(
            "pipeline_cell_not_scored",
            file=loaded.panel.sources.get("scores", ""),
            column=c,
            params={"technology": t, "criterion": c},
        )
        for (t, c), missing in matrix.isna().stack(future_stack=True).items()
        if missing
    ]
    if empty:
        raise InputError(empty)
    return matrix, aggregate


def criteria_weights(spec: WeightSpec, matrix: pd.DataFrame, loaded: LoadedInputs) -> Weights:
    """The criteria weights the spec asks for, with their provenance."""
    from r57_mcda import weighting

    criteria = loaded.criteria
    if spec.source == "criteria":
        declared = weighting.direct_weights(criteria.default_weights(), criteria)
        return Weights(declared.values, "criteria", {"criteria_set": criteria.id})
    if spec.source == "equal":
        return weighting.equal_weights(criteria)
    if spec.source == "direct":
        return weighting.direct_weights(dict(spec.values), criteria)
    if spec.source == "rank":
        method = cast(Any, spec.rank_method)
        return weighting.rank_weights(list(spec.order), criteria, method=method)
    if spec.source in ("entropy", "critic"):
        return weighting.objective_weights(matrix, criteria, method=cast(Any, spec.source))
    if spec.source == "ahp":
        if spec.pairwise:
            return weighting.ahp_weights_from_judgments(spec.pairwise, criteria)
        return ahp_weights(loaded)
    raise InputError(Problem("pipeline_unknown_weight_source", params={"source": spec.source}))


def ahp_weights(loaded: LoadedInputs) -> Weights:
    """AHP weights from the loaded pairwise matrices, over the criteria or over their groups.

    When the matrices compare the criteria groups, each group's criteria keep the criteria
    set's declared weights in proportion (equal weights when none are declared).
    """
    from r57_mcda import weighting

    if not loaded.ahp:
        raise InputError(Problem("pipeline_ahp_needs_file"))
    criteria = loaded.criteria
    ids = set(loaded.ahp[0].index)
    if ids == set(criteria.ids):
        return weighting.ahp_weights(list(loaded.ahp), criteria, level="criteria")
    within = weighting.declared_within(criteria)
    return weighting.ahp_weights(
        list(loaded.ahp), criteria, level="groups", within=cast(Any, within)
    )


def rank_matrix(
    matrix: pd.DataFrame, weights: Weights, criteria: CriteriaSet, spec: AnalysisSpec
) -> Ranking:
    """Rank with the spec's method and parameters."""
    from r57_mcda.ranking import rank

    return rank(matrix, weights.values, criteria, method=spec.method, params=dict(spec.params))


def analyse(loaded: LoadedInputs, spec: AnalysisSpec, *, agreement: bool = True) -> AnalysisResult:
    """Run every step of the analysis the spec describes on the loaded inputs."""
    matrix, aggregate = decision_matrix(loaded, spec)
    weights = criteria_weights(spec.weights, matrix, loaded)
    ranking = rank_matrix(matrix, weights, loaded.criteria, spec)
    agree = None
    if agreement and loaded.panel is not None and aggregate is not None:
        agree = assess_agreement(loaded.panel, aggregate)
    try:
        contrib = contributions(
            matrix, weights.values, loaded.criteria, method=spec.method, params=dict(spec.params)
        )
    except MethodError:
        contrib = None  # the method has no additive explanation
    comparison = None
    if spec.compare:
        comparison = compare_methods(matrix, weights.values, loaded.criteria, methods=spec.compare)
    return AnalysisResult(
        spec=spec,
        inputs=loaded,
        matrix=matrix,
        weights=weights,
        ranking=ranking,
        aggregate=aggregate,
        agreement=agree,
        contributions=contrib,
        comparison=comparison,
    )
