"""Read AHP pairwise comparison matrices from CSV/XLSX: one expert's, or a panel's.

Layout: a first column ``criterion`` with the row ids, then one column per id (the same ids, any
order). Cell (row i, column j) says how much more important i is than j on Saaty's 1-9 scale:
a number ("3", "0.333", decimal comma in ``;``-separated CSV) or a fraction ("1/3"). Every cell
is required, the diagonal included. Every problem of a file (structure, unreadable or missing
cells, and the checks of :func:`r57_mcda.weighting.ahp.pairwise_issues`) is reported at
once, located by file, sheet, row and column.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import cast

import pandas as pd

from r57_mcda.errors import InputError, Problem
from r57_mcda.io.tables import Source, Table, parse_number, read_table, read_tables
from r57_mcda.weighting.ahp import pairwise_issues

ID_COLUMN = "criterion"


def parse_judgment(text: str, *, decimal_comma: bool = False) -> float | None:
    """A judgment written as a number or a fraction "a/b"; ``None`` when it is neither."""
    if "/" in text:
        parts = text.split("/")
        if len(parts) != 2:
            return None
        num, den = (parse_number(p, decimal_comma=decimal_comma) for p in parts)
        if num is None or den is None or den == 0:
            return None
        return num / den
    return parse_number(text, decimal_comma=decimal_comma)


def _parse(table: Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The numeric matrix of one table (``None`` if its structure is broken) and its problems."""
    problems = table.missing_columns([ID_COLUMN])
    if problems:
        return None, problems
    frame = table.frame
    ids = [str(x) for x in frame[ID_COLUMN]]
    columns = [str(c) for c in frame.columns if c != ID_COLUMN]
    for i, rid in enumerate(ids):
        if not rid:
            problems.append(table.problem("input_pairwise_id_empty", i=i, column=ID_COLUMN))
        elif ids.index(rid) != i:
            problems.append(
                table.problem("input_pairwise_second_row", i=i, column=ID_COLUMN, id=rid)
            )
    named = [r for r in ids if r]
    for c in columns:
        if c not in named:
            problems.append(table.problem("input_pairwise_column_no_row", column=c, label=c))
    for r in dict.fromkeys(named):
        if r not in columns:
            problems.append(table.problem("input_pairwise_row_no_column", id=r))
    if problems:
        return None, problems

    values = pd.DataFrame(float("nan"), index=ids, columns=ids)
    unreadable: set[tuple[str, str]] = set()
    for i, rid in enumerate(ids):
        for c in columns:
            text = str(frame.iat[i, frame.columns.get_loc(c)]).strip()
            value = parse_judgment(text, decimal_comma=table.decimal_comma)
            if value is None:
                unreadable.add((rid, c))
                if text:
                    problem = table.problem("input_pairwise_unreadable", i=i, column=c, text=text)
                else:
                    problem = table.problem("input_pairwise_missing", i=i, column=c)
                problems.append(problem)
            else:
                values.at[rid, c] = value
    for issue in pairwise_issues(values):
        if (issue.row, issue.column) in unreadable or (issue.column, issue.row) in unreadable:
            continue
        at = ids.index(issue.row) if issue.row is not None else None
        problems.append(table.problem(issue.code, i=at, column=issue.column, **issue.params))
    return values, problems


def _named(matrix: pd.DataFrame, name: str, file: str) -> pd.DataFrame:
    matrix.attrs["name"] = name
    matrix.attrs["file"] = file
    return matrix


def load_pairwise(
    source: Source, *, name: str | None = None, sheet: str | None = None
) -> pd.DataFrame:
    """Read one pairwise comparison matrix.

    Parameters
    ----------
    source
        Path, bytes or binary file object of a CSV or XLSX file.
    name
        The file name to report (needed for bytes; its extension tells CSV from XLSX).
    sheet
        The sheet of a workbook (default: the first).

    Returns
    -------
    pandas.DataFrame
        Float judgments, rows and columns in the file's row order; ``attrs["name"]`` is the
        file's stem (the expert's label in a panel), ``attrs["file"]`` the file's name as given
        (how warnings name the matrix).

    Raises
    ------
    InputError
        Every problem of the file, each with file, sheet, row and column.
    """
    table = read_table(source, name=name, sheet=sheet)
    matrix, problems = _parse(table)
    if problems or matrix is None:
        raise InputError(problems)
    return _named(matrix, Path(table.file).stem, table.file)


def load_pairwise_panel(
    sources: Source | Sequence[Source], *, names: Sequence[str | None] | None = None
) -> list[pd.DataFrame]:
    """Read a panel's pairwise matrices: several files, or one workbook with a sheet per expert.

    Every non-empty sheet of every file is one expert's matrix. A matrix's ``attrs["name"]``
    is its sheet name when its workbook has several sheets, else its file's stem.

    Parameters
    ----------
    sources
        One source (a workbook with one sheet per expert) or a sequence of sources.
    names
        File names for the sources (needed for bytes), in the same order.

    Raises
    ------
    InputError
        Every problem of every file and sheet, located.
    """
    # bytes and str are sequences too: tell one source from a list of them explicitly.
    if isinstance(sources, str | bytes | os.PathLike) or hasattr(sources, "read"):
        listed = [cast(Source, sources)]
    else:
        listed = list(sources)
    labels = list(names) if names is not None else [None] * len(listed)
    if len(labels) != len(listed):
        params = {"names": len(labels), "files": len(listed)}
        raise InputError(Problem("input_pairwise_names", params=params))
    matrices: list[pd.DataFrame] = []
    problems: list[Problem] = []
    for source, label in zip(listed, labels, strict=True):
        try:
            tables = [t for t in read_tables(source, name=label) if not t.frame.columns.empty]
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        for table in tables:
            matrix, found = _parse(table)
            problems.extend(found)
            if matrix is not None and not found:
                expert = table.sheet if len(tables) > 1 and table.sheet else Path(table.file).stem
                where = f"{table.file} [{table.sheet}]" if len(tables) > 1 else table.file
                matrices.append(_named(matrix, expert, where))
    if problems:
        raise InputError(problems)
    if not matrices:
        raise InputError(Problem("input_pairwise_none"))
    return matrices
