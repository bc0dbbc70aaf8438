"""How much each expert and each score weigh in a cell: expert weights, confidence, balancing.

The rules are those of :mod:`r57_mcda.panel.aggregation` (its docstring states them): checked
expert weights, each score's confidence factor, and the weights of every expert in every cell,
balanced across stakeholder groups when asked.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.errors import InputError, Problem
from r57_mcda.panel.cube import FloatArray, ScoreCube


def expert_weight_vector(cube: ScoreCube, expert_weights: pd.Series | None) -> FloatArray:
    """The weight of each expert of the cube, in cube order, validated (None: all 1).

    Raises
    ------
    InputError
        For weights that miss an expert of the cube, repeat an expert, are negative, not
        finite, or all zero.
    """
    if expert_weights is None:
        return np.ones(len(cube.experts))
    if not expert_weights.index.is_unique:
        raise InputError(Problem("panel_expert_weights_duplicate"))
    missing = sorted(set(cube.experts) - set(expert_weights.index))
    if missing:
        raise InputError(
            Problem("panel_expert_weight_missing", column="weight", params={"expert": e})
            for e in missing
        )
    weights = pd.to_numeric(expert_weights, errors="coerce").reindex(list(cube.experts))
    array = np.asarray(weights.to_numpy(), dtype=np.float64)
    bad = ~np.isfinite(array) | (array < 0)
    if bad.any():
        raise InputError(
            [
                Problem("panel_expert_weight_invalid", column="weight", params={"expert": e})
                for e in dict.fromkeys(np.asarray(cube.experts, dtype=object)[bad])
            ]
        )
    if len(array) and not array.any():
        raise InputError(Problem("panel_expert_weights_all_zero"))
    return array


def confidence_factors(cube: ScoreCube) -> FloatArray:
    """Each score's confidence, a missing one filled by the rule of
    :mod:`r57_mcda.panel.aggregation` (experts x technologies x criteria).

    Raises
    ------
    InputError
        When no confidence is given, or for confidences that are not positive numbers.
    """
    scored = cube.scored
    given = scored & ~np.isnan(cube.confidence)
    if not given.any():
        raise InputError(Problem("panel_conf_none", column="confidence"))
    values = np.where(given, cube.confidence, 0.0)
    bad = given & ~(np.isfinite(values) & (values > 0))
    if bad.any():
        # One problem per expert, naming the first bad cell and how many there are.
        problems = []
        for e in np.flatnonzero(bad.any(axis=(1, 2))):
            t, c = (int(i[0]) for i in np.nonzero(bad[e]))
            params = {
                "expert": cube.experts[e],
                "n": int(bad[e].sum()),
                "technology": cube.technologies[t],
                "criterion": cube.criteria[c],
                "value": float(cube.confidence[e, t, c]),
            }
            problems.append(Problem("panel_conf_invalid", column="confidence", params=params))
        raise InputError(problems)
    counts = given.sum(axis=(1, 2))
    panel_mean = values.sum() / given.sum()
    expert_mean = divide(values.sum(axis=(1, 2)), counts, fill=panel_mean)
    return np.where(given, values, expert_mean[:, None, None])


def cell_weights(
    cube: ScoreCube,
    weights: FloatArray,
    *,
    balance_groups: bool,
    factors: FloatArray | None = None,
) -> FloatArray:
    """Weight of each expert in each cell: 0 where they did not score it, times the score's
    ``factors`` when given (confidence, expertise or their product; broadcast against the
    cube), balanced if asked (on the weights times the factors)."""
    per_score = weights[:, None, None] if factors is None else weights[:, None, None] * factors
    cell = np.where(cube.scored, per_score, 0.0)
    if not balance_groups:
        return cell
    codes, _ = pd.factorize(pd.Series(cube.expert_groups, dtype=object))
    n_groups = int(codes.max()) + 1 if len(codes) else 0
    membership = np.zeros((n_groups, len(codes)))
    membership[codes, np.arange(len(codes))] = 1.0
    group_totals = np.tensordot(membership, cell, axes=1)
    groups_present = (group_totals > 0).sum(axis=0)
    denominator = group_totals[codes] * groups_present
    return divide(cell, denominator, fill=0.0)


def divide(numerator: FloatArray, denominator: npt.ArrayLike, *, fill: float) -> FloatArray:
    """``numerator / denominator`` where the denominator is positive, ``fill`` elsewhere."""
    den = np.asarray(denominator, dtype=np.float64)
    out = np.full(np.broadcast_shapes(numerator.shape, den.shape), fill)
    np.divide(numerator, den, out=out, where=den > 0)
    return out
