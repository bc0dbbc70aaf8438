"""Weights from a ranking of the criteria: rank-order centroid, rank sum, reciprocal rank."""

from __future__ import annotations

from collections.abc import Sequence

from r57_mcda.errors import InputError, MethodError, Problem
from r57_mcda.models import CriteriaSet, Weights
from r57_mcda.vocab import DEFAULT_RANK_METHOD, RANK_METHODS, RankMethod
from r57_mcda.weighting.direct import require_criteria, weights_result


def rank_position_weights(n: int, method: RankMethod = DEFAULT_RANK_METHOD) -> list[float]:
    """Weights of positions 1..n (best first) from a ranking of n criteria.

    ``roc`` rank-order centroid ``w_k = (1/n) sum_{i=k..n} 1/i``, ``rs`` rank sum
    ``w_k = 2 (n + 1 - k) / (n (n + 1))``, ``rr`` rank reciprocal
    ``w_k = (1/k) / sum_i 1/i`` (Barron & Barrett 1996, "Decision quality using ranked attribute
    weights", Management Science 42(11), 1515-1523; Stillwell, Seaver & Edwards 1981).
    """
    if method == "roc":
        return [sum(1.0 / i for i in range(k, n + 1)) / n for k in range(1, n + 1)]
    if method == "rs":
        return [2.0 * (n + 1 - k) / (n * (n + 1)) for k in range(1, n + 1)]
    if method == "rr":
        harmonic = sum(1.0 / i for i in range(1, n + 1))
        return [(1.0 / k) / harmonic for k in range(1, n + 1)]
    raise MethodError("weights_unknown_rank_method", method=method, choices=", ".join(RANK_METHODS))


def rank_weights(
    order: Sequence[str | Sequence[str]],
    criteria: CriteriaSet,
    *,
    method: RankMethod = DEFAULT_RANK_METHOD,
) -> Weights:
    """Weights from an ordering of the criteria, most important first.

    Parameters
    ----------
    order
        Criterion ids, best first. A nested list holds tied criteria: they occupy consecutive
        positions and share the mean of those positions' weights.
    criteria
        The criteria set; every criterion must appear exactly once.
    method
        ``roc`` (rank-order centroid, default), ``rs`` (rank sum) or ``rr`` (rank reciprocal);
        see :func:`rank_position_weights`.

    Raises
    ------
    InputError
        Unknown, repeated or missing criteria, or an empty tie group.
    MethodError
        An unknown ``method``.
    """
    require_criteria(criteria)
    if method not in RANK_METHODS:
        raise MethodError(
            "weights_unknown_rank_method", method=method, choices=", ".join(RANK_METHODS)
        )
    groups = [[item] if isinstance(item, str) else [str(i) for i in item] for item in order]
    problems: list[Problem] = []
    if any(not g for g in groups):
        problems.append(Problem("weights_empty_tie_group"))
    flat = [c for g in groups for c in g]
    unknown = [c for c in flat if c not in criteria]
    repeated = sorted({c for c in flat if flat.count(c) > 1})
    missing = [c for c in criteria.ids if c not in flat]
    if unknown:
        problems.append(Problem("weights_order_unknown", params={"ids": ", ".join(unknown)}))
    if repeated:
        problems.append(Problem("weights_order_repeated", params={"ids": ", ".join(repeated)}))
    if missing:
        problems.append(Problem("weights_order_missing", params={"ids": ", ".join(missing)}))
    if problems:
        raise InputError(problems)
    base = rank_position_weights(len(flat), method)
    values: dict[str, float] = {}
    positions: dict[str, float] = {}
    start = 0
    for g in groups:
        share = sum(base[start : start + len(g)]) / len(g)
        for c in g:
            values[c] = share
            positions[c] = start + (len(g) + 1) / 2
        start += len(g)
    return weights_result(
        values,
        criteria,
        "rank",
        rank_method=method,
        order=[g[0] if isinstance(o, str) else g for g, o in zip(groups, order, strict=True)],
        positions=positions,
    )
