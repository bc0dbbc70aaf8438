"""Benchmark of the portfolio engine: one optimisation at 200 candidates with group constraints
(target: under 1 s), the efficient frontier at 50 candidates (target: under 10 s) and the
robustness run of 1,000 Monte Carlo draws at 50 candidates (target: under 15 s).

The candidates are a random 15-criterion WSM problem on the scale 1-5 with costs of 1,000 to
15,000 (in hundreds), in 8 groups that each must fund at least one technology, at most
half of the group, and spend at most 30 % of the budget (a quarter of the total cost); a few
requirements and exclusions. Prints figures only; asserts nothing about time.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pandas as pd

from r57_mcda.models import CriteriaSet, Criterion
from r57_mcda.portfolio import (
    Constraints,
    GroupLimit,
    PortfolioProblem,
    Uncertainty,
    efficient_frontier,
    optimise,
    portfolio_problem,
    portfolio_robustness,
    ranking_values,
)
from r57_mcda.ranking import rank

CRITERIA_COUNT, GROUPS = 15, 8
OPTIMISE = (200, 1.0, 5)  # candidates, target (s), runs (median)
FRONTIER = (50, 10.0)
ROBUSTNESS = (50, 15.0, 1000)  # candidates, target (s), draws
T = TypeVar("T")


def _problem(n: int, seed: int = 12) -> tuple[PortfolioProblem, Uncertainty]:
    rng = np.random.default_rng(seed)
    criteria = CriteriaSet(
        id="bench",
        name="bench",
        criteria=tuple(
            Criterion(f"c{j}", f"c{j}", "cost" if j % 5 == 4 else "benefit", scale=(1.0, 5.0))
            for j in range(CRITERIA_COUNT)
        ),
    )
    ids = pd.Index([f"t{i:03d}" for i in range(n)])
    matrix = pd.DataFrame(rng.uniform(1, 5, (n, CRITERIA_COUNT)), index=ids, columns=criteria.ids)
    weights = criteria.default_weights()
    values, scale = ranking_values(rank(matrix, weights, criteria), criteria)
    costs = pd.Series(100.0 * rng.integers(10, 151, n), index=ids)
    groups = pd.Series([f"g{i % GROUPS}" for i in range(n)], index=ids)
    size = n // GROUPS
    limits = {
        f"g{k}": GroupLimit(min=1, max=max(1, size // 2), max_share=0.3) for k in range(GROUPS)
    }
    constraints = Constraints(
        requires=(("t001", "t002"), ("t010", "t003")),
        excludes=(("t004", "t005", "t006"),),
        groups=limits,
    )
    problem = portfolio_problem(
        values,
        costs,
        budget=0.25 * float(costs.sum()),
        groups=groups,
        constraints=constraints,
        scale=scale,
    )
    return problem, Uncertainty(matrix, weights, criteria, draws=ROBUSTNESS[2], seed=1)


def _timed(call: Callable[[], T]) -> tuple[T, float, float]:
    """``call()``, its wall-clock and its CPU time (the CPU time shows what a loaded machine
    hides: the wall clock also counts the other processes' turns)."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = call()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def _line(what: str, took: float, cpu: float, target: float, extra: str = "") -> str:
    return (
        f"{what}: {took:.3f} s, CPU {cpu:.3f} s (target {target:g} s, ratio "
        f"{took / target:.2f}){extra}"
    )


def run(say: Callable[[str], None]) -> None:
    """Time the three runs and print their figures."""
    n, target, runs = OPTIMISE
    problem, _ = _problem(n)
    timings = [_timed(lambda: optimise(problem)) for _ in range(runs)]
    best = timings[-1][0]
    assert best is not None
    say(
        _line(
            f"optimise {n} candidates, {GROUPS} groups (median of {runs})",
            statistics.median(t[1] for t in timings),
            statistics.median(t[2] for t in timings),
            target,
            f"; {len(best.selected)} funded, value {best.value:.1f}",
        )
    )
    n, target = FRONTIER
    problem, _ = _problem(n)
    frontier, took, cpu = _timed(lambda: efficient_frontier(problem))
    convex = sum(p.convex for p in frontier.points)
    say(
        _line(
            f"frontier {n} candidates, budget 0-{problem.budget:.0f}",
            took,
            cpu,
            target,
            f"; {len(frontier.points)} portfolios, {convex} convex",
        )
    )
    n, target, draws = ROBUSTNESS
    problem, uncertainty = _problem(n)
    best = optimise(problem)
    assert best is not None
    robust, took, cpu = _timed(lambda: portfolio_robustness(problem, best, uncertainty))
    say(
        _line(
            f"robustness {n} candidates, {draws} draws",
            took,
            cpu,
            target,
            f"; p_optimal {robust.p_optimal:.3f}, "
            f"{(robust.classes == 'core').sum()} core, {(robust.classes == 'exterior').sum()} "
            f"exterior",
        )
    )
