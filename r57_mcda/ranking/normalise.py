"""The normalisations ranking methods apply before aggregating, public for explanations.

Every function returns a new DataFrame (rows technologies, columns criteria) and expects a
matrix that passed :func:`r57_mcda.ranking.rank`'s validation: no NaN, no constant column
where a range is divided by, positive values where a ratio is taken.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from r57_mcda.models import CriteriaSet


def cost_mask(columns: pd.Index, criteria: CriteriaSet) -> np.ndarray:
    """Boolean array, True where the criterion of ``columns`` is a cost criterion."""
    return np.array([criteria[c].direction == "cost" for c in columns], dtype=bool)


def scale_bounds(matrix: pd.DataFrame, criteria: CriteriaSet, *, declared: bool) -> pd.DataFrame:
    """Lower and upper bound of every criterion: ``lo``, ``hi`` columns indexed by criterion.

    Parameters
    ----------
    matrix
        Decision matrix, rows technology ids, columns criterion ids.
    criteria
        The criteria set the columns belong to.
    declared
        Use a criterion's declared ``scale`` where it has one; otherwise (and always when
        False) the observed minimum and maximum of the column.
    """
    lo = matrix.min(axis=0).astype(float)
    hi = matrix.max(axis=0).astype(float)
    if declared:
        for column in matrix.columns:
            scale = criteria[column].scale
            if scale is not None:
                lo[column], hi[column] = float(scale[0]), float(scale[1])
    return pd.DataFrame({"lo": lo, "hi": hi})


def minmax_values(
    matrix: pd.DataFrame, criteria: CriteriaSet, *, declared: bool = False
) -> pd.DataFrame:
    """Linear 0-1 value scores: ``(x - lo) / (hi - lo)``, ``(hi - x) / (hi - lo)`` for cost.

    With ``declared=False`` (MABAC, CoCoSo, ELECTRE II) ``[lo, hi]`` is the observed range, so
    the worst technology gets 0 and the best 1; with ``declared=True`` (WSM) a declared scale is
    used where there is one.
    """
    bounds = scale_bounds(matrix, criteria, declared=declared)
    lo = bounds["lo"].to_numpy()
    hi = bounds["hi"].to_numpy()
    x = matrix.to_numpy(dtype=float)
    values = (x - lo) / (hi - lo)
    values = np.where(cost_mask(matrix.columns, criteria), 1.0 - values, values)
    return pd.DataFrame(values, index=matrix.index.copy(), columns=matrix.columns.copy())


def wsm_values(matrix: pd.DataFrame, criteria: CriteriaSet) -> pd.DataFrame:
    """The 0-1 value scores WSM adds up: declared scale, else observed range; cost reversed."""
    return minmax_values(matrix, criteria, declared=True)


def ratio_values(matrix: pd.DataFrame, criteria: CriteriaSet) -> pd.DataFrame:
    """Ratio scaling (WPM, WASPAS, CODAS): ``x / max`` for benefit, ``min / x`` for cost."""
    x = matrix.to_numpy(dtype=float)
    values = np.where(cost_mask(matrix.columns, criteria), x.min(axis=0) / x, x / x.max(axis=0))
    return pd.DataFrame(values, index=matrix.index.copy(), columns=matrix.columns.copy())


def vector_normalise(matrix: pd.DataFrame) -> pd.DataFrame:
    """Vector normalisation (TOPSIS, MOORA): ``x / sqrt(sum of x^2)`` per column."""
    x = matrix.to_numpy(dtype=float)
    values = x / np.sqrt((x * x).sum(axis=0))
    return pd.DataFrame(values, index=matrix.index.copy(), columns=matrix.columns.copy())
