"""Tests for r57_mcda.weighting.ahp: eigenvector priorities, consistency ratio, AIJ combination."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from r57_mcda.errors import InputError, MethodError
from r57_mcda.weighting.ahp import (
    CR_THRESHOLD,
    RANDOM_INDEX,
    ahp_priorities,
    combine_judgments,
    pairwise_issues,
    random_index,
)

DRINKS = ["coffee", "wine", "tea", "beer", "sodas", "milk", "water"]
DRINKS_MATRIX: list[list[float]] = [
    [1, 9, 5, 2, 1, 1, 1 / 2],
    [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
    [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
    [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [1, 9, 4, 2, 1, 2, 1 / 2],
    [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [2, 9, 9, 3, 2, 3, 1],
]


def frame(rows: list[list[float]], ids: list[str] | None = None) -> pd.DataFrame:
    ids = ids or [chr(ord("a") + i) for i in range(len(rows))]
    return pd.DataFrame(np.array(rows, dtype=float), index=ids, columns=ids)


def consistent(weights: list[float]) -> pd.DataFrame:
    w = np.asarray(weights, dtype=float)
    return frame((w[:, None] / w[None, :]).tolist())


def test_random_index_is_saaty_2005_table() -> None:
    """RI(n), n = 1..15: Saaty, T. L. (2005), Theory and Applications of the Analytic Network
    Process, RWS Publications, p. 31 (values for n <= 10 as in Saaty 2008, Int. J. Services
    Sciences 1(1), 83-98)."""
    assert [RANDOM_INDEX[n] for n in range(1, 16)] == [
        0.0, 0.0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59,
    ]  # fmt: skip
    with pytest.raises(MethodError, match="n = 16"):
        random_index(16)


def test_saaty_2008_drinks_example() -> None:
    """Saaty, T. L. (2008), "Decision making with the analytic hierarchy process", Int. J.
    Services Sciences 1(1), 83-98, "Which drink is consumed more in the US?": printed
    priorities coffee .177, wine .019, tea .042, beer .116, sodas .190, milk .129, water .327,
    C.R. = .022 (matrix and values as reproduced in the AHPy test suite)."""
    result = ahp_priorities(frame(DRINKS_MATRIX, DRINKS))
    assert result.priorities.round(3).tolist() == [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
    assert list(result.priorities.index) == DRINKS
    assert round(result.cr, 3) == 0.022
    assert result.ri == 1.35
    assert result.lambda_max == pytest.approx(7.1766, abs=1e-4)
    assert result.ci == pytest.approx((result.lambda_max - 7) / 6)
    assert result.consistent
    assert not result.symmetrised


def test_consistent_matrix_recovers_weights_with_zero_cr() -> None:
    result = ahp_priorities(consistent([0.4, 0.3, 0.2, 0.1]))
    assert result.priorities.tolist() == pytest.approx([0.4, 0.3, 0.2, 0.1])
    assert result.lambda_max == pytest.approx(4.0)
    assert result.cr == pytest.approx(0.0, abs=1e-12)
    assert result.ri == 0.89


def test_cyclic_judgments_are_flagged_inconsistent() -> None:
    """Hand-computed: for a 3x3 matrix with a12 = a, a23 = b, a13 = c,
    lambda_max = 1 + (ab/c)^(1/3) + (c/(ab))^(1/3). With a = b = 9, c = 1/9 (a > b > c > a):
    lambda_max = 1 + 9 + 1/9, CI = (lambda_max - 3)/2 = 3.5556, CR = CI / 0.52 = 6.838."""
    result = ahp_priorities(frame([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]))
    assert result.lambda_max == pytest.approx(10 + 1 / 9)
    assert result.ci == pytest.approx(3.5556, abs=1e-4)
    assert result.cr == pytest.approx(6.838, abs=1e-3)
    assert result.cr > CR_THRESHOLD
    assert not result.consistent
    assert result.priorities.tolist() == pytest.approx([1 / 3] * 3)


def test_small_matrices_have_cr_zero() -> None:
    one = ahp_priorities(frame([[1]]))
    assert one.priorities.tolist() == [1.0]
    assert one.cr == 0.0
    two = ahp_priorities(frame([[1, 4], [1 / 4, 1]]))
    assert two.priorities.tolist() == pytest.approx([0.8, 0.2])
    assert two.cr == 0.0
    assert two.consistent


def test_rounded_reciprocals_are_symmetrised() -> None:
    exact = ahp_priorities(frame([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]))
    rounded = ahp_priorities(frame([[1, 3, 5], [0.333, 1, 2], [0.2, 0.5, 1]]))
    assert rounded.symmetrised
    assert not exact.symmetrised
    m = rounded.matrix.to_numpy()
    assert np.allclose(m * m.T, 1.0, rtol=0, atol=1e-12)
    # geometric mean of 3 and 1/0.333
    assert m[0, 1] == pytest.approx(np.sqrt(3 / 0.333))
    assert rounded.priorities.tolist() == pytest.approx(exact.priorities.tolist(), abs=1e-3)
    assert rounded.as_dict()["symmetrised"] is True


def test_columns_in_another_order_are_aligned() -> None:
    m = frame([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    shuffled = m[["c", "a", "b"]]
    assert ahp_priorities(shuffled).priorities.tolist() == pytest.approx(
        ahp_priorities(m).priorities.tolist()
    )


def test_every_problem_of_a_bad_matrix_is_reported() -> None:
    bad = frame([[2, 3, -1], [3, 1, np.nan], [1, 20, 1]])
    with pytest.raises(InputError) as info:
        ahp_priorities(bad)
    messages = [str(p) for p in info.value.problems]
    assert any("diagonal must be 1" in m and "row 'a'" in m for m in messages)
    assert any("positive number" in m and "'c'" in m for m in messages)  # -1 at (a, c)
    assert any("positive number" in m and "nan" in m for m in messages)  # NaN at (b, c)
    assert any("outside Saaty's scale" in m for m in messages)  # 20 at (c, b)
    assert any("not the reciprocal" in m for m in messages)  # 3 and 3 at (a, b)/(b, a)
    assert len(messages) == 5


def test_structure_problems() -> None:
    not_square = pd.DataFrame([[1.0, 2.0]], index=["a"], columns=["a", "b"])
    issues = pairwise_issues(not_square)
    assert [i.message for i in issues] == ["column id(s) without a row: b"]
    with pytest.raises(InputError, match="empty"):
        ahp_priorities(pd.DataFrame())


def test_combine_two_judges_by_geometric_mean() -> None:
    """Hand-computed AIJ: judge 1 a12=3, a13=9, a23=3; judge 2 a12=1/3, a13=1, a23=3:
    sqrt(3 * 1/3) = 1, sqrt(9 * 1) = 3, sqrt(3 * 3) = 3."""
    j1 = frame([[1, 3, 9], [1 / 3, 1, 3], [1 / 9, 1 / 3, 1]])
    j2 = frame([[1, 1 / 3, 1], [3, 1, 3], [1, 1 / 3, 1]])
    combined = combine_judgments([j1, j2])
    assert combined.to_numpy() == pytest.approx(np.array([[1, 1, 3], [1, 1, 3], [1 / 3, 1 / 3, 1]]))
    weighted = combine_judgments([j1, j2], weights=[3, 1])
    assert weighted.at["a", "b"] == pytest.approx(3**0.75 * (1 / 3) ** 0.25)  # sqrt(3)
    assert weighted.at["b", "a"] == pytest.approx(1 / np.sqrt(3))


def test_combine_aligns_ids_and_reports_problems() -> None:
    j1 = frame([[1, 2], [1 / 2, 1]])
    j2 = j1.loc[["b", "a"], ["b", "a"]]
    assert combine_judgments([j1, j2]).to_numpy() == pytest.approx(j1.to_numpy())
    other = frame([[1, 2], [1 / 2, 1]], ["a", "x"])
    with pytest.raises(InputError, match="expert2 compares a, x"):
        combine_judgments([j1, other], names=["expert1", "expert2"])
    with pytest.raises(InputError, match="member 2: row 'a'"):
        combine_judgments([j1, frame([[1, 2], [2, 1]])])
    with pytest.raises(InputError, match="member weights"):
        combine_judgments([j1, j1], weights=[1, -1])
    with pytest.raises(InputError, match="no pairwise"):
        combine_judgments([])


def test_a_member_problem_reads_in_vietnamese_with_the_decimal_comma() -> None:
    j1 = frame([[1, 2], [1 / 2, 1]])
    with pytest.raises(InputError) as info:
        combine_judgments([j1, frame([[1, 2.5], [2.5, 1]])])
    (problem,) = info.value.problems
    assert problem.message == (
        "member 2: row 'a': 2.5 is not the reciprocal of the judgment 2.5 in row 'b', "
        "column 'a' (expected 0.4; write fractions as 1/3)"
    )
    assert problem.text("vi") == (
        "thành viên 2: dòng 'a': 2,5 không phải là nghịch đảo của nhận định 2,5 ở dòng 'b', "
        "cột 'a' (cần 0,4; hãy viết phân số dạng 1/3)"
    )


SAATY = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9, 2, 1 / 2, 4, 1 / 4]


@st.composite
def reciprocal_matrices(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(1, 9))
    m = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            m[i, j] = draw(st.sampled_from(SAATY))
            m[j, i] = 1 / m[i, j]
    return frame(m.tolist())


@settings(max_examples=50, deadline=None)
@given(reciprocal_matrices())
def test_priorities_are_a_positive_distribution(matrix: pd.DataFrame) -> None:
    result = ahp_priorities(matrix)
    assert result.priorities.sum() == pytest.approx(1.0)
    assert (result.priorities > 0).all()
    assert result.lambda_max >= len(matrix) - 1e-9
    assert result.cr >= 0
    assert result.consistent == (result.cr <= 0.10)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.12, 1.0), min_size=2, max_size=9))  # ratios stay within 1/9..9
def test_consistent_matrices_have_cr_zero(weights: list[float]) -> None:
    result = ahp_priorities(consistent(weights))
    total = sum(weights)
    assert result.priorities.tolist() == pytest.approx([w / total for w in weights])
    assert result.cr == pytest.approx(0.0, abs=1e-9)


def _abc_criteria():
    from r57_mcda.models import CriteriaSet, Criterion

    return CriteriaSet(
        id="t",
        name="t",
        criteria=tuple(Criterion(id=c, name=c, direction="benefit") for c in "abc"),
    )


def test_symmetrised_judge_is_recorded_in_the_panel_details_and_warned():
    """Issue 9: the AIJ matrix is reciprocal by construction, so a judge's rounded reciprocals
    used to be corrected without a trace in the weights' details."""
    from r57_mcda.weighting.ahp_weights import ahp_warnings, ahp_weights, consistency_rows

    rounded = frame([[1, 3, 5], [0.333, 1, 2], [0.2, 0.5, 1]])
    rounded.attrs.update(name="anna", file="anna.csv")
    exact = consistent([0.5, 0.3, 0.2])
    exact.attrs.update(name="binh", file="binh.csv")
    weights = ahp_weights([rounded, exact], _abc_criteria())
    details = weights.details
    assert details["symmetrised"] is True
    assert details["symmetrised_matrices"] == ["anna.csv"]
    assert [m["symmetrised"] for m in details["members"]] == [True, False]
    assert details["name"] == "anna.csv + binh.csv"
    warned = ahp_warnings(weights)
    assert [(p.code, p.params["matrix"]) for p in warned] == [("ahp_symmetrised", "anna.csv")]
    assert [r["matrix"] for r in consistency_rows(weights)] == [
        "anna.csv + binh.csv",
        "anna.csv",
        "binh.csv",
    ]


def test_inconsistent_judgments_of_a_spec_are_warned_with_their_scope_and_cr():
    from r57_mcda.weighting.ahp_weights import ahp_warnings, ahp_weights_from_judgments

    cells = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]
    top = {r: dict(zip("abc", row, strict=True)) for r, row in zip("abc", cells, strict=True)}
    weights = ahp_weights_from_judgments({"top": top}, _abc_criteria())
    assert weights.details["cr"] > CR_THRESHOLD
    (warning,) = ahp_warnings(weights)
    assert warning.code == "ahp_cr_too_high" and warning.severity == "warning"
    assert warning.params["matrix"] == "weights.pairwise.top"
    assert f"CR {weights.details['cr']:.3f} > 0.10" in warning.text()
    assert "CR" in warning.text("vi") and "không nhất quán" in warning.text("vi")


def test_consistent_direct_judgments_give_no_warning():
    from r57_mcda.weighting.ahp_weights import ahp_warnings, ahp_weights

    weights = ahp_weights(consistent([0.5, 0.3, 0.2]), _abc_criteria())
    assert ahp_warnings(weights) == ()
    assert weights.details["symmetrised"] is False
