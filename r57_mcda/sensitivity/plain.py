"""Results as JSON-ready plain data: floats (NaN as None), ints, strings, lists and dicts."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd


def plain(value: Any) -> Any:
    """``value`` with numpy and pandas scalars, arrays, Series and frames made plain.

    NaN and infinities become None (JSON has no NaN); tuples become lists; mappings keep their
    keys as strings. A Series becomes a mapping by index; a DataFrame a mapping of rows.
    """
    if isinstance(value, pd.DataFrame):
        return {str(row): plain(value.loc[row]) for row in value.index}
    if isinstance(value, pd.Series):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, np.ndarray):
        return [plain(item) for item in value.tolist()]
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return number if math.isfinite(number) else None
    return value
