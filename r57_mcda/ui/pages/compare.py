"""Compare page: several methods' ranks side by side, Kendall's tau, Borda and Copeland."""

from __future__ import annotations

from typing import cast

import pandas as pd
import streamlit as st

from r57_mcda.explain.compare import Comparison
from r57_mcda.i18n import t
from r57_mcda.ranking import list_methods, method_info
from r57_mcda.ui.cache import comparison_for
from r57_mcda.ui.charts import heatmap
from r57_mcda.ui.common import PageContext, page_context, page_header, weights_summary
from r57_mcda.ui.state import Key


def _label(method: str, language: str) -> str:
    return method_info(method).label(language)


def ranks_table(ctx: PageContext, comparison: Comparison) -> pd.DataFrame:
    """One row per technology (by Borda consensus): each method's rank, then both consensus."""
    language = ctx.language
    names = ctx.technology_names()
    order = list(comparison.borda.sort_values("rank", kind="stable").index)
    table = comparison.ranks.loc[order].rename(
        columns={m: _label(m, language) for m in comparison.methods}
    )
    table.insert(0, t("technology", language), [names[x] for x in order])
    table[t("consensus_borda", language)] = comparison.borda.loc[order, "rank"].to_numpy()
    table[t("consensus_copeland", language)] = comparison.copeland.loc[order, "rank"].to_numpy()
    return table.reset_index(drop=True)


def consensus_table(ctx: PageContext, consensus: pd.DataFrame) -> pd.DataFrame:
    """A consensus ranking (score, rank, tie) with technology names, best first."""
    language = ctx.language
    names = ctx.technology_names()
    ordered = consensus.sort_values("rank", kind="stable")
    return pd.DataFrame(
        {
            t("col_rank", language): ordered["rank"].astype(int).to_numpy(),
            t("technology", language): [names[x] for x in ordered.index],
            t("col_score", language): ordered["score"].round(2).to_numpy(),
            t("col_tie", language): [t("tied", language) if x else "" for x in ordered["tied"]],
        }
    )


def _tau_chart(comparison: Comparison, language: str) -> None:
    labels = {m: _label(m, language) for m in comparison.methods}
    tau = comparison.kendall_tau.rename(index=labels, columns=labels)
    long = tau.stack(future_stack=True).rename("tau").reset_index()
    long.columns = pd.Index(["row", "column", "tau"])
    st.altair_chart(
        heatmap(long, x="column", y="row", value="tau", x_title="", y_title=""),
        width="stretch",
    )


def render() -> None:
    """Draw the compare page."""
    ctx = page_context()
    language = ctx.language
    page_header("page_compare", "compare_intro", language)
    st.caption(weights_summary(ctx.choices.weights, language))
    options = [m.id for m in list_methods()]
    st.session_state[Key.COMPARE] = [
        m for m in cast(list[str], st.session_state[Key.COMPARE]) if m in options
    ]
    st.multiselect(
        t("compare_methods", language),
        options,
        format_func=lambda m: _label(m, language),
        key=Key.COMPARE,
        help=t("compare_methods_help", language),
    )
    methods = tuple(cast(list[str], st.session_state[Key.COMPARE]))
    if len(methods) < 2:
        st.info(t("compare_need_two", language))
        return
    result = comparison_for(ctx.files, ctx.choices.ranking, methods)
    for method, reason in result.failed:
        label = _label(method, language)
        st.warning(t("compare_failed", language, method=label, reason=reason.text(language)))
    comparison = result.comparison
    if comparison is None or len(comparison.methods) < 2:
        st.info(t("compare_need_two", language))
        return
    st.metric(
        t("compare_agreement", language),
        f"{comparison.agreement:.2f}",
        help=t("compare_agreement_help", language),
    )
    st.subheader(t("compare_ranks_title", language))
    st.dataframe(ranks_table(ctx, comparison), hide_index=True)
    st.subheader(t("compare_tau_title", language))
    st.caption(t("compare_tau_help", language))
    _tau_chart(comparison, language)
    st.subheader(t("compare_consensus_title", language))
    st.write(t("compare_consensus_help", language))
    left, right = st.columns(2)
    left.markdown(f"**{t('consensus_borda', language)}**")
    left.dataframe(consensus_table(ctx, comparison.borda), hide_index=True)
    right.markdown(f"**{t('consensus_copeland', language)}**")
    right.dataframe(consensus_table(ctx, comparison.copeland), hide_index=True)
