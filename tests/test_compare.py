"""Tests for r57_mcda.explain.compare: ranks side by side, tau-b and rho, Borda and Copeland."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from r57_mcda.errors import MethodError
from r57_mcda.explain.compare import compare_methods, compare_rankings
from r57_mcda.models import CriteriaSet, Criterion, Ranking
from r57_mcda.ranking import rank
from r57_mcda.ranking.ties import competition_ranks

TECHS = ["A", "B", "C", "D"]


def make_ranking(method: str, ranks: list[int], index: list[str] | None = None) -> Ranking:
    """A Ranking whose scores are minus its ranks (so lower rank = better score)."""
    idx = index or TECHS[: len(ranks)]
    scores = -pd.Series(ranks, index=idx, dtype=float)
    rank_series, tied = competition_ranks(scores, higher_is_better=True)
    return Ranking(
        method=method,
        scores=scores,
        higher_is_better=True,
        ranks=rank_series,
        tied=tied,
        weights=pd.Series(dtype=float),
    )


# The hand-computed example: three methods, four technologies, C and D tied in m3.
M1 = [1, 2, 3, 4]
M2 = [1, 3, 4, 2]
M3 = [4, 1, 2, 2]


@pytest.fixture
def example() -> list[Ranking]:
    return [make_ranking("m1", M1), make_ranking("m2", M2), make_ranking("m3", M3)]


def test_ranks_side_by_side(example: list[Ranking]) -> None:
    comparison = compare_rankings(example)
    assert comparison.methods == ("m1", "m2", "m3")
    assert list(comparison.ranks.index) == TECHS
    assert comparison.ranks["m2"].tolist() == M2
    assert comparison.ranks["m3"].tolist() == M3


def test_borda_by_hand(example: list[Ranking]) -> None:
    """Borda points n - rank with n = 4; C and D share 2nd and 3rd in m3: (2 + 1) / 2 = 1.5.

    m1: A 3, B 2, C 1,   D 0
    m2: A 3, B 1, C 0,   D 2
    m3: A 0, B 3, C 1.5, D 1.5
    sum A 6, B 6, C 2.5, D 3.5 -> ranks A 1, B 1 (tied), D 3, C 4.
    """
    borda = compare_rankings(example).borda
    assert borda["score"].tolist() == [6.0, 6.0, 2.5, 3.5]
    assert borda["rank"].tolist() == [1, 1, 4, 3]
    assert borda["tied"].tolist() == [True, True, False, False]


def test_copeland_by_hand(example: list[Ranking]) -> None:
    """Majority of the three methods for each pair (+1 win, 0 draw, -1 loss).

    A-B: m1 A, m2 A, m3 B -> A.   A-C: A, A, C -> A.   A-D: A, A, D -> A.
    B-C: B, B, B -> B.            B-D: B, D, B -> B.
    C-D: m1 C, m2 D, m3 tied -> 1 : 1, a draw.
    A 3, B -1 + 1 + 1 = 1, C -1 - 1 + 0 = -2, D -1 - 1 + 0 = -2 -> ranks 1, 2, 3, 3.
    Borda and Copeland disagree on A and B here, which is the point of showing both.
    """
    copeland = compare_rankings(example).copeland
    assert copeland["score"].tolist() == [3.0, 1.0, -2.0, -2.0]
    assert copeland["rank"].tolist() == [1, 2, 3, 3]
    assert copeland["tied"].tolist() == [False, False, True, True]


def test_copeland_draw_when_tied_in_every_method() -> None:
    rankings = [make_ranking("x", [1, 1, 3]), make_ranking("y", [2, 2, 1])]
    copeland = compare_rankings(rankings).copeland
    # A-B tied in both -> 0; C beats both in y, loses both in x -> 1 : 1 draws.
    assert copeland["score"].tolist() == [0.0, 0.0, 0.0]
    assert copeland["tied"].all()


def test_tau_and_rho_match_scipy(example: list[Ranking]) -> None:
    comparison = compare_rankings(example)
    columns = {"m1": M1, "m2": M2, "m3": M3}
    for a, x in columns.items():
        for b, y in columns.items():
            tau = stats.kendalltau(x, y, variant="b").statistic
            rho = stats.spearmanr(x, y).statistic
            assert comparison.kendall_tau.loc[a, b] == pytest.approx(tau, abs=1e-12)
            assert comparison.spearman_rho.loc[a, b] == pytest.approx(rho, abs=1e-12)


def test_tau_b_with_a_tie_by_hand(example: list[Ranking]) -> None:
    """m1 vs m3: concordant B-C, B-D; discordant A-B, A-C, A-D; C-D tied in m3 only.

    tau-b = (2 - 3) / sqrt((6 - 0) * (6 - 1)) = -1 / sqrt(30).
    """
    comparison = compare_rankings(example)
    assert comparison.kendall_tau.loc["m1", "m3"] == pytest.approx(-1 / math.sqrt(30))
    assert comparison.kendall_tau.loc["m3", "m1"] == comparison.kendall_tau.loc["m1", "m3"]
    # m1 vs m2: only B-D, C-D are discordant of 6 pairs -> (4 - 2) / 6.
    assert comparison.kendall_tau.loc["m1", "m2"] == pytest.approx(1 / 3)
    taus = [1 / 3, -1 / math.sqrt(30), comparison.kendall_tau.loc["m2", "m3"]]
    assert comparison.agreement == pytest.approx(sum(taus) / 3)


def test_identical_rankings_correlate_one() -> None:
    rankings = [make_ranking("x", [2, 1, 3, 4]), make_ranking("y", [2, 1, 3, 4])]
    comparison = compare_rankings(rankings)
    assert (comparison.kendall_tau.to_numpy() == 1.0).all()
    assert (comparison.spearman_rho.to_numpy() == 1.0).all()
    assert comparison.agreement == 1.0


def test_reversed_rankings_correlate_minus_one() -> None:
    comparison = compare_rankings([make_ranking("x", [1, 2]), make_ranking("y", [2, 1])])
    assert comparison.kendall_tau.loc["x", "y"] == -1.0
    # scipy's rho for two items is -0.9999999999999999.
    assert comparison.spearman_rho.loc["x", "y"] == pytest.approx(-1.0, abs=1e-12)
    four = compare_rankings([make_ranking("x", [1, 2, 3, 4]), make_ranking("y", [4, 3, 2, 1])])
    assert four.kendall_tau.loc["x", "y"] == pytest.approx(-1.0)
    assert four.spearman_rho.loc["x", "y"] == pytest.approx(-1.0)
    assert four.agreement == pytest.approx(-1.0)


def test_constant_ranking_gives_nan_without_warning() -> None:
    # filterwarnings = error: scipy's ConstantInputWarning would fail this test.
    rankings = [make_ranking("flat", [1, 1, 1]), make_ranking("x", [1, 2, 3])]
    comparison = compare_rankings(rankings)
    assert np.isnan(comparison.kendall_tau.loc["flat", "x"])
    assert np.isnan(comparison.kendall_tau.loc["flat", "flat"])
    assert np.isnan(comparison.spearman_rho.loc["x", "flat"])
    assert comparison.kendall_tau.loc["x", "x"] == 1.0
    assert math.isnan(comparison.agreement)


def test_agreement_by_method(example: list[Ranking]) -> None:
    comparison = compare_rankings(example)
    tau = comparison.kendall_tau
    by_method = comparison.agreement_by_method()
    assert by_method["m1"] == pytest.approx((tau.loc["m1", "m2"] + tau.loc["m1", "m3"]) / 2)
    assert list(by_method.index) == ["m1", "m2", "m3"]


def test_single_ranking_is_its_own_consensus() -> None:
    comparison = compare_rankings([make_ranking("only", [3, 1, 1, 4])])
    assert comparison.borda["rank"].tolist() == [3, 1, 1, 4]
    assert comparison.copeland["rank"].tolist() == [3, 1, 1, 4]
    assert math.isnan(comparison.agreement)


def test_technologies_are_aligned_by_id() -> None:
    x = make_ranking("x", [1, 2, 3], index=["A", "B", "C"])
    y = make_ranking("y", [3, 2, 1], index=["C", "B", "A"])  # same order as x, listed backwards
    comparison = compare_rankings([x, y])
    assert comparison.ranks["y"].tolist() == [1, 2, 3]
    assert comparison.kendall_tau.loc["x", "y"] == 1.0


def test_labels_override_method_names() -> None:
    rankings = [make_ranking("topsis", [1, 2]), make_ranking("topsis", [2, 1])]
    with pytest.raises(MethodError, match="repeated: topsis"):
        compare_rankings(rankings)
    comparison = compare_rankings(rankings, labels=["topsis q=1", "topsis q=2"])
    assert list(comparison.kendall_tau.columns) == ["topsis q=1", "topsis q=2"]


@pytest.mark.parametrize(
    ("rankings", "message"),
    [
        ([], "at least one"),
        ([make_ranking("x", [1, 2]), make_ranking("y", [1, 2, 3])], "different technologies"),
        (
            [make_ranking("x", [1, 2], ["A", "B"]), make_ranking("y", [1, 2], ["A", "Z"])],
            r"missing \['B'\], extra \['Z'\]",
        ),
    ],
)
def test_bad_rankings_are_refused(rankings: list[Ranking], message: str) -> None:
    with pytest.raises(MethodError, match=message):
        compare_rankings(rankings)


def test_inputs_are_not_mutated(example: list[Ranking]) -> None:
    before = [r.ranks.copy() for r in example]
    compare_rankings(example)
    for ranking, ranks in zip(example, before, strict=True):
        pd.testing.assert_series_equal(ranking.ranks, ranks)


def small_case() -> tuple[pd.DataFrame, pd.Series, CriteriaSet]:
    criteria = CriteriaSet(
        id="t",
        name="t",
        criteria=(
            Criterion("c1", "c1", "benefit"),
            Criterion("c2", "c2", "cost"),
            Criterion("c3", "c3", "benefit", scale=(1.0, 5.0)),
        ),
    )
    matrix = pd.DataFrame(
        [[7.0, 3.0, 4.0], [5.0, 1.0, 2.0], [9.0, 8.0, 5.0], [2.0, 2.0, 1.0], [6.0, 5.0, 3.0]],
        index=["ai", "chips", "bio", "grid", "6g"],
        columns=["c1", "c2", "c3"],
    )
    return matrix, pd.Series([0.5, 0.3, 0.2], index=matrix.columns), criteria


def test_compare_methods_runs_each_method() -> None:
    matrix, weights, criteria = small_case()
    params = {"vikor": {"v": 0.3}}
    comparison = compare_methods(
        matrix, weights, criteria, methods=["wsm", "topsis", "vikor"], params=params
    )
    assert comparison.methods == ("wsm", "topsis", "vikor")
    assert list(comparison.ranks.index) == list(matrix.index)
    for method in comparison.methods:
        expected = rank(matrix, weights, criteria, method=method, params=params.get(method))
        assert comparison.ranks[method].tolist() == expected.ranks.tolist(), method
    assert comparison.borda["score"].sum() == pytest.approx(3 * 5 * 4 / 2)


@pytest.mark.parametrize(
    ("methods", "params", "message"),
    [
        (["wsm", "wsm"], None, "repeated: wsm"),
        (["wsm"], {"topsis": {}}, "parameters given for methods not compared: topsis"),
        ([], None, "at least one"),
        (["wsm", "vikor"], {"vikor": {"v": 2}}, "between 0 and 1"),
    ],
)
def test_compare_methods_refuses(
    methods: list[str], params: dict[str, dict[str, float]] | None, message: str
) -> None:
    matrix, weights, criteria = small_case()
    with pytest.raises(MethodError, match=message):
        compare_methods(matrix, weights, criteria, methods=methods, params=params)


rank_columns = st.integers(min_value=2, max_value=7).flatmap(
    lambda n: st.lists(
        st.lists(st.integers(min_value=0, max_value=n - 1), min_size=n, max_size=n),
        min_size=1,
        max_size=5,
    )
)


@settings(max_examples=50, deadline=None)
@given(rank_columns)
def test_consensus_invariants(keys: list[list[int]]) -> None:
    n, m = len(keys[0]), len(keys)
    idx = [f"t{i}" for i in range(n)]
    rankings = []
    for j, column in enumerate(keys):
        scores = pd.Series(column, index=idx, dtype=float)
        ranks, tied = competition_ranks(scores, higher_is_better=False)
        rankings.append(
            Ranking(f"m{j}", scores, False, ranks, tied, weights=pd.Series(dtype=float))
        )
    comparison = compare_rankings(rankings)
    # Every ranking hands out 0 + 1 + ... + (n - 1) Borda points; Copeland is zero-sum.
    assert comparison.borda["score"].sum() == pytest.approx(m * n * (n - 1) / 2)
    assert comparison.copeland["score"].sum() == 0
    # A technology first in every ranking is first in both consensus rankings.
    best = comparison.ranks.eq(1).all(axis=1)
    assert (comparison.borda.loc[best, "rank"] == 1).all()
    assert (comparison.copeland.loc[best, "rank"] == 1).all()
    tau = comparison.kendall_tau.to_numpy()
    assert np.allclose(tau, tau.T, equal_nan=True)
    finite = tau[np.isfinite(tau)]
    assert ((finite >= -1) & (finite <= 1)).all()
