"""A study as the analysis pages' data: opened from the Study page, named in the URL
(``?study=ID&round=N``) so that a refresh reads it from the store again."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from r57_mcda.errors import R57Error
from r57_mcda.study.inputs import study_data
from r57_mcda.ui.state import Key
from r57_mcda.ui.store import store

STUDY_PARAM = "study"
ROUND_PARAM = "round"


def _load(study_id: int, round_no: int | None) -> bool:
    try:
        data = study_data(store(), study_id, round_no)
    except R57Error as exc:
        st.session_state[Key.STUDY_ERROR] = exc
        return False
    st.session_state[Key.FILES] = data.files
    st.session_state[Key.SAMPLE] = False
    st.session_state[Key.REJECTED] = ()
    # The round is pinned only when asked for; else the latest round is read again.
    st.session_state[Key.STUDY] = (study_id, round_no, data.round_no, data.study.name, _now())
    st.session_state[Key.STUDY_ERROR] = None
    return True


def _now() -> str:
    return datetime.now(UTC).astimezone().strftime("%H:%M")


def open_study(study_id: int, round_no: int | None = None) -> None:
    """Load the study's current data into the session (an error is kept to be shown)."""
    if _load(study_id, round_no):
        keep_study_in_url()


def leave_study() -> None:
    """The analysis pages no longer show a study (other files were loaded)."""
    st.session_state[Key.STUDY] = None
    for param in (STUDY_PARAM, ROUND_PARAM):
        if param in st.query_params:
            del st.query_params[param]


def restore_study() -> bool:
    """At a session's start: load the study the URL names; False when none (or it failed)."""
    text = st.query_params.get(STUDY_PARAM)
    if not text:
        return False
    round_text = st.query_params.get(ROUND_PARAM)
    try:
        study_id = int(text)
        round_no = int(round_text) if round_text else None
    except ValueError:
        return False
    return _load(study_id, round_no)


def keep_study_in_url() -> None:
    """Write the study in use into the URL (page switches clear query parameters)."""
    source = st.session_state.get(Key.STUDY)
    if not source:
        return
    study_id, pinned = source[0], source[1]
    if st.query_params.get(STUDY_PARAM) != str(study_id):
        st.query_params[STUDY_PARAM] = str(study_id)
    if pinned is not None and st.query_params.get(ROUND_PARAM) != str(pinned):
        st.query_params[ROUND_PARAM] = str(pinned)


def study_in_use() -> tuple[int, int, str, str] | None:
    """(study id, round, name, read at) of the study the analysis pages show, if any."""
    source = st.session_state.get(Key.STUDY)
    if not source:
        return None
    return (source[0], source[2], source[3], source[4])
