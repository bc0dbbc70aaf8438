"""Read an already aggregated decision matrix (a technology column and one per criterion)."""

from __future__ import annotations

import math

import pandas as pd

from r57_mcda.errors import raise_if_errors
from r57_mcda.io.tables import Source, parse_number, pick_table, read_tables
from r57_mcda.io.validation import validate_matrix
from r57_mcda.models import CriteriaSet


def load_matrix(
    source: Source, *, name: str | None = None, criteria: CriteriaSet | None = None
) -> pd.DataFrame:
    """Load an aggregated decision matrix: a ``technology`` column and one per criterion id.

    Parameters
    ----------
    source, name
        The file and the name shown in problems.
    criteria
        When given, its criteria are the columns returned (in its order); other columns are
        ignored. When None, every column but ``technology`` is a criterion.

    Returns
    -------
    pandas.DataFrame
        Floats indexed by technology id (index name ``technology``).

    Raises
    ------
    InputError
        Missing columns, empty technology ids, duplicate technologies, empty or non-numeric
        cells: every problem at once.
    """
    table = pick_table(read_tables(source, name=name), ("technology",))
    problems = table.missing_columns(["technology"])
    raise_if_errors(problems)
    frame = table.frame
    keep = [i for i, t in enumerate(frame["technology"]) if t]
    problems += [
        table.problem("input_technology_empty", i=i, column="technology")
        for i in range(len(frame))
        if i not in set(keep)
    ]
    columns = [c for c in frame.columns if c != "technology"]
    cells = {
        c: [_matrix_cell(frame[c].iat[i], decimal_comma=table.decimal_comma) for i in keep]
        for c in columns
    }
    index = pd.Index([frame["technology"].iat[i] for i in keep], name="technology", dtype="str")
    matrix = pd.DataFrame(cells, index=index, columns=columns, dtype=object)
    rows = [table.row_number(i) for i in keep]
    problems += validate_matrix(matrix, criteria, file=table.file, sheet=table.sheet, rows=rows)
    raise_if_errors(problems)
    return matrix[criteria.ids if criteria is not None else columns].astype(float)


def _matrix_cell(text: str, *, decimal_comma: bool) -> object:
    """A float, NaN for a blank, or the text itself for validation to report."""
    if not text:
        return math.nan
    value = parse_number(text, decimal_comma=decimal_comma)
    return text if value is None else value
