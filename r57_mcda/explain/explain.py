"""Why technologies stand where they do: per-criterion contributions and pairwise comparisons."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import optimize

from r57_mcda.errors import InputError, MethodError, Problem
from r57_mcda.models import CriteriaSet, Ranking
from r57_mcda.ranking import (
    method_info,
    minmax_values,
    rank,
    ratio_values,
    scale_bounds,
    topsis_parts,
    vector_normalise,
    wsm_values,
)
from r57_mcda.ranking.kernels import batch_scores, prepare_kernel
from r57_mcda.ranking.normalise import cost_mask
from r57_mcda.ranking.prepare import Prepared, validate_inputs
from r57_mcda.ranking.registry import Normalisation

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
ContributionKind = Literal["points", "distance_share", "net_flow"]

#: Methods whose score splits into per-criterion parts (see :func:`contributions`).
ADDITIVE_METHODS: tuple[str, ...] = ("wsm", "topsis", "promethee2")
#: Methods for which :func:`compare_pair` finds the weights that swap two technologies.
SWAP_METHODS: tuple[str, ...] = ("wsm", "topsis")
#: Evenly spaced weights in [0, 1] at which TOPSIS is evaluated before a crossing is refined.
SWAP_GRID_POINTS = 1001
#: Absolute tolerance of a refined TOPSIS swap weight.
SWAP_XTOL = 1e-10
#: A swap must put the other technology ahead by more than this (on the method's 0-1 score
#: scale) somewhere in [0, 1]; smaller margins are float noise and rank as ties.
SWAP_MARGIN = 1e-9

_NOTES: Mapping[str, tuple[ContributionKind, str, str]] = {
    "wsm": (
        "points",
        "Points each criterion adds to the WSM score: 100 x weight x 0-1 value. Each row adds "
        "up to the technology's score.",
        "Số điểm mỗi tiêu chí đóng góp vào điểm WSM: 100 x trọng số x giá trị 0-1. Tổng mỗi "
        "dòng bằng điểm của công nghệ.",
    ),
    "topsis": (
        "distance_share",
        "Share of each criterion in the squared weighted distance to the ideal (values) and to "
        "the anti-ideal (anti_ideal); each row adds up to 1. A large share of the distance to "
        "the ideal is where the technology falls short; a large share of the distance to the "
        "anti-ideal is where it stands out. Undefined (empty) for a technology at that point.",
        "Tỉ trọng của mỗi tiêu chí trong bình phương khoảng cách có trọng số tới phương án lý "
        "tưởng (values) và tới phương án kém nhất (anti_ideal); tổng mỗi dòng bằng 1. Tỉ trọng "
        "lớn trong khoảng cách tới lý tưởng là chỗ công nghệ còn thiếu hụt; tỉ trọng lớn trong "
        "khoảng cách tới phương án kém nhất là chỗ công nghệ nổi trội. Không xác định (để trống) "
        "khi công nghệ trùng với điểm đó.",
    ),
    "promethee2": (
        "net_flow",
        "Each criterion's part of the net outranking flow: weight x the criterion's own net "
        "flow. Each row adds up to the technology's net flow.",
        "Phần của mỗi tiêu chí trong dòng trội thuần: trọng số x dòng trội thuần riêng của tiêu "
        "chí. Tổng mỗi dòng bằng dòng trội thuần của công nghệ.",
    ),
}


# DataFrame fields make == ambiguous, so these results compare by identity.
@dataclass(frozen=True, eq=False)
class Contributions:
    """Per-criterion parts of each technology's score under one method.

    ``values`` is technologies x criteria (every matrix column; criteria with weight 0 count
    0). ``totals`` is what each row adds up to: the WSM score (0-100 points), 1 for TOPSIS
    shares, the PROMETHEE II net flow. ``anti_ideal`` holds TOPSIS's shares of the distance to
    the anti-ideal (``None`` for the other methods). ``note`` / ``note_vi`` say how to read it.
    """

    method: str
    kind: ContributionKind
    values: pd.DataFrame
    totals: pd.Series
    note: str
    note_vi: str
    anti_ideal: pd.DataFrame | None = None


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
    ``gap``, the weighted gap in ``a``'s favour (see ``gap_note``). ``ahead`` is the id ranked
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
    gap_note: str
    gap_note_vi: str
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


def contributions(
    matrix: pd.DataFrame,
    weights: pd.Series,
    criteria: CriteriaSet,
    *,
    method: str,
    params: Mapping[str, Any] | None = None,
) -> Contributions:
    """Split each technology's score into per-criterion parts.

    - ``wsm``: ``100 * w_j * v_ij`` points (``v`` the 0-1 values); rows add up to the score.
    - ``topsis``: criterion j's share of the squared weighted distances,
      ``(w_j (r_ij - r*_j))^2 / d+_i^2`` to the ideal (``values``) and the same to the
      anti-ideal (``anti_ideal``); rows add up to 1, NaN where the distance is 0.
    - ``promethee2``: ``w_j * phi_j(i)``, the weighted single-criterion net flows; rows add up
      to the net flow.

    Raises
    ------
    MethodError
        For any other method (their scores do not split by criterion; use
        :func:`compare_pair`), or when the method cannot run on these inputs.
    InputError
        When the matrix or weights are invalid.
    """
    method_id = method_info(method).id
    if method_id not in ADDITIVE_METHODS:
        raise MethodError(f"no additive explanation for {method_id}; use compare_pair")
    ranking, prepared = _run(matrix, weights, criteria, method=method_id, params=params)
    kind, note, note_vi = _NOTES[method_id]
    if method_id == "topsis":
        parts = topsis_parts(prepared.matrix, prepared.weights, prepared.criteria)
        to_ideal = _shares((parts.weighted - parts.ideal) ** 2, matrix.columns)
        to_anti = _shares((parts.weighted - parts.anti_ideal) ** 2, matrix.columns)
        totals = to_ideal.sum(axis=1, min_count=1).rename("total")
        return Contributions(method_id, kind, to_ideal, totals, note, note_vi, to_anti)
    values = _additive_parts(ranking, matrix.columns)
    return Contributions(method_id, kind, values, ranking.scores.rename("total"), note, note_vi)


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
    weights keep their proportions (``w_k(t) = w_k (1 - t) / (1 - w_j)``, so the sum stays 1).
    WSM's score difference is then linear in ``t`` and the crossing is solved exactly. TOPSIS's
    is not: it is evaluated at :data:`SWAP_GRID_POINTS` evenly spaced weights (and the current
    one), and the crossing nearest the current weight on either side is refined with Brent's
    method to :data:`SWAP_XTOL`; two crossings closer together than the grid step may be
    missed. A crossing counts only if the other technology then gets ahead by more than
    :data:`SWAP_MARGIN`. When every other weight is 0 no rescaling moves the weight, so there
    is no swap.

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
        Problem(f"technology {t!r} is not in the decision matrix")
        for t in (a, b)
        if t not in matrix.index
    ]
    if a == b:
        problems.append(Problem("choose two different technologies to compare"))
    if problems:
        raise InputError(problems)
    info = method_info(method)
    ranking, prepared = _run(matrix, weights, criteria, method=info.id, params=params)
    full = _validated_matrix(matrix, prepared)
    w = ranking.weights.reindex(full.columns).to_numpy(dtype=float)
    signs = np.where(cost_mask(full.columns, criteria), -1.0, 1.0)
    x_a, x_b = full.loc[a].to_numpy(), full.loc[b].to_numpy()
    if info.id in ("wsm", "promethee2"):
        parts = _additive_parts(ranking, full.columns)
        gap = (parts.loc[a] - parts.loc[b]).to_numpy()
    else:
        oriented = _oriented_values(full, criteria, info.normalisation)
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
    note, note_vi = _gap_notes(info.id)
    return PairExplanation(
        method=info.id,
        a=a,
        b=b,
        score_a=float(ranking.scores[a]),
        score_b=float(ranking.scores[b]),
        higher_is_better=ranking.higher_is_better,
        ahead=ahead,
        criteria=table,
        gap_note=note,
        gap_note_vi=note_vi,
        swaps=swaps,
        smallest_swap=min(found, key=lambda s: abs(s.change)) if found else None,
    )


def rescale_weights(weights: pd.Series, criterion: str, value: float) -> pd.Series:
    """Set one criterion's weight to ``value``, rescaling the others in proportion (sum 1).

    Raises
    ------
    MethodError
        ``value`` outside [0, 1], an unknown criterion, or ``value < 1`` while every other
        weight is 0 (there is no proportion to keep).
    """
    if criterion not in weights.index:
        raise MethodError(f"no weight for criterion {criterion!r}")
    if not 0.0 <= value <= 1.0:
        raise MethodError(f"a weight must be between 0 and 1; got {value}")
    w = weights.to_numpy(dtype=float)
    w = w / w.sum()
    j = int(weights.index.get_loc(criterion))
    if w[j] >= 1.0 and value < 1.0:
        raise MethodError(
            f"every weight but {criterion!r} is 0: there is no proportion to rescale them in"
        )
    out = _rescaled(w, j, np.array([value]))[0]
    return pd.Series(out, index=weights.index.copy(), name=weights.name)


def _run(
    matrix: pd.DataFrame,
    weights: pd.Series,
    criteria: CriteriaSet,
    *,
    method: str,
    params: Mapping[str, Any] | None,
) -> tuple[Ranking, Prepared]:
    ranking = rank(matrix, weights, criteria, method=method, params=params)
    # rank has validated these already, so this second pass cannot raise.
    return ranking, validate_inputs(matrix, weights, criteria)


def _validated_matrix(matrix: pd.DataFrame, prepared: Prepared) -> pd.DataFrame:
    """Every column as float, the weighted ones exactly as the method saw them (clipped)."""
    full = matrix.astype(float)
    full[list(prepared.matrix.columns)] = prepared.matrix
    return full


def _additive_parts(ranking: Ranking, columns: pd.Index) -> pd.DataFrame:
    """WSM points or PROMETHEE II weighted criterion flows, for every column."""
    if ranking.method == "wsm":
        parts = ranking.extras["contributions"]
    else:
        flows = ranking.extras["criterion_flows"]
        parts = flows * ranking.weights.reindex(flows.columns).to_numpy()
    return parts.reindex(columns=columns, fill_value=0.0)


def _shares(squares: pd.DataFrame, columns: pd.Index) -> pd.DataFrame:
    """Each column's share of its row's total; every column of a zero-total row NaN."""
    totals = squares.sum(axis=1)
    frame = squares.reindex(columns=columns, fill_value=0.0)
    defined = (totals > 0).to_numpy()
    values = frame.to_numpy()
    shares = np.full_like(values, np.nan)
    shares[defined] = values[defined] / totals.to_numpy()[defined, None]
    return pd.DataFrame(shares, index=frame.index.copy(), columns=frame.columns.copy())


def _usable(full: pd.DataFrame, criteria: CriteriaSet, normalisation: Normalisation) -> BoolArray:
    """Columns the normalisation is defined for (only zero-weight ones can fail: rank checks)."""
    x = full.to_numpy()
    if normalisation == "ratio":
        return np.asarray((x > 0).all(axis=0))
    if normalisation == "vector":
        return np.asarray((x != 0).any(axis=0))
    bounds = scale_bounds(full, criteria, declared=normalisation in ("value_scale", "bounds"))
    return np.asarray((bounds["hi"] > bounds["lo"]).to_numpy())


def _oriented_values(
    full: pd.DataFrame, criteria: CriteriaSet, normalisation: Normalisation
) -> pd.DataFrame:
    """The method's normalised values, higher = better; 0 in columns it is undefined for.

    Those columns have weight 0 and equal values in every pair's gap, so 0 changes nothing.
    """
    part = full.loc[:, _usable(full, criteria, normalisation)]
    if normalisation == "ratio":
        values = ratio_values(part, criteria)
    elif normalisation == "vector":
        values = vector_normalise(part) * np.where(cost_mask(part.columns, criteria), -1.0, 1.0)
    elif normalisation in ("value_scale", "bounds"):
        values = wsm_values(part, criteria)
    else:
        # Observed-range scaling: VIKOR's shortfall, EDAS and the min-max methods.
        values = minmax_values(part, criteria)
    return values.reindex(columns=full.columns, fill_value=0.0)


def _gap_notes(method: str) -> tuple[str, str]:
    if method == "wsm":
        return (
            "WSM points in a's favour: 100 x weight x (value of a - value of b).",
            "Điểm WSM nghiêng về a: 100 x trọng số x (giá trị của a - giá trị của b).",
        )
    if method == "promethee2":
        return (
            "Weighted criterion net flow of a minus that of b.",
            "Dòng trội thuần có trọng số theo tiêu chí của a trừ của b.",
        )
    return (
        "Weight x (normalised value of a - that of b), positive in a's favour.",
        "Trọng số x (giá trị chuẩn hoá của a - của b), dương nghĩa là nghiêng về a.",
    )


def _rescaled(w: FloatArray, j: int, t: FloatArray) -> FloatArray:
    """Weight vectors (one row per ``t``) with ``w_j = t`` and the others in proportion."""
    rest = 1.0 - w[j]
    others = w / rest if rest > 0 else np.zeros_like(w)
    out = np.outer(1.0 - t, others)
    out[:, j] = t
    return out


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
    usable = _usable(full, criteria, normalisation)
    find: Callable[[int], float | None]
    if method == "wsm":
        values = _oriented_values(full, criteria, normalisation)
        delta = (values.loc[leader] - values.loc[other]).to_numpy()
        find = partial(_wsm_swap, delta, w)
    else:
        find = partial(_topsis_swap, _topsis_lead(full, criteria, usable, leader, other), w)
    out: dict[str, WeightSwap | None] = {}
    for j, column in enumerate(full.columns):
        # w_j = 1 leaves no proportion to rescale in; an unusable column would make rank fail.
        t = find(j) if usable[j] and w[j] < 1.0 else None
        out[str(column)] = (
            None
            if t is None
            else WeightSwap(
                criterion=str(column),
                weight=float(w[j]),
                swap_weight=t,
                weights=pd.Series(_rescaled(w, j, np.array([t]))[0], index=full.columns.copy()),
            )
        )
    return out


def _wsm_swap(delta: FloatArray, w: FloatArray, j: int) -> float | None:
    """Exact crossing of the leader's WSM lead ``D(t) = t d_j + (1 - t) R`` (0-1 scale)."""
    rest = (w @ delta - w[j] * delta[j]) / (1.0 - w[j])
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
        return float(lead(_rescaled(w, j, np.array([t])))[0])

    grid = np.union1d(np.linspace(0.0, 1.0, SWAP_GRID_POINTS), [w[j]])
    values = lead(_rescaled(w, j, grid))
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
