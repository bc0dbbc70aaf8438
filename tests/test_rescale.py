"""Tests for r57_mcda.weighting.rescale: the one rule that moves a weight, and its three users.

Weight sweeps, stability intervals and the pair explanations must move weights exactly as
:func:`rescale_weights` does, including when the moved criterion holds all the weight.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from r57_mcda.errors import MethodError
from r57_mcda.explain.pairs import compare_pair
from r57_mcda.ranking import rank
from r57_mcda.sensitivity import RankEngine, stability_intervals, sweep_weights
from r57_mcda.weighting.rescale import rescale_weights, rescaled_rows
from tests.helpers.problems import CRITERIA, EVEN, HAND, random_problem

Calls = list[tuple[tuple[str, ...], np.ndarray]]


def series(**weights: float) -> pd.Series:
    return pd.Series(weights, dtype=float)


# ---------------------------------------------------------------- the rule


def test_the_others_keep_their_proportions_and_the_sum_is_one() -> None:
    out = rescale_weights(series(c1=0.5, c2=0.3, c3=0.2), "c1", 0.2)
    assert out.tolist() == pytest.approx([0.2, 0.48, 0.32], abs=1e-15)
    assert out["c2"] / out["c3"] == pytest.approx(0.3 / 0.2)
    assert out.sum() == pytest.approx(1.0, abs=1e-15)
    assert list(out.index) == ["c1", "c2", "c3"]


def test_the_current_weight_gives_the_weights_back_and_a_zero_stays_zero() -> None:
    weights = series(c1=0.2, c2=0.5, c3=0.0, c4=0.3)
    np.testing.assert_allclose(rescale_weights(weights, "c2", 0.5), weights, atol=1e-15)
    for t in (0.0, 0.4, 1.0):
        assert rescale_weights(weights, "c2", t)["c3"] == 0.0
    np.testing.assert_allclose(rescale_weights(weights, "c2", 1.0), [0, 1, 0, 0], atol=0)
    np.testing.assert_allclose(
        rescale_weights(weights, "c3", 0.5), [0.1, 0.25, 0.5, 0.15], atol=1e-15
    )


def test_weights_are_normalised_first() -> None:
    out = rescale_weights(series(c1=2.0, c2=1.0, c3=1.0), "c2", 0.5)
    assert out.tolist() == pytest.approx([1 / 3, 0.5, 1 / 6], abs=1e-15)


def test_rows_follow_the_rule_for_each_value() -> None:
    w = np.array([0.2, 0.5, 0.3])
    rows = rescaled_rows(w, 1, [0.0, 0.5, 1.0])
    np.testing.assert_allclose(rows, [[0.4, 0.0, 0.6], w, [0.0, 1.0, 0.0]], atol=1e-15)
    np.testing.assert_allclose(rows.sum(axis=1), 1.0, atol=1e-15)


def test_a_criterion_holding_all_the_weight_shares_the_rest_equally() -> None:
    """The degenerate case: no ratios to keep, so every other criterion gets (1 - t) / (n - 1)."""
    weights = series(c1=0.0, c2=1.0, c3=0.0, c4=0.0)
    out = rescale_weights(weights, "c2", 0.4)
    assert out.tolist() == pytest.approx([0.2, 0.4, 0.2, 0.2], abs=1e-15)
    assert rescale_weights(weights, "c2", 0.0).tolist() == pytest.approx([1 / 3, 0, 1 / 3, 1 / 3])
    # At t = 1 the current weights come back.
    assert rescale_weights(weights, "c2", 1.0).tolist() == [0.0, 1.0, 0.0, 0.0]
    np.testing.assert_allclose(
        rescaled_rows(weights.to_numpy(), 1, [0.4, 1.0]),
        [[0.2, 0.4, 0.2, 0.2], [0.0, 1.0, 0.0, 0.0]],
        atol=1e-15,
    )


def test_a_single_criterion_keeps_all_the_weight() -> None:
    assert rescale_weights(series(c1=1.0), "c1", 0.3).tolist() == [1.0]
    np.testing.assert_array_equal(rescaled_rows(np.array([1.0]), 0, [0.0, 0.5]), [[1.0], [1.0]])


@pytest.mark.parametrize(
    ("criterion", "value", "message"),
    [
        ("c9", 0.5, "no weight for criterion"),
        ("c1", 1.5, "between 0 and 1"),
        ("c1", -0.1, "between 0 and 1"),
    ],
)
def test_bad_moves_are_refused(criterion: str, value: float, message: str) -> None:
    with pytest.raises(MethodError, match=message):
        rescale_weights(series(c1=0.5, c2=0.5), criterion, value)


# ---------------------------------------------------------------- sweeps and stability


@pytest.fixture
def ranked(monkeypatch: pytest.MonkeyPatch) -> Iterator[Calls]:
    """Every weight vector a RankEngine ranks, with the engine's criteria."""
    calls: Calls = []
    # ``evaluate`` ranks through ``attempt``, which sweeps and stability also call directly.
    attempt = RankEngine.attempt

    def spy(self: RankEngine, weights: object) -> object:
        rows = np.atleast_2d(np.asarray(weights, dtype=np.float64)).copy()
        calls.append((self.criteria, rows))
        return attempt(self, weights)

    monkeypatch.setattr(RankEngine, "attempt", spy)
    yield calls


def assert_on_the_path(calls: Calls, weights: pd.Series, criterion: str) -> int:
    """Every ranked vector is ``rescale_weights(weights, criterion, t)`` at its own ``t``.

    A criterion the engine left out must have weight 0 there. Returns the vectors checked.
    """
    checked = 0
    for columns, rows in calls:
        for row in rows:
            t = float(row[columns.index(criterion)]) if criterion in columns else 0.0
            expected = rescale_weights(weights, criterion, t)
            np.testing.assert_allclose(row, expected[list(columns)].to_numpy(), atol=1e-14)
            assert (expected.drop(list(columns)) == 0).all()
            checked += 1
    return checked


CASES = {
    "random": random_problem(31, 6, 4)[1],
    "a zero weight": pd.Series({"c0": 0.5, "c1": 0.3, "c2": 0.0, "c3": 0.2}),
    "all the weight on c1": pd.Series({"c0": 0.0, "c1": 1.0, "c2": 0.0, "c3": 0.0}),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("method", ["wsm", "topsis"])
@pytest.mark.parametrize("criterion", ["c1", "c2"])
def test_a_sweep_ranks_the_weights_of_the_rule(
    ranked: Calls, case: str, method: str, criterion: str
) -> None:
    matrix, _, criteria = random_problem(31, 6, 4)
    weights = CASES[case]
    sweep = sweep_weights(
        matrix, weights, criteria, method=method, criteria_ids=[criterion], points=11
    )[criterion]
    assert assert_on_the_path(ranked, weights, criterion) >= 11
    for t, ranks in zip(sweep.grid, sweep.ranks, strict=True):
        moved = rescale_weights(weights, criterion, float(t))
        expected = rank(matrix, moved, criteria, method=method).ranks.to_numpy()
        np.testing.assert_array_equal(ranks, expected)


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_stability_intervals_rank_the_weights_of_the_rule(
    ranked: Calls, case: str, method: str
) -> None:
    matrix, _, criteria = random_problem(31, 6, 4)
    weights = CASES[case]
    result = stability_intervals(
        matrix, weights, criteria, method=method, top_k=2, criteria_ids=["c1"], points=21
    )
    assert assert_on_the_path(ranked, weights, "c1") > 0
    # Inside an interval the leader is the one now, at weights of the rule.
    interval = result.first[0]
    t = (interval.lower + interval.upper) / 2
    inside = rank(matrix, rescale_weights(weights, "c1", t), criteria, method=method)
    assert tuple(inside.top(1)) == interval.kept


def test_a_degenerate_wsm_sweep_has_the_breakpoints_of_its_path() -> None:
    """With two criteria, moving c1 from weight 1 gives c2 the rest: w = (t, 1 - t), the path
    of the even weights, so the hand-computed breakpoints 5/11, 1/2 and 5/9 (before this rule
    the sweep failed at t = 0, where no weight was left)."""
    full = sweep_weights(HAND, pd.Series({"c1": 1.0, "c2": 0.0}), CRITERIA)["c1"]
    even = sweep_weights(HAND, EVEN, CRITERIA)["c1"]
    assert [b.weight for b in full.breakpoints] == pytest.approx([5 / 11, 1 / 2, 5 / 9], abs=1e-14)
    assert full.segments == even.segments
    np.testing.assert_array_equal(full.ranks, even.ranks)


# ---------------------------------------------------------------- pair explanations


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_swap_weights_are_the_weights_of_the_rule(case: str, method: str) -> None:
    matrix, _, criteria = random_problem(32, 6, 4, scales=True)
    weights = CASES[case]
    found = 0
    for a, b in [("t0", "t1"), ("t2", "t3"), ("t1", "t4"), ("t0", "t5")]:
        pair = compare_pair(matrix, weights, criteria, a, b, method=method)
        for criterion, swap in (pair.swaps or {}).items():
            if swap is None:
                continue
            expected = rescale_weights(weights, criterion, swap.swap_weight)
            np.testing.assert_allclose(swap.weights, expected[swap.weights.index], atol=1e-14)
            found += 1
    assert found > 0


def test_a_criterion_holding_all_the_weight_can_swap_a_pair() -> None:
    """A = (1, 0), B = (0.6, 0.5) on c1, c2; with all the weight on c1 A leads by 0.4. Lowering
    c1 to t gives c2 1 - t: the lead 0.4 t - 0.5 (1 - t) is 0 at t = 5/9."""
    weights = pd.Series({"c1": 1.0, "c2": 0.0})
    pair = compare_pair(HAND, weights, CRITERIA, "A", "B", method="wsm")
    assert pair.swaps is not None
    swap = pair.swaps["c1"]
    assert swap is not None
    assert swap.swap_weight == pytest.approx(5 / 9, abs=1e-14)
    assert swap.weights.tolist() == pytest.approx([5 / 9, 4 / 9], abs=1e-14)
