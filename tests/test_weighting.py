"""Tests for r57_mcda.weighting: direct, rank-order, two-level and objective weights."""

from __future__ import annotations

import itertools
import json
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from skcriteria import mkdm
from skcriteria.preprocessing.weighters import CRITIC, EntropyWeighter

from r57_mcda.errors import InputError, MethodError
from r57_mcda.models import CriteriaSet, Criterion, Weights
from r57_mcda.vocab import OBJECTIVE_METHODS, RANK_METHODS, ObjectiveMethod
from r57_mcda.weighting.ahp_weights import ahp_weights
from r57_mcda.weighting.direct import direct_weights, equal_weights
from r57_mcda.weighting.hierarchy import hierarchical_weights
from r57_mcda.weighting.objective import objective_weights
from r57_mcda.weighting.rank_order import rank_weights


def make_criteria(
    ids: str | list[str],
    directions: list[str] | None = None,
    groups: list[str | None] | None = None,
) -> CriteriaSet:
    ids = list(ids)
    directions = directions or ["benefit"] * len(ids)
    groups = groups or [None] * len(ids)
    return CriteriaSet(
        id="t",
        name="t",
        criteria=tuple(
            Criterion(id=i, name=i, direction=d, group=g)  # type: ignore[arg-type]
            for i, d, g in zip(ids, directions, groups, strict=True)
        ),
    )


ABCD = make_criteria("abcd")


def assert_json_ready(value: Any) -> None:
    """Only plain JSON types, no numpy scalars."""
    if isinstance(value, dict):
        for k, v in value.items():
            assert type(k) is str
            assert_json_ready(v)
    elif isinstance(value, list):
        for v in value:
            assert_json_ready(v)
    else:
        assert value is None or type(value) in (str, float, int, bool), (value, type(value))


def assert_valid(w: Weights, criteria: CriteriaSet) -> None:
    assert list(w.values.index) == criteria.ids
    assert w.values.sum() == pytest.approx(1.0)
    assert (w.values >= 0).all()
    assert w.details["method"] == w.method
    assert_json_ready(dict(w.details))
    json.dumps(dict(w.details))


# --- direct and equal -------------------------------------------------------------------------


def test_direct_weights_are_normalised_and_zero_is_allowed() -> None:
    w = direct_weights({"a": 40, "b": 30, "c": 0, "d": 30}, ABCD)
    assert w.values.tolist() == pytest.approx([0.4, 0.3, 0.0, 0.3])
    assert w.method == "direct"
    assert w.details["inputs"] == {"a": 40.0, "b": 30.0, "c": 0.0, "d": 30.0}
    assert_valid(w, ABCD)
    series = pd.Series({"d": 1, "c": 1, "b": 1, "a": 2})
    assert direct_weights(series, ABCD).values.tolist() == pytest.approx([0.4, 0.2, 0.2, 0.2])


def test_direct_weights_report_every_problem() -> None:
    with pytest.raises(InputError) as info:
        direct_weights({"a": -1, "b": float("nan"), "c": float("inf"), "x": 1}, ABCD)
    text = str(info.value)
    assert "unknown id(s) given a weight: x" in text
    assert "no weight given for: d" in text
    assert "'a' is negative" in text
    assert "'b' must be a finite number" in text
    assert "'c' must be a finite number" in text
    assert len(info.value.problems) == 5
    with pytest.raises(InputError, match="every weight is 0"):
        direct_weights(dict.fromkeys("abcd", 0), ABCD)
    with pytest.raises(InputError, match="not a number"):
        direct_weights(pd.Series({"a": "heavy", "b": 1, "c": 1, "d": 1}), ABCD)


def test_equal_weights() -> None:
    w = equal_weights(ABCD)
    assert w.values.tolist() == [0.25] * 4
    assert w.details == {"method": "equal", "n": 4}
    with pytest.raises(InputError, match="no criteria"):
        equal_weights(CriteriaSet(id="e", name="e", criteria=()))


# --- rank-based -------------------------------------------------------------------------------


def test_rank_order_centroid_barron_barrett_1996() -> None:
    """Barron, F. H. & Barrett, B. E. (1996), "Decision quality using ranked attribute
    weights", Management Science 42(11), 1515-1523: ROC weights for n = 4 are
    0.5208, 0.2708, 0.1458, 0.0625."""
    w = rank_weights(["a", "b", "c", "d"], ABCD)
    assert w.values.round(4).tolist() == [0.5208, 0.2708, 0.1458, 0.0625]
    assert w.details["rank_method"] == "roc"
    assert_valid(w, ABCD)


def test_rank_sum_and_reciprocal_hand_computed() -> None:
    # RS: (n + 1 - k) / sum = 4/10, 3/10, 2/10, 1/10. RR: (1/k) / (1 + 1/2 + 1/3 + 1/4 = 25/12).
    order = ["d", "c", "b", "a"]
    rs = rank_weights(order, ABCD, method="rs")
    assert rs.values.tolist() == pytest.approx([0.1, 0.2, 0.3, 0.4])
    rr = rank_weights(order, ABCD, method="rr")
    assert rr.values.tolist() == pytest.approx([0.12, 0.16, 0.24, 0.48])


def test_tied_criteria_share_the_mean_of_their_positions() -> None:
    w = rank_weights(["a", ["b", "c"], "d"], ABCD)
    shared = (0.270833333 + 0.145833333) / 2
    assert w.values.tolist() == pytest.approx([0.520833333, shared, shared, 0.0625])
    assert w.details["order"] == ["a", ["b", "c"], "d"]
    assert w.details["positions"] == {"a": 1.0, "b": 2.5, "c": 2.5, "d": 4.0}
    all_tied = rank_weights([["a", "b", "c", "d"]], ABCD, method="rr")
    assert all_tied.values.tolist() == pytest.approx([0.25] * 4)


def test_rank_weights_problems() -> None:
    with pytest.raises(InputError) as info:
        rank_weights(["a", "x", "a", []], ABCD)
    text = str(info.value)
    assert "unknown criteria in the order: x" in text
    assert "more than once: a" in text
    assert "missing from the order: b, c, d" in text
    assert "empty group" in text
    with pytest.raises(MethodError, match="unknown rank weighting"):
        rank_weights(["a", "b", "c", "d"], ABCD, method="borda")  # type: ignore[arg-type]


# --- objective --------------------------------------------------------------------------------


def test_entropy_xu_2004() -> None:
    """Xu, X. (2004), "A note on the subjective and objective integrated approach to determine
    attribute weights", European Journal of Operational Research 156(2), 530-532: entropy
    weights 0.4630, 0.3992, 0.1378, 0.0000 (matrix and weights as reprinted in the
    pyrepo-mcda test suite)."""
    m = pd.DataFrame(
        [[30, 30, 38, 29], [19, 54, 86, 29], [19, 15, 85, 28.9], [68, 70, 60, 29]],
        columns=list("abcd"),
    )
    w = objective_weights(m, ABCD, method="entropy")
    assert w.values.round(4).tolist() == [0.4630, 0.3992, 0.1378, 0.0000]
    assert_valid(w, ABCD)


def test_entropy_ignores_direction_zavadskas_podvezko_2016() -> None:
    """Zavadskas, E. K. & Podvezko, V. (2016), "Integrated determination of objective criteria
    weights in MCDM", Int. J. Information Technology & Decision Making 15(2), 267-283: entropy
    weights 0.1146, 0.1981, 0.4185, 0.2689 of a matrix with two cost criteria, computed on the
    raw values (as reprinted in the pyrepo-mcda test suite)."""
    criteria = make_criteria("abcd", ["cost", "benefit", "cost", "benefit"])
    m = pd.DataFrame(
        [[3.0, 100, 10, 7], [2.5, 80, 8, 5], [1.8, 50, 20, 11], [2.2, 70, 12, 9]],
        columns=list("abcd"),
    )
    w = objective_weights(m, criteria, method="entropy")
    assert w.values.round(4).tolist() == [0.1146, 0.1981, 0.4185, 0.2689]
    assert w.values.tolist() == objective_weights(m, ABCD, method="entropy").values.tolist()


TUS_2019 = pd.DataFrame(
    [
        [5000, 3, 3, 4, 3, 2],
        [680, 5, 3, 2, 2, 1],
        [2000, 3, 2, 3, 4, 3],
        [600, 4, 3, 1, 2, 2],
        [800, 2, 4, 3, 3, 4],
    ],
    columns=list("abcdef"),
)


def test_critic_tus_aytac_adali_2019() -> None:
    """Tuş, A. & Aytaç Adalı, E. (2019), "The new combination with CRITIC and WASPAS methods
    for the time and attendance software selection problem", OPSEARCH 56(2), 528-538: CRITIC
    weights 0.157, 0.249, 0.168, 0.121, 0.154, 0.151 (as reprinted in the pyrepo-mcda test
    suite). Those printed weights come from min-max scaling every column as a benefit
    criterion, so all six are declared benefit here; cost reversal is tested separately."""
    criteria = make_criteria("abcdef")
    w = objective_weights(TUS_2019, criteria, method="critic")
    assert w.values.round(3).tolist() == [0.157, 0.249, 0.168, 0.121, 0.154, 0.151]
    assert_valid(w, criteria)


def critic_by_formula(x: np.ndarray, cost: list[bool]) -> np.ndarray:
    """Diakoulaki et al. (1995) eqs. 2-6, written out independently of scikit-criteria."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    scaled = (x - lo) / (hi - lo)
    scaled[:, cost] = 1 - scaled[:, cost]
    sigma = scaled.std(axis=0)
    r = np.corrcoef(scaled, rowvar=False)
    c = sigma * (1 - r).sum(axis=0)
    return np.asarray(c / c.sum(), dtype=float)


def entropy_by_formula(x: np.ndarray) -> np.ndarray:
    p = x / x.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)
    d = 1 + plogp.sum(axis=0) / np.log(len(x))
    return np.asarray(d / d.sum(), dtype=float)


def test_critic_reverses_cost_criteria() -> None:
    criteria = make_criteria("abcdef", ["cost"] + ["benefit"] * 5)
    w = objective_weights(TUS_2019, criteria, method="critic")
    expected = critic_by_formula(TUS_2019.to_numpy(float), [True] + [False] * 5)
    assert w.values.tolist() == pytest.approx(expected.tolist())
    # Reversing the cost column flips the sign of its correlations: the weights change.
    assert w.values.round(4).tolist() == [0.1841, 0.213, 0.1422, 0.1583, 0.1684, 0.134]


def test_constant_criterion_gets_zero_weight_without_nan() -> None:
    m = TUS_2019.copy()
    m["f"] = 3
    criteria = make_criteria("abcdef", ["cost"] + ["benefit"] * 5)
    for method in ("entropy", "critic"):
        w = objective_weights(m, criteria, method=method)
        assert w.values["f"] == 0.0
        assert not w.values.isna().any()
        assert w.details["constant_criteria"] == ["f"]
        rest = objective_weights(
            m[list("abcde")], make_criteria("abcde", ["cost"] + ["benefit"] * 4), method=method
        )
        assert w.values[list("abcde")].tolist() == pytest.approx(rest.values.tolist())


def test_objective_weights_undefined_cases() -> None:
    flat = pd.DataFrame({"a": [1, 1, 1], "b": [2, 2, 2]})
    ab = make_criteria("ab")
    with pytest.raises(MethodError, match="same value for all technologies"):
        objective_weights(flat, ab, method="entropy")
    one = pd.DataFrame({"a": [1, 2, 3], "b": [2, 2, 2]})
    assert objective_weights(one, ab, method="entropy").values.tolist() == [1.0, 0.0]
    with pytest.raises(MethodError, match="only 'a' varies"):
        objective_weights(one, ab, method="critic")
    twins = pd.DataFrame({"a": [1.0, 2.0, 4.0], "b": [2.0, 4.0, 8.0]})
    with pytest.raises(MethodError, match="perfectly correlated"):
        objective_weights(twins, ab, method="critic")
    with pytest.raises(MethodError, match="unknown objective"):
        objective_weights(one, ab, method="gini")  # type: ignore[arg-type]


def test_objective_weights_input_problems() -> None:
    ab = make_criteria("ab")
    bad = pd.DataFrame({"a": [1.0, -2.0], "b": [np.nan, 1.0]}, index=["t1", "t2"])
    with pytest.raises(InputError) as info:
        objective_weights(bad, ab, method="entropy")
    text = str(info.value)
    assert "column 'a': technology 't2': entropy needs values >= 0" in text
    assert "column 'b': technology 't1'" in text and "not a number" in text
    with pytest.raises(InputError) as info:
        objective_weights(pd.DataFrame({"a": [1.0], "z": [1.0]}), ab, method="critic")
    text = str(info.value)
    assert "not criteria: z" in text
    assert "no column for criteria: b" in text
    assert "at least two technologies" in text


@settings(max_examples=50, deadline=None)
@given(
    st.integers(3, 12),
    st.integers(2, 6),
    st.integers(0, 2**32 - 1),
)
def test_objective_weights_equal_scikit_criteria_and_the_formulas(
    m: int, n: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.5, 10.0, size=(m, n))
    ids = [f"c{j}" for j in range(n)]
    cost = [bool(v) for v in rng.integers(0, 2, size=n)]
    criteria = make_criteria(ids, ["cost" if c else "benefit" for c in cost])
    frame = pd.DataFrame(x, columns=ids)

    entropy = objective_weights(frame, criteria, method="entropy").values.to_numpy()
    critic = objective_weights(frame, criteria, method="critic").values.to_numpy()

    dm = mkdm(x, [min if c else max for c in cost], criteria=ids)
    sk_entropy = EntropyWeighter().transform(dm).weights.to_numpy()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Although CRITIC", category=UserWarning)
        sk_critic = CRITIC().transform(dm).weights.to_numpy()
    assert entropy == pytest.approx(sk_entropy, rel=1e-9)
    assert critic == pytest.approx(sk_critic, rel=1e-9)
    assert entropy == pytest.approx(entropy_by_formula(x), rel=1e-9)
    assert critic == pytest.approx(critic_by_formula(x, cost), rel=1e-9)


# --- two-level ------------------------------------------------------------------------------

GROUPED = make_criteria("abcd", groups=["g1", "g1", "g2", None])


def test_hierarchical_weights_multiply_the_levels() -> None:
    w = hierarchical_weights({"g1": 2, "g2": 1, "d": 1}, {"g1": {"a": 3, "b": 1}}, GROUPED)
    # g1 = 0.5 -> a 0.5*0.75, b 0.5*0.25; g2 = 0.25, one member; d (ungrouped) = 0.25.
    assert w.values.tolist() == pytest.approx([0.375, 0.125, 0.25, 0.25])
    assert w.details["within_source"] == {"g1": "given", "g2": "equal"}
    assert w.details["ungrouped"] == ["d"]
    assert w.details["group_weights"] == {"g1": 0.5, "g2": 0.25, "d": 0.25}
    assert_valid(w, GROUPED)


def test_hierarchical_weights_problems() -> None:
    with pytest.raises(InputError) as info:
        hierarchical_weights({"g1": 1, "g9": 1}, {"g1": {"a": 1, "z": 1}, "d": {"d": 1}}, GROUPED)
    text = str(info.value)
    assert "unknown id(s) given a group weight: g9" in text
    assert "no group weight given for: g2, d" in text
    assert "'d', which is not a group (an ungrouped criterion" in text
    assert "unknown id(s) given a weight within 'g1': z" in text
    assert "no weight within 'g1' given for: b" in text
    clash = make_criteria("ab", groups=[None, "a"])
    with pytest.raises(InputError, match="group id"):
        hierarchical_weights({"a": 1}, {}, clash)


# --- AHP ------------------------------------------------------------------------------------


def pairwise(rows: list[list[float]], ids: list[str]) -> pd.DataFrame:
    return pd.DataFrame(np.array(rows, dtype=float), index=ids, columns=ids)


CRIT_AHP = pairwise(
    [[1, 3, 5, 7], [1 / 3, 1, 3, 5], [1 / 5, 1 / 3, 1, 3], [1 / 7, 1 / 5, 1 / 3, 1]],
    list("abcd"),
)


def test_ahp_weights_for_one_matrix_carry_their_provenance() -> None:
    w = ahp_weights(CRIT_AHP, ABCD)
    assert w.method == "ahp"
    assert w.values.is_monotonic_decreasing
    d = w.details
    assert d["level"] == "criteria"
    assert d["priorities"] == pytest.approx(dict(w.values))
    for key in ("lambda_max", "ci", "cr", "ri", "consistent", "matrix", "random_index_source"):
        assert key in d
    assert d["ri"] == 0.89
    assert d["consistent"] is True
    assert d["matrix"]["a"]["b"] == 3.0
    assert "members" not in d
    assert_valid(w, ABCD)


def test_ahp_weights_for_a_panel_record_each_members_cr() -> None:
    cyclic = pairwise(
        [[1, 9, 1 / 9, 1], [1 / 9, 1, 9, 1], [9, 1 / 9, 1, 1], [1, 1, 1, 1]], list("abcd")
    )
    cyclic.attrs["name"] = "expert_b"
    w = ahp_weights([CRIT_AHP, cyclic], ABCD)
    members = w.details["members"]
    assert [m["name"] for m in members] == ["member 1", "expert_b"]
    assert members[0]["consistent"] is True
    assert members[1]["consistent"] is False and members[1]["cr"] > 0.10
    # The combined matrix is the element-wise geometric mean.
    assert w.details["matrix"]["a"]["b"] == pytest.approx(np.sqrt(3 * 9))
    assert w.details["matrix"]["b"]["a"] == pytest.approx(1 / np.sqrt(27))
    assert_valid(w, ABCD)


def test_ahp_weights_by_groups() -> None:
    top = pairwise([[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]], ["g1", "g2", "d"])
    within_g1 = pairwise([[1, 3], [1 / 3, 1]], ["a", "b"])
    w = ahp_weights(top, GROUPED, level="groups", within={"g1": within_g1})
    # top: consistent 4:2:1 -> g1 4/7, g2 2/7, d 1/7; within g1: 3:1.
    assert w.values.tolist() == pytest.approx([4 / 7 * 0.75, 4 / 7 * 0.25, 2 / 7, 1 / 7])
    assert w.details["consistent"] is True
    assert w.details["within_ahp"]["g1"]["priorities"] == pytest.approx({"a": 0.75, "b": 0.25})
    assert w.details["composition"]["within_source"] == {"g1": "given", "g2": "equal"}
    assert_valid(w, GROUPED)
    direct = ahp_weights(top, GROUPED, level="groups", within={"g1": {"a": 1, "b": 1}})
    assert direct.values.tolist() == pytest.approx([2 / 7, 2 / 7, 2 / 7, 1 / 7])


def test_ahp_weights_problems() -> None:
    with pytest.raises(InputError, match="leaves out: d"):
        ahp_weights(CRIT_AHP.loc[list("abc"), list("abc")], ABCD)
    with pytest.raises(InputError, match="unknown id"):
        ahp_weights(CRIT_AHP, make_criteria("abcx"))
    with pytest.raises(MethodError, match="within"):
        ahp_weights(CRIT_AHP, ABCD, within={"g1": {"a": 1}})
    with pytest.raises(MethodError, match="unknown AHP level"):
        ahp_weights(CRIT_AHP, ABCD, level="alternatives")  # type: ignore[arg-type]
    big = make_criteria([f"c{i}" for i in range(16)])
    with pytest.raises(MethodError, match="n = 16"):
        ahp_weights(pairwise(np.ones((16, 16)).tolist(), big.ids), big)


# --- invariants -----------------------------------------------------------------------------

IDS = st.integers(1, 8).map(lambda n: [f"c{i}" for i in range(n)])


@settings(max_examples=50, deadline=None)
@given(
    IDS.flatmap(
        lambda ids: st.tuples(
            st.just(ids), st.lists(st.floats(0, 1e6), min_size=len(ids), max_size=len(ids))
        )
    )
)
def test_direct_weights_sum_to_one(case: tuple[list[str], list[float]]) -> None:
    ids, raw = case
    assume(sum(raw) > 0)
    criteria = make_criteria(ids)
    assert_valid(direct_weights(dict(zip(ids, raw, strict=True)), criteria), criteria)


@settings(max_examples=50, deadline=None)
@given(IDS.flatmap(st.permutations), st.data())
def test_rank_weights_sum_to_one_and_follow_the_order(
    order: list[str], data: st.DataObject
) -> None:
    criteria = make_criteria(sorted(order))
    cuts = sorted(
        data.draw(st.sets(st.integers(1, len(order) - 1), max_size=3)) if len(order) > 1 else []
    )
    bounds = [0, *cuts, len(order)]
    nested: list[Any] = [order[i:j] for i, j in itertools.pairwise(bounds)]
    method = data.draw(st.sampled_from(RANK_METHODS))
    w = rank_weights(nested, criteria, method=method)
    assert_valid(w, criteria)
    ranked = [w.values[c] for c in order]
    assert all(x >= y - 1e-12 for x, y in itertools.pairwise(ranked))


@settings(max_examples=50, deadline=None)
@given(
    st.integers(2, 10),
    st.integers(2, 6),
    st.integers(0, 2**32 - 1),
    st.sampled_from(OBJECTIVE_METHODS),
)
def test_objective_weights_sum_to_one(m: int, n: int, seed: int, method: ObjectiveMethod) -> None:
    rng = np.random.default_rng(seed)
    # Integer scores on a 1-5 scale: ties and constant columns happen.
    x = rng.integers(1, 6, size=(m, n)).astype(float)
    ids = [f"c{j}" for j in range(n)]
    criteria = make_criteria(ids, [str(rng.choice(["benefit", "cost"])) for _ in ids])
    try:
        w = objective_weights(pd.DataFrame(x, columns=ids), criteria, method=method)
    except MethodError as exc:
        # Only degenerate matrices: no (or for CRITIC one) varying criterion, perfect correlation.
        assert "undefined" in str(exc)
        return
    assert_valid(w, criteria)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(0.12, 1.0), min_size=4, max_size=4),
    st.lists(st.sampled_from([1 / 3, 1, 3, 5]), min_size=6, max_size=6),
)
def test_ahp_weights_sum_to_one(scale: list[float], upper: list[float]) -> None:
    consistent = np.array(scale)[:, None] / np.array(scale)[None, :]
    noisy = np.ones((4, 4))
    for (i, j), v in zip([(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)], upper, strict=True):
        noisy[i, j], noisy[j, i] = v, 1 / v
    w = ahp_weights(
        [pairwise(consistent.tolist(), list("abcd")), pairwise(noisy.tolist(), list("abcd"))], ABCD
    )
    assert_valid(w, ABCD)
