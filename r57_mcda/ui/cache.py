"""Cached computations for the app, keyed on hashable inputs (file bytes and settings)."""

from __future__ import annotations

import streamlit as st

from r57_mcda.aggregation import PanelAggregate
from r57_mcda.agreement import Agreement, assess_agreement
from r57_mcda.analysis import decision_matrix, spec_for
from r57_mcda.io.inputs import InputFile, LoadedInputs, load_inputs


@st.cache_data(show_spinner=False, max_entries=16)
def loaded_inputs(files: tuple[InputFile, ...], quorum: int = 3) -> LoadedInputs:
    """Parse and validate the input files (raises InputError with every problem)."""
    return load_inputs(files, quorum=quorum)


@st.cache_data(show_spinner=False, max_entries=64)
def panel_summary(
    files: tuple[InputFile, ...],
    aggregation: str,
    balance_groups: bool,
    iqr_threshold: float,
) -> tuple[PanelAggregate, Agreement]:
    """The aggregated panel and its agreement statistics."""
    loaded = loaded_inputs(files)
    spec = spec_for(loaded, aggregation=aggregation, balance_groups=balance_groups)
    _, aggregate = decision_matrix(loaded, spec)
    assert loaded.panel is not None and aggregate is not None
    agreement = assess_agreement(loaded.panel, aggregate, iqr_threshold=iqr_threshold)
    return aggregate, agreement
