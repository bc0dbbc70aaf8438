"""Tests for r57_mcda.ranking.kernels: batch scores and ranks equal rank() on every draw."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from r57_mcda.errors import MethodError
from r57_mcda.models import CriteriaSet, Criterion
from r57_mcda.ranking import list_methods, rank
from r57_mcda.ranking.kernels import (
    KERNEL_METHODS,
    batch_ranks,
    batch_scores,
    chunk_rows,
    has_kernel,
    prepare_kernel,
)
from r57_mcda.ranking.kernels_external import EXTERNAL_KERNELS
from r57_mcda.ranking.ties import competition_ranks
from tests.helpers.problems import random_problem


def weight_draws(seed: int, m: int, size: int = 300) -> np.ndarray:
    """Uniform draws on the simplex, a tenth of them with one criterion at weight 0."""
    rng = np.random.default_rng(seed)
    draws = rng.dirichlet(np.ones(m), size=size)
    zeroed = rng.integers(0, m, size=size // 10)
    draws[np.arange(size // 10), zeroed] = 0.0
    return draws


PROBLEMS = [
    {"seed": 1, "n": 7, "m": 4, "scales": False},
    {"seed": 2, "n": 12, "m": 6, "scales": True},
    {"seed": 3, "n": 4, "m": 3, "scales": False},
]


# The scikit-criteria-backed methods' kernels are cross-checked in test_kernels_external.py.
NUMPY_KERNELS = [m for m in KERNEL_METHODS if m not in EXTERNAL_KERNELS]


@pytest.mark.parametrize("method", NUMPY_KERNELS)
@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda p: f"seed{p['seed']}")
def test_kernel_equals_rank_on_every_draw(method, problem):
    matrix, _, criteria = random_problem(
        problem["seed"], problem["n"], problem["m"], scales=problem["scales"]
    )
    kernel = prepare_kernel(matrix, criteria, method=method)
    draws = weight_draws(problem["seed"] + 100, problem["m"])
    scores = batch_scores(kernel, draws)
    ranks = batch_ranks(scores, higher_is_better=kernel.higher_is_better)
    assert scores.shape == ranks.shape == (len(draws), problem["n"])
    for row, w in enumerate(draws):
        single = rank(matrix, pd.Series(w, index=matrix.columns), criteria, method=method)
        np.testing.assert_allclose(scores[row], single.scores.to_numpy(), rtol=1e-9, atol=1e-9)
        np.testing.assert_array_equal(ranks[row], single.ranks.to_numpy())


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("vikor", {"v": 0.2}),
        (
            "promethee2",
            {
                "functions": {"c0": "linear", "c1": "vshape", "c2": "gaussian"},
                "thresholds": {"c0": {"q": 0.5, "p": 3.0}, "c1": {"p": 2.0}, "c2": {"s": 1.5}},
            },
        ),
    ],
)
def test_kernel_parameters_are_those_of_rank(method, params):
    matrix, _, criteria = random_problem(5, 6, 4)
    kernel = prepare_kernel(matrix, criteria, method=method, params=params)
    draws = weight_draws(6, 4, size=40)
    scores = batch_scores(kernel, draws)
    for row, w in enumerate(draws):
        single = rank(
            matrix, pd.Series(w, index=matrix.columns), criteria, method=method, params=params
        )
        np.testing.assert_allclose(scores[row], single.scores.to_numpy(), rtol=1e-9, atol=1e-9)
    assert dict(kernel.params) == {k: v for k, v in single.params.items() if k in kernel.params}


def test_wsm_kernel_is_a_matrix_product_of_the_value_scores():
    # Hand-computed: values on [0, 10] scaled to 0-1, cost reversed: A = (1, 1), B = (0.5, 0.2).
    criteria = CriteriaSet(
        id="s",
        name="s",
        criteria=(
            Criterion(id="gain", name="gain", direction="benefit", scale=(0.0, 10.0)),
            Criterion(id="cost", name="cost", direction="cost", scale=(0.0, 10.0)),
        ),
    )
    matrix = pd.DataFrame({"gain": [10.0, 5.0], "cost": [0.0, 8.0]}, index=["A", "B"])
    kernel = prepare_kernel(matrix, criteria, method="wsm")
    scores = batch_scores(kernel, [[1.0, 0.0], [0.5, 0.5], [1.0, 3.0]])
    np.testing.assert_allclose(scores, [[100.0, 50.0], [100.0, 35.0], [100.0, 27.5]])


def test_weight_rows_are_normalised_like_rank():
    matrix, _, criteria = random_problem(7)
    kernel = prepare_kernel(matrix, criteria, method="topsis")
    w = np.array([1.0, 2.0, 3.0, 4.0])
    np.testing.assert_allclose(batch_scores(kernel, w), batch_scores(kernel, w / 10.0))


def test_competition_ranks_with_ties_and_rounding():
    scores = np.array(
        [
            [3.0, 1.0, 3.0, 2.0],
            [1.0, 1.0 + 1e-14, 0.5, 0.5],  # equal after rounding to 12 significant digits
            [1.0, 1.0 + 1e-9, 1.0, 0.0],  # not equal
        ]
    )
    np.testing.assert_array_equal(
        batch_ranks(scores, higher_is_better=True), [[1, 4, 1, 3], [1, 1, 3, 3], [2, 1, 2, 4]]
    )
    np.testing.assert_array_equal(
        batch_ranks(scores, higher_is_better=False), [[3, 1, 3, 2], [3, 3, 1, 1], [2, 4, 2, 1]]
    )


@settings(max_examples=50, deadline=None)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 6), st.integers(1, 9)),
        elements=st.sampled_from([0.0, -1.0, 1.0, 1.0 + 1e-13, 2.5, 1e-20, -1e-20, 123.456]),
    ),
    st.booleans(),
)
def test_batch_ranks_equal_competition_ranks(scores, higher):
    ranks = batch_ranks(scores, higher_is_better=higher)
    for row, values in zip(ranks, scores, strict=True):
        expected, _ = competition_ranks(pd.Series(values), higher_is_better=higher)
        np.testing.assert_array_equal(row, expected.to_numpy())


def test_weight_only_on_a_constant_criterion_ties_everyone():
    matrix, _, criteria = random_problem(8, 5, 3)
    matrix["c2"] = 4.0
    kernel = prepare_kernel(matrix, criteria, method="topsis")
    ranks = batch_ranks(batch_scores(kernel, [0.0, 0.0, 1.0]), higher_is_better=True)
    np.testing.assert_array_equal(ranks, [[1, 1, 1, 1, 1]])


@pytest.mark.parametrize("method", ["topsis", "vikor"])
def test_a_chunk_stays_within_the_memory_budget(method):
    # A million draws on 50 technologies must not be one batch: the chunk fits the budget.
    matrix, _, criteria = random_problem(9, 50, 15)
    kernel = prepare_kernel(matrix, criteria, method=method)
    budget = 4 * 2**20
    rows = chunk_rows(kernel, budget_bytes=budget)
    assert 100 < rows < 1_000_000
    draws = np.random.default_rng(0).dirichlet(np.ones(15), size=rows)
    tracemalloc.start()
    try:
        scores = batch_scores(kernel, draws, budget_bytes=budget)
        batch_ranks(scores, higher_is_better=kernel.higher_is_better)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak <= budget


def test_every_method_has_a_kernel():
    matrix, _, criteria = random_problem(10)
    assert all(has_kernel(info.id) for info in list_methods())
    assert not has_kernel("nope")
    with pytest.raises(MethodError, match="Unknown ranking method"):
        prepare_kernel(matrix, criteria, method="nope")


def test_bad_weight_rows_are_refused():
    matrix, _, criteria = random_problem(11)
    kernel = prepare_kernel(matrix, criteria, method="wsm")
    with pytest.raises(MethodError, match="4 entries"):
        batch_scores(kernel, [0.5, 0.5])
    with pytest.raises(MethodError, match="non-negative"):
        batch_scores(kernel, [0.5, 0.5, 0.5, -0.1])
    with pytest.raises(MethodError, match="not all zero"):
        batch_scores(kernel, [0.0, 0.0, 0.0, 0.0])


def test_method_checks_are_those_of_rank():
    matrix, _, criteria = random_problem(12)
    matrix.iloc[0, 0] = 0.0
    with pytest.raises(MethodError, match="greater than zero"):
        prepare_kernel(matrix, criteria, method="wpm")
    arrays_before = matrix.copy()
    prepare_kernel(matrix, criteria, method="wsm")
    pd.testing.assert_frame_equal(matrix, arrays_before)
