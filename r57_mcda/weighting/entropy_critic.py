"""Objective criteria weights (entropy, CRITIC) through scikit-criteria's weighters (adapter).

Both functions take an already validated decision matrix (technologies x criteria, finite
numbers, at least two rows); :func:`r57_mcda.weighting.objective.objective_weights` is the
validating entry point.

What scikit-criteria 0.10 computes, and the pre-processing added here:

- ``EntropyWeighter`` calls ``scipy.stats.entropy(column, base=m)``, which divides each column by
  its sum, so it computes the Shannon entropy ``E_j = -sum_i p_ij ln p_ij / ln m`` of the
  proportions ``p_ij = x_ij / sum_i x_ij`` and weights ``(1 - E_j) / sum_k (1 - E_k)`` (Hwang &
  Yoon 1981, *Multiple Attribute Decision Making*, Springer). It needs non-negative
  values. Direction does not enter: entropy measures how unevenly a criterion spreads over the
  technologies, which reversing its sense does not change, and the published examples apply it
  to raw values, cost criteria included (Zavadskas & Podvezko 2016, "Integrated determination
  of objective criteria weights in MCDM", IJITDM 15(2), 267-283).
- ``CRITIC`` (Diakoulaki, Mavrotas & Papayannakis 1995, "Determining objective weights in
  multiple criteria problems: the CRITIC method", Computers & Operations Research 22(7),
  763-770) min-max scales each column toward its ideal (``(x - min) / (max - min)`` for benefit,
  ``(max - x) / (max - min)`` for cost: the paper's cost reversal), then weights
  ``sigma_j * sum_k (1 - r_jk)`` with the population standard deviation and Pearson's r. Its
  warning about minimisation objectives is silenced because that reversal is the published
  method.
- A constant criterion (every technology scores the same) carries no information: it gets
  weight 0 and is left out of the computation, where its entropy is 1 only up to rounding and
  its CRITIC correlations are undefined (0/0). The other weights are those of the method on the
  remaining criteria.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from r57_mcda import skcriteria_adapter
from r57_mcda.errors import MethodError
from r57_mcda.models import Direction


def constant_columns(matrix: pd.DataFrame) -> list[str]:
    """Ids of the columns whose values are all equal."""
    values = matrix.to_numpy(dtype=float)
    return [
        str(c) for c, ptp in zip(matrix.columns, np.ptp(values, axis=0), strict=True) if ptp == 0
    ]


def entropy_weights(matrix: pd.DataFrame) -> pd.Series:
    """Shannon-entropy weights of a non-negative decision matrix (direction-free).

    Parameters
    ----------
    matrix
        Technologies x criteria, finite non-negative numbers, at least two rows.

    Returns
    -------
    pandas.Series
        Weights per criterion id summing to 1; 0 for constant criteria.

    Raises
    ------
    MethodError
        When every criterion is constant: no criterion discriminates, so there is nothing to
        weight by.
    """
    return _weigh(matrix, "entropy", None)


def critic_weights(matrix: pd.DataFrame, directions: pd.Series) -> pd.Series:
    """CRITIC weights (Diakoulaki et al. 1995) with cost criteria reversed.

    Parameters
    ----------
    matrix
        Technologies x criteria, finite numbers, at least two rows.
    directions
        ``benefit``/``cost`` per criterion id.

    Returns
    -------
    pandas.Series
        Weights per criterion id summing to 1; 0 for constant criteria.

    Raises
    ------
    MethodError
        When fewer than two criteria vary, or every varying criterion is perfectly correlated
        with the others: CRITIC's information measure is then 0 for all and the weights are
        undefined.
    """
    return _weigh(matrix, "critic", directions)


def _weigh(
    matrix: pd.DataFrame, kind: Literal["entropy", "critic"], directions: pd.Series | None
) -> pd.Series:
    label = "entropy" if kind == "entropy" else "CRITIC"
    ids = [str(c) for c in matrix.columns]
    constant = set(constant_columns(matrix))
    informative = [c for c in ids if c not in constant]
    minimum = 1 if directions is None else 2
    if len(informative) < minimum:
        if not informative:
            raise MethodError("weights_objective_constant", label=label)
        raise MethodError("weights_objective_one_varies", label=label, criterion=informative[0])
    frame = matrix.copy()
    frame.columns = ids
    sub = frame[informative].to_numpy(dtype=float)
    maximise = [directions is None or _direction(directions, c) != "cost" for c in informative]
    # 0/0 appears only in the degenerate cases reported below as a MethodError.
    raw = skcriteria_adapter.weigh(kind, sub, maximise)
    if not np.all(np.isfinite(raw)) or raw.sum() <= 0:
        raise MethodError("weights_objective_correlated", label=label, ids=", ".join(informative))
    # Rounding can leave -1e-17 for a near-constant column; weights are non-negative by
    # definition, so clip and renormalise.
    clipped = np.clip(raw, 0.0, None)
    weights = pd.Series(0.0, index=ids, name="weight")
    weights[informative] = clipped / clipped.sum()
    return weights


def _direction(directions: pd.Series, criterion: str) -> Direction:
    value = str(directions[criterion])
    if value not in ("benefit", "cost"):
        raise MethodError("weights_bad_direction", criterion=criterion, direction=value)
    return "cost" if value == "cost" else "benefit"
