"""Monte Carlo over uncertain weights and/or a bootstrap of the experts: SMAA-2 statistics.

Each draw pairs a weight vector (from a :mod:`~r57_mcda.sensitivity.draws` model, or the
current weights) with a decision matrix (the given one, or the aggregate of a bootstrap
resample of the experts) and ranks the technologies; :mod:`~r57_mcda.sensitivity.smaa`
turns the ranks into acceptability indices, central weights and confidence factors.

With a bootstrap, ``resamples`` resamples are drawn (default: one per draw) and draw ``i``
uses resample ``floor(i * resamples / draws)``: consecutive blocks of draws share a resample,
whose matrix is aggregated once with :func:`r57_mcda.panel.aggregation.aggregate_cube` (the same
method, expert weights, group balancing and trim as the analysis). Confidence factors need a
second pass over the resamples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.errors import InputError, MethodError, Problem
from r57_mcda.i18n import Message
from r57_mcda.i18n.phrases import shown
from r57_mcda.models import CriteriaSet
from r57_mcda.panel.aggregation import aggregate_cube
from r57_mcda.panel.cube import FloatArray, ScoreCube
from r57_mcda.ranking import method_info
from r57_mcda.sensitivity.draws import (
    UniformWeights,
    WeightModel,
    WeightStream,
    check_model,
    resample_experts,
    weighted_criteria,
)
from r57_mcda.sensitivity.engine import (
    Evaluation,
    RankEngine,
    check_top_k,
    normalised_weights,
    rank_engine,
    undefined_error,
)
from r57_mcda.sensitivity.smaa import MonteCarloResult, RankTally, summarise
from r57_mcda.vocab import (
    DEFAULT_AGGREGATION,
    DEFAULT_DRAWS,
    DEFAULT_EXPERTISE,
    DEFAULT_SEED,
    DEFAULT_TRIM,
    AggregationMethod,
)

Progress = Callable[[int, int], None]

#: Largest chunk: keeps the fixed-point sums of central weights exact (see ``smaa``).
MAX_CHUNK = 2**20

#: The default weight model: no preference information.
UNIFORM = UniformWeights()


@dataclass(frozen=True, eq=False)
class ExpertBootstrap:
    """Score uncertainty: resample the experts with replacement and re-aggregate.

    ``cube`` is the panel's score cube (:func:`r57_mcda.panel.cube.score_cube`); the other
    fields repeat the analysis's aggregation. With ``balance_groups`` every stakeholder group is
    resampled within itself (stratified), so each keeps its size and stays represented.
    ``resamples=None`` draws one resample per Monte Carlo draw.
    """

    cube: ScoreCube
    aggregation: AggregationMethod = DEFAULT_AGGREGATION
    expert_weights: pd.Series | None = None
    balance_groups: bool = False
    trim: float = DEFAULT_TRIM
    resamples: int | None = None
    use_confidence: bool = False
    expertise: str = DEFAULT_EXPERTISE

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description (the cube itself is described by its size)."""
        return {
            "experts": len(self.cube.experts),
            "aggregation": self.aggregation,
            "balance_groups": self.balance_groups,
            "stratified": self.balance_groups,
            "use_confidence": self.use_confidence,
            "expertise": self.expertise,
            "trim": self.trim,
            "resamples": self.resamples,
            "expert_weights": None
            if self.expert_weights is None
            else {str(k): float(v) for k, v in self.expert_weights.items()},
        }


def _check_count(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise MethodError("sens_count", name=name, value=shown(value))
    return int(value)


def _check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise MethodError("sens_seed", value=shown(seed))
    return int(seed)


def _check_cube(bootstrap: ExpertBootstrap, matrix: pd.DataFrame) -> None:
    cube = bootstrap.cube
    missing = [str(t) for t in matrix.index if t not in cube.technologies]
    missing += [str(c) for c in matrix.columns if c not in cube.criteria]
    if missing:
        raise InputError(Problem("sens_bootstrap_missing", params={"ids": ", ".join(missing)}))
    if not cube.experts:
        raise InputError(Problem("sens_bootstrap_no_experts"))


@dataclass(frozen=True, eq=False)
class _Resampler:
    """Builds the rank engine of bootstrap resample ``b`` (None when it cannot be ranked)."""

    bootstrap: ExpertBootstrap
    matrix: pd.DataFrame
    criteria: CriteriaSet
    seed: int
    method: str
    params: Mapping[str, Any] | None

    def engine(self, resample: int) -> RankEngine | None:
        boot = self.bootstrap
        idx = resample_experts(
            boot.cube.expert_groups, self.seed, resample, stratified=boot.balance_groups
        )
        try:
            aggregate = aggregate_cube(
                boot.cube.take_experts(idx),
                method=boot.aggregation,
                expert_weights=boot.expert_weights,
                balance_groups=boot.balance_groups,
                trim=boot.trim,
                use_confidence=boot.use_confidence,
                expertise=boot.expertise,
            )
            values = aggregate.matrix.reindex(index=self.matrix.index, columns=self.matrix.columns)
            return rank_engine(values, self.criteria, method=self.method, params=self.params)
        except (InputError, MethodError):
            # A resample can leave a cell unscored or a column constant: it is skipped.
            return None


def _second_pass(
    resampler: _Resampler, valid: list[int], done: int, total: int, progress: Progress | None
) -> Iterator[RankEngine | None]:
    """The engines of the resamples that were ranked, again, reporting progress."""
    for step, group in enumerate(valid):
        yield resampler.engine(group)
        if progress is not None:
            progress(done + step + 1, total)
    if progress is not None and done + len(valid) < total:
        progress(total, total)


@dataclass(frozen=True, eq=False)
class ScoreBatch:
    """Draws ``start`` to ``stop`` (excluded): weights (of the weighted criteria), the engine
    and its scores (both None for a bootstrap resample that cannot be ranked: skipped draws)."""

    start: int
    stop: int
    weights: FloatArray
    engine: RankEngine | None
    evaluation: Evaluation | None
    resample: int | None


@dataclass(frozen=True, eq=False)
class DrawPlan:
    """A checked Monte Carlo set-up whose :meth:`batches` hand out the draws' scores: Monte Carlo
    tallies their ranks, the portfolio engine re-optimises on them (the same draws)."""

    weighted: npt.NDArray[np.bool_]
    current: FloatArray
    weight_model: WeightModel | None
    draws: int
    seed: int
    groups: int
    base: RankEngine | None
    resampler: _Resampler | None

    def batches(self, chunk_size: int | None = None) -> Iterator[ScoreBatch]:
        """The draws in order (a resample's in one block), ``chunk_size`` per batch at most."""
        stream = WeightStream(self.weight_model, self.current[self.weighted], self.seed)
        for group in range(self.groups):
            start, stop = group * self.draws // self.groups, (group + 1) * self.draws // self.groups
            engine = self.base if self.resampler is None else self.resampler.engine(group)
            resample = None if self.resampler is None else group
            if engine is None:  # skipped, keeping later draws where they were
                yield ScoreBatch(start, stop, stream.take(stop - start), None, None, resample)
                continue
            size = min(chunk_size or engine.chunk_rows(), MAX_CHUNK)
            for low in range(start, stop, size):
                w = stream.take(min(size, stop - low))
                yield ScoreBatch(low, low + len(w), w, engine, engine.attempt(w), resample)


def draw_plan(
    matrix: pd.DataFrame,
    weights: pd.Series,
    criteria: CriteriaSet,
    *,
    method: str = "wsm",
    params: Mapping[str, Any] | None = None,
    weight_model: WeightModel | None = UNIFORM,
    bootstrap: ExpertBootstrap | None = None,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
) -> DrawPlan:
    """Check a Monte Carlo set-up and prepare its draws.

    Arguments and errors (``MethodError``, ``InputError``) as for :func:`monte_carlo`.
    """
    if weight_model is None and bootstrap is None:
        raise MethodError("sens_nothing_varies")
    if weight_model is not None:
        check_model(weight_model)
    draws = _check_count("draws", draws)
    seed = _check_seed(seed)
    current = normalised_weights(matrix, weights, criteria).to_numpy()
    weighted = weighted_criteria(weight_model, current)
    sub = matrix.loc[:, weighted]
    base = resampler = None
    groups = 1
    if bootstrap is None:
        base = rank_engine(sub, criteria, method=method, params=params)
    else:
        _check_cube(bootstrap, matrix)
        resampler = _Resampler(bootstrap, sub, criteria, seed, method, params)
        groups = min(_check_count("resamples", bootstrap.resamples or draws), draws)
    return DrawPlan(
        weighted=weighted,
        current=current,
        weight_model=weight_model,
        draws=draws,
        seed=seed,
        groups=groups,
        base=base,
        resampler=resampler,
    )


def monte_carlo(
    matrix: pd.DataFrame,
    weights: pd.Series,
    criteria: CriteriaSet,
    *,
    method: str = "wsm",
    params: Mapping[str, Any] | None = None,
    weight_model: WeightModel | None = UNIFORM,
    bootstrap: ExpertBootstrap | None = None,
    draws: int = DEFAULT_DRAWS,
    top_k: int = 3,
    seed: int = DEFAULT_SEED,
    chunk_size: int | None = None,
    progress: Progress | None = None,
) -> MonteCarloResult:
    """Rank acceptability, top-k probabilities and SMAA-2 central weights under uncertainty.

    Parameters
    ----------
    matrix
        Decision matrix (technologies x criteria). With a bootstrap it only names the
        technologies and criteria: each resample's own aggregate is ranked.
    weights
        Current weight per criterion (normalised here); the centre of the Dirichlet and
        interval models and the fixed weights when ``weight_model`` is None.
    criteria
        The criteria set.
    method, params
        The ranking method and its parameters, as for :func:`r57_mcda.ranking.rank`.
    weight_model
        :class:`~r57_mcda.sensitivity.draws.UniformWeights` (default),
        :class:`~r57_mcda.sensitivity.draws.DirichletWeights`,
        :class:`~r57_mcda.sensitivity.draws.IntervalWeights`, or None for fixed weights.
    bootstrap
        Score uncertainty by resampling the experts, or None for a fixed matrix.
    draws
        Number of Monte Carlo draws.
    top_k
        ``k`` of the top-k probability.
    seed
        Seed (>= 0); the same seed gives the same numbers whatever ``chunk_size``.
    chunk_size
        Draws per batch; default from the kernels' working-memory budget.
    progress
        Called as ``progress(done, total)`` after each chunk (and each resample of the
        confidence pass, which adds ``resamples`` to the total).

    Raises
    ------
    MethodError
        Nothing uncertain (no weight model and no bootstrap), a bad option, or inputs the
        method cannot rank.
    InputError
        Invalid matrix or weights, or a bootstrap cube lacking the matrix's ids.
    """
    plan = draw_plan(
        matrix,
        weights,
        criteria,
        method=method,
        params=params,
        weight_model=weight_model,
        bootstrap=bootstrap,
        draws=draws,
        seed=seed,
    )
    top_k = check_top_k(top_k, len(matrix.index))
    if chunk_size is not None:
        chunk_size = _check_count("chunk_size", chunk_size)
    draws, seed, groups = plan.draws, plan.seed, plan.groups
    tally = RankTally(len(matrix.index), int(plan.weighted.sum()))
    total = draws + (groups if bootstrap is not None else 0)
    valid: list[int] = []
    skipped = failed = 0
    failure: Message | None = None
    for batch in plan.batches(chunk_size):
        result, w = batch.evaluation, batch.weights
        if result is None or batch.engine is None:
            skipped += 1
        else:
            if batch.resample is not None and batch.resample not in valid:
                valid.append(batch.resample)
            if result.failed.any():
                # A method undefined at some weights (CoCoSo): count those draws, rank the rest.
                failed += int(result.failed.sum())
                failure = failure or undefined_error(batch.engine, result, w)
                tally.add(result.ranks[result.ok], w[result.ok])
            else:
                tally.add(result.ranks, w)
        if progress is not None:
            progress(batch.stop, total)
    if not tally.draws:
        if failure is not None:
            raise MethodError(failure.code, **failure.params)
        raise MethodError("sens_no_resample_ranked")
    if plan.resampler is None:
        confidence = _confidence(tally.central_weights(), [plan.base], 1)
    else:
        confidence = _confidence(
            tally.central_weights(),
            _second_pass(plan.resampler, valid, draws, total, progress),
            len(valid),
        )
    about = method_info(method)
    info = {
        "method": about.id,
        "params": {**about.defaults, **(params or {})},
        "seed": seed,
        "draws": draws,
        "top_k": top_k,
        "weight_model": None if weight_model is None else weight_model.to_dict(),
        "bootstrap": None if bootstrap is None else {**bootstrap.to_dict(), "resamples": groups},
        "skipped_resamples": skipped,
        "failed_draws": failed,
        "failure": failure,
    }
    return summarise(
        tally,
        confidence=confidence,
        technologies=tuple(str(t) for t in matrix.index),
        criteria=tuple(str(c) for c in matrix.columns),
        weighted=plan.weighted,
        info=info,
    )


def _confidence(
    central: FloatArray, engines: Iterable[RankEngine | None], count: int
) -> FloatArray:
    """SMAA-2 confidence factors: the share of ``engines`` (score scenarios) in which each
    technology ranks first with its own central weights; NaN for one that never ranked first."""
    confidence = np.full(len(central), np.nan)
    candidates = np.flatnonzero(~np.isnan(central[:, 0]))
    if not len(candidates):
        return confidence
    rows = central[candidates]
    hits = np.zeros(len(candidates))
    for engine in engines:
        if engine is not None:
            ranks = engine.attempt(rows).ranks  # a row the method cannot rank is no hit
            hits += ranks[np.arange(len(candidates)), candidates] == 1
    confidence[candidates] = hits / count
    return confidence
