"""r57_mcda.portfolio on worked examples: a published one, the greedy rule's loss, hand cases."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pandas as pd
import pytest

from r57_mcda.errors import InputError, MethodError
from r57_mcda.models import CriteriaSet, Criterion
from r57_mcda.portfolio import (
    Constraints,
    GroupLimit,
    efficient_frontier,
    greedy_portfolio,
    optimise,
    portfolio_problem,
    ranking_values,
    select_portfolio,
    to_values,
    value_scale,
)
from r57_mcda.ranking import rank

HL_IDS = ["x1", "x2", "x3", "x4"]
HL_VALUES = pd.Series([9.0, 5.0, 6.0, 4.0], index=HL_IDS)
HL_CAPITAL = pd.Series([6.0, 3.0, 5.0, 2.0], index=HL_IDS)
HL_RULES = Constraints(excludes=(("x3", "x4"),), requires=(("x3", "x1"), ("x4", "x2")))


def test_hillier_lieberman_california_manufacturing() -> None:
    """Hillier & Lieberman, *Introduction to Operations Research*, 9th ed. (McGraw-Hill, 2010),
    Section 12.1, "A prototype example": the California Manufacturing Company. x1, x2: a
    factory in Los Angeles / San Francisco; x3, x4: a warehouse there. Maximise
    Z = 9 x1 + 5 x2 + 6 x3 + 4 x4 ($ million of net present value) subject to
    6 x1 + 3 x2 + 5 x3 + 2 x4 <= 10 (capital), x3 + x4 <= 1 (one warehouse at most),
    x3 <= x1 and x4 <= x2 (a warehouse only where a factory is built). The book's optimum:
    x1 = x2 = 1, x3 = x4 = 0, Z = 14."""
    # The book's optimum, checked here against every one of the 16 decisions.
    feasible = [
        x
        for x in itertools.product((0, 1), repeat=4)
        if 6 * x[0] + 3 * x[1] + 5 * x[2] + 2 * x[3] <= 10
        and x[2] + x[3] <= 1
        and x[2] <= x[0]
        and x[3] <= x[1]
    ]
    z = {x: 9 * x[0] + 5 * x[1] + 6 * x[2] + 4 * x[3] for x in feasible}
    assert max(z.values()) == 14
    assert [x for x in feasible if z[x] == 14] == [(1, 1, 0, 0)]
    problem = portfolio_problem(HL_VALUES, HL_CAPITAL, budget=10, constraints=HL_RULES)
    best = optimise(problem)
    assert best is not None
    assert best.selected == ("x1", "x2")
    assert best.value == 14.0
    assert best.cost == 9.0
    assert best.slack == {
        "budget": 1.0,
        "requires:x3>x1": 1.0,
        "requires:x4>x2": 1.0,
        "excludes:x3|x4": 1.0,
    }
    # The greedy rule of the module finds the optimum here too, at every budget from 1 to 16.
    for budget in range(1, 17):
        p = portfolio_problem(HL_VALUES, HL_CAPITAL, budget=budget, constraints=HL_RULES)
        opt, greedy = optimise(p), greedy_portfolio(p)
        assert opt is not None
        assert greedy.portfolio.value == opt.value


def test_greedy_loses_on_the_four_projects_without_their_rules() -> None:
    """The same four projects, capital only, 8 available: value / cost ranks x4 (2.0), x2
    (1.67), x1 (1.5), x3 (1.2). Greedy funds x4 and x2 (cost 5); then x1 (11) and x3 (10) do
    not fit: value 9. The optimum is x1 and x4: cost 8, value 13 (by enumeration below)."""
    problem = portfolio_problem(HL_VALUES, HL_CAPITAL, budget=8)
    subsets = [s for r in range(5) for s in itertools.combinations(HL_IDS, r)]
    best_value = max(HL_VALUES[list(s)].sum() for s in subsets if HL_CAPITAL[list(s)].sum() <= 8)
    assert best_value == 13.0
    greedy = greedy_portfolio(problem)
    best = optimise(problem)
    assert greedy.portfolio.selected == ("x2", "x4")
    assert greedy.portfolio.value == 9.0
    assert greedy.feasible
    assert best is not None
    assert best.selected == ("x1", "x4")
    assert greedy.loss(best) == 4.0
    assert greedy.to_dict(best) == {
        "selected": ["x2", "x4"],
        "shares": {"x2": 1.0, "x4": 1.0},
        "cost": 5.0,
        "value": 9.0,
        "loss": 4.0,
        "feasible": True,
        "violated": [],
    }


def test_greedy_lets_a_dependant_in_once_its_requirement_is_funded() -> None:
    # b has the best ratio but requires c, which comes last by ratio: a second pass funds b.
    ids = ["a", "b", "c"]
    problem = portfolio_problem(
        pd.Series([4.0, 10.0, 1.0], index=ids),
        pd.Series([2.0, 1.0, 1.0], index=ids),
        budget=10,
        constraints=Constraints(requires=(("b", "c"),)),
    )
    assert greedy_portfolio(problem).portfolio.selected == ("a", "b", "c")


def test_greedy_funds_part_of_a_technology_that_does_not_fit_whole() -> None:
    ids = ["a", "b"]
    values, costs = pd.Series([10.0, 6.0], index=ids), pd.Series([5.0, 4.0], index=ids)
    partial = Constraints(partial={"b": 0.5})
    # 7 left 2 for b: half of it (its minimum share is 0.5).
    greedy = greedy_portfolio(portfolio_problem(values, costs, budget=7, constraints=partial))
    assert greedy.portfolio.shares == {"a": 1.0, "b": 0.5}
    assert greedy.portfolio.value == 13.0
    # 6 leaves 1: a quarter, below the minimum share, so b is left out.
    greedy = greedy_portfolio(portfolio_problem(values, costs, budget=6, constraints=partial))
    assert greedy.portfolio.selected == ("a",)


def test_greedy_reports_a_missed_group_minimum() -> None:
    ids = ["a", "b", "c"]
    problem = portfolio_problem(
        pd.Series([10.0, 9.0, 1.0], index=ids),
        pd.Series([1.0, 1.0, 2.0], index=ids),
        budget=2,
        groups=pd.Series(["x", "x", "y"], index=ids),
        constraints=Constraints(groups={"y": GroupLimit(min=1)}),
    )
    greedy = greedy_portfolio(problem)
    assert greedy.portfolio.selected == ("a", "b")
    assert not greedy.feasible
    assert greedy.violated == ("group_min:y",)
    assert greedy.portfolio.slack["group_min:y"] == -1.0
    best = optimise(problem)
    assert best is not None
    assert best.selected == ("c",)


def test_equal_values_prefer_the_cheaper_portfolio() -> None:
    # {a} and {b, c} are both worth 10; {b, c} costs 5, {a} 6: the cheaper is proposed.
    ids = ["a", "b", "c"]
    problem = portfolio_problem(
        pd.Series([10.0, 4.0, 6.0], index=ids), pd.Series([6.0, 2.0, 3.0], index=ids), budget=6
    )
    best = optimise(problem)
    assert best is not None
    assert best.selected == ("b", "c")
    assert (best.value, best.cost) == (10.0, 5.0)


def test_partial_funding_funds_the_share_that_fits() -> None:
    # a (value 10, cost 4) whole; b (value 9, cost 6) from 40 %: 7 - 4 = 3 left = half of b.
    ids = ["a", "b"]
    problem = portfolio_problem(
        pd.Series([10.0, 9.0], index=ids),
        pd.Series([4.0, 6.0], index=ids),
        budget=7,
        constraints=Constraints(partial={"b": 0.4}),
    )
    best = optimise(problem)
    assert best is not None
    assert best.shares == {"a": 1.0, "b": pytest.approx(0.5)}
    assert best.value == pytest.approx(14.5)
    assert best.slack["budget"] == pytest.approx(0.0, abs=1e-9)


def test_group_share_and_resources_bind() -> None:
    ids = ["a", "b", "c", "d"]
    problem = portfolio_problem(
        pd.Series([8.0, 7.0, 6.0, 5.0], index=ids),
        pd.Series([3.0, 3.0, 3.0, 3.0], index=ids),
        budget=12,
        groups=pd.Series(["g", "g", "g", "h"], index=ids),
        usage=pd.DataFrame({"staff": [1.0, 5.0, 1.0, 1.0]}, index=ids),
        constraints=Constraints(groups={"g": GroupLimit(max_share=0.5)}, resources={"staff": 4.0}),
    )
    best = optimise(problem)
    # Group g may spend 6 of 12: two of its technologies; b needs too much staff.
    assert best is not None
    assert best.selected == ("a", "c", "d")
    assert best.slack["group_share:g"] == 0.0
    assert best.usage == {"staff": 3.0}
    assert best.slack["resource:staff"] == 1.0


def test_convex_marking_on_a_hand_frontier() -> None:
    # Portfolios: {} (0, 0), {a} (2, 2), {b} (3, 9), {a, b} (5, 11). {a} lies under the
    # segment from (0, 0) to (3, 9) (6 at cost 2): efficient but not convex.
    ids = ["a", "b"]
    problem = portfolio_problem(
        pd.Series([2.0, 9.0], index=ids), pd.Series([2.0, 3.0], index=ids), budget=5
    )
    frontier = efficient_frontier(problem)
    assert [(p.cost, p.value, p.convex) for p in frontier.points] == [
        (0.0, 0.0, True),
        (2.0, 2.0, False),
        (3.0, 9.0, True),
        (5.0, 11.0, True),
    ]
    assert frontier.to_dict()[1] == {"cost": 2.0, "value": 2.0, "selected": ["a"], "convex": False}
    # A narrower range: the cheapest point is the optimum at its lower end.
    narrow = efficient_frontier(problem, low=2.5, high=4)
    assert [(p.cost, p.value) for p in narrow.points] == [(2.0, 2.0), (3.0, 9.0)]
    with pytest.raises(MethodError, match="budget range"):
        efficient_frontier(problem, low=4, high=3)


def test_frontier_with_partial_funding_is_a_grid() -> None:
    ids = ["a", "b"]
    problem = portfolio_problem(
        pd.Series([2.0, 9.0], index=ids),
        pd.Series([2.0, 3.0], index=ids),
        budget=5,
        constraints=Constraints(partial={"b": 0.5}),
    )
    frontier = efficient_frontier(problem, grid=11)
    assert not frontier.exact
    costs = [p.cost for p in frontier.points]
    values = [p.value for p in frontier.points]
    assert costs == sorted(costs)
    assert all(v2 > v1 for v1, v2 in itertools.pairwise(values))
    assert frontier.points[-1].value == 11.0


def _criteria(scales: bool) -> CriteriaSet:
    return CriteriaSet(
        id="s",
        name="s",
        criteria=(
            Criterion("q", "q", "benefit", scale=(1.0, 5.0)),
            Criterion("r", "r", "cost", scale=(1.0, 5.0) if scales else None),
        ),
    )


MATRIX = pd.DataFrame({"q": [5.0, 3.0, 1.0], "r": [1.0, 2.0, 4.0]}, index=["a", "b", "c"])
WEIGHTS = pd.Series({"q": 0.75, "r": 0.25})


def test_wsm_values_are_points_with_the_declared_zero() -> None:
    criteria = _criteria(scales=True)
    values, scale = ranking_values(rank(MATRIX, WEIGHTS, criteria), criteria)
    # a: 100 (0.75 * 1 + 0.25 * 1); b: 100 (0.75 * 0.5 + 0.25 * 0.75); c: 25 * 0.25.
    assert values.to_dict() == pytest.approx({"a": 100.0, "b": 56.25, "c": 6.25})
    assert scale.method == "wsm" and scale.unit == "points" and scale.observed == ()
    data = scale.to_dict()
    assert data["zero"].startswith("0 = every criterion at the worst end")
    assert data["zero_vi"].startswith("0 = mọi tiêu chí")
    assert data["unit_text_vi"] == "điểm WSM (0–100)"


def test_wsm_scale_names_the_criteria_without_a_declared_scale() -> None:
    criteria = _criteria(scales=False)
    scale = value_scale("wsm", criteria, WEIGHTS)
    assert scale.observed == ("r",)
    assert "observed range instead: r." in scale.zero_text("en")


def test_topsis_as_is_and_promethee_shifted_to_zero() -> None:
    criteria = _criteria(scales=True)
    topsis = rank(MATRIX, WEIGHTS, criteria, method="topsis")
    values, scale = ranking_values(topsis, criteria)
    assert values.to_dict() == pytest.approx(topsis.scores.to_dict())
    assert scale.unit == "closeness"
    promethee = rank(MATRIX, WEIGHTS, criteria, method="promethee2")
    values, scale = ranking_values(promethee, criteria)
    flows = promethee.scores
    assert values.to_dict() == pytest.approx((flows - flows.min()).to_dict())
    assert values.min() == 0.0
    assert scale.unit == "net_flow_shifted"
    rows = to_values("promethee2", np.array([[0.5, -0.25, 0.0], [1.0, 2.0, 3.0]]))
    np.testing.assert_allclose(rows, [[0.75, 0.0, 0.25], [0.0, 1.0, 2.0]])


def test_methods_without_a_zero_are_refused() -> None:
    criteria = _criteria(scales=True)
    with pytest.raises(MethodError, match="wsm, topsis, promethee2") as caught:
        ranking_values(rank(MATRIX, WEIGHTS, criteria, method="vikor"), criteria)
    assert caught.value.code == "pf_method_unsupported"
    assert "wsm, topsis, promethee2" in caught.value.text("vi")


def test_problem_checks_collect_every_problem() -> None:
    ids = ["a", "b"]
    with pytest.raises(InputError) as caught:
        portfolio_problem(
            pd.Series([1.0, float("nan")], index=ids),
            pd.Series([-1.0], index=["a"]),
            usage=pd.DataFrame({"staff": [1.0, -2.0]}, index=ids),
            constraints=Constraints(resources={"staff": 1.0}, must=("zz",)),
        )
    codes = sorted(p.code for p in caught.value.problems)
    assert codes == [
        "pf_budget_missing",
        "pf_cost_invalid",
        "pf_cost_invalid",
        "pf_unknown_technology",
        "pf_usage_invalid",
        "pf_value_missing",
    ]
    located = {p.code: p.column for p in caught.value.problems}
    assert located["pf_unknown_technology"] == "must[1]"


def test_select_portfolio_json_layout() -> None:
    criteria = CriteriaSet(
        id="npv", name="npv", criteria=(Criterion("npv", "npv", "benefit", scale=(0.0, 100.0)),)
    )
    ranking = rank(HL_VALUES.to_frame("npv"), pd.Series({"npv": 1.0}), criteria)
    values, scale = ranking_values(ranking, criteria)
    problem = portfolio_problem(values, HL_CAPITAL, budget=10, constraints=HL_RULES, scale=scale)
    result = select_portfolio(problem, frontier=(0.0, None))
    data = json.loads(json.dumps(result.to_dict()))
    assert data["status"] == "optimal"
    assert data["method"] == "wsm"
    assert data["value_scale"]["unit"] == "points"
    assert (data["budget"], data["selected"], data["cost"], data["value"]) == (
        10.0,
        ["x1", "x2"],
        9.0,
        14.0,
    )
    assert data["greedy"]["loss"] == 0.0
    assert [p["value"] for p in data["frontier"]] == [0.0, 5.0, 9.0, 14.0]
    assert data["robustness"] is None and data["infeasible"] is None
    assert set(data) >= {"slack", "greedy", "frontier", "robustness", "cost_column"}


def test_what_the_solver_prints_on_standard_output_is_silenced(capfd) -> None:
    """HiGHS prints a debugging line with printf whatever its options (HiGHS issue 2783): the
    descriptor is silenced during a solve, C buffers flushed before it is restored."""
    import ctypes
    import os

    from r57_mcda.portfolio.quiet import quiet_stdout

    print("before", flush=True)
    with quiet_stdout():
        os.write(1, b"raw write\n")
        ctypes.CDLL(None).printf(b"printf line\n")
    print("after", flush=True)
    assert capfd.readouterr().out == "before\nafter\n"
