"""Altair charts, sized and labelled to be readable on a projector."""

from __future__ import annotations

import altair as alt
import pandas as pd

FONT_SIZE = 14


def heatmap(
    long: pd.DataFrame, *, x: str, y: str, value: str, x_title: str, y_title: str, fmt: str = ".2f"
) -> alt.LayerChart:
    """A labelled heatmap of ``value`` over ``x`` by ``y`` (rows kept in the frame's order)."""
    order_y = list(dict.fromkeys(long[y]))
    order_x = list(dict.fromkeys(long[x]))
    base = alt.Chart(long).encode(
        x=alt.X(f"{x}:N", sort=order_x, title=x_title, axis=alt.Axis(labelAngle=-40)),
        y=alt.Y(f"{y}:N", sort=order_y, title=y_title),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(f"{value}:Q", scale=alt.Scale(scheme="blues"), title=None),
        tooltip=[f"{y}:N", f"{x}:N", alt.Tooltip(f"{value}:Q", format=fmt)],
    )
    text = base.mark_text(fontSize=FONT_SIZE - 2).encode(
        text=alt.Text(f"{value}:Q", format=fmt),
        color=alt.condition(
            alt.datum[value] > long[value].quantile(0.6), alt.value("white"), alt.value("black")
        ),
    )
    return (
        (cells + text)
        .properties(height=max(240, 28 * len(order_y)))
        .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE)
    )


def bar(frame: pd.DataFrame, *, x: str, y: str, x_title: str, y_title: str) -> alt.Chart:
    """Horizontal bars of ``x`` per ``y``, largest first."""
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:Q", title=x_title),
            y=alt.Y(f"{y}:N", sort="-x", title=y_title),
            tooltip=[f"{y}:N", alt.Tooltip(f"{x}:Q", format=".3f")],
        )
        .properties(height=max(200, 26 * len(frame)))
        .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE)
    )
