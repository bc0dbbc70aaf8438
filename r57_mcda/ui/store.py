"""The app's handle on the study store: one Database per database URL, shared by sessions."""

from __future__ import annotations

import streamlit as st

from r57_mcda.study.db import Database, database_url


@st.cache_resource(show_spinner=False)
def _open(url: str) -> Database:
    return Database(url)


def store() -> Database:
    """The study store named by ``$R57_DATABASE_URL`` (else the SQLite default), opened once
    per URL and shared by every session of the app."""
    return _open(database_url())


def store_at(url: str) -> Database:
    """The study store at ``url``, opened once and shared (for cached steps keyed on it)."""
    return _open(url)
