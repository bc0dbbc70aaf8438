"""The batch kernel of ELECTRE II (scikit-criteria's ``electre2_gomez2004tomada``).

The matrix is the min-max scaled one on the tie grid
(:func:`r57_mcda.ranking.external.method_input`; every criterion is then a benefit). Per weight
vector ``w``:

- concordance ``C[a, b] = sum_j w_j [x_aj >= x_bj]`` (the diagonal is NaN); summed elementwise
  over the weighted criteria in scikit-criteria's order, so that the threshold comparisons
  ``C >= p`` and ``C > C^T`` compare the same floats;
- discordance ``D[a, b] = max_j (x_bj - x_aj)^+ / range``, with ``range`` the largest column
  range: weight-free, but over the criteria that carry weight (a criterion of weight 0 is
  dropped, as :func:`~r57_mcda.ranking.rank` drops it), so it is computed once per set of
  weighted criteria;
- the strong and weak outranking relations from the thresholds ``p0 >= p1 >= p2`` and
  ``q0 >= q1``, then the direct and inverse distillations (repeatedly take the technologies no
  remaining one outranks, strongly or weakly), vectorised over the draws;
- the average of the two rank positions, and its dense ranks: the native score ``rank()``
  reports (lower is better).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


def electre_terms(values: FloatArray) -> tuple[FloatArray, ...]:
    """The scaled matrix itself (technologies x criteria, read-only)."""
    out = np.array(values, dtype=np.float64)
    out.setflags(write=False)
    return (out,)


def _discordance(values: FloatArray) -> FloatArray:
    largest = (values.max(axis=0) - values.min(axis=0)).max()
    # diff[a, b, j] = x_bj - x_aj: how much b beats a on criterion j.
    diff = values[None, :, :] - values[:, None, :]
    delta = np.abs(diff * (diff > 0)) / largest
    out = np.asarray(delta.max(axis=2), dtype=np.float64)
    np.fill_diagonal(out, np.nan)
    return out


def _distil(strong: BoolArray, weak: BoolArray) -> IntArray:
    """scikit-criteria's ``_electre2_ranker`` over a batch (draws x n x n relations)."""
    d, n, _ = strong.shape
    ranking = np.zeros((d, n), dtype=np.int64)
    remaining = np.ones((d, n), dtype=bool)
    position = 1
    while remaining.any():
        live = remaining[:, :, None]
        beaten = ((strong & live).any(axis=1) | (weak & live).any(axis=1)) & remaining
        kernel = remaining & ~beaten
        stuck = remaining.any(axis=1) & ~kernel.any(axis=1)
        # No technology unbeaten: every remaining one takes the current position.
        kernel[stuck] = remaining[stuck]
        ranking[kernel] = position
        remaining &= ~kernel
        position += 1
    return ranking


def _dense(values: FloatArray) -> FloatArray:
    order = np.argsort(values, axis=1, kind="stable")
    ordered = np.take_along_axis(values, order, axis=1)
    steps = np.concatenate(
        [np.ones((len(values), 1)), (np.diff(ordered, axis=1) != 0).astype(float)], axis=1
    )
    out = np.empty_like(values)
    np.put_along_axis(out, order, np.cumsum(steps, axis=1), axis=1)
    return out


def _block(values: FloatArray, w: FloatArray, params: Mapping[str, Any]) -> FloatArray:
    """Scores of draws that all weigh the same criteria (``values`` holds only those)."""
    p0, p1, p2 = (float(params[k]) for k in ("p0", "p1", "p2"))
    q0, q1 = float(params["q0"]), float(params["q1"])
    n = len(values)
    # at_least[a, b, j] = x_aj >= x_bj, as scikit-criteria's _conc_row.
    at_least = (values[:, None, :] - values[None, :, :] >= 0).astype(int)
    concordance = np.sum(w[:, None, None, :] * at_least[None], axis=3)
    concordance[:, np.arange(n), np.arange(n)] = np.nan
    discordance = _discordance(values)[None]
    with np.errstate(invalid="ignore"):
        wins = concordance > concordance.transpose(0, 2, 1)
        strong = (concordance >= p0) & (discordance <= q0) & wins | (concordance >= p1) & (
            discordance <= q1
        ) & wins
        weak = (concordance >= p2) & (discordance <= q0) & wins & ~strong
    direct = _distil(strong, weak)
    inverse = _distil(strong.transpose(0, 2, 1), weak.transpose(0, 2, 1))
    inverse = inverse.max(axis=1, keepdims=True) + 1 - inverse
    return _dense((direct + inverse) / 2.0)


def electre_scores(
    values: FloatArray, params: Mapping[str, Any], w: FloatArray, step: int
) -> FloatArray:
    """ELECTRE II scores (dense ranks of the mean rank position) for weight rows ``w``.

    Draws are grouped by the criteria they weigh, and taken ``step`` at a time.
    """
    out = np.empty((len(w), len(values)))
    patterns, groups = np.unique(w > 0, axis=0, return_inverse=True)
    for index, weighted in enumerate(patterns):
        rows = np.flatnonzero(groups.ravel() == index)
        sub = values[:, weighted]
        for start in range(0, len(rows), step):
            chunk = rows[start : start + step]
            out[chunk] = _block(sub, w[np.ix_(chunk, weighted)], params)
    return out
