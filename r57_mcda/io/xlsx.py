"""Read the rows and formulas of an XLSX workbook safely (openpyxl with defusedxml)."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias

from r57_mcda.errors import InputError, Problem, R57Error

#: (spreadsheet row number, cell values) of each row of a sheet.
Rows: TypeAlias = list[tuple[int, Sequence[object]]]
CSV_SUFFIXES = (".csv", ".txt", ".tsv")


_XLSX_SUFFIXES = (".xlsx", ".xlsm")


_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy binary .xls


def is_xlsx(data: bytes, file: str) -> bool:
    """Whether ``data`` (named ``file``) is an XLSX workbook; a legacy .xls is refused."""
    suffix = Path(file).suffix.lower()
    if suffix == ".xls" or data.startswith(_OLE_MAGIC):
        raise InputError(Problem("file_xls_unsupported", file))
    if suffix in _XLSX_SUFFIXES:
        return True
    if suffix in CSV_SUFFIXES:
        return False
    return data.startswith(b"PK")


def xlsx_rows(data: bytes, file: str) -> list[tuple[str | None, Rows]]:
    """Every sheet's name and rows (cached values); an unreadable workbook is an InputError."""
    # openpyxl is imported here so that starting the CLI does not pay for it.
    import openpyxl

    # A damaged or non-XLSX file escapes openpyxl as almost anything: BadZipFile, a zlib.error
    # or EOFError from a flipped byte inside a compressed member (raised while rows are read),
    # KeyError for a missing part, defusedxml's ValueErrors, ParseError, and deeper down
    # AttributeError, TypeError, RuntimeError or NotImplementedError. Nothing inside this block
    # is ours, so any exception means "not a readable workbook", never a traceback.
    if not openpyxl.DEFUSEDXML:
        raise R57Error("file_no_defusedxml")
    try:
        # openpyxl warns about workbook features it drops (data validation, default styles);
        # only cell values are read here, so those warnings say nothing about the data.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheets: list[tuple[str | None, Rows]] = []
                for worksheet in workbook.worksheets:
                    # Some writers store a wrong sheet size; forget it and read every row.
                    worksheet.reset_dimensions()
                    values = worksheet.iter_rows(values_only=True)
                    sheets.append((worksheet.title, list(enumerate(values, start=1))))
            finally:
                workbook.close()
    except Exception as exc:
        params = {"error": type(exc).__name__, "reason": str(exc)}
        raise InputError(Problem("file_not_xlsx", file, params=params)) from exc
    return sheets


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >/]")


def xlsx_formulas(data: bytes, file: str) -> dict[str | None, dict[tuple[int, int], str]]:
    """Per sheet, the formula of each formula cell by (spreadsheet row, column number from 1).

    The values read elsewhere are the ones Excel saved with the formulas (``data_only``); this
    second reading, done only when some sheet holds a formula, tells them from typed values.
    """
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            has_formulas = any(
                _FORMULA_TAG.search(archive.read(n))
                for n in archive.namelist()
                if n.startswith("xl/worksheets/") and n.endswith(".xml")
            )
    except Exception as exc:  # already read once: any failure here is a damaged file too
        params = {"error": type(exc).__name__, "reason": str(exc)}
        raise InputError(Problem("file_not_xlsx", file, params=params)) from exc
    if not has_formulas:
        return {}
    found: dict[str | None, dict[tuple[int, int], str]] = {}
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            try:
                for worksheet in workbook.worksheets:
                    worksheet.reset_dimensions()
                    cells = found.setdefault(worksheet.title, {})
                    for r, row in enumerate(worksheet.iter_rows(), start=1):
                        for c, cell in enumerate(row, start=1):
                            if getattr(cell, "data_type", None) == "f":
                                cells[(r, c)] = str(cell.value)
            finally:
                workbook.close()
    except Exception as exc:  # see xlsx_rows: nothing in this block is ours
        params = {"error": type(exc).__name__, "reason": str(exc)}
        raise InputError(Problem("file_not_xlsx", file, params=params)) from exc
    return found
