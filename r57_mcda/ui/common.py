"""Widgets shared by the pages: language switch, problem tables, number formatting."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from r57_mcda.errors import Problem
from r57_mcda.i18n import LANGUAGES, t
from r57_mcda.ui.state import Key, lang


def language_switch() -> None:
    """The sidebar's English / Tiếng Việt switch."""
    st.sidebar.radio(
        t("language", lang()),
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key=Key.LANG,
        horizontal=True,
    )


def problems_frame(problems: Sequence[Problem], language: str) -> pd.DataFrame:
    """Problems as a table with translated headers (file, sheet, row, column, message)."""
    rows = [
        {
            t("col_severity", language): p.severity,
            t("col_file", language): p.file,
            t("col_sheet", language): p.sheet or "",
            t("col_row", language): "" if p.row is None else str(p.row),
            t("col_column", language): p.column or "",
            t("col_message", language): p.message,
        }
        for p in problems
    ]
    return pd.DataFrame(rows)


def show_problems(problems: Sequence[Problem], language: str) -> None:
    """Render a problem table (nothing when there are none)."""
    if problems:
        st.dataframe(problems_frame(problems, language), hide_index=True)
