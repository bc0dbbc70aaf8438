"""Export page: the Excel report, and the analysis settings saved and loaded again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from r57_mcda.errors import R57Error, SpecError
from r57_mcda.i18n import t
from r57_mcda.io.inputs import InputFile
from r57_mcda.pipeline.analysis import analyse
from r57_mcda.pipeline.portfolio import PortfolioSettings
from r57_mcda.spec import AnalysisSpec
from r57_mcda.ui.cache import RoundsSource, content_digest, loaded_inputs, report_for
from r57_mcda.ui.choices import (
    Choices,
    InputMismatch,
    build_spec,
    choices_from_spec,
    input_mismatches,
)
from r57_mcda.ui.common import PageContext, page_context, page_header, show_error
from r57_mcda.ui.pages.portfolio import report_settings
from r57_mcda.ui.pages.sensitivity import requested_run
from r57_mcda.ui.state import Key, apply_choices, files, lang

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The "include the portfolio" toggle.
REPORT_PORTFOLIO = "pfui:report_portfolio"


@dataclass(frozen=True)
class SettingsOutcome:
    """What happened to a settings file: applied, or why not (nothing changed then).

    ``message`` is a text key; ``detail`` the file name; ``error`` the library's reason, shown
    in the user's language.
    """

    ok: bool
    message: str
    detail: str = ""
    mismatches: tuple[InputMismatch, ...] = ()
    error: R57Error | None = None


def read_settings(
    content: bytes, name: str, current: tuple[InputFile, ...]
) -> tuple[Choices | None, SettingsOutcome]:
    """The choices a settings file records, if it reproduces an analysis of ``current``.

    The file must be a spec (TOML or JSON) whose inputs have the same contents as the loaded
    files, and the analysis it describes must run on them.
    """
    try:
        spec = AnalysisSpec.from_text(content.decode("utf-8"), source=name)
    except UnicodeDecodeError:
        return None, SettingsOutcome(False, "settings_not_text")
    except SpecError as exc:
        return None, SettingsOutcome(False, "settings_unreadable", error=exc)
    mismatches = input_mismatches(spec, current)
    if mismatches:
        return None, SettingsOutcome(False, "settings_mismatch", mismatches=tuple(mismatches))
    try:
        chosen = choices_from_spec(spec)
        analyse(loaded_inputs(current, spec.quorum), spec, agreement=False)
    except R57Error as exc:
        return None, SettingsOutcome(False, "settings_invalid", error=exc)
    return chosen, SettingsOutcome(True, "settings_applied", name)


def _apply_settings() -> None:
    upload: Any = st.session_state.get(Key.SETTINGS_UPLOAD)
    if upload is None:
        st.session_state[Key.SETTINGS_OUTCOME] = SettingsOutcome(False, "settings_none")
        return
    chosen, outcome = read_settings(upload.getvalue(), upload.name, files())
    if chosen is not None:
        apply_choices(chosen)
    st.session_state[Key.SETTINGS_OUTCOME] = outcome


def mismatch_text(m: InputMismatch, language: str) -> str:
    """One input that differs from a saved spec, in words."""
    return t(
        f"mismatch_{m.kind}",
        language,
        name=m.name,
        role=m.role,
        expected=m.expected[:12],
        actual=m.actual[:12],
    )


def _outcome(language: str) -> None:
    outcome: SettingsOutcome | None = st.session_state.get(Key.SETTINGS_OUTCOME)
    if outcome is None:
        return
    if outcome.ok:
        st.success(t(outcome.message, language, name=outcome.detail))
        return
    text = t(outcome.message, language)
    if outcome.error is not None:
        text += f"\n\n{outcome.error.text(language)}"
    st.error(text)
    for m in outcome.mismatches:
        st.markdown(f"- {mismatch_text(m, language)}")


def _report(ctx: PageContext) -> None:
    language = ctx.language
    st.subheader(t("report_title", language))
    st.write(t("report_intro", language))
    st.toggle(
        t("report_sensitivity", language),
        key=Key.REPORT_SENSITIVITY,
        help=t("report_sensitivity_help", language),
    )
    include = bool(st.session_state[Key.REPORT_SENSITIVITY])
    run = include and requested_run(ctx)
    if include and not run:
        st.caption(t("report_no_mc", language))
    portfolio = _portfolio(ctx)
    # Built only when asked: a report runs the whole analysis (and its sensitivity analysis),
    # which every visit to this page would otherwise pay for.
    rounds = _rounds_source(ctx.files)
    wanted = (
        tuple(content_digest(f.content) for f in ctx.files),
        ctx.choices,
        language,
        run,
        rounds,
        portfolio,
    )
    if st.button(
        t("ui_report_build", language),
        key=Key.BUILD_REPORT,
        help=t("ui_report_build_help", language),
    ):
        st.session_state[Key.REPORT_REQUEST] = wanted
    requested = st.session_state.get(Key.REPORT_REQUEST)
    if requested is None:
        return
    if requested != wanted:
        st.caption(t("ui_report_outdated", language))
        return
    try:
        with st.spinner(t("computing", language)):
            data = report_for(
                ctx.files,
                ctx.choices,
                language=language,
                monte_carlo=run,
                stability=include,
                progress_text=t("mc_progress", language),
                rounds=rounds,
                portfolio=portfolio,
                portfolio_text=_portfolio_text(portfolio, language),
            )
    except R57Error as exc:
        show_error(exc, language)
        return
    st.caption(t("ui_report_ready", language))
    st.download_button(
        t("report_download", language),
        data=data,
        file_name=f"r57-shortlist-{language}.xlsx",
        mime=XLSX,
        key=Key.DOWNLOAD_REPORT,
        type="primary",
    )


def _portfolio(ctx: PageContext) -> PortfolioSettings | None:
    """The "include the portfolio" toggle, when the Portfolio page has a portfolio; the
    settings of the portfolio to include (None: no Portfolio sheet)."""
    language = ctx.language
    try:
        settings = report_settings(ctx)
    except R57Error as exc:
        st.caption(t("pfui_report_portfolio_error", language, reason=exc.text(language)))
        return None
    if settings is None:
        st.caption(t("pfui_report_no_portfolio", language))
        return None
    st.toggle(
        t("pfui_report_include", language),
        value=True,
        key=REPORT_PORTFOLIO,
        help=t("pfui_report_include_help", language),
    )
    return settings if st.session_state[REPORT_PORTFOLIO] else None


def _portfolio_text(settings: PortfolioSettings | None, language: str) -> str:
    """The progress bar's label of a portfolio's robustness run."""
    if settings is None or not settings.robust:
        return ""
    return t("pfui_robust_progress", language, n=settings.draws)


def _rounds_source(files: tuple[InputFile, ...]) -> RoundsSource | None:
    """For a study's data, what its Rounds sheet depends on (every round's answers)."""
    from r57_mcda.ui.pages.rounds import answers_key
    from r57_mcda.ui.store import store

    study = next((f.study for f in files if f.study is not None), None)
    if study is None:
        return None
    db = store()
    digests, settings = answers_key(db, study.id)
    return (db.url, study.id, digests, settings)


def _settings(ctx: PageContext) -> None:
    language = ctx.language
    st.subheader(t("settings_title", language))
    st.write(t("settings_intro", language))
    spec = build_spec(ctx.loaded, ctx.choices)
    left, right = st.columns(2)
    toml = spec.to_toml()
    left.download_button(
        t("settings_download_toml", language),
        data=toml.encode("utf-8"),
        file_name="r57-settings.toml",
        mime="application/toml",
        key=Key.DOWNLOAD_TOML,
    )
    right.download_button(
        t("settings_download_json", language),
        data=spec.to_json().encode("utf-8"),
        file_name="r57-settings.json",
        mime="application/json",
        key=Key.DOWNLOAD_JSON,
    )
    with st.expander(t("settings_show", language)):
        st.code(toml, language="toml")
    st.markdown(f"**{t('settings_load_title', language)}**")
    st.write(t("settings_load_intro", language))
    st.file_uploader(t("settings_upload", language), type=["toml", "json"], key=Key.SETTINGS_UPLOAD)
    st.button(t("settings_apply", language), key=Key.APPLY_SETTINGS, on_click=_apply_settings)
    _outcome(language)


def render() -> None:
    """Draw the export page."""
    ctx = page_context()
    language = lang()
    page_header("page_export", "export_intro", language)
    _report(ctx)
    _settings(ctx)
