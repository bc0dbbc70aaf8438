"""Budgeted portfolio selection: the best set of technologies that fits the budget and the rules.

Exact 0-1 optimisation (scipy's MILP, HiGHS, relative gap 0) of the total value on a stated
ratio scale (:mod:`~r57_mcda.portfolio.values`), subject to the budget, resources, must and
must-not lists, requirements, exclusions, group limits and partial funding
(:mod:`~r57_mcda.portfolio.model`); the greedy benefit-to-cost rule for comparison; the
efficient frontier over a budget range; an infeasible problem explained; robustness under the
sensitivity engine's Monte Carlo draws. :func:`select_portfolio` does it all at once.
"""

from r57_mcda.portfolio.frontier import Frontier, FrontierPoint, efficient_frontier
from r57_mcda.portfolio.greedy import GreedyPortfolio, greedy_portfolio
from r57_mcda.portfolio.infeasible import Infeasibility, explain_infeasible
from r57_mcda.portfolio.model import KINDS, Constraint, ConstraintKind, constraint_list
from r57_mcda.portfolio.problem import (
    Constraints,
    GroupLimit,
    PortfolioProblem,
    check_constraints,
    portfolio_problem,
)
from r57_mcda.portfolio.result import PortfolioResult, select_portfolio
from r57_mcda.portfolio.robustness import PortfolioRobustness, Uncertainty, portfolio_robustness
from r57_mcda.portfolio.solve import Portfolio, optimise
from r57_mcda.portfolio.values import (
    VALUE_METHODS,
    ValueScale,
    ranking_values,
    to_values,
    value_scale,
)

__all__ = [
    "KINDS",
    "VALUE_METHODS",
    "Constraint",
    "ConstraintKind",
    "Constraints",
    "Frontier",
    "FrontierPoint",
    "GreedyPortfolio",
    "GroupLimit",
    "Infeasibility",
    "Portfolio",
    "PortfolioProblem",
    "PortfolioResult",
    "PortfolioRobustness",
    "Uncertainty",
    "ValueScale",
    "check_constraints",
    "constraint_list",
    "efficient_frontier",
    "explain_infeasible",
    "greedy_portfolio",
    "optimise",
    "portfolio_problem",
    "portfolio_robustness",
    "ranking_values",
    "select_portfolio",
    "to_values",
    "value_scale",
]
