"""Competition ranking (1 = best, ties share the best rank) shared by every method."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

SIGNIFICANT_DIGITS = 12


def tie_quantum(scale: npt.ArrayLike, digits: int = SIGNIFICANT_DIGITS) -> npt.NDArray[np.float64]:
    """The rounding step of ``digits`` significant digits at magnitude ``scale`` (0 -> 0)."""
    s = np.abs(np.asarray(scale, dtype=np.float64))
    out: npt.NDArray[np.float64] = np.zeros_like(s)
    positive = np.isfinite(s) & (s > 0)
    out[positive] = 10.0 ** (np.floor(np.log10(s[positive])) - (digits - 1))
    return out


def tie_keys(values: npt.ArrayLike, digits: int = SIGNIFICANT_DIGITS) -> npt.NDArray[np.float64]:
    """Values rounded to ``digits`` significant digits of the largest magnitude among them.

    All values share one rounding grid, set by the largest: so float noise around zero
    (``-5.6e-17`` against ``0.0`` in a net flow) is a tie, as it is anywhere else on the scale,
    and the result does not depend on the order in which sums were taken.
    """
    arr = np.asarray(values, dtype=float)
    out = arr.copy()
    finite = np.isfinite(arr)
    if not finite.any():
        return out
    quantum = float(tie_quantum(np.abs(arr[finite]).max(), digits))
    if quantum > 0:
        out[finite] = np.round(arr[finite] / quantum) * quantum
    return out


def competition_ranks(scores: pd.Series, *, higher_is_better: bool) -> tuple[pd.Series, pd.Series]:
    """Rank scores 1 = best with "competition" ties (1, 2, 2, 4).

    Ties are exact equality after rounding to 12 significant digits of the largest score
    magnitude (:func:`tie_keys`).

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
    rounded = tie_keys(scores.to_numpy(dtype=float))
    key = -rounded if higher_is_better else rounded
    ranks = pd.Series(key, index=scores.index).rank(method="min").astype(int)
    tied = ranks.duplicated(keep=False)
    return ranks.rename("rank"), tied.rename("tied")
