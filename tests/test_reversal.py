"""Tests for r57_mcda.sensitivity.reversal: the rank-invariance check around rank()."""

from __future__ import annotations

import json
from collections import Counter

import pandas as pd
import pytest

from r57_mcda.errors import MethodError
from r57_mcda.models import CriteriaSet, Criterion
from r57_mcda.ranking import rank
from r57_mcda.sensitivity.reversal import rank_reversal_check
from tests.helpers.problems import random_problem

#: Declared scale [1, 10]; the low scores let a worsening overshoot below 1 (then clipped).
CRITERIA = CriteriaSet(
    id="rr",
    name="rr",
    criteria=(
        Criterion(id="c0", name="c0", direction="benefit", scale=(1.0, 10.0)),
        Criterion(id="c1", name="c1", direction="cost", scale=(1.0, 10.0)),
        Criterion(id="c2", name="c2", direction="benefit", scale=(1.0, 10.0)),
    ),
)
MATRIX = pd.DataFrame(
    {
        "c0": [9.0, 1.2, 6.0, 4.0, 1.5],
        "c1": [3.0, 9.5, 2.0, 7.0, 5.0],
        "c2": [8.0, 1.1, 5.0, 9.0, 2.0],
    },
    index=["t0", "t1", "t2", "t3", "t4"],
)
WEIGHTS = pd.Series({"c0": 0.5, "c1": 0.2, "c2": 0.3})


def test_wsm_on_declared_scales_never_reverses():
    # With a declared scale a WSM score depends on its own row only: worsening one
    # technology can lower only its own score, so nothing else may move.
    result = rank_reversal_check(MATRIX, WEIGHTS, CRITERIA, method="wsm", repeat=3, seed=1)
    reference = rank(MATRIX, WEIGHTS, CRITERIA).ranks
    assert result.reference_ranks == tuple(reference)
    assert len(result.trials) == 4 * 3
    best = reference.idxmin()
    assert Counter(t.mutated for t in result.trials) == {t: 3 for t in MATRIX.index if t != best}
    assert result.changed == 0
    assert result.optimal_preservation_rate == 1.0
    assert result.summary() == (
        "Replacing a non-optimal technology by a worse one never changed the ranking: 0 of 12 "
        "trials (each non-optimal technology worsened 3 time(s), seed 1). Weighted sum "
        "(WSM / SAW) passed this rank-reversal test."
    )
    assert "trong cả 12 lần thử" in result.summary("vi")
    assert result.summary("vi") == (
        "Thay một công nghệ không tối ưu bằng một phương án kém hơn không làm thay đổi thứ hạng "
        "trong cả 12 lần thử (mỗi công nghệ không tối ưu được làm kém đi 3 lần, hạt giống ngẫu "
        "nhiên 1). Phương pháp Tổng có trọng số (WSM / SAW) vượt qua phép kiểm tra đảo hạng này."
    )
    assert result.message.code == "sens_reversal_unchanged"
    assert result.to_dict()["summary_vi"] == result.summary("vi")


def test_a_method_comparing_technologies_with_each_other_can_reverse():
    matrix, weights, criteria = random_problem(3, 6, 3)
    result = rank_reversal_check(matrix, weights, criteria, method="promethee2", repeat=2, seed=3)
    n = len(result.trials)
    assert n == 10
    changed = sum(t.best_changed or t.order_changed for t in result.trials)
    assert result.changed == changed > 0
    assert f"changed the ranking in {changed} of {n} trials with PROMETHEE II" in result.summary()
    assert f"{changed}/{n} lần thử" in result.summary("vi")
    for trial in result.trials:
        others = [i for i, t in enumerate(result.technologies) if t != trial.mutated]
        before = pd.Series([result.reference_ranks[i] for i in others]).rank(method="min")
        after = pd.Series([trial.ranks[i] for i in others]).rank(method="min")
        assert trial.order_changed == (not before.equals(after))


def test_the_same_seed_gives_the_same_trials():
    a = rank_reversal_check(MATRIX, WEIGHTS, CRITERIA, method="topsis", repeat=2, seed=5)
    b = rank_reversal_check(MATRIX, WEIGHTS, CRITERIA, method="topsis", repeat=2, seed=5)
    assert a.trials == b.trials
    pd.testing.assert_frame_equal(a.frame(), b.frame())


def test_scikit_criteria_backed_methods_run_through_rank():
    result = rank_reversal_check(MATRIX, WEIGHTS, CRITERIA, method="edas", seed=2)
    assert result.reference_ranks == tuple(rank(MATRIX, WEIGHTS, CRITERIA, method="edas").ranks)
    assert len(result.trials) == 4


def test_results_are_plain_data_and_tables():
    result = rank_reversal_check(MATRIX, WEIGHTS, CRITERIA, seed=1)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["summary_en"].startswith("Replacing a non-optimal technology")
    assert data["summary_vi"].startswith("Thay một công nghệ không tối ưu")
    assert len(data["trials"]) == 4
    frame = result.frame()
    assert list(frame.columns[:4]) == ["mutated", "iteration", "best_changed", "order_changed"]
    assert list(frame.columns[4:]) == list(MATRIX.index)


def test_bad_options_are_refused():
    with pytest.raises(MethodError, match="repeat"):
        rank_reversal_check(MATRIX, WEIGHTS, CRITERIA, repeat=0)
    with pytest.raises(MethodError, match="seed"):
        rank_reversal_check(MATRIX, WEIGHTS, CRITERIA, seed=-2)
    with pytest.raises(MethodError, match="at least 3"):
        rank_reversal_check(MATRIX.iloc[:2], WEIGHTS, CRITERIA)
