"""The greedy benefit-to-cost selection, for comparison with the optimal portfolio.

The rule, as a secretariat would apply it by hand:

1. Fund every must-fund technology, whatever it costs.
2. Rank the other technologies of positive value by value / cost, highest first (a technology
   that costs nothing first; ties in the problem's order); must-not technologies are left out.
3. Go down the list and fund a technology when the budget, every resource limit, every
   exclusion, every group maximum (count and budget share) still allow it and the technologies
   it requires are already funded. A technology that may be funded in part and does not fit
   whole is funded with the largest share that fits, if that is at least its minimum share.
4. Go down the list again while a pass funds something: a requirement funded late lets its
   dependants in.

Group minima are not sought: when the selection misses one, it is reported as not feasible
with the constraints it breaks. Its value is compared with the optimum's (the value lost).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from r57_mcda.plain import plain
from r57_mcda.portfolio.model import FEASIBILITY_TOL, Model, activity, build_model, violations
from r57_mcda.portfolio.problem import PortfolioProblem
from r57_mcda.portfolio.solve import Portfolio, portfolio_of

FloatArray = npt.NDArray[np.float64]

#: The rows the greedy rule respects while it adds technologies.
_RESPECTED = frozenset({"budget", "resource", "requires", "excludes", "group_max", "group_share"})


@dataclass(frozen=True)
class GreedyPortfolio:
    """What the greedy rule funds, whether that meets every constraint, and which it breaks."""

    portfolio: Portfolio
    feasible: bool
    violated: tuple[str, ...]

    def loss(self, optimum: Portfolio | None) -> float | None:
        """The value the greedy selection loses against ``optimum`` (None without one)."""
        return None if optimum is None else optimum.value - self.portfolio.value

    def to_dict(self, optimum: Portfolio | None = None) -> dict[str, Any]:
        """JSON-ready: selected, shares, cost, value, loss (against ``optimum``), feasible,
        violated."""
        return {
            "selected": list(self.portfolio.selected),
            "shares": plain(dict(self.portfolio.shares)),
            "cost": plain(self.portfolio.cost),
            "value": plain(self.portfolio.value),
            "loss": plain(self.loss(optimum)),
            "feasible": self.feasible,
            "violated": list(self.violated),
        }


def greedy_order(problem: PortfolioProblem) -> list[int]:
    """Indices of the candidates the greedy rule considers, in its order (step 2)."""
    values = problem.values.to_numpy(dtype=float)
    costs = problem.costs.to_numpy(dtype=float)
    refused = set(problem.constraints.must_not) | set(problem.constraints.must)
    ratio = np.divide(values, costs, out=np.full(len(values), np.inf), where=costs > 0)
    keep = [i for i, t in enumerate(problem.ids) if values[i] > 0 and t not in refused]
    return sorted(keep, key=lambda i: -ratio[i])


def _largest_share(model: Model, act: FloatArray, i: int, mask: npt.NDArray[np.bool_]) -> float:
    """The largest amount of technology ``i`` (at most 1) that the respected rows (``mask``)
    allow, given the rows' activity ``act``; 0 if none. A broken row may not get worse."""
    limit = np.maximum(act - model.upper, FEASIBILITY_TOL * model.scale)
    on_y = model.rows[:, [i]].toarray().ravel()
    column = int(model.amount[i])
    share = 1.0
    on_x = np.zeros_like(on_y)
    if column != i:
        on_x = model.rows[:, [column]].toarray().ravel()
        rows = mask & (on_x > 0)
        room = (model.upper[rows] - act[rows] - on_y[rows]) / on_x[rows]
        share = min(1.0, float(np.min(room, initial=1.0)))
        low = float(model.min_share[column - model.n])
        if share < low - FEASIBILITY_TOL:
            return 0.0
        share = max(share, low)
    after = act + on_y + on_x * share
    return share if bool((~mask | (after - model.upper <= limit)).all()) else 0.0


def greedy_portfolio(problem: PortfolioProblem) -> GreedyPortfolio:
    """Apply the greedy benefit-to-cost rule (see the module docstring) to ``problem``."""
    model = build_model(problem)
    ids = problem.ids
    amounts = np.zeros(len(ids))
    for tech in problem.constraints.must:
        amounts[ids.index(tech)] = 1.0
    mask = np.array([lab is not None and lab.kind in _RESPECTED for lab in model.labels], bool)
    order = greedy_order(problem)
    added = True
    while added:
        added = False
        for i in order:
            if amounts[i] > 0:
                continue
            share = _largest_share(model, activity(model, amounts), i, mask)
            if share > 0:
                amounts[i] = share
                added = True
    broken = tuple(
        dict.fromkeys(
            "linking" if lab is None else lab.key for lab, _ in violations(model, amounts)
        )
    )
    return GreedyPortfolio(portfolio_of(model, amounts), not broken, broken)
