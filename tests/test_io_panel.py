"""Tests for r57_mcda.io.panel: technologies, experts, long/wide scores, matrices, load_panel."""

from __future__ import annotations

import io
import math
import pickle
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from r57_mcda.errors import InputError
from r57_mcda.io.matrix import load_matrix
from r57_mcda.io.panel import DERIVED, load_experts, load_panel, load_technologies
from r57_mcda.io.scores import load_scores, load_scores_any, load_wide_workbook
from r57_mcda.models import SCORE_COLUMNS, CriteriaSet, Criterion, Expert, Technology

AI_VI = "Trí tuệ nhân tạo"
CHIPS_VI = "Bán dẫn"
CRITERIA_TOML = b"""
[criteria_set]
id = "mini"
name = "Mini set"

[[criteria]]
id = "autonomy"
name = "Autonomy"
direction = "benefit"
scale = [1, 5]

[[criteria]]
id = "investment_cost"
name = "Investment cost"
direction = "cost"
scale = [1, 5]
"""
CRITERIA = CriteriaSet(
    id="mini",
    name="Mini set",
    criteria=(
        Criterion("autonomy", "Autonomy", "benefit", scale=(1.0, 5.0)),
        Criterion("investment_cost", "Investment cost", "cost", scale=(1.0, 5.0)),
    ),
)
TECHNOLOGIES_CSV = f"id,name,name_vi,budget\nai,AI,{AI_VI},1200\nchips,Chips,{CHIPS_VI},\n".encode()
EXPERTS_CSV = b"id,name,group\ne1,Expert 1,science\ne2,Expert 2,industry\n"


def long_csv(rows: list[str], *, header: str = "expert,technology,criterion,score") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def complete_scores(experts: tuple[str, ...] = ("e1", "e2")) -> bytes:
    rows = [
        f"{e},{t},{c},{1 + (i % 5)}"
        for i, (e, t, c) in enumerate(
            (e, t, c) for e in experts for t in ("ai", "chips") for c in CRITERIA.ids
        )
    ]
    return long_csv(rows)


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for values in rows:
            sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def located(excinfo: pytest.ExceptionInfo[InputError]) -> list[tuple[object, ...]]:
    return [(p.file, p.sheet, p.row, p.column) for p in excinfo.value.problems]


# --- technologies and experts --------------------------------------------------------------


def test_technologies_with_defaults_budgets_and_vietnamese_names() -> None:
    data = f"id,name_vi,group,budget\nai,{AI_VI},digital,1200.5\nchips,{CHIPS_VI},,\n".encode()
    assert load_technologies(data, name="technologies.csv") == (
        Technology("ai", "ai", AI_VI, "digital", "", 1200.5),
        Technology("chips", "chips", CHIPS_VI, "", "", None),
    )


def test_technologies_from_xlsx_and_semicolon_csv_agree() -> None:
    xlsx = workbook({"tech": [["id", "name", "budget"], ["ai", "AI", 1200.5]]})
    csv = b"id;name;budget\nai;AI;1200,5\n"
    expected = (Technology("ai", "AI", budget=1200.5),)
    assert load_technologies(xlsx, name="t.xlsx") == expected
    assert load_technologies(csv, name="t.csv") == expected


def test_technology_problems_are_all_located() -> None:
    data = b"id,name,budget\nai,AI,lots\n,Nameless,5\nai,Again,-3\n"
    with pytest.raises(InputError, match="budget 'lots' must be a number") as excinfo:
        load_technologies(data, name="technologies.csv")
    assert [(p.row, p.column, p.message) for p in excinfo.value.problems] == [
        (3, "id", "technology id is missing"),
        (2, "id", "technology id 'ai' appears more than once (also row 4); ids must be unique"),
        (4, "id", "technology id 'ai' appears more than once (also row 2); ids must be unique"),
        (2, "budget", "budget 'lots' must be a number of at least 0, or left blank"),
    ]


def test_technologies_need_an_id_column_and_rows() -> None:
    with pytest.raises(InputError, match="missing column 'id'") as excinfo:
        load_technologies(b"ID,name\nai,AI\n", name="t.csv")
    assert located(excinfo) == [("t.csv", None, None, "id")]
    with pytest.raises(InputError, match="no technology rows: the file has only a header"):
        load_technologies(b"id,name\n", name="t.csv")


def test_experts() -> None:
    assert load_experts(EXPERTS_CSV, name="experts.csv") == (
        Expert("e1", "Expert 1", "science"),
        Expert("e2", "Expert 2", "industry"),
    )
    assert load_experts(b"id\ne1\n") == (Expert("e1", "e1"),)
    with pytest.raises(InputError, match="expert id 'e1' appears more than once") as excinfo:
        load_experts(b"id\ne1\ne1\n", name="experts.csv")
    assert [p.row for p in excinfo.value.problems] == [2, 3]


# --- long scores ---------------------------------------------------------------------------


def test_long_scores_with_every_kind_of_abstention() -> None:
    data = long_csv(
        [
            "e1,ai,autonomy,4,0.9,sure",
            "e1,ai,investment_cost,,,",
            "e1,chips,autonomy,NA,,",
            "e1,chips,investment_cost,n/a,,",
            "e2,ai,autonomy,na,,",
            "e2,ai,investment_cost,COI,,board member",
            "e2,chips,autonomy,coi,,",
            "e2,chips,investment_cost,2.5,,",
        ],
        header="expert,technology,criterion,score,confidence,comment",
    )
    scores = load_scores(data, name="scores.csv")
    assert list(scores.columns) == list(SCORE_COLUMNS)
    assert scores["abstention"].tolist() == ["", "blank", "NA", "NA", "NA", "COI", "COI", ""]
    assert scores["score"].iloc[0] == 4.0
    assert scores["score"].iloc[7] == 2.5
    assert scores["score"].iloc[1:7].isna().all()
    assert scores["confidence"].iloc[0] == 0.9
    assert math.isnan(scores["confidence"].iloc[1])
    assert scores["comment"].tolist()[5] == "board member"
    assert scores["source_row"].tolist() == list(range(2, 10))
    assert set(scores["source_file"]) == {"scores.csv"}
    assert set(scores["source_sheet"]) == {""}
    assert str(scores["score"].dtype) == "float64"


def test_decimal_comma_only_in_semicolon_csv() -> None:
    semicolon = b"expert;technology;criterion;score\ne1;ai;autonomy;3,5\n"
    assert load_scores(semicolon, name="s.csv")["score"].tolist() == [3.5]
    comma = b'expert,technology,criterion,score\ne1,ai,autonomy,"3,5"\n'
    with pytest.raises(InputError, match=r"score '3,5' is not a number.*decimals with a point"):
        load_scores(comma, name="s.csv")


def test_non_numeric_score_is_located() -> None:
    data = long_csv(["e1,ai,autonomy,4", "e1,ai,investment_cost,high"])
    with pytest.raises(InputError, match="score 'high' is not a number") as excinfo:
        load_scores(data, name="scores.csv")
    assert located(excinfo) == [("scores.csv", None, 3, "score")]


def test_empty_ids_and_bad_confidence_are_located() -> None:
    data = long_csv(
        [",ai,autonomy,4,", "e1,,autonomy,4,", "e1,ai,autonomy,4,sure"],
        header="expert,technology,criterion,score,confidence",
    )
    with pytest.raises(InputError) as excinfo:
        load_scores(data, name="s.csv")
    assert [(p.row, p.column, p.message) for p in excinfo.value.problems] == [
        (2, "expert", "expert is empty"),
        (3, "technology", "technology is empty"),
        (4, "confidence", "confidence 'sure' is not a number"),
    ]


def test_long_scores_missing_columns_and_header_only() -> None:
    with pytest.raises(InputError, match="missing column 'criterion'") as excinfo:
        load_scores(b"expert,technology,Score\ne1,ai,3\n", name="s.csv")
    assert [p.column for p in excinfo.value.problems] == ["criterion", "score"]
    with pytest.raises(InputError, match="no scores: the file has only a header"):
        load_scores(long_csv([]), name="s.csv")


def test_long_scores_come_from_the_sheet_that_has_the_columns() -> None:
    data = workbook(
        {
            "_README": [["How to fill in this workbook"]],
            "scores": [["expert", "technology", "criterion", "score"], ["e1", "ai", "autonomy", 4]],
        }
    )
    scores = load_scores(data, name="scores.xlsx")
    assert scores[["expert", "score", "source_sheet", "source_row"]].values.tolist() == [
        ["e1", 4.0, "scores", 2]
    ]


def test_bytes_path_and_file_object_give_equal_scores(tmp_path: Path) -> None:
    data = complete_scores()
    path = tmp_path / "scores.csv"
    path.write_bytes(data)
    frames = [
        load_scores(data, name="scores.csv"),
        load_scores(path),
        load_scores(io.BytesIO(data), name="scores.csv"),
    ]
    for other in frames[1:]:
        pd.testing.assert_frame_equal(other, frames[0])


# --- wide workbooks ------------------------------------------------------------------------


def wide_book() -> bytes:
    header: list[object] = ["technology", "name", "autonomy", "investment_cost", "comment"]
    return workbook(
        {
            "_README": [["One sheet per expert"]],
            "e1": [header, ["ai", AI_VI, 4, 2, "promising"], ["chips", CHIPS_VI, None, "COI"]],
            "e2": [header, ["ai", AI_VI, 3.5, 1], [], ["chips", CHIPS_VI, 5, 4]],
        }
    )


def test_wide_workbook_becomes_long_form() -> None:
    scores = load_wide_workbook(wide_book(), name="panel.xlsx")
    assert list(scores.columns) == list(SCORE_COLUMNS)
    view = scores[["expert", "technology", "criterion", "score", "abstention"]]
    assert view.fillna(-1).values.tolist() == [
        ["e1", "ai", "autonomy", 4.0, ""],
        ["e1", "ai", "investment_cost", 2.0, ""],
        ["e1", "chips", "autonomy", -1, "blank"],
        ["e1", "chips", "investment_cost", -1, "COI"],
        ["e2", "ai", "autonomy", 3.5, ""],
        ["e2", "ai", "investment_cost", 1.0, ""],
        ["e2", "chips", "autonomy", 5.0, ""],
        ["e2", "chips", "investment_cost", 4.0, ""],
    ]
    assert scores["source_sheet"].tolist() == ["e1"] * 4 + ["e2"] * 4
    assert scores["source_row"].tolist() == [2, 2, 3, 3, 2, 2, 4, 4]
    assert scores["comment"].tolist()[:2] == ["promising", "promising"]


def test_wide_sheet_problems_are_located_by_sheet_and_criterion_column() -> None:
    data = workbook(
        {
            "e1": [["technology", "autonomy"], ["ai", "high"]],
            "e2": [["tech", "autonomy"], ["ai", 3]],
        }
    )
    with pytest.raises(InputError) as excinfo:
        load_wide_workbook(data, name="panel.xlsx")
    assert located(excinfo) == [
        ("panel.xlsx", "e1", 2, "autonomy"),
        ("panel.xlsx", "e2", None, "tech"),
    ]
    assert "the first column must be 'technology' (found 'tech')" in str(excinfo.value)


def test_wide_form_needs_a_workbook() -> None:
    with pytest.raises(InputError, match="neither a long score table"):
        load_wide_workbook(b"technology,autonomy\nai,3\n", name="e1.csv")


# --- several files -------------------------------------------------------------------------


def test_long_and_wide_files_are_concatenated() -> None:
    scores = load_scores_any([(complete_scores(("e3",)), "e3.csv"), (wide_book(), "panel.xlsx")])
    assert len(scores) == 4 + 8
    assert scores["source_file"].tolist() == ["e3.csv"] * 4 + ["panel.xlsx"] * 8
    assert list(scores.columns) == list(SCORE_COLUMNS)


def test_problems_of_two_files_are_reported_together() -> None:
    bad_long = long_csv(["e1,ai,autonomy,high", "e1,ai,investment_cost,2"])
    bad_wide = workbook({"e2": [["technology", "autonomy"], ["ai", "?"], ["", 3]]})
    with pytest.raises(InputError, match="3 problems") as excinfo:
        load_scores_any([(bad_long, "a.csv"), (bad_wide, "b.xlsx")])
    assert located(excinfo) == [
        ("a.csv", None, 2, "score"),
        ("b.xlsx", "e2", 2, "autonomy"),
        ("b.xlsx", "e2", 3, "technology"),
    ]


def test_no_score_files() -> None:
    with pytest.raises(InputError, match="no score files were given"):
        load_scores_any([])


# --- decision matrix -----------------------------------------------------------------------


def test_matrix_is_read_as_floats_indexed_by_technology() -> None:
    data = b"technology;investment_cost;autonomy;note\nai;2,5;4;x\nchips;3;4,25;y\n"
    m = load_matrix(data, name="matrix.csv", criteria=CRITERIA)
    assert m.index.name == "technology"
    assert list(m.columns) == CRITERIA.ids  # criteria order; the note column is ignored
    assert m.to_dict("index") == {
        "ai": {"autonomy": 4.0, "investment_cost": 2.5},
        "chips": {"autonomy": 4.25, "investment_cost": 3.0},
    }
    assert (m.dtypes == "float64").all()


def test_matrix_without_criteria_keeps_every_column() -> None:
    m = load_matrix(b"technology,x,y\nai,1,2\n", name="m.csv")
    assert m.to_dict("list") == {"x": [1.0], "y": [2.0]}


def test_matrix_problems_are_collected_and_located() -> None:
    data = b"technology,autonomy\nai,4\nchips,\nai,high\n,3\n"
    with pytest.raises(InputError) as excinfo:
        load_matrix(data, name="matrix.csv", criteria=CRITERIA)
    found = [(p.row, p.column, p.message) for p in excinfo.value.errors]
    assert found == [
        (5, "technology", "technology is empty"),
        (
            None,
            "investment_cost",
            "missing column 'investment_cost': every criterion of 'mini' needs a column",
        ),
        (
            2,
            "technology",
            "technology id 'ai' appears more than once (also row 4); ids must be unique",
        ),
        (
            4,
            "technology",
            "technology id 'ai' appears more than once (also row 2); ids must be unique",
        ),
        (3, "autonomy", "no value for technology 'chips' on criterion 'autonomy'"),
        (4, "autonomy", "value 'high' for technology 'ai' is not a number"),
    ]


def test_matrix_needs_a_technology_column() -> None:
    with pytest.raises(InputError, match="missing column 'technology'"):
        load_matrix(b"id,autonomy\nai,3\n", name="m.csv")


# --- load_panel ----------------------------------------------------------------------------


def test_load_panel_reads_and_validates_everything(tmp_path: Path) -> None:
    criteria_path = tmp_path / "mini.toml"
    criteria_path.write_bytes(CRITERIA_TOML)
    panel, warnings = load_panel(
        scores=(complete_scores(), "scores.csv"),
        criteria=criteria_path,
        technologies=(TECHNOLOGIES_CSV, "technologies.csv"),
        experts=(io.BytesIO(EXPERTS_CSV), "experts.csv"),
    )
    assert panel.criteria.ids == ["autonomy", "investment_cost"]
    assert panel.technology_ids == ["ai", "chips"]
    assert panel.technologies[0].name_vi == AI_VI
    assert panel.expert_groups.to_dict() == {"e1": "science", "e2": "industry"}
    assert len(panel.scores) == 8
    assert dict(panel.sources) == {
        "criteria": "mini.toml",
        "scores": "scores.csv",
        "technologies": "technologies.csv",
        "experts": "experts.csv",
    }
    # Two experts are below the default quorum of 3 on every cell.
    assert [(w.severity, w.message) for w in warnings] == [
        (
            "warning",
            "technology 'ai' is scored by fewer than 3 experts on 2 criteria: "
            "autonomy (2), investment_cost (2)",
        ),
        (
            "warning",
            "technology 'chips' is scored by fewer than 3 experts on 2 criteria: "
            "autonomy (2), investment_cost (2)",
        ),
    ]
    _, none = load_panel(scores=(complete_scores(), "s.csv"), criteria=CRITERIA, quorum=2)
    assert none == ()


def test_load_panel_derives_technologies_and_experts_from_the_scores() -> None:
    panel, _ = load_panel(scores=[(complete_scores(), "s.csv")], criteria=CRITERIA)
    assert panel.technologies == (Technology("ai", "ai"), Technology("chips", "chips"))
    assert panel.experts == (Expert("e1", "e1"), Expert("e2", "e2"))
    assert panel.sources["technologies"] == DERIVED


def test_unknown_technology_message_names_the_technologies_file() -> None:
    scores = complete_scores() + b"e1,ai_x,autonomy,3\n"
    with pytest.raises(InputError) as excinfo:
        load_panel(
            scores=(scores, "scores.csv"),
            criteria=CRITERIA,
            technologies=(TECHNOLOGIES_CSV, "technologies.csv"),
        )
    [problem] = excinfo.value.errors
    assert (problem.file, problem.sheet, problem.row, problem.column) == (
        "scores.csv",
        None,
        10,
        "technology",
    )
    assert problem.message == (
        "unknown technology 'ai_x': not in technologies.csv; check the spelling or add it there"
    )


def test_load_panel_reports_every_problem_of_every_file_in_one_error() -> None:
    bad_criteria = CRITERIA_TOML.replace(b'direction = "cost"', b'direction = "lower"')
    bad_scores = long_csv(["e1,ai,autonomy,high"])
    bad_technologies = b"id,budget\nai,-5\n"
    bad_experts = b"name\nE1\n"
    with pytest.raises(InputError) as excinfo:
        load_panel(
            scores=[(bad_scores, "scores.csv"), (b"\xff\xfe", "more.csv")],
            criteria=(bad_criteria, "mini.toml"),
            technologies=(bad_technologies, "technologies.csv"),
            experts=(bad_experts, "experts.csv"),
        )
    assert [(p.file, p.row, p.column) for p in excinfo.value.problems] == [
        ("mini.toml", None, "direction"),
        ("scores.csv", 2, "score"),
        ("more.csv", None, None),
        ("technologies.csv", 2, "budget"),
        ("experts.csv", None, "id"),
    ]


def test_load_panel_validates_scores_against_the_criteria_scale() -> None:
    scores = complete_scores().replace(b"e1,ai,autonomy,1", b"e1,ai,autonomy,7")
    with pytest.raises(
        InputError, match="score 7 is outside the scale 1-5 of criterion 'autonomy'"
    ):
        load_panel(scores=(scores, "scores.csv"), criteria=CRITERIA)


def test_load_panel_accepts_a_wide_workbook_and_a_long_file_together() -> None:
    panel, _ = load_panel(
        scores=[(wide_book(), "panel.xlsx"), (complete_scores(("e3",)), "e3.csv")],
        criteria=(CRITERIA_TOML, "mini.toml"),
    )
    assert panel.expert_ids == ["e1", "e2", "e3"]
    assert panel.sources["scores"] == "panel.xlsx, e3.csv"
    assert panel.scores["abstention"].tolist().count("COI") == 1


def test_unknown_criterion_names_an_in_memory_criteria_set() -> None:
    scores = complete_scores() + b"e1,ai,autonomyy,3\n"
    with pytest.raises(InputError, match="unknown criterion 'autonomyy'") as excinfo:
        load_panel(scores=(scores, "scores.csv"), criteria=CRITERIA)
    [problem] = excinfo.value.errors
    assert problem.message.startswith("unknown criterion 'autonomyy': not in criteria set 'mini';")
    assert (problem.row, problem.column) == (10, "criterion")


def test_loaded_panel_pickles_for_caching() -> None:
    panel, _ = load_panel(scores=(complete_scores(), "s.csv"), criteria=CRITERIA)
    again = pickle.loads(pickle.dumps(panel))
    pd.testing.assert_frame_equal(again.scores, panel.scores)
    assert again.sources == panel.sources
