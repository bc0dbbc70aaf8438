"""Why a stands above b, criterion by criterion, and the weight change that swaps them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize

from r57_mcda.errors import InputError, Problem
from r57_mcda.explain.contributions import (
    BoolArray,
    FloatArray,
    additive_parts,
    oriented_values,
    ranked,
    usable_columns,
    validated_matrix,
)
from r57_mcda.i18n import Message
from r57_mcda.models import CriteriaSet
from r57_mcda.ranking import (
    method_info,
)
from r57_mcda.ranking.kernels import batch_scores, prepare_kernel
from r57_mcda.ranking.normalise import cost_mask
from r57_mcda.ranking.registry import Normalisation
from r57_mcda.weighting.rescale import rescaled_rows

#: Methods for which :func:`compare_pair` finds the weights that swap two technologies.
SWAP_METHODS: tuple[str, ...] = ("wsm", "topsis")


#: Evenly spaced weights in [0, 1] at which TOPSIS is evaluated before a crossing is refined.
SWAP_GRID_POINTS = 1001


#: Absolute tolerance of a refined TOPSIS swap weight.
SWAP_XTOL = 1e-10


#: A swap must put the other technology ahead by more than this (on the method's 0-1 score
#: scale) somewhere in [0, 1]; smaller margins are float noise and rank as ties.
SWAP_MARGIN = 1e-9


@dataclass(frozen=True, eq=False)
class WeightSwap:
    """A weight of one criterion at which two technologies tie; beyond it they swap.

    ``weights`` are all the weights at ``swap_weight``, the others rescaled in proportion.
    """

    criterion: str
    weight: float
    swap_weight: float
    weights: pd.Series

    @property
    def change(self) -> float:
        """``swap_weight - weight``: how far the weight must move (the swap lies just beyond)."""
        return self.swap_weight - self.weight


@dataclass(frozen=True, eq=False)
class PairExplanation:
    """Two technologies side by side under one method.

    ``criteria`` (indexed by criterion id) has ``direction``, ``weight``, ``value_a``,
    ``value_b``, ``better`` (``"a"``, ``"b"`` or ``""`` for equal values, direction-aware) and
    ``gap``, the weighted gap in ``a``'s favour (``gap_note`` says how to read it, a message for
    the front end to render with ``gap_note.text(lang)``). ``ahead`` is the id ranked
    ahead, ``None`` for a tie. ``swaps`` maps each criterion to the :class:`WeightSwap` nearest
    to its current weight, or ``None`` when no weight of that criterion in [0, 1] swaps the
    pair; ``swaps`` itself is ``None`` for a tie or a method outside :data:`SWAP_METHODS`.
    """

    method: str
    a: str
    b: str
    score_a: float
    score_b: float
    higher_is_better: bool
    ahead: str | None
    criteria: pd.DataFrame
    gap_note: Message
    swaps: Mapping[str, WeightSwap | None] | None
    smallest_swap: WeightSwap | None

    @property
    def a_better(self) -> list[str]:
        """Criteria on which ``a`` has the better value."""
        return list(self.criteria.index[self.criteria["better"] == "a"])

    @property
    def b_better(self) -> list[str]:
        """Criteria on which ``b`` has the better value."""
        return list(self.criteria.index[self.criteria["better"] == "b"])

    def swap_table(self) -> pd.DataFrame:
        """Per criterion: current ``weight``, ``swap_weight`` and ``change`` (NaN: no swap)."""
        rows = {
            c: (
                float(self.criteria.at[c, "weight"]),
                np.nan if s is None else s.swap_weight,
                np.nan if s is None else s.change,
            )
            for c, s in (self.swaps or {}).items()
        }
        return pd.DataFrame.from_dict(
            rows, orient="index", columns=["weight", "swap_weight", "change"]
        )


def compare_pair(
    matrix: pd.DataFrame,
    weights: pd.Series,
    criteria: CriteriaSet,
    a: str,
    b: str,
    *,
    method: str,
    params: Mapping[str, Any] | None = None,
) -> PairExplanation:
    """Compare technologies ``a`` and ``b``, and find the weights that would swap them.

    For ``wsm`` and ``topsis``, each criterion j's weight is moved over [0, 1] while the other
    weights keep their proportions (``w_k(t) = w_k (1 - t) / (1 - w_j)``, so the sum stays 1;
    the one rule of :mod:`r57_mcda.weighting.rescale`, shared with the weight sweeps).
    WSM's score difference is then linear in ``t`` and the crossing is solved exactly. TOPSIS's
    is not: it is evaluated at :data:`SWAP_GRID_POINTS` evenly spaced weights (and the current
    one), and the crossing nearest the current weight on either side is refined with Brent's
    method to :data:`SWAP_XTOL`; two crossings closer together than the grid step may be
    missed. A crossing counts only if the other technology then gets ahead by more than
    :data:`SWAP_MARGIN`. When every other weight is 0 (``w_j = 1``) the others share the rest
    equally, as that rule says; a move that would weigh a column the method cannot use (all
    zero for TOPSIS, constant without a declared scale for WSM) finds no swap.

    The weighted ``gap`` is in ``a``'s favour: WSM points ``100 w_j (v_aj - v_bj)`` (they add
    up to the score difference); PROMETHEE II ``w_j (phi_j(a) - phi_j(b))`` (they add up to
    the net-flow difference); otherwise ``w_j`` times the difference of the method's own
    normalised values, oriented so that positive favours ``a``.

    Raises
    ------
    InputError
        ``a`` or ``b`` is not a technology of the matrix, or they are the same; invalid matrix.
    MethodError
        The method cannot run on these inputs.
    """
    problems = [
        Problem("explain_not_in_matrix", params={"technology": repr(t)})
        for t in (a, b)
        if t not in matrix.index
    ]
    if a == b:
        problems.append(Problem("explain_same_technology"))
    if problems:
        raise InputError(problems)
    info = method_info(method)
    ranking, prepared = ranked(matrix, weights, criteria, method=info.id, params=params)
    full = validated_matrix(matrix, prepared)
    w = ranking.weights.reindex(full.columns).to_numpy(dtype=float)
    signs = np.where(cost_mask(full.columns, criteria), -1.0, 1.0)
    x_a, x_b = full.loc[a].to_numpy(), full.loc[b].to_numpy()
    if info.id in ("wsm", "promethee2"):
        parts = additive_parts(ranking, full.columns)
        gap = (parts.loc[a] - parts.loc[b]).to_numpy()
    else:
        oriented = oriented_values(full, criteria, info.normalisation)
        gap = w * (oriented.loc[a] - oriented.loc[b]).to_numpy()
    better = np.sign(signs * (x_a - x_b))
    table = pd.DataFrame(
        {
            "direction": [criteria[c].direction for c in full.columns],
            "weight": w,
            "value_a": x_a,
            "value_b": x_b,
            "better": np.where(better > 0, "a", np.where(better < 0, "b", "")),
            "gap": gap,
        },
        index=full.columns.copy(),
    )
    rank_a, rank_b = int(ranking.ranks[a]), int(ranking.ranks[b])
    ahead = None if rank_a == rank_b else (a if rank_a < rank_b else b)
    swaps: dict[str, WeightSwap | None] | None = None
    if ahead is not None and info.id in SWAP_METHODS:
        other = b if ahead == a else a
        swaps = _swaps(info.id, full, criteria, weights=ranking.weights, leader=ahead, other=other)
    found = [s for s in (swaps or {}).values() if s is not None]
    return PairExplanation(
        method=info.id,
        a=a,
        b=b,
        score_a=float(ranking.scores[a]),
        score_b=float(ranking.scores[b]),
        higher_is_better=ranking.higher_is_better,
        ahead=ahead,
        criteria=table,
        gap_note=_gap_note(info.id),
        swaps=swaps,
        smallest_swap=min(found, key=lambda s: abs(s.change)) if found else None,
    )


def _gap_note(method: str) -> Message:
    if method == "wsm":
        return Message("explain_gap_wsm")
    if method == "promethee2":
        return Message("explain_gap_promethee2")
    return Message("explain_gap_other")


def _swaps(
    method: str,
    full: pd.DataFrame,
    criteria: CriteriaSet,
    *,
    weights: pd.Series,
    leader: str,
    other: str,
) -> dict[str, WeightSwap | None]:
    w = weights.reindex(full.columns).to_numpy(dtype=float)
    normalisation: Normalisation = "value_scale" if method == "wsm" else "vector"
    usable = usable_columns(full, criteria, normalisation)
    find: Callable[[int], float | None]
    if method == "wsm":
        values = oriented_values(full, criteria, normalisation)
        delta = (values.loc[leader] - values.loc[other]).to_numpy()
        find = partial(_wsm_swap, delta, w)
    else:
        find = partial(_topsis_swap, _topsis_lead(full, criteria, usable, leader, other), w)
    out: dict[str, WeightSwap | None] = {}
    for j, column in enumerate(full.columns):
        # Moving w_j must not weigh an unusable column (only when w_j = 1 can it: the others then
        # share the rest equally), nor be an unusable column's: rank would refuse the weights.
        moved = rescaled_rows(w, j, [0.0])[0]
        t = find(j) if usable[j] and not (moved[~usable] > 0).any() else None
        out[str(column)] = (
            None
            if t is None
            else WeightSwap(
                criterion=str(column),
                weight=float(w[j]),
                swap_weight=t,
                weights=pd.Series(rescaled_rows(w, j, [t])[0], index=full.columns.copy()),
            )
        )
    return out


def _wsm_swap(delta: FloatArray, w: FloatArray, j: int) -> float | None:
    """Exact crossing of the leader's WSM lead ``D(t) = t d_j + (1 - t) R`` (0-1 scale).

    ``R`` is the lead at ``t = 0``, where the others hold all the weight (rescaled by the rule).
    """
    rest = float(rescaled_rows(w, j, [0.0])[0] @ delta)
    # D is linear: the lead turns negative within [0, 1] iff it is negative at an end.
    if min(rest, delta[j]) >= -SWAP_MARGIN:
        return None
    return float(rest / (rest - delta[j]))


def _topsis_lead(
    full: pd.DataFrame, criteria: CriteriaSet, usable: BoolArray, leader: str, other: str
) -> Callable[[FloatArray], FloatArray]:
    """Closeness of ``leader`` minus that of ``other``, for a stack of weight vectors.

    Uses the TOPSIS batch kernel (one normalisation, then two matrix products per stack), so a
    dense grid of weights costs about one ranking. Unusable columns (all zero; their weight is
    0 and rescaling keeps it 0) are left out.
    """
    kernel = prepare_kernel(full.loc[:, usable], criteria, method="topsis")
    a, b = kernel.technologies.index(leader), kernel.technologies.index(other)

    def lead(weight_rows: FloatArray) -> FloatArray:
        closeness = batch_scores(kernel, weight_rows[:, usable])
        return np.asarray(closeness[:, a] - closeness[:, b], dtype=np.float64)

    return lead


def _topsis_swap(lead: Callable[[FloatArray], FloatArray], w: FloatArray, j: int) -> float | None:
    """Crossing of the TOPSIS lead nearest to ``w_j``: grid search, then Brent's method."""

    def lead_at(t: float) -> float:
        return float(lead(rescaled_rows(w, j, [t]))[0])

    grid = np.union1d(np.linspace(0.0, 1.0, SWAP_GRID_POINTS), [w[j]])
    values = lead(rescaled_rows(w, j, grid))
    start = int(np.searchsorted(grid, w[j]))
    roots: list[float] = []
    for step in (1, -1):
        stop = len(grid) if step == 1 else -1
        beyond = next(
            (k for k in range(start + step, stop, step) if values[k] < -SWAP_MARGIN), None
        )
        if beyond is None:
            continue
        # Walk back to the last point where the leader is still ahead: the crossing is next.
        k = beyond
        while k - step != start and values[k - step] < 0:
            k -= step
        lo, hi = sorted((float(grid[k - step]), float(grid[k])))
        roots.append(float(optimize.brentq(lead_at, lo, hi, xtol=SWAP_XTOL)))
    return min(roots, key=lambda t: abs(t - w[j])) if roots else None
