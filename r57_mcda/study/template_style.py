"""The look of the scoring workbook: fonts, fills, protection, and the notes on its headers."""

from __future__ import annotations

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.worksheet import Worksheet

TITLE_FONT = Font(bold=True, size=14, color="1F4E78")
HEADING_FONT = Font(bold=True, size=12, color="1F4E78")
BOLD = Font(bold=True)
ID_FONT = Font(color="808080", size=9)
HEADER_FILL = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
#: An input cell still to answer (a conditional format: it goes once the cell is filled).
EMPTY_FILL = PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC", bgColor="FFF2CC")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center")
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)
FEEDBACK_FILL = PatternFill("solid", start_color="E7E6E6", end_color="E7E6E6")
FEEDBACK_FONT = Font(color="595959")
#: The author of the notes on header cells.
NOTE_AUTHOR = "r57-mcda"


def protect(ws: Worksheet) -> None:
    """Protect ``ws`` (no password) while letting columns and rows be resized."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def note(cell: Cell | MergedCell, text: str, *, width: int = 320) -> None:
    """Attach ``text`` to ``cell`` as a note (shown on hover, also on a protected sheet)."""
    comment = Comment(text, NOTE_AUTHOR)
    comment.width = width
    comment.height = 40 + 18 * (len(text) // 45 + text.count("\n"))
    cell.comment = comment
