"""The AHP pairwise comparison grid: one Saaty-scale judgment per pair, priorities and CR live."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import cast

import pandas as pd
import streamlit as st

from r57_mcda.errors import R57Error
from r57_mcda.i18n import t
from r57_mcda.models import CriteriaSet, Weights
from r57_mcda.ui.choices import WeightChoice, freeze_judgments, store_key
from r57_mcda.ui.common import PageContext, percent, show_error
from r57_mcda.ui.state import AHP_PREFIX, Key, set_weight_choice
from r57_mcda.weighting.ahp import CR_THRESHOLD, AHPResult, ahp_priorities

#: Saaty's 1-9 scale as slider positions: k > 0 means "the left item is k times as important",
#: k < 0 "the right item is |k| times as important"; 1 is equal importance.
SAATY: tuple[int, ...] = (*range(9, 1, -1), 1, *range(-2, -10, -1))
TOP = "top"


def judgment_value(k: int) -> float:
    """The matrix entry a_ij of slider position ``k``."""
    return float(k) if k >= 1 else 1.0 / -k


def judgment_label(k: int) -> str:
    """``3 : 1`` (left item 3 times as important), ``1 : 1``, ``1 : 5``."""
    return f"{k} : 1" if k >= 1 else f"1 : {-k}"


def pairwise_matrix(ids: Sequence[str], judgments: Mapping[tuple[str, str], int]) -> pd.DataFrame:
    """The reciprocal matrix of the judgments on the pairs (i before j in ``ids``).

    A pair without a judgment counts as equal importance (1).
    """
    matrix = pd.DataFrame(1.0, index=list(ids), columns=list(ids))
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            value = judgment_value(judgments.get((a, b), 1))
            matrix.loc[a, b] = value
            matrix.loc[b, a] = 1.0 / value
    return matrix


def levels(criteria: CriteriaSet) -> list[tuple[str, list[str]]]:
    """The matrices to fill, as (scope, item ids).

    With groups: the top level (groups and ungrouped criteria, as in
    :func:`r57_mcda.weighting.hierarchy.hierarchical_weights`), then each group of two or more
    criteria.
    Without groups: one matrix over every criterion.
    """
    if not any(c.group for c in criteria.criteria):
        return [(TOP, list(criteria.ids))]
    top = list(dict.fromkeys(c.group or c.id for c in criteria.criteria))
    members: dict[str, list[str]] = {}
    for c in criteria.criteria:
        if c.group:
            members.setdefault(c.group, []).append(c.id)
    return [(TOP, top)] + [(g, ids) for g, ids in members.items() if len(ids) > 1]


def scope_judgments(
    stored: Mapping[str, int], scope: str, ids: Sequence[str]
) -> dict[tuple[str, str], int]:
    """The stored judgments of one matrix, keyed by pair."""
    out: dict[tuple[str, str], int] = {}
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            out[(a, b)] = stored.get(store_key(scope, a, b), 1)
    return out


@dataclass(frozen=True, eq=False)
class GridResult:
    """Each matrix's AHP result and the criteria weights they compose."""

    results: dict[str, AHPResult]
    weights: Weights

    @property
    def max_cr(self) -> float:
        """The largest consistency ratio of the matrices."""
        return max(r.cr for r in self.results.values())


def grid_weights(criteria: CriteriaSet, stored: Mapping[str, int]) -> GridResult:
    """AHP priorities of every matrix and the composed criteria weights.

    Raises
    ------
    R57Error
        A matrix with more than 15 items (no random index is pinned for that size).
    """
    from r57_mcda.weighting.ahp_weights import ahp_weights

    matrices = {
        scope: pairwise_matrix(ids, scope_judgments(stored, scope, ids))
        for scope, ids in levels(criteria)
    }
    results = {scope: ahp_priorities(m) for scope, m in matrices.items()}
    grouped = any(c.group for c in criteria.criteria)
    if grouped:
        within = {g: m for g, m in matrices.items() if g != TOP}
        weights = ahp_weights(matrices[TOP], criteria, level="groups", within=within)
    else:
        weights = ahp_weights(matrices[TOP], criteria, level="criteria")
    return GridResult(results, weights)


def _widget_key(scope: str, a: str, b: str) -> str:
    return f"{AHP_PREFIX}{scope}:{a}:{b}"


def _judged(scope: str, a: str, b: str) -> None:
    stored = dict(cast(dict[str, int], st.session_state[Key.AHP]))
    stored[store_key(scope, a, b)] = int(st.session_state[_widget_key(scope, a, b)])
    st.session_state[Key.AHP] = stored


def _use(criteria: CriteriaSet) -> None:
    grid = grid_weights(criteria, cast(dict[str, int], st.session_state[Key.AHP]))
    values = {str(k): float(v) for k, v in grid.weights.values.items()}
    pairwise = freeze_judgments(
        {scope: result.matrix.to_dict(orient="index") for scope, result in grid.results.items()}
    )
    set_weight_choice(
        WeightChoice.direct(values, source="ahp_grid", cr=grid.max_cr, pairwise=pairwise)
    )


def _item_names(ctx: PageContext) -> dict[str, str]:
    return {**ctx.criterion_names(), **ctx.group_names()}


def _consistency(result: AHPResult, language: str) -> None:
    if result.consistent:
        st.success(t("ahp_consistent", language, cr=result.cr))
    else:
        st.warning(t("ahp_inconsistent", language, cr=result.cr, limit=CR_THRESHOLD))


def _use_ahp_files() -> None:
    set_weight_choice(WeightChoice(source="ahp"))


def uploaded_files(ctx: PageContext) -> None:
    """The AHP files loaded on the data page (one per judge): each judge's CR, and a button
    that takes the weights of their matrices combined cell by cell (AIJ, geometric mean)."""
    language = ctx.language
    matrices = ctx.loaded.ahp
    if not matrices:
        return
    names = [f.name for f in ctx.files if f.role == "ahp"]
    st.markdown(f"**{t('ui_ahp_files_title', language, n=len(matrices))}**")
    rows = []
    for name, matrix in zip(names, matrices, strict=False):
        try:
            cr = ahp_priorities(matrix).cr
        except R57Error as exc:
            show_error(exc, language)
            return
        rows.append(
            {
                t("col_file", language): name,
                "CR": round(cr, 3),
                t("ui_ahp_consistent", language): t(
                    "yes" if cr <= CR_THRESHOLD else "no", language
                ),
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    st.caption(t("ui_ahp_files_help", language, threshold=CR_THRESHOLD))
    st.button(
        t("ui_ahp_files_use", language),
        key=Key.APPLY_AHP_FILES,
        on_click=_use_ahp_files,
        type="primary",
    )


def render(ctx: PageContext) -> None:
    """Draw the grid, the live consistency ratios, the resulting weights and the apply button."""
    language = ctx.language
    uploaded_files(ctx)
    st.write(t("ahp_intro", language))
    names = _item_names(ctx)
    stored = cast(dict[str, int], st.session_state[Key.AHP])
    try:
        grid = grid_weights(ctx.criteria, stored)
    except R57Error as exc:
        show_error(exc, language)
        return
    for scope, ids in levels(ctx.criteria):
        title = t("ahp_top_level", language) if scope == TOP else names.get(scope, scope)
        st.markdown(f"**{title}**")
        for a, b in scope_judgments(stored, scope, ids):
            key = _widget_key(scope, a, b)
            st.session_state.setdefault(key, stored.get(store_key(scope, a, b), 1))
            left, middle, right = st.columns([3, 4, 3], vertical_alignment="center")
            left.markdown(names[a])
            middle.select_slider(
                t("ahp_pair_label", language, a=names[a], b=names[b]),
                options=SAATY,
                format_func=judgment_label,
                key=key,
                label_visibility="collapsed",
                help=t("ahp_scale_help", language),
                on_change=_judged,
                args=(scope, a, b),
            )
            right.markdown(names[b])
        _consistency(grid.results[scope], language)
    st.markdown(f"**{t('ahp_result', language)}**")
    st.dataframe(
        pd.DataFrame(
            {
                t("criterion", language): [names[c] for c in ctx.criteria.ids],
                t("weight", language): [percent(float(w), language) for w in grid.weights.values],
            }
        ),
        hide_index=True,
    )
    st.button(
        t("ahp_use", language),
        key=Key.APPLY_AHP,
        on_click=_use,
        args=(ctx.criteria,),
        type="primary",
        help=t("ahp_use_help", language),
    )
