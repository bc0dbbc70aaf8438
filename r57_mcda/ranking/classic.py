"""Weighted sum, weighted product and TOPSIS in numpy, with the parts explanations show."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from r57_mcda.models import CriteriaSet
from r57_mcda.ranking.normalise import cost_mask, ratio_values, vector_normalise, wsm_values


def wsm_contributions(
    matrix: pd.DataFrame, weights: pd.Series, criteria: CriteriaSet
) -> pd.DataFrame:
    """Points each criterion adds to a technology's WSM score: ``100 * w_j * v_ij``.

    Rows sum to the WSM score (0-100). ``v`` is :func:`wsm_values`; ``weights`` is indexed by
    criterion id and sums to 1.
    """
    values = wsm_values(matrix, criteria)
    return values * (100.0 * weights.reindex(matrix.columns).to_numpy())


def wsm_scores(matrix: pd.DataFrame, weights: pd.Series, criteria: CriteriaSet) -> pd.Series:
    """WSM score, 0-100 points, higher is better: ``100 * sum_j w_j v_ij``."""
    return wsm_contributions(matrix, weights, criteria).sum(axis=1).rename("score")


def wpm_scores(matrix: pd.DataFrame, weights: pd.Series, criteria: CriteriaSet) -> pd.Series:
    """WPM score ``prod_j r_ij ** w_j`` with :func:`ratio_values` ``r`` (needs ``x > 0``)."""
    ratios = ratio_values(matrix, criteria).to_numpy()
    # Summing logarithms avoids underflow with many criteria.
    log_score = np.log(ratios) @ weights.reindex(matrix.columns).to_numpy()
    return pd.Series(np.exp(log_score), index=matrix.index.copy(), name="score")


@dataclass(frozen=True)
class TopsisParts:
    """Every intermediate result of TOPSIS (Hwang & Yoon 1981).

    ``normalised`` is the vector-normalised matrix, ``weighted`` the same times the weights;
    ``ideal`` / ``anti_ideal`` are per criterion (max/min of ``weighted`` for benefit, min/max
    for cost); ``d_plus`` / ``d_minus`` are Euclidean distances to them and ``closeness`` is
    ``d_minus / (d_plus + d_minus)``.
    """

    normalised: pd.DataFrame
    weighted: pd.DataFrame
    ideal: pd.Series
    anti_ideal: pd.Series
    d_plus: pd.Series
    d_minus: pd.Series
    closeness: pd.Series


def topsis_parts(matrix: pd.DataFrame, weights: pd.Series, criteria: CriteriaSet) -> TopsisParts:
    """Run classic TOPSIS: vector normalisation, cost ideal = minimum, Euclidean distances."""
    normalised = vector_normalise(matrix)
    weighted = normalised * weights.reindex(matrix.columns).to_numpy()
    v = weighted.to_numpy()
    cost = cost_mask(matrix.columns, criteria)
    ideal = np.where(cost, v.min(axis=0), v.max(axis=0))
    anti = np.where(cost, v.max(axis=0), v.min(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    index = matrix.index.copy()
    columns = matrix.columns.copy()
    return TopsisParts(
        normalised=normalised,
        weighted=weighted,
        ideal=pd.Series(ideal, index=columns, name="ideal"),
        anti_ideal=pd.Series(anti, index=columns.copy(), name="anti_ideal"),
        d_plus=pd.Series(d_plus, index=index, name="d_plus"),
        d_minus=pd.Series(d_minus, index=index.copy(), name="d_minus"),
        closeness=pd.Series(d_minus / (d_plus + d_minus), index=index.copy(), name="closeness"),
    )
