"""The secretariat's password gate: when a deployment sets ``R57_SECRETARIAT_PASSWORD``, the
Study page and the analysis pages ask for it once per browser session (experts' personal links
never do)."""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from enum import StrEnum

import streamlit as st

from r57_mcda.i18n import t
from r57_mcda.ui.state import lang

#: The environment variable holding the secretariat's password (unset or empty: no gate).
PASSWORD_VARIABLE = "R57_SECRETARIAT_PASSWORD"
#: Seconds a wrong password waits before it is answered, to slow down guessing.
WRONG_PASSWORD_DELAY = 1.0


class GateKey(StrEnum):
    """The gate's widget and session-state keys."""

    PASSWORD = "secretariat_password"
    UNLOCK = "secretariat_unlock"
    UNLOCKED = "secretariat_unlocked"
    WRONG = "secretariat_wrong"


def _password() -> str:
    return os.environ.get(PASSWORD_VARIABLE, "")


def _fingerprint(password: str) -> str:
    # The session keeps which password it was unlocked with (as a digest, never the password),
    # so that a changed password locks every session again.
    return hashlib.sha256(password.encode("utf-8")).hexdigest()


def _unlock() -> None:
    expected = _password()
    given = str(st.session_state.get(GateKey.PASSWORD) or "")
    st.session_state[GateKey.PASSWORD] = ""
    if expected and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        st.session_state[GateKey.UNLOCKED] = _fingerprint(expected)
        st.session_state.pop(GateKey.WRONG, None)
        return
    time.sleep(WRONG_PASSWORD_DELAY)
    st.session_state[GateKey.WRONG] = True


def is_unlocked() -> bool:
    """Whether this session may see the secretariat's pages (always, without a password)."""
    expected = _password()
    if not expected:
        return True
    return st.session_state.get(GateKey.UNLOCKED) == _fingerprint(expected)


def secretariat_gate() -> bool:
    """True when the secretariat's pages may be drawn; otherwise draw the password prompt and
    return False (the caller then stops the page with ``st.stop()``)."""
    if is_unlocked():
        return True
    language = lang()
    st.subheader(t("studyui_gate_title", language))
    st.write(t("studyui_gate_intro", language))
    st.text_input(t("studyui_gate_password", language), type="password", key=GateKey.PASSWORD)
    st.button(t("studyui_gate_unlock", language), key=GateKey.UNLOCK, on_click=_unlock)
    if st.session_state.get(GateKey.WRONG):
        st.error(t("studyui_gate_wrong", language))
    return False
