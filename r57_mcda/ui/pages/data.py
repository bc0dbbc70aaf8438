"""Data page: the loaded panel, its validation report, and uploads that replace it."""

from __future__ import annotations

from typing import Any

import streamlit as st

from r57_mcda.errors import InputError
from r57_mcda.i18n import t
from r57_mcda.io.inputs import InputFile, LoadedInputs, Role
from r57_mcda.ui.cache import loaded_inputs
from r57_mcda.ui.common import show_problems
from r57_mcda.ui.state import Key, files, lang, sample_files
from r57_mcda.ui.study_source import leave_study

UPLOADS: tuple[tuple[Key, Role, str, list[str], bool], ...] = (
    (Key.UPLOAD_SCORES, "scores", "upload_scores", ["csv", "xlsx"], True),
    (Key.UPLOAD_CRITERIA, "criteria", "upload_criteria", ["toml", "csv", "xlsx"], False),
    (Key.UPLOAD_TECHNOLOGIES, "technologies", "upload_technologies", ["csv", "xlsx"], False),
    (Key.UPLOAD_EXPERTS, "experts", "upload_experts", ["csv", "xlsx"], False),
    (Key.UPLOAD_MATRIX, "matrix", "ui_upload_matrix", ["csv", "xlsx"], False),
    (Key.UPLOAD_AHP, "ahp", "ui_upload_ahp", ["csv", "xlsx"], True),
)


def _uploaded(key: Key, role: Role) -> list[InputFile]:
    value: Any = st.session_state.get(key)
    items = value if isinstance(value, list) else ([value] if value is not None else [])
    return [InputFile(role=role, name=f.name, content=f.getvalue()) for f in items]


def _candidate_files() -> tuple[InputFile, ...] | None:
    """The current files with every uploaded role replaced; None when nothing is uploaded."""
    new: list[InputFile] = []
    for key, role, *_ in UPLOADS:
        new.extend(_uploaded(key, role))
    if not new:
        return None
    new = _without_duplicates(new)
    replaced = {f.role for f in new}
    kept = [f for f in files() if f.role not in replaced]
    if "scores" in replaced:
        # New scores bring their own panel: keep lists only when uploaded alongside.
        kept = [f for f in kept if f.role in ("criteria", "ahp")]
    if "matrix" in replaced:
        # An aggregated matrix replaces the panel: its scores and experts go.
        kept = [f for f in kept if f.role not in ("scores", "experts")]
    if "scores" in replaced and "matrix" not in replaced:
        kept = [f for f in kept if f.role != "matrix"]
    return tuple(kept + new)


def _without_duplicates(new: list[InputFile]) -> list[InputFile]:
    """The uploads with files of the same content (SHA-256) kept once; the user is told which."""
    by_hash: dict[str, list[InputFile]] = {}
    for f in new:
        by_hash.setdefault(f.sha256, []).append(f)
    st.session_state[Key.DUPLICATES] = tuple(
        (sha, tuple(f.name for f in same)) for sha, same in by_hash.items() if len(same) > 1
    )
    return [same[0] for same in by_hash.values()]


def _duplicates(language: str) -> None:
    for sha, names in st.session_state.get(Key.DUPLICATES) or ():
        st.warning(
            t("ui_duplicate_upload", language, sha=sha[:12], names=", ".join(names), kept=names[0])
        )


def _load_uploads() -> None:
    candidate = _candidate_files()
    if candidate is None:
        return
    try:
        loaded_inputs(candidate)
    except InputError as exc:
        st.session_state[Key.REJECTED] = exc.problems
        return
    st.session_state[Key.FILES] = candidate
    st.session_state[Key.SAMPLE] = False
    st.session_state[Key.REJECTED] = ()
    leave_study()


def _reset_sample() -> None:
    st.session_state[Key.DUPLICATES] = ()
    st.session_state[Key.FILES] = sample_files()
    st.session_state[Key.SAMPLE] = True
    st.session_state[Key.REJECTED] = ()
    leave_study()


def _summary(loaded: LoadedInputs, language: str) -> None:
    panel = loaded.panel
    if panel is not None:
        scores = panel.scores
        st.success(
            t(
                "validation_clean",
                language,
                scores=int(scores["score"].notna().sum()),
                experts=len(panel.experts),
                technologies=len(loaded.technologies),
                criteria=len(loaded.criteria),
            )
        )
    if loaded.warnings:
        st.warning(t("validation_warnings", language, n=len(loaded.warnings)))
        show_problems(loaded.warnings, language)
    st.caption(t("loaded_files", language))
    st.dataframe(
        [
            {
                t("col_file", language): f.name,
                t("col_role", language): t(f"role_{f.role}", language),
                "SHA-256": f.sha256[:16] + "…",
            }
            for f in loaded.files
        ],
        hide_index=True,
    )


def render() -> None:
    """Draw the data page."""
    language = lang()
    st.header(t("page_data", language))
    st.write(t("data_intro", language))
    if st.session_state.get(Key.SAMPLE):
        st.info(t("sample_notice", language))

    _duplicates(language)
    rejected = st.session_state.get(Key.REJECTED) or ()
    if rejected:
        n = sum(p.severity == "error" for p in rejected)
        st.error(t("upload_rejected", language, n=n))
        show_problems(rejected, language)

    st.subheader(t("validation_report", language))
    loaded = loaded_inputs(files())
    _summary(loaded, language)

    st.subheader(t("upload_title", language))
    st.write(t("upload_help", language))
    for key, _, label, types, multiple in UPLOADS:
        st.file_uploader(t(label, language), type=types, accept_multiple_files=multiple, key=key)
    left, right = st.columns(2)
    left.button(
        t("load_uploads", language), key=Key.LOAD_UPLOADS, on_click=_load_uploads, type="primary"
    )
    right.button(t("reset_sample", language), key=Key.RESET_SAMPLE, on_click=_reset_sample)
