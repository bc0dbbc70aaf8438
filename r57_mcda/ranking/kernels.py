"""Vectorised batch kernels: the scores and ranks of many weight vectors per numpy call.

Monte Carlo and weight sweeps rank the same decision matrix under thousands or millions of
weight vectors. The normalisation a method applies does not depend on the weights, so
:func:`prepare_kernel` runs it ONCE (through the ranking package's own public functions) and
:func:`batch_scores` then exploits each method's structure in the weights:

- ``wsm``: ``scores = 100 W V^T`` (``V`` = :func:`~r57_mcda.ranking.wsm_values`).
- ``wpm``: ``scores = exp(W log(R)^T)`` (``R`` = :func:`~r57_mcda.ranking.ratio_values`).
- ``topsis``: weights are non-negative, so the weighted ideal is ``w_j best_j`` and
  ``d+^2 = (W * W) ((N - best)^2)^T``, ``d-^2 = (W * W) ((N - worst)^2)^T``: two GEMMs.
- ``vikor``: ``S = W G^T`` and ``R = max_j w_j g_ij`` with the unweighted shortfalls ``G``; then
  ``Q`` from ``S`` and ``R`` row by row, as :func:`~r57_mcda.ranking.vikor_parts` does.
- ``promethee2``: the per-criterion net flows ``Phi`` are weight-free, so ``phi = W Phi^T``.
- ``edas``, ``codas``, ``mabac``, ``waspas``, ``cocoso``, ``moora``: the scikit-criteria
  formulas on the pre-processed matrix, in :mod:`r57_mcda.ranking.kernels_external`. CoCoSo is
  undefined at some weight vectors: its scores are NaN there.

:func:`batch_ranks` gives the same competition ranks as
:func:`r57_mcda.ranking.ties.competition_ranks` (ties are equality after rounding to 12
significant digits) without a Python loop.

One deliberate difference from :func:`r57_mcda.ranking.rank`: a weight vector that puts weight
only on criteria where every technology scores the same leaves nothing to rank; ``rank``
refuses it, the kernels report every technology tied (TOPSIS's 0/0 closeness is taken as 0).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.errors import MethodError
from r57_mcda.models import CriteriaSet
from r57_mcda.ranking.classic import topsis_parts
from r57_mcda.ranking.kernels_external import (
    EXTERNAL_KERNELS,
    external_chunk_cells,
    external_scores,
    external_terms,
)
from r57_mcda.ranking.normalise import ratio_values, wsm_values
from r57_mcda.ranking.prepare import (
    check_method_inputs,
    check_param_names,
    unit_interval,
    validate_inputs,
)
from r57_mcda.ranking.promethee import promethee_flows, promethee_settings
from r57_mcda.ranking.registry import method_info
from r57_mcda.ranking.ties import tie_quantum
from r57_mcda.ranking.vikor import vikor_parts

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: The methods with a batch kernel (every registered method); a method added without one is
#: ranked one weight vector at a time.
KERNEL_METHODS: tuple[str, ...] = ("wsm", "wpm", "topsis", "vikor", "promethee2", *EXTERNAL_KERNELS)

#: Working memory a batch may use (bytes); :func:`chunk_rows` sizes batches from it. Batches
#: this small stay in the processor's cache and run faster than larger ones.
DEFAULT_MEMORY_BUDGET = 16 * 2**20


def _read_only(array: npt.ArrayLike) -> FloatArray:
    out = np.array(array, dtype=np.float64)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False)
class PreparedKernel:
    """A decision matrix normalised once for a method's batch kernel.

    ``terms`` holds the method's weight-free arrays (technologies x criteria, read-only):
    ``wsm`` ``(100 V,)``; ``wpm`` ``(log R,)``; ``topsis`` ``((N - best)^2, (N - worst)^2)``;
    ``vikor`` ``(G,)``, the unweighted shortfalls; ``promethee2`` ``(Phi,)``, the per-criterion
    net flows; the scikit-criteria-backed methods those of
    :func:`~r57_mcda.ranking.kernels_external.external_terms`. ``criteria`` is the column order
    weight vectors must follow.
    """

    method: str
    technologies: tuple[str, ...]
    criteria: tuple[str, ...]
    higher_is_better: bool
    terms: tuple[FloatArray, ...]
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def shape(self) -> tuple[int, int]:
        """(technologies, criteria)."""
        return len(self.technologies), len(self.criteria)


def has_kernel(method: str) -> bool:
    """Whether ``method`` has a batch kernel (see :data:`KERNEL_METHODS`)."""
    return method in KERNEL_METHODS


def prepare_kernel(
    matrix: pd.DataFrame,
    criteria: CriteriaSet,
    *,
    method: str = "wsm",
    params: Mapping[str, Any] | None = None,
) -> PreparedKernel:
    """Validate and normalise ``matrix`` once for ``method``'s batch kernel.

    Every column is checked as if it carried weight (a column no weight vector will weigh
    should be left out of ``matrix``): the same checks :func:`r57_mcda.ranking.rank` makes.

    Parameters
    ----------
    matrix
        Decision matrix, rows technology ids, columns criterion ids. Not modified.
    criteria
        The criteria set: directions and declared scales.
    method
        One of :data:`KERNEL_METHODS`.
    params
        The method's parameters, as for :func:`r57_mcda.ranking.rank`.

    Raises
    ------
    MethodError
        No kernel for ``method``, a bad parameter, or inputs the method cannot rank.
    InputError
        An invalid matrix (every problem listed).
    """
    info = method_info(method)
    if not has_kernel(info.id):
        raise MethodError("rank_no_batch_kernel", method=info.phrase)
    merged = check_param_names(info, params)
    ones = pd.Series(1.0, index=matrix.columns)
    prepared = validate_inputs(matrix, ones, criteria)
    check_method_inputs(prepared, info)
    values, subset = prepared.matrix, prepared.criteria
    # Unit weights make the ranking package's own functions return the unweighted parts.
    unit = pd.Series(1.0, index=values.columns)
    resolved: dict[str, Any] = {}
    terms: tuple[FloatArray, ...]
    if info.id == "wsm":
        terms = (_read_only(100.0 * wsm_values(values, subset).to_numpy()),)
    elif info.id == "wpm":
        terms = (_read_only(np.log(ratio_values(values, subset).to_numpy())),)
    elif info.id == "topsis":
        parts = topsis_parts(values, unit, subset)
        normalised = parts.normalised.to_numpy()
        terms = (
            _read_only((normalised - parts.ideal.to_numpy()) ** 2),
            _read_only((normalised - parts.anti_ideal.to_numpy()) ** 2),
        )
    elif info.id in EXTERNAL_KERNELS:
        terms, resolved = external_terms(info, prepared, merged)
    elif info.id == "vikor":
        resolved["v"] = unit_interval(info, "v", merged["v"])
        terms = (_read_only(vikor_parts(values, unit, subset, v=resolved["v"]).regret),)
    else:
        columns = [str(c) for c in values.columns]
        settings = promethee_settings(
            columns, functions=merged["functions"], thresholds=merged["thresholds"]
        )
        resolved = settings.as_params()
        flows = promethee_flows(
            values,
            unit,
            subset,
            functions=settings.functions,
            thresholds=settings.thresholds,
        )
        terms = (_read_only(flows.criterion_flows.to_numpy()),)
    return PreparedKernel(
        method=info.id,
        technologies=tuple(str(t) for t in values.index),
        criteria=tuple(str(c) for c in values.columns),
        higher_is_better=info.higher_is_better,
        terms=terms,
        params=MappingProxyType(resolved),
    )


def chunk_rows(kernel: PreparedKernel, *, budget_bytes: int = DEFAULT_MEMORY_BUDGET) -> int:
    """How many weight vectors one batch may hold within ``budget_bytes`` of working memory.

    Counts the float64 and int64 temporaries of :func:`batch_scores` and :func:`batch_ranks`
    per draw (about a dozen technology-length rows, plus the technologies x criteria product
    VIKOR's maximum needs).
    """
    n, m = kernel.shape
    extra = n * m if kernel.method == "vikor" else external_chunk_cells(kernel.method, n, m)
    per_draw = 8 * (2 * m + 12 * n + extra)
    return max(1, int(budget_bytes) // per_draw)


def _weight_rows(kernel: PreparedKernel, weights: npt.ArrayLike) -> FloatArray:
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim == 1:
        w = w[None, :]
    if w.ndim != 2 or w.shape[1] != len(kernel.criteria):
        raise MethodError(
            "rank_weight_rows_shape",
            size=len(kernel.criteria),
            criteria=", ".join(kernel.criteria),
            shape=str(np.shape(weights)),
        )
    totals = w.sum(axis=1, keepdims=True)
    if not (np.isfinite(w).all() and (w >= 0).all() and (totals > 0).all()):
        raise MethodError("rank_weight_rows_invalid")
    return np.asarray(w / totals, dtype=np.float64)


def _share(values: FloatArray) -> FloatArray:
    """Row-wise ``(x - min) / (max - min)``, zeros for a row whose range is zero."""
    low = values.min(axis=1, keepdims=True)
    spread = values.max(axis=1, keepdims=True) - low
    out = np.zeros_like(values)
    np.divide(values - low, spread, out=out, where=spread > 0)
    return out


def _vikor_scores(kernel: PreparedKernel, w: FloatArray, budget_bytes: int) -> FloatArray:
    (shortfall,) = kernel.terms
    v = float(kernel.params["v"])
    s = w @ shortfall.T
    r = np.empty_like(s)
    # The maximum needs a draws x technologies x criteria product: bounded by the budget.
    step = max(1, budget_bytes // (8 * shortfall.size))
    for start in range(0, len(w), step):
        block = w[start : start + step]
        r[start : start + step] = (block[:, None, :] * shortfall[None, :, :]).max(axis=2)
    return np.asarray(v * _share(s) + (1.0 - v) * _share(r), dtype=np.float64)


def batch_scores(
    kernel: PreparedKernel,
    weights: npt.ArrayLike,
    *,
    budget_bytes: int = DEFAULT_MEMORY_BUDGET,
) -> FloatArray:
    """Native scores of every technology under every weight vector.

    Parameters
    ----------
    kernel
        From :func:`prepare_kernel`.
    weights
        Draws x criteria (or one vector), in ``kernel.criteria`` order, non-negative; each row
        is normalised to sum 1 here, as :func:`r57_mcda.ranking.rank` does.
    budget_bytes
        Working memory for VIKOR's three-dimensional maximum.

    Returns
    -------
    numpy.ndarray
        Draws x technologies, equal to :func:`r57_mcda.ranking.rank`'s ``scores`` (to float
        rounding); read with ``kernel.higher_is_better``.

    Raises
    ------
    MethodError
        Weight rows of the wrong length, negative, non-finite or all zero.
    """
    w = _weight_rows(kernel, weights)
    if kernel.method == "wsm":
        return np.asarray(w @ kernel.terms[0].T, dtype=np.float64)
    if kernel.method == "wpm":
        return np.asarray(np.exp(w @ kernel.terms[0].T), dtype=np.float64)
    if kernel.method == "topsis":
        to_ideal, to_anti = kernel.terms
        squared = w * w
        d_plus = np.sqrt(squared @ to_ideal.T)
        d_minus = np.sqrt(squared @ to_anti.T)
        total = d_plus + d_minus
        closeness = np.zeros_like(total)
        np.divide(d_minus, total, out=closeness, where=total > 0)
        return closeness
    if kernel.method == "vikor":
        return _vikor_scores(kernel, w, budget_bytes)
    if kernel.method in EXTERNAL_KERNELS:
        return external_scores(kernel.method, kernel.terms, kernel.params, w, budget_bytes)
    return np.asarray(w @ kernel.terms[0].T, dtype=np.float64)


def batch_ranks(scores: npt.ArrayLike, *, higher_is_better: bool) -> IntArray:
    """Competition ranks (1 = best, ties share the best rank) of every row of ``scores``.

    Identical to :func:`r57_mcda.ranking.ties.competition_ranks` row by row: ties are equality after
    rounding to 12 significant digits. Only neighbours in sorted order that are close enough to
    round equal are rounded, so the cost is one sort per row.

    Parameters
    ----------
    scores
        Draws x technologies native scores, finite.
    higher_is_better
        Whether a larger score is better.

    Returns
    -------
    numpy.ndarray
        Draws x technologies int64 ranks.
    """
    values = np.asarray(scores, dtype=np.float64)
    if values.ndim == 1:
        values = values[None, :]
    n = values.shape[1]
    keys = -values if higher_is_better else values
    # The order within a tie group does not change anyone's rank: no need for a stable sort.
    order = np.argsort(keys, axis=1)
    ordered = np.take_along_axis(keys, order, axis=1)
    # Sorted rows hold their largest magnitude at one end; it sets the row's rounding step
    # (r57_mcda.ranking.ties.tie_keys). Two neighbours can round equal only if closer than one step.
    largest = np.maximum(np.abs(ordered[:, 0]), np.abs(ordered[:, -1]))
    quantum = tie_quantum(largest)[:, None]
    close = np.diff(ordered, axis=1) <= quantum
    ranks = np.empty(values.shape, dtype=np.int64)
    positions = np.broadcast_to(np.arange(1, n + 1, dtype=np.int64), values.shape)
    np.put_along_axis(ranks, order, positions, axis=1)
    if not close.any():
        return ranks
    rows, cols = np.nonzero(close)
    step = quantum[rows, 0]
    a, b = ordered[rows, cols], ordered[rows, cols + 1]
    safe = np.where(step > 0, step, 1.0)
    # A row of zeros has no rounding step: only exact equality ties there.
    same = np.where(step > 0, np.round(a / safe) == np.round(b / safe), a == b)
    if not same.any():
        return ranks
    tied_rows = np.unique(rows[same])
    starts = np.ones((len(tied_rows), n), dtype=bool)
    lookup = np.searchsorted(tied_rows, rows[same])
    starts[lookup, cols[same] + 1] = False
    # Rank at a sorted position = 1 + position of the first member of its tie group.
    first = np.maximum.accumulate(np.where(starts, np.arange(n), 0), axis=1)
    fixed = np.empty((len(tied_rows), n), dtype=np.int64)
    np.put_along_axis(fixed, order[tied_rows], first + 1, axis=1)
    ranks[tied_rows] = fixed
    return ranks
