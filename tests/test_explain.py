"""Tests for r57_mcda.explain.explain: contributions per method and pairwise explanations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from r57_mcda.errors import InputError, MethodError
from r57_mcda.explain.contributions import contributions
from r57_mcda.explain.pairs import SWAP_GRID_POINTS, _topsis_lead, compare_pair
from r57_mcda.models import CriteriaSet, Criterion, Direction
from r57_mcda.ranking import rank, topsis_parts
from r57_mcda.weighting.rescale import rescale_weights


def make_criteria(
    directions: list[Direction], scales: list[tuple[float, float] | None] | None = None
) -> CriteriaSet:
    scales = scales or [None] * len(directions)
    return CriteriaSet(
        id="test",
        name="test",
        criteria=tuple(
            Criterion(id=f"c{j + 1}", name=f"c{j + 1}", direction=d, scale=s)
            for j, (d, s) in enumerate(zip(directions, scales, strict=True))
        ),
    )


def make_matrix(rows: dict[str, list[float]]) -> pd.DataFrame:
    width = len(next(iter(rows.values())))
    return pd.DataFrame.from_dict(rows, orient="index", columns=[f"c{j + 1}" for j in range(width)])


def weights_of(*values: float) -> pd.Series:
    return pd.Series(values, index=[f"c{j + 1}" for j in range(len(values))], dtype=float)


def random_case(seed: int, n: int = 6, m: int = 4) -> tuple[pd.DataFrame, pd.Series, CriteriaSet]:
    rng = np.random.default_rng(seed)
    directions: list[Direction] = ["benefit" if rng.random() < 0.6 else "cost" for _ in range(m)]
    matrix = pd.DataFrame(
        rng.uniform(1.0, 9.0, size=(n, m)),
        index=[f"t{i}" for i in range(n)],
        columns=[f"c{j + 1}" for j in range(m)],
    )
    raw = rng.uniform(0.05, 1.0, size=m)
    return matrix, weights_of(*(raw / raw.sum())), make_criteria(directions)


# ---------------------------------------------------------------- contributions


@settings(max_examples=50, deadline=None)
@given(
    values=arrays(np.float64, (5, 3), elements=st.floats(0.0, 10.0, allow_subnormal=False)),
    raw=st.lists(st.floats(0.0, 1.0, allow_subnormal=False), min_size=3, max_size=3),
    costs=st.lists(st.booleans(), min_size=3, max_size=3),
)
def test_wsm_contributions_add_up_to_the_score(
    values: np.ndarray, raw: list[float], costs: list[bool]
) -> None:
    assume(sum(raw) > 0.01)
    # c1 has a declared scale; c2 and c3 use their observed range, so must not be constant.
    assume(all(np.ptp(values[:, j]) > 1e-6 for j in (1, 2)))
    # rank() refuses when every weighted criterion is constant (nothing to rank).
    assume(any(w > 0 and np.ptp(values[:, j]) > 0 for j, w in enumerate(raw)))
    criteria = make_criteria(["cost" if c else "benefit" for c in costs], [(0.0, 10.0), None, None])
    matrix = pd.DataFrame(values, index=list("ABCDE"), columns=["c1", "c2", "c3"])
    weights = weights_of(*raw)
    result = contributions(matrix, weights, criteria, method="wsm")
    scores = rank(matrix, weights, criteria, method="wsm").scores
    assert result.kind == "points"
    assert list(result.values.columns) == ["c1", "c2", "c3"]
    np.testing.assert_allclose(result.values.sum(axis=1), scores, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(result.totals, scores, rtol=0, atol=0)
    for j, w in enumerate(raw):
        if w == 0:
            assert (result.values.iloc[:, j] == 0).all()
    assert ((result.values >= 0) & (result.values <= 100 + 1e-9)).all().all()


def test_wsm_contributions_by_hand() -> None:
    """Scale [0, 10]: A = (9, 2) -> values (0.9, 0.2); weights 0.6, 0.4 -> 54 + 8 = 62."""
    criteria = make_criteria(["benefit", "benefit"], [(0.0, 10.0), (0.0, 10.0)])
    matrix = make_matrix({"A": [9, 2], "B": [4, 6]})
    result = contributions(matrix, weights_of(0.6, 0.4), criteria, method="wsm")
    assert result.values.loc["A"].tolist() == pytest.approx([54.0, 8.0])
    assert result.values.loc["B"].tolist() == pytest.approx([24.0, 24.0])
    assert result.totals.tolist() == pytest.approx([62.0, 48.0])


def test_promethee_contributions_by_hand() -> None:
    """Usual preference function, flows divided by n - 1 = 2.

    c1 (1, 2, 3): phi_1 = (-1, 0, 1); c2 (3, 2, 1): phi_2 = (1, 0, -1).
    Weights 0.6 / 0.4: A (-0.6, 0.4) -> -0.2; B (0, 0) -> 0; C (0.6, -0.4) -> 0.2.
    """
    criteria = make_criteria(["benefit", "benefit"])
    matrix = make_matrix({"A": [1, 3], "B": [2, 2], "C": [3, 1]})
    result = contributions(matrix, weights_of(0.6, 0.4), criteria, method="promethee2")
    assert result.kind == "net_flow"
    np.testing.assert_allclose(result.values.to_numpy(), [[-0.6, 0.4], [0.0, 0.0], [0.6, -0.4]])
    np.testing.assert_allclose(result.totals.to_numpy(), [-0.2, 0.0, 0.2], atol=1e-15)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_promethee_contributions_add_up_to_net_flow(seed: int) -> None:
    matrix, weights, criteria = random_case(seed)
    params = {"functions": {"c1": "linear"}, "thresholds": {"c1": {"q": 0.5, "p": 3.0}}}
    result = contributions(matrix, weights, criteria, method="promethee2", params=params)
    phi = rank(matrix, weights, criteria, method="promethee2", params=params).scores
    np.testing.assert_allclose(result.values.sum(axis=1), phi, atol=1e-12)
    assert abs(result.values.to_numpy()).max() > 0.01


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_topsis_shares_add_up_to_one(seed: int) -> None:
    matrix, weights, criteria = random_case(seed)
    result = contributions(matrix, weights, criteria, method="topsis")
    assert result.kind == "distance_share"
    assert result.anti_ideal is not None
    for frame in (result.values, result.anti_ideal):
        np.testing.assert_allclose(frame.sum(axis=1), 1.0, rtol=1e-12)
        assert (frame >= 0).all().all()
    np.testing.assert_allclose(result.totals, 1.0, rtol=1e-12)


def test_topsis_shares_by_hand() -> None:
    """Vector normalisation by hand; A = (3, 4) is worst on c1 and best on c2 (both benefit).

    c1 column (3, 4): norm 5 -> A 0.6, B 0.8; c2 (4, 3): A 0.8, B 0.6. Weights 0.5 / 0.5.
    A's distance to the ideal is all on c1: share (1, 0); to the anti-ideal all on c2: (0, 1).
    C = (4, 4) is the ideal itself: its shares of d+ are undefined (NaN).
    """
    criteria = make_criteria(["benefit", "benefit"])
    matrix = make_matrix({"A": [3, 4], "B": [4, 3], "C": [4, 4]})
    result = contributions(matrix, weights_of(0.5, 0.5), criteria, method="topsis")
    assert result.values.loc["A"].tolist() == [1.0, 0.0]
    assert result.anti_ideal is not None
    assert result.anti_ideal.loc["A"].tolist() == [0.0, 1.0]
    assert result.values.loc["C"].isna().all()
    assert math.isnan(result.totals["C"])
    np.testing.assert_allclose(result.anti_ideal.loc["C"], [0.5, 0.5])


def test_zero_weight_criterion_contributes_nothing() -> None:
    matrix, _, criteria = random_case(7)
    weights = weights_of(0.5, 0.0, 0.25, 0.25)
    for method in ("wsm", "topsis", "promethee2"):
        result = contributions(matrix, weights, criteria, method=method)
        assert (result.values["c2"] == 0).all(), method


def test_other_methods_have_no_additive_explanation() -> None:
    matrix, weights, criteria = random_case(8)
    with pytest.raises(MethodError, match="no additive explanation for vikor; use compare_pair"):
        contributions(matrix, weights, criteria, method="vikor")
    with pytest.raises(MethodError, match="Unknown ranking method"):
        contributions(matrix, weights, criteria, method="nope")


# ---------------------------------------------------------------- compare_pair


def test_pair_criteria_are_direction_aware() -> None:
    criteria = make_criteria(["benefit", "cost", "benefit"])
    matrix = make_matrix({"A": [5, 3, 2], "B": [4, 1, 2], "C": [1, 9, 7]})
    pair = compare_pair(matrix, weights_of(0.4, 0.4, 0.2), criteria, "A", "B", method="wsm")
    assert pair.a_better == ["c1"]
    assert pair.b_better == ["c2"]  # lower cost is better
    assert pair.criteria.loc["c3", "better"] == ""
    assert pair.criteria.loc["c2", "value_b"] == 1.0
    assert pair.criteria["gap"].sum() == pytest.approx(pair.score_a - pair.score_b)
    assert pair.criteria.loc["c3", "gap"] == 0.0


def test_pair_gap_adds_up_for_promethee() -> None:
    matrix, weights, criteria = random_case(9)
    pair = compare_pair(matrix, weights, criteria, "t0", "t3", method="promethee2")
    assert pair.criteria["gap"].sum() == pytest.approx(pair.score_a - pair.score_b, abs=1e-12)
    assert pair.swaps is None
    assert pair.smallest_swap is None


def test_wsm_swap_weight_by_hand() -> None:
    """Scale [0, 10], A = (9, 2), B = (4, 6): value gaps d = (0.5, -0.4), weights (0.6, 0.4).

    A leads by 100 (0.6 * 0.5 - 0.4 * 0.4) = 14 points. With w_1 = t and w_2 = 1 - t the lead
    is 0.5 t - 0.4 (1 - t) = 0.9 t - 0.4, zero at t = 4/9: lower w_1 from 0.6 to 4/9
    (change -0.1556) or, equivalently, raise w_2 from 0.4 to 5/9.
    """
    criteria = make_criteria(["benefit", "benefit"], [(0.0, 10.0), (0.0, 10.0)])
    matrix = make_matrix({"A": [9, 2], "B": [4, 6]})
    pair = compare_pair(matrix, weights_of(0.6, 0.4), criteria, "A", "B", method="wsm")
    assert pair.ahead == "A"
    assert pair.score_a - pair.score_b == pytest.approx(14.0)
    assert pair.swaps is not None
    c1, c2 = pair.swaps["c1"], pair.swaps["c2"]
    assert c1 is not None and c2 is not None
    assert c1.swap_weight == pytest.approx(4 / 9, abs=1e-12)
    assert c1.change == pytest.approx(4 / 9 - 0.6, abs=1e-12)
    assert c2.swap_weight == pytest.approx(5 / 9, abs=1e-12)
    assert c1.weights.tolist() == pytest.approx([4 / 9, 5 / 9])
    assert pair.smallest_swap is not None
    assert abs(pair.smallest_swap.change) == pytest.approx(0.6 - 4 / 9)
    table = pair.swap_table()
    assert table.loc["c2", "change"] == pytest.approx(5 / 9 - 0.4)


def test_wsm_swap_on_a_zero_weight_criterion() -> None:
    """c3 has weight 0 and favours B by 0.5; A leads by 0.14 on the 0-1 scale.

    Raising w_3 to t scales the lead to (1 - t) 0.14 - 0.5 t: zero at t = 0.14 / 0.64.
    """
    criteria = make_criteria(["benefit"] * 3, [(0.0, 10.0)] * 3)
    matrix = make_matrix({"A": [9, 2, 2], "B": [4, 6, 7]})
    pair = compare_pair(matrix, weights_of(0.6, 0.4, 0.0), criteria, "A", "B", method="wsm")
    assert pair.swaps is not None
    swap = pair.swaps["c3"]
    assert swap is not None
    assert swap.weight == 0.0
    assert swap.swap_weight == pytest.approx(0.14 / 0.64, abs=1e-12)
    assert swap.weights["c2"] == pytest.approx(0.4 * (1 - 0.14 / 0.64) / 1.0)
    # Lowering w_1 to 4/9 (change 0.156) is smaller than raising w_3 by 0.219.
    assert pair.smallest_swap is pair.swaps["c1"]


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_no_swap_when_a_dominates_b(method: str) -> None:
    criteria = make_criteria(["benefit", "cost", "benefit"])
    matrix = make_matrix({"A": [8, 2, 7], "B": [5, 4, 3], "C": [1, 9, 9]})
    for a, b in (("A", "B"), ("B", "A")):
        pair = compare_pair(matrix, weights_of(0.5, 0.3, 0.2), criteria, a, b, method=method)
        assert pair.ahead == "A"
        assert pair.swaps is not None
        assert list(pair.swaps) == ["c1", "c2", "c3"]
        assert all(s is None for s in pair.swaps.values())
        assert pair.smallest_swap is None
        assert pair.swap_table()["swap_weight"].isna().all()


def _leader_ahead(
    matrix: pd.DataFrame,
    weights: pd.Series,
    criteria: CriteriaSet,
    method: str,
    leader: str,
    other: str,
) -> bool:
    ranks = rank(matrix, weights, criteria, method=method).ranks
    return bool(ranks[leader] < ranks[other])


def _other_ahead(
    matrix: pd.DataFrame,
    weights: pd.Series,
    criteria: CriteriaSet,
    method: str,
    leader: str,
    other: str,
) -> bool:
    return _leader_ahead(matrix, weights, criteria, method, other, leader)


@pytest.mark.parametrize("method", ["wsm", "topsis"])
@pytest.mark.parametrize("seed", range(6))
def test_reported_swap_weight_really_swaps(method: str, seed: int) -> None:
    matrix, weights, criteria = random_case(seed, n=5, m=4)
    pair = compare_pair(matrix, weights, criteria, "t0", "t1", method=method)
    assert pair.ahead is not None and pair.swaps is not None
    leader = pair.ahead
    other = "t1" if leader == "t0" else "t0"
    checked = 0
    for criterion, swap in pair.swaps.items():
        if swap is None:
            continue
        step = math.copysign(1e-6, swap.change)
        beyond, before = swap.swap_weight + step, swap.swap_weight - step
        if not 0.0 <= beyond <= 1.0:
            continue
        w_before = rescale_weights(weights, criterion, before)
        w_beyond = rescale_weights(weights, criterion, beyond)
        assert _leader_ahead(matrix, w_before, criteria, method, leader, other), criterion
        assert _other_ahead(matrix, w_beyond, criteria, method, leader, other), criterion
        # Between the current weight and the crossing the leader stays ahead.
        midway = rescale_weights(weights, criterion, swap.weight + swap.change / 2)
        assert _leader_ahead(matrix, midway, criteria, method, leader, other), criterion
        checked += 1
    assert pair.smallest_swap is None or checked > 0


def test_topsis_swap_count_over_seeds() -> None:
    """The random cases above must include real swaps, or the test would check nothing."""
    found = 0
    for seed in range(6):
        matrix, weights, criteria = random_case(seed, n=5, m=4)
        pair = compare_pair(matrix, weights, criteria, "t0", "t1", method="topsis")
        found += sum(s is not None for s in (pair.swaps or {}).values())
    assert found >= 4


def test_topsis_swap_nearest_crossing_by_hand() -> None:
    """Two technologies, two benefit criteria, mirror-image values.

    A = (4, 1), B = (1, 4) after vector normalisation are mirror images, so with weights
    (t, 1 - t) they tie exactly at t = 0.5 and A leads for t > 0.5.
    """
    criteria = make_criteria(["benefit", "benefit"])
    matrix = make_matrix({"A": [4, 1], "B": [1, 4], "C": [2, 2]})
    pair = compare_pair(matrix, weights_of(0.7, 0.3), criteria, "A", "B", method="topsis")
    assert pair.ahead == "A"
    assert pair.swaps is not None
    c1 = pair.swaps["c1"]
    assert c1 is not None
    assert c1.swap_weight == pytest.approx(0.5, abs=1e-9)
    assert pair.smallest_swap is not None
    assert abs(pair.smallest_swap.change) == pytest.approx(0.2, abs=1e-9)


def test_topsis_lead_matches_topsis_parts() -> None:
    matrix, weights, criteria = random_case(11)
    usable = np.ones(matrix.shape[1], dtype=bool)
    lead = _topsis_lead(matrix, criteria, usable, "t2", "t4")
    closeness = topsis_parts(matrix, weights, criteria).closeness
    got = lead(weights.to_numpy()[None, :])[0]
    assert got == pytest.approx(closeness["t2"] - closeness["t4"], abs=1e-14)
    assert SWAP_GRID_POINTS >= 1001


def test_tied_pair_has_no_leader_and_no_swaps() -> None:
    criteria = make_criteria(["benefit", "benefit"])
    matrix = make_matrix({"A": [3, 5], "B": [3, 5], "C": [1, 2]})
    pair = compare_pair(matrix, weights_of(0.5, 0.5), criteria, "A", "B", method="topsis")
    assert pair.ahead is None
    assert pair.swaps is None
    assert pair.a_better == [] and pair.b_better == []


def test_full_weight_criterion_gives_the_rest_to_the_others() -> None:
    """Values A = (0.9, 0.2), B = (0.4, 0.6). c1 holds all the weight, so lowering it to t gives
    c2 the rest (the degenerate case of the rescaling rule): the lead 0.5 t - 0.4 (1 - t) is 0
    at t = 4/9."""
    criteria = make_criteria(["benefit", "benefit"], [(0.0, 10.0), (0.0, 10.0)])
    matrix = make_matrix({"A": [9, 2], "B": [4, 6]})
    weights = weights_of(1.0, 0.0)
    pair = compare_pair(matrix, weights, criteria, "A", "B", method="wsm")
    assert pair.swaps is not None
    c1 = pair.swaps["c1"]
    assert c1 is not None
    assert c1.swap_weight == pytest.approx(4 / 9)
    assert c1.weights.tolist() == pytest.approx([4 / 9, 5 / 9])
    pd.testing.assert_series_equal(c1.weights, rescale_weights(weights, "c1", c1.swap_weight))
    c2 = pair.swaps["c2"]
    assert c2 is not None
    # lead (1 - t) 0.5 - 0.4 t = 0 at t = 5/9
    assert c2.swap_weight == pytest.approx(5 / 9)


def test_pair_for_a_non_additive_method() -> None:
    matrix, weights, criteria = random_case(12)
    pair = compare_pair(matrix, weights, criteria, "t0", "t1", method="vikor")
    assert pair.method == "vikor"
    assert pair.higher_is_better is False
    assert pair.swaps is None
    assert set(pair.a_better) | set(pair.b_better) == set(matrix.columns)


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [("t0", "zz", "'zz' is not in the decision matrix"), ("t0", "t0", "two different")],
)
def test_bad_pairs_are_refused(a: str, b: str, message: str) -> None:
    matrix, weights, criteria = random_case(13)
    with pytest.raises(InputError, match=message):
        compare_pair(matrix, weights, criteria, a, b, method="wsm")


def test_inputs_are_not_mutated() -> None:
    matrix, weights, criteria = random_case(14)
    before_m, before_w = matrix.copy(), weights.copy()
    compare_pair(matrix, weights, criteria, "t0", "t1", method="topsis")
    contributions(matrix, weights, criteria, method="wsm")
    pd.testing.assert_frame_equal(matrix, before_m)
    pd.testing.assert_series_equal(weights, before_w)
