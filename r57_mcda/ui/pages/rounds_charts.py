"""The Rounds page's charts section: the cells' IQR as a share of the scale, consensus and
Kendall's W across rounds, and the ranks across rounds (the charts themselves are
r57_mcda.ui.rounds_charts'), each with its title and help in the page's language."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from r57_mcda.i18n import t
from r57_mcda.pipeline.rounds import Convergence
from r57_mcda.ranking.registry import method_info
from r57_mcda.ui.common import percent
from r57_mcda.ui.rounds_charts import (
    Ranges,
    bump_chart,
    bump_frame,
    iqr_chart,
    iqr_frame,
    trend_chart,
    trend_frame,
)


def draw_charts(
    convergence: Convergence,
    ranges: Ranges,
    tech: Mapping[str, str],
    crit: Mapping[str, str],
    language: str,
) -> None:
    """The IQR, consensus/W and bump charts of ``convergence`` in ``language``; ``ranges`` are
    each round's scale ranges per criterion, ``tech`` and ``crit`` the names shown."""
    round_title = t("roundsui_col_round", language)
    share = convergence.rules.iqr_share
    st.subheader(t("roundsui_iqr_title", language))
    st.caption(t("roundsui_iqr_help", language, share=percent(share, language)))
    spread = iqr_frame(convergence, ranges, tech, crit)
    st.altair_chart(
        iqr_chart(
            spread,
            iqr_share=share,
            x_title=round_title,
            y_title=t("roundsui_iqr_axis", language),
            rule_title=t("roundsui_iqr_rule", language),
        ),
        width="stretch",
    )
    st.subheader(t("roundsui_trend_title", language))
    target = convergence.rules.stopping.min_consensus_share
    st.caption(t("roundsui_trend_help", language, target=percent(target, language)))
    trend = trend_frame(
        convergence,
        consensus_label=t("roundsui_col_consensus", language),
        w_label=t("roundsui_col_w", language),
    )
    st.altair_chart(
        trend_chart(
            trend,
            target=target,
            x_title=round_title,
            y_title=t("roundsui_trend_axis", language),
            target_title=t("roundsui_trend_target", language),
        ),
        width="stretch",
    )
    st.subheader(
        t("roundsui_bump_title", language, method=method_info(convergence.method).label(language))
    )
    st.altair_chart(
        bump_chart(
            bump_frame(convergence, tech),
            x_title=round_title,
            y_title=t("roundsui_rank", language),
            colour_title=t("roundsui_col_technology", language),
        ),
        width="stretch",
    )
