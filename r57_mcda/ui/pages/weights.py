"""Weights page: sliders and presets, AHP pairwise comparisons, objective weights, live preview."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

import pandas as pd
import streamlit as st

from r57_mcda.errors import R57Error
from r57_mcda.i18n import t
from r57_mcda.models import CriteriaSet, Criterion
from r57_mcda.ranking import method_info
from r57_mcda.spec import WeightSpec
from r57_mcda.ui import ahp_grid
from r57_mcda.ui.cache import ranking_for, weights_for
from r57_mcda.ui.charts import weights_bars
from r57_mcda.ui.choices import WeightChoice
from r57_mcda.ui.common import (
    PageContext,
    page_context,
    page_header,
    percent,
    show_error,
    weights_summary,
)
from r57_mcda.ui.state import WEIGHT_PREFIX, Key, set_weight_choice
from r57_mcda.vocab import OBJECTIVE_METHODS, RANK_METHODS

#: Technologies in the live preview of the ranking.
PREVIEW_ROWS = 10
#: The sliders' top. Only proportions matter, and typical weights (5-15 %) would be crowded
#: at the left of a 0-1 slider.
SLIDER_MAX = 0.5


def slider_key(criterion_id: str) -> str:
    """The widget key of a criterion's weight slider."""
    return f"{WEIGHT_PREFIX}{criterion_id}"


def _slider_moved(ids: tuple[str, ...]) -> None:
    values = {c: float(st.session_state[slider_key(c)]) for c in ids}
    set_weight_choice(WeightChoice.direct(values), keep_sliders=True)


def _choose(choice: WeightChoice) -> None:
    set_weight_choice(choice)


def _apply_rank() -> None:
    order = tuple(cast(list[str], st.session_state[Key.RANK_ORDER]))
    method = cast(str, st.session_state[Key.RANK_METHOD])
    set_weight_choice(WeightChoice(source="rank", order=order, rank_method=method))


def _apply_objective() -> None:
    set_weight_choice(WeightChoice(source=cast(str, st.session_state[Key.OBJECTIVE])))


def _groups(criteria: CriteriaSet) -> Iterator[tuple[str, list[Criterion]]]:
    """Criteria by group in the set's order; ungrouped criteria under the group ``""``."""
    grouped: dict[str, list[Criterion]] = {}
    for c in criteria.criteria:
        grouped.setdefault(c.group or "", []).append(c)
    yield from grouped.items()


def _seed_sliders(ctx: PageContext, current: pd.Series) -> None:
    """Give each slider the chosen value when Streamlit has none (first visit, new choice)."""
    choice = ctx.choices.weights
    values = dict(choice.values) if choice.source == "direct" else current.to_dict()
    # Values beyond the sliders' range (points, percentages, one dominant weight) are scaled
    # down together: only their proportions matter.
    scale = min(1.0, SLIDER_MAX / max(max(values.values(), default=0.0), 1e-12))
    for c in ctx.criteria.ids:
        st.session_state.setdefault(slider_key(c), round(scale * float(values.get(c, 0.0)), 2))


def _presets(ctx: PageContext) -> None:
    language = ctx.language
    names = ctx.criterion_names()
    ids = ctx.criteria.ids
    left, right = st.columns(2)
    left.button(
        t("preset_equal", language),
        key=Key.PRESET_EQUAL,
        on_click=_choose,
        args=(WeightChoice(source="equal"),),
        help=t("preset_equal_help", language),
    )
    right.button(
        t("preset_defaults", language),
        key=Key.PRESET_DEFAULTS,
        on_click=_choose,
        args=(WeightChoice(source="criteria"),),
        help=t("preset_defaults_help", language),
    )
    with st.expander(t("preset_rank_title", language)):
        st.write(t("preset_rank_intro", language))
        order = [c for c in cast(list[str], st.session_state.get(Key.RANK_ORDER, [])) if c in ids]
        st.session_state[Key.RANK_ORDER] = order
        st.multiselect(
            t("rank_order_label", language),
            options=ids,
            format_func=names.__getitem__,
            key=Key.RANK_ORDER,
            help=t("rank_order_help", language),
        )
        st.selectbox(
            t("rank_method_label", language),
            options=RANK_METHODS,
            format_func=lambda m: t(f"rank_method_{m}", language),
            key=Key.RANK_METHOD,
        )
        missing = len(ids) - len(cast(list[str], st.session_state[Key.RANK_ORDER]))
        if missing:
            st.caption(t("rank_order_missing", language, n=missing))
        st.button(
            t("preset_rank", language),
            key=Key.PRESET_RANK,
            on_click=_apply_rank,
            disabled=missing > 0,
        )


def _sliders(ctx: PageContext, current: pd.Series) -> None:
    language = ctx.language
    st.write(t("sliders_intro", language))
    _presets(ctx)
    _seed_sliders(ctx, current)
    ids = tuple(ctx.criteria.ids)
    groups = ctx.group_names()
    for group, members in _groups(ctx.criteria):
        st.markdown(f"**{groups.get(group, group) if group else t('ungrouped', language)}**")
        for c in members:
            left, right = st.columns([5, 1], vertical_alignment="bottom")
            left.slider(
                c.label(language),
                min_value=0.0,
                max_value=SLIDER_MAX,
                step=0.01,
                key=slider_key(c.id),
                help=(c.description_vi or c.description) if language == "vi" else c.description,
                on_change=_slider_moved,
                args=(ids,),
            )
            right.markdown(f"**{percent(float(current[c.id]), language)}**")


def _objective(ctx: PageContext) -> None:
    language = ctx.language
    st.write(t("objective_intro", language))
    st.radio(
        t("objective_label", language),
        OBJECTIVE_METHODS,
        format_func=lambda m: t(f"source_{m}", language),
        key=Key.OBJECTIVE,
        horizontal=True,
    )
    chosen = cast(str, st.session_state[Key.OBJECTIVE])
    try:
        weights = weights_for(ctx.files, ctx.choices.panel, WeightSpec(source=chosen))
    except R57Error as exc:
        show_error(exc, language)
        return
    names = ctx.criterion_names()
    st.dataframe(
        pd.DataFrame(
            {
                t("criterion", language): [names[c] for c in weights.values.index],
                t("weight", language): [percent(float(w), language) for w in weights.values],
            }
        ),
        hide_index=True,
    )
    st.button(
        t("objective_use", language),
        key=Key.APPLY_OBJECTIVE,
        on_click=_apply_objective,
        type="primary",
    )


def _weights_chart(ctx: PageContext, current: pd.Series) -> None:
    language = ctx.language
    names = ctx.criterion_names()
    groups = ctx.group_names()
    frame = pd.DataFrame(
        {
            "criterion": [names[c] for c in ctx.criteria.ids],
            "weight": [float(current[c]) for c in ctx.criteria.ids],
            "group": [
                groups.get(c.group or "", t("ungrouped", language)) for c in ctx.criteria.criteria
            ],
        }
    )
    st.altair_chart(
        weights_bars(
            frame,
            x_title=t("weight", language),
            group_title=t("criteria_group", language),
        ),
        width="stretch",
    )


def _preview(ctx: PageContext) -> None:
    language = ctx.language
    method = ctx.choices.method
    try:
        ranking = ranking_for(ctx.files, ctx.choices.ranking)
    except R57Error as exc:
        show_error(exc, language)
        return
    st.subheader(t("preview_title", language))
    st.caption(t("preview_caption", language, method=method_info(method.method).label(language)))
    names = ctx.technology_names()
    order = ranking.order()[:PREVIEW_ROWS]
    st.table(
        pd.DataFrame(
            {
                t("col_rank", language): [str(int(ranking.ranks[x])) for x in order],
                t("technology", language): [names[x] for x in order],
                t("col_score", language): [f"{float(ranking.scores[x]):.3f}" for x in order],
            }
        ),
        hide_index=True,
    )


def render() -> None:
    """Draw the weights page."""
    ctx = page_context()
    language = ctx.language
    page_header("page_weights", "weights_intro", language)
    try:
        current = weights_for(ctx.files, ctx.choices.panel, ctx.choices.weights.spec()).values
    except R57Error as exc:
        show_error(exc, language)
        current = pd.Series(0.0, index=ctx.criteria.ids)
    st.info(weights_summary(ctx.choices.weights, language))
    left, right = st.columns([3, 2], gap="large")
    with left:
        sliders, ahp, objective = st.tabs(
            [t("tab_sliders", language), t("tab_ahp", language), t("tab_objective", language)]
        )
        with sliders:
            _sliders(ctx, current)
        with ahp:
            ahp_grid.render(ctx)
        with objective:
            _objective(ctx)
    with right:
        st.subheader(t("weights_chart_title", language))
        _weights_chart(ctx, current)
        _preview(ctx)
