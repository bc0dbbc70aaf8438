"""Tests for r57_mcda.panel.agreement: Kendall's W, consensus flags, group divergence."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from r57_mcda.errors import InputError, MethodError
from r57_mcda.panel.aggregation import aggregate_panel
from r57_mcda.panel.agreement import assess_agreement, interpret_w, kendall_w
from r57_mcda.panel.cube import score_cube
from tests.helpers.panels import panel_from_array

NAN = np.nan

# Hollander & Wolfe (1973), p. 140ff: times of 22 players (rows) rounding first base by three
# methods (columns: round out, narrow angle, wide angle). Rows 7, 15, 17 and 22 hold ties.
ROUNDING_TIMES = np.array(
    [
        [5.40, 5.50, 5.55],
        [5.85, 5.70, 5.75],
        [5.20, 5.60, 5.50],
        [5.55, 5.50, 5.40],
        [5.90, 5.85, 5.70],
        [5.45, 5.55, 5.60],
        [5.40, 5.40, 5.35],
        [5.45, 5.50, 5.35],
        [5.25, 5.15, 5.00],
        [5.85, 5.80, 5.70],
        [5.25, 5.20, 5.10],
        [5.65, 5.55, 5.45],
        [5.60, 5.35, 5.45],
        [5.05, 5.00, 4.95],
        [5.50, 5.50, 5.40],
        [5.45, 5.55, 5.50],
        [5.55, 5.55, 5.35],
        [5.45, 5.50, 5.55],
        [5.50, 5.45, 5.25],
        [5.65, 5.60, 5.40],
        [5.70, 5.65, 5.55],
        [6.30, 6.30, 6.25],
    ]
)


def test_kendall_w_with_ties_hollander_wolfe() -> None:
    """Published example with ties: Hollander, M. & Wolfe, D. A. (1973), "Nonparametric
    Statistical Methods", Wiley, pp. 139-146 (rounding first base, 22 players x 3 methods).

    The tie-corrected Friedman statistic of these data is 11.143 on 2 df, p = 0.003805, as
    printed by the example of R's ``friedman.test`` that reproduces this table; Kendall's W is
    that statistic over m (n - 1) = 22 * 2, i.e. 0.2532. The players are the judges.
    """
    result = kendall_w(ROUNDING_TIMES)
    assert (result.m, result.n, result.df) == (22, 3, 2)
    assert result.chi2 == pytest.approx(11.143, abs=5e-4)
    assert result.p_value == pytest.approx(0.003805, abs=5e-7)
    assert result.w == pytest.approx(11.143 / 44, abs=1e-5)
    # Without the tie correction (4 pairs tied: sum T = 24) W would be smaller.
    ranks = stats.rankdata(ROUNDING_TIMES, axis=1)
    s = ((ranks.sum(axis=0) - 22 * 2) ** 2).sum()
    assert 12 * s / (22**2 * 24) < result.w
    assert result.w == pytest.approx(12 * s / (22**2 * 24 - 22 * 24))


def test_kendall_w_without_ties_hand_checked() -> None:
    """Four judges rank three competitors: rank sums 7, 9, 8, S = 2, W = 12*2/(16*24) = 1/16.

    ProofWiki, "Kendall's Coefficient of Concordance/Examples/Arbitrary Example 1".
    """
    ranks = np.array([[1, 3, 2], [1, 2, 3], [2, 3, 1], [3, 1, 2]], dtype=float)
    result = kendall_w(ranks)
    assert result.w == pytest.approx(1 / 16)
    assert result.chi2 == pytest.approx(4 * 2 / 16)
    assert result.p_value == pytest.approx(stats.chi2.sf(0.5, 2))


def test_kendall_w_strawberry_farms_published_value() -> None:
    """Published worked example with its printed W: InfluentialPoints, "Kendall coefficient of
    concordance", worked example I (four raters rank strawberries from eight farms, 1 = best).

    Rank sums 31 12 12 15 22 5 22 25, sum of squares 500, W = 500 / (504 * 16 / 12) = 0.744,
    k (N - 1) W = 20.83.
    """
    raters = np.array(
        [
            [8, 4, 2, 3, 5, 1, 6, 7],
            [7, 3, 1, 4, 5, 2, 6, 8],
            [8, 2, 5, 6, 7, 1, 4, 3],
            [8, 3, 4, 2, 5, 1, 6, 7],
        ],
        dtype=float,
    )
    result = kendall_w(raters)
    assert (result.m, result.n) == (4, 8)
    assert result.w == pytest.approx(0.744, abs=5e-4)
    assert result.w == pytest.approx(500 / (504 * 16 / 12))
    assert result.chi2 == pytest.approx(20.83, abs=5e-3)


@pytest.mark.parametrize("seed", range(5))
def test_kendall_w_matches_friedman(seed: int) -> None:
    rng = np.random.default_rng(seed)
    m, n = 3 + seed, 4 + 2 * seed
    scores = rng.integers(1, 5, size=(m, n)).astype(float)  # many ties
    scores[0] = np.arange(n)  # not every expert ties everything
    result = kendall_w(scores)
    friedman = stats.friedmanchisquare(*scores.T)
    assert result.chi2 == pytest.approx(friedman.statistic)
    assert result.p_value == pytest.approx(friedman.pvalue)
    assert result.w == pytest.approx(friedman.statistic / (m * (n - 1)))


def test_kendall_w_undefined_cases() -> None:
    all_tied = kendall_w(np.full((3, 4), 2.0))
    assert np.isnan(all_tied.w) and np.isnan(all_tied.p_value)
    assert (all_tied.m, all_tied.n) == (3, 4)
    assert np.isnan(kendall_w(np.array([[1.0, 2.0, 3.0]])).w)
    assert np.isnan(kendall_w(np.array([[1.0], [2.0]])).w)
    with pytest.raises(MethodError):
        kendall_w(np.ones(3))


def test_complete_block_drops_by_share_of_missing() -> None:
    scores = np.array(
        [
            [NAN, NAN, NAN, NAN],  # e0 scored nothing: share 1, dropped first
            [1, 2, 3, 4],
            [1, 2, 4, 3],
            [2, 1, NAN, 4],  # one gap: share 1/4 for e3, 1/3 for t2 once e0 is gone
        ]
    )
    result = kendall_w(scores, experts=["e0", "e1", "e2", "e3"], technologies=list("abcd"))
    assert result.dropped_experts == ("e0",)
    assert result.dropped_technologies == ("c",)
    assert (result.m, result.n) == (3, 3)
    assert result.w == pytest.approx(kendall_w(scores[1:][:, [0, 1, 3]]).w)


def test_complete_block_tie_drops_the_technology() -> None:
    scores = np.array([[1, 2, 3], [1, 3, 2], [2, NAN, 3]])  # e2 share 1/3, t1 share 1/3
    result = kendall_w(scores, experts=["x", "y", "z"], technologies=["p", "q", "r"])
    assert result.dropped_technologies == ("q",)
    assert result.dropped_experts == ()


@settings(max_examples=50, deadline=None)
@given(
    scores=st.tuples(st.integers(2, 8), st.integers(2, 8)).flatmap(
        lambda shape: arrays(np.float64, shape, elements=st.integers(1, 5).map(float))
    )
)
def test_w_lies_in_unit_interval(scores: np.ndarray) -> None:
    w = kendall_w(scores).w
    assert np.isnan(w) or -1e-12 <= w <= 1 + 1e-12


@settings(max_examples=50, deadline=None)
@given(
    base=st.lists(st.integers(0, 100), min_size=2, max_size=8, unique=True),
    scales=st.lists(st.floats(0.1, 10), min_size=2, max_size=6),
)
def test_w_is_one_when_all_experts_rank_alike(base: list[int], scales: list[float]) -> None:
    # Each expert scores on their own scale but in the same order.
    scores = np.array([[s * b + s for b in base] for s in scales])
    assert kendall_w(scores).w == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("w", "label"),
    [
        (0.0, "very weak"),
        (0.0999, "very weak"),
        (0.1, "weak"),
        (0.3, "moderate"),
        (0.5, "strong"),
        (0.6999, "strong"),
        (0.7, "very strong"),
        (1.0, "very strong"),
        (NAN, "undefined"),
    ],
)
def test_interpret_w(w: float, label: str) -> None:
    assert interpret_w(w) == label


# Experts e0..e3 (science, science, industry, industry); technologies t0..t2; criteria c0
# (benefit, scale 1-5) and c1 (cost, scale 1-5).
PANEL_VALUES = np.array(
    [
        [[5, 1], [3, 3], [1, 5]],
        [[4, 2], [3, 3], [2, 4]],
        [[5, 1], [1, 3], [1, 4]],
        [[4, 2], [5, 2], [2, NAN]],
    ],
    dtype=float,
)


@pytest.fixture
def agreement_inputs() -> tuple:
    panel = panel_from_array(
        PANEL_VALUES,
        groups=["science", "science", "industry", "industry"],
        directions=["benefit", "cost"],
        scales=[(1, 5), (1, 5)],
        reasons={(3, 2, 1): "COI"},
    )
    return panel, aggregate_panel(panel)


def test_assess_agreement_kendall_and_overall(agreement_inputs: tuple) -> None:
    panel, aggregate = agreement_inputs
    result = assess_agreement(panel, aggregate)
    c0 = kendall_w(PANEL_VALUES[:, :, 0])
    assert result.kendall.loc["c0", "W"] == pytest.approx(c0.w)
    assert result.kendall.loc["c0", "m"] == 4
    # c1: e3 has a COI on t2; e3 misses 1 of 3 technologies, t2 misses 1 of 4 experts: e3 goes.
    assert result.kendall.loc["c1", "dropped_experts"] == ("e3",)
    assert result.kendall.loc["c1", "W"] == pytest.approx(kendall_w(PANEL_VALUES[:3, :, 1]).w)
    assert list(result.kendall.columns) == [
        "W",
        "chi2",
        "df",
        "p_value",
        "m",
        "n",
        "dropped_experts",
        "dropped_technologies",
    ]
    # Overall: cost scores reversed on [1, 5] (6 - x), then each expert's mean per technology.
    reversed_ = PANEL_VALUES.copy()
    reversed_[:, :, 1] = 6 - reversed_[:, :, 1]
    means = np.nanmean(reversed_, axis=2)
    assert means[3, 2] == 2.0  # e3 scored t2 on c0 only
    assert result.overall_w == pytest.approx(kendall_w(means).w)
    assert result.overall.m == 4 and result.overall.n == 3
    assert result.mean_w == pytest.approx(result.kendall["W"].mean())


def test_assess_agreement_flags_a_cell(agreement_inputs: tuple) -> None:
    panel, aggregate = agreement_inputs
    result = assess_agreement(panel, aggregate)
    # t1/c0 scores 3, 3, 1, 5: quartiles 2.5 and 3.5 -> IQR 1.0, consensus at threshold 1.0.
    assert aggregate.iqr.loc["t1", "c0"] == pytest.approx(1.0)
    assert result.consensus.loc["t1", "c0"]
    strict = assess_agreement(panel, aggregate, iqr_threshold=0.9)
    assert not strict.consensus.loc["t1", "c0"]
    flagged = strict.flags.set_index(["technology", "criterion"])
    row = flagged.loc[("t1", "c0")]
    assert (row["iqr"], row["n"], row["min"], row["max"]) == (1.0, 4, 1.0, 5.0)
    assert row["std"] == pytest.approx(np.std([3, 3, 1, 5], ddof=1))
    assert row["iqr_threshold"] == 0.9
    assert strict.flags["iqr"].is_monotonic_decreasing
    assert len(strict.flags) == int((aggregate.iqr.to_numpy() > 0.9).sum())
    per_criterion = pd.Series({"c0": 0.5, "c1": 5.0})
    mixed = assess_agreement(panel, aggregate, iqr_threshold=per_criterion)
    assert set(mixed.flags["criterion"]) == {"c0"}


def test_assess_agreement_group_means_and_divergence(agreement_inputs: tuple) -> None:
    panel, aggregate = agreement_inputs
    result = assess_agreement(panel, aggregate, top=2)
    long = result.group_means.set_index(["technology", "criterion", "group"])
    assert long.loc[("t1", "c0", "science"), "mean"] == pytest.approx(3.0)
    assert long.loc[("t1", "c0", "industry"), "mean"] == pytest.approx(3.0)
    assert long.loc[("t2", "c1", "industry"), "n"] == 1
    assert long.loc[("t2", "c1", "industry"), "mean"] == pytest.approx(4.0)
    wide = result.group_means_wide
    assert list(wide.columns) == ["science", "industry"]
    assert wide.loc[("t0", "c0"), "science"] == pytest.approx(4.5)
    # Science minus industry means: t0/c0 4.5 - 4.5, t0/c1 1.5 - 1.5, t1/c0 3 - 3, t1/c1 3 - 2.5,
    # t2/c0 1.5 - 1.5, t2/c1 4.5 - 4: the two 0.5s come first, in panel order.
    top = result.divergence
    assert len(top) == 2
    assert list(zip(top["technology"], top["criterion"], strict=True)) == [
        ("t1", "c1"),
        ("t2", "c1"),
    ]
    assert top["divergence"].tolist() == pytest.approx([0.5, 0.5])
    assert top.iloc[0]["highest_group"] == "science"
    assert top.iloc[0]["lowest_group"] == "industry"
    everything = assess_agreement(panel, aggregate, top=None).divergence
    assert len(everything) == 6


def test_assess_agreement_rejects_mismatch(agreement_inputs: tuple) -> None:
    panel, aggregate = agreement_inputs
    other = aggregate_panel(panel_from_array(PANEL_VALUES[:, :2]))
    with pytest.raises(InputError, match="does not match"):
        assess_agreement(panel, other)
    with pytest.raises(MethodError, match="top"):
        assess_agreement(panel, aggregate, top=-1)
    with pytest.raises(MethodError, match="threshold"):
        assess_agreement(panel, aggregate, iqr_threshold=pd.Series({"c0": 1.0}))


def test_assess_agreement_reuses_cube(agreement_inputs: tuple) -> None:
    panel, aggregate = agreement_inputs
    cube = score_cube(panel)
    a = assess_agreement(panel, aggregate, cube=cube)
    b = assess_agreement(panel, aggregate)
    pd.testing.assert_frame_equal(a.kendall, b.kendall)


def test_results_pickle_for_caching(agreement_inputs: tuple) -> None:
    panel, aggregate = agreement_inputs
    result = assess_agreement(panel, aggregate)
    copy = pickle.loads(pickle.dumps(result))
    pd.testing.assert_frame_equal(copy.kendall, result.kendall)
    pd.testing.assert_frame_equal(copy.divergence, result.divergence)
    again = pickle.loads(pickle.dumps(aggregate))
    pd.testing.assert_frame_equal(again.long(), aggregate.long())
