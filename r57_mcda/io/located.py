"""Small helpers of the readers' checks: a score row's place in its file, numbers, blanks."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from r57_mcda.errors import Problem, Severity

SCORE_KEY = ["expert", "technology", "criterion"]


def finite_numbers(values: pd.Series) -> pd.Series:
    """Finite floats, NaN for anything else (text, blanks, infinities)."""
    numeric = pd.to_numeric(values, errors="coerce").astype(float)
    return numeric.where(np.isfinite(numeric))


def is_blank(value: object) -> bool:
    """Whether a cell is empty: None, NaN, or text of spaces only."""
    return value is None or (isinstance(value, str) and not value.strip()) or bool(pd.isna(value))


def locate(
    frame: pd.DataFrame,
    k: int,
    code: str,
    column: str | None,
    params: Mapping[str, object] | None = None,
    *,
    severity: Severity = "error",
) -> Problem:
    """Problem ``code`` (with ``params``) at the file, sheet and row of ``frame``'s row ``k``."""
    file, sheet, row = frame.iloc[k][["source_file", "source_sheet", "source_row"]]
    return Problem(
        code,
        file if isinstance(file, str) else "",
        sheet if isinstance(sheet, str) and sheet else None,
        None if pd.isna(row) else int(row),
        column,
        severity,
        dict(params or {}),
    )
