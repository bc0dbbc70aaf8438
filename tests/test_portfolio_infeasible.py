"""r57_mcda.portfolio.infeasible: an infeasible problem explained, never a bare solver status."""

from __future__ import annotations

import pandas as pd

from r57_mcda.portfolio import (
    Constraints,
    GroupLimit,
    explain_infeasible,
    optimise,
    portfolio_problem,
    select_portfolio,
)

IDS = ["a", "b", "c", "d"]
VALUES = pd.Series([4.0, 3.0, 2.0, 1.0], index=IDS)
COSTS = pd.Series([5.0, 4.0, 3.0, 2.0], index=IDS)
GROUPS = pd.Series(["x", "x", "y", "y"], index=IDS)


def _problem(budget: float = 20.0, **constraints: object):
    return portfolio_problem(
        VALUES, COSTS, budget=budget, groups=GROUPS, constraints=Constraints(**constraints)
    )


def test_two_must_funds_that_exclude_each_other() -> None:
    problem = _problem(must=("a", "b"), excludes=(("a", "b"),))
    assert optimise(problem) is None
    why = explain_infeasible(problem)
    assert [c.key for c in why.singles] == ["must:a", "must:b", "excludes:a|b"]
    assert why.to_dict()["message"] == (
        "No portfolio meets every constraint. Relaxing any one of these 3 constraints would "
        "make one possible: must fund a; must fund b; at most one of a, b."
    )
    assert why.to_dict()["message_vi"].startswith("Không có danh mục nào thỏa mãn")
    assert "bắt buộc tài trợ a" in why.to_dict()["message_vi"]


def test_a_group_minimum_above_the_group_size() -> None:
    problem = _problem(groups={"y": GroupLimit(min=3)})
    why = explain_infeasible(problem)
    assert [c.key for c in why.singles] == ["group_min:y"]
    assert why.message().text("en") == (
        "No portfolio meets every constraint; 1 constraint explains it, and relaxing it would "
        "make one possible: the minimum number of technologies of group y."
    )


def test_a_budget_below_the_must_funds_cost() -> None:
    problem = _problem(budget=6.0, must=("a", "c"))
    why = explain_infeasible(problem)
    assert [c.key for c in why.singles] == ["budget", "must:a", "must:c"]


def test_two_separate_conflicts_are_explained_by_pairs() -> None:
    problem = _problem(must=("a", "b"), excludes=(("a", "b"),), groups={"y": GroupLimit(min=3)})
    why = explain_infeasible(problem)
    assert why.singles == ()
    assert [(a.key, b.key) for a, b in why.pairs] == [
        ("must:a", "group_min:y"),
        ("must:b", "group_min:y"),
        ("excludes:a|b", "group_min:y"),
    ]
    data = why.to_dict()
    assert data["pairs"][0] == ["must:a", "group_min:y"]
    assert "must fund a and the minimum number of technologies of group y" in data["message"]


def test_too_many_constraints_for_pairs_names_the_families() -> None:
    # Two separate conflicts (a and b must be funded but exclude each other; group z of two
    # technologies must fund three) among 36 constraints: too many to try every pair.
    chain = tuple((f"t{i}", f"t{i + 1}") for i in range(31))
    ids = ["a", "b"] + [f"t{i}" for i in range(32)]
    problem = portfolio_problem(
        pd.Series(1.0, index=ids),
        pd.Series(1.0, index=ids),
        budget=100,
        groups=pd.Series(["x", "x", "z", "z"] + ["y"] * 30, index=ids),
        constraints=Constraints(
            must=("a", "b"), excludes=(("a", "b"),), requires=chain, groups={"z": GroupLimit(min=3)}
        ),
    )
    why = explain_infeasible(problem)
    assert why.singles == () and why.pairs == ()
    # No family alone explains it either: every family of the problem is named.
    assert why.families == ("budget", "must", "requires", "excludes", "group_min")
    assert (
        why.message()
        .text("en")
        .endswith(
            "The conflict involves: the budget, must-fund technologies, requirements, exclusions, "
            "group minima."
        )
    )


def test_select_portfolio_reports_the_explanation() -> None:
    result = select_portfolio(_problem(budget=6.0, must=("a", "c")))
    data = result.to_dict()
    assert data["status"] == "infeasible"
    assert data["selected"] == [] and data["cost"] is None and data["greedy"] is None
    assert data["infeasible"]["single"] == ["budget", "must:a", "must:c"]
