"""The batch kernels of the scikit-criteria-backed methods equal rank() on every draw.

``rank()`` runs scikit-criteria itself (through r57_mcda.ranking.external), so each draw of the
batch is a cross-check against scikit-criteria with the project's pre-processing.
"""

from __future__ import annotations

import tracemalloc

import numpy as np
import pandas as pd
import pytest

from r57_mcda.errors import MethodError
from r57_mcda.models import CriteriaSet, Criterion
from r57_mcda.ranking import rank
from r57_mcda.ranking.kernels import batch_ranks, batch_scores, has_kernel, prepare_kernel
from r57_mcda.ranking.kernels_external import EXTERNAL_KERNELS, cocoso_undefined
from tests.helpers.problems import random_problem

PROBLEMS = [
    {"seed": 1, "n": 7, "m": 4, "scales": False, "integers": False},
    {"seed": 2, "n": 12, "m": 6, "scales": True, "integers": False},
    {"seed": 3, "n": 4, "m": 3, "scales": False, "integers": False},
    # A 1-9 style panel: many exact ties between technologies and within columns.
    {"seed": 4, "n": 40, "m": 13, "scales": False, "integers": True},
]


def draws(seed: int, m: int, size: int = 150) -> np.ndarray:
    """Uniform draws; a tenth with one criterion at weight 0, five weighing two criteria only."""
    rng = np.random.default_rng(seed)
    out = rng.dirichlet(np.ones(m), size=size)
    out[np.arange(size // 10), rng.integers(0, m, size // 10)] = 0.0
    out[-5:] = 0.0
    out[-5:, :2] = 0.5
    return out


def _cross_check(matrix, criteria, method, w, params=None):
    kernel = prepare_kernel(matrix, criteria, method=method, params=params)
    scores = batch_scores(kernel, w)
    failed = np.isnan(scores).any(axis=1)
    safe = np.where(failed[:, None], 0.0, scores)
    ranks = batch_ranks(safe, higher_is_better=kernel.higher_is_better)
    checked = 0
    for row, vector in enumerate(w):
        weights = pd.Series(vector, index=matrix.columns)
        if failed[row]:
            with pytest.raises(MethodError):
                rank(matrix, weights, criteria, method=method, params=params)
            continue
        single = rank(matrix, weights, criteria, method=method, params=params)
        np.testing.assert_allclose(scores[row], single.scores.to_numpy(), rtol=1e-9, atol=1e-12)
        np.testing.assert_array_equal(ranks[row], single.ranks.to_numpy())
        checked += 1
    return checked


@pytest.mark.parametrize("method", EXTERNAL_KERNELS)
@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda p: f"seed{p['seed']}")
def test_kernel_equals_rank_and_skcriteria_on_every_draw(method, problem):
    matrix, _, criteria = random_problem(
        problem["seed"], problem["n"], problem["m"], scales=problem["scales"]
    )
    if problem["integers"]:
        matrix = matrix.round(0)
    w = draws(problem["seed"] + 100, problem["m"])
    assert has_kernel(method)
    assert _cross_check(matrix, criteria, method, w) >= len(w) - 5


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("waspas", {"lambda_value": 0.2}),
        ("cocoso", {"lambda_value": 0.9}),
        ("codas", {"tau": 0.01}),
        ("codas", {"tau": 0.3}),
    ],
)
def test_kernel_parameters_are_those_of_rank(method, params):
    matrix, _, criteria = random_problem(5, 9, 5)
    assert _cross_check(matrix, criteria, method, draws(6, 5), params) >= 145


def test_edas_refuses_what_rank_refuses():
    matrix, _, criteria = random_problem(9, 5, 3)
    matrix["c0"] = 0.0
    with pytest.raises(MethodError, match="EDAS"):
        prepare_kernel(matrix, criteria, method="edas")


def test_cocoso_is_undefined_only_where_a_technology_is_worst_on_every_weighted_criterion():
    criteria = CriteriaSet(
        id="h",
        name="h",
        criteria=tuple(Criterion(id=c, name=c, direction="benefit") for c in ("a", "b", "c")),
    )
    matrix = pd.DataFrame(
        {"a": [1.0, 5.0, 9.0, 3.0], "b": [2.0, 1.0, 8.0, 6.0], "c": [9.0, 1.0, 4.0, 2.0]},
        index=["t0", "t1", "t2", "t3"],
    )
    w = np.array([[1 / 3, 1 / 3, 1 / 3], [0.0, 0.5, 0.5], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    kernel = prepare_kernel(matrix, criteria, method="cocoso")
    scores = batch_scores(kernel, w)
    # t1 is the worst on b and c; t0 on a, t1 on b.
    assert np.isnan(scores).any(axis=1).tolist() == [False, True, True, True]
    assert cocoso_undefined(kernel.terms[0], w[1]).tolist() == [False, True, False, False]
    assert cocoso_undefined(kernel.terms[0], w[2]).tolist() == [True, False, False, False]
    assert _cross_check(matrix, criteria, "cocoso", w) == 1


def test_mabac_kernel_is_linear_in_the_weights():
    matrix, _, criteria = random_problem(7, 6, 4)
    kernel = prepare_kernel(matrix, criteria, method="mabac")
    w = draws(8, 4, size=20)
    w = w / w.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(batch_scores(kernel, w), w @ kernel.terms[0].T)


@pytest.mark.parametrize("method", ["codas", "cocoso", "electre2"])
def test_the_per_draw_arrays_stay_within_the_memory_budget(method):
    # CODAS, CoCoSo and ELECTRE II build draws x technologies x (technologies or criteria)
    # arrays: a batch of many draws is computed in slices that fit the budget.
    matrix, _, criteria = random_problem(9, 30, 12)
    kernel = prepare_kernel(matrix, criteria, method=method)
    budget = 4 * 2**20
    w = np.random.default_rng(0).dirichlet(np.ones(12), size=2000)
    tracemalloc.start()
    try:
        batch_scores(kernel, w, budget_bytes=budget)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak <= 2 * budget
