"""Tests for r57_mcda.io.validation: one test per check, located problems, order invariance."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from r57_mcda.errors import InputError, Problem, raise_if_errors
from r57_mcda.io.duplicates import duplicate_ids
from r57_mcda.io.validation import validate_matrix, validate_panel
from r57_mcda.models import SCORE_COLUMNS, CriteriaSet, Criterion, Expert, Technology

CRITERIA = CriteriaSet(
    id="test_set",
    name="Test set",
    criteria=(
        Criterion("autonomy", "Autonomy", "benefit", scale=(1.0, 5.0)),
        Criterion("investment_cost", "Investment cost", "cost"),
    ),
    source="criteria.toml",
)
TECHS = (Technology("ai", "Trí tuệ nhân tạo"), Technology("chips", "Bán dẫn"))
EXPERTS = (Expert("e1", "E1"), Expert("e2", "E2"), Expert("e3", "E3"))
SOURCES = {
    "criteria": "criteria.toml",
    "technologies": "technologies.csv",
    "experts": "experts.csv",
    "scores": "scores.csv",
}
Row = tuple[str, str, str, object]


def full_rows() -> list[Row]:
    """Every expert scores every technology on every criterion (3 x 2 x 2 = 12 rows)."""
    return [
        (e.id, t.id, c, 1 + (i % 5))
        for i, (e, t, c) in enumerate(
            (e, t, c) for e in EXPERTS for t in TECHS for c in CRITERIA.ids
        )
    ]


def frame(rows: list[Row], *, file: str = "scores.csv", sheet: str = "") -> pd.DataFrame:
    """A long score table as the readers return it; row k sits on spreadsheet row k + 2."""
    records = []
    for k, (expert, technology, criterion, score) in enumerate(rows):
        missing = isinstance(score, float) and math.isnan(score)
        records.append(
            {
                "expert": expert,
                "technology": technology,
                "criterion": criterion,
                "score": score,
                "abstention": "NA" if missing else "",
                "confidence": math.nan,
                "comment": "",
                "source_file": file,
                "source_sheet": sheet,
                "source_row": k + 2,
            }
        )
    return pd.DataFrame(records, columns=list(SCORE_COLUMNS))


def check(rows: list[Row], *, quorum: int = 3) -> tuple[Problem, ...]:
    return validate_panel(CRITERIA, TECHS, EXPERTS, frame(rows), quorum=quorum, sources=SOURCES)


def errors(problems: tuple[Problem, ...], match: str) -> list[Problem]:
    """The errors, after checking that they raise an InputError matching ``match``."""
    with pytest.raises(InputError, match=match) as excinfo:
        raise_if_errors(problems)
    return list(excinfo.value.errors)


def test_a_complete_panel_has_no_problems() -> None:
    assert check(full_rows()) == ()


def test_unknown_technology_is_reported_once_at_its_first_row_with_the_count() -> None:
    rows = [*full_rows(), ("e1", "ai_x", "autonomy", 3), ("e2", "ai_x", "autonomy", 4)]
    [problem] = errors(check(rows), "unknown technology 'ai_x'")
    assert problem == Problem(
        "input_unknown_technology_rows",
        "scores.csv",
        None,
        14,
        "technology",
        params={"value": "ai_x", "n": 2, "where": "technologies.csv"},
    )
    assert problem.message == (
        "unknown technology 'ai_x' (2 rows): not in technologies.csv; "
        "check the spelling or add it there"
    )
    assert problem.text("vi") == (
        "công nghệ 'ai_x' (2 dòng) không có trong technologies.csv; "
        "hãy kiểm tra chính tả hoặc bổ sung vào đó"
    )


def test_unknown_criterion_and_expert() -> None:
    rows = [*full_rows(), ("e1", "ai", "autonomyy", 3), ("e9", "ai", "autonomy", 3)]
    found = errors(check(rows), "unknown criterion 'autonomyy'")
    assert [(p.row, p.column, p.message) for p in found] == [
        (
            14,
            "criterion",
            "unknown criterion 'autonomyy': not in criteria.toml; "
            "check the spelling or add it there",
        ),
        (
            15,
            "expert",
            "unknown expert 'e9': not in experts.csv; check the spelling or add it there",
        ),
    ]


def test_duplicate_rows_are_reported_at_both_rows() -> None:
    rows = [*full_rows(), ("e1", "ai", "autonomy", 4)]
    found = errors(check(rows), "scored technology 'ai' on criterion 'autonomy' more than once")
    assert [(p.file, p.row, p.column) for p in found] == [
        ("scores.csv", 2, None),
        ("scores.csv", 14, None),
    ]
    assert "(also at scores.csv, row 14)" in found[0].message
    assert "(also at scores.csv, row 2)" in found[1].message


def test_duplicates_across_two_files_name_the_other_file_and_sheet() -> None:
    first = frame(full_rows())
    second = frame([("e1", "ai", "autonomy", 2)], file="e1.xlsx", sheet="e1")
    scores = pd.concat([first, second], ignore_index=True)
    found = errors(validate_panel(CRITERIA, TECHS, EXPERTS, scores), "more than once")
    assert [(p.file, p.sheet, p.row) for p in found] == [
        ("scores.csv", None, 2),
        ("e1.xlsx", "e1", 2),
    ]
    assert "also at e1.xlsx, sheet 'e1', row 2" in found[0].message


def test_non_numeric_score() -> None:
    rows = full_rows()
    rows[3] = (*rows[3][:3], "high")
    [problem] = errors(check(rows), "score 'high' is not a number")
    assert (problem.row, problem.column) == (5, "score")


def test_missing_score_without_a_reason() -> None:
    scores = frame(full_rows())
    scores.loc[2, "score"] = math.nan
    problems = validate_panel(CRITERIA, TECHS, EXPERTS, scores, sources=SOURCES)
    [problem] = errors(problems, "score is missing without a reason")
    assert (problem.file, problem.row, problem.column) == ("scores.csv", 4, "score")


def test_score_outside_the_declared_scale() -> None:
    rows = full_rows()
    rows[0] = ("e1", "ai", "autonomy", 7.0)
    rows[2] = ("e1", "chips", "autonomy", 0.5)
    rows[1] = ("e1", "ai", "investment_cost", 1e6)  # no declared scale: not checked
    found = errors(check(rows), "score 7 is outside the scale 1-5 of criterion 'autonomy'")
    assert [(p.row, p.column, p.message) for p in found] == [
        (2, "score", "score 7 is outside the scale 1-5 of criterion 'autonomy'"),
        (4, "score", "score 0.5 is outside the scale 1-5 of criterion 'autonomy'"),
    ]


def test_empty_score_table() -> None:
    [problem] = errors(check([]), "no scores")
    assert problem.file == "scores.csv"


def test_missing_score_columns() -> None:
    scores = frame(full_rows()).drop(columns=["abstention", "source_row"])
    problems = validate_panel(CRITERIA, TECHS, EXPERTS, scores, sources=SOURCES)
    [problem] = errors(problems, "lacks the columns abstention, source_row")
    assert problem.file == "scores.csv"


def test_duplicate_technology_and_expert_ids() -> None:
    techs = (*TECHS, Technology("ai", "again"))
    experts = (*EXPERTS, Expert("e2", "again"))
    problems = validate_panel(CRITERIA, techs, experts, frame(full_rows()), sources=SOURCES)
    found = errors(problems, "technology id 'ai' appears more than once")
    assert [(p.file, p.column, p.message) for p in found] == [
        (
            "technologies.csv",
            "id",
            "technology id 'ai' appears more than once (2 times); ids must be unique",
        ),
        (
            "experts.csv",
            "id",
            "expert id 'e2' appears more than once (2 times); ids must be unique",
        ),
    ]


def test_duplicate_ids_with_rows_point_at_each_other() -> None:
    found = duplicate_ids(["a", "b", "a", ""], what="expert", file="x.csv", rows=[2, 3, 5, 6])
    assert [(p.row, p.message) for p in found] == [
        (2, "expert id 'a' appears more than once (also row 5); ids must be unique"),
        (5, "expert id 'a' appears more than once (also row 2); ids must be unique"),
    ]


def test_criterion_nobody_scored() -> None:
    rows = [r for r in full_rows() if r[2] != "investment_cost"]
    rows += [("e1", "ai", "investment_cost", math.nan)]
    [problem] = errors(check(rows), "nobody scored criterion 'investment_cost'")
    assert (problem.file, problem.row) == ("scores.csv", None)


def test_technology_nobody_scored() -> None:
    rows = [r for r in full_rows() if r[1] != "chips"]
    [problem] = errors(check(rows), "nobody scored technology 'chips'")
    assert (problem.file, problem.severity) == ("scores.csv", "error")


def test_cells_below_the_quorum_are_warnings_per_technology() -> None:
    rows = [r for r in full_rows() if not (r[0] == "e3" and r[1] == "ai")]
    rows = [r for r in rows if not (r[0] == "e2" and r[1] == "ai" and r[2] == "autonomy")]
    problems = check(rows)
    assert [(p.severity, p.file, p.message) for p in problems] == [
        (
            "warning",
            "scores.csv",
            "technology 'ai' is scored by fewer than 3 experts on 2 criteria: "
            "autonomy (1), investment_cost (2)",
        )
    ]
    raise_if_errors(problems)  # warnings alone do not raise


def test_quorum_is_configurable() -> None:
    rows = [r for r in full_rows() if r[0] != "e3"]
    problems = check(rows, quorum=2)
    assert [p.message for p in problems] == ["expert 'e3' has no scores"]
    assert check(rows, quorum=1) == problems
    assert len(check(rows, quorum=3)) == 3  # e3 idle, and both technologies thin


def test_quorum_below_one_is_refused() -> None:
    with pytest.raises(InputError, match="quorum must be at least 1"):
        check(full_rows(), quorum=0)


def test_abstentions_do_not_count_towards_the_quorum() -> None:
    rows = full_rows()
    rows[0] = ("e1", "ai", "autonomy", math.nan)
    [problem] = check(rows)
    assert problem.severity == "warning"
    assert problem.message.endswith("on 1 criteria: autonomy (2)")


@settings(max_examples=50, deadline=None)
@given(st.permutations(range(15)), st.integers(0, 2))
def test_row_order_does_not_change_the_problems(order: list[int], bad: int) -> None:
    rows = full_rows()
    rows += [("e1", "ai", "autonomy", 9), ("e1", "ai_x", "autonomy", 3), (f"e{bad}", "ai", "x", 1)]
    scores = frame(rows)
    shuffled = scores.iloc[order].reset_index(drop=True)
    before = validate_panel(CRITERIA, TECHS, EXPERTS, scores, sources=SOURCES)
    after = validate_panel(CRITERIA, TECHS, EXPERTS, shuffled, sources=SOURCES)
    assert len(before) == (6 if bad == 0 else 5)  # expert e0 is unknown
    assert set(before) == set(after)


# --- matrix --------------------------------------------------------------------------------


def matrix(values: dict[str, list[object]], index: list[str]) -> pd.DataFrame:
    return pd.DataFrame(values, index=pd.Index(index, name="technology"), dtype=object)


def test_a_complete_matrix_has_no_problems() -> None:
    m = matrix({"autonomy": [4.5, 3.0], "investment_cost": [1.0, 2.0]}, ["ai", "chips"])
    assert validate_matrix(m, CRITERIA, file="m.csv") == ()


def test_matrix_nan_and_non_numeric_cells_are_located() -> None:
    m = matrix({"autonomy": [np.nan, "high"], "investment_cost": [1.0, np.inf]}, ["ai", "chips"])
    problems = validate_matrix(m, CRITERIA, file="m.csv", sheet="s", rows=[3, 5])
    found = errors(problems, "no value for technology 'ai' on criterion 'autonomy'")
    assert [(p.file, p.sheet, p.row, p.column, p.message) for p in found] == [
        ("m.csv", "s", 3, "autonomy", "no value for technology 'ai' on criterion 'autonomy'"),
        ("m.csv", "s", 5, "autonomy", "value 'high' for technology 'chips' is not a number"),
        ("m.csv", "s", 5, "investment_cost", "value 'inf' for technology 'chips' is not a number"),
    ]


def test_matrix_missing_and_unknown_columns() -> None:
    m = matrix({"autonomy": [4.0], "budget": [3.0]}, ["ai"])
    problems = validate_matrix(m, CRITERIA, file="m.csv")
    assert [(p.severity, p.column, p.message) for p in problems] == [
        (
            "error",
            "investment_cost",
            "missing column 'investment_cost': every criterion of 'test_set' needs a column",
        ),
        ("warning", "budget", "column 'budget' is not a criterion of 'test_set'; it is ignored"),
    ]
    errors(problems, "missing column 'investment_cost'")


def test_matrix_duplicate_technologies_at_both_rows() -> None:
    m = matrix({"autonomy": [4.0, 3.0], "investment_cost": [1.0, 2.0]}, ["ai", "ai"])
    found = errors(validate_matrix(m, CRITERIA, file="m.csv", rows=[2, 4]), "appears more")
    assert [(p.row, p.column) for p in found] == [(2, "technology"), (4, "technology")]


def test_matrix_without_rows() -> None:
    m = matrix({"autonomy": [], "investment_cost": []}, [])
    [problem] = errors(validate_matrix(m, CRITERIA, file="m.csv"), "has no technologies")
    assert problem.file == "m.csv"


def test_matrix_rows_of_the_wrong_length_are_not_used() -> None:
    m = matrix({"autonomy": [np.nan], "investment_cost": [1.0]}, ["ai"])
    [problem] = validate_matrix(m, CRITERIA, file="m.csv", rows=[2, 3])
    assert problem.row is None


def test_matrix_without_criteria_checks_every_column() -> None:
    m = matrix({"a": [1.0], "b": ["x"]}, ["ai"])
    [problem] = validate_matrix(m, None, file="m.csv")
    assert (problem.column, problem.message) == (
        "b",
        "value 'x' for technology 'ai' is not a number",
    )
