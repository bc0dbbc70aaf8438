"""Panel page: the aggregated decision matrix, its dispersion, and how far experts agree."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from r57_mcda.errors import R57Error
from r57_mcda.i18n import format_number, t
from r57_mcda.models import CriteriaSet, Panel, group_label
from r57_mcda.panel.agreement import interpret_w
from r57_mcda.panel.cube import confidence_given
from r57_mcda.ui.cache import loaded_inputs, panel_summary
from r57_mcda.ui.charts import heatmap
from r57_mcda.ui.common import criterion_labels, show_error, table_height
from r57_mcda.ui.pages.panel_expertise import expertise_control, expertise_note
from r57_mcda.ui.state import (
    EXPERT_WEIGHT_PREFIX,
    Key,
    choices,
    files,
    forget_widgets,
    lang,
)
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
    names["iqr_threshold"] = t("iqr_threshold", language)
    return frame.rename(columns=names)


def good_shade(matrix: pd.DataFrame, criteria: CriteriaSet) -> pd.DataFrame:
    """The matrix with cost criteria reversed within their scale (``lo + hi - x``), so that a
    heatmap coloured by it is dark wherever a technology does well."""
    shaded = matrix.astype(float).copy()
    for c in criteria.criteria:
        if c.direction == "cost" and c.id in shaded.columns:
            column = shaded[c.id]
            lo, hi = c.scale if c.scale is not None else (column.min(), column.max())
            shaded[c.id] = float(lo) + float(hi) - column
    return shaded


def cell_comments(panel: Panel) -> dict[tuple[str, str], str]:
    """Per (technology, criterion): the experts' comments, ``expert: text`` joined by " | "."""
    scores = panel.scores
    if "comment" not in scores.columns:
        return {}
    text = scores["comment"].fillna("").astype(str).str.strip()
    rows = scores[text != ""].assign(comment=text[text != ""])
    out: dict[tuple[str, str], str] = {}
    for (tech, crit), group in rows.groupby(["technology", "criterion"], sort=False):
        out[(str(tech), str(crit))] = " | ".join(
            f"{e}: {c}" for e, c in zip(group["expert"], group["comment"], strict=True)
        )
    return out


def _comments(
    panel: Panel, names_t: dict[str, str], names_c: dict[str, str], language: str
) -> None:
    """Every comment with the cell and the score it explains."""
    scores = panel.scores
    if "comment" not in scores.columns:
        return
    text = scores["comment"].fillna("").astype(str).str.strip()
    rows = scores[text != ""]
    if rows.empty:
        return
    st.subheader(t("ui_comments_title", language, n=len(rows)))
    table = pd.DataFrame(
        {
            t("technology", language): rows["technology"].map(names_t),
            t("criterion", language): rows["criterion"].map(names_c),
            t("ui_col_expert", language): rows["expert"],
            t("col_score", language): rows["score"],
            t("ui_col_comment", language): text[text != ""],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        height=table_height(len(table)),
        column_config={t("col_score", language): st.column_config.NumberColumn(format="%.2f")},
    )


def expert_weight_key(expert_id: str) -> str:
    """The widget key of an expert's weight."""
    return f"{EXPERT_WEIGHT_PREFIX}{expert_id}"


def _expert_weights_changed(ids: tuple[str, ...]) -> None:
    weights = {e: float(st.session_state[expert_weight_key(e)]) for e in ids}
    # All equal is the default (no weights recorded), so that a spec stays as plain as before.
    same = len(set(weights.values())) <= 1 and next(iter(weights.values()), 1.0) > 0
    st.session_state[Key.EXPERT_WEIGHTS] = () if same else tuple(sorted(weights.items()))


def _expert_weights_reset() -> None:
    st.session_state[Key.EXPERT_WEIGHTS] = ()
    forget_widgets(EXPERT_WEIGHT_PREFIX)


def _expert_weights(panel: Panel, language: str) -> None:
    """One weight per expert (1 = an equal say), used by the aggregation here and in the ranking."""
    current = dict(choices().panel.expert_weights)
    ids = tuple(panel.expert_ids)
    with st.expander(t("ui_expert_weights_title", language)):
        st.caption(t("ui_expert_weights_help", language))
        columns = st.columns(3)
        for i, expert in enumerate(panel.experts):
            key = expert_weight_key(expert.id)
            st.session_state.setdefault(key, float(current.get(expert.id, 1.0)))
            label = expert.id if not expert.name or expert.name == expert.id else expert.name
            columns[i % 3].number_input(
                f"{label} ({group_label(expert.group, language, panel.experts)})"
                if expert.group
                else label,
                min_value=0.0,
                step=0.5,
                key=key,
                on_change=_expert_weights_changed,
                args=(ids,),
            )
        st.button(
            t("ui_expert_weights_reset", language),
            key=Key.EXPERT_WEIGHTS_RESET,
            on_click=_expert_weights_reset,
        )


def _confidence_toggle(panel: Panel, language: str) -> None:
    """The "weigh by confidence" toggle, usable only when the scores give confidences."""
    available = confidence_given(panel)
    if not available:
        # Off, so that what is shown is what is used (the ranking reads the same setting).
        st.session_state[Key.CONFIDENCE] = False
    st.toggle(
        t("ui_conf_toggle", language),
        key=Key.CONFIDENCE,
        disabled=not available,
        help=t("ui_conf_help" if available else "ui_conf_unavailable", language),
    )


def render() -> None:
    """Draw the panel page."""
    language = lang()
    st.header(t("page_panel", language))
    loaded = loaded_inputs(files())
    if loaded.panel is None:
        st.info(t("panel_needs_scores", language))
        return
    criteria = loaded.criteria
    names_c = criterion_labels(criteria, language)
    names_t = {x.id: x.label(language) for x in loaded.technologies}

    # The toggle on a row of its own: its long label would be cut short in a column.
    c1, c3 = st.columns([3, 2], gap="large")
    c1.selectbox(
        t("aggregation", language),
        AGGREGATION_METHODS,
        format_func=lambda m: t(f"agg_{m}", language),
        key=Key.AGGREGATE,
    )

    # In whole percent of the scale range (a share shown as 0.25 reads as a quarter point).
    c3.slider(
        t("ui_iqr_share", language),
        5,
        50,
        step=5,
        format="%d %%",
        key=Key.IQR_SHARE,
        help=t("ui_iqr_share_help", language),
    )
    st.toggle(t("balance_groups", language), key=Key.BALANCE)
    _confidence_toggle(loaded.panel, language)
    expertise_control(loaded.panel, language)
    _expert_weights(loaded.panel, language)
    # The same settings as the ranking: what this page shows is the matrix that is ranked.
    panel = choices().panel
    share = int(st.session_state[Key.IQR_SHARE]) / 100
    try:
        aggregate, agreement = panel_summary(files(), panel, share)
    except R57Error as exc:
        show_error(exc, language)
        return
    settings = t(
        "ui_panel_settings",
        language,
        aggregation=t(f"agg_{panel.aggregation}", language),
        trim=panel.trim,
        quorum=panel.quorum,
        weights=t(
            "ui_expert_weights_custom" if panel.expert_weights else "ui_expert_weights_equal",
            language,
        ),
    )
    if panel.use_confidence:
        settings += " " + t("ui_conf_on", language)
    if note := expertise_note(aggregate, names_t, language):
        settings += " " + note
    st.caption(settings)

    st.subheader(t("aggregated_matrix", language))
    method_name = t(f"agg_{aggregate.method}", language).lower()
    st.caption(t("aggregated_matrix_help", language, method=method_name))
    shown = aggregate.matrix.rename(index=names_t, columns=names_c)
    long = shown.stack().rename("score").reset_index()
    long.columns = ["technology", "criterion", "score"]
    long["good"] = good_shade(aggregate.matrix, criteria).to_numpy().ravel()
    st.altair_chart(
        heatmap(
            long,
            x="criterion",
            y="technology",
            value="score",
            x_title=t("criterion", language),
            # No axis title: the rows are plainly technologies, and a long name (in Vietnamese
            # especially) would run into the title.
            y_title="",
            colour="good",
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
        height=table_height(len(shown_w)),
        data=shown_w.rename(
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

    thresholds = agreement.iqr_threshold
    if bool((thresholds == 1.0).all()):
        st.subheader(t("flagged_cells", language, threshold=1.0))
    else:
        st.subheader(t("ui_flagged_cells", language, share=share))
    st.caption(
        t("ui_iqr_share_help", language)
        + " "
        + t(
            "ui_flag_thresholds",
            language,
            thresholds="; ".join(
                f"{names_c[c]}: {format_number(float(v), language, 'g')}"
                for c, v in thresholds.items()
            ),
        )
    )
    if agreement.flags.empty:
        st.success(t("no_flags", language))
    else:
        flags = agreement.flags.copy()
        # The experts' comments on a flagged cell beside it: often the reason for the spread.
        notes = cell_comments(loaded.panel)
        flags[t("ui_col_comments", language)] = [
            notes.get((x, c), "")
            for x, c in zip(flags["technology"], flags["criterion"], strict=True)
        ]
        flags["technology"] = flags["technology"].map(names_t)
        flags["criterion"] = flags["criterion"].map(names_c)
        st.dataframe(
            _translated(flags.round(2), language), hide_index=True, height=table_height(len(flags))
        )

    _comments(loaded.panel, names_t, names_c, language)

    st.subheader(t("group_divergence", language))
    divergence = agreement.divergence.copy()
    divergence["technology"] = divergence["technology"].map(names_t)
    divergence["criterion"] = divergence["criterion"].map(names_c)
    experts = loaded.panel.experts
    for column in ("highest_group", "lowest_group"):
        divergence[column] = [group_label(g, language, experts) for g in divergence[column]]
    st.dataframe(
        _translated(divergence.round(2), language),
        hide_index=True,
        height=table_height(len(divergence)),
    )
