"""Cells of the workbooks we write, stored safely: text never becomes a formula."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

#: Leading characters that make a spreadsheet read text as a formula (OWASP, CSV injection).
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
#: Excel's limit on the characters of one cell.
MAX_CELL_CHARS = 32_767


def excel_value(value: Any) -> bool | int | float | str | None:
    """``value`` as a cell stores it: a number, a boolean, text, or None for an empty cell.

    NaN and infinities become empty cells; lists and tuples become comma-separated text;
    characters a workbook cannot hold (control characters) are dropped.
    """
    if value is None or value is pd.NA:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, list | tuple | set | frozenset):
        value = ", ".join(str(v) for v in value)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return text[:MAX_CELL_CHARS]


def put(
    ws: Worksheet,
    row: int,
    column: int,
    value: Any,
    *,
    number_format: str | None = None,
    font: Font | None = None,
) -> Cell | MergedCell:
    """Write one cell; the only way our workbooks write a value.

    Text is always stored as a string cell: openpyxl would otherwise store text beginning
    with ``=`` as a formula (and ``#N/A`` as an error). Text beginning with one of
    :data:`FORMULA_PREFIXES` also gets Excel's quote prefix, so that it stays text when
    someone edits the cell.
    """
    cell = ws.cell(row=row, column=column)
    stored = excel_value(value)
    cell.value = stored
    if isinstance(stored, str):
        cell.data_type = "s"
        if stored.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    if number_format is not None and isinstance(stored, int | float):
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    return cell
