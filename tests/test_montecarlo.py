"""Tests for r57_mcda.sensitivity Monte Carlo: weight models, expert bootstrap, SMAA-2."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from r57_mcda.errors import InputError, MethodError
from r57_mcda.models import CriteriaSet, Criterion
from r57_mcda.panel.aggregation import aggregate_cube
from r57_mcda.panel.cube import ScoreCube
from r57_mcda.ranking import rank
from r57_mcda.sensitivity import (
    DirichletWeights,
    ExpertBootstrap,
    IntervalWeights,
    UniformWeights,
    monte_carlo,
)
from r57_mcda.sensitivity.draws import BLOCK, WeightStream, draw_weights, resample_experts
from tests.helpers.problems import CRITERIA, EVEN, random_problem

#: WSM on [0, 10]: A = w1, B = 0.5 w1 + 0.25 (1 - w1); A is first when w1 > 1/3.
TWO = pd.DataFrame({"c1": [10.0, 5.0], "c2": [0.0, 2.5]}, index=["A", "B"])


def test_acceptability_of_a_crossing_at_one_third_is_two_thirds():
    # Under uniform weights w1 ~ U(0, 1), so P(A first) = 2/3; E[w1 | A first] = 2/3 and
    # E[w1 | B first] = 1/6.
    draws = 200_000
    result = monte_carlo(TWO, EVEN, CRITERIA, draws=draws, top_k=1, seed=7)
    p = result.acceptability.loc["A", 1]
    standard_error = math.sqrt((2 / 3) * (1 / 3) / draws)
    assert abs(p - 2 / 3) < 4 * standard_error
    assert result.acceptability.loc["B", 1] == pytest.approx(1 - p, abs=1e-12)
    assert result.top_k_probability["A"] == p
    assert result.central_weights.loc["A", "c1"] == pytest.approx(2 / 3, abs=0.005)
    assert result.central_weights.loc["B", "c1"] == pytest.approx(1 / 6, abs=0.005)
    np.testing.assert_allclose(result.central_weights.sum(axis=1), 1.0)
    # With certain scores each central weight vector makes its technology first.
    assert result.confidence.tolist() == [1.0, 1.0]
    assert result.mean_rank["A"] == pytest.approx(2 - p)
    assert result.tied_draws == 0


def test_acceptability_rows_and_columns_sum_to_one():
    matrix, weights, criteria = random_problem(41, 6, 4)
    result = monte_carlo(matrix, weights, criteria, method="topsis", draws=5000, seed=1)
    assert result.tied_draws == 0
    np.testing.assert_allclose(result.acceptability.sum(axis=1), 1.0)
    np.testing.assert_allclose(result.acceptability.sum(axis=0), 1.0)
    assert list(result.acceptability.columns) == [1, 2, 3, 4, 5, 6]
    cumulative = result.acceptability.cumsum(axis=1)
    for tech in matrix.index:
        low, high = result.rank_interval.loc[tech]
        assert cumulative.loc[tech, low] >= 0.05 > (cumulative.loc[tech, low - 1] if low > 1 else 0)
        assert (
            cumulative.loc[tech, high] >= 0.95 > (cumulative.loc[tech, high - 1] if high > 1 else 0)
        )
    top3 = result.acceptability[[1, 2, 3]].sum(axis=1)
    np.testing.assert_allclose(result.top_k_probability, top3)
    assert result.top_k_probability.sum() == pytest.approx(3.0)


@settings(max_examples=50, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(2, 6),
    m=st.integers(2, 4),
    method=st.sampled_from(["wsm", "wpm", "topsis", "vikor", "promethee2"]),
    k=st.integers(1, 6),
)
def test_acceptability_invariants(seed, n, m, method, k):
    matrix, weights, criteria = random_problem(seed, n, m)
    result = monte_carlo(matrix, weights, criteria, method=method, draws=300, top_k=k, seed=seed)
    share = result.acceptability.to_numpy()
    np.testing.assert_allclose(share.sum(axis=1), 1.0)
    if result.tied_draws == 0:
        np.testing.assert_allclose(share.sum(axis=0), 1.0)
        assert result.top_k_probability.sum() == pytest.approx(min(k, n))
    assert ((result.mean_rank >= 1) & (result.mean_rank <= n)).all()
    assert (result.rank_interval["rank_5"] <= result.rank_interval["rank_95"]).all()
    firsts = result.central_weights.dropna()
    np.testing.assert_allclose(firsts.sum(axis=1), 1.0)
    assert set(firsts.index) == set(result.acceptability.index[share[:, 0] > 0])


def test_the_same_seed_gives_the_same_numbers_whatever_the_chunks():
    matrix, weights, criteria = random_problem(42, 6, 4)
    options = {"method": "topsis", "draws": 3 * BLOCK + 17, "seed": 5}
    a = monte_carlo(matrix, weights, criteria, **options)
    b = monte_carlo(matrix, weights, criteria, chunk_size=999, **options)
    c = monte_carlo(matrix, weights, criteria, chunk_size=BLOCK, **options)
    for other in (b, c):
        assert a.acceptability.equals(other.acceptability)
        assert a.central_weights.equals(other.central_weights)
        assert a.confidence.equals(other.confidence)
    different = monte_carlo(matrix, weights, criteria, **{**options, "seed": 6})
    assert not a.acceptability.equals(different.acceptability)


def test_weight_stream_does_not_depend_on_how_it_is_taken():
    model = DirichletWeights(concentration=20.0)
    w = np.array([0.5, 0.3, 0.2])
    whole = WeightStream(model, w, 3).take(2 * BLOCK + 5)
    stream = WeightStream(model, w, 3)
    pieces = np.concatenate([stream.take(n) for n in (1, BLOCK, 7, BLOCK - 3)])
    np.testing.assert_array_equal(whole, pieces)


def test_dirichlet_draws_are_centred_and_keep_zero_weights():
    rng = np.random.default_rng(0)
    w = np.array([0.6, 0.3, 0.1])
    draws = draw_weights(DirichletWeights(concentration=50.0), w, rng, 20_000)
    np.testing.assert_allclose(draws.mean(axis=0), w, atol=0.003)
    # Var(w_j) = w_j (1 - w_j) / (concentration + 1)
    np.testing.assert_allclose(draws.var(axis=0), w * (1 - w) / 51, rtol=0.05)
    matrix, _, criteria = random_problem(43, 5, 3)
    weights = pd.Series({"c0": 0.7, "c1": 0.3, "c2": 0.0})
    result = monte_carlo(
        matrix, weights, criteria, weight_model=DirichletWeights(30.0), draws=2000, seed=2
    )
    first = result.central_weights.dropna()
    assert len(first) and (first["c2"] == 0.0).all()


def test_interval_draws_stay_within_their_ratios():
    rng = np.random.default_rng(1)
    w = np.array([0.5, 0.3, 0.2])
    draws = draw_weights(IntervalWeights(spread=0.2), w, rng, 5000)
    np.testing.assert_allclose(draws.sum(axis=1), 1.0)
    ratio = (draws[:, 0] / draws[:, 1]) / (w[0] / w[1])
    assert ratio.min() >= 0.8 / 1.2 and ratio.max() <= 1.2 / 0.8
    assert ratio.min() < 0.75 and ratio.max() > 1.35


def cube_of(values: np.ndarray, groups: list[str] | None = None) -> ScoreCube:
    """A score cube (experts x technologies t0.. x criteria c0..) with no conflicts."""
    values = np.asarray(values, dtype=float)
    e, n, m = values.shape
    return ScoreCube(
        values=values,
        coi=np.zeros(values.shape, dtype=bool),
        experts=tuple(f"e{i}" for i in range(e)),
        technologies=tuple(f"t{i}" for i in range(n)),
        criteria=tuple(f"c{j}" for j in range(m)),
        expert_groups=np.array(groups or [""] * e, dtype=object),
    )


def test_identical_experts_give_no_bootstrap_variation():
    _, weights, criteria = random_problem(44, 5, 3)
    one = np.random.default_rng(3).uniform(1, 10, size=(5, 3))
    cube = cube_of(np.repeat(one[None], 6, axis=0))
    matrix = aggregate_cube(cube).matrix
    result = monte_carlo(
        matrix,
        weights,
        criteria,
        weight_model=None,
        bootstrap=ExpertBootstrap(cube, resamples=50),
        draws=200,
        seed=3,
    )
    expected = rank(matrix, weights, criteria).ranks
    for tech, r in expected.items():
        assert result.acceptability.loc[tech, r] == 1.0
    assert result.rank_interval["rank_5"].tolist() == expected.tolist()
    assert result.rank_interval["rank_95"].tolist() == expected.tolist()
    leader = expected.idxmin()
    assert result.confidence[leader] == 1.0
    assert result.confidence.drop(leader).isna().all()
    np.testing.assert_allclose(result.central_weights.loc[leader], weights)
    assert result.bootstrap is not None and result.bootstrap["resamples"] == 50


def test_bootstrap_varies_reproducibly_and_with_weights():
    rng = np.random.default_rng(4)
    cube = cube_of(rng.uniform(1, 10, size=(8, 5, 3)))
    _, weights, criteria = random_problem(45, 5, 3)
    matrix = aggregate_cube(cube).matrix
    boot = ExpertBootstrap(cube, resamples=40)
    fixed = monte_carlo(matrix, weights, criteria, weight_model=None, bootstrap=boot, draws=40)
    assert fixed.acceptability.max(axis=1).min() < 1.0  # some technology's rank varies
    again = monte_carlo(matrix, weights, criteria, weight_model=None, bootstrap=boot, draws=40)
    assert fixed.acceptability.equals(again.acceptability)
    both = monte_carlo(matrix, weights, criteria, bootstrap=boot, draws=4000, chunk_size=333)
    same = monte_carlo(matrix, weights, criteria, bootstrap=boot, draws=4000)
    assert both.acceptability.equals(same.acceptability)
    assert both.confidence.equals(same.confidence)
    assert both.evaluated == 4000
    assert (
        ((both.confidence >= 0) & (both.confidence <= 1)).where(both.confidence.notna(), True).all()
    )


def test_stratified_resamples_keep_each_group_size():
    groups = ["science"] * 3 + ["industry"] * 2 + ["government"]
    for resample in range(20):
        idx = resample_experts(groups, 9, resample, stratified=True)
        drawn = pd.Series([groups[i] for i in idx]).value_counts()
        assert drawn.to_dict() == {"science": 3, "industry": 2, "government": 1}
    plain = [resample_experts(groups, 9, r, stratified=False) for r in range(50)]
    assert any((np.array([groups[i] for i in idx]) == "government").sum() != 1 for idx in plain)


def test_resamples_that_lose_a_cell_are_skipped_and_counted():
    rng = np.random.default_rng(5)
    values = rng.uniform(1, 10, size=(4, 4, 2))
    values[1:, 0, 0] = np.nan  # only e0 scored t0 on c0
    cube = cube_of(values)
    matrix = aggregate_cube(cube).matrix
    weights = pd.Series({"c0": 0.5, "c1": 0.5})
    criteria = CriteriaSet(
        id="x",
        name="x",
        criteria=tuple(Criterion(id=c, name=c, direction="benefit") for c in ("c0", "c1")),
    )
    result = monte_carlo(
        matrix, weights, criteria, bootstrap=ExpertBootstrap(cube, resamples=30), draws=300
    )
    # P(e0 not drawn) = (3/4)^4 = 32 %: some of the 30 resamples cannot be ranked.
    assert 0 < result.skipped_resamples < 30
    assert result.evaluated == 300 - 10 * result.skipped_resamples
    np.testing.assert_allclose(result.acceptability.sum(axis=1), 1.0)


def test_ties_are_counted_at_the_shared_rank():
    matrix, weights, criteria = random_problem(46, 4, 3)
    matrix.loc["t3"] = matrix.loc["t0"]
    result = monte_carlo(matrix, weights, criteria, method="topsis", draws=1000, seed=4)
    assert result.tied_draws == 1000
    np.testing.assert_allclose(result.acceptability.sum(axis=1), 1.0)
    assert result.acceptability.loc["t0"].equals(result.acceptability.loc["t3"].rename("t0"))
    # No draw can put anyone at rank 4: t0 and t3 share a better one.
    assert result.acceptability[4].sum() == result.acceptability.loc[["t1", "t2"], 4].sum()


def test_methods_without_a_kernel_rank_each_draw_and_report_progress(monkeypatch):
    # Every method has a kernel now; the per-draw path stays for methods added later.
    monkeypatch.setattr("r57_mcda.sensitivity.engine.has_kernel", lambda method: False)
    matrix, weights, criteria = random_problem(47, 4, 3)
    calls: list[tuple[int, int]] = []
    result = monte_carlo(
        matrix,
        weights,
        criteria,
        method="spotis",
        draws=120,
        seed=8,
        progress=lambda d, t: calls.append((d, t)),
    )
    assert calls == [(50, 120), (100, 120), (120, 120)]
    rng_result = monte_carlo(
        matrix, weights, criteria, method="spotis", draws=120, seed=8, chunk_size=7
    )
    assert result.acceptability.equals(rng_result.acceptability)
    np.testing.assert_allclose(result.acceptability.sum(axis=1), 1.0)


def test_progress_is_called_per_chunk():
    matrix, weights, criteria = random_problem(48, 4, 3)
    calls: list[tuple[int, int]] = []
    monte_carlo(
        matrix,
        weights,
        criteria,
        draws=1000,
        chunk_size=300,
        progress=lambda d, t: calls.append((d, t)),
    )
    assert calls == [(300, 1000), (600, 1000), (900, 1000), (1000, 1000)]


def test_results_are_plain_data_and_tables():
    result = monte_carlo(TWO, EVEN, CRITERIA, draws=1000, top_k=1, weight_model=UniformWeights())
    data = json.loads(json.dumps(result.to_dict()))
    assert data["weight_model"] == {"model": "uniform"}
    assert data["technologies"][0]["technology"] == "A"
    assert sum(data["technologies"][0]["acceptability"]) == pytest.approx(1.0)
    table = result.table()
    assert list(table.columns) == [
        "p_first",
        "p_top_k",
        "mean_rank",
        "rank_5",
        "rank_95",
        "confidence",
    ]
    assert table.index[0] == "A"
    # A k beyond the number of technologies keeps everyone in the top k.
    wide = monte_carlo(TWO, EVEN, CRITERIA, draws=100, top_k=5)
    assert wide.top_k == 2
    assert wide.top_k_probability.tolist() == [1.0, 1.0]


def test_bad_options_are_refused():
    with pytest.raises(MethodError, match="nothing varies"):
        monte_carlo(TWO, EVEN, CRITERIA, weight_model=None)
    with pytest.raises(MethodError, match="concentration"):
        monte_carlo(TWO, EVEN, CRITERIA, weight_model=DirichletWeights(0.0))
    with pytest.raises(MethodError, match="spread"):
        monte_carlo(TWO, EVEN, CRITERIA, weight_model=IntervalWeights(1.5))
    with pytest.raises(MethodError, match="draws"):
        monte_carlo(TWO, EVEN, CRITERIA, draws=0)
    with pytest.raises(MethodError, match="seed"):
        monte_carlo(TWO, EVEN, CRITERIA, seed=-1)
    with pytest.raises(MethodError, match="top k"):
        monte_carlo(TWO, EVEN, CRITERIA, top_k=0)
    with pytest.raises(InputError, match="missing: t1"):
        cube = cube_of(np.ones((2, 1, 2)))
        matrix = pd.DataFrame({"c0": [1.0, 2.0], "c1": [1.0, 2.0]}, index=["t0", "t1"])
        criteria = CriteriaSet(
            id="x",
            name="x",
            criteria=tuple(Criterion(id=c, name=c, direction="benefit") for c in ("c0", "c1")),
        )
        monte_carlo(
            matrix, pd.Series({"c0": 0.5, "c1": 0.5}), criteria, bootstrap=ExpertBootstrap(cube)
        )


def test_draws_where_cocoso_is_undefined_are_counted_and_the_rest_ranked():
    # t0 is the worst on c0 for every expert; on c1 only e0 scores it the worst. A resample
    # with e0 twice or more leaves t0 the worst on both criteria: CoCoSo is undefined there.
    values = np.empty((3, 3, 2))
    values[:, :, 0] = [1.0, 5.0, 7.0]
    values[:, :, 1] = [9.0, 5.0, 5.0]
    values[0, 0, 1] = 1.0
    cube = cube_of(values)
    matrix = aggregate_cube(cube, method="mean").matrix
    weights = pd.Series({"c0": 0.5, "c1": 0.5})
    criteria = CriteriaSet(
        id="x",
        name="x",
        criteria=tuple(Criterion(id=c, name=c, direction="benefit") for c in ("c0", "c1")),
    )
    boot = ExpertBootstrap(cube, aggregation="mean", resamples=60)
    result = monte_carlo(
        matrix, weights, criteria, method="cocoso", weight_model=None, bootstrap=boot, draws=600
    )
    assert 0 < result.failed_draws < 600
    assert result.failed_draws % 10 == 0  # whole resamples of 10 draws each
    assert result.evaluated == 600 - result.failed_draws
    assert result.failed_share == result.failed_draws / 600
    np.testing.assert_allclose(result.acceptability.sum(axis=1), 1.0)
    assert result.failure is not None
    text = result.failure.text("en")
    assert "c0 50.0%, c1 50.0%" in text and "'t0' is the worst on every criterion" in text
    assert result.to_dict()["failed_draws"] == result.failed_draws
    # Every draw undefined: the error names the weights.
    values[:, 0, 1] = 1.0
    cube = cube_of(values)
    with pytest.raises(MethodError, match=r"CoCoSo cannot rank with the weights c0 50\.0%"):
        monte_carlo(
            aggregate_cube(cube, method="mean").matrix,
            weights,
            criteria,
            method="cocoso",
            weight_model=None,
            bootstrap=ExpertBootstrap(cube, aggregation="mean", resamples=5),
            draws=50,
        )
