"""Reading input files (CSV, XLSX, TOML): the only layer that touches files.

The readers are re-exported lazily, so that importing a light module of this package (for
example ``r57_mcda.io.bundled`` at CLI start-up) does not import pandas and openpyxl.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Source": "tables",
    "Table": "tables",
    "read_table": "tables",
    "read_tables": "tables",
    "source_name": "tables",
    "criteria_to_toml": "criteria",
    "load_criteria": "criteria",
    "load_experts": "panel",
    "load_matrix": "panel",
    "load_panel": "panel",
    "load_scores": "panel",
    "load_scores_any": "panel",
    "load_technologies": "panel",
    "load_wide_workbook": "panel",
}

__all__ = [
    "Source",
    "Table",
    "criteria_to_toml",
    "load_criteria",
    "load_experts",
    "load_matrix",
    "load_panel",
    "load_scores",
    "load_scores_any",
    "load_technologies",
    "load_wide_workbook",
    "read_table",
    "read_tables",
    "source_name",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'r57_mcda.io' has no attribute '{name}'")
    return getattr(importlib.import_module(f"r57_mcda.io.{module}"), name)
