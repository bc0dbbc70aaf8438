"""Weights page: sliders and presets, AHP pairwise comparisons, objective weights, live preview."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import cast

import pandas as pd
import streamlit as st

from r57_mcda.errors import InputError, R57Error
from r57_mcda.i18n import t
from r57_mcda.io.weights import load_weights
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
from r57_mcda.ui.state import WEIGHT_PREFIX, Key, set_weight_choice, weight_choice
from r57_mcda.vocab import OBJECTIVE_METHODS, RANK_METHODS
from r57_mcda.weighting import direct_weights

#: Technologies in the live preview of the ranking.
PREVIEW_ROWS = 10
#: The sliders' top. Only proportions matter, and typical weights (5-15 %) would be crowded
#: at the left of a 0-1 slider.
SLIDER_MAX = 0.5
#: The sliders' number format: four decimals, so that a weight between two steps (0.1234, a
#: 0.1 % weight) is shown as it is rather than rounded to the step.
SLIDER_FORMAT = "%.4f"


def slider_key(criterion_id: str) -> str:
    """The widget key of a criterion's weight slider."""
    return f"{WEIGHT_PREFIX}{criterion_id}"


def _slider_moved(criterion: str, base: dict[str, float], scale: float) -> None:
    # Only the moved criterion changes: the others keep their exact raw values (never the
    # slider's rounded positions), so touching a slider and putting it back changes nothing.
    # Several sliders changed in one run (their callbacks run in turn) build on each other.
    choice = weight_choice()
    values = dict(choice.values) if choice.source == "direct" else dict(base)
    values[criterion] = float(st.session_state[slider_key(criterion)]) / scale
    # When the largest value changes the sliders' scale, they are drawn again from it.
    peak = max(max(values.values(), default=0.0), 1e-12)
    same_scale = min(1.0, SLIDER_MAX / peak) == scale
    set_weight_choice(WeightChoice.direct(values), keep_sliders=same_scale)


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


def slider_base(ctx: PageContext, current: pd.Series) -> tuple[dict[str, float], float]:
    """The raw weights the sliders stand for, and the factor from raw weight to slider position.

    A ``direct`` choice's own values (any scale, kept exactly); for any other source, the
    weights in use. Values beyond the sliders' range (points, percentages, one dominant
    weight) are shown scaled down together: only their proportions matter.
    """
    choice = ctx.choices.weights
    chosen = dict(choice.values) if choice.source == "direct" else current.to_dict()
    values = {c: float(chosen.get(c, 0.0)) for c in ctx.criteria.ids}
    scale = min(1.0, SLIDER_MAX / max(max(values.values(), default=0.0), 1e-12))
    return values, scale


def _seed_sliders(values: dict[str, float], scale: float) -> None:
    """Give each slider the chosen value when Streamlit has none (first visit, new choice).

    The value is exact, not rounded to the slider's step: a slider shows any value in range.
    """
    for c, value in values.items():
        st.session_state.setdefault(slider_key(c), scale * value)


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


def weights_from_file(data: bytes, name: str, criteria: CriteriaSet) -> dict[str, float]:
    """The weights of an uploaded file, checked against the criteria set and normalised.

    Raises
    ------
    InputError
        The file cannot be read, or its weights do not fit the criteria (unknown or missing
        ids, non-numbers, negative values, all zero), every problem located.
    """
    values = load_weights(data, name=name)
    try:
        weights = direct_weights(values, criteria).values
        return {str(c): float(w) for c, w in weights.items()}
    except InputError as exc:
        # The weights do not fit the criteria: say which file they came from.
        raise InputError([replace(p, file=p.file or name) for p in exc.problems]) from exc


def _weights_file(ctx: PageContext) -> None:
    """Weights read from a file (CSV/XLSX ``criterion,weight`` or TOML ``[weights]``)."""
    language = ctx.language
    with st.expander(t("ui_weights_file_title", language)):
        st.write(t("ui_weights_file_intro", language))
        upload = st.file_uploader(
            t("ui_weights_file_upload", language),
            type=["csv", "xlsx", "toml"],
            key=Key.WEIGHTS_FILE,
        )
        if upload is None:
            return
        try:
            values = weights_from_file(upload.getvalue(), upload.name, ctx.criteria)
        except R57Error as exc:
            show_error(exc, language)
            return
        st.caption(t("ui_weights_file_read", language, name=upload.name, n=len(values)))
        st.button(
            t("ui_weights_file_apply", language),
            key=Key.WEIGHTS_FILE_APPLY,
            on_click=_choose,
            args=(WeightChoice.direct(values),),
        )


def _sliders(ctx: PageContext, current: pd.Series) -> None:
    language = ctx.language
    st.write(t("sliders_intro", language))
    _presets(ctx)
    _weights_file(ctx)
    base, scale = slider_base(ctx, current)
    _seed_sliders(base, scale)
    groups = ctx.group_names()
    labels = ctx.criterion_names()
    for group, members in _groups(ctx.criteria):
        st.markdown(f"**{groups.get(group, group) if group else t('ungrouped', language)}**")
        for c in members:
            left, right = st.columns([5, 1], vertical_alignment="bottom")
            left.slider(
                labels[c.id],
                min_value=0.0,
                max_value=SLIDER_MAX,
                step=0.01,
                format=SLIDER_FORMAT,
                key=slider_key(c.id),
                help=(c.description_vi or c.description) if language == "vi" else c.description,
                on_change=_slider_moved,
                args=(c.id, base, scale),
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
                t("col_score", language): [f"{float(ranking.scores[x]):.2f}" for x in order],
            }
        ),
        hide_index=True,
    )


def render() -> None:
    """Draw the weights page."""
    _page()


# A fragment: a slider step reruns this page's body only, not the app's navigation, sidebar
# and title, so that the ranking beside the sliders settles sooner. Everything it draws is
# read from the session inside it (a context from outside would be stale on its reruns).
@st.fragment
def _page() -> None:
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
