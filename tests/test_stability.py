"""Tests for r57_mcda.sensitivity.stability: exact and bisected stability intervals."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from r57_mcda.errors import MethodError
from r57_mcda.ranking import rank
from r57_mcda.sensitivity import StabilityInterval, stability_intervals
from r57_mcda.weighting.rescale import rescaled_rows
from tests.helpers.problems import CRITERIA, HAND, random_problem

STEP = 1e-4


def test_exact_intervals_on_the_hand_example():
    # Sweeping c1 in HAND: C leads below 5/11, B on (5/11, 5/9), A above 5/9; A and C swap
    # at 1/2, so the top 2 is {B, C} below 1/2 and {A, B} above it.
    result = stability_intervals(HAND, pd.Series({"c1": 0.52, "c2": 0.48}), CRITERIA, top_k=2)
    first = result.first[0]
    assert first.kept == ("B",)
    assert (first.lower, first.upper) == pytest.approx((5 / 11, 5 / 9), abs=1e-14)
    assert not first.lower_closed and not first.upper_closed
    assert first.notation() == "(0.4545, 0.5556)"
    top = result.top[0]
    assert set(top.kept) == {"A", "B"}
    assert (top.lower, top.upper) == pytest.approx((1 / 2, 1.0), abs=1e-14)
    assert (top.lower_closed, top.upper_closed) == (False, True)
    assert top.exact and top.resolution == 0.0


def test_a_current_weight_at_a_breakpoint_is_a_single_point():
    # At w1 = 1/2, A and C tie for second: that top 2 = {A, B, C} exists only there.
    result = stability_intervals(HAND, pd.Series({"c1": 0.5, "c2": 0.5}), CRITERIA, top_k=2)
    top = result.top[0]
    assert set(top.kept) == {"A", "B", "C"}
    assert (top.lower, top.upper, top.lower_closed, top.upper_closed) == (0.5, 0.5, True, True)


def test_a_dominant_technology_is_stable_all_the_way():
    matrix = pd.DataFrame({"c1": [9.0, 6.0, 0.0, 10.0], "c2": [0.0, 5.0, 9.0, 10.0]})
    matrix.index = ["A", "B", "C", "D"]
    result = stability_intervals(matrix, pd.Series({"c1": 0.3, "c2": 0.7}), CRITERIA, top_k=1)
    for interval in result.first:
        assert interval.kept == ("D",)
        assert (interval.lower, interval.upper) == (0.0, 1.0)
        assert interval.lower_closed and interval.upper_closed
        assert interval.notation() == "[0, 1]"


def test_a_tie_at_an_end_of_the_sweep_leaves_that_end_open():
    # D = (10, 10) ties with A when only c1 counts (t = 1) and with C when only c2 does.
    matrix = HAND.copy()
    matrix.loc["D"] = [10.0, 10.0]
    result = stability_intervals(matrix, pd.Series({"c1": 0.3, "c2": 0.7}), CRITERIA, top_k=1)
    for interval in result.first:
        assert interval.kept == ("D",)
        assert interval.notation() == "(0, 1)"


def _top_set(matrix, weights, criteria, method, position, t, k):
    w = rescaled_rows(weights.to_numpy(), position, [t])[0]
    ranks = rank(matrix, pd.Series(w, index=matrix.columns), criteria, method=method).ranks
    return set(ranks.index[ranks <= k])


def _check_ends(matrix, weights, criteria, method, interval: StabilityInterval, k):
    position = list(matrix.columns).index(interval.criterion)
    kept = set(interval.kept)
    assert interval.lower <= interval.current <= interval.upper
    for end, outward in ((interval.lower, -STEP), (interval.upper, STEP)):
        if 0.0 < end < 1.0:
            beyond = _top_set(matrix, weights, criteria, method, position, end + outward, k)
            assert beyond != kept, (interval, end)
        if interval.upper - interval.lower > 2 * STEP:
            inward = min(max(end - outward, 0.0), 1.0)
            assert _top_set(matrix, weights, criteria, method, position, inward, k) == kept


@pytest.mark.parametrize("method", ["wsm", "topsis", "promethee2"])
@pytest.mark.parametrize("seed", [31, 32])
def test_the_set_changes_just_beyond_each_end(method, seed):
    matrix, weights, criteria = random_problem(seed, 6, 3)
    result = stability_intervals(matrix, weights, criteria, method=method, top_k=3)
    assert result.top_k == 3
    ranks = rank(matrix, weights, criteria, method=method).ranks
    for first, top in zip(result.first, result.top, strict=True):
        assert set(first.kept) == set(ranks.index[ranks == 1])
        assert set(top.kept) == set(ranks.index[ranks <= 3])
        _check_ends(matrix, weights, criteria, method, first, 1)
        _check_ends(matrix, weights, criteria, method, top, 3)
        assert first.exact == (method == "wsm")
        if method != "wsm":
            assert first.resolution == 1e-6
            assert first.lower_closed and first.upper_closed


def test_bisection_finds_the_crossing_within_the_tolerance():
    # TOPSIS on HAND, sweeping c1: find the crossing of the leaders by brute force.
    weights = pd.Series({"c1": 0.52, "c2": 0.48})
    result = stability_intervals(HAND, weights, CRITERIA, method="topsis", top_k=1)
    first = result.first[0]
    grid = np.linspace(first.upper - 1e-5, first.upper + 1e-5, 201)
    leaders = [_top_set(HAND, weights, CRITERIA, "topsis", 0, t, 1) for t in grid]
    change = next(t for t, s in zip(grid, leaders, strict=True) if s != set(first.kept))
    assert 0 <= change - first.upper <= 1e-6 + 1e-7


def test_results_are_plain_data_and_tables():
    result = stability_intervals(HAND, pd.Series({"c1": 0.52, "c2": 0.48}), CRITERIA, top_k=2)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["first"][0]["kept"] == ["B"]
    assert data["top_k_set"][1]["criterion"] == "c2"
    frame = result.frame()
    assert list(frame.index) == ["c1", "c2"]
    assert frame.loc["c1", "first_interval"] == "(0.4545, 0.5556)"
    assert frame.loc["c1", "top_k_interval"] == "(0.5, 1]"


def test_bad_options_are_refused():
    with pytest.raises(MethodError, match="top k"):
        stability_intervals(HAND, pd.Series({"c1": 0.5, "c2": 0.5}), CRITERIA, top_k=0)
    with pytest.raises(MethodError, match="tolerance"):
        stability_intervals(HAND, pd.Series({"c1": 0.5, "c2": 0.5}), CRITERIA, tolerance=0)


@pytest.mark.parametrize("seed", range(12))
def test_wsm_fast_intervals_equal_the_full_breakpoint_sweep(seed: int) -> None:
    """The O(k n) nearest-crossing rule gives the intervals of the full O(n^2) sweep."""
    from r57_mcda.sensitivity.stability import _exact_interval, _linear_interval
    from r57_mcda.sensitivity.sweep import exact_pieces, sweep_engine

    n = 6 + seed
    matrix, weights, criteria = random_problem(seed, n=n, m=4, scales=seed % 2 == 0)
    # Integer scores create ties; keep them off the current k-th place (the other path's case).
    if seed % 3 == 0:
        matrix = matrix.round()
    current = (weights / weights.sum()).to_numpy()
    for position in range(4):
        engine, w, j = sweep_engine(matrix, current, position, criteria, method="wsm", params=None)
        (start, end), _ = engine.evaluate(rescaled_rows(w, j, [0.0, 1.0]))
        _, ranks = engine.evaluate(w)
        pieces, _ = exact_pieces(engine, w, j)
        for k in (1, 3):
            kept = ranks[0] <= k
            if int(kept.sum()) != k:
                continue
            fast = _linear_interval(start, end, kept, float(w[j]))
            full = _exact_interval(pieces, float(w[j]), k)
            assert fast[2:] == full[2:], (position, k)
            assert fast[:2] == pytest.approx(full[:2], abs=1e-12), (position, k)


def test_stability_stops_before_weights_where_cocoso_is_undefined_and_counts_them():
    # CoCoSo is undefined at c1 = 0 (A worst on c2 alone) and c1 = 1 (C worst on c1 alone).
    even = pd.Series({"c1": 0.5, "c2": 0.5})
    result = stability_intervals(HAND, even, CRITERIA, method="cocoso", top_k=3)
    top = result.top[0]  # all three technologies: only the failures can end the interval
    assert (top.failed, top.points) == (2, 101)
    # Stable on (0, 1): both ends open, at the weights where the method fails.
    assert (top.lower, top.upper, top.lower_closed, top.upper_closed) == (0.0, 1.0, False, False)
    assert top.notation() == "(0, 1)"
    assert top.failure is not None and "CoCoSo cannot rank" in top.failure.text("en")
    assert top.to_dict()["failed_points"] == 2
