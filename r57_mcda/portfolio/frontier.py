"""The efficient frontier over a budget range: every portfolio no other beats on both counts.

Epsilon-constraint on the budget, from the top of the range down: the optimal portfolio at
budget ``b``, then ``b`` := its cost minus :data:`COST_STEP` times the largest cost, until no
portfolio is feasible or the cost falls below the range (of two portfolios of equal value, the
dearer is dropped when the cheaper is found). Every (cost, value) point kept is non-dominated;
costs closer than the step count as equal. The group shares stay shares of the problem's
budget. A point is *convex* when it lies on the upper concave hull of the frontier (a supported
portfolio, optimal for some price of money, as in PROBE: Lourenço, Morton & Bana e Costa 2012);
the others sit in the hull's dents.

With partial funding the frontier is continuous (a share can always shrink a little), so it is
sampled on a grid of budgets instead, and marked not exact.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from r57_mcda.errors import MethodError
from r57_mcda.plain import plain
from r57_mcda.portfolio.model import build_model, solve
from r57_mcda.portfolio.problem import PortfolioProblem
from r57_mcda.portfolio.solve import value_tolerance

#: The epsilon of the budget steps, as a share of the largest cost of a technology.
COST_STEP = 1e-5
#: Budgets of the grid when partial funding makes the frontier continuous.
DEFAULT_GRID = 50
#: The most frontier points computed before giving up.
MAX_POINTS = 5000


@dataclass(frozen=True)
class FrontierPoint:
    """One non-dominated portfolio of the frontier."""

    cost: float
    value: float
    selected: tuple[str, ...]
    shares: Mapping[str, float]
    convex: bool


@dataclass(frozen=True)
class Frontier:
    """The frontier's points by cost ascending, over the budget range [low, high]."""

    low: float
    high: float
    points: tuple[FrontierPoint, ...]
    exact: bool

    def to_dict(self) -> list[dict[str, Any]]:
        """JSON-ready: a list of {cost, value, selected, convex}, by cost."""
        return [
            {
                "cost": plain(p.cost),
                "value": plain(p.value),
                "selected": list(p.selected),
                "convex": p.convex,
            }
            for p in self.points
        ]


def _check_range(low: float, high: float) -> None:
    if not (math.isfinite(low) and math.isfinite(high) and 0 <= low <= high):
        raise MethodError("pf_frontier_range", low=low, high=high)


def efficient_frontier(
    problem: PortfolioProblem,
    *,
    low: float = 0.0,
    high: float | None = None,
    grid: int = DEFAULT_GRID,
    max_points: int = MAX_POINTS,
) -> Frontier:
    """The non-dominated portfolios for budgets in [low, high] (default high: the budget).

    The cheapest point may cost less than ``low``: it is the optimum at budget ``low``.

    Raises
    ------
    MethodError
        A range that is not ``0 <= low <= high`` (finite), more than ``max_points`` points,
        or a solver failure.
    """
    top = float(problem.budget if high is None else high)
    _check_range(float(low), top)
    model = build_model(problem)
    values = problem.values.to_numpy(dtype=float)
    costs = problem.costs.to_numpy(dtype=float)
    tol = value_tolerance(values)
    exact = not problem.constraints.partial
    step = COST_STEP * (float(costs.max()) if len(costs) and costs.max() > 0 else 1.0)
    found: list[tuple[float, float, np.ndarray]] = []
    budgets = iter(np.linspace(top, low, max(int(grid), 2))) if not exact else None
    budget: float | None = top
    while budget is not None:
        # One solve per step: a dearer tie is found first, then popped by its cheaper twin.
        amounts = solve(model.with_budget(budget), -values)
        if amounts is None:
            break
        cost, value = float(costs @ amounts), float(values @ amounts)
        while found and value >= found[-1][1] - tol:
            found.pop()  # the dearer point of equal value is dominated
        found.append((cost, value, amounts))
        if len(found) > max_points:
            raise MethodError("pf_frontier_too_many", n=max_points)
        # The next budget is below this one whatever the solver's tolerance let through.
        below = min(cost, budget) - step
        if budgets is None:
            budget = below if below >= low else None
        else:
            budget = next((float(b) for b in budgets if b < below), None)
    found.reverse()
    convex = _upper_hull([(c, v) for c, v, _ in found])
    ids = problem.ids
    points = tuple(
        FrontierPoint(
            cost=c,
            value=v,
            selected=tuple(ids[i] for i in np.flatnonzero(a > 0)),
            shares={ids[i]: float(a[i]) for i in np.flatnonzero(a > 0)},
            convex=k in convex,
        )
        for k, (c, v, a) in enumerate(found)
    )
    return Frontier(low=float(low), high=top, points=points, exact=exact)


def _upper_hull(points: list[tuple[float, float]]) -> set[int]:
    """Indices of the points (by cost ascending) on the upper concave hull, collinear ones
    included; coordinates are scaled to [0, 1] so that the tolerance is relative."""
    if len(points) <= 2:
        return set(range(len(points)))
    xy = np.array(points, dtype=float)
    span = xy.max(axis=0) - xy.min(axis=0)
    xy = (xy - xy.min(axis=0)) / np.where(span > 0, span, 1.0)
    hull: list[int] = []
    for k in range(len(xy)):
        while len(hull) >= 2:
            (x1, y1), (x2, y2) = xy[hull[-2]], xy[hull[-1]]
            x3, y3 = xy[k]
            # A left turn (or none, beyond the tolerance) puts the middle point under the hull.
            if (x2 - x1) * (y3 - y1) - (y2 - y1) * (x3 - x1) > 1e-9:
                hull.pop()
            else:
                break
        hull.append(k)
    return set(hull)
