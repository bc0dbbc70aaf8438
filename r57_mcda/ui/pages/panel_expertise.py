"""The Panel page's expertise control: how the experts' self-rated familiarity counts."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from r57_mcda.i18n import t
from r57_mcda.models import Panel
from r57_mcda.panel.aggregation import PanelAggregate
from r57_mcda.panel.cube import expertise_given
from r57_mcda.panel.expertise import Expertise
from r57_mcda.ui.state import Key
from r57_mcda.vocab import EXPERTISE_LEVELS

#: The control's choices: ignore, weigh by it, count only experts at level K or above.
MODES = ("none", "weight", "min")


def expertise_control(panel: Panel, language: str) -> None:
    """The mode and, for "count only experts at level >= K", K from 1 to 5; disabled, with a
    note, when the scores give no familiarity level (then the setting is ``none``)."""
    available = expertise_given(panel)
    if not available:
        # Ignored, so that what is shown is what is used (the ranking reads the same setting).
        st.session_state[Key.EXPERTISE_MODE] = "none"
    mode_column, level_column = st.columns([3, 2], gap="large")
    mode_column.selectbox(
        t("xpui_label", language),
        MODES,
        format_func=lambda mode: t(f"xpui_mode_{mode}", language),
        key=Key.EXPERTISE_MODE,
        disabled=not available,
        help=t("xpui_help", language),
    )
    if not available:
        st.caption(t("xpui_unavailable", language))
    elif st.session_state[Key.EXPERTISE_MODE] == "min":
        level_column.select_slider(
            t("xpui_level", language),
            EXPERTISE_LEVELS,
            format_func=lambda level: t(f"xp_level_{level}", language),
            key=Key.EXPERTISE_LEVEL,
            help=t("xpui_level_help", language),
        )


def expertise_note(aggregate: PanelAggregate, names: Mapping[str, str], language: str) -> str:
    """What the setting did, for the caption under the controls ("" for ``none``): the
    weighing, or the rule with the experts it left out per technology (named by ``names``,
    those with most left out first)."""
    setting = Expertise.parse(aggregate.expertise)
    if setting.mode == "weight":
        return t("xpui_on_weight", language)
    if setting.mode != "min" or aggregate.experts_left_out is None:
        return ""
    left = aggregate.experts_left_out[aggregate.experts_left_out > 0]
    left = left.sort_values(ascending=False, kind="stable")
    cells = ", ".join(f"{names.get(str(tech), tech)} ({int(n)})" for tech, n in left.items())
    if not cells:
        return t("xpui_on_min_none", language, level=setting.level)
    return t("xpui_on_min", language, level=setting.level, n=len(left), cells=cells)
