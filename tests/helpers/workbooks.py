"""Scoring workbooks for tests: where a Scores sheet's columns and technologies are, and a
workbook with some of its cells typed in, as an expert returns it."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.study.templates import FIRST_ROW, ID_ROW, SCORES_SHEET


def scores_grid(ws: Worksheet) -> tuple[dict[str, int], dict[str, int]]:
    """Column by row-1 id, and row by technology id, of a Scores sheet."""
    columns = {str(c.value): c.column for c in ws[ID_ROW] if c.value}
    rows = {
        str(ws.cell(r, 1).value): r for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(r, 1).value
    }
    return columns, rows


def typed_in(book: bytes, values: Mapping[tuple[str, str], Any]) -> bytes:
    """``book`` with Scores cells set by (technology, row-1 column id), saved again."""
    wb = openpyxl.load_workbook(io.BytesIO(book))
    ws = wb[SCORES_SHEET]
    columns, rows = scores_grid(ws)
    for (tech, column), value in values.items():
        ws.cell(rows[tech], columns[column]).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
