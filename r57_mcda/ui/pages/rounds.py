"""Rounds page (the secretariat's): how a study's Delphi rounds converged. Per round the
response, the share of cells at consensus, Kendall's W, the answers changed and the top three;
the stopping advice beside the study's rule; charts of the cells' IQR, of consensus and W, and
of the ranks across rounds; the cells whose median or IQR moved most in the last round, with
the reasons given for them; and every reason of a chosen round, anonymous (the cell, the score,
the previous round's [Q1–Q3] and the reason, never the expert).

Every figure and reason is r57_mcda.pipeline.rounds.study_convergence's. The computation is
cached on the database, the study, the method, each answered round's scores digest, a digest of
the reasons given and the study's rules, so that a rerun with the same answers replays it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import pandas as pd
import streamlit as st

from r57_mcda.errors import R57Error
from r57_mcda.i18n import format_number, t
from r57_mcda.io.inputs import load_inputs
from r57_mcda.models import CriteriaSet, Technology
from r57_mcda.panel.consensus import scale_thresholds
from r57_mcda.pipeline.rounds import Convergence, RoundReport, given_reasons, study_convergence
from r57_mcda.ranking.registry import list_methods, method_info
from r57_mcda.study.db import Database
from r57_mcda.study.events import latest_event_id
from r57_mcda.study.inputs import read_study_data, study_data
from r57_mcda.study.settings import StudyRules, study_rules
from r57_mcda.study.studies import StudySummary, list_studies, read_study
from r57_mcda.ui.common import criterion_labels, percent, table_height
from r57_mcda.ui.gate import secretariat_gate
from r57_mcda.ui.pages.rounds_charts import draw_charts
from r57_mcda.ui.state import lang
from r57_mcda.ui.store import store, store_at
from r57_mcda.ui.study_create import CreateKey, show_failure
from r57_mcda.ui.study_source import study_in_use
from r57_mcda.vocab import DEFAULT_METHOD

#: The Study page's URL parameter naming its chosen study (r57_mcda.ui.pages.study).
MANAGE_PARAMETER = "manage"
#: Rows of the table of the cells that moved most.
MOVED_ROWS = 10
#: Shown for a figure a round does not have (W undefined, no change before round 2).
NO_VALUE = "–"
#: How many technologies the summary names per round.
TOP = 3
#: Between the reasons given for one cell in the table of the cells that moved most.
REASONS_JOIN = " · "


class RoundsKey(StrEnum):
    """The Rounds page's widget and session-state keys (the widgets' keys get the language
    appended: a select box keeps its old option texts after a language switch)."""

    STUDY = "rounds_study"
    METHOD = "rounds_method"
    REASONS_ROUND = "rounds_reasons_round"


@dataclass(frozen=True)
class RoundsData:
    """A study's convergence, and what the page needs to label and scale it: the criteria,
    the technologies, and each answered round's scale range per criterion in points."""

    convergence: Convergence
    criteria: CriteriaSet
    technologies: tuple[Technology, ...]
    ranges: Mapping[int, Mapping[str, float]]

    def technology_names(self, language: str) -> dict[str, str]:
        """Technology id to its name in ``language``."""
        return {x.id: x.label(language) for x in self.technologies}

    def criterion_names(self, language: str) -> dict[str, str]:
        """Criterion id to its name in ``language`` (cost criteria marked as such)."""
        return criterion_labels(self.criteria, language)


def answers_key(db: Database, study_id: int) -> tuple[tuple[tuple[int, str], ...], str]:
    """What the convergence depends on: (round, scores SHA-256) of every answered round, and
    the study's rules, criteria file and reasons given (a digest: a reason is not part of the
    scores) as text. Read again only when the study's event log
    has grown (every submission, import, round and rule change is an event), so that a rerun
    costs one query, not a reading of every round."""
    with db.read() as session:
        marker = latest_event_id(session, study_id)
    return _answers_key(db.url, study_id, marker)


@st.cache_data(show_spinner=False, max_entries=64)
def _answers_key(url: str, study_id: int, marker: int) -> tuple[tuple[tuple[int, str], ...], str]:
    """:func:`answers_key` for the study as of event ``marker`` (``url`` names the store)."""
    db = store_at(url)
    digests: list[tuple[int, str]] = []
    reasons = hashlib.sha256()
    with db.read() as session:
        study = read_study(session, study_id, db.shown_url)
        for info in study.rounds:
            try:
                data = read_study_data(session, study_id, info.number, where=db.shown_url)
            except R57Error as exc:
                if exc.code == "study_no_answers":
                    continue
                raise
            digests.append((info.number, data.ref.scores_sha256))
            given = given_reasons(session, study_id, info.number)
            reasons.update(repr((info.number, given)).encode("utf-8"))
    rules = json.dumps(study_rules(study).to_dict(), sort_keys=True)
    return tuple(digests), f"{rules}|{study.criteria_file.sha256}|{reasons.hexdigest()}"


@st.cache_data(show_spinner=False, max_entries=16)
def rounds_data(
    url: str, study_id: int, method: str, digests: tuple[tuple[int, str], ...], settings: str
) -> RoundsData:
    """The study's convergence under ``method``, with each round's scale ranges (cached on
    every argument: ``url`` names the store, ``digests`` and ``settings`` are
    :func:`answers_key`'s)."""
    db = store()
    convergence = study_convergence(db, study_id, method=method)
    ranges: dict[int, dict[str, float]] = {}
    criteria: CriteriaSet | None = None
    technologies: tuple[Technology, ...] = ()
    for report in convergence.rounds:
        loaded = load_inputs(study_data(db, study_id, report.stats.round).files)
        assert loaded.panel is not None
        # A share of 1 gives the whole range: the declared scale, else the observed scores'.
        span = scale_thresholds(loaded.criteria, loaded.panel.scores, 1.0)
        ranges[report.stats.round] = {str(c): float(v) for c, v in span.items()}
        criteria, technologies = loaded.criteria, tuple(loaded.technologies)
    assert criteria is not None
    return RoundsData(convergence, criteria, technologies, ranges)


def _share(value: float | None, language: str) -> str:
    return NO_VALUE if value is None else percent(value, language)


def summary_frame(data: RoundsData, language: str) -> pd.DataFrame:
    """One row per answered round: respondents of the invited, response rate, consensus
    share, Kendall's W overall, the answers changed since the previous round and the top
    three, labelled in ``language``."""
    names = data.technology_names(language)
    rows = []
    for report in data.convergence.rounds:
        s = report.stats
        w = s.kendall_w.get("overall")
        top = [names.get(r.technology, r.technology) for r in report.ranking[:TOP]]
        rows.append(
            {
                t("roundsui_col_round", language): s.round,
                t("roundsui_col_respondents", language): f"{s.respondents} / {s.invited}",
                t("roundsui_col_response_rate", language): percent(s.response_rate, language),
                t("roundsui_col_consensus", language): percent(s.consensus_share, language),
                t("roundsui_col_w", language): (
                    NO_VALUE if w is None else format_number(w, language, ".3f")
                ),
                t("roundsui_col_changed", language): _share(s.changed_share, language),
                t("roundsui_col_top", language): ", ".join(top),
            }
        )
    return pd.DataFrame(rows)


def moved_frame(data: RoundsData, language: str, limit: int = MOVED_ROWS) -> pd.DataFrame:
    """The cells whose median moved most between the last two rounds (ties: the larger IQR
    change first), up to ``limit`` rows; cells that did not move, or lack scores in either
    round, are left out. Empty with fewer than two rounds."""
    reports = data.convergence.rounds
    if len(reports) < 2:
        return pd.DataFrame()
    before, after = reports[-2].stats, reports[-1].stats
    earlier = {(c.technology, c.criterion): c for c in before.cells}
    tech, crit = data.technology_names(language), data.criterion_names(language)
    given: dict[tuple[str, str], list[str]] = {}
    for reason in reports[-1].reasons:
        given.setdefault((reason.technology, reason.criterion), []).append(reason.reason)
    reasons_column = t("roundsui_rsn_col_reasons", language, round=after.round)
    rows = []
    for cell in after.cells:
        old = earlier.get((cell.technology, cell.criterion))
        if old is None or None in (old.median, cell.median, old.iqr, cell.iqr):
            continue
        assert old.median is not None and cell.median is not None
        assert old.iqr is not None and cell.iqr is not None
        median_change, iqr_change = cell.median - old.median, cell.iqr - old.iqr
        if median_change == 0 and iqr_change == 0:
            continue
        rows.append(
            (
                abs(median_change),
                abs(iqr_change),
                {
                    t("roundsui_col_technology", language): tech.get(
                        cell.technology, cell.technology
                    ),
                    t("roundsui_col_criterion", language): crit.get(cell.criterion, cell.criterion),
                    t("roundsui_col_median_in", language, round=before.round): old.median,
                    t("roundsui_col_median_in", language, round=after.round): cell.median,
                    t("roundsui_col_median_change", language): median_change,
                    t("roundsui_col_iqr_in", language, round=before.round): old.iqr,
                    t("roundsui_col_iqr_in", language, round=after.round): cell.iqr,
                    t("roundsui_col_iqr_change", language): iqr_change,
                },
            )
        )
        if given:
            rows[-1][2][reasons_column] = REASONS_JOIN.join(
                given.get((cell.technology, cell.criterion), [])
            )
    rows.sort(key=lambda r: (-r[0], -r[1]))
    return pd.DataFrame([r[2] for r in rows[:limit]])


def reasons_frame(data: RoundsData, round_no: int, language: str) -> pd.DataFrame:
    """Every reason given in round ``round_no``, one row each: technology, criterion, the score,
    the previous round's panel [Q1–Q3] and the reason, labelled in ``language``; never the
    expert. Empty when the round has none."""
    report = next((r for r in data.convergence.rounds if r.stats.round == round_no), None)
    tech, crit = data.technology_names(language), data.criterion_names(language)
    previous = t("roundsui_rsn_col_range", language, round=round_no - 1)
    rows = []
    for x in report.reasons if report is not None else ():
        known = x.q1 is not None and x.q3 is not None
        rows.append(
            {
                t("roundsui_col_technology", language): tech.get(x.technology, x.technology),
                t("roundsui_col_criterion", language): crit.get(x.criterion, x.criterion),
                t("roundsui_rsn_col_score", language): x.score,
                previous: f"[{x.q1:g}–{x.q3:g}]" if known else NO_VALUE,
                t("roundsui_rsn_col_reason", language): x.reason,
            }
        )
    return pd.DataFrame(rows)


def rule_sentence(rules: StudyRules, language: str) -> str:
    """The study's stopping rule in words, as ``study convergence`` prints it."""
    stop = rules.stopping
    return t(
        "cli_rule",
        language,
        consensus=percent(stop.min_consensus_share, language),
        changed=percent(stop.max_changed_share, language),
        rounds=stop.max_rounds,
        iqr=percent(rules.iqr_share, language),
    )


def _select(key: RoundsKey, options: Sequence[Any], default: Any, language: str, **kw: Any) -> Any:
    """A select box keyed per language whose choice survives a language switch."""
    widget = f"{key}:{language}"
    chosen = st.session_state.get(key, default)
    if chosen not in options:
        chosen = default
    if st.session_state.get(widget) not in options or widget not in st.session_state:
        st.session_state[widget] = chosen
    value = st.selectbox(options=options, key=widget, **kw)
    st.session_state[key] = value
    return value


def _study(language: str) -> int | None:
    """The study in use in the analysis pages, else one chosen here (None: no study yet)."""
    in_use = study_in_use()
    if in_use is not None:
        st.caption(t("roundsui_in_use", language, id=in_use[0], name=in_use[2]))
        return in_use[0]
    studies: list[StudySummary] = list_studies(store())
    if not studies:
        st.info(t("roundsui_no_studies", language))
        return None
    ids = [s.id for s in reversed(studies)]
    default = st.session_state.get(CreateKey.CHOSEN)
    wanted = st.query_params.get(MANAGE_PARAMETER)
    if default not in ids and wanted is not None and wanted.isdigit():
        default = int(wanted)
    by_id = {s.id: s for s in studies}
    return int(
        _select(
            RoundsKey.STUDY,
            ids,
            default if default in ids else ids[0],
            language,
            label=t("roundsui_choose", language),
            format_func=lambda i: t("studyui_study_option", language, id=i, name=by_id[i].name),
        )
    )


def _method(language: str) -> str:
    options = [m.id for m in list_methods()]
    return str(
        _select(
            RoundsKey.METHOD,
            options,
            DEFAULT_METHOD,
            language,
            label=t("roundsui_method", language),
            format_func=lambda m: method_info(m).label(language),
        )
    )


def _advice(data: RoundsData, language: str) -> None:
    advice = data.convergence.stopping
    head = t("roundsui_stop" if advice.recommend_stop else "roundsui_continue", language)
    text = f"**{head}** {advice.reason.text(language)}"
    (st.success if advice.recommend_stop else st.warning)(text)
    st.caption(rule_sentence(data.convergence.rules, language))


def _reasons(data: RoundsData, language: str) -> None:
    """The reasons of a chosen round (default the last one with reasons); nothing when no
    round has any."""
    numbers = [r.stats.round for r in data.convergence.rounds if r.reasons]
    if not numbers:
        return
    st.subheader(t("roundsui_rsn_title", language))
    with st.columns([1, 3])[0]:
        chosen = int(
            _select(
                RoundsKey.REASONS_ROUND,
                numbers,
                numbers[-1],
                language,
                label=t("roundsui_rsn_round", language),
            )
        )
    st.caption(t("roundsui_rsn_help", language, round=chosen, previous=chosen - 1))
    frame = reasons_frame(data, chosen, language)
    st.dataframe(frame, hide_index=True, height=table_height(len(frame)))


def _moved(data: RoundsData, language: str) -> None:
    reports: Sequence[RoundReport] = data.convergence.rounds
    before, after = reports[-2].stats.round, reports[-1].stats.round
    st.subheader(t("roundsui_moved_title", language, before=before, after=after))
    frame = moved_frame(data, language)
    if frame.empty:
        st.info(t("roundsui_moved_none", language, before=before, after=after))
        return
    st.caption(t("roundsui_moved_help", language, n=len(frame)))
    st.dataframe(frame, hide_index=True, height=table_height(len(frame)))


def render() -> None:
    """Draw the Rounds page (behind the secretariat's password when one is set)."""
    if not secretariat_gate():
        return
    language = lang()
    st.header(t("page_rounds", language))
    st.write(t("roundsui_intro", language))
    try:
        study_id = _study(language)
        if study_id is None:
            return
        method = _method(language)
        db = store()
        digests, settings = answers_key(db, study_id)
        if not digests:
            st.info(t("roundsui_no_answers", language, id=study_id))
            return
        with st.spinner(t("roundsui_computing", language)):
            data = rounds_data(db.url, study_id, method, digests, settings)
    except R57Error as exc:
        show_failure(exc, language)
        return
    convergence = data.convergence
    st.subheader(t("roundsui_summary_title", language))
    frame = summary_frame(data, language)
    st.dataframe(frame, hide_index=True, height=table_height(len(frame)))
    _advice(data, language)
    if len(convergence.rounds) < 2:
        st.info(t("roundsui_one_round", language, round=convergence.rounds[0].stats.round))
        return
    draw_charts(
        convergence,
        data.ranges,
        data.technology_names(language),
        data.criterion_names(language),
        language,
    )
    _moved(data, language)
    _reasons(data, language)
