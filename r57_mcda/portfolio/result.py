"""Everything the portfolio engine says about one problem, and its documented JSON layout."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from r57_mcda.plain import plain
from r57_mcda.portfolio.frontier import Frontier, efficient_frontier
from r57_mcda.portfolio.greedy import GreedyPortfolio, greedy_portfolio
from r57_mcda.portfolio.infeasible import Infeasibility, explain_infeasible
from r57_mcda.portfolio.problem import PortfolioProblem
from r57_mcda.portfolio.robustness import (
    PortfolioRobustness,
    Progress,
    Uncertainty,
    portfolio_robustness,
)
from r57_mcda.portfolio.solve import Portfolio, optimise

Status = Literal["optimal", "infeasible"]


@dataclass(frozen=True, eq=False)
class PortfolioResult:
    """The optimal portfolio and what was asked besides (None where not asked or infeasible).

    ``status`` is ``infeasible`` when no portfolio meets every constraint; ``infeasibility``
    then says which constraints conflict.
    """

    status: Status
    problem: PortfolioProblem
    optimal: Portfolio | None
    greedy: GreedyPortfolio | None = None
    frontier: Frontier | None = None
    robustness: PortfolioRobustness | None = None
    infeasibility: Infeasibility | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the layout documented in the README (status, method, value_scale,
        budget, selected, cost, value, slack, greedy, frontier, robustness, infeasible)."""
        problem, best = self.problem, self.optimal
        scale = problem.scale
        return {
            "status": self.status,
            "method": None if scale is None else scale.method,
            "value_scale": None if scale is None else scale.to_dict(),
            "budget": plain(problem.budget),
            "cost_column": problem.cost_column,
            "selected": [] if best is None else list(best.selected),
            "shares": {} if best is None else plain(dict(best.shares)),
            "cost": None if best is None else plain(best.cost),
            "value": None if best is None else plain(best.value),
            "usage": {} if best is None else plain(dict(best.usage)),
            "slack": {} if best is None else plain(dict(best.slack)),
            "greedy": None if self.greedy is None else self.greedy.to_dict(best),
            "frontier": None if self.frontier is None else self.frontier.to_dict(),
            "frontier_exact": None if self.frontier is None else self.frontier.exact,
            "robustness": None if self.robustness is None else self.robustness.to_dict(),
            "infeasible": None if self.infeasibility is None else self.infeasibility.to_dict(),
        }


def select_portfolio(
    problem: PortfolioProblem,
    *,
    greedy: bool = True,
    frontier: tuple[float, float | None] | None = None,
    uncertainty: Uncertainty | None = None,
    progress: Progress | None = None,
) -> PortfolioResult:
    """Optimise ``problem`` and compute what is asked besides.

    Parameters
    ----------
    problem
        From :func:`~r57_mcda.portfolio.problem.portfolio_problem`.
    greedy
        Also apply the greedy benefit-to-cost rule, for comparison.
    frontier
        ``(low, high)``: the efficient frontier over that budget range (``high`` None: the
        problem's budget).
    uncertainty
        Re-optimise under these Monte Carlo draws (robustness).
    progress
        The robustness run's ``progress(done, total)``.

    Returns
    -------
    PortfolioResult
        With status ``infeasible`` (and only the explanation) when no portfolio is feasible.

    Raises
    ------
    MethodError
        Bad frontier range or robustness options, or a solver failure.
    """
    best = optimise(problem)
    if best is None:
        return PortfolioResult(
            "infeasible", problem, None, infeasibility=explain_infeasible(problem)
        )
    return PortfolioResult(
        "optimal",
        problem,
        best,
        greedy=greedy_portfolio(problem) if greedy else None,
        frontier=None
        if frontier is None
        else efficient_frontier(problem, low=frontier[0], high=frontier[1]),
        robustness=None
        if uncertainty is None
        else portfolio_robustness(problem, best, uncertainty, progress=progress),
    )
