"""The expert's scoring form, opened only through a personal link (``?token=...``): their own
rows only (a grid, :mod:`r57_mcda.ui.expert_grid`, with their familiarity with each technology
in round 1), the reasons for scores outside the panel's range when the round requires them
(:mod:`r57_mcda.ui.expert_reasons`), saved as drafts at each edit, submitted (and revised) until
the round closes."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from r57_mcda.errors import R57Error
from r57_mcda.i18n import LANGUAGES, language, t
from r57_mcda.models import Criterion
from r57_mcda.study.db import Database
from r57_mcda.study.drafts import FormState, form_state, save_row, submit_form
from r57_mcda.study.expertise import expertise_asked
from r57_mcda.study.feedback import expert_feedback
from r57_mcda.study.reasons import ranges_of
from r57_mcda.study.rounds import round_settings
from r57_mcda.study.schema import utcnow
from r57_mcda.study.studies import Study, load_study
from r57_mcda.study.templates import integer_scale
from r57_mcda.study.tokens import BadTokenThrottle, resolve_token
from r57_mcda.ui.expert_grid import (
    PANEL,
    changed_rows,
    current_frame,
    current_rows,
    draw_grid,
    dropped_cells,
    expertise_anchors,
    mark_saved,
    panel_ranges,
    rows_of,
)
from r57_mcda.ui.expert_grid import (
    start as start_grid,
)
from r57_mcda.ui.expert_reasons import draw_reasons, sync_reasons
from r57_mcda.ui.store import store

#: Session-state keys of the form (the grid's are in r57_mcda.ui.expert_grid).
LANG_KEY = "form_lang"
SUBMIT_KEY = "form_submit"
_NOTICE = "form_notice"
_SAVED = "form_saved"
_FAILED = "form_failed"
_RESTART = "form_restart"


@st.cache_resource(show_spinner=False)
def bad_token_throttle() -> BadTokenThrottle:
    """The app's one throttle of bad tokens, shared by every session."""
    return BadTokenThrottle()


def client_key() -> str:
    """Who is asking, for the throttle: the browser's IP address if known, else "global"."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "global"


@dataclass(frozen=True)
class _Form:
    """One expert's form in one round of one study."""

    db: Database
    study: Study
    round_no: int
    expert_id: str
    is_open: bool


def render_expert_form(token: str) -> None:
    """The page a personal link opens: the expert's own form, or a refusal with no study data
    for a malformed, unknown or revoked token (after the throttle's delay)."""
    try:
        db = store()
        access = resolve_token(db, token)
        if access is None:
            _refuse()
            return
        study = load_study(db, access.study_id)
        expert = study.expert(access.expert_id)
        st.session_state.setdefault(LANG_KEY, language(expert.lang))
        current = study.current_round
        form = _Form(db, study, current.number, expert.id, current.is_open)
        state = form_state(db, study.id, form.round_no, expert.id)
        with db.read() as session:
            feedback = expert_feedback(session, study, form.round_no, expert.id)
            require = round_settings(session, study.id, form.round_no).require_reasons
    except R57Error as exc:
        # The store cannot be reached or read: say so, in both languages, with nothing else.
        for lang in LANGUAGES:
            st.error(exc.text(lang))
        return
    lang = language(st.session_state[LANG_KEY])
    start_grid(
        study,
        state,
        lang,
        feedback=feedback,
        expertise=expertise_asked(form.round_no),
        ranges=ranges_of(feedback) if require else None,
        again=bool(st.session_state.pop(_RESTART, False)),
    )
    _header(form, lang, expert.name)
    _status(form, state, lang)
    _how_to(study, lang)
    _criteria_help(study, lang)
    if expertise_asked(form.round_no):
        _expertise_help(lang)
    _grid(form, lang)
    missing = 0
    if panel_ranges():
        missing = draw_reasons(
            study,
            current_rows(current_frame(), study.criteria.ids),
            lang,
            previous=form.round_no - 1,
            disabled=not form.is_open,
            on_change=lambda: _save_reasons(form),
        )
    _submit_area(form, lang, missing)


def _refuse() -> None:
    throttle = bad_token_throttle()
    client = client_key()
    time.sleep(throttle.delay(client))
    throttle.failed(client)
    for lang in LANGUAGES:
        st.error(t("form_refused", lang))


def _restart_grid() -> None:
    """After a language switch the grid starts again from the store (everything is saved)."""
    st.session_state[_RESTART] = True


def _save(form: _Form) -> None:
    """The grid's callback: save every row the edit changed as that technology's draft."""
    lang = language(st.session_state.get(LANG_KEY))
    failed: dict[str, str] = {}
    for row in changed_rows(current_frame(), form.study.criteria.ids):
        try:
            save_row(form.db, form.study.id, form.round_no, form.expert_id, row)
        except R57Error as exc:
            failed[row.technology] = t("form_save_failed", lang, reason=exc.text(lang))
            continue
        mark_saved(row)
        st.session_state[_SAVED] = utcnow()
    st.session_state[_FAILED] = failed


def _save_reasons(form: _Form) -> None:
    """A reason input's callback: keep its text and save the rows it changed."""
    sync_reasons(form.study.criteria.ids)
    _save(form)


def _submit(form: _Form) -> None:
    """Submit button callback: save any row the store does not have yet, then submit."""
    lang = language(st.session_state.get(LANG_KEY))
    sync_reasons(form.study.criteria.ids)
    try:
        for row in changed_rows(current_frame(), form.study.criteria.ids):
            save_row(form.db, form.study.id, form.round_no, form.expert_id, row)
            mark_saved(row)
        submit_form(form.db, form.study.id, form.round_no, form.expert_id)
    except R57Error as exc:
        st.session_state[_NOTICE] = ("error", t("form_submit_failed", lang, reason=exc.text(lang)))
        return
    st.session_state[_NOTICE] = ("success", t("form_submitted_now", lang, time=_shown(utcnow())))


def _local(moment: datetime) -> datetime:
    zone = st.context.timezone
    if isinstance(zone, str) and zone:
        try:
            return moment.astimezone(ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return moment


def _shown(moment: datetime, *, with_date: bool = True) -> str:
    local = _local(moment)
    lang = language(st.session_state.get(LANG_KEY))
    if not with_date:
        return f"{local:%H:%M:%S}"
    day = f"{local:%d/%m/%Y}" if lang == "vi" else f"{local:%Y-%m-%d}"
    return f"{day} {local:%H:%M}"


def _header(form: _Form, lang: str, name: str) -> None:
    title, switch = st.columns([5, 1])
    with title:
        st.title(form.study.name)
        st.caption(
            f"{t('form_expert', lang, name=name)} · {t('form_round', lang, round=form.round_no)}"
        )
    with switch:
        st.radio(
            t("form_language", lang),
            options=list(LANGUAGES),
            format_func=LANGUAGES.__getitem__,
            key=LANG_KEY,
            on_change=_restart_grid,
        )
    if form.study.deadline is not None:
        deadline = form.study.deadline
        date = f"{deadline:%d/%m/%Y}" if lang == "vi" else deadline.isoformat()
        st.markdown(f"**{t('form_deadline', lang, date=date)}**")


def _status(form: _Form, state: FormState, lang: str) -> None:
    if not form.is_open:
        st.warning(t("form_closed", lang))
    criteria = form.study.criteria.ids
    dropped = dropped_cells()
    # The cells this round asks: a COI row answers its asked cells, a dropped cell is not asked.
    answered = sum(
        sum(1 for c in criteria if (r.technology, c) not in dropped)
        if r.coi
        else sum(1 for v in r.answers.values() if v is not None)
        for r in rows_of(current_frame(), criteria, dropped)
    )
    total = state.total - len(dropped)
    st.progress(
        answered / total if total else 0.0,
        text=t("form_progress", lang, answered=answered, total=total),
    )
    if dropped:
        st.caption(t("form_fb_not_asked", lang, n=len(dropped)))
    parts = []
    if state.submitted_at is not None:
        parts.append(t("form_last_submitted", lang, time=_shown(state.submitted_at)))
    elif form.is_open:
        parts.append(t("form_not_submitted", lang))
    if state.saved_at is not None:
        parts.append(t("form_saved_at", lang, time=_shown(state.saved_at)))
    if state.pending and state.submitted_at is not None and form.is_open:
        parts.append(t("form_pending", lang))
    st.caption(" ".join(parts))


def _anchors(criterion: Criterion, lang: str) -> tuple[int, int, str, str]:
    lo, hi = integer_scale(criterion)
    return lo, hi, t("form_anchor_low", lang, lo=lo), t("form_anchor_high", lang, hi=hi)


def _how_to(study: Study, lang: str) -> None:
    with st.expander(t("form_how_title", lang)):
        scales = {integer_scale(c) for c in study.criteria.criteria}
        if len(scales) == 1:
            lo, hi, low, high = _anchors(study.criteria.criteria[0], lang)
            st.markdown(t("form_how_scale_same", lang, lo=lo, hi=hi, low=low, high=high))
        else:
            st.markdown(t("form_how_scale_differ", lang))
        if any(c.direction == "cost" for c in study.criteria.criteria):
            st.markdown(t("form_how_cost", lang))
        for key in ("form_how_na", "form_how_coi", "form_how_drafts"):
            st.markdown(t(key, lang))


def _expertise_help(lang: str) -> None:
    """Round 1: what the familiarity column asks, and its five levels."""
    with st.expander(t("xpform_title", lang)):
        st.markdown(t("xpform_intro", lang, column=t("xp_column", lang)))
        st.markdown("\n".join(f"- {anchor}" for anchor in expertise_anchors(lang)))


def _description(criterion: Criterion, lang: str) -> str:
    if lang == "vi":
        return criterion.description_vi or criterion.description
    return criterion.description


def _criteria_help(study: Study, lang: str) -> None:
    with st.expander(t("form_criteria_title", lang)):
        for i, criterion in enumerate(study.criteria.criteria, start=1):
            lo, hi, low, high = _anchors(criterion, lang)
            lines = [f"**{i}. {criterion.label(lang)}**"]
            if _description(criterion, lang):
                lines.append(_description(criterion, lang))
            lines.append(t("form_crit_scale", lang, lo=lo, hi=hi, low=low, high=high))
            if criterion.direction == "cost":
                lines.append(t("form_crit_cost", lang))
            st.markdown("  \n".join(lines))


def _grid(form: _Form, lang: str) -> None:
    """The grid, and what to know about the rows it holds."""
    st.caption(t("form_grid_help", lang))
    if any(str(c).endswith(PANEL) for c in current_frame().columns):
        st.info(t("form_fb_explained", lang, previous=form.round_no - 1))
    frame = draw_grid(form.study, lang, disabled=not form.is_open, on_change=lambda: _save(form))
    rows = rows_of(frame, form.study.criteria.ids, dropped_cells())
    names = {x.id: x.label(lang) for x in form.study.technologies}
    declared = [names[r.technology] for r in rows if r.coi]
    if declared:
        st.info(t("form_coi_rows", lang, names=", ".join(declared)))
    lonely = [
        names[r.technology]
        for r in rows
        if r.comment and not r.coi and all(v is None for v in r.answers.values())
    ]
    if lonely:
        st.caption(t("form_comment_needs_answer", lang) + " " + ", ".join(lonely))
    for message in (st.session_state.get(_FAILED) or {}).values():
        st.error(message)
    saved = st.session_state.get(_SAVED)
    if saved is not None:
        st.caption(t("form_saved_at", lang, time=_shown(saved, with_date=False)))


def _submit_area(form: _Form, lang: str, missing: int = 0) -> None:
    """The submit button, saying how many reasons are still missing, and what came of the
    last submission."""
    st.button(
        t("rsnform_submit", lang, n=missing) if missing else t("form_submit", lang),
        key=SUBMIT_KEY,
        type="primary",
        on_click=_submit,
        args=(form,),
        disabled=not form.is_open,
    )
    notice = st.session_state.pop(_NOTICE, None)
    if notice is not None:
        kind, text = notice
        (st.success if kind == "success" else st.error)(text)
