"""Altair charts, sized and labelled to be readable on a projector."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

FONT_SIZE = 14
#: Longest axis or legend label in pixels (criterion and technology names are long).
LABEL_LIMIT = 320
#: Label limit of a chart drawn in a narrow column beside other widgets.
NARROW_LABEL_LIMIT = 190
#: Pixels taken by the x axis (labels and title) below a chart, and by a legend below it too.
AXIS_BELOW = 90
LEGEND_BELOW = 140
#: Enough distinct colours for a criteria set of up to 20 criteria.
CATEGORY_SCHEME = "tableau20"
#: The lines of the technologies a chart does not highlight.
GREY_LINE = "#b0b0b0"


def _readable(chart: Any) -> Any:
    """Axis and legend text large enough for a projector."""
    return chart.configure_axis(
        labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=LABEL_LIMIT
    ).configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=LABEL_LIMIT)


def heatmap(
    long: pd.DataFrame,
    *,
    x: str,
    y: str,
    value: str,
    x_title: str,
    y_title: str,
    fmt: str = ".2f",
    label: str | None = None,
    colour: str | None = None,
) -> Any:
    """A labelled heatmap of ``value`` over ``x`` by ``y`` (rows kept in the frame's order).

    ``label`` names a column of ready-made cell texts (else ``value`` formatted by ``fmt``); a
    cell missing from ``long`` stays blank. ``colour`` names a column that sets the cells'
    colour instead of ``value`` (cost criteria reversed, so that dark always means good).
    """
    shade = colour or value
    order_y = list(dict.fromkeys(long[y]))
    order_x = list(dict.fromkeys(long[x]))
    # Every label shown (Vega hides overlapping ones by default, leaving most columns unnamed).
    x_axis = alt.Axis(labelAngle=-40, labelLimit=NARROW_LABEL_LIMIT, labelOverlap=False)
    base = alt.Chart(long).encode(
        x=alt.X(f"{x}:N", sort=order_x, title=x_title, axis=x_axis),
        y=alt.Y(f"{y}:N", sort=order_y, title=y_title),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            f"{shade}:Q",
            scale=alt.Scale(scheme="blues"),
            title=None,
            legend=None if colour else alt.Undefined,
        ),
        tooltip=[f"{y}:N", f"{x}:N", alt.Tooltip(f"{value}:Q", format=fmt)],
    )
    # White text on the darker half of the colour scale, black on the lighter half.
    middle = (long[shade].min() + long[shade].max()) / 2
    text = base.mark_text(fontSize=FONT_SIZE - 2).encode(
        text=alt.Text(f"{label}:N") if label else alt.Text(f"{value}:Q", format=fmt),
        color=alt.condition(alt.datum[shade] > middle, alt.value("white"), alt.value("black")),
    )
    # The height includes the slanted x labels below the cells (about 7 px per character,
    # sin 40° of their length downwards) and the axis title.
    label_px = min(NARROW_LABEL_LIMIT, 7 * max(len(str(v)) for v in order_x))
    below = AXIS_BELOW + int(0.65 * label_px)
    return _readable((cells + text).properties(height=below + 30 * len(order_y)))


def bar(frame: pd.DataFrame, *, x: str, y: str, x_title: str, y_title: str) -> Any:
    """Horizontal bars of ``x`` per ``y``, largest first."""
    return _readable(
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:Q", title=x_title),
            y=alt.Y(f"{y}:N", sort="-x", title=y_title),
            tooltip=[f"{y}:N", alt.Tooltip(f"{x}:Q", format=".3f")],
        )
        .properties(height=AXIS_BELOW + 28 * len(frame))
    )


def weights_bars(frame: pd.DataFrame, *, x_title: str, group_title: str) -> Any:
    """Criteria weights as horizontal bars in the criteria set's order, coloured by group.

    ``frame`` has the columns ``criterion`` (label), ``weight`` (0-1) and ``group`` (label).
    """
    return _readable(
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("weight:Q", title=x_title, axis=alt.Axis(format="%")),
            y=alt.Y(
                "criterion:N",
                sort=list(frame["criterion"]),
                title=None,
                axis=alt.Axis(labelLimit=NARROW_LABEL_LIMIT),
            ),
            color=alt.Color(
                "group:N",
                title=group_title,
                sort=list(dict.fromkeys(frame["group"])),
                # One column: the chart sits in a narrow column, where two were cut off.
                legend=alt.Legend(orient="bottom", columns=1),
            ),
            tooltip=["criterion:N", "group:N", alt.Tooltip("weight:Q", format=".1%")],
        )
        # The height includes the axis and the legend below the bars.
        .properties(height=LEGEND_BELOW + 32 * len(frame))
    )


def stacked_bars(
    long: pd.DataFrame, *, order: Sequence[str], x_title: str, y_title: str, colour_title: str
) -> Any:
    """One horizontal bar per technology (in ``order``), split into criterion parts.

    ``long`` has the columns ``technology``, ``criterion`` and ``value`` (labels and numbers).
    """
    ranked = long.assign(criterion_order=pd.factorize(long["criterion"])[0])
    return _readable(
        alt.Chart(ranked)
        .mark_bar()
        .encode(
            x=alt.X("sum(value):Q", title=x_title),
            y=alt.Y("technology:N", sort=list(order), title=y_title),
            color=alt.Color(
                "criterion:N",
                title=colour_title,
                sort=list(dict.fromkeys(long["criterion"])),
                scale=alt.Scale(scheme=CATEGORY_SCHEME),
                # Below the bars: on the right, long criterion names squeeze the bars away.
                legend=alt.Legend(orient="bottom", columns=2),
            ),
            order=alt.Order("criterion_order:Q"),
            tooltip=["technology:N", "criterion:N", alt.Tooltip("value:Q", format=".3f")],
        )
        .properties(height=LEGEND_BELOW + 28 * len(order))
    )


def rank_lines(
    long: pd.DataFrame, *, current: float, x_title: str, y_title: str, colour_title: str
) -> Any:
    """Rank (1 at the top) of each technology as one weight moves; a rule at its current value.

    ``long`` has the columns ``weight``, ``technology`` (label) and ``rank``, and optionally
    ``highlight``: then only the highlighted technologies get a colour (and the legend), the
    others are thin grey lines behind them, named in their tooltips.
    """
    tooltip = ["technology:N", alt.Tooltip("weight:Q", format=".1%"), "rank:Q"]
    marked = long["highlight"].astype(bool) if "highlight" in long.columns else None
    shown = long if marked is None else long[marked]
    lines = (
        alt.Chart(shown)
        .mark_line(interpolate="step-after", strokeWidth=2.5)
        .encode(
            x=alt.X("weight:Q", title=x_title, axis=alt.Axis(format="%")),
            y=alt.Y("rank:Q", title=y_title, scale=alt.Scale(reverse=True, zero=False)),
            color=alt.Color(
                "technology:N",
                title=colour_title,
                scale=alt.Scale(scheme=CATEGORY_SCHEME),
                legend=alt.Legend(orient="bottom", columns=3),
            ),
            tooltip=tooltip,
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"weight": [current]}))
        .mark_rule(strokeDash=[6, 4], color="black", strokeWidth=2)
        .encode(x="weight:Q")
    )
    layers = lines + rule
    if marked is not None and not marked.all():
        grey = (
            alt.Chart(long[~marked])
            .mark_line(interpolate="step-after", strokeWidth=1, color=GREY_LINE, opacity=0.7)
            .encode(x="weight:Q", y="rank:Q", detail="technology:N", tooltip=tooltip)
        )
        layers = grey + lines + rule
    n = int(long["technology"].nunique())
    return _readable(layers.properties(height=max(300, LEGEND_BELOW + 26 * n)))
