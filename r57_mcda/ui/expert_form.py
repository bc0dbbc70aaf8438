"""The expert's scoring form, opened only through a personal link (``?token=...``): their own
rows only, saved as drafts at each change, submitted (and revised) until the round closes."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from r57_mcda.errors import R57Error
from r57_mcda.i18n import LANGUAGES, language, t
from r57_mcda.models import Criterion, Technology
from r57_mcda.study.db import Database
from r57_mcda.study.drafts import NA, FormState, RowDraft, form_state, save_row, submit_form
from r57_mcda.study.schema import utcnow
from r57_mcda.study.studies import Study, load_study
from r57_mcda.study.templates import integer_scale
from r57_mcda.study.tokens import BadTokenThrottle, resolve_token
from r57_mcda.ui.store import store

#: Session-state keys of the form (cells are ``form:<technology>:<criterion>``).
LANG_KEY = "form_lang"
SUBMIT_KEY = "form_submit"
_NOTICE = "form_notice"
_SAVED = "form_saved"
_FAILED = "form_failed"
_ANSWERED = "form_answered"
#: Criteria controls per line of a technology's card.
COLUMNS = 3


def cell_key(technology: str, criterion: str) -> str:
    """The widget key of one cell of the form."""
    return f"form:{technology}:{criterion}"


def coi_key(technology: str) -> str:
    """The widget key of a technology's conflict-of-interest switch."""
    return f"form_coi:{technology}"


def comment_key(technology: str) -> str:
    """The widget key of a technology's comment."""
    return f"form_comment:{technology}"


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
    except R57Error as exc:
        # The store cannot be reached or read: say so, in both languages, with nothing else.
        for lang in LANGUAGES:
            st.error(exc.text(lang))
        return
    lang = language(st.session_state[LANG_KEY])
    _init_widgets(form, state)
    _header(form, lang, expert.name)
    _status(form, state, lang)
    _how_to(study, lang)
    _criteria_help(study, lang)
    for tech in study.technologies:
        _card(form, tech, lang)
    _submit_area(form, lang)


def _refuse() -> None:
    throttle = bad_token_throttle()
    client = client_key()
    time.sleep(throttle.delay(client))
    throttle.failed(client)
    for lang in LANGUAGES:
        st.error(t("form_refused", lang))


def _options(criterion: Criterion) -> list[str]:
    lo, hi = integer_scale(criterion)
    return [*(str(v) for v in range(lo, hi + 1)), NA]


def _init_widgets(form: _Form, state: FormState) -> None:
    """Give every widget its stored value once per session (a refresh starts from the store)."""
    ss = st.session_state
    for tech in form.study.technologies:
        row = state.row(tech.id)
        for criterion in form.study.criteria.criteria:
            key = cell_key(tech.id, criterion.id)
            if key not in ss:
                value = row.answers.get(criterion.id)
                ss[key] = value if value in _options(criterion) else None
        if coi_key(tech.id) not in ss:
            ss[coi_key(tech.id)] = row.coi
        if comment_key(tech.id) not in ss:
            ss[comment_key(tech.id)] = row.comment


def _forget_widgets() -> None:
    """After a language switch, the widgets start again from the store (everything is saved)."""
    for key in list(st.session_state):
        if str(key).startswith(("form:", "form_coi:", "form_comment:")):
            del st.session_state[key]


def _row(form: _Form, technology: str) -> RowDraft:
    ss = st.session_state
    answers = {c: ss.get(cell_key(technology, c)) for c in form.study.criteria.ids}
    return RowDraft(
        technology, answers, bool(ss.get(coi_key(technology))), ss.get(comment_key(technology), "")
    )


def _answered(form: _Form) -> int:
    return sum(_row(form, x.id).answered(form.study.criteria.ids) for x in form.study.technologies)


def _save(form: _Form, technology: str) -> None:
    """Widget callback: save the technology's row as a draft."""
    lang = language(st.session_state.get(LANG_KEY))
    try:
        save_row(form.db, form.study.id, form.round_no, form.expert_id, _row(form, technology))
    except R57Error as exc:
        failed = t("form_save_failed", lang, reason=exc.text(lang))
        st.session_state.setdefault(_FAILED, {})[technology] = failed
        return
    st.session_state.setdefault(_FAILED, {}).pop(technology, None)
    st.session_state.setdefault(_SAVED, {})[technology] = utcnow()


def _submit(form: _Form) -> None:
    """Submit button callback: save any row the store does not have yet, then submit."""
    lang = language(st.session_state.get(LANG_KEY))
    try:
        state = form_state(form.db, form.study.id, form.round_no, form.expert_id)
        for tech in form.study.technologies:
            row = _row(form, tech.id)
            if _normal(row) != _normal(state.row(tech.id)):
                save_row(form.db, form.study.id, form.round_no, form.expert_id, row)
        submit_form(form.db, form.study.id, form.round_no, form.expert_id)
    except R57Error as exc:
        st.session_state[_NOTICE] = ("error", t("form_submit_failed", lang, reason=exc.text(lang)))
        return
    st.session_state[_NOTICE] = ("success", t("form_submitted_now", lang, time=_shown(utcnow())))


def _normal(row: RowDraft) -> tuple[object, ...]:
    answers = tuple(sorted((k, v) for k, v in row.answers.items() if v is not None))
    return (answers, bool(row.coi), row.comment.strip())


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
            on_change=_forget_widgets,
        )
    if form.study.deadline is not None:
        deadline = form.study.deadline
        date = f"{deadline:%d/%m/%Y}" if lang == "vi" else deadline.isoformat()
        st.markdown(f"**{t('form_deadline', lang, date=date)}**")


def _status(form: _Form, state: FormState, lang: str) -> None:
    if not form.is_open:
        st.warning(t("form_closed", lang))
    answered = _answered(form)
    st.session_state[_ANSWERED] = answered
    total = state.total
    st.progress(
        answered / total if total else 0.0,
        text=t("form_progress", lang, answered=answered, total=total),
    )
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


def _description(criterion: Criterion, lang: str) -> str:
    if lang == "vi":
        return criterion.description_vi or criterion.description
    return criterion.description


def _criteria_help(study: Study, lang: str) -> None:
    with st.expander(t("form_criteria_title", lang)):
        for criterion in study.criteria.criteria:
            lo, hi, low, high = _anchors(criterion, lang)
            lines = [f"**{criterion.label(lang)}**"]
            if _description(criterion, lang):
                lines.append(_description(criterion, lang))
            lines.append(t("form_crit_scale", lang, lo=lo, hi=hi, low=low, high=high))
            if criterion.direction == "cost":
                lines.append(t("form_crit_cost", lang))
            st.markdown("  \n".join(lines))


@st.fragment
def _card(form: _Form, tech: Technology, lang: str) -> None:
    """One technology's card; a click reruns only the card, unless the progress changed."""
    ss = st.session_state
    with st.container(border=True):
        st.subheader(tech.label(lang))
        if tech.description:
            st.caption(tech.description)
        coi = st.toggle(
            t("form_coi_toggle", lang),
            key=coi_key(tech.id),
            on_change=_save,
            args=(form, tech.id),
            disabled=not form.is_open,
        )
        if coi:
            st.info(t("form_coi_declared", lang))
        columns = st.columns(COLUMNS)
        for i, criterion in enumerate(form.study.criteria.criteria):
            with columns[i % COLUMNS]:
                st.segmented_control(
                    criterion.label(lang),
                    options=_options(criterion),
                    selection_mode="single",
                    key=cell_key(tech.id, criterion.id),
                    help=_description(criterion, lang) or None,
                    on_change=_save,
                    args=(form, tech.id),
                    disabled=not form.is_open or coi,
                )
        comment = st.text_input(
            t("form_comment", lang),
            key=comment_key(tech.id),
            on_change=_save,
            args=(form, tech.id),
            disabled=not form.is_open,
            max_chars=2000,
        )
        row = _row(form, tech.id)
        if comment.strip() and not coi and not any(v is not None for v in row.answers.values()):
            st.caption(t("form_comment_needs_answer", lang))
        saved = ss.get(_SAVED, {}).get(tech.id)
        failed = ss.get(_FAILED, {}).get(tech.id)
        if failed is not None:
            st.error(failed)
        elif saved is not None:
            st.caption(t("form_saved_at", lang, time=_shown(saved, with_date=False)))
    if _answered(form) != ss.get(_ANSWERED):
        st.rerun(scope="app")


def _submit_area(form: _Form, lang: str) -> None:
    st.button(
        t("form_submit", lang),
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
