"""Move one criterion's weight and keep the others in proportion: the one rescaling rule."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.errors import MethodError

FloatArray = npt.NDArray[np.float64]


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
    out = rescaled_rows(w, j, np.array([value]))[0]
    return pd.Series(out, index=weights.index.copy(), name=weights.name)


def rescaled_rows(w: FloatArray, j: int, t: FloatArray) -> FloatArray:
    """Weight vectors (one row per ``t``) with ``w_j = t`` and the others in proportion."""
    rest = 1.0 - w[j]
    others = w / rest if rest > 0 else np.zeros_like(w)
    out = np.outer(1.0 - t, others)
    out[:, j] = t
    return out
