"""Report cells written safely (text never becomes a formula) and the sheets' layout helpers."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.formatting.rule import ColorScale, FormatObject, Rule
from openpyxl.styles import Alignment, Color, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

# The safe cell writers live in io/ so that the study's workbooks share them.
from r57_mcda.io.xlsx_cells import FORMULA_PREFIXES, MAX_CELL_CHARS, excel_value, put

__all__ = [
    "FORMULA_PREFIXES",
    "INTEGER",
    "MAX_CELL_CHARS",
    "PERCENT",
    "POINTS",
    "SCORE",
    "WEIGHT",
    "SheetWriter",
    "Span",
    "excel_value",
    "header_text",
    "page_setup",
    "put",
]

SCORE = "0.0000"
POINTS = "0.00"
PERCENT = "0.0%"
INTEGER = "0"
WEIGHT = "0.0000"

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", start_color="1F4E78", end_color="1F4E78")
_TITLE_FONT = Font(bold=True, size=14, color="1F4E78")
_HEADING_FONT = Font(bold=True, size=12, color="1F4E78")
_LABEL_FONT = Font(bold=True)
_NOTE_FONT = Font(italic=True, color="595959")
_WARNING_FONT = Font(bold=True, color="9C0006")
_WARNING_FILL = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
#: Characters a paragraph spans before it wraps (the merged cells are at least this wide).
_PARAGRAPH_CHARS = 100
#: Points per line of wrapped text, and Excel's highest row.
_LINE_HEIGHT, _MAX_ROW_HEIGHT = 15.0, 409.0
_RED, _YELLOW, _GREEN, _WHITE = "F8696B", "FFEB84", "63BE7B", "FFFFFF"
_MIN_WIDTH, _MAX_WIDTH, _HEADER_WIDTH = 8, 60, 24
_NUMBER_WIDTH = 10
_Stop = Literal["min", "max", "num", "percentile"]


@dataclass(frozen=True)
class Span:
    """Where a table landed: its header row, data rows and columns (1-based, inclusive)."""

    header_row: int
    first_row: int
    last_row: int
    first_column: int
    last_column: int

    @property
    def empty(self) -> bool:
        """True when the table has no data rows."""
        return self.last_row < self.first_row

    def cells(self, first: int, last: int | None = None) -> str:
        """The A1 range of data columns ``first``..``last`` (1-based within the table)."""
        left = get_column_letter(self.first_column + first - 1)
        right = get_column_letter(self.first_column + (first if last is None else last) - 1)
        return f"{left}{self.first_row}:{right}{self.last_row}"


class SheetWriter:
    """Writes one sheet from top to bottom, keeping the next free row and column widths."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 1
        self._widths: dict[int, float] = {}
        self._paragraphs: list[tuple[int, str]] = []

    def _fit(self, column: int, value: Any, *, cap: int = _MAX_WIDTH) -> None:
        stored = excel_value(value)
        if stored is None:
            return
        width = min(len(stored), cap) if isinstance(stored, str) else _NUMBER_WIDTH
        self._widths[column] = max(self._widths.get(column, 0.0), width)

    def title(self, text: str) -> None:
        """A sheet title (does not widen its column)."""
        put(self.ws, self.row, 1, text, font=_TITLE_FONT)
        self.row += 1

    def heading(self, text: str) -> None:
        """A section heading after a blank row."""
        if self.row > 1:
            self.row += 1
        put(self.ws, self.row, 1, text, font=_HEADING_FONT)
        self.row += 1

    def note(self, text: str) -> None:
        """A line of explanation in grey italics."""
        put(self.ws, self.row, 1, text, font=_NOTE_FONT)
        self.row += 1

    def paragraph(
        self, text: str, *, warning: bool = False, bold: bool = False
    ) -> Cell | MergedCell:
        """A long text wrapped over merged cells about :data:`_PARAGRAPH_CHARS` wide.

        ``warning`` shows it in dark red on pink (a point the reader must not miss). The text
        stays in one cell (column A), so that it can be copied whole.
        """
        font = _WARNING_FONT if warning else (_LABEL_FONT if bold else None)
        cell = put(self.ws, self.row, 1, text, font=font)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if warning:
            cell.fill = _WARNING_FILL
        self._paragraphs.append((self.row, str(excel_value(text) or "")))
        self.row += 1
        return cell

    def skip(self, rows: int) -> None:
        """Leave ``rows`` empty rows (e.g. room for a chart)."""
        self.row += max(0, rows)

    def lines(self, texts: Iterable[str]) -> None:
        """Plain text, one line per row in column A (e.g. a file's content)."""
        for text in texts:
            put(self.ws, self.row, 1, text or None)
            self._fit(1, text)
            self.row += 1

    def pairs(self, items: Iterable[Sequence[Any]], *, formats: Sequence[str | None] = ()) -> None:
        """Label/value rows: a bold label in column A, then the values.

        ``formats`` gives the number format of each value column (B, C, ...).
        """
        for item in items:
            label, *values = item
            put(self.ws, self.row, 1, label, font=_LABEL_FONT)
            self._fit(1, label)
            for offset, value in enumerate(values):
                fmt = formats[offset] if offset < len(formats) else None
                put(self.ws, self.row, 2 + offset, value, number_format=fmt)
                self._fit(2 + offset, value)
            self.row += 1

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        formats: Sequence[str | None] = (),
        column: int = 1,
    ) -> Span:
        """A table with a styled header row; ``formats`` gives each column's number format."""
        header_row = self.row
        for offset, header in enumerate(headers):
            cell = put(self.ws, header_row, column + offset, header, font=_HEADER_FONT)
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            self._fit(column + offset, header, cap=_HEADER_WIDTH)
        self.row += 1
        for values in rows:
            for offset, value in enumerate(values):
                fmt = formats[offset] if offset < len(formats) else None
                put(self.ws, self.row, column + offset, value, number_format=fmt)
                self._fit(column + offset, value)
            self.row += 1
        return Span(header_row, header_row + 1, self.row - 1, column, column + len(headers) - 1)

    def colour_scale(self, cells: str, *, higher_is_better: bool = True) -> None:
        """Red-yellow-green colour scale on ``cells``, green for the better values."""
        low, high = (_RED, _GREEN) if higher_is_better else (_GREEN, _RED)
        rule = _colour_rule([("min", None, low), ("percentile", 50, _YELLOW), ("max", None, high)])
        self.ws.conditional_formatting.add(cells, rule)

    def shade(self, cells: str) -> None:
        """White-to-green colour scale on shares (0 to 1), greener for larger shares."""
        self.ws.conditional_formatting.add(
            cells, _colour_rule([("num", 0, _WHITE), ("num", 1, _GREEN)])
        )

    def finish(self, *, freeze: str | None = None, repeat_row: int | None = None) -> None:
        """Column widths, frozen panes and print setup (landscape, fit to one page wide).

        ``repeat_row`` is a header row printed at the top of every page.
        """
        for column, width in self._widths.items():
            bounded = min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)
            self.ws.column_dimensions[get_column_letter(column)].width = bounded
        self._lay_out_paragraphs()
        if freeze is not None:
            self.ws.freeze_panes = freeze
        if repeat_row is not None:
            self.ws.print_title_rows = f"{repeat_row}:{repeat_row}"
        setup = self.ws.page_setup
        setup.orientation = "landscape"
        setup.paperSize = self.ws.PAPERSIZE_A4
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

    def _width(self, column: int) -> float:
        """A column's width in characters, as :meth:`finish` set it (Excel's default else)."""
        width = self.ws.column_dimensions[get_column_letter(column)].width
        return float(width) if width else 8.43

    def _lay_out_paragraphs(self) -> None:
        """Merge each paragraph's row over enough columns and make the row tall enough."""
        for row, text in self._paragraphs:
            last, span = 1, self._width(1)
            while span < _PARAGRAPH_CHARS and last < 26:
                last += 1
                span += self._width(last)
            if last > 1:
                self.ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
            lines = sum(max(1, math.ceil(len(part) / max(span, 1.0))) for part in text.split("\n"))
            height = min(_LINE_HEIGHT * lines + 3, _MAX_ROW_HEIGHT)
            self.ws.row_dimensions[row].height = height


def page_setup(ws: Worksheet, *, left: str, center: str, right: str, footer: str) -> None:
    """Print area (every used cell), page header (three parts) and footer of ``ws``.

    The texts are header/footer text: ``&`` starts a code (``&P`` the page, ``&N`` the pages),
    so a literal ampersand in a name must be written ``&&`` (see :func:`header_text`).
    """
    last_column = get_column_letter(max(ws.max_column, 1))
    ws.print_area = f"A1:{last_column}{max(ws.max_row, 1)}"
    header, page_footer = ws.oddHeader, ws.oddFooter
    if header is not None:
        header.left.text, header.center.text, header.right.text = left, center, right
    if page_footer is not None:
        page_footer.center.text = footer


#: Excel's limit on the characters of each header or footer part we write.
_HEADER_PART_CHARS = 80


def header_text(text: str) -> str:
    """``text`` for a page header: ampersands doubled (not codes), at most 80 characters."""
    plain = str(excel_value(text) or "").replace("\n", " ")
    if len(plain) > _HEADER_PART_CHARS:
        plain = plain[: _HEADER_PART_CHARS - 1] + "…"
    return plain.replace("&", "&&")


def _colour_rule(stops: Sequence[tuple[_Stop, float | None, str]]) -> Rule:
    """A conditional-format colour scale through ``(kind, value, RGB colour)`` stops."""
    return Rule(
        type="colorScale",
        colorScale=ColorScale(
            cfvo=[FormatObject(type=kind, val=value) for kind, value, _ in stops],
            color=[Color(rgb=colour) for *_, colour in stops],
        ),
    )
