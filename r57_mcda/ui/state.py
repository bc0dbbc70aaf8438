"""Session-state keys and accessors: the user's choices, never derived results."""

from __future__ import annotations

from enum import StrEnum
from typing import cast

import streamlit as st

from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.inputs import InputFile


class Key(StrEnum):
    """Every widget and session-state key of the app."""

    LANG = "lang"
    FILES = "input_files"
    SAMPLE = "using_sample"
    REJECTED = "rejected_problems"
    UPLOAD_SCORES = "upload_scores"
    UPLOAD_CRITERIA = "upload_criteria"
    UPLOAD_TECHNOLOGIES = "upload_technologies"
    UPLOAD_EXPERTS = "upload_experts"
    UPLOAD_MATRIX = "upload_matrix"
    LOAD_UPLOADS = "load_uploads"
    RESET_SAMPLE = "reset_sample"
    AGGREGATE = "aggregate"
    BALANCE = "balance_groups"
    IQR_THRESHOLD = "iqr_threshold"


def sample_files() -> tuple[InputFile, ...]:
    """The bundled sample panel as input files."""
    paths = sample_paths()
    return tuple(
        InputFile.from_path(role, paths[role], name=paths[role].name)
        for role in ("criteria", "scores", "technologies", "experts")
    )


def init_state() -> None:
    """Set defaults once per browser session (each session has its own state)."""
    st.session_state.setdefault(Key.LANG, "en")
    if Key.FILES not in st.session_state:
        st.session_state[Key.FILES] = sample_files()
        st.session_state[Key.SAMPLE] = True
    st.session_state.setdefault(Key.AGGREGATE, "mean")
    st.session_state.setdefault(Key.BALANCE, False)
    st.session_state.setdefault(Key.IQR_THRESHOLD, 1.0)


def lang() -> str:
    """The chosen language, "en" or "vi"."""
    return cast(str, st.session_state.get(Key.LANG, "en"))


def files() -> tuple[InputFile, ...]:
    """The input files of the current analysis."""
    return cast(tuple[InputFile, ...], st.session_state[Key.FILES])
