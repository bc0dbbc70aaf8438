"""Tests for r57_mcda.io.pairwise: reading AHP pairwise matrices from CSV and XLSX."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from r57_mcda.errors import InputError
from r57_mcda.io.pairwise import load_pairwise, load_pairwise_panel, parse_judgment
from r57_mcda.models import CriteriaSet, Criterion
from r57_mcda.weighting.ahp_weights import ahp_weights

GOOD_CSV = """criterion,autonomy,cost,impact
autonomy,1,3,5
cost,1/3,1,2
impact,0.2,0.5,1
"""


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_parse_judgment() -> None:
    assert parse_judgment("1/3") == pytest.approx(1 / 3)
    assert parse_judgment(" 7 ") == 7.0
    assert parse_judgment("0,5", decimal_comma=True) == 0.5
    assert parse_judgment("1/0") is None
    assert parse_judgment("1/2/3") is None
    assert parse_judgment("three") is None
    assert parse_judgment("") is None


def test_csv_with_fractions(tmp_path: Path) -> None:
    path = tmp_path / "expert_a.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    m = load_pairwise(path)
    assert list(m.index) == ["autonomy", "cost", "impact"]
    assert list(m.columns) == ["autonomy", "cost", "impact"]
    assert m.at["cost", "autonomy"] == pytest.approx(1 / 3)
    assert m.at["impact", "autonomy"] == 0.2
    assert m.attrs["name"] == "expert_a"
    from_bytes = load_pairwise(GOOD_CSV.encode(), name="x.csv")
    assert from_bytes.equals(m)


def test_columns_in_another_order_and_decimal_commas() -> None:
    text = "criterion;b;a\na;0,5;1\nb;1;2\n"
    m = load_pairwise(io.BytesIO(text.encode()), name="p.csv")
    assert list(m.columns) == ["a", "b"]
    assert m.at["a", "b"] == 0.5
    assert m.at["b", "a"] == 2.0


def test_bad_cells_are_all_located() -> None:
    text = (
        "criterion,a,b,c\n"
        "a,1,3,x\n"  # row 2: 'x' unreadable at (a, c)
        "b,1/3,1,\n"  # row 3: missing (b, c)
        "c,5,2,1\n"  # row 4: c/a = 5 while a/c is unreadable -> not reported twice
    )
    with pytest.raises(InputError) as info:
        load_pairwise(text.encode(), name="judge.csv")
    problems = info.value.problems
    located = {(p.row, p.column): p.message for p in problems}
    assert set(located) == {(2, "c"), (3, "c")}
    assert "'x' is not a number or a fraction" in located[(2, "c")]
    assert "missing judgment" in located[(3, "c")]
    assert all(p.file == "judge.csv" for p in problems)


def test_value_checks_are_located_in_the_file() -> None:
    text = "criterion,a,b,c\na,1,3,20\nb,3,2,1\nc,1/20,1,1\n"
    with pytest.raises(InputError) as info:
        load_pairwise(text.encode(), name="judge.csv")
    located = {(p.row, p.column): p.message for p in info.value.problems}
    assert "not the reciprocal" in located[(2, "b")]  # 3 and 3
    assert "outside Saaty's scale" in located[(2, "c")]
    assert "outside Saaty's scale" in located[(4, "a")]
    assert "diagonal must be 1" in located[(3, "b")]
    assert len(located) == 4


def test_structure_problems_reported_together() -> None:
    text = "criterion,a,b,notes\na,1,2,\na,1,1,\n,1,1,\n"
    with pytest.raises(InputError) as info:
        load_pairwise(text.encode(), name="s.csv")
    messages = [str(p) for p in info.value.problems]
    assert "s.csv, row 3, column 'criterion': criterion 'a' has a second row" in messages
    assert "s.csv, row 4, column 'criterion': the criterion id is empty" in messages
    assert any("column 'notes' has no row" in m for m in messages)
    assert any("column 'b' has no row" in m for m in messages)
    with pytest.raises(InputError, match="missing column 'criterion'"):
        load_pairwise(b"id,a\na,1\n", name="m.csv")


def test_xlsx_numbers_and_fraction_text(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "judgments.xlsx",
        {
            "expert_1": [["criterion", "a", "b"], ["a", 1, 4], ["b", "1/4", 1]],
            "expert_2": [["criterion", "a", "b"], ["a", 1, 0.5], ["b", 2, 1]],
        },
    )
    first = load_pairwise(path)
    assert first.at["b", "a"] == 0.25
    second = load_pairwise(path, sheet="expert_2")
    assert second.at["a", "b"] == 0.5
    panel = load_pairwise_panel(path)
    assert [m.attrs["name"] for m in panel] == ["expert_1", "expert_2"]
    assert panel[1].equals(second)


def test_panel_of_files_collects_every_problem(tmp_path: Path) -> None:
    good = GOOD_CSV.encode()
    bad = b"criterion,a,b\na,1,zz\nb,1,1\n"
    with pytest.raises(InputError) as info:
        load_pairwise_panel([good, bad, bad], names=["anna.csv", "binh.csv", "chi.csv"])
    files = sorted({p.file for p in info.value.problems})
    assert files == ["binh.csv", "chi.csv"]
    panel = load_pairwise_panel([good, good], names=["anna.csv", "binh.csv"])
    assert [m.attrs["name"] for m in panel] == ["anna", "binh"]
    with pytest.raises(InputError, match="2 names for 1"):
        load_pairwise_panel([good], names=["a.csv", "b.csv"])


def test_loaded_panel_feeds_ahp_weights(tmp_path: Path) -> None:
    criteria = CriteriaSet(
        id="s",
        name="s",
        criteria=tuple(
            Criterion(id=i, name=i, direction="benefit") for i in ("autonomy", "cost", "impact")
        ),
    )
    other = GOOD_CSV.replace("autonomy,1,3,5", "autonomy,1,1,5").replace(
        "cost,1/3,1,2", "cost,1,1,2"
    )
    panel = load_pairwise_panel([GOOD_CSV.encode(), other.encode()], names=["anna.csv", "binh.csv"])
    w = ahp_weights(panel, criteria)
    assert [m["name"] for m in w.details["members"]] == ["anna", "binh"]
    assert w.details["matrix"]["autonomy"]["cost"] == pytest.approx(3**0.5)
    assert w.values.sum() == pytest.approx(1.0)
    assert w.values.idxmax() == "autonomy"
