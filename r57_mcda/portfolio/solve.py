"""The optimal portfolio: the most valuable funded set, the cheapest among equally valuable ones.

Two solves make the answer deterministic: the first maximises the total value ``V*``; the
second minimises the total cost among the portfolios worth at least ``V* - tol``, where
``tol`` is :data:`VALUE_TOL` times the largest |value| of a technology. Portfolios whose
values differ by less than that are ties, and the cheaper one is proposed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from r57_mcda.plain import plain
from r57_mcda.portfolio.model import Model, build_model, slacks, solve
from r57_mcda.portfolio.problem import PortfolioProblem

FloatArray = npt.NDArray[np.float64]

#: Values within this share of the largest |value| of a technology are ties.
VALUE_TOL = 1e-6
#: The single solve of :func:`quick_amounts`: value less this share of the largest value per
#: unit of cost over the total cost, the objective scaled to a largest coefficient of
#: :data:`QUICK_MAGNITUDE`, which makes HiGHS's absolute gap 1e-10 of the largest value.
QUICK_COST_WEIGHT = 1e-6
QUICK_MAGNITUDE = 1e4
#: A floor is lowered by this many tolerances: comfortably feasible for HiGHS's tolerances.
FLOOR_MARGIN = 10.0


@dataclass(frozen=True)
class Portfolio:
    """A funded set: the technologies, their funded shares, its totals and its slacks.

    ``selected`` is in the problem's order; ``shares`` is 1.0 for a technology funded whole;
    ``usage`` is the amount of each resource used; ``slack`` maps every constraint's key
    (:attr:`~r57_mcda.portfolio.model.Constraint.key`) to its slack.
    """

    selected: tuple[str, ...]
    shares: Mapping[str, float]
    cost: float
    value: float
    usage: Mapping[str, float]
    slack: Mapping[str, float]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: selected, shares, cost, value, usage, slack."""
        return {
            "selected": list(self.selected),
            "shares": plain(dict(self.shares)),
            "cost": plain(self.cost),
            "value": plain(self.value),
            "usage": plain(dict(self.usage)),
            "slack": plain(dict(self.slack)),
        }


def value_tolerance(values: FloatArray) -> float:
    """The tie tolerance of a portfolio's value with these technology values."""
    largest = float(np.abs(values).max()) if len(values) else 0.0
    return VALUE_TOL * (largest if largest > 0 else 1.0)


def best_amounts(
    model: Model, values: FloatArray, *, floor: float | None = None
) -> FloatArray | None:
    """Per-technology funded amounts of the optimal portfolio (cheapest tie); None if none.

    ``floor`` is a value some feasible portfolio is known to reach: the first solve then
    looks only at portfolios worth at least that (less the tolerance), which prunes its search
    without changing its answer.

    Raises
    ------
    MethodError, R57Error
        As :func:`~r57_mcda.portfolio.model.solve`.
    """
    tol = value_tolerance(values)
    cutoff = None if floor is None else (values, floor - FLOOR_MARGIN * tol)
    first = solve(model, -values, extra=cutoff)
    if first is None:
        return None
    costs = model.problem.costs.to_numpy(dtype=float)
    if not (costs > 0).any():
        return first
    optimum = float(values @ first)
    second = solve(model, costs, extra=(values, optimum - tol))
    if second is None or np.array_equal(second > 0, first > 0):
        return first
    if (model.amount >= model.n).any():
        # The tie is between sets: the cheaper set's shares are funded for the most value,
        # not shaved down to the tolerance.
        second = solve(_fixed(model, second > 0), -values) or second
    if float(costs @ second) >= float(costs @ first):
        return first
    return second


def _fixed(model: Model, funded: npt.NDArray[np.bool_]) -> Model:
    """``model`` with every binary fixed to ``funded``."""
    lower, upper = model.col_lower.copy(), model.col_upper.copy()
    lower[: model.n] = upper[: model.n] = funded.astype(float)
    return replace(model, col_lower=lower, col_upper=upper)


def quick_amounts(
    model: Model, values: FloatArray, *, floor: float | None = None
) -> FloatArray | None:
    """The optimal portfolio's amounts in one solve (the robustness run's many draws).

    Maximises ``value - QUICK_COST_WEIGHT * largest value * cost / total cost``: the value is
    optimal within ``VALUE_TOL`` of the largest value, and of two equally valuable portfolios
    the cheaper is found when their costs differ by more than 1e-4 of the total cost (what the
    scaled gap resolves). ``floor`` as for :func:`best_amounts`.

    Raises
    ------
    MethodError, R57Error
        As :func:`~r57_mcda.portfolio.model.solve`.
    """
    costs = model.problem.costs.to_numpy(dtype=float)
    largest = float(np.abs(values).max()) if len(values) else 0.0
    total = float(costs.sum())
    objective = -values / (largest or 1.0) + QUICK_COST_WEIGHT * costs / (total or 1.0)
    cutoff = None if floor is None else (values, floor - FLOOR_MARGIN * value_tolerance(values))
    return solve(model, objective, extra=cutoff, magnitude=QUICK_MAGNITUDE)


def portfolio_of(model: Model, amounts: FloatArray) -> Portfolio:
    """The :class:`Portfolio` of per-technology ``amounts`` in ``model``."""
    problem = model.problem
    ids = problem.ids
    funded = np.flatnonzero(amounts > 0)
    usage = problem.usage.to_numpy(dtype=float).T @ amounts if len(problem.usage.columns) else []
    return Portfolio(
        selected=tuple(ids[i] for i in funded),
        shares={ids[i]: float(amounts[i]) for i in funded},
        cost=float(problem.costs.to_numpy(dtype=float) @ amounts),
        value=float(problem.values.to_numpy(dtype=float) @ amounts),
        usage={str(r): float(u) for r, u in zip(problem.usage.columns, usage, strict=True)},
        slack=slacks(model, amounts),
    )


def optimise(problem: PortfolioProblem, *, budget: float | None = None) -> Portfolio | None:
    """The optimal portfolio of ``problem`` (exact MILP, HiGHS, relative gap 0).

    Parameters
    ----------
    problem
        From :func:`~r57_mcda.portfolio.problem.portfolio_problem`.
    budget
        Another budget for the budget row (group shares stay shares of the problem's budget).

    Returns
    -------
    Portfolio or None
        None when no portfolio meets every constraint (see
        :func:`~r57_mcda.portfolio.infeasible.explain_infeasible`).

    Raises
    ------
    MethodError
        The solver stopped without an answer.
    R57Error
        ``pf_internal_violation``: the solver's answer, rounded, breaks a constraint.
    """
    model = build_model(problem)
    if budget is not None:
        model = model.with_budget(float(budget))
    amounts = best_amounts(model, problem.values.to_numpy(dtype=float))
    return None if amounts is None else portfolio_of(model, amounts)
