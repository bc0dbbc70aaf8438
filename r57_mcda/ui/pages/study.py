"""Study page (the secretariat's): create a study from the loaded data, follow each expert's
progress, hand out workbooks and links, import returned workbooks, open the study's data in
the analysis pages."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import streamlit as st

from r57_mcda.errors import InputError, R57Error
from r57_mcda.i18n import LANGUAGES, t
from r57_mcda.models import group_label
from r57_mcda.study.imports import import_files
from r57_mcda.study.status import StudyStatus, study_status, templates_zip
from r57_mcda.study.studies import StudySummary, list_studies
from r57_mcda.ui.common import show_problems, table_height
from r57_mcda.ui.gate import PASSWORD_VARIABLE, secretariat_gate
from r57_mcda.ui.state import lang
from r57_mcda.ui.store import store
from r57_mcda.ui.study_create import CreateKey, create_section, show_failure

#: The URL parameter remembering the study chosen on this page (``?study=`` is the one the
#: analysis pages show, see r57_mcda.ui.study_source).
STUDY_PARAMETER = "manage"
#: Where expert links point when the browser's address is not known.
DEFAULT_BASE_URL = "http://localhost:8501/"
#: This page's path in the app's navigation (stripped from the address to get the app's).
PAGE_PATH = "study"
ZIP = "application/zip"


class StudyKey(StrEnum):
    """The widget and session-state keys of the Study page."""

    STUDY = CreateKey.CHOSEN.value
    ROUND = CreateKey.ROUND.value
    REFRESH = "study_refresh"
    TEMPLATE_LANG = "study_template_lang"
    BUILD_TEMPLATES = "study_build_templates"
    TEMPLATES = "study_templates"
    DOWNLOAD_TEMPLATES = "study_download_templates"
    BASE_URL = "study_base_url"
    ISSUE_LINKS = "study_issue_links"
    LINKS = "study_links"
    DOWNLOAD_LINKS = "study_download_links"
    UPLOADS = "study_uploads"
    IMPORT = "study_import"
    IMPORTED = "study_imported"
    OPEN = "study_open_analysis"
    OPENED = "study_opened"


def local_time(moment: datetime | None, zone: ZoneInfo, language: str) -> str:
    """A stored time as readable local text (day/month/year in Vietnamese); "" for none."""
    if moment is None:
        return ""
    local = moment.astimezone(zone)
    return f"{local:%d/%m/%Y %H:%M}" if language == "vi" else f"{local:%Y-%m-%d %H:%M}"


def browser_zone() -> ZoneInfo:
    """The browser's time zone when Streamlit knows it, else UTC."""
    name = st.context.timezone or "UTC"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def status_frame(status: StudyStatus, language: str, zone: ZoneInfo) -> pd.DataFrame:
    """The experts' statuses as a table labelled in ``language``."""
    rows = [
        {
            t("status_col_expert", language): e.expert_id,
            t("status_col_name", language): e.name,
            t("status_col_group", language): group_label(e.group, language),
            t("status_col_lang", language): LANGUAGES.get(e.lang, e.lang),
            t("status_col_email", language): e.email,
            t("status_col_link", language): e.link,
            t("status_col_template", language): e.template,
            t("status_col_scored", language): e.scored,
            t("status_col_na", language): e.na,
            t("status_col_coi", language): e.coi,
            t("status_col_total", language): e.total,
            t("status_col_drafted", language): e.drafted,
            t("status_col_submitted", language): e.submitted,
            t("status_col_submitted_at", language): local_time(e.submitted_at, zone, language),
            t("status_col_last_activity", language): local_time(e.last_activity, zone, language),
        }
        for e in status.experts
    ]
    return pd.DataFrame(rows)


def default_base_url() -> str:
    """The app's address as the browser sees it (without this page's path), else localhost."""
    url = st.context.url
    if not url:
        return DEFAULT_BASE_URL
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if path.endswith("/" + PAGE_PATH) or path == PAGE_PATH:
        path = path[: -len(PAGE_PATH)]
    return urlunsplit((parts.scheme, parts.netloc, path.rstrip("/") + "/", "", ""))


def _chosen() -> int | None:
    value = st.session_state.get(StudyKey.STUDY)
    return value if isinstance(value, int) else None


def _round() -> int | None:
    value = st.session_state.get(StudyKey.ROUND)
    return value if isinstance(value, int) else None


def _choose(studies: Sequence[StudySummary], language: str) -> StudySummary:
    ids = [s.id for s in reversed(studies)]
    wanted = st.query_params.get(STUDY_PARAMETER)
    if _chosen() not in ids and wanted is not None and wanted.isdigit() and int(wanted) in ids:
        st.session_state[StudyKey.STUDY] = int(wanted)
    if _chosen() not in ids:
        st.session_state[StudyKey.STUDY] = ids[0]
    by_id = {s.id: s for s in studies}
    st.selectbox(
        t("studyui_choose", language),
        options=ids,
        format_func=lambda i: t("studyui_study_option", language, id=i, name=by_id[i].name),
        key=StudyKey.STUDY,
    )
    chosen = by_id[int(st.session_state[StudyKey.STUDY])]
    st.query_params[STUDY_PARAMETER] = str(chosen.id)
    rounds = list(range(chosen.rounds, 0, -1))
    if _round() not in rounds:
        st.session_state[StudyKey.ROUND] = rounds[0]
    if len(rounds) > 1:
        st.selectbox(t("studyui_round", language), options=rounds, key=StudyKey.ROUND)
    return chosen


def _status_section(study_id: int, language: str) -> StudyStatus | None:
    st.button(t("studyui_refresh", language), key=StudyKey.REFRESH)
    try:
        status = study_status(store(), study_id, _round())
    except R57Error as exc:
        show_failure(exc, language)
        return None
    state = t("studyui_round_open" if status.round_open else "studyui_round_closed", language)
    st.subheader(t("studyui_status_title", language, round=status.round_no, state=state))
    st.write(
        t(
            "studyui_summary",
            language,
            n=len(status.experts),
            submitted=status.submitted,
            invited=status.invited,
        )
    )
    if status.deadline is not None:
        day = status.deadline
        shown = f"{day:%d/%m/%Y}" if language == "vi" else day.isoformat()
        st.caption(t("studyui_deadline_is", language, date=shown))
    zone = browser_zone()
    frame = status_frame(status, language, zone)
    st.dataframe(frame, hide_index=True, height=table_height(len(frame)))
    st.caption(t("studyui_times_in", language, zone=str(zone)))
    return status


def _template_lang_key(language: str) -> str:
    # Per language: a select box keeps showing its old option text after a language switch.
    return f"{StudyKey.TEMPLATE_LANG}:{language}"


def _build_templates(study_id: int) -> None:
    chosen = st.session_state.get(_template_lang_key(lang())) or None
    try:
        content = templates_zip(store(), study_id, _round(), lang=chosen)
    except R57Error as exc:
        st.session_state[StudyKey.TEMPLATES] = ((study_id, _round()), exc)
        return
    st.session_state[StudyKey.TEMPLATES] = ((study_id, _round()), content)


def _issue_links(study_id: int) -> None:
    from r57_mcda.study.tokens import issue_links

    base = str(st.session_state.get(StudyKey.BASE_URL) or DEFAULT_BASE_URL).strip()
    try:
        links = issue_links(store(), study_id, base_url=base)
    except R57Error as exc:
        st.session_state[StudyKey.LINKS] = ((study_id, _round()), exc)
        return
    from r57_mcda.study.tokens import links_csv

    st.session_state[StudyKey.LINKS] = ((study_id, _round()), links_csv(links))


def _offer(key: StudyKey, study_id: int, language: str) -> bytes | None:
    """The bytes a button built for this study and round, or None (an error is shown)."""
    built = st.session_state.get(key)
    if not built or built[0] != (study_id, _round()):
        return None
    if isinstance(built[1], R57Error):
        show_failure(built[1], language)
        return None
    return bytes(built[1])


def _downloads_section(study_id: int, language: str) -> None:
    st.subheader(t("studyui_templates_title", language))
    st.write(t("studyui_templates_intro", language))
    own = t("studyui_lang_own", language)
    st.selectbox(
        t("studyui_templates_lang", language),
        options=["", *LANGUAGES],
        format_func=lambda code: LANGUAGES.get(code, own),
        key=_template_lang_key(language),
    )
    st.button(
        t("studyui_templates_build", language),
        key=StudyKey.BUILD_TEMPLATES,
        on_click=_build_templates,
        args=(study_id,),
    )
    content = _offer(StudyKey.TEMPLATES, study_id, language)
    if content is not None:
        st.download_button(
            t("studyui_templates_download", language),
            data=content,
            file_name=f"study-{study_id}-templates.zip",
            mime=ZIP,
            key=StudyKey.DOWNLOAD_TEMPLATES,
        )
    st.subheader(t("studyui_links_title", language))
    st.warning(t("studyui_links_warning", language))
    if not os.environ.get(PASSWORD_VARIABLE, "").strip():
        st.warning(t("studyui_no_password", language, variable=PASSWORD_VARIABLE))
    st.session_state.setdefault(StudyKey.BASE_URL, default_base_url())
    st.text_input(
        t("studyui_base_url", language),
        key=StudyKey.BASE_URL,
        help=t("studyui_base_url_help", language),
    )
    st.button(
        t("studyui_links_issue", language),
        key=StudyKey.ISSUE_LINKS,
        on_click=_issue_links,
        args=(study_id,),
    )
    content = _offer(StudyKey.LINKS, study_id, language)
    if content is not None:
        st.download_button(
            t("studyui_links_download", language),
            data=content,
            file_name=f"study-{study_id}-links.csv",
            mime="text/csv",
            key=StudyKey.DOWNLOAD_LINKS,
        )


def _import(study_id: int) -> None:
    uploads: Any = st.session_state.get(StudyKey.UPLOADS) or []
    if not uploads:
        st.session_state[StudyKey.IMPORTED] = (study_id, R57Error("studyui_import_none"))
        return
    chosen = [(u.name, u.getvalue()) for u in uploads]
    try:
        outcome: Any = import_files(store(), study_id, chosen, _round())
    except R57Error as exc:
        outcome = exc
    st.session_state[StudyKey.IMPORTED] = (study_id, outcome)


def _import_section(study_id: int, language: str) -> None:
    st.subheader(t("studyui_import_title", language))
    st.write(t("studyui_import_intro", language))
    st.file_uploader(
        t("studyui_uploads", language),
        type=["xlsx", "csv"],
        accept_multiple_files=True,
        key=StudyKey.UPLOADS,
    )
    st.button(
        t("studyui_import", language), key=StudyKey.IMPORT, on_click=_import, args=(study_id,)
    )
    done = st.session_state.get(StudyKey.IMPORTED)
    if not done or done[0] != study_id:
        return
    outcome = done[1]
    if isinstance(outcome, InputError):
        st.error(t("studyui_import_rejected", language, n=len(outcome.problems)))
        show_problems(outcome.problems, language)
    elif isinstance(outcome, R57Error):
        show_failure(outcome, language)
    else:
        for file, expert, changed in outcome.imported:
            st.success(
                t("studyui_import_done", language, file=file, expert=expert, changed=changed)
            )
        for file in outcome.skipped:
            st.info(t("studyui_import_skipped", language, file=file))
        if not outcome.imported and not outcome.skipped:
            st.info(t("studyui_import_nothing", language))


def _open(study_id: int, round_no: int | None) -> None:
    from r57_mcda.ui.state import Key, use_study

    use_study(study_id, round_no)
    # The analysis pages' loader keeps its error for the banner rather than raising it.
    failed = st.session_state.get(Key.STUDY_ERROR)
    st.session_state[StudyKey.OPENED] = (study_id, failed if isinstance(failed, R57Error) else None)


def _open_section(chosen: StudySummary, language: str) -> None:
    st.subheader(t("studyui_open_title", language))
    st.write(t("studyui_open_intro", language))
    # The latest round is not pinned, so that the analysis follows the study into new rounds.
    pinned = None if _round() == chosen.rounds else _round()
    st.button(
        t("studyui_open", language), key=StudyKey.OPEN, on_click=_open, args=(chosen.id, pinned)
    )
    opened = st.session_state.get(StudyKey.OPENED)
    if opened and opened[0] == chosen.id:
        if opened[1] is None:
            st.success(t("studyui_opened", language, id=chosen.id))
        else:
            show_failure(opened[1], language)


def render() -> None:
    """Draw the Study page (behind the secretariat's password when one is set)."""
    if not secretariat_gate():
        return
    language = lang()
    st.header(t("page_study", language))
    st.write(t("studyui_intro", language))
    try:
        db = store()
        studies = list_studies(db)
    except R57Error as exc:
        show_failure(exc, language)
        return
    st.caption(t("studyui_database", language, url=db.shown_url))
    create_section(language, expanded=not studies)
    if not studies:
        st.info(t("studyui_no_studies", language))
        return
    chosen = _choose(studies, language)
    if _status_section(chosen.id, language) is None:
        return
    _downloads_section(chosen.id, language)
    _import_section(chosen.id, language)
    _open_section(chosen, language)
