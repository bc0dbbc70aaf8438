"""r57_mcda.portfolio.robustness: re-optimising under the sensitivity engine's draws."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from r57_mcda.errors import MethodError
from r57_mcda.models import CriteriaSet, Criterion
from r57_mcda.panel.aggregation import aggregate_cube
from r57_mcda.panel.cube import score_cube
from r57_mcda.panel.synthetic import synthetic_panel
from r57_mcda.portfolio import (
    Constraints,
    Uncertainty,
    optimise,
    portfolio_problem,
    portfolio_robustness,
    ranking_values,
    select_portfolio,
)
from r57_mcda.ranking import rank
from r57_mcda.sensitivity import DirichletWeights, ExpertBootstrap
from r57_mcda.sensitivity.draws import WeightStream

CRITERIA = CriteriaSet(
    id="r",
    name="r",
    criteria=tuple(Criterion(c, c, "benefit", scale=(0.0, 10.0)) for c in ("c1", "c2", "c3")),
)
IDS = ["a", "b", "c", "d", "e", "f"]
MATRIX = pd.DataFrame(
    {
        "c1": [9.0, 2.0, 6.0, 4.0, 7.0, 1.0],
        "c2": [1.0, 9.0, 5.0, 6.0, 3.0, 8.0],
        "c3": [5.0, 4.0, 6.0, 9.0, 2.0, 7.0],
    },
    index=IDS,
)
WEIGHTS = pd.Series({"c1": 0.5, "c2": 0.3, "c3": 0.2})
COSTS = pd.Series([4.0, 3.0, 3.0, 2.0, 2.0, 1.0], index=IDS)
RULES = Constraints(excludes=(("a", "b"),), requires=(("f", "d"),))


def _problem():
    values, scale = ranking_values(rank(MATRIX, WEIGHTS, CRITERIA), CRITERIA)
    return portfolio_problem(values, COSTS, budget=8, constraints=RULES, scale=scale)


def _brute_best(values: np.ndarray) -> tuple[str, ...]:
    """The best subset within 8 that the rules allow (cheapest of equal value), by enumeration."""
    best: tuple[float, float, tuple[str, ...]] = (-1.0, 0.0, ())
    for r in range(len(IDS) + 1):
        for chosen in itertools.combinations(range(len(IDS)), r):
            names = {IDS[i] for i in chosen}
            if {"a", "b"} <= names or ("f" in names and "d" not in names):
                continue
            cost = float(COSTS.iloc[list(chosen)].sum())
            if cost > 8:
                continue
            value = float(values[list(chosen)].sum())
            if value > best[0] + 1e-9 or (abs(value - best[0]) <= 1e-9 and cost < best[1]):
                best = (value, cost, tuple(IDS[i] for i in chosen))
    return best[2]


def test_frequencies_match_an_independent_rerun_of_the_draws() -> None:
    problem = _problem()
    best = optimise(problem)
    assert best is not None
    model = DirichletWeights(concentration=20.0)
    run = portfolio_robustness(
        problem, best, Uncertainty(MATRIX, WEIGHTS, CRITERIA, weight_model=model, draws=300, seed=5)
    )
    # The same draws, made here from the seed, and the WSM values computed by hand.
    draws = WeightStream(model, WEIGHTS.to_numpy(), 5).take(300)
    values = 100.0 * draws @ (MATRIX.to_numpy() / 10.0).T
    winners = [_brute_best(v) for v in values]
    counts = Counter(t for w in winners for t in w)
    assert run.frequency.to_dict() == pytest.approx({t: counts[t] / 300 for t in IDS})
    assert run.evaluated == run.draws == 300
    assert sum(run.frequency) == pytest.approx(np.mean([len(w) for w in winners]))
    stays = sum(
        v @ np.isin(IDS, best.selected) >= v @ np.isin(IDS, w) - 1e-6 * v.max()
        for v, w in zip(values, winners, strict=True)
    )
    assert run.p_optimal == pytest.approx(stays / 300)
    others = Counter(w for w in winners if w != best.selected)
    top = sorted(others.items(), key=lambda item: (-item[1], item[0]))[:5]
    assert run.replacements == tuple((w, n / 300) for w, n in top)


def test_classes_and_shares_are_consistent() -> None:
    problem = _problem()
    best = optimise(problem)
    assert best is not None
    run = portfolio_robustness(problem, best, Uncertainty(MATRIX, WEIGHTS, CRITERIA, draws=400))
    assert ((run.frequency >= 0) & (run.frequency <= 1)).all()
    for tech, share in run.frequency.items():
        expected = "core" if share == 1 else "exterior" if share == 0 else "borderline"
        assert run.classes[tech] == expected
    assert 0 <= run.p_optimal <= 1
    assert run.p_optimal + sum(s for _, s in run.replacements) <= 1 + 1e-12
    data = run.to_dict()
    assert data["draws"] == 400 and data["seed"] == 0
    assert data["weight_model"] == {"model": "uniform"}
    assert set(data["class"].values()) <= {"core", "borderline", "exterior"}


def test_reproducible_under_a_seed_and_different_under_another() -> None:
    problem = _problem()
    best = optimise(problem)
    assert best is not None
    calls: list[tuple[int, int]] = []

    def one(seed: int):
        u = Uncertainty(MATRIX, WEIGHTS, CRITERIA, draws=250, seed=seed)
        return portfolio_robustness(problem, best, u, progress=lambda d, t: calls.append((d, t)))

    first, again, other = one(11), one(11), one(12)
    assert first.to_dict() == again.to_dict()
    assert first.frequency.to_dict() != other.frequency.to_dict()
    assert calls[-1] == (250, 250)


def test_bootstrap_and_other_methods() -> None:
    panel = synthetic_panel(6, 3, 8, seed=3, abstention_rate=0.0)
    cube = score_cube(panel)
    matrix = aggregate_cube(cube).matrix
    criteria = panel.criteria
    weights = criteria.default_weights()
    for method in ("wsm", "topsis", "promethee2"):
        ranking = rank(matrix, weights, criteria, method=method)
        values, scale = ranking_values(ranking, criteria)
        costs = pd.Series(np.arange(1.0, 7.0), index=matrix.index)
        problem = portfolio_problem(values, costs, budget=9, scale=scale)
        best = optimise(problem)
        assert best is not None
        boot = ExpertBootstrap(cube, resamples=20)
        u = Uncertainty(
            matrix, weights, criteria, method=method, weight_model=None, bootstrap=boot, draws=60
        )
        run = portfolio_robustness(problem, best, u)
        assert run.evaluated + run.skipped_draws == 60
        assert run.bootstrap is not None and run.weight_model is None
        assert ((run.frequency >= 0) & (run.frequency <= 1)).all()


def test_refuses_other_technologies_and_methods() -> None:
    problem = _problem()
    best = optimise(problem)
    assert best is not None
    with pytest.raises(MethodError, match="same technologies: f, g"):
        portfolio_robustness(
            problem, best, Uncertainty(MATRIX.rename(index={"f": "g"}), WEIGHTS, CRITERIA)
        )
    with pytest.raises(MethodError) as caught:
        portfolio_robustness(problem, best, Uncertainty(MATRIX, WEIGHTS, CRITERIA, method="vikor"))
    assert caught.value.code == "pf_method_unsupported"


def test_select_portfolio_with_robustness() -> None:
    problem = _problem()
    u = Uncertainty(MATRIX, WEIGHTS, CRITERIA, draws=100, seed=2)
    data = select_portfolio(problem, uncertainty=u).to_dict()
    robustness = data["robustness"]
    assert robustness["draws"] == 100 and robustness["seed"] == 2
    assert set(robustness["frequency"]) == set(IDS)
    assert robustness["proposed"] == data["selected"]
