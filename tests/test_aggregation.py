"""Tests for r57_mcda.panel.aggregation: the score cube, aggregation methods and cell statistics."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from r57_mcda.errors import InputError, MethodError
from r57_mcda.models import Panel
from r57_mcda.panel.aggregation import aggregate_cube, aggregate_panel
from r57_mcda.panel.cube import score_cube
from r57_mcda.vocab import AGGREGATION_METHODS
from tests.helpers.panels import panel_from_array


def one_cell(scores: list[float], **kwargs: object) -> float:
    """Aggregate one technology x criterion scored by len(scores) experts."""
    panel = panel_from_array(np.array(scores, dtype=float).reshape(-1, 1, 1))
    return float(aggregate_panel(panel, **kwargs).matrix.iloc[0, 0])  # type: ignore[arg-type]


NAN = np.nan

# Experts e0..e3; technologies t0, t1; criteria c0, c1.
HAND = np.array(
    [
        [[1, 3], [2, NAN]],
        [[2, NAN], [4, NAN]],
        [[4, NAN], [8, NAN]],
        [[5, 3], [NAN, NAN]],
    ]
)
HAND_REASONS = {(1, 0, 1): "COI", (2, 0, 1): "NA", (3, 1, 0): "blank", (0, 1, 1): "COI"}


@pytest.fixture
def hand_panel() -> Panel:
    return panel_from_array(HAND, reasons=HAND_REASONS)


def test_cube_shape_order_and_coi(hand_panel: Panel) -> None:
    cube = score_cube(hand_panel)
    assert cube.values.shape == (4, 2, 2)
    assert cube.experts == ("e0", "e1", "e2", "e3")
    assert cube.technologies == ("t0", "t1")
    assert cube.criteria == ("c0", "c1")
    np.testing.assert_array_equal(cube.values, HAND)
    assert cube.coi.sum() == 2
    assert cube.coi[1, 0, 1] and cube.coi[0, 1, 1]
    assert not cube.values.flags.writeable


def test_hand_statistics(hand_panel: Panel) -> None:
    agg = aggregate_panel(hand_panel)
    # t0/c0: 1, 2, 4, 5 -> mean 3, sample std sqrt(10/3), quartiles 1.75 and 4.25.
    assert agg.matrix.loc["t0", "c0"] == pytest.approx(3.0)
    assert agg.std.loc["t0", "c0"] == pytest.approx(np.sqrt(10 / 3))
    assert agg.iqr.loc["t0", "c0"] == pytest.approx(2.5)
    assert (agg.min.loc["t0", "c0"], agg.max.loc["t0", "c0"]) == (1.0, 5.0)
    # t0/c1: 3 and 3; one COI, one NA.
    assert agg.n.loc["t0", "c1"] == 2
    assert agg.abstentions.loc["t0", "c1"] == 2
    assert agg.coi.loc["t0", "c1"] == 1
    assert agg.std.loc["t0", "c1"] == 0.0
    # t1/c0: 2, 4, 8 and a blank.
    assert agg.matrix.loc["t1", "c0"] == pytest.approx(14 / 3)
    assert agg.abstentions.loc["t1", "c0"] == 1
    # t1/c1: nobody scored it (a COI and three NA): NaN, not a crash.
    assert np.isnan(agg.matrix.loc["t1", "c1"])
    assert agg.n.loc["t1", "c1"] == 0
    assert agg.abstentions.loc["t1", "c1"] == 4
    assert agg.coi.loc["t1", "c1"] == 1
    for frame in (agg.std, agg.iqr, agg.min, agg.max):
        assert np.isnan(frame.loc["t1", "c1"])
    assert list(agg.matrix.index) == ["t0", "t1"]
    assert list(agg.matrix.columns) == ["c0", "c1"]
    assert agg.n.dtypes.eq("int64").all()


def test_std_is_nan_for_a_single_score(hand_panel: Panel) -> None:
    values = HAND.copy()
    values[1:, 0, 0] = NAN
    agg = aggregate_panel(panel_from_array(values))
    assert agg.n.loc["t0", "c0"] == 1
    assert np.isnan(agg.std.loc["t0", "c0"])
    assert agg.iqr.loc["t0", "c0"] == 0.0


def test_missing_rows_count_as_abstentions(hand_panel: Panel) -> None:
    scores = hand_panel.scores
    kept = scores[~((scores.expert == "e3") & (scores.technology == "t1"))]
    agg = aggregate_panel(dataclasses.replace(hand_panel, scores=kept.reset_index(drop=True)))
    assert agg.abstentions.loc["t1", "c0"] == 1
    assert agg.abstentions.loc["t1", "c1"] == 4
    assert agg.coi.loc["t1", "c1"] == 1


def test_hand_median_and_geometric(hand_panel: Panel) -> None:
    median = aggregate_panel(hand_panel, method="median").matrix
    assert median.loc["t0", "c0"] == pytest.approx(3.0)  # midpoint of 2 and 4
    assert median.loc["t1", "c0"] == pytest.approx(4.0)
    geometric = aggregate_panel(hand_panel, method="geometric").matrix
    assert geometric.loc["t1", "c0"] == pytest.approx(4.0)  # (2 * 4 * 8) ** (1/3)
    assert geometric.loc["t0", "c0"] == pytest.approx(40**0.25)
    assert np.isnan(geometric.loc["t1", "c1"])


def test_trimmed_small_n() -> None:
    # floor(0.1 * 10) = 1 score cut at each end: the mean of 2..9.
    assert one_cell([*range(1, 10), 100], method="trimmed") == pytest.approx(5.5)
    # floor(0.1 * 9) = 0: the plain mean.
    assert one_cell([*range(1, 9), 100], method="trimmed") == pytest.approx(136 / 9)
    # floor(0.25 * 4) = 1: the mean of the two middle scores.
    assert one_cell([1, 2, 4, 40], method="trimmed", trim=0.25) == pytest.approx(3.0)
    assert one_cell([1, 2, 4, 40], method="trimmed", trim=0.0) == pytest.approx(47 / 4)


@settings(max_examples=50, deadline=None)
@given(
    scores=st.lists(st.integers(1, 9), min_size=1, max_size=25),
    trim=st.sampled_from([0.0, 0.1, 0.2, 0.25, 0.3, 0.45]),
)
def test_trimmed_matches_scipy(scores: list[int], trim: float) -> None:
    expected = stats.trim_mean(scores, trim)
    assert one_cell(scores, method="trimmed", trim=trim) == pytest.approx(expected)


def test_geometric_rejects_non_positive() -> None:
    with pytest.raises(MethodError, match="positive scores"):
        one_cell([1, 0, 3], method="geometric")


def test_bad_method_and_trim() -> None:
    with pytest.raises(MethodError, match="unknown aggregation method"):
        one_cell([1, 2], method="mode")
    with pytest.raises(MethodError, match="trim"):
        one_cell([1, 2], method="trimmed", trim=0.5)


def weighted_cell(scores: list[float], weights: list[float], **kwargs: object) -> float:
    panel = panel_from_array(np.array(scores, dtype=float).reshape(-1, 1, 1))
    series = pd.Series(weights, index=[f"e{i}" for i in range(len(weights))])
    agg = aggregate_panel(panel, expert_weights=series, **kwargs)  # type: ignore[arg-type]
    return float(agg.matrix.iloc[0, 0])


def test_hand_weighted_methods() -> None:
    assert weighted_cell([1, 5], [3, 1]) == pytest.approx(2.0)
    # Cumulative weight reaches exactly 1/2 at score 1: midpoint with the next score.
    assert weighted_cell([1, 2, 3], [0.5, 0.25, 0.25], method="median") == pytest.approx(1.5)
    assert weighted_cell([1, 2, 3], [0.6, 0.2, 0.2], method="median") == pytest.approx(1.0)
    assert weighted_cell([3, 1, 2], [0.2, 0.2, 0.6], method="median") == pytest.approx(2.0)
    # Intervals [0, .2] [.2, .3] [.3, .6] [.6, 1]: only the first lies within [0, .25].
    trimmed = weighted_cell([1, 2, 3, 4], [0.2, 0.1, 0.3, 0.4], method="trimmed", trim=0.25)
    assert trimmed == pytest.approx((0.1 * 2 + 0.3 * 3 + 0.4 * 4) / 0.8)
    geometric = weighted_cell([2, 8], [1, 3], method="geometric")
    assert geometric == pytest.approx(np.exp((np.log(2) + 3 * np.log(8)) / 4))
    # An expert with weight 0 does not count; the rest decide.
    assert weighted_cell([1, 5, 9], [1, 0, 1], method="median") == pytest.approx(5.0)


def test_expert_weights_validation() -> None:
    panel = panel_from_array(np.ones((2, 1, 1)))
    with pytest.raises(InputError, match="no weight for expert 'e1'"):
        aggregate_panel(panel, expert_weights=pd.Series({"e0": 1.0}))
    with pytest.raises(InputError, match="weight must be a number >= 0"):
        aggregate_panel(panel, expert_weights=pd.Series({"e0": 1.0, "e1": -1.0}))
    with pytest.raises(InputError, match="all zero"):
        aggregate_panel(panel, expert_weights=pd.Series({"e0": 0.0, "e1": 0.0}))
    # Extra ids are ignored (a bootstrap resample may lack some experts).
    agg = aggregate_panel(panel, expert_weights=pd.Series({"e0": 1.0, "e1": 2.0, "zz": 5.0}))
    assert list(agg.expert_weights) == [1.0, 2.0]


def test_resampled_cube_keeps_expert_weights() -> None:
    panel = panel_from_array(np.array([[[1.0]], [[4.0]]]))
    resampled = score_cube(panel).take_experts([1, 1, 0])
    assert resampled.experts == ("e1", "e1", "e0")
    agg = aggregate_cube(resampled, expert_weights=pd.Series({"e0": 2.0, "e1": 1.0}))
    assert agg.matrix.iloc[0, 0] == pytest.approx((4 + 4 + 2 * 1) / 4)
    assert list(agg.expert_weights.index) == ["e1", "e1", "e0"]


def test_balance_groups_hand() -> None:
    # Group A (e0, e1) scores 1 and 1, group B (e2) scores 4.
    values = np.array([[[1.0, 1.0]], [[1.0, 1.0]], [[4.0, NAN]]])
    panel = panel_from_array(values, groups=["A", "A", "B"], reasons={(2, 0, 1): "COI"})
    plain = aggregate_panel(panel).matrix
    balanced = aggregate_panel(panel, balance_groups=True).matrix
    assert plain.loc["t0", "c0"] == pytest.approx(2.0)
    assert balanced.loc["t0", "c0"] == pytest.approx(2.5)
    # Only group A scored c1: balancing changes nothing there.
    assert balanced.loc["t0", "c1"] == pytest.approx(1.0)
    # Within a group, expert weights keep their proportions: A's mean is (3*1 + 1*3)/4.
    values = np.array([[[1.0]], [[3.0]], [[4.0]]])
    panel = panel_from_array(values, groups=["A", "A", "B"])
    weights = pd.Series({"e0": 3.0, "e1": 1.0, "e2": 100.0})
    agg = aggregate_panel(panel, expert_weights=weights, balance_groups=True)
    assert agg.matrix.iloc[0, 0] == pytest.approx((1.5 + 4.0) / 2)


def test_unknown_ids_and_duplicates_are_input_errors(hand_panel: Panel) -> None:
    scores = hand_panel.scores.copy()
    scores.loc[0, "expert"] = "ghost"
    scores["source_row"] = scores["source_row"].astype(float)
    with pytest.raises(InputError, match="unknown expert id 'ghost'") as info:
        score_cube(dataclasses.replace(hand_panel, scores=scores))
    assert info.value.problems[0].row == 2
    assert info.value.problems[0].file == "scores.csv"
    doubled = pd.concat([hand_panel.scores, hand_panel.scores.iloc[[3]]], ignore_index=True)
    with pytest.raises(InputError, match="more than one row"):
        score_cube(dataclasses.replace(hand_panel, scores=doubled))


def test_long_has_one_row_per_cell(hand_panel: Panel) -> None:
    agg = aggregate_panel(hand_panel)
    long = agg.long()
    assert len(long) == 4
    assert list(long.columns) == [
        "technology",
        "criterion",
        "score",
        "n",
        "abstentions",
        "coi",
        "std",
        "iqr",
        "min",
        "max",
    ]
    row = long.set_index(["technology", "criterion"]).loc[("t0", "c1")]
    assert (row["score"], row["n"], row["abstentions"], row["coi"]) == (3.0, 2, 2, 1)


def test_full_size_panel_matches_numpy() -> None:
    """200 technologies x 15 criteria x 30 experts (90,000 rows), against numpy's nan-functions."""
    rng = np.random.default_rng(57)
    values = rng.integers(1, 10, size=(30, 200, 15)).astype(float)
    values[rng.random(values.shape) < 0.05] = NAN
    values[0] = 5.0  # every cell has a score, so numpy's nan-functions do not warn
    groups = ["science", "industry", "government"] * 10
    panel = panel_from_array(values, groups=groups)
    assert len(panel.scores) == 90_000
    cube = score_cube(panel)
    np.testing.assert_array_equal(cube.values, values)
    agg = aggregate_cube(cube)
    np.testing.assert_allclose(agg.matrix.to_numpy(), np.nanmean(values, axis=0))
    np.testing.assert_allclose(agg.std.to_numpy(), np.nanstd(values, axis=0, ddof=1))
    quartiles = np.nanpercentile(values, [25, 75], axis=0)
    np.testing.assert_allclose(agg.iqr.to_numpy(), quartiles[1] - quartiles[0])
    np.testing.assert_array_equal(agg.min.to_numpy(), np.nanmin(values, axis=0))
    np.testing.assert_array_equal(agg.max.to_numpy(), np.nanmax(values, axis=0))
    np.testing.assert_array_equal(agg.n.to_numpy(), (~np.isnan(values)).sum(axis=0))
    median = aggregate_cube(cube, method="median").matrix.to_numpy()
    np.testing.assert_allclose(median, np.nanmedian(values, axis=0))
    trimmed = aggregate_cube(cube, method="trimmed").matrix.to_numpy()
    cell = values[:, 17, 4]
    assert trimmed[17, 4] == pytest.approx(stats.trim_mean(cell[~np.isnan(cell)], 0.1))
    balanced = aggregate_cube(cube, balance_groups=True).matrix.to_numpy()
    # With 10 experts a group and 5% abstentions, every group scores every cell.
    by_group = np.stack([np.nanmean(values[g::3], axis=0) for g in range(3)])
    np.testing.assert_allclose(balanced, np.nanmean(by_group, axis=0))
    resampled = aggregate_cube(cube.take_experts(np.zeros(30, dtype=int))).matrix
    np.testing.assert_array_equal(resampled.to_numpy(), np.full((200, 15), 5.0))


# ---------------------------------------------------------------------------------------------
# Properties


def score_arrays(min_experts: int = 1) -> st.SearchStrategy[np.ndarray]:
    """Small experts x technologies x criteria score cubes with some abstentions."""
    shapes = st.tuples(st.integers(min_experts, 6), st.integers(1, 4), st.integers(1, 3))
    cells = st.one_of(st.integers(1, 5).map(float), st.just(NAN))
    return shapes.flatmap(lambda shape: arrays(np.float64, shape, elements=cells))


@settings(max_examples=50, deadline=None)
@given(values=score_arrays(), seed=st.integers(0, 2**32 - 1))
def test_row_order_does_not_matter(values: np.ndarray, seed: int) -> None:
    panel = panel_from_array(values)
    shuffled = panel.scores.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    other = dataclasses.replace(panel, scores=shuffled)
    for method in AGGREGATION_METHODS:
        a = aggregate_panel(panel, method=method)
        b = aggregate_panel(other, method=method)
        pd.testing.assert_frame_equal(a.matrix, b.matrix)
        pd.testing.assert_frame_equal(a.iqr, b.iqr)


@settings(max_examples=50, deadline=None)
@given(values=score_arrays(), weights=st.lists(st.floats(0.01, 10), min_size=6, max_size=6))
def test_aggregates_lie_within_min_and_max(values: np.ndarray, weights: list[float]) -> None:
    panel = panel_from_array(values)
    series = pd.Series(weights[: values.shape[0]], index=panel.expert_ids)
    for method in AGGREGATION_METHODS:
        agg = aggregate_panel(panel, method=method, expert_weights=series)
        scored = agg.n.to_numpy() > 0
        matrix = agg.matrix.to_numpy()
        assert np.isnan(matrix[~scored]).all()
        tol = 1e-9
        assert (matrix[scored] >= agg.min.to_numpy()[scored] - tol).all()
        assert (matrix[scored] <= agg.max.to_numpy()[scored] + tol).all()


@settings(max_examples=50, deadline=None)
@given(
    values=score_arrays(min_experts=2),
    groups=st.lists(st.sampled_from(["science", "industry", "government"]), min_size=6),
)
def test_balancing_equals_mean_of_group_means(values: np.ndarray, groups: list[str]) -> None:
    groups = groups[: values.shape[0]]
    panel = panel_from_array(values, groups=groups)
    balanced = aggregate_panel(panel, balance_groups=True).matrix.to_numpy()
    labels = np.array(groups)
    group_means = []
    for g in dict.fromkeys(groups):
        member = values[labels == g]
        count = (~np.isnan(member)).sum(axis=0)
        total = np.nansum(member, axis=0)
        group_means.append(np.where(count > 0, total / np.maximum(count, 1), NAN))
    stacked = np.stack(group_means)
    present = ~np.isnan(stacked)
    expected = np.where(
        present.any(axis=0),
        np.nansum(stacked, axis=0) / np.maximum(present.sum(axis=0), 1),
        NAN,
    )
    np.testing.assert_allclose(balanced, expected)


@settings(max_examples=50, deadline=None)
@given(values=score_arrays(), weight=st.floats(0.001, 1000), balance=st.booleans())
def test_equal_weights_equal_no_weights(values: np.ndarray, weight: float, balance: bool) -> None:
    panel = panel_from_array(values, groups=(["A", "B"] * 3)[: values.shape[0]])
    equal = pd.Series(weight, index=panel.expert_ids)
    for method in AGGREGATION_METHODS:
        plain = aggregate_panel(panel, method=method, balance_groups=balance).matrix
        weighted = aggregate_panel(
            panel, method=method, expert_weights=equal, balance_groups=balance
        ).matrix
        pd.testing.assert_frame_equal(plain, weighted, rtol=1e-9)


@settings(max_examples=50, deadline=None)
@given(
    scores=st.lists(st.integers(1, 9), min_size=1, max_size=15),
    weight=st.floats(0.001, 1000),
    trim=st.sampled_from([0.1, 0.2, 0.25, 1 / 3]),
)
def test_weighted_median_and_trimmed_equal_ordinary(
    scores: list[int], weight: float, trim: float
) -> None:
    weights = [weight] * len(scores)
    assert weighted_cell(scores, weights, method="median") == pytest.approx(np.median(scores))
    trimmed = weighted_cell(scores, weights, method="trimmed", trim=trim)
    assert trimmed == pytest.approx(stats.trim_mean(scores, trim))


# --- issue 9, item 7: weighing scores by the experts' declared confidence -------------------


def with_confidence(panel: Panel, confidence: np.ndarray) -> Panel:
    """``panel`` whose scores carry ``confidence`` (experts x technologies x criteria)."""
    scores = panel.scores.copy()
    scores["confidence"] = np.asarray(confidence, dtype=float).ravel()
    return dataclasses.replace(panel, scores=scores)


def conf_cell(
    scores: list[float], confidence: list[float], **kwargs: object
) -> tuple[float, float]:
    """One cell aggregated with and without ``use_confidence``."""
    panel = panel_from_array(np.array(scores, dtype=float).reshape(-1, 1, 1))
    panel = with_confidence(panel, np.array(confidence, dtype=float).reshape(-1, 1, 1))
    weighed = aggregate_panel(panel, use_confidence=True, **kwargs)  # type: ignore[arg-type]
    plain = aggregate_panel(panel, **kwargs)  # type: ignore[arg-type]
    assert weighed.use_confidence and not plain.use_confidence
    return float(weighed.matrix.iloc[0, 0]), float(plain.matrix.iloc[0, 0])


def test_confidence_weighs_each_score_hand() -> None:
    # Scores 2 and 5 with confidences 1 and 3: (1*2 + 3*5) / 4 = 4.25; without, 3.5.
    assert conf_cell([2, 5], [1, 3]) == pytest.approx((4.25, 3.5))
    # Median: normalised weights 0.2, 0.2, 0.6 put the median on 9 (plain median 5).
    assert conf_cell([1, 5, 9], [1, 1, 3], method="median") == pytest.approx((9.0, 5.0))
    # Geometric and trimmed use the same cell weights as expert weights would.
    geometric, _ = conf_cell([2, 8], [1, 3], method="geometric")
    assert geometric == pytest.approx(weighted_cell([2, 8], [1, 3], method="geometric"))
    trimmed, _ = conf_cell([1, 2, 3, 4], [2, 1, 3, 4], method="trimmed", trim=0.25)
    assert trimmed == pytest.approx((0.1 * 2 + 0.3 * 3 + 0.4 * 4) / 0.8)
    # Equal confidences change nothing.
    assert conf_cell([1, 4, 4], [2, 2, 2]) == pytest.approx((3.0, 3.0))


def test_a_missing_confidence_takes_the_experts_mean_else_the_panels() -> None:
    # e0 gave confidences 1 and 3 and none on c2 (-> its mean, 2); e1 gave none at all
    # (-> the mean of every confidence given: (1 + 3 + 3 + 3 + 3) / 5 = 2.6); e2 gave 3, 3, 3.
    scores = np.array([[[1.0, 1.0, 1.0]], [[4.0, 4.0, 4.0]], [[7.0, 7.0, 7.0]]])
    confidence = np.array([[[1.0, 3.0, NAN]], [[NAN, NAN, NAN]], [[3.0, 3.0, 3.0]]])
    panel = with_confidence(panel_from_array(scores), confidence)
    cube = score_cube(panel)
    assert np.isnan(cube.confidence[1]).all() and cube.confidence[0, 0, 1] == 3.0
    matrix = aggregate_panel(panel, use_confidence=True).matrix
    assert matrix.loc["t0", "c0"] == pytest.approx((1 * 1 + 2.6 * 4 + 3 * 7) / 6.6)
    assert matrix.loc["t0", "c1"] == pytest.approx((3 * 1 + 2.6 * 4 + 3 * 7) / 8.6)
    assert matrix.loc["t0", "c2"] == pytest.approx((2 * 1 + 2.6 * 4 + 3 * 7) / 7.6)
    # The default ignores the confidences: the plain mean, 4.
    assert (aggregate_panel(panel).matrix == 4.0).all().all()


def test_confidence_beside_an_abstention_is_ignored() -> None:
    scores = np.array([[[2.0]], [[NAN]], [[5.0]]])
    confidence = np.array([[[1.0]], [[100.0]], [[3.0]]])
    panel = with_confidence(panel_from_array(scores), confidence)
    assert np.isnan(score_cube(panel).confidence[1, 0, 0])
    assert aggregate_panel(panel, use_confidence=True).matrix.iloc[0, 0] == pytest.approx(4.25)


def test_confidence_composes_with_expert_weights_and_group_balancing() -> None:
    # Group A (e0, e1) scores 1 and 3, group B (e2) scores 5; confidences 1, 3, 2.
    scores = np.array([[[1.0]], [[3.0]], [[5.0]]])
    panel = panel_from_array(scores, groups=["A", "A", "B"])
    panel = with_confidence(panel, np.array([[[1.0]], [[3.0]], [[2.0]]]))
    weights = pd.Series({"e0": 2.0, "e1": 1.0, "e2": 1.0})
    # Expert weight x confidence: 2, 3, 2 -> (2 + 9 + 10) / 7 = 3.
    agg = aggregate_panel(panel, expert_weights=weights, use_confidence=True)
    assert agg.matrix.iloc[0, 0] == pytest.approx(3.0)
    # Balanced on those totals: A's 2 and 3 share one half (0.2, 0.3), B gets 0.5.
    agg = aggregate_panel(panel, expert_weights=weights, use_confidence=True, balance_groups=True)
    assert agg.matrix.iloc[0, 0] == pytest.approx(0.2 * 1 + 0.3 * 3 + 0.5 * 5)
    # Without confidence, balanced: A's mean (2*1 + 1*3) / 3, then the mean of the groups.
    agg = aggregate_panel(panel, expert_weights=weights, balance_groups=True)
    assert agg.matrix.iloc[0, 0] == pytest.approx((5 / 3 + 5) / 2)


def test_resampled_cube_keeps_the_confidences() -> None:
    panel = with_confidence(
        panel_from_array(np.array([[[2.0]], [[5.0]]])), np.array([[[1.0]], [[3.0]]])
    )
    resampled = score_cube(panel).take_experts([1, 1, 0])
    np.testing.assert_array_equal(resampled.confidence.ravel(), [3.0, 3.0, 1.0])
    agg = aggregate_cube(resampled, use_confidence=True)
    assert agg.matrix.iloc[0, 0] == pytest.approx((3 * 5 + 3 * 5 + 1 * 2) / 7)


def test_resampled_cube_keeps_the_levels_beside_the_confidences() -> None:
    # Levels 1 and 4 with confidences 1 and 3: resampled [1, 1, 0], both factors multiply.
    panel = with_confidence(
        panel_from_array(np.array([[[2.0]], [[5.0]]])), np.array([[[1.0]], [[3.0]]])
    )
    panel = dataclasses.replace(panel, scores=panel.scores.assign(expertise=[1.0, 4.0]))
    resampled = score_cube(panel).take_experts([1, 1, 0])
    np.testing.assert_array_equal(resampled.expertise.ravel(), [4.0, 4.0, 1.0])
    agg = aggregate_cube(resampled, use_confidence=True, expertise="weight")
    assert agg.matrix.iloc[0, 0] == pytest.approx((12 * 5 + 12 * 5 + 1 * 2) / 25)


def test_confidence_errors() -> None:
    panel = panel_from_array(np.array([[[2.0]], [[5.0]]]))
    assert not score_cube(panel).has_confidence
    with pytest.raises(InputError, match="no expert confidence") as info:
        aggregate_panel(panel, use_confidence=True)
    assert info.value.problems[0].text("vi").startswith("điểm không có độ tin cậy")
    # Without the option, a panel without confidences aggregates as ever.
    assert aggregate_panel(panel).matrix.iloc[0, 0] == pytest.approx(3.5)
    bad = with_confidence(panel, np.array([[[0.0]], [[-1.0]]]))
    with pytest.raises(InputError) as info:
        aggregate_panel(bad, use_confidence=True)
    texts = [p.text("en") for p in info.value.problems]
    assert texts == [
        "expert 'e0': 1 confidence is not a positive number (0 for technology 't0', "
        "criterion 'c0')",
        "expert 'e1': 1 confidence is not a positive number (-1 for technology 't0', "
        "criterion 'c0')",
    ]


def test_use_confidence_on_the_sample_changes_the_matrix_only_when_asked() -> None:
    from r57_mcda.io.inputs import load_inputs
    from r57_mcda.panel.cube import confidence_given
    from r57_mcda.pipeline.analysis import decision_matrix, spec_for
    from r57_mcda.ui.state import sample_files

    loaded = load_inputs(sample_files())
    assert loaded.panel is not None and confidence_given(loaded.panel)
    plain, _ = decision_matrix(loaded, spec_for(loaded))
    again, _ = decision_matrix(loaded, spec_for(loaded, use_confidence=False))
    weighed, agg = decision_matrix(loaded, spec_for(loaded, use_confidence=True))
    assert plain.equals(again)
    assert agg is not None and agg.use_confidence
    assert (weighed - plain).abs().to_numpy().max() > 0.05
