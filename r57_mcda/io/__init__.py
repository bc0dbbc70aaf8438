"""Reading input files (CSV, XLSX, TOML): the only layer that touches files."""

from r57_mcda.io.criteria import criteria_to_toml, load_criteria
from r57_mcda.io.panel import (
    load_experts,
    load_matrix,
    load_panel,
    load_scores,
    load_scores_any,
    load_technologies,
    load_wide_workbook,
)
from r57_mcda.io.tables import Source, Table, read_table, read_tables, source_name

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
