"""Move one criterion's weight and keep the others in proportion: the one rescaling rule.

Moving criterion ``j`` from its weight ``w_j`` to ``t`` (``0 <= t <= 1``) gives::

    w_j(t) = t,    w_k(t) = (1 - t) * w_k / (1 - w_j)   for every other criterion k,

so the other weights keep their ratios and the weights still sum to 1; ``t = w_j`` gives the
current weights back and a weight of 0 stays 0. Weight sweeps and stability intervals
(:mod:`r57_mcda.sensitivity.sweep`, :mod:`r57_mcda.sensitivity.stability`) and the weight that
swaps two technologies (:mod:`r57_mcda.explain.pairs`) all move weights by this one rule.

**Degenerate case.** When ``w_j = 1`` every other weight is 0 and there are no ratios to keep.
The others then share the rest equally: ``w_k(t) = (1 - t) / (n - 1)``. Nothing says how they
compare, so each counts the same, as equal weights do. At ``t = 1`` this is the current
weighting; below 1 every other criterion gets some weight (a zero-weight criterion then counts,
so it must be usable by the method). A single criterion has no other to give weight to: its
weight stays 1 whatever ``t``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.errors import MethodError

FloatArray = npt.NDArray[np.float64]


def rescale_weights(weights: pd.Series, criterion: str, value: float) -> pd.Series:
    """Set one criterion's weight to ``value``, the others rescaled in proportion (sum 1).

    ``weights`` are normalised to sum 1 first. See the module docstring for the rule, and for
    the degenerate case of a criterion that holds all the weight.

    Raises
    ------
    MethodError
        ``value`` outside [0, 1], or an unknown criterion.
    """
    if criterion not in weights.index:
        raise MethodError("weights_rescale_unknown", criterion=criterion)
    if not 0.0 <= value <= 1.0:
        raise MethodError("weights_rescale_range", value=value)
    w = weights.to_numpy(dtype=float)
    w = w / w.sum()
    j = int(weights.index.get_loc(criterion))
    out = rescaled_rows(w, j, [value])[0]
    return pd.Series(out, index=weights.index.copy(), name=weights.name)


def rescaled_rows(w: npt.ArrayLike, j: int, t: npt.ArrayLike) -> FloatArray:
    """Weight vectors, one row per value of ``t``, with ``w_j = t`` and the others rescaled.

    ``w`` must sum to 1 (it is not normalised here: the batch callers have done it). The rule,
    and its degenerate case ``w_j = 1``, are those of the module docstring.
    """
    weights = np.asarray(w, dtype=np.float64)
    values = np.asarray(t, dtype=np.float64).reshape(-1)
    if len(weights) == 1:
        return np.ones((len(values), 1))
    rest = 1.0 - weights[j]
    # No ratios to keep when w_j = 1: the others share the rest equally.
    share = weights / rest if rest > 0 else np.full(len(weights), 1.0 / (len(weights) - 1))
    out = np.outer(1.0 - values, share)
    out[:, j] = values
    return out
