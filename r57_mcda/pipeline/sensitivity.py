"""Run a sensitivity analysis on an AnalysisResult: the one entry the CLI, app and report share."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, cast

import pandas as pd

from r57_mcda.errors import MethodError, SpecError
from r57_mcda.pipeline.analysis import AnalysisResult
from r57_mcda.sensitivity.draws import (
    DirichletWeights,
    IntervalWeights,
    UniformWeights,
    WeightModel,
)
from r57_mcda.sensitivity.montecarlo import ExpertBootstrap, monte_carlo
from r57_mcda.sensitivity.reversal import RankReversalResult, rank_reversal_check
from r57_mcda.sensitivity.robustness import RobustnessResult, top_k_across_methods
from r57_mcda.sensitivity.smaa import MonteCarloResult
from r57_mcda.sensitivity.stability import StabilityResult, stability_intervals
from r57_mcda.sensitivity.sweep import SweepResult, sweep_weights
from r57_mcda.vocab import (
    ANALYSES,
    DEFAULT_ANALYSIS,
    DEFAULT_CONCENTRATION,
    DEFAULT_DRAWS,
    DEFAULT_INTERVAL,
    DEFAULT_POINTS,
    DEFAULT_REPEAT,
    DEFAULT_RESAMPLES,
    DEFAULT_ROBUSTNESS_METHODS,
    DEFAULT_WEIGHT_MODEL,
    WEIGHT_MODELS,
    Analysis,
)

SensitivityResult = (
    SweepResult | StabilityResult | MonteCarloResult | RankReversalResult | RobustnessResult
)


@dataclass(frozen=True)
class SensitivitySettings:
    """What to run; the method, weights, top-k and seed come from the analysis's spec.

    ``weights_model`` ``fixed`` keeps the current weights (useful with ``bootstrap_experts``);
    ``interval`` is a fraction (0.2 = plus or minus 20 %); ``resamples`` is the number of
    expert bootstrap resamples shared out among the draws. The defaults are those of
    :mod:`r57_mcda.vocab`, the same for the CLI, the app, the report and ``run``.
    """

    analysis: Analysis = DEFAULT_ANALYSIS
    draws: int = DEFAULT_DRAWS
    weights_model: str = DEFAULT_WEIGHT_MODEL
    concentration: float = DEFAULT_CONCENTRATION
    interval: float = DEFAULT_INTERVAL
    bootstrap_experts: bool = False
    resamples: int = DEFAULT_RESAMPLES
    points: int = DEFAULT_POINTS
    methods: tuple[str, ...] = ()
    repeat: int = DEFAULT_REPEAT

    def __post_init__(self) -> None:
        if self.analysis not in ANALYSES:
            raise MethodError(
                "pipeline_unknown_analysis", analysis=self.analysis, choices=", ".join(ANALYSES)
            )
        if self.weights_model not in WEIGHT_MODELS:
            raise MethodError(
                "pipeline_unknown_weights_model",
                model=self.weights_model,
                choices=", ".join(WEIGHT_MODELS),
            )

    def weight_model(self) -> WeightModel | None:
        """The Monte Carlo weight model these settings describe (None = fixed weights)."""
        if self.weights_model == "uniform":
            return UniformWeights()
        if self.weights_model == "dirichlet":
            return DirichletWeights(self.concentration)
        if self.weights_model == "interval":
            return IntervalWeights(self.interval)
        return None

    def to_dict(self) -> dict[str, Any]:
        """Plain data, for the AnalysisSpec."""
        data = asdict(self)
        data["methods"] = list(self.methods)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SensitivitySettings:
        """Settings from plain data; unknown keys are an error."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise SpecError("pipeline_unknown_settings", names=", ".join(unknown))
        values = dict(data)
        if "methods" in values:
            values["methods"] = tuple(values["methods"])
        return cls(**values)


def run_sensitivity(
    result: AnalysisResult,
    settings: SensitivitySettings,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> SensitivityResult:
    """Run one sensitivity analysis around the analysis's current ranking.

    Parameters
    ----------
    result
        The analysis: its matrix, weights, criteria, method, parameters, top-k and seed are used.
    settings
        Which analysis, with its own options.
    progress
        Called as ``progress(done, total)`` during a Monte Carlo run, a sweep or the stability
        intervals (after each criterion).
    """
    spec = result.spec
    # A shortlist longer than the candidate list is the whole list.
    top_k = min(spec.top_k, len(result.matrix.index))
    common: dict[str, Any] = {
        "method": spec.method,
        "params": dict(spec.params),
    }
    matrix, weights, criteria = result.matrix, result.weights.values, result.criteria
    if settings.analysis == "sweep":
        return sweep_weights(
            matrix, weights, criteria, points=settings.points, progress=progress, **common
        )
    if settings.analysis == "stability":
        return stability_intervals(
            matrix,
            weights,
            criteria,
            top_k=top_k,
            points=settings.points,
            progress=progress,
            **common,
        )
    if settings.analysis == "reversal":
        return rank_reversal_check(
            matrix, weights, criteria, repeat=settings.repeat, seed=spec.seed, **common
        )
    if settings.analysis == "methods":
        methods = settings.methods or _default_methods(spec.method)
        return top_k_across_methods(matrix, weights, criteria, methods=methods, top_k=top_k)
    bootstrap = (
        expert_bootstrap(result, resamples=settings.resamples)
        if settings.bootstrap_experts
        else None
    )
    return monte_carlo(
        matrix,
        weights,
        criteria,
        weight_model=settings.weight_model(),
        bootstrap=bootstrap,
        draws=settings.draws,
        top_k=top_k,
        seed=spec.seed,
        progress=progress,
        **common,
    )


def expert_bootstrap(result: AnalysisResult, *, resamples: int) -> ExpertBootstrap:
    """The expert bootstrap of a Monte Carlo run on ``result``: its panel resampled and
    aggregated as its spec says (the sensitivity analysis and the portfolio's robustness).

    Raises
    ------
    MethodError
        The analysis read a decision matrix, not the experts' scores.
    """
    if result.inputs.panel is None:
        raise MethodError("pipeline_bootstrap_needs_scores")
    from r57_mcda.panel.cube import score_cube

    spec = result.spec
    return ExpertBootstrap(
        score_cube(result.inputs.panel),
        aggregation=cast(Any, spec.aggregation),
        expert_weights=pd.Series(dict(spec.expert_weights), dtype=float)
        if spec.expert_weights
        else None,
        balance_groups=spec.balance_groups,
        trim=spec.trim,
        resamples=resamples,
        use_confidence=spec.use_confidence,
        expertise=spec.expertise,
    )


def _default_methods(current: str) -> tuple[str, ...]:
    base = DEFAULT_ROBUSTNESS_METHODS
    return base if current in base else (current, *base)
