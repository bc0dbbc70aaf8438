"""Competition ranking (1 = best, ties share the best rank) shared by every method."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

SIGNIFICANT_DIGITS = 12


def round_significant(
    values: npt.ArrayLike, digits: int = SIGNIFICANT_DIGITS
) -> npt.NDArray[np.float64]:
    """Round to ``digits`` significant digits, so that float noise does not break ties."""
    arr = np.asarray(values, dtype=float)
    out = arr.copy()
    finite = np.isfinite(arr) & (arr != 0)
    mags = np.floor(np.log10(np.abs(arr[finite])))
    scale = 10.0 ** (digits - 1 - mags)
    out[finite] = np.round(arr[finite] * scale) / scale
    return out


def competition_ranks(scores: pd.Series, *, higher_is_better: bool) -> tuple[pd.Series, pd.Series]:
    """Rank scores 1 = best with "competition" ties (1, 2, 2, 4).

    Ties are exact equality after rounding to 12 significant digits.

    Parameters
    ----------
    scores
        Native scores indexed by technology id; NaN is not allowed.
    higher_is_better
        Whether a larger score is better.

    Returns
    -------
    (ranks, tied)
        Integer ranks and a boolean flag for technologies sharing their rank, both indexed like
        ``scores``.
    """
    rounded = round_significant(scores.to_numpy(dtype=float))
    key = -rounded if higher_is_better else rounded
    ranks = pd.Series(key, index=scores.index).rank(method="min").astype(int)
    tied = ranks.duplicated(keep=False)
    return ranks.rename("rank"), tied.rename("tied")
