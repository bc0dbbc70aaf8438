"""The Portfolio page's charts: value for money (the efficient frontier, the optimal and the
greedy portfolio, the budget) and the robustness run's selection frequencies. Each chart's
data is a DataFrame built by a function of its own, so that tests can check what is drawn."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from r57_mcda.portfolio import PortfolioResult, PortfolioRobustness
from r57_mcda.ui.charts import AXIS_BELOW, FONT_SIZE, GREY_LINE, LEGEND_BELOW, _readable

#: The kinds of point on the value-for-money chart, in legend order, and their marks.
KINDS: tuple[str, ...] = ("frontier", "convex", "optimal", "greedy")
_COLOURS = {"frontier": "#9ecae1", "convex": "#1f77b4", "optimal": "#d62728", "greedy": "#ff7f0e"}
_SHAPES = {"frontier": "circle", "convex": "circle", "optimal": "diamond", "greedy": "square"}
_SIZES = {"frontier": 70, "convex": 110, "optimal": 700, "greedy": 300}
#: Colours of the robustness classes.
CLASSES: tuple[str, ...] = ("core", "borderline", "exterior")
_CLASS_COLOURS = {"core": "#2ca02c", "borderline": "#ffbb33", "exterior": "#b0b0b0"}

#: Vega's number format of each language (Vietnamese: decimal comma, dot between thousands).
NUMBER_LOCALES: dict[str, dict[str, Any]] = {
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", ""]},
    "vi": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", ""]},
}

FRONTIER_COLUMNS = ["cost", "value", "kind", "label", "technologies", "n"]
FREQUENCY_COLUMNS = ["technology", "frequency", "class", "label"]


def _finish(chart: Any, language: str) -> Any:
    """Numbers written as the language writes them, and text large enough for a projector."""
    locale = NUMBER_LOCALES.get(language, NUMBER_LOCALES["en"])
    return _readable(chart.configure(locale={"number": locale}))


def _names(ids: Sequence[str], names: Mapping[str, str]) -> str:
    return "; ".join(names.get(i, i) for i in ids) or "–"


def frontier_frame(
    result: PortfolioResult, names: Mapping[str, str], labels: Mapping[str, str]
) -> pd.DataFrame:
    """One row per point drawn: every frontier portfolio (``frontier`` or ``convex``), then
    the optimal and the greedy portfolio; ``labels`` maps each kind to its legend text."""
    rows: list[dict[str, Any]] = []
    if result.frontier is not None:
        for p in result.frontier.points:
            kind = "convex" if p.convex else "frontier"
            rows.append(_row((p.cost, p.value, p.selected), kind, names, labels))
    if result.optimal is not None:
        best = result.optimal
        rows.append(_row((best.cost, best.value, best.selected), "optimal", names, labels))
    if result.greedy is not None:
        greedy = result.greedy.portfolio
        rows.append(_row((greedy.cost, greedy.value, greedy.selected), "greedy", names, labels))
    return pd.DataFrame(rows, columns=FRONTIER_COLUMNS)


def _row(
    point: tuple[float, float, Sequence[str]],
    kind: str,
    names: Mapping[str, str],
    labels: Mapping[str, str],
) -> dict[str, Any]:
    cost, value, selected = point
    return {
        "cost": float(cost),
        "value": float(value),
        "kind": kind,
        "label": labels[kind],
        "technologies": _names(selected, names),
        "n": len(selected),
    }


def value_for_money(
    points: pd.DataFrame,
    *,
    budget: float,
    labels: Mapping[str, str],
    x_title: str,
    y_title: str,
    budget_title: str,
    language: str,
) -> Any:
    """Cost (x) against value (y): the frontier as a step line (the best value each budget
    buys), its points (convex ones darker), the optimal and the greedy portfolio drawn large,
    and the budget as a dashed vertical rule."""
    shown = [k for k in KINDS if k in set(points["kind"])]
    legend = alt.Legend(orient="bottom", columns=2, title=None, symbolSize=160, symbolStrokeWidth=0)
    colour = alt.Color(
        "label:N",
        scale=alt.Scale(domain=[labels[k] for k in shown], range=[_COLOURS[k] for k in shown]),
        legend=legend,
    )
    shape = alt.Shape(
        "label:N",
        scale=alt.Scale(domain=[labels[k] for k in shown], range=[_SHAPES[k] for k in shown]),
        legend=legend,
    )
    # The marks' areas as they are (a nominal size scale would interpolate between its ends).
    size = alt.Size("size:Q", scale=None, legend=None)
    tooltip = [
        alt.Tooltip("label:N", title=" "),
        alt.Tooltip("cost:Q", format=",.0f", title=x_title),
        alt.Tooltip("value:Q", format=",.2f", title=y_title),
        alt.Tooltip("technologies:N", title=" "),
    ]
    frontier = points[points["kind"].isin(["frontier", "convex"])]
    x = alt.X("cost:Q", title=x_title, axis=alt.Axis(format=",.0f"))
    y = alt.Y("value:Q", title=y_title)
    line = (
        alt.Chart(frontier)
        .mark_line(interpolate="step-after", color=GREY_LINE, strokeWidth=2)
        .encode(x=x, y=y)
    )
    marks = (
        alt.Chart(points.assign(size=points["kind"].map(_SIZES)))
        .mark_point(filled=True, opacity=0.95, stroke="black", strokeWidth=0.6)
        .encode(x=x, y=y, color=colour, shape=shape, size=size, tooltip=tooltip)
    )
    rule_data = pd.DataFrame({"cost": [float(budget)], "text": [budget_title]})
    rule = (
        alt.Chart(rule_data)
        .mark_rule(strokeDash=[6, 4], color="black", strokeWidth=2)
        .encode(x="cost:Q")
    )
    rule_text = (
        alt.Chart(rule_data)
        .mark_text(align="left", dx=6, dy=-8, fontSize=FONT_SIZE - 1, baseline="top")
        .encode(x="cost:Q", y=alt.value(4), text="text:N")
    )
    layers = (line + rule + rule_text + marks) if len(frontier) else (rule + rule_text + marks)
    return _finish(layers.properties(height=440), language)


def frequency_frame(
    robustness: PortfolioRobustness, names: Mapping[str, str], labels: Mapping[str, str]
) -> pd.DataFrame:
    """One row per technology: its name, selection frequency, class and class label, most
    often funded first (ties in the problem's order)."""
    frequency = robustness.frequency.astype(float)
    order = sorted(range(len(frequency)), key=lambda k: -float(frequency.iloc[k]))
    rows = []
    for k in order:
        tech = str(frequency.index[k])
        kind = str(robustness.classes[tech])
        rows.append(
            {
                "technology": names.get(tech, tech),
                "frequency": float(frequency.iloc[k]),
                "class": kind,
                "label": labels[kind],
            }
        )
    return pd.DataFrame(rows, columns=FREQUENCY_COLUMNS)


def frequency_bars(
    frame: pd.DataFrame, *, x_title: str, labels: Mapping[str, str], language: str
) -> Any:
    """Horizontal bars of each technology's selection frequency, coloured by its class."""
    shown = [k for k in CLASSES if k in set(frame["class"])]
    return _finish(
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                "frequency:Q",
                title=x_title,
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
            y=alt.Y("technology:N", sort=list(frame["technology"]), title=None),
            color=alt.Color(
                "label:N",
                scale=alt.Scale(
                    domain=[labels[k] for k in shown], range=[_CLASS_COLOURS[k] for k in shown]
                ),
                legend=alt.Legend(orient="bottom", title=None),
            ),
            tooltip=[
                "technology:N",
                alt.Tooltip("frequency:Q", format=".1%", title=x_title),
                alt.Tooltip("label:N", title=" "),
            ],
        )
        .properties(height=AXIS_BELOW + LEGEND_BELOW // 2 + 28 * len(frame)),
        language,
    )
