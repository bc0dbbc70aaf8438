"""Tests for r57_mcda.io.tables: CSV/XLSX reading, located rows, and file problems."""

from __future__ import annotations

import io
import unicodedata
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from r57_mcda.errors import InputError, R57Error
from r57_mcda.io.tables import (
    Table,
    format_number,
    parse_number,
    pick_table,
    read_bytes,
    read_table,
    read_tables,
    source_name,
)

AI_VI = "Trí tuệ nhân tạo"
CHIPS_VI = "Bán dẫn"


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    """A workbook written by openpyxl; ``None`` rows leave a row empty."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.worksheets[0])
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                if value is not None:
                    sheet.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def problems_of(
    excinfo: pytest.ExceptionInfo[InputError],
) -> list[tuple[str, int | None, str | None]]:
    return [(p.file, p.row, p.column) for p in excinfo.value.problems]


# --- CSV -----------------------------------------------------------------------------------


def test_csv_cells_are_stripped_text_with_row_numbers() -> None:
    table = read_table(b"id , name,budget\n ai ,AI, 12.5 \n\nbio,Bio,\n", name="tech.csv")
    assert list(table.frame.columns) == ["id", "name", "budget"]
    assert table.frame.to_dict("list") == {
        "id": ["ai", "bio"],
        "name": ["AI", "Bio"],
        "budget": ["12.5", ""],
    }
    # The blank line 3 is dropped; "bio" keeps its real line number 4.
    assert [table.row_number(i) for i in range(2)] == [2, 4]
    assert (table.file, table.sheet, table.delimiter) == ("tech.csv", None, ",")


def test_csv_with_bom_has_a_clean_first_header() -> None:
    table = read_table("\ufeffid,name\nai,AI\n".encode(), name="t.csv")
    assert list(table.frame.columns) == ["id", "name"]


def test_semicolon_csv_keeps_quoted_separators_and_allows_decimal_comma() -> None:
    data = b'id;name;score\nai;"AI; machine learning";3,5\n'
    table = read_table(data, name="s.csv")
    assert table.delimiter == ";"
    assert table.decimal_comma
    assert table.frame.loc[0, "name"] == "AI; machine learning"
    assert table.frame.loc[0, "score"] == "3,5"


def test_comma_csv_does_not_allow_decimal_comma() -> None:
    table = read_table(b'id,score\nai,"3,5"\n', name="c.csv")
    assert not table.decimal_comma
    assert table.frame.loc[0, "score"] == "3,5"


def test_vietnamese_text_round_trips_exactly_without_normalisation() -> None:
    decomposed = unicodedata.normalize("NFD", CHIPS_VI)
    data = f"id,name_vi\nai,{AI_VI}\nchips,{decomposed}\n".encode()
    table = read_table(data, name="vi.csv")
    assert table.frame["name_vi"].tolist() == [AI_VI, decomposed]
    assert table.frame.loc[1, "name_vi"] != CHIPS_VI  # NFD stays NFD: no re-encoding


def test_quoted_multiline_cell_counts_as_one_spreadsheet_row() -> None:
    table = read_table(b'id,comment\na,"line one\nline two"\nb,x\n', name="m.csv")
    assert table.frame.loc[0, "comment"] == "line one\nline two"
    assert table.row_number(1) == 3


def test_bytes_path_and_file_object_give_equal_tables(tmp_path: Path) -> None:
    data = f"id,name_vi\nai,{AI_VI}\n".encode()
    path = tmp_path / "tech.csv"
    path.write_bytes(data)
    stream = io.BytesIO(data)
    stream.seek(3)
    tables = [
        read_table(data, name="tech.csv"),
        read_table(path),
        read_table(str(path)),
        read_table(stream, name="tech.csv"),
    ]
    for table in tables[1:]:
        pd.testing.assert_frame_equal(table.frame, tables[0].frame)
        assert (table.file, table.rows) == ("tech.csv", (2,))
    assert stream.tell() == 3  # the caller's file position is left alone


def test_plain_binary_file_object_is_read(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_bytes(b"id\ne1\n")
    with path.open("rb") as handle:
        table = read_table(handle)
    assert table.file == "e.csv"
    assert table.frame["id"].tolist() == ["e1"]


def test_source_name() -> None:
    assert source_name(b"x") == "(unnamed)"
    assert source_name(b"x", "upload.csv") == "upload.csv"
    assert source_name(Path("/data/in/scores.xlsx")) == "scores.xlsx"


# --- XLSX ----------------------------------------------------------------------------------


def test_xlsx_written_with_openpyxl_is_read_back_with_real_rows() -> None:
    data = xlsx_bytes(
        {
            "s": [
                ["id", "name", "value", "flag", "when"],
                ["ai", AI_VI, 1.0, True, datetime(2025, 1, 31)],
                [],
                [],
                ["chips", CHIPS_VI, 2.5, False, datetime(2025, 1, 31, 8, 30)],
                ["third", " padded ", 1 / 3, None, date(2025, 2, 1)],
                ["big", "", 7, None, None],
            ]
        }
    )
    table = read_table(data, name="s.xlsx")
    assert table.frame.to_dict("list") == {
        "id": ["ai", "chips", "third", "big"],
        "name": [AI_VI, CHIPS_VI, "padded", ""],
        "value": ["1", "2.5", "0.3333333333333333", "7"],
        "flag": ["TRUE", "FALSE", "", ""],
        "when": ["2025-01-31", "2025-01-31T08:30:00", "2025-02-01", ""],
    }
    assert table.rows == (2, 5, 6, 7)
    assert (table.file, table.sheet) == ("s.xlsx", "s")


def test_xlsx_header_below_blank_rows_and_trailing_blank_columns() -> None:
    data = xlsx_bytes({"s": [[], [], ["id", "name", None, None], ["ai", "AI", None, None]]})
    table = read_table(data, name="s.xlsx")
    assert list(table.frame.columns) == ["id", "name"]
    assert table.rows == (4,)


def test_xlsx_is_sniffed_from_bytes_without_a_name() -> None:
    table = read_table(xlsx_bytes({"only": [["id"], ["ai"]]}))
    assert (table.file, table.sheet) == ("(unnamed)", "only")


def test_read_table_picks_a_named_sheet_or_complains() -> None:
    data = xlsx_bytes({"a": [["id"], ["x"]], "b": [["id"], ["y"]], "blank": []})
    assert read_table(data, name="w.xlsx", sheet="b").frame["id"].tolist() == ["y"]
    with pytest.raises(InputError, match=r"no sheet 'c'; the sheets are 'a', 'b', 'blank'"):
        read_table(data, name="w.xlsx", sheet="c")
    with pytest.raises(InputError, match="the sheet is empty") as excinfo:
        read_table(data, name="w.xlsx", sheet="blank")
    assert excinfo.value.problems[0].sheet == "blank"


def test_xlsx_requires_defusedxml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(R57Error, match="defusedxml"):
        read_table(xlsx_bytes({"s": [["id"]]}), name="s.xlsx")


def test_defusedxml_is_active() -> None:
    assert openpyxl.DEFUSEDXML is True


# --- problems ------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", b",,\n , \n"])
def test_empty_csv_is_an_input_error(data: bytes) -> None:
    with pytest.raises(InputError, match="the file is empty") as excinfo:
        read_table(data, name="empty.csv")
    assert problems_of(excinfo) == [("empty.csv", None, None)]


def test_workbook_with_only_empty_sheets_is_an_input_error() -> None:
    with pytest.raises(InputError, match="the file is empty"):
        read_tables(xlsx_bytes({"a": [], "b": []}), name="e.xlsx")


def test_duplicate_headers_are_reported_with_their_columns() -> None:
    with pytest.raises(
        InputError, match=r"header 'score' appears more than once \(columns B, D\)"
    ) as e:
        read_table(b"id,score,name,score\na,1,x,2\n", name="d.csv")
    assert problems_of(e) == [("d.csv", 1, "score")]


def test_values_without_a_header_are_reported_in_every_sheet() -> None:
    data = xlsx_bytes(
        {
            "one": [["id", None, "name"], ["a", None, "x"], ["b", 5, "y"]],
            "two": [["id", "id"], ["a", "b"]],
        }
    )
    with pytest.raises(InputError) as excinfo:
        read_tables(data, name="w.xlsx")
    found = [(p.sheet, p.row, p.column) for p in excinfo.value.problems]
    assert found == [("one", 3, None), ("two", 1, "id")]
    assert "column B has values but no header" in excinfo.value.problems[0].message


def test_extra_value_in_comma_csv_hints_at_decimal_comma() -> None:
    with pytest.raises(InputError, match="decimal comma") as excinfo:
        read_table(b"expert,score\ne1,3,5\n", name="s.csv")
    assert problems_of(excinfo) == [("s.csv", 2, None)]
    assert "column C" in str(excinfo.value)


def test_non_utf8_csv_asks_for_csv_utf8() -> None:
    data = f"id,name\nai,{AI_VI}\n".encode("cp1258", errors="replace")
    with pytest.raises(InputError, match="save it as 'CSV UTF-8") as excinfo:
        read_table(data, name="legacy.csv")
    assert problems_of(excinfo) == [("legacy.csv", None, None)]


def test_corrupt_xlsx_is_an_input_error_naming_the_file() -> None:
    with pytest.raises(InputError, match=r"broken\.xlsx: the file is not a readable \.xlsx"):
        read_table(b"PK\x03\x04 not really a zip", name="broken.xlsx")


def test_legacy_xls_is_refused_with_advice() -> None:
    with pytest.raises(InputError, match=r"\.xls format is not supported: save the file as \.xlsx"):
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 rest", name="old.xls")


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nowhere\.csv: cannot read the file"):
        read_table(tmp_path / "nowhere.csv")


def test_text_mode_file_object_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("id\na\n", encoding="utf-8")
    with path.open(encoding="utf-8") as handle, pytest.raises(InputError, match="binary mode"):
        read_bytes(handle)  # type: ignore[arg-type]


def test_missing_columns_hint_at_capitalisation() -> None:
    table = read_table(b"Expert,score\ne1,3\n", name="s.csv")
    found = table.missing_columns(["expert", "score", "criterion"])
    assert [(p.column, p.message) for p in found] == [
        ("expert", "missing column 'expert' (found 'Expert': column names are lower case)"),
        ("criterion", "missing column 'criterion'"),
    ]


def test_table_built_directly_counts_rows_from_two() -> None:
    table = Table(pd.DataFrame({"id": ["a", "b"]}), "x.csv", None)
    assert table.row_number(1) == 3
    assert table.problem("bad", i=0, column="id").location() == "x.csv, row 2, column 'id'"


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "decimal_comma", "expected"),
    [
        ("3", False, 3.0),
        (" -2.5 ", False, -2.5),
        ("1e3", False, 1000.0),
        (".5", False, 0.5),
        ("3,5", True, 3.5),
        ("3,5", False, None),
        ("1.000,5", True, None),
        ("1,000", False, None),
        ("", False, None),
        ("nan", False, None),
        ("inf", False, None),
        ("1e999", False, None),
        ("high", False, None),
        ("1_000", False, None),
    ],
)
def test_parse_number(text: str, decimal_comma: bool, expected: float | None) -> None:
    assert parse_number(text, decimal_comma=decimal_comma) == expected


@settings(max_examples=50, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_format_number_round_trips_through_parse_number(value: float) -> None:
    assert parse_number(format_number(value)) == value


def test_format_number_writes_whole_numbers_without_a_point() -> None:
    assert [format_number(v) for v in (1.0, 2.5, -3.0, 1e20)] == ["1", "2.5", "-3", "1e+20"]


def test_note_sheets_are_read_leniently() -> None:
    readme: list[list[object]] = [["How to fill in"], ["Step 1", "Write one score per cell"]]
    data = xlsx_bytes({"_README": readme, "scores": [["id"], ["ai"]]})
    notes, scores = read_tables(data, name="w.xlsx")
    assert notes.sheet == "_README"
    assert notes.frame.columns.empty  # column B has no header, but this is a note sheet
    assert scores.frame["id"].tolist() == ["ai"]
    with pytest.raises(InputError, match="column B has values but no header"):
        read_tables(xlsx_bytes({"README": readme}), name="w.xlsx")


def test_pick_table_prefers_the_required_columns_then_data_sheets() -> None:
    data = xlsx_bytes(
        {"_README": [["note"], ["x"]], "other": [["id"], ["a"]], "scores": [["score"], ["1"]]}
    )
    tables = read_tables(data, name="w.xlsx")
    assert pick_table(tables, ["score"]).sheet == "scores"
    assert pick_table(tables, ["expert"]).sheet == "other"  # not the note sheet
