"""Read expert scores: the long table, or one wide sheet per expert, into one long frame."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import partial

import pandas as pd

from r57_mcda.errors import Problem, raise_if_errors
from r57_mcda.io.levels import EXPERTISE, parse_level
from r57_mcda.io.tables import (
    Source,
    Table,
    collect_problems,
    is_note_sheet,
    parse_number,
    pick_table,
    read_tables,
    table_cell,
)
from r57_mcda.io.validation import not_a_score
from r57_mcda.models import SCORE_COLUMNS

#: Message ids of an empty id cell, by column.
_EMPTY_CODES: dict[str, str] = {
    "expert": "input_expert_empty",
    "technology": "input_technology_empty",
    "criterion": "input_criterion_empty",
}

#: Columns that make a sheet a long score table.
LONG_COLUMNS: tuple[str, ...] = ("expert", "technology", "criterion", "score")


#: Descriptive columns of a wide sheet that are not criteria (``comment`` feeds each score row).
WIDE_INFO_COLUMNS = frozenset(
    {
        "name",
        "name_vi",
        "group",
        "group_name",
        "group_name_vi",
        "description",
        "description_vi",
        "comment",
        EXPERTISE,
    }
)


_TEXT_COLUMNS = [c for c in SCORE_COLUMNS if c not in ("score", "confidence", "source_row")]


_NA = frozenset({"NA", "N/A"})


class _ScoreRows:
    """Accumulates parsed score rows; a row with any problem is reported and left out.

    The frame has the optional ``expertise`` column when a table read had it (``with_levels``).
    """

    def __init__(self) -> None:
        self.data: dict[str, list[object]] = {c: [] for c in (*SCORE_COLUMNS, EXPERTISE)}
        self.problems: list[Problem] = []
        self.with_levels = False

    def add(
        self,
        table: Table,
        i: int,
        ids: tuple[str, str, str],
        score: tuple[str, str],
        *,
        confidence: str = "",
        comment: str = "",
        expertise: str = "",
    ) -> None:
        """Add frame row ``i``: ids (expert, technology, criterion), score (text, its column).

        A score written as a formula is read as the value Excel saved with it, with a warning;
        a formula without a saved value is an error (never an abstention).
        """
        before = len(self.problems)
        formula = table.formula(i, score[1])
        if formula is not None:
            written, saved = formula
            if not saved:
                self.problems.append(
                    table.problem("input_formula_no_value", i=i, column=score[1], formula=written)
                )
                return
            self.problems.append(
                table.problem(
                    "input_formula_cached",
                    i=i,
                    column=score[1],
                    severity="warning",
                    formula=written,
                    value=saved,
                )
            )
            before += 1
        for column, value in zip(("expert", "technology", "criterion"), ids, strict=True):
            if not value:
                self.problems.append(table.problem(_EMPTY_CODES[column], i=i, column=column))
        text, column = score
        parsed = _parse_score(text, decimal_comma=table.decimal_comma)
        if parsed is None:
            code, params = not_a_score(text)
            self.problems.append(table.problem(code, i=i, column=column, **params))
        certainty = (
            parse_number(confidence, decimal_comma=table.decimal_comma) if confidence else math.nan
        )
        if certainty is None:
            problem = table.problem(
                "input_confidence_not_a_number", i=i, column="confidence", value=confidence
            )
            self.problems.append(problem)
        level = parse_level(expertise, decimal_comma=table.decimal_comma)
        if level is None:
            self.add_bad_level(table, i, expertise)
        if len(self.problems) > before or parsed is None or certainty is None or level is None:
            return
        row = (
            *ids,
            *parsed,
            certainty,
            comment,
            table.file,
            table.sheet or "",
            table.row_number(i),
        )
        for key, cell in zip((*SCORE_COLUMNS, EXPERTISE), (*row, level), strict=True):
            self.data[key].append(cell)

    def add_bad_level(self, table: Table, i: int, text: str) -> None:
        """Report the ``expertise`` cell of frame row ``i``: not a level 1 to 5."""
        self.problems.append(
            table.problem("xpagg_level_not_valid", i=i, column=EXPERTISE, value=text)
        )

    def frame(self) -> pd.DataFrame:
        """The accumulated rows with the dtypes of every score table."""
        frame = _typed(pd.DataFrame(self.data))
        return frame if self.with_levels else frame.drop(columns=EXPERTISE)


def load_scores(source: Source, *, name: str | None = None) -> pd.DataFrame:
    """Load long-form scores (``expert, technology, criterion, score[, confidence, comment,
    expertise]``).

    The sheet is the first one holding those columns. ``score`` is a float, NaN for an
    abstention; ``abstention`` is "" when scored, "blank", "NA" (NA, N/A) or "COI". A
    semicolon-separated CSV may write decimals with a comma ("3,5"). ``expertise`` (optional)
    is the expert's self-rated familiarity with the technology, a whole number 1 to 5 or blank
    (:mod:`r57_mcda.io.levels`).

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`r57_mcda.models.SCORE_COLUMNS`, then ``expertise`` (a float, NaN
        where blank) when the file has that column; ``source_sheet`` is "" for CSV.

    Raises
    ------
    InputError
        Missing columns, empty ids, non-numeric scores or confidences, levels that are not
        1 to 5, no rows.
    """
    frame, problems = _long_scores(pick_table(read_tables(source, name=name), LONG_COLUMNS))
    raise_if_errors(problems)
    return frame


def load_wide_workbook(source: Source, *, name: str | None = None) -> pd.DataFrame:
    """Load a workbook with one sheet per expert (sheet name = expert id) in long form.

    Each sheet has ``technology`` as first column and one column per criterion id; the
    columns in :data:`WIDE_INFO_COLUMNS` are not criteria. Sheets whose name starts with "_"
    and empty sheets are skipped.

    Raises
    ------
    InputError
        As :func:`load_scores`, plus sheets without a ``technology`` first column.
    """
    frame, problems = _wide_scores(read_tables(source, name=name))
    raise_if_errors(problems)
    return frame


def load_scores_any(sources: Sequence[tuple[Source, str]]) -> pd.DataFrame:
    """Load one or several score files, each long or wide, into one long table.

    Raises
    ------
    InputError
        With every problem of every file.
    """
    frame, problems = _all_scores(list(sources))
    raise_if_errors(problems)
    return frame


def _parse_score(text: str, *, decimal_comma: bool) -> tuple[float, str] | None:
    """(score, abstention) for a cell, or None when it is neither a number nor an abstention."""
    if not text:
        return math.nan, "blank"
    if text.upper() in _NA:
        return math.nan, "NA"
    if text.upper() == "COI":
        return math.nan, "COI"
    value = parse_number(text, decimal_comma=decimal_comma)
    return None if value is None else (value, "")


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    types: dict[str, str] = dict.fromkeys(_TEXT_COLUMNS, "str")
    types |= {"score": "float64", "confidence": "float64", "source_row": "int64"}
    types |= {EXPERTISE: "float64"}
    return frame.astype(types)


def _only_formulas(table: Table, columns: Sequence[str]) -> Problem | None:
    """An error when the score cells of ``columns`` that hold anything are all formulas."""
    if not table.formulas:
        return None
    filled = [
        (i, c)
        for c in columns
        for i in range(len(table.frame))
        if table_cell(table, i, c) or table.formula(i, c) is not None
    ]
    if filled and all(table.formula(i, c) is not None for i, c in filled):
        return table.problem("input_sheet_only_formulas")
    return None


def _long_scores(table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    rows = _ScoreRows()
    rows.problems += table.missing_columns(LONG_COLUMNS)
    if not rows.problems and table.frame.empty:
        rows.problems.append(table.problem("input_scores_header_only"))
    if rows.problems:
        return rows.frame(), rows.problems
    if (only := _only_formulas(table, ["score"])) is not None:
        rows.problems.append(only)
    cols: dict[str, list[str]] = {c: table.frame[c].tolist() for c in table.frame.columns}
    blank = [""] * len(table.frame)
    rows.with_levels |= EXPERTISE in cols
    for i in range(len(table.frame)):
        rows.add(
            table,
            i,
            (cols["expert"][i], cols["technology"][i], cols["criterion"][i]),
            (cols["score"][i], "score"),
            confidence=cols.get("confidence", blank)[i],
            comment=cols.get("comment", blank)[i],
            expertise=cols.get(EXPERTISE, blank)[i],
        )
    return rows.frame(), rows.problems


def _wide_scores(tables: Sequence[Table]) -> tuple[pd.DataFrame, list[Problem]]:
    rows = _ScoreRows()
    sheets = [t for t in tables if not t.frame.columns.empty and not is_note_sheet(t.sheet)]
    if tables[0].sheet is None:
        rows.problems.append(tables[0].problem("input_scores_layout_unknown"))
    elif not sheets:
        rows.problems.append(tables[0].problem("input_no_expert_sheets"))
    for table in sheets if tables[0].sheet is not None else []:
        _add_wide_sheet(table, rows)
    return rows.frame(), rows.problems


def _add_wide_sheet(table: Table, rows: _ScoreRows) -> None:
    first = str(table.frame.columns[0])
    if first != "technology":
        rows.problems.append(table.problem("input_wide_first_column", column=first, found=first))
        return
    criteria = [c for c in table.frame.columns[1:] if c not in WIDE_INFO_COLUMNS]
    if not criteria:
        rows.problems.append(table.problem("input_wide_no_criteria"))
    if table.frame.empty:
        rows.problems.append(table.problem("input_wide_header_only"))
    expert = (table.sheet or "").strip()
    rows.with_levels |= EXPERTISE in table.frame.columns
    if (only := _only_formulas(table, criteria)) is not None:
        rows.problems.append(only)
    for i in range(len(table.frame)):
        technology = table_cell(table, i, "technology")
        # The technology's level, on each of its score rows (a bad one is reported once).
        level = table_cell(table, i, EXPERTISE)
        if parse_level(level, decimal_comma=table.decimal_comma) is None:
            rows.add_bad_level(table, i, level)
            level = ""
        for criterion in criteria:
            score = (table_cell(table, i, criterion), criterion)
            comment = table_cell(table, i, "comment")
            ids = (expert, technology, criterion)
            rows.add(table, i, ids, score, comment=comment, expertise=level)


def _all_scores(sources: Sequence[tuple[Source, str]]) -> tuple[pd.DataFrame, list[Problem]]:
    """Each file long (it has at least two long columns) or wide, concatenated."""
    problems: list[Problem] = []
    frames = []
    if not sources:
        problems.append(Problem("input_no_score_files"))
    for source, name in sources:
        tables = collect_problems(problems, partial(read_tables, source, name=name))
        if tables is None:
            continue
        longish = [t for t in tables if len(set(LONG_COLUMNS) & set(t.frame.columns)) >= 2]
        frame, found = (
            _long_scores(pick_table(longish, LONG_COLUMNS)) if longish else _wide_scores(tables)
        )
        frames.append(frame)
        problems += found
    filled = [f for f in frames if not f.empty]
    frame = pd.concat(filled, ignore_index=True) if filled else _ScoreRows().frame()
    return frame, problems
