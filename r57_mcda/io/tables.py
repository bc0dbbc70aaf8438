"""Read CSV and XLSX files into tables of stripped text cells, each row located in its file."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import BinaryIO, TypeAlias, TypeVar

import pandas as pd

from r57_mcda.errors import InputError, Problem, Severity
from r57_mcda.io.xlsx import Rows, is_xlsx, xlsx_formulas, xlsx_rows

_T = TypeVar("_T")


Source: TypeAlias = str | os.PathLike[str] | bytes | BinaryIO


"""A file path, the file's raw bytes, or a binary file object (e.g. a Streamlit upload)."""


UNNAMED = "(unnamed)"


_DELIMITERS = (",", ";", "\t")


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


@dataclass(frozen=True, eq=False)
class Table:
    """One sheet (XLSX) or one CSV file: text cells under a header, with real row numbers.

    ``frame`` holds every cell as a stripped ``str`` ('' for an empty cell); its columns are the
    stripped header texts. Fully empty rows and columns are left out, so ``rows`` keeps the
    spreadsheet row number of each frame row (the header is row 1 when it is the first line).
    ``delimiter`` is the CSV separator (``None`` for XLSX); a ``;`` file may use decimal commas.
    ``formulas`` maps ``(frame row, column)`` of each formula cell of a workbook to its formula
    and the value saved with it: ``frame`` holds that saved value ("" when none was saved).
    """

    frame: pd.DataFrame
    file: str
    sheet: str | None
    rows: tuple[int, ...] = ()
    delimiter: str | None = None
    formulas: Mapping[tuple[int, str], tuple[str, str]] = field(default_factory=dict)

    def formula(self, i: int, column: str) -> tuple[str, str] | None:
        """``(formula, saved value as text)`` when the cell at frame row ``i`` holds a formula
        (the value is "" when the workbook saved none); None for a typed value."""
        return self.formulas.get((i, column))

    def row_number(self, i: int) -> int:
        """The spreadsheet row number of frame row ``i`` (position, from 0)."""
        return self.rows[i] if self.rows else i + 2

    @property
    def decimal_comma(self) -> bool:
        """Whether numbers may be written with a decimal comma (semicolon-separated CSV)."""
        return self.delimiter == ";"

    def problem(
        self,
        code: str,
        /,
        *,
        i: int | None = None,
        column: str | None = None,
        severity: Severity = "error",
        **params: object,
    ) -> Problem:
        """Problem ``code`` (a message id, with its ``params``) located in this table, at frame
        row ``i`` (position) if given."""
        row = None if i is None else self.row_number(i)
        return Problem(code, self.file, self.sheet, row, column, severity, params)

    def missing_columns(self, required: Iterable[str]) -> list[Problem]:
        """One problem per required column absent from the header, with a spelling hint."""
        present = {c.casefold(): c for c in self.frame.columns}
        problems = []
        for name in required:
            if name in self.frame.columns:
                continue
            near = present.get(name.casefold())
            if near:
                found = self.problem(
                    "input_missing_column_case", column=name, name=name, found=near
                )
            else:
                found = self.problem("input_missing_column", column=name, name=name)
            problems.append(found)
        return problems


def is_note_sheet(sheet: str | None) -> bool:
    """Whether a sheet holds notes for people ("_README"), not data: its name starts with "_"."""
    return bool(sheet) and str(sheet).startswith("_")


def source_name(source: Source, name: str | None = None) -> str:
    """The name to show for ``source``: ``name`` if given, else the file name, else "(unnamed)"."""
    if name:
        return name
    if isinstance(source, str | os.PathLike):
        return Path(source).name
    file_name = getattr(source, "name", None)
    if isinstance(file_name, str) and file_name:
        return Path(file_name).name
    return UNNAMED


def read_bytes(source: Source, *, name: str | None = None) -> bytes:
    """Return the content of ``source`` without moving a file object that can give its value.

    Raises
    ------
    InputError
        When the file cannot be read.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    file = source_name(source, name)
    if isinstance(source, str | os.PathLike):
        try:
            return Path(source).read_bytes()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise InputError(Problem("file_cannot_read", file, params={"reason": reason})) from exc
    # BytesIO and Streamlit uploads keep their position when read through getvalue().
    getvalue = getattr(source, "getvalue", None)
    data: object = getvalue() if callable(getvalue) else source.read()
    if not isinstance(data, bytes | bytearray):
        raise InputError(Problem("file_text_mode", file))
    return bytes(data)


def decode_text(data: bytes, *, file: str) -> str:
    """Decode UTF-8 (with or without BOM) exactly, or explain how to save the file as UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = Problem("file_not_utf8", file, params={"position": exc.start + 1})
        raise InputError(problem) from exc


def parse_number(text: str, *, decimal_comma: bool = False) -> float | None:
    """The finite number written in ``text``, or ``None`` when it is not a plain number.

    ``decimal_comma`` accepts "3,5" for 3.5 (Vietnamese/European locales); thousands
    separators, "inf" and "nan" are never numbers.
    """
    candidate = text.strip()
    if decimal_comma and "." not in candidate and candidate.count(",") == 1:
        candidate = candidate.replace(",", ".")
    if not _NUMBER.fullmatch(candidate):
        return None
    value = float(candidate)
    return value if abs(value) != float("inf") else None


def format_number(value: float) -> str:
    """Write a number as a person would: 1.0 -> "1", 2.5 -> "2.5" (round-trips through float)."""
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def read_tables(source: Source, *, name: str | None = None) -> list[Table]:
    """Read every sheet of an XLSX workbook, or the one table of a CSV file.

    The format comes from the extension of ``name`` (or the path), else from the content:
    XLSX is a zip archive. An empty sheet gives a table without columns, and so does a
    note sheet (name starting with "_", e.g. "_README") that is not a clean table.

    Raises
    ------
    InputError
        For an unreadable, corrupt, empty or non-UTF-8 file, a missing header, duplicate
        header names or values under no header; every problem of every sheet at once.
    """
    file = source_name(source, name)
    data = read_bytes(source, name=name)
    formulas: dict[str | None, dict[tuple[int, int], str]] = {}
    if is_xlsx(data, file):
        sheets = xlsx_rows(data, file)
        formulas = xlsx_formulas(data, file)
        delimiter = None
    else:
        text = decode_text(data, file=file)
        delimiter = _sniff_delimiter(text)
        sheets = [(None, _csv_rows(text, delimiter, file))]
    tables: list[Table] = []
    problems: list[Problem] = []
    for sheet, rows in sheets:
        table, found = _build_table(
            rows, file=file, sheet=sheet, delimiter=delimiter, formulas=formulas.get(sheet)
        )
        tables.append(table or Table(pd.DataFrame(), file, sheet, (), delimiter))
        if not is_note_sheet(sheet):
            problems.extend(found)
    if all(table.frame.columns.empty for table in tables) and not problems:
        problems.append(Problem("file_empty", file))
    if problems:
        raise InputError(problems)
    return tables


def read_table(source: Source, *, name: str | None = None, sheet: str | None = None) -> Table:
    """Read one table: the CSV file (``sheet`` ignored), or a workbook's sheet (default: first).

    Raises
    ------
    InputError
        As :func:`read_tables`, and when the sheet is missing or empty.
    """
    tables = read_tables(source, name=name)
    if sheet is None or tables[0].sheet is None:  # a CSV file has no sheets to choose from
        chosen = tables[0]
    else:
        named = [t for t in tables if t.sheet == sheet]
        if not named:
            listed = ", ".join(f"'{t.sheet}'" for t in tables)
            params = {"sheet": sheet, "sheets": listed}
            raise InputError(Problem("file_no_sheet", tables[0].file, sheet, params=params))
        chosen = named[0]
    if chosen.frame.columns.empty:
        raise InputError(chosen.problem("file_sheet_empty"))
    return chosen


def pick_table(tables: Sequence[Table], required: Sequence[str]) -> Table:
    """The first table holding the ``required`` columns, else the first data sheet.

    ``tables`` comes from :func:`read_tables`, which guarantees one table with columns.
    """
    usable = [t for t in tables if not t.frame.columns.empty]
    found = next((t for t in usable if set(required) <= set(t.frame.columns)), None)
    if found is not None:
        return found
    data = [t for t in usable if not is_note_sheet(t.sheet)]
    return (data or usable)[0]


def _sniff_delimiter(text: str) -> str:
    """The separator used most often, outside quotes, in the first non-blank line."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(text: str, delimiter: str, file: str) -> Rows:
    # A record is a spreadsheet row even when a quoted cell spans several lines.
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError(Problem("file_csv_unparsable", file, params={"reason": str(exc)})) from exc
    return list(enumerate(records, start=1))


def _cell_text(value: object) -> str:
    if isinstance(value, str):  # the common case first: CSV cells are all text
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, datetime):
        return (value.date() if value.time() == time() else value).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def _column_letter(number: int) -> str:
    """Spreadsheet letters of the 1-based column ``number`` (1 -> A, 27 -> AA)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _build_table(
    rows: Iterable[tuple[int, Sequence[object]]],
    *,
    file: str,
    sheet: str | None,
    delimiter: str | None,
    formulas: Mapping[tuple[int, int], str] | None = None,
) -> tuple[Table | None, list[Problem]]:
    """Turn raw rows into a Table (``None`` when all empty); the header is the first full row.

    ``formulas`` (by spreadsheet row and column number) become the table's ``formulas``.
    """
    filled = [(n, [_cell_text(v) for v in values]) for n, values in rows]
    filled = [(n, cells) for n, cells in filled if any(cells)]
    if not filled:
        return None, []
    (_, header), body = filled[0], filled[1:]
    width = max(len(cells) for _, cells in filled)
    problems: list[Problem] = []
    keep: list[int] = []
    for j in range(width):
        title = header[j] if j < len(header) else ""
        if title:
            keep.append(j)
            continue
        first = next((n for n, cells in body if j < len(cells) and cells[j]), None)
        if first is not None:
            # In a comma-separated file, "3,5" splits into two cells: say how to write it.
            code = "file_column_without_header"
            if delimiter == ",":
                code = "file_column_without_header_comma"
            params = {"letter": _column_letter(j + 1)}
            problems.append(Problem(code, file, sheet, first, params=params))
    names = [header[j] for j in keep]
    for title in sorted({t for t in names if names.count(t) > 1}):
        letters = ", ".join(_column_letter(j + 1) for j in keep if header[j] == title)
        params = {"title": title, "letters": letters}
        problems.append(
            Problem("file_duplicate_header", file, sheet, filled[0][0], title, params=params)
        )
    if problems:
        return None, problems
    data = [[cells[j] if j < len(cells) else "" for j in keep] for _, cells in body]
    frame = pd.DataFrame(data, columns=names, dtype="str")
    located: dict[tuple[int, str], tuple[str, str]] = {}
    if formulas:
        position = {n: i for i, (n, _) in enumerate(body)}
        column = {j + 1: header[j] for j in keep}
        for (r, c), formula in formulas.items():
            if r in position and c in column:
                i = position[r]
                located[(i, column[c])] = (formula, data[i][keep.index(c - 1)])
    numbers = tuple(n for n, _ in body)
    return Table(frame, file, sheet, numbers, delimiter, located), problems


def table_cell(table: Table, i: int, column: str) -> str:
    """The text of row position ``i`` in ``column``, or "" when the table has no such column."""
    return str(table.frame[column].iat[i]) if column in table.frame.columns else ""


def collect_problems(problems: list[Problem], load: Callable[[], _T]) -> _T | None:
    """Run a loader; on :class:`InputError` add its problems to ``problems`` and return None."""
    try:
        return load()
    except InputError as exc:
        problems.extend(exc.problems)
        return None
