"""r57_mcda.portfolio against brute force over every subset of small random problems.

Each problem draws every kind of constraint (budget, a resource, must and must-not, requirements,
an exclusion set, group minima, maxima and budget shares, partial funding). The brute force
checks each subset's yes/no rules itself and, when the subset holds technologies that may be
funded in part, finds the best shares with ``scipy.optimize.linprog``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from r57_mcda.portfolio import (
    Constraints,
    GroupLimit,
    PortfolioProblem,
    efficient_frontier,
    greedy_portfolio,
    optimise,
    portfolio_problem,
)
from r57_mcda.portfolio.model import build_model
from r57_mcda.portfolio.solve import quick_amounts

TOL = 1e-6


@dataclass(frozen=True)
class Found:
    """A feasible subset's best funding: amounts per technology, value and cost."""

    subset: frozenset[str]
    amounts: dict[str, float]
    value: float
    cost: float


def random_problem(seed: int, *, partial: bool, integers: bool = False) -> PortfolioProblem:
    """A random problem of 5 to 8 technologies with every kind of constraint (some maybe
    absent); ``integers`` draws whole values and costs, so that ties are common."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 9))
    ids = [f"t{i}" for i in range(n)]
    if integers:
        values = rng.integers(1, 6, n).astype(float)
        costs = rng.integers(1, 8, n).astype(float)
    else:
        values = rng.uniform(0.0, 100.0, n)
        costs = rng.uniform(1.0, 20.0, n)
    groups = [f"g{int(k)}" for k in rng.integers(0, 3, n)]
    usage = rng.uniform(0.0, 5.0, n)
    pick = list(rng.permutation(ids))
    must = (pick.pop(),) if rng.random() < 0.3 else ()
    must_not = (pick.pop(),) if rng.random() < 0.3 else ()
    requires = tuple(
        (str(a), str(b))
        for a, b in (rng.choice(ids, 2, replace=False) for _ in range(int(rng.integers(0, 3))))
    )
    excludes = (tuple(str(t) for t in rng.choice(ids, int(rng.integers(2, 4)), replace=False)),)
    limits = {}
    for g in sorted(set(groups)):
        size = groups.count(g)
        limits[g] = GroupLimit(
            min=int(rng.integers(0, 2)),
            max=None if rng.random() < 0.4 else int(rng.integers(1, size + 1)),
            max_share=None if rng.random() < 0.5 else float(rng.uniform(0.3, 0.9)),
        )
        if limits[g].max is not None and limits[g].min > limits[g].max:
            limits[g] = GroupLimit(min=0, max=limits[g].max, max_share=limits[g].max_share)
    shares = {}
    if partial:
        for t in rng.choice(ids, int(rng.integers(1, 3)), replace=False):
            shares[str(t)] = float(rng.uniform(0.3, 0.8))
    constraints = Constraints(
        must=must,
        must_not=must_not,
        requires=requires,
        excludes=excludes,
        groups=limits,
        resources={"staff": float(usage.sum() * rng.uniform(0.3, 0.8))},
        partial=shares,
    )
    index = pd.Index(ids)
    return portfolio_problem(
        pd.Series(values, index=index),
        pd.Series(costs, index=index),
        budget=float(costs.sum() * rng.uniform(0.3, 0.7)),
        groups=pd.Series(groups, index=index),
        usage=pd.DataFrame({"staff": usage}, index=index),
        constraints=constraints,
    )


def _rules(problem: PortfolioProblem, subset: frozenset[str]) -> bool:
    """The yes/no rules of a subset: must, must not, requires, excludes, group counts."""
    c = problem.constraints
    if not set(c.must) <= subset or set(c.must_not) & subset:
        return False
    if any(a in subset and b not in subset for a, b in c.requires):
        return False
    if any(len(subset & set(s)) > 1 for s in c.excludes):
        return False
    for g, limit in c.groups.items():
        count = sum(problem.groups[t] == g for t in subset)
        if count < limit.min or (limit.max is not None and count > limit.max):
            return False
    return True


def _linear_rows(problem: PortfolioProblem, members: list[str], budget: float):
    """The rows linear in the amounts (budget, resource, group shares) over ``members``."""
    costs = problem.costs[members].to_numpy()
    rows = [costs, problem.usage.loc[members, "staff"].to_numpy()]
    bounds = [budget, problem.constraints.resources["staff"]]
    for g, limit in problem.constraints.groups.items():
        if limit.max_share is not None:
            rows.append(np.where(problem.groups[members].to_numpy() == g, costs, 0.0))
            bounds.append(limit.max_share * problem.budget)
    return np.array(rows), np.array(bounds)


def best_funding(problem: PortfolioProblem, subset: frozenset[str], budget: float) -> Found | None:
    """The subset's most valuable funding within the linear rows (LP over its partial shares)."""
    if not _rules(problem, subset):
        return None
    members = [t for t in problem.ids if t in subset]
    partial = problem.constraints.partial
    low = np.array([partial.get(t, 1.0) for t in members])
    matrix, bounds = _linear_rows(problem, members, budget)
    values = problem.values[members].to_numpy()
    if not members:
        amounts = np.zeros(0)
    elif (low == 1.0).all():
        amounts = np.ones(len(members))
        if (matrix @ amounts > bounds + 1e-9).any():
            return None
    else:
        result = linprog(
            -values,
            A_ub=matrix,
            b_ub=bounds,
            bounds=[(float(x), 1.0) for x in low],
        )
        if result.status != 0:
            return None
        amounts = np.clip(result.x, low, 1.0)
    costs = problem.costs[members].to_numpy()
    return Found(
        subset,
        dict(zip(members, amounts, strict=True)),
        float(values @ amounts),
        float(costs @ amounts),
    )


def every_funding(problem: PortfolioProblem, budget: float | None = None) -> list[Found]:
    """The best funding of every feasible subset."""
    budget = problem.budget if budget is None else budget
    found = []
    for r in range(len(problem.ids) + 1):
        for subset in itertools.combinations(problem.ids, r):
            item = best_funding(problem, frozenset(subset), budget)
            if item is not None:
                found.append(item)
    return found


def _independent_check(problem: PortfolioProblem, amounts: dict[str, float]) -> None:
    """The returned portfolio meets every constraint, checked here from scratch."""
    subset = frozenset(t for t, a in amounts.items() if a > 0)
    assert _rules(problem, subset)
    members = [t for t in problem.ids if t in subset]
    matrix, bounds = _linear_rows(problem, members, problem.budget)
    x = np.array([amounts[t] for t in members])
    assert (matrix @ x <= bounds + TOL * np.abs(matrix).max(axis=1, initial=1.0)).all()
    for t in members:
        assert problem.constraints.partial.get(t, 1.0) - TOL <= amounts[t] <= 1.0 + TOL


@pytest.mark.parametrize("seed", range(60))
def test_optimum_matches_brute_force_without_partial_funding(seed: int) -> None:
    problem = random_problem(seed, partial=False, integers=seed % 2 == 1)
    found = every_funding(problem)
    best = optimise(problem)
    if not found:
        assert best is None
        return
    assert best is not None
    top = max(f.value for f in found)
    cheapest = min(f.cost for f in found if f.value >= top - TOL)
    assert best.value == pytest.approx(top, abs=1e-6 * max(1.0, top))
    # Among equal values the cheaper portfolio is proposed.
    assert best.cost == pytest.approx(cheapest, abs=1e-9)
    _independent_check(problem, dict(best.shares))


@pytest.mark.parametrize("seed", range(30))
def test_optimum_matches_brute_force_with_partial_funding(seed: int) -> None:
    problem = random_problem(1000 + seed, partial=True)
    found = every_funding(problem)
    best = optimise(problem)
    if not found:
        assert best is None
        return
    assert best is not None
    top = max(f.value for f in found)
    assert best.value == pytest.approx(top, abs=1e-5 * max(1.0, top))
    _independent_check(problem, dict(best.shares))


@pytest.mark.parametrize("seed", range(40))
def test_single_solve_of_the_robustness_run_matches_brute_force(seed: int) -> None:
    # Whole values and costs: ties are common, and their costs differ by far more than 1e-4
    # of the total, which the single solve resolves.
    problem = random_problem(4000 + seed, partial=False, integers=True)
    found = every_funding(problem)
    amounts = quick_amounts(build_model(problem), problem.values.to_numpy())
    if not found:
        assert amounts is None
        return
    assert amounts is not None
    top = max(f.value for f in found)
    cheapest = min(f.cost for f in found if f.value >= top - TOL)
    assert float(problem.values.to_numpy() @ amounts) == pytest.approx(top, abs=1e-9)
    assert float(problem.costs.to_numpy() @ amounts) == pytest.approx(cheapest, abs=1e-9)


def _non_dominated(found: list[Found], high: float) -> list[tuple[float, float]]:
    """(cost, value) of the subsets no other beats (cheaper or equal and better, or cheaper
    and equal), cost <= high, one per distinct point, by cost."""
    points = sorted({(round(f.cost, 9), round(f.value, 9)) for f in found if f.cost <= high})
    keep = []
    for c, v in points:
        if not any((c2 <= c and v2 >= v and (c2, v2) != (c, v)) for c2, v2 in points):
            keep.append((c, v))
    return keep


@pytest.mark.parametrize("seed", range(40))
def test_frontier_matches_brute_force(seed: int) -> None:
    problem = random_problem(2000 + seed, partial=False, integers=seed % 2 == 1)
    high = float(problem.costs.sum())
    # Group shares stay shares of the problem's budget: the brute force uses them as is.
    found = every_funding(problem, budget=high)
    frontier = efficient_frontier(problem, high=high)
    expected = _non_dominated(found, high)
    got = [(p.cost, p.value) for p in frontier.points]
    assert len(got) == len(expected)
    for (c, v), (ce, ve) in zip(got, expected, strict=True):
        assert c == pytest.approx(ce, abs=1e-6)
        assert v == pytest.approx(ve, abs=1e-6)
    assert frontier.exact
    for point in frontier.points:
        _independent_check_frontier(problem, point.shares, high)
    # Convex: not strictly below the segment between any two other points.
    xy = np.array(got)
    for k, point in enumerate(frontier.points):
        below = any(
            xy[i, 0] < xy[k, 0] < xy[j, 0]
            and xy[k, 1]
            < xy[i, 1]
            + (xy[j, 1] - xy[i, 1]) * (xy[k, 0] - xy[i, 0]) / (xy[j, 0] - xy[i, 0])
            - 1e-7 * max(1.0, abs(xy[:, 1]).max())
            for i in range(len(xy))
            for j in range(len(xy))
        )
        assert point.convex == (not below)


def _independent_check_frontier(problem, shares, budget) -> None:
    subset = frozenset(shares)
    assert _rules(problem, subset)
    members = [t for t in problem.ids if t in subset]
    matrix, bounds = _linear_rows(problem, members, budget)
    assert (matrix @ np.ones(len(members)) <= bounds + 1e-6 * np.abs(matrix).max(initial=1)).all()


@pytest.mark.parametrize("seed", range(20))
def test_greedy_never_beats_the_optimum_and_reports_what_it_breaks(seed: int) -> None:
    problem = random_problem(3000 + seed, partial=seed % 2 == 0)
    best = optimise(problem)
    greedy = greedy_portfolio(problem)
    subset = frozenset(greedy.portfolio.selected)
    if greedy.feasible:
        _independent_check(problem, dict(greedy.portfolio.shares))
        assert best is not None
        assert greedy.portfolio.value <= best.value + 1e-6
        assert greedy.loss(best) >= -1e-6
    else:
        assert greedy.violated
    # Whatever it does, greedy never funds a must-not technology.
    assert not subset & set(problem.constraints.must_not)
    assert set(problem.constraints.must) <= subset
