"""Competition ranks and the tie rule (12 significant digits of the largest magnitude)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from r57_mcda.ranking.kernels import batch_ranks
from r57_mcda.ranking.ties import competition_ranks, tie_keys, tie_quantum


def test_competition_ranks_share_the_best_rank_and_flag_ties() -> None:
    ranks, tied = competition_ranks(
        pd.Series([0.9, 0.5, 0.5, 0.1], list("abcd")), higher_is_better=True
    )
    assert ranks.tolist() == [1, 2, 2, 4]
    assert tied.tolist() == [False, True, True, False]
    ranks, _ = competition_ranks(pd.Series([3.0, 1.0, 1.0]), higher_is_better=False)
    assert ranks.tolist() == [3, 1, 1]


def test_float_noise_around_zero_is_a_tie() -> None:
    """PROMETHEE net flows of two equivalent technologies: -5.6e-17 and 0.0 (summation order)."""
    scores = pd.Series(
        [-0.7333333333333333, 0.0667, -5.551115123125783e-17, 0.0, 0.4], list("abcde")
    )
    ranks, tied = competition_ranks(scores, higher_is_better=True)
    assert ranks["c"] == ranks["d"] == 3
    assert tied["c"] and tied["d"]


def test_twelve_significant_digits_of_the_largest_magnitude() -> None:
    assert tie_quantum(74.5) == pytest.approx(1e-10)
    keys = tie_keys([74.54170000000001, 74.5417, 74.5418])
    assert keys[0] == keys[1] != keys[2]
    assert tie_keys([0.0, 0.0]).tolist() == [0.0, 0.0]


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.sampled_from([0.0, 1e-17, -1e-17, 0.25, 0.25 + 1e-15, 0.5, -0.5, 1.0]),
        min_size=2,
        max_size=12,
    ),
    st.booleans(),
)
def test_batch_ranks_equal_competition_ranks(values: list[float], higher: bool) -> None:
    expected, _ = competition_ranks(pd.Series(values), higher_is_better=higher)
    assert batch_ranks(np.array([values]), higher_is_better=higher)[0].tolist() == expected.tolist()
