"""Creating a study from the data a session has loaded: the Study page's form, and the
study made from the session's files (their criteria, technologies and experts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import streamlit as st

from r57_mcda.errors import InputError, R57Error
from r57_mcda.i18n import LANGUAGES, t
from r57_mcda.io.inputs import InputFile, LoadedInputs
from r57_mcda.io.panel import load_experts
from r57_mcda.models import Expert
from r57_mcda.study.db import Database
from r57_mcda.study.imports import ImportOutcome, import_files
from r57_mcda.study.studies import create_study, expert_extras, members
from r57_mcda.ui.cache import loaded_inputs
from r57_mcda.ui.common import show_error
from r57_mcda.ui.state import files, lang
from r57_mcda.ui.store import store


class CreateKey(StrEnum):
    """The widget and session-state keys of the form (and the chosen study it sets)."""

    CHOSEN = "study_chosen"
    ROUND = "study_round"
    NAME = "study_new_name"
    DEADLINE = "study_new_deadline"
    DEFAULT_LANG = "study_new_lang"
    IMPORT_SCORES = "study_new_import"
    CREATE = "study_create"
    CREATED = "study_created"


def show_failure(exc: R57Error, language: str) -> None:
    """A store's refusal in words: bad input with its problem table, else the reason itself."""
    if isinstance(exc, InputError):
        show_error(exc, language)
    else:
        st.error(exc.text(language))


@dataclass(frozen=True)
class Created:
    """A study made from the loaded files: its id, and its imported answers when asked for."""

    study_id: int
    imported: ImportOutcome | None = None
    import_error: R57Error | None = None


def create_from_files(
    db: Database,
    files: Sequence[InputFile],
    loaded: LoadedInputs,
    *,
    name: str,
    deadline: date | None,
    default_lang: str,
    import_scores: bool,
) -> Created:
    """A new study from the session's files: their criteria, technologies and experts (with the
    experts file's ``lang``/``email`` columns, else ``default_lang``); with ``import_scores``
    the loaded scores become round 1's answers.

    A failed import leaves the study created without answers (``import_error`` says why).

    Raises
    ------
    InputError
        The files cannot make a study (no experts, a criterion without a scale, ...).
    """
    by_role = {f.role: f for f in files}
    criteria_file = by_role["criteria"]
    experts_file = by_role.get("experts")
    extras: dict[str, tuple[str, str]] = {}
    if experts_file is not None:
        extras, problems = expert_extras(experts_file, default_lang)
        if problems:
            raise InputError(problems)
    if loaded.panel is not None:
        experts: tuple[Expert, ...] = loaded.panel.experts
    elif experts_file is not None:
        experts = load_experts(experts_file.content, name=experts_file.name)
    else:
        experts = ()
    study_id = create_study(
        db,
        name=name,
        criteria=loaded.criteria,
        criteria_file=criteria_file,
        technologies=loaded.technologies,
        experts=members(experts, extras, default_lang),
        deadline=deadline,
    )
    scores = [(f.name, f.content) for f in files if f.role == "scores"]
    if not import_scores or not scores:
        return Created(study_id)
    try:
        return Created(study_id, imported=import_files(db, study_id, scores))
    except R57Error as exc:
        return Created(study_id, import_error=exc)


def _create() -> None:
    language = lang()
    name = str(st.session_state.get(CreateKey.NAME) or "").strip()
    if not name:
        st.session_state[CreateKey.CREATED] = R57Error("studyui_name_missing")
        return
    try:
        loaded = loaded_inputs(files())
        created = create_from_files(
            store(),
            files(),
            loaded,
            name=name,
            deadline=st.session_state.get(CreateKey.DEADLINE),
            default_lang=str(st.session_state.get(CreateKey.DEFAULT_LANG) or language),
            import_scores=bool(st.session_state.get(CreateKey.IMPORT_SCORES)),
        )
    except R57Error as exc:
        st.session_state[CreateKey.CREATED] = exc
        return
    st.session_state[CreateKey.CREATED] = created
    st.session_state[CreateKey.CHOSEN] = created.study_id
    st.session_state.pop(CreateKey.ROUND, None)


def create_section(language: str, expanded: bool) -> None:
    """The form that creates a study from the loaded data, and what came of it."""
    with st.expander(t("studyui_create_title", language), expanded=expanded):
        st.write(t("studyui_create_intro", language))
        names = ", ".join(f"{f.name} ({t(f'role_{f.role}', language)})" for f in files())
        st.caption(t("studyui_create_files", language, names=names))
        st.text_input(t("studyui_name", language), key=CreateKey.NAME)
        st.date_input(t("studyui_deadline", language), value=None, key=CreateKey.DEADLINE)
        st.session_state.setdefault(CreateKey.DEFAULT_LANG, language)
        st.selectbox(
            t("studyui_default_lang", language),
            options=list(LANGUAGES),
            format_func=LANGUAGES.__getitem__,
            key=CreateKey.DEFAULT_LANG,
            help=t("studyui_default_lang_help", language),
        )
        st.toggle(t("studyui_import_loaded", language), value=False, key=CreateKey.IMPORT_SCORES)
        st.button(t("studyui_create", language), key=CreateKey.CREATE, on_click=_create)
    outcome = st.session_state.get(CreateKey.CREATED)
    if isinstance(outcome, R57Error):
        show_failure(outcome, language)
    elif isinstance(outcome, Created):
        st.success(t("studyui_created", language, id=outcome.study_id))
        if outcome.import_error is not None:
            st.warning(t("studyui_created_not_imported", language))
            show_failure(outcome.import_error, language)
        elif outcome.imported is not None:
            st.success(t("studyui_created_imported", language, n=len(outcome.imported.imported)))
