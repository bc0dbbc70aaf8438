"""Ranking page: the method chooser, the ranked table with its shortlist, and why."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from r57_mcda.errors import R57Error
from r57_mcda.i18n import t
from r57_mcda.models import Ranking
from r57_mcda.pipeline.shortlist import degenerate_shortlist
from r57_mcda.ui import method_picker
from r57_mcda.ui.cache import ranking_for
from r57_mcda.ui.common import (
    PageContext,
    page_context,
    page_header,
    show_error,
    table_height,
    weights_summary,
)
from r57_mcda.ui.explain_panel import contributions_chart, why_panel
from r57_mcda.ui.state import Key


def ranked_table(ctx: PageContext, ranking: Ranking, top_k: int) -> pd.DataFrame:
    """Rank, technology, group, score, tie mark and shortlist mark, best first."""
    language = ctx.language
    names = ctx.technology_names()
    groups = ctx.technology_groups()
    order = ranking.order()
    shortlisted = set(ranking.top(top_k))
    tied = t("tied", language)
    return pd.DataFrame(
        {
            t("col_rank", language): [int(ranking.ranks[x]) for x in order],
            t("technology", language): [names[x] for x in order],
            t("col_group", language): [groups.get(x, "") for x in order],
            t("col_score", language): [round(float(ranking.scores[x]), 4) for x in order],
            t("col_tie", language): [tied if bool(ranking.tied[x]) else "" for x in order],
            t("col_shortlist", language): ["✓" if x in shortlisted else "" for x in order],
        }
    )


def _notes(ranking: Ranking, language: str) -> None:
    for note in ranking.extras.get("notes") or ():
        st.caption(f"ⓘ {note.text(language)}")


def _vikor(ctx: PageContext, ranking: Ranking) -> None:
    language = ctx.language
    names = ctx.technology_names()
    extras = ranking.extras
    members = ", ".join(names[x] for x in extras["compromise_set"])
    yes, no = t("yes", language), t("no", language)
    st.info(
        t(
            "vikor_compromise",
            language,
            members=members,
            advantage=yes if extras["acceptable_advantage"] else no,
            stability=yes if extras["acceptable_stability"] else no,
        )
    )


def _top_k_control(ctx: PageContext) -> int:
    n = len(ctx.loaded.technologies)
    current = int(st.session_state[Key.TOP_K])
    st.session_state[Key.TOP_K] = min(max(current, 1), n)
    st.number_input(
        t("top_k_label", ctx.language),
        min_value=1,
        max_value=n,
        step=1,
        key=Key.TOP_K,
        help=t("top_k_help", ctx.language),
    )
    return int(st.session_state[Key.TOP_K])


def render() -> None:
    """Draw the ranking page."""
    ctx = page_context()
    language = ctx.language
    page_header("page_ranking", "ranking_intro", language)
    st.caption(weights_summary(ctx.choices.weights, language))
    left, right = st.columns([3, 1])
    with left:
        method_picker.render(ctx.criteria.ids, language)
    with right:
        top_k = _top_k_control(ctx)
    try:
        ranking = ranking_for(ctx.files, ctx.choices.ranking)
    except R57Error as exc:
        show_error(exc, language)
        return
    st.subheader(t("ranked_title", language))
    _notes(ranking, language)
    table = ranked_table(ctx, ranking, top_k)
    st.dataframe(
        table,
        hide_index=True,
        height=table_height(len(table)),
        # Scores shown with 2 decimals everywhere (the table keeps 4, for sorting and copying).
        column_config={
            t("col_score", language): st.column_config.NumberColumn(format="%.2f"),
        },
    )
    names = ctx.technology_names()
    chosen = ranking.top(top_k)
    st.success(t("shortlist_text", language, k=top_k, names="; ".join(names[x] for x in chosen)))
    if len(chosen) > top_k:
        st.caption(t("shortlist_ties", language, n=len(chosen), k=top_k))
    degenerate = degenerate_shortlist(ranking, top_k)
    if degenerate is not None:
        st.warning(degenerate.text(language))
    if ranking.method == "vikor":
        _vikor(ctx, ranking)
    contributions_chart(ctx, ranking)
    why_panel(ctx, ranking)
