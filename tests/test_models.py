"""Tests for r57_mcda.models: the shortlist rule (``Ranking.top`` and ``top_k``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from r57_mcda.errors import MethodError
from r57_mcda.models import Ranking, top_k
from r57_mcda.ranking import rank
from tests.helpers.problems import CRITERIA, HAND


def ranking_of(ranks: dict[str, int]) -> Ranking:
    """A Ranking whose scores are minus its ranks (so the ranks are consistent)."""
    r = pd.Series(ranks, dtype=int)
    return Ranking(
        method="test",
        scores=-r.astype(float),
        higher_is_better=True,
        ranks=r,
        tied=r.duplicated(keep=False),
        weights=pd.Series({"c1": 1.0}),
    )


#: Input order d, a, c, e, b; ranks a 1, b 2, c 2, d 4, e 5 (b and c tie for second).
TIED = ranking_of({"d": 4, "a": 1, "c": 2, "e": 5, "b": 2})


def test_top_is_rank_order_then_input_order() -> None:
    assert TIED.top(1) == ["a"]
    assert TIED.top(3) == ["a", "c", "b"]  # c comes before b in the input
    assert TIED.top(4) == ["a", "c", "b", "d"]


def test_a_tie_across_the_boundary_is_kept_whole() -> None:
    shortlist = TIED.top(2)
    assert shortlist == ["a", "c", "b"]
    assert len(shortlist) > 2


def test_k_larger_than_the_list_keeps_everyone() -> None:
    assert TIED.top(5) == TIED.order()
    assert TIED.top(50) == ["a", "c", "b", "d", "e"]


@pytest.mark.parametrize("k", [0, -1, 2.0, True, "3", None])
def test_k_must_be_a_whole_number_of_at_least_one(k: object) -> None:
    with pytest.raises(MethodError, match="top k must be a whole number of at least 1"):
        TIED.top(k)  # type: ignore[arg-type]


def test_numpy_integers_are_whole_numbers() -> None:
    assert TIED.top(np.int64(1)) == ["a"]  # type: ignore[arg-type]


def test_top_of_a_real_ranking_and_of_bare_ranks_agree() -> None:
    ranking = rank(HAND, pd.Series({"c1": 0.5, "c2": 0.5}), CRITERIA)
    for k in (1, 2, 3, 4):
        assert ranking.top(k) == top_k(ranking.ranks, k)
        assert ranking.top(k) == [t for t in ranking.order() if ranking.ranks[t] <= k]
    # A = 0.5, B = 0.55, C = 0.5: B first, then A and C tied (input order).
    assert ranking.top(2) == ["B", "A", "C"]
