"""VIKOR (Opricovic & Tzeng 2004) in numpy: S, R, Q, the compromise set and its conditions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.models import CriteriaSet
from r57_mcda.ranking.normalise import cost_mask
from r57_mcda.ranking.ties import tie_keys


@dataclass(frozen=True)
class VikorParts:
    """Every intermediate result of VIKOR.

    ``regret`` holds the weighted shortfalls ``w_j (f*_j - f_ij) / (f*_j - f-_j)`` (0 for a
    criterion with the same value everywhere, listed in ``constant_criteria``); ``s`` is their
    sum (group utility), ``r`` their maximum (individual regret) and ``q`` the compromise index
    (lower is better). ``compromise_set`` holds technology ids in Q order; ``dq`` is the
    acceptable-advantage threshold ``1 / (n - 1)``.
    """

    best: pd.Series
    worst: pd.Series
    regret: pd.DataFrame
    s: pd.Series
    r: pd.Series
    q: pd.Series
    compromise_set: tuple[str, ...]
    acceptable_advantage: bool
    acceptable_stability: bool
    dq: float
    constant_criteria: tuple[str, ...]
    constant_s: bool
    constant_r: bool


def _share(values: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float64], bool]:
    """``(x - min) / (max - min)``; all zeros (and True) when the range is zero."""
    low, high = values.min(), values.max()
    if high == low:
        return np.zeros_like(values), True
    return (values - low) / (high - low), False


def vikor_parts(
    matrix: pd.DataFrame, weights: pd.Series, criteria: CriteriaSet, *, v: float = 0.5
) -> VikorParts:
    """Run VIKOR with strategy weight ``v`` (0.5 = consensus).

    The compromise set follows Opricovic & Tzeng (2004): the best technology by Q alone when
    it has an acceptable advantage (C1: the next Q is at least ``dq`` higher) and is stable
    (C2: also best by S or by R); the best two Q levels when only C1 holds; every technology
    within ``dq`` of the best Q when C1 fails. Technologies sharing the best Q count as one
    first place. Q values are compared after rounding to 12 significant digits.
    """
    x = matrix.to_numpy(dtype=float)
    cost = cost_mask(matrix.columns, criteria)
    best = np.where(cost, x.min(axis=0), x.max(axis=0))
    worst = np.where(cost, x.max(axis=0), x.min(axis=0))
    spread = best - worst
    constant = spread == 0
    # A constant criterion separates no one: its shortfall is 0 rather than 0 / 0.
    shortfall = np.divide(best - x, spread, out=np.zeros_like(x), where=~constant)
    regret = shortfall * weights.reindex(matrix.columns).to_numpy()
    s = regret.sum(axis=1)
    r = regret.max(axis=1)
    s_share, constant_s = _share(s)
    r_share, constant_r = _share(r)
    q = v * s_share + (1.0 - v) * r_share

    n = len(q)
    dq = 1.0 / (n - 1)
    q_key = tie_keys(q)
    levels = np.unique(q_key)
    first = q_key == levels[0]
    # The gaps are compared with DQ on one grid, so that a gap of exactly DQ is not within it.
    gap_and_dq = tie_keys(np.append(q - q[first][0], dq))
    within = gap_and_dq[:-1] < gap_and_dq[-1]
    advantage = bool(np.array_equal(within, first))
    s_key, r_key = tie_keys(s), tie_keys(r)
    bests = (s_key == s_key.min()) | (r_key == r_key.min())
    stability = bool(bests[first].all())
    if advantage and stability:
        chosen = first
    elif advantage:
        chosen = q_key <= levels[min(1, len(levels) - 1)]
    else:
        chosen = within
    order = np.argsort(q, kind="stable")
    ids = [matrix.index[i] for i in order if chosen[i]]

    index = matrix.index.copy()
    return VikorParts(
        best=pd.Series(best, index=matrix.columns.copy(), name="best"),
        worst=pd.Series(worst, index=matrix.columns.copy(), name="worst"),
        regret=pd.DataFrame(regret, index=index, columns=matrix.columns.copy()),
        s=pd.Series(s, index=index.copy(), name="S"),
        r=pd.Series(r, index=index.copy(), name="R"),
        q=pd.Series(q, index=index.copy(), name="Q"),
        compromise_set=tuple(ids),
        acceptable_advantage=advantage,
        acceptable_stability=stability,
        dq=dq,
        constant_criteria=tuple(str(c) for c, k in zip(matrix.columns, constant, strict=True) if k),
        constant_s=constant_s,
        constant_r=constant_r,
    )
