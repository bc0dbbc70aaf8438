"""Tests for r57_mcda.sensitivity.robustness: top-k agreement across ranking methods."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from r57_mcda.errors import MethodError
from r57_mcda.ranking import rank
from r57_mcda.sensitivity import top_k_across_methods
from tests.helpers.problems import CRITERIA

#: On [0, 10], equal weights: WSM gives A 0.55, B 0.6, C 0.5 (B first, A second), while
#: TOPSIS puts C second and PROMETHEE II ties A with B; D is dominated by everyone.
MATRIX = pd.DataFrame(
    {"c1": [10.0, 7.0, 0.0, 0.0], "c2": [1.0, 5.0, 10.0, 0.5]}, index=["A", "B", "C", "D"]
)
WEIGHTS = pd.Series({"c1": 0.5, "c2": 0.5})
METHODS = ["wsm", "topsis", "vikor", "promethee2"]


def test_top_sets_and_counts_follow_each_methods_ranking():
    result = top_k_across_methods(MATRIX, WEIGHTS, CRITERIA, methods=METHODS, top_k=2)
    for method in METHODS:
        ranks = rank(MATRIX, WEIGHTS, CRITERIA, method=method).ranks
        assert set(result.top_sets[method]) == set(ranks.index[ranks <= 2])
        assert result.top_sets[method][0] in set(ranks.index[ranks == 1])
    assert result.top_sets["wsm"] == ("B", "A")
    assert result.top_sets["topsis"] == ("B", "C")
    assert result.counts == {"A": 3, "B": 4, "C": 1, "D": 0}
    assert (result.in_all, result.in_some, result.in_none) == (("B",), ("A", "C"), ("D",))
    assert all(result.counts[t] == 4 for t in result.in_all)
    assert all(0 < result.counts[t] < 4 for t in result.in_some)
    assert result.failed == {}


def test_a_method_that_cannot_rank_is_listed_not_counted():
    matrix = MATRIX.copy()
    matrix.loc["D", "c1"] = 0.0  # WPM needs positive values: C and D have 0 on c1
    result = top_k_across_methods(matrix, WEIGHTS, CRITERIA, methods=["wsm", "wpm"], top_k=1)
    assert list(result.top_sets) == ["wsm"]
    assert "greater than zero" in str(result.failed["wpm"])
    assert result.in_all == ("B",)
    assert result.counts == {"A": 0, "B": 1, "C": 0, "D": 0}


def test_results_are_plain_data_and_tables():
    result = top_k_across_methods(MATRIX, WEIGHTS, CRITERIA, methods=["wsm", "topsis"], top_k=1)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["methods"] == ["wsm", "topsis"]
    frame = result.frame()
    assert list(frame.columns) == ["wsm", "topsis", "methods"]
    assert frame.loc["B", "wsm"] and frame.loc["B", "methods"] == result.counts["B"]


def test_bad_options_are_refused():
    with pytest.raises(MethodError, match="at least one method"):
        top_k_across_methods(MATRIX, WEIGHTS, CRITERIA, methods=[])
    with pytest.raises(MethodError, match="Unknown ranking method"):
        top_k_across_methods(MATRIX, WEIGHTS, CRITERIA, methods=["wsm", "magic"])
