"""Cross-checks: every method against a direct scikit-criteria pipeline on random matrices.

Our pre-processing runs in ``r57_mcda.ranking`` and only the aggregation in scikit-criteria
(or none of it, for the numpy methods); here the whole pipeline is scikit-criteria's own
(``mkpipe`` with its scalers and inverters). Where the conventions coincide the scores must be
equal, and the ranks always. Where they differ by design:

- WSM: our score is 100 x scikit-criteria's (points, not a 0-1 sum); with a declared scale
  ours uses it and scikit-criteria cannot (it only sees observed ranges), so the random
  criteria here declare no scale.
- WPM: scikit-criteria reports log10 of the product; we report the product.
- ELECTRE II: we min-max scale with cost reversed; the pipeline min-max scales and keeps the
  minimise objective. Concordance and discordance are the same either way.
- SPOTIS: without a declared scale both take the bounds from the observed range.
- VIKOR: scikit-criteria with ``use_compromise_set=False``; our ranks come from Q.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import skcriteria as skc
from skcriteria.agg.cocoso import CoCoSo
from skcriteria.agg.codas import CODAS
from skcriteria.agg.edas import EDAS
from skcriteria.agg.electre import ELECTRE2
from skcriteria.agg.mabac import MABAC
from skcriteria.agg.moora import RatioMOORA
from skcriteria.agg.simple import WeightedProductModel, WeightedSumModel
from skcriteria.agg.spotis import SPOTIS
from skcriteria.agg.topsis import TOPSIS
from skcriteria.agg.vikor import VIKOR
from skcriteria.agg.waspas import WASPAS
from skcriteria.pipelines import mkpipe
from skcriteria.preprocessing.invert_objectives import (
    BenefitCostInverter,
    InvertMinimize,
    MinMaxInverter,
)
from skcriteria.preprocessing.scalers import MaxAbsScaler, MinMaxScaler, VectorScaler

from r57_mcda.models import CriteriaSet, Criterion
from r57_mcda.ranking import rank

SEEDS = range(12)


def random_problem(seed: int):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(3, 10)), int(rng.integers(2, 6))
    columns = [f"c{j}" for j in range(m)]
    directions = ["benefit"] + [str(d) for d in rng.choice(["benefit", "cost"], size=m - 1)]
    criteria = CriteriaSet(
        id="random",
        name="random",
        criteria=tuple(
            Criterion(id=c, name=c, direction=d)  # type: ignore[arg-type]
            for c, d in zip(columns, directions, strict=True)
        ),
    )
    matrix = pd.DataFrame(
        rng.uniform(1.0, 10.0, size=(n, m)), index=[f"t{i}" for i in range(n)], columns=columns
    )
    raw = rng.uniform(0.05, 1.0, size=m)
    weights = pd.Series(raw / raw.sum(), index=columns)
    dm = skc.mkdm(
        matrix=matrix.to_numpy(),
        objectives=[1 if d == "benefit" else -1 for d in directions],
        weights=weights.to_numpy(),
        alternatives=list(matrix.index),
        criteria=columns,
    )
    return matrix, weights, criteria, dm


PIPELINES = {
    "wsm": (lambda: mkpipe(MinMaxInverter(), WeightedSumModel()), lambda e: 100 * e.score),
    "wpm": (
        lambda: mkpipe(InvertMinimize(), MaxAbsScaler(target="matrix"), WeightedProductModel()),
        lambda e: 10**e.score,
    ),
    "topsis": (lambda: mkpipe(VectorScaler(target="matrix"), TOPSIS()), lambda e: e.similarity),
    "moora": (lambda: mkpipe(VectorScaler(target="matrix"), RatioMOORA()), lambda e: e.score),
    "electre2": (lambda: mkpipe(MinMaxScaler(target="matrix"), ELECTRE2()), None),
    "waspas": (lambda: mkpipe(BenefitCostInverter(), WASPAS()), lambda e: e.score),
    "edas": (EDAS, lambda e: e.score),
    "cocoso": (lambda: mkpipe(MinMaxInverter(), CoCoSo()), lambda e: e.score),
    "mabac": (lambda: mkpipe(MinMaxInverter(), MABAC()), lambda e: e.score),
    "codas": (lambda: mkpipe(BenefitCostInverter(), CODAS()), lambda e: e.score),
    "spotis": (SPOTIS, lambda e: e.score),
}


def evaluate(pipeline, dm):
    with warnings.catch_warnings():
        # Examined: TOPSIS warns whenever an objective is "minimise"; classic TOPSIS (and ours)
        # handles it by taking the minimum as the ideal, which is what it does.
        warnings.filterwarnings(
            "ignore", message="Although TOPSIS can operate", category=UserWarning
        )
        return pipeline.evaluate(dm)


@pytest.mark.parametrize("method", sorted(PIPELINES))
@pytest.mark.parametrize("seed", SEEDS)
def test_method_matches_scikit_criteria_pipeline(method, seed):
    matrix, weights, criteria, dm = random_problem(seed)
    build, score_of = PIPELINES[method]
    theirs = evaluate(build(), dm)
    ours = rank(matrix, weights, criteria, method=method)
    their_rank = pd.Series(theirs.rank_, index=matrix.index).rank(method="min").astype(int)
    assert ours.ranks.tolist() == their_rank.tolist()
    if score_of is None:  # ELECTRE II: the native score is the rank itself.
        np.testing.assert_array_equal(ours.scores.to_numpy(), theirs.rank_)
    else:
        np.testing.assert_allclose(ours.scores.to_numpy(), score_of(theirs.e_), rtol=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_topsis_parts_match_scikit_criteria(seed):
    matrix, weights, criteria, dm = random_problem(seed)
    theirs = evaluate(mkpipe(VectorScaler(target="matrix"), TOPSIS()), dm)
    ours = rank(matrix, weights, criteria, method="topsis")
    np.testing.assert_allclose(ours.extras["ideal"].to_numpy(), theirs.e_.ideal, rtol=1e-12)
    np.testing.assert_allclose(ours.extras["anti_ideal"].to_numpy(), theirs.e_.anti_ideal)


@pytest.mark.parametrize("v", [0.0, 0.5, 0.8])
@pytest.mark.parametrize("seed", SEEDS)
def test_vikor_matches_scikit_criteria(seed, v):
    matrix, weights, criteria, dm = random_problem(seed)
    theirs = VIKOR(v=v, use_compromise_set=False).evaluate(dm)
    ours = rank(matrix, weights, criteria, method="vikor", params={"v": v})
    np.testing.assert_allclose(ours.extras["S"].to_numpy(), theirs.e_.s_k, rtol=1e-12)
    np.testing.assert_allclose(ours.extras["R"].to_numpy(), theirs.e_.r_k, rtol=1e-12)
    np.testing.assert_allclose(ours.scores.to_numpy(), theirs.e_.q_k, rtol=1e-12, atol=1e-15)
    their_rank = pd.Series(theirs.rank_, index=matrix.index).rank(method="min").astype(int)
    assert ours.ranks.tolist() == their_rank.tolist()
    assert set(ours.extras["compromise_set"]) == set(matrix.index[theirs.e_.compromise_set])
    assert ours.extras["acceptable_advantage"] == theirs.e_.acceptable_advantage
    assert ours.extras["acceptable_stability"] == theirs.e_.acceptable_stability
