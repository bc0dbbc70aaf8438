"""Why technologies stand where they do: contributions chart and the "why is A above B" panel."""

from __future__ import annotations

from typing import cast

import pandas as pd
import streamlit as st

from r57_mcda.errors import MethodError, R57Error
from r57_mcda.explain.pairs import SWAP_METHODS, PairExplanation
from r57_mcda.i18n import t
from r57_mcda.models import Ranking
from r57_mcda.ranking import method_info
from r57_mcda.ui.cache import contributions_for, pair_for
from r57_mcda.ui.charts import stacked_bars
from r57_mcda.ui.common import PageContext, percent, show_error
from r57_mcda.ui.state import Key, keep_option

#: Technologies drawn in the contributions chart (best first).
CHART_ROWS = 20


def contributions_chart(ctx: PageContext, ranking: Ranking) -> None:
    """Per-criterion contributions as one stacked bar per technology, best first."""
    language = ctx.language
    method = ctx.choices.method
    st.subheader(t("contrib_title", language))
    try:
        contrib = contributions_for(ctx.files, ctx.choices.ranking)
    except MethodError:
        st.info(t("contrib_none", language, method=method_info(method.method).label(language)))
        return
    st.caption(contrib.note.text(language))
    names_t = ctx.technology_names()
    names_c = ctx.criterion_names()
    shown = ranking.order()[:CHART_ROWS]
    if len(ranking.order()) > CHART_ROWS:
        st.caption(t("contrib_first_rows", language, n=CHART_ROWS))
    values = contrib.values.loc[shown].rename(index=names_t, columns=names_c)
    long = values.stack().rename("value").reset_index()
    long.columns = pd.Index(["technology", "criterion", "value"])
    st.altair_chart(
        stacked_bars(
            long,
            order=[names_t[x] for x in shown],
            x_title=t(f"contrib_axis_{contrib.kind}", language),
            y_title=t("technology", language),
            colour_title=t("criterion", language),
        ),
        width="stretch",
    )


def _pair_table(ctx: PageContext, pair: PairExplanation) -> pd.DataFrame:
    language = ctx.language
    names_t = ctx.technology_names()
    names_c = ctx.criterion_names()
    better = {"a": names_t[pair.a], "b": names_t[pair.b], "": "="}
    frame = pair.criteria
    return pd.DataFrame(
        {
            t("criterion", language): [names_c[c] for c in frame.index],
            t("weight", language): [percent(float(w), language) for w in frame["weight"]],
            names_t[pair.a]: frame["value_a"].round(3).to_numpy(),
            names_t[pair.b]: frame["value_b"].round(3).to_numpy(),
            t("why_better", language): [better[str(b)] for b in frame["better"]],
            t("why_gap", language): frame["gap"].round(4).to_numpy(),
        }
    )


def _swaps(ctx: PageContext, pair: PairExplanation, leader: str, other: str) -> None:
    language = ctx.language
    names_t = ctx.technology_names()
    names_c = ctx.criterion_names()
    if pair.swaps is None:
        methods = ", ".join(method_info(m).label(language) for m in SWAP_METHODS)
        st.caption(t("why_swap_methods", language, methods=methods))
        return
    swap = pair.smallest_swap
    if swap is None:
        st.success(t("why_no_swap", language, leader=names_t[leader], other=names_t[other]))
        return
    st.warning(
        t(
            "why_swap",
            language,
            other=names_t[other],
            leader=names_t[leader],
            criterion=names_c[swap.criterion],
            weight=percent(swap.weight, language),
            swap=percent(swap.swap_weight, language),
        )
    )
    table = pair.swap_table().dropna()
    st.dataframe(
        pd.DataFrame(
            {
                t("criterion", language): [names_c[c] for c in table.index],
                t("why_weight_now", language): [percent(w, language) for w in table["weight"]],
                t("why_swap_weight", language): [
                    percent(w, language) for w in table["swap_weight"]
                ],
                t("why_change", language): [f"{100 * c:+.1f}" for c in table["change"]],
            }
        ),
        hide_index=True,
    )


def why_panel(ctx: PageContext, ranking: Ranking) -> None:
    """Two technologies side by side and the smallest weight change that would swap them."""
    language = ctx.language
    st.subheader(t("why_title", language))
    st.write(t("why_intro", language))
    order = ranking.order()
    if len(order) < 2:
        return
    names_t = ctx.technology_names()
    keep_option(Key.PAIR_A, order, order[0])
    keep_option(Key.PAIR_B, order, order[1])
    left, right = st.columns(2)
    left.selectbox(t("why_a", language), order, format_func=names_t.__getitem__, key=Key.PAIR_A)
    right.selectbox(t("why_b", language), order, format_func=names_t.__getitem__, key=Key.PAIR_B)
    a = cast(str, st.session_state[Key.PAIR_A])
    b = cast(str, st.session_state[Key.PAIR_B])
    if a == b:
        st.info(t("why_same", language))
        return
    try:
        pair = pair_for(ctx.files, ctx.choices.ranking, a, b)
    except R57Error as exc:
        show_error(exc, language)
        return
    if pair.ahead is None:
        st.info(t("why_tied", language, a=names_t[a], b=names_t[b]))
    else:
        leader, other = (a, b) if pair.ahead == a else (b, a)
        scores = {a: pair.score_a, b: pair.score_b}
        strengths = pair.a_better if leader == a else pair.b_better
        names_c = ctx.criterion_names()
        st.markdown(
            t(
                "why_ahead",
                language,
                leader=names_t[leader],
                other=names_t[other],
                rank_leader=int(ranking.ranks[leader]),
                rank_other=int(ranking.ranks[other]),
                score_leader=f"{scores[leader]:.3f}",
                score_other=f"{scores[other]:.3f}",
            )
        )
        if strengths:
            st.markdown(
                t(
                    "why_strengths",
                    language,
                    leader=names_t[leader],
                    criteria=", ".join(names_c[c] for c in strengths),
                )
            )
        _swaps(ctx, pair, leader, other)
    st.caption(pair.gap_note.text(language))
    st.dataframe(_pair_table(ctx, pair), hide_index=True)
