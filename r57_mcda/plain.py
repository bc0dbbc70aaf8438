"""Results as JSON-ready plain data: floats (NaN as None), ints, strings, lists and dicts."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd


def plain(value: Any, *, records: bool = False) -> Any:
    """``value`` with numpy and pandas scalars, arrays, Series and frames made plain.

    NaN and infinities become None (JSON has no NaN); tuples and sets become lists; mappings
    keep their keys as strings. A Series becomes a mapping by index; a DataFrame a mapping of
    rows by index, or with ``records`` a list of rows (each a mapping by column).
    """
    if isinstance(value, pd.DataFrame):
        if records:
            return [plain(row, records=True) for row in value.to_dict(orient="records")]
        return {str(row): plain(value.loc[row]) for row in value.index}
    if isinstance(value, pd.Series | Mapping):
        return {str(key): plain(item, records=records) for key, item in value.items()}
    if isinstance(value, np.ndarray):
        return [plain(item, records=records) for item in value.tolist()]
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item, records=records) for item in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return number if math.isfinite(number) else None
    return value
