"""Panel aggregation: the experts' scores to one decision matrix, with the spread of each cell.

The long score table is first turned into a dense cube (experts x technologies x criteria) in
which NaN marks a cell the expert did not score; every statistic is then computed on the cube,
per technology x criterion over the experts who scored it, vectorised over all cells at once.

Conventions (README, methods section):

- ``n`` counts the scores of a cell. ``abstentions`` counts the panel's experts without a score
  for it, whatever the reason (blank, ``NA``, ``COI`` or no row at all), so ``n + abstentions``
  is the panel size. ``coi`` counts declared conflicts of interest, which are also abstentions.
- ``mean`` (default): the weighted mean ``sum(w x) / sum(w)``.
- ``median``: sort the scores (equal scores ordered by weight) and accumulate their normalised
  weights ``c_k``; the median is the smallest score with ``c_k >= 1/2``, and when ``c_k`` is
  exactly 1/2 (to 1e-9) the midpoint of that score and the next one with positive weight. With
  equal weights this is the ordinary median.
- ``trimmed``: proportion ``trim`` (``0 <= trim < 0.5``, default 0.1) cut from EACH end. Unweighted,
  the ``floor(trim * n)`` lowest and highest scores are dropped and the rest averaged (as
  ``scipy.stats.trim_mean`` and R's ``mean(x, trim=)``): with ``trim = 0.1`` a cell with fewer
  than 10 scores gets the plain mean, 10 to 19 scores lose one at each end. Weighted, the sorted
  scores occupy consecutive intervals ``[c_(k-1), c_k]`` of the normalised cumulative weight; a
  score is dropped when its whole interval lies within ``[0, trim]`` or within ``[1 - trim, 1]``,
  and the rest are averaged with their weights. Equal weights give ``c_k = k / n``, hence the
  unweighted rule.
- ``geometric``: ``exp(sum(w ln x) / sum(w))``; every score must be positive.
- Expert weights are non-negative, by expert id; ``balance_groups=True`` rescales them within
  each cell: among the experts who scored the cell, every stakeholder group present gets the same
  total weight whatever its size, and weights within a group keep their proportions. Experts
  without a group form the group ``""``.
- ``use_confidence=True`` (default False: every number as without it) weighs each score by its
  expert's weight times the confidence the expert declared in it (the score table's optional
  ``confidence`` column, e.g. 1 = low to 3 = high). Only ratios matter, so the scale needs no
  declaring; a confidence must be a positive number. A score given without a confidence takes
  the mean of the confidences its expert gave (in the cube aggregated); an expert who gave none
  at all takes the mean of every confidence given in the panel, so as to count as confident as
  the panel's average (not penalised, not favoured). A panel without any confidence is an
  error. With ``balance_groups`` the balancing acts on these confidence-weighted weights: each
  group present in a cell gets the same total, shared within the group in proportion to
  expert weight x confidence.
- ``expertise`` (:mod:`r57_mcda.panel.expertise`, default ``none``: every number as without it)
  uses the experts' self-rated familiarity with each technology (1-5): ``weight`` multiplies
  each expert's weight on a technology by their level for it (a missing level takes the
  expert's mean level, else the panel's; balancing acts on these weights, and with
  ``use_confidence`` the factors multiply); ``min:K`` aggregates each cell of a technology over
  the experts at level K or above only. Then ``n`` and every statistic describe the scores
  counted, ``left_out`` counts the scores left out, so that ``n + left_out + abstentions`` is
  the panel size, and ``experts_left_out`` the experts left out per technology.
- ``std`` (sample, ddof 1; NaN when n < 2), ``iqr`` (75th minus 25th percentile, numpy's
  "linear" rule), ``min`` and ``max`` describe the raw scores and ignore the weights.
- A cell nobody scored, or whose scorers all weigh 0, is NaN: validation rejects it before
  ranking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.errors import MethodError, Problem
from r57_mcda.models import Panel
from r57_mcda.panel.cube import BoolArray, FloatArray, IntArray, ScoreCube, score_cube
from r57_mcda.panel.expertise import (
    Expertise,
    below_quorum,
    counted_experts,
    expertise_factors,
    experts_left_out,
)
from r57_mcda.panel.weighing import cell_weights as weigh_cells
from r57_mcda.panel.weighing import confidence_factors, divide, expert_weight_vector
from r57_mcda.vocab import (
    AGGREGATION_METHODS,
    DEFAULT_AGGREGATION,
    DEFAULT_EXPERTISE,
    DEFAULT_TRIM,
    AggregationMethod,
)

#: Tolerance on cumulative normalised weights, whose float sums are not exact.
WEIGHT_TOL = 1e-9


@dataclass(frozen=True, eq=False)
class PanelAggregate:
    """The aggregated decision matrix and the per-cell statistics behind it.

    Every frame has technologies as rows and criteria as columns, in panel order.
    """

    matrix: pd.DataFrame
    n: pd.DataFrame
    abstentions: pd.DataFrame
    coi: pd.DataFrame
    std: pd.DataFrame
    iqr: pd.DataFrame
    min: pd.DataFrame
    max: pd.DataFrame
    method: AggregationMethod
    balance_groups: bool
    trim: float
    expert_weights: pd.Series
    use_confidence: bool = False
    #: The expertise setting (``none``, ``weight``, ``min:K``); under ``min:K`` the scores left
    #: out per cell (``left_out``) and the experts left out per technology.
    expertise: str = DEFAULT_EXPERTISE
    left_out: pd.DataFrame | None = None
    experts_left_out: pd.Series | None = None

    def quorum_warnings(self, quorum: int) -> list[Problem]:
        """Under ``min:K``, the technologies with cells counting fewer than ``quorum`` experts
        (:func:`r57_mcda.panel.expertise.below_quorum`); none otherwise."""
        return below_quorum(self.n, Expertise.parse(self.expertise), quorum)

    def long(self) -> pd.DataFrame:
        """One row per technology x criterion with the aggregate score and every statistic."""
        techs = self.matrix.index.to_numpy()
        crits = self.matrix.columns.to_numpy()
        columns: dict[str, npt.NDArray[np.generic]] = {
            "technology": np.repeat(techs, len(crits)),
            "criterion": np.tile(crits, len(techs)),
        }
        stats = {
            "score": self.matrix,
            "n": self.n,
            "abstentions": self.abstentions,
            "coi": self.coi,
            "std": self.std,
            "iqr": self.iqr,
            "min": self.min,
            "max": self.max,
        }
        if self.left_out is not None:
            stats["left_out"] = self.left_out
        for name, frame in stats.items():
            columns[name] = frame.to_numpy().ravel()
        return pd.DataFrame(columns)


def aggregate_panel(
    panel: Panel,
    *,
    method: AggregationMethod = DEFAULT_AGGREGATION,
    expert_weights: pd.Series | None = None,
    balance_groups: bool = False,
    trim: float = DEFAULT_TRIM,
    use_confidence: bool = False,
    expertise: Expertise | str = DEFAULT_EXPERTISE,
) -> PanelAggregate:
    """Aggregate a panel's scores per technology x criterion.

    Parameters
    ----------
    panel
        The panel; its ``scores`` is the long table of :data:`r57_mcda.models.SCORE_COLUMNS`.
    method
        ``mean``, ``median``, ``trimmed`` or ``geometric`` (see the module docstring).
    expert_weights
        Non-negative weight per expert id; None weighs every expert equally.
    balance_groups
        Give every stakeholder group present in a cell the same total weight.
    trim
        Proportion cut from each end by ``trimmed``, in ``[0, 0.5)``.
    use_confidence
        Weigh each score by its expert's weight times its declared confidence (a missing
        confidence takes the expert's mean confidence, else the panel's; see the module
        docstring).
    expertise
        ``none``, ``weight`` or ``min:K``: how the experts' self-rated familiarity counts (see
        :mod:`r57_mcda.panel.expertise`).

    Returns
    -------
    PanelAggregate
        The decision matrix and the statistics of every cell.
    """
    return aggregate_cube(
        score_cube(panel),
        method=method,
        expert_weights=expert_weights,
        balance_groups=balance_groups,
        trim=trim,
        use_confidence=use_confidence,
        expertise=expertise,
    )


def aggregate_cube(
    cube: ScoreCube,
    *,
    method: AggregationMethod = DEFAULT_AGGREGATION,
    expert_weights: pd.Series | None = None,
    balance_groups: bool = False,
    trim: float = DEFAULT_TRIM,
    use_confidence: bool = False,
    expertise: Expertise | str = DEFAULT_EXPERTISE,
) -> PanelAggregate:
    """Aggregate a score cube; the same as :func:`aggregate_panel` on an already built cube.

    A bootstrap resamples the cube's experts (:meth:`ScoreCube.take_experts`) and calls this.
    ``expert_weights`` may name experts the cube does not hold; every expert it holds needs one.

    Raises
    ------
    MethodError
        For an unknown method, a ``trim`` outside ``[0, 0.5)``, or a geometric mean of scores
        that are not all positive.
    InputError
        For expert weights that miss an expert, are negative, not finite, or all zero; with
        ``use_confidence``, for confidences that are not positive numbers, or none at all;
        with ``weight`` or ``min:K``, for levels that are not 1 to 5, or none at all.
    MethodError
        Also for an ``expertise`` setting that is not ``none``, ``weight`` or ``min:K``.
    """
    if method not in AGGREGATION_METHODS:
        raise MethodError(
            "panel_unknown_aggregation", method=method, choices=", ".join(AGGREGATION_METHODS)
        )
    if method == "trimmed" and not 0.0 <= trim < 0.5 - WEIGHT_TOL:
        raise MethodError("panel_trim_out_of_range", trim=trim)
    setting = Expertise.parse(expertise)
    weights = expert_weight_vector(cube, expert_weights)
    factors = confidence_factors(cube) if use_confidence else None
    scored_all = cube.scored.sum(axis=0)
    experts_out: pd.Series | None = None
    if setting.mode == "weight":
        levels = expertise_factors(cube)[:, :, None]
        factors = levels if factors is None else factors * levels
    elif setting.mode == "min":
        counted = counted_experts(cube, cast(int, setting.level))
        experts_out = pd.Series(
            experts_left_out(cube, counted), index=list(cube.technologies), name="left_out"
        )
        cube = cube.keep_cells(counted)
    cell_weights = weigh_cells(cube, weights, balance_groups=balance_groups, factors=factors)
    values = cube.values
    if method == "mean":
        matrix = _weighted_mean(values, cell_weights)
    elif method == "geometric":
        _check_positive(cube)
        logs = np.log(np.where(cube.scored, values, 1.0))
        matrix = np.exp(_weighted_mean(logs, cell_weights))
    else:
        ordered, ordered_weights = _sorted_with_weights(values, cell_weights)
        if method == "median":
            matrix = _weighted_median(ordered, ordered_weights)
        else:
            matrix = _weighted_trimmed_mean(ordered, ordered_weights, trim)

    n = scored_all if experts_out is None else cube.scored.sum(axis=0)
    low, high = _extremes(values, n)

    def frame(array: npt.NDArray[np.generic]) -> pd.DataFrame:
        return pd.DataFrame(
            array,
            index=pd.Index(cube.technologies, name="technology"),
            columns=pd.Index(cube.criteria, name="criterion"),
        )

    return PanelAggregate(
        matrix=frame(matrix),
        n=frame(n.astype(np.int64)),
        abstentions=frame((len(cube.experts) - scored_all).astype(np.int64)),
        coi=frame(cube.coi.sum(axis=0).astype(np.int64)),
        std=frame(_sample_std(values, n)),
        iqr=frame(_quantile(values, n, 0.75) - _quantile(values, n, 0.25)),
        min=frame(low),
        max=frame(high),
        method=method,
        balance_groups=balance_groups,
        trim=float(trim),
        expert_weights=pd.Series(weights, index=list(cube.experts), name="weight"),
        use_confidence=bool(use_confidence),
        expertise=str(setting),
        left_out=frame((scored_all - n).astype(np.int64)) if experts_out is not None else None,
        experts_left_out=experts_out,
    )


def _weighted_mean(values: FloatArray, weights: FloatArray) -> FloatArray:
    weighted = np.where(weights > 0, weights * np.nan_to_num(values), 0.0).sum(axis=0)
    return divide(weighted, weights.sum(axis=0), fill=np.nan)


def _sorted_with_weights(values: FloatArray, weights: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Scores sorted along the expert axis (missing last, equal scores by weight) and weights."""
    key = np.where(np.isnan(values), np.inf, values)
    order = np.lexsort((weights, key), axis=0)
    return np.take_along_axis(key, order, axis=0), np.take_along_axis(weights, order, axis=0)


def _cumulative(weights: FloatArray) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Normalised cumulative weight at the end of each sorted score, and which cells have any."""
    total = weights.sum(axis=0)
    return divide(np.cumsum(weights, axis=0), total, fill=0.0), total, total > 0


def _weighted_median(ordered: FloatArray, weights: FloatArray) -> FloatArray:
    cum, _, has_weight = _cumulative(weights)
    first = np.argmax(cum >= 0.5 - WEIGHT_TOL, axis=0)[None]
    after = np.argmax(cum > 0.5 + WEIGHT_TOL, axis=0)[None]
    at_half = np.abs(np.take_along_axis(cum, first, axis=0) - 0.5) <= WEIGHT_TOL
    low = np.take_along_axis(ordered, first, axis=0)
    high = np.take_along_axis(ordered, after, axis=0)
    median = np.where(at_half, (low + high) / 2, low)[0]
    return np.where(has_weight, median, np.nan)


def _weighted_trimmed_mean(ordered: FloatArray, weights: FloatArray, trim: float) -> FloatArray:
    cum, _, has_weight = _cumulative(weights)
    before = np.concatenate([np.zeros_like(cum[:1]), cum[:-1]], axis=0)
    keep = (weights > 0) & (cum > trim + WEIGHT_TOL) & (before < 1 - trim - WEIGHT_TOL)
    kept = np.where(keep, weights, 0.0)
    weighted = (kept * np.where(keep, ordered, 0.0)).sum(axis=0)
    return np.where(has_weight, divide(weighted, kept.sum(axis=0), fill=np.nan), np.nan)


def _check_positive(cube: ScoreCube) -> None:
    bad = cube.scored & (np.nan_to_num(cube.values, nan=1.0) <= 0)
    if bad.any():
        e, t, c = (int(i[0]) for i in np.nonzero(bad))
        raise MethodError(
            "panel_geometric_needs_positive",
            n=int(bad.sum()),
            expert=cube.experts[e],
            technology=cube.technologies[t],
            criterion=cube.criteria[c],
        )


def _extremes(values: FloatArray, n: IntArray) -> tuple[FloatArray, FloatArray]:
    scored = n > 0
    low = np.where(np.isnan(values), np.inf, values).min(axis=0)
    high = np.where(np.isnan(values), -np.inf, values).max(axis=0)
    return np.where(scored, low, np.nan), np.where(scored, high, np.nan)


def _sample_std(values: FloatArray, n: IntArray) -> FloatArray:
    filled = np.nan_to_num(values)
    mean = divide(filled.sum(axis=0), n, fill=0.0)
    deviations = np.where(np.isnan(values), 0.0, values - mean)
    variance = divide((deviations**2).sum(axis=0), n - 1, fill=np.nan)
    return np.asarray(np.sqrt(variance), dtype=np.float64)


def _quantile(values: FloatArray, n: IntArray, q: float) -> FloatArray:
    """Per-cell quantile with numpy's "linear" rule over the scored values; NaN when n = 0."""
    ordered = np.sort(values, axis=0)
    position = q * np.maximum(n - 1, 0)
    below = np.floor(position).astype(np.intp)
    above = np.minimum(below + 1, np.maximum(n - 1, 0))
    low = np.take_along_axis(ordered, below[None], axis=0)[0]
    high = np.take_along_axis(ordered, above[None], axis=0)[0]
    result = low + (position - below) * (high - low)
    return np.where(n > 0, result, np.nan)
