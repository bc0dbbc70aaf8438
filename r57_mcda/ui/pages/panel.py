"""Panel page: the aggregated decision matrix, its dispersion, and how far experts agree."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from r57_mcda.i18n import t
from r57_mcda.models import group_label
from r57_mcda.panel.agreement import interpret_w
from r57_mcda.ui.cache import loaded_inputs, panel_summary
from r57_mcda.ui.charts import heatmap
from r57_mcda.ui.state import Key, files, lang
from r57_mcda.vocab import AGGREGATION_METHODS


def _w_label(w: float, language: str) -> str:
    reading = interpret_w(w)
    return t("w_undefined" if reading == "undefined" else f"w_{reading}", language)


def _p_text(p: float) -> str:
    """A p-value as a reader expects it: "< 0.001" rather than a rounded 0."""
    if math.isnan(p):  # W undefined
        return "–"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


#: Column headers of the agreement tables, translated by ``col_<name>`` keys.
_COLUMNS = (
    "technology",
    "criterion",
    "n",
    "iqr",
    "std",
    "min",
    "max",
    "divergence",
    "highest_group",
    "highest_mean",
    "lowest_group",
    "lowest_mean",
)


def _translated(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """The frame with its known column names in ``language``."""
    names = {
        c: t(c if c in ("technology", "criterion") else f"col_{c}", language)
        for c in _COLUMNS
        if c in frame.columns
    }
    return frame.drop(columns=["iqr_threshold"], errors="ignore").rename(columns=names)


def render() -> None:
    """Draw the panel page."""
    language = lang()
    st.header(t("page_panel", language))
    loaded = loaded_inputs(files())
    if loaded.panel is None:
        st.info(t("panel_needs_scores", language))
        return
    criteria = loaded.criteria
    names_c = {c.id: c.label(language) for c in criteria.criteria}
    names_t = {x.id: x.label(language) for x in loaded.technologies}

    c1, c2, c3 = st.columns([2, 3, 2])
    c1.selectbox(
        t("aggregation", language),
        AGGREGATION_METHODS,
        format_func=lambda m: t(f"agg_{m}", language),
        key=Key.AGGREGATE,
    )
    c2.toggle(t("balance_groups", language), key=Key.BALANCE)
    c3.slider(t("iqr_threshold", language), 0.5, 2.0, step=0.25, key=Key.IQR_THRESHOLD)
    aggregate, agreement = panel_summary(
        files(),
        st.session_state[Key.AGGREGATE],
        bool(st.session_state[Key.BALANCE]),
        float(st.session_state[Key.IQR_THRESHOLD]),
    )

    st.subheader(t("aggregated_matrix", language))
    method_name = t(f"agg_{aggregate.method}", language).lower()
    st.caption(t("aggregated_matrix_help", language, method=method_name))
    shown = aggregate.matrix.rename(index=names_t, columns=names_c)
    long = shown.stack().rename("score").reset_index()
    long.columns = ["technology", "criterion", "score"]
    st.altair_chart(
        heatmap(
            long,
            x="criterion",
            y="technology",
            value="score",
            x_title=t("criterion", language),
            y_title=t("technology", language),
        ),
        width="stretch",
    )
    with st.expander(t("dispersion_table", language)):
        cells = aggregate.long()
        cells["technology"] = cells["technology"].map(names_t)
        cells["criterion"] = cells["criterion"].map(names_c)
        st.dataframe(cells.round(3), hide_index=True)

    st.subheader(t("agreement", language))
    st.metric(
        t("kendall_w_overall_short", language),
        f"{agreement.overall_w:.3f}",
        help=t("kendall_help", language),
    )
    st.write(
        t(
            "kendall_w_overall",
            language,
            w=agreement.overall_w,
            label=_w_label(agreement.overall_w, language),
        )
    )
    kendall = agreement.kendall.reset_index(names="criterion")
    kendall["criterion"] = kendall["criterion"].map(names_c)
    kendall["reading"] = [_w_label(w, language) for w in kendall["W"]]
    st.caption(t("kendall_per_criterion", language))
    kendall["p_value"] = [_p_text(p) for p in kendall["p_value"]]
    shown_w = kendall[["criterion", "W", "reading", "p_value", "m", "n"]].round(3)
    st.dataframe(
        shown_w.rename(
            columns={
                "criterion": t("criterion", language),
                "reading": t("col_reading", language),
                "p_value": t("col_p_value", language),
                "m": t("col_experts_used", language),
                "n": t("col_technologies_used", language),
            }
        ),
        hide_index=True,
    )

    threshold = float(st.session_state[Key.IQR_THRESHOLD])
    st.subheader(t("flagged_cells", language, threshold=threshold))
    if agreement.flags.empty:
        st.success(t("no_flags", language))
    else:
        flags = agreement.flags.copy()
        flags["technology"] = flags["technology"].map(names_t)
        flags["criterion"] = flags["criterion"].map(names_c)
        st.dataframe(_translated(flags.round(2), language), hide_index=True)

    st.subheader(t("group_divergence", language))
    divergence = agreement.divergence.copy()
    divergence["technology"] = divergence["technology"].map(names_t)
    divergence["criterion"] = divergence["criterion"].map(names_c)
    experts = loaded.panel.experts
    for column in ("highest_group", "lowest_group"):
        divergence[column] = [group_label(g, language, experts) for g in divergence[column]]
    st.dataframe(_translated(divergence.round(2), language), hide_index=True)
