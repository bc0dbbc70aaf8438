"""Tests for r57_mcda.sensitivity.sweep: weight paths, exact WSM breakpoints, grid sweeps."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from r57_mcda.errors import MethodError
from r57_mcda.ranking import rank
from r57_mcda.sensitivity import sweep_weights
from r57_mcda.weighting.rescale import rescaled_rows
from tests.helpers.problems import CRITERIA, EVEN, HAND, random_problem


def test_swept_weights_keep_the_others_in_proportion():
    w = np.array([0.2, 0.5, 0.3])
    rows = rescaled_rows(w, 1, [0.0, 0.5, 1.0])
    np.testing.assert_allclose(rows.sum(axis=1), 1.0)
    np.testing.assert_allclose(rows[:, 1], [0.0, 0.5, 1.0])
    np.testing.assert_allclose(rows[0], [0.4, 0.0, 0.6])
    np.testing.assert_allclose(rows[1, 0] / rows[1, 2], 0.2 / 0.3)
    np.testing.assert_allclose(rescaled_rows(w, 1, [0.5]), [w])
    # A criterion holding all the weight: the others share the rest equally.
    np.testing.assert_allclose(
        rescaled_rows(np.array([0.0, 1.0, 0.0]), 1, [0.4]), [[0.3, 0.4, 0.3]]
    )


def test_wsm_breakpoints_are_the_hand_computed_crossings():
    sweep = sweep_weights(HAND, EVEN, CRITERIA, criteria_ids=["c1"])["c1"]
    assert sweep.exact
    assert [b.weight for b in sweep.breakpoints] == pytest.approx([5 / 11, 1 / 2, 5 / 9], abs=1e-14)
    assert [b.crossing for b in sweep.breakpoints] == [
        (("B", "C"),),
        (("A", "C"),),
        (("A", "B"),),
    ]
    assert [s.ranks for s in sweep.segments] == [(3, 2, 1), (3, 1, 2), (2, 1, 3), (1, 2, 3)]
    ends = [end for s in sweep.segments for end in (s.start, s.end)]
    assert ends == pytest.approx([0, 5 / 11, 5 / 11, 1 / 2, 1 / 2, 5 / 9, 5 / 9, 1], abs=1e-14)
    # At a breakpoint the crossing technologies tie.
    assert [b.ranks for b in sweep.breakpoints] == [(3, 1, 1), (2, 1, 2), (1, 1, 3)]


def test_sweeping_the_other_criterion_mirrors_the_breakpoints():
    sweep = sweep_weights(HAND, EVEN, CRITERIA, criteria_ids=["c2"])["c2"]
    assert [b.weight for b in sweep.breakpoints] == pytest.approx([4 / 9, 1 / 2, 6 / 11], abs=1e-14)


def test_crossing_at_one_third_splits_the_sweep_exactly():
    matrix = pd.DataFrame({"c1": [10.0, 5.0], "c2": [0.0, 2.5]}, index=["A", "B"])
    sweep = sweep_weights(matrix, EVEN, CRITERIA)["c1"]
    (point,) = sweep.breakpoints
    assert Fraction(point.weight).limit_denominator(1000) == Fraction(1, 3)
    assert point.weight == pytest.approx(1 / 3, abs=1e-15)
    first, second = sweep.segments
    assert (first.ranks, second.ranks) == ((2, 1), (1, 2))
    # Share of the sweep on which A is first: the P(A first) of uniform weights, 2/3.
    assert second.end - second.start == pytest.approx(2 / 3, abs=1e-15)


def test_grid_ranks_match_rank_at_every_point():
    sweep = sweep_weights(HAND, EVEN, CRITERIA, points=11)["c1"]
    assert sweep.ranks.shape == (11, 3)
    for t, ranks in zip(sweep.grid, sweep.ranks, strict=True):
        weights = pd.Series({"c1": t, "c2": 1 - t})
        if 0 < t < 1:
            expected = rank(HAND, weights, CRITERIA).ranks.to_numpy()
            np.testing.assert_array_equal(ranks, expected)


@pytest.mark.parametrize("method", ["topsis", "vikor", "edas"])
def test_grid_sweeps_of_other_methods_match_rank(method):
    matrix, weights, criteria = random_problem(21, 5, 3)
    result = sweep_weights(matrix, weights, criteria, method=method, points=6)
    assert result.current_ranks == tuple(
        rank(matrix, weights, criteria, method=method).ranks.tolist()
    )
    for sweep in result.sweeps:
        assert not sweep.exact
        assert sweep.breakpoints == ()
        position = list(matrix.columns).index(sweep.criterion)
        rows = rescaled_rows(weights.to_numpy(), position, sweep.grid)
        for w, ranks in zip(rows[1:-1], sweep.ranks[1:-1], strict=True):
            expected = rank(matrix, pd.Series(w, index=matrix.columns), criteria, method=method)
            np.testing.assert_array_equal(ranks, expected.ranks.to_numpy())
        # Grid segments are runs of equal ranks covering the grid end to end.
        assert sweep.segments[0].start == 0.0
        assert sweep.segments[-1].end == 1.0
        for before, after in zip(sweep.segments, sweep.segments[1:], strict=False):
            assert before.ranks != after.ranks
            assert before.end < after.start


def test_exact_breakpoints_agree_with_a_fine_grid():
    matrix, weights, criteria = random_problem(22, 8, 4, scales=True)
    result = sweep_weights(matrix, weights, criteria, points=2001)
    for sweep in result.sweeps:
        for segment in sweep.segments:
            inside = (sweep.grid > segment.start) & (sweep.grid < segment.end)
            assert (sweep.ranks[inside] == np.array(segment.ranks)).all()


def test_a_zero_weight_criterion_can_be_swept_and_stays_zero_otherwise():
    matrix, _, criteria = random_problem(23, 5, 3)
    weights = pd.Series({"c0": 0.6, "c1": 0.4, "c2": 0.0})
    result = sweep_weights(matrix, weights, criteria, method="topsis", points=5)
    swept = result["c2"]
    assert swept.current == 0.0
    np.testing.assert_array_equal(swept.ranks[0], result.current_ranks)
    other = result["c0"]
    w = pd.Series({"c0": 0.25, "c1": 0.75, "c2": 0.0})
    expected = rank(matrix, w, criteria, method="topsis").ranks.to_numpy()
    np.testing.assert_array_equal(other.ranks[1], expected)


def test_results_are_plain_data_and_tables():
    result = sweep_weights(HAND, EVEN, CRITERIA, points=3)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["sweeps"][0]["breakpoints"][0]["crossing"] == [["B", "C"]]
    frame = result.frame()
    assert list(frame.columns) == ["criterion", "weight", "technology", "rank"]
    assert len(frame) == 2 * 3 * 3
    assert frame.query("criterion == 'c1' and weight == 1.0 and technology == 'A'")[
        "rank"
    ].tolist() == [1]
    assert result["c1"].ranks_frame().loc[0.0].tolist() == [3, 2, 1]
    with pytest.raises(KeyError):
        result["nope"]


def test_bad_options_are_refused():
    with pytest.raises(MethodError, match="at least 2 grid points"):
        sweep_weights(HAND, EVEN, CRITERIA, points=1)
    with pytest.raises(MethodError, match="not in the matrix"):
        sweep_weights(HAND, EVEN, CRITERIA, criteria_ids=["c9"])


def test_grid_points_where_cocoso_is_undefined_are_reported_and_the_rest_drawn():
    # Min-max values A = (1, 0), B = (0.6, 0.5), C = (0, 1): at c1 = 0 only c2 carries weight
    # and A is the worst on it; at c1 = 1, C is the worst on c1. CoCoSo divides by 0 there.
    result = sweep_weights(HAND, EVEN, CRITERIA, method="cocoso", criteria_ids=["c1"])
    sweep = result["c1"]
    assert sweep.failed_weights == (0.0, 1.0)
    assert sweep.failed_share == pytest.approx(2 / 101)
    frame = sweep.ranks_frame()
    assert len(frame) == 99 and frame.index.min() == pytest.approx(0.01)
    assert frame.min().min() >= 1
    assert all(s.start > 0.0 and s.end < 1.0 for s in sweep.segments)
    assert sweep.failure is not None
    text = sweep.failure.text("en")
    assert text.startswith("with the weight of c1 at 0.0%: CoCoSo cannot rank with the weights")
    assert (
        "c2 100.0%" in text
        and "'A' is the worst on every criterion that carries weight (c2)" in text
    )
    data = json.loads(json.dumps(sweep.to_dict()))
    assert data["ranks"][0] is None and data["ranks"][-1] is None and data["ranks"][50] is not None
    assert data["failed_weights"] == [0.0, 1.0]
