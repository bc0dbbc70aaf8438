"""The Rounds page's charts: each one's data as a DataFrame (built by a function of its own, so
that tests can check the figures drawn) and its Altair chart, sized like r57_mcda.ui.charts'."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt
import pandas as pd

from r57_mcda.pipeline.rounds import Convergence
from r57_mcda.ui.charts import CATEGORY_SCHEME, FONT_SIZE, LABEL_LIMIT, LEGEND_BELOW

#: Ranges in points per round and criterion (a criterion's scale range, see the page).
Ranges = Mapping[int, Mapping[str, float]]

IQR_COLUMNS = ["round", "technology", "criterion", "iqr", "range", "share"]
TREND_COLUMNS = ["round", "measure", "value"]
BUMP_COLUMNS = ["round", "technology", "rank", "score"]


def _readable(chart: Any) -> Any:
    """Axis and legend text large enough for a projector (as r57_mcda.ui.charts does)."""
    return chart.configure_axis(
        labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=LABEL_LIMIT
    ).configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=LABEL_LIMIT)


def iqr_frame(
    convergence: Convergence,
    ranges: Ranges,
    technologies: Mapping[str, str],
    criteria: Mapping[str, str],
) -> pd.DataFrame:
    """One row per scored cell and round: its IQR in points, its criterion's scale range and
    the IQR as a share of that range (``share``). Cells without scores, and criteria whose
    range is 0, are left out. ``technologies`` and ``criteria`` map ids to the names shown."""
    rows = []
    for report in convergence.rounds:
        span = ranges.get(report.stats.round, {})
        for cell in report.stats.cells:
            width = span.get(cell.criterion, 0.0)
            if cell.iqr is None or width <= 0:
                continue
            rows.append(
                {
                    "round": report.stats.round,
                    "technology": technologies.get(cell.technology, cell.technology),
                    "criterion": criteria.get(cell.criterion, cell.criterion),
                    "iqr": cell.iqr,
                    "range": width,
                    "share": cell.iqr / width,
                }
            )
    return pd.DataFrame(rows, columns=IQR_COLUMNS)


def iqr_chart(
    frame: pd.DataFrame, *, iqr_share: float, x_title: str, y_title: str, rule_title: str
) -> Any:
    """Box plots of the cells' IQR shares per round, and the consensus threshold as a dashed
    line at ``iqr_share`` (a cell at or below it is at consensus)."""
    boxes = (
        alt.Chart(frame)
        .mark_boxplot(size=40, extent=1.5)
        .encode(
            x=alt.X("round:O", title=x_title, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("share:Q", title=y_title, axis=alt.Axis(format="%")),
        )
    )
    points = (
        alt.Chart(frame)
        .mark_circle(size=30, opacity=0.35, color="black")
        .encode(
            x="round:O",
            y="share:Q",
            tooltip=[
                "technology:N",
                "criterion:N",
                alt.Tooltip("iqr:Q", format=".2f"),
                alt.Tooltip("share:Q", format=".1%"),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"threshold": [iqr_share], "label": [rule_title]}))
        .mark_rule(strokeDash=[6, 4], color="#d62728", strokeWidth=2)
        .encode(y="threshold:Q", tooltip=["label:N", alt.Tooltip("threshold:Q", format=".0%")])
    )
    return _readable((boxes + points + rule).properties(height=360))


def trend_frame(convergence: Convergence, *, consensus_label: str, w_label: str) -> pd.DataFrame:
    """Per round: the share of the scored cells at consensus and Kendall's W overall, one row
    per round and measure (``measure`` holds the labels given; a round without W has no W
    row)."""
    rows = []
    for report in convergence.rounds:
        stats = report.stats
        rows.append(
            {"round": stats.round, "measure": consensus_label, "value": stats.consensus_share}
        )
        w = stats.kendall_w.get("overall")
        if w is not None:
            rows.append({"round": stats.round, "measure": w_label, "value": w})
    return pd.DataFrame(rows, columns=TREND_COLUMNS)


def trend_chart(
    frame: pd.DataFrame, *, target: float, x_title: str, y_title: str, target_title: str
) -> Any:
    """Consensus share and W per round as lines with points (both on 0-1), and the stopping
    rule's consensus target as a dashed line."""
    lines = (
        alt.Chart(frame)
        .mark_line(point=alt.OverlayMarkDef(size=80), strokeWidth=2.5)
        .encode(
            x=alt.X("round:O", title=x_title, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=y_title, scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(
                "measure:N",
                title=None,
                sort=list(dict.fromkeys(frame["measure"])),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["measure:N", "round:O", alt.Tooltip("value:Q", format=".3f")],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"target": [target], "label": [target_title]}))
        .mark_rule(strokeDash=[6, 4], color="black", strokeWidth=1.5)
        .encode(y="target:Q", tooltip=["label:N", alt.Tooltip("target:Q", format=".0%")])
    )
    return _readable((lines + rule).properties(height=360))


def bump_frame(convergence: Convergence, technologies: Mapping[str, str]) -> pd.DataFrame:
    """Every technology's rank and score in every answered round (``technology`` holds the
    names given)."""
    rows = [
        {
            "round": report.stats.round,
            "technology": technologies.get(r.technology, r.technology),
            "rank": r.rank,
            "score": r.score,
        }
        for report in convergence.rounds
        for r in report.ranking
    ]
    return pd.DataFrame(rows, columns=BUMP_COLUMNS)


def bump_chart(frame: pd.DataFrame, *, x_title: str, y_title: str, colour_title: str) -> Any:
    """Ranks across rounds, one line per technology, rank 1 at the top; each line is named at
    its last round."""
    last = frame["round"].max()
    order = list(frame.loc[frame["round"] == last].sort_values("rank")["technology"])
    base = alt.Chart(frame).encode(
        x=alt.X("round:O", title=x_title, axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "rank:Q",
            title=y_title,
            scale=alt.Scale(reverse=True, zero=False, nice=False),
            axis=alt.Axis(tickMinStep=1, format="d"),
        ),
        color=alt.Color(
            "technology:N",
            title=colour_title,
            sort=order,
            scale=alt.Scale(scheme=CATEGORY_SCHEME),
            legend=alt.Legend(orient="bottom", columns=3),
        ),
        tooltip=["technology:N", "round:O", "rank:Q", alt.Tooltip("score:Q", format=".3f")],
    )
    lines = base.mark_line(strokeWidth=2.5) + base.mark_point(size=90, filled=True)
    labels = (
        alt.Chart(frame.loc[frame["round"] == last])
        .mark_text(align="left", dx=10, fontSize=FONT_SIZE - 2, limit=260)
        .encode(x="round:O", y="rank:Q", text="technology:N", color=alt.Color("technology:N"))
    )
    n = int(frame["technology"].nunique())
    return _readable((lines + labels).properties(height=max(320, LEGEND_BELOW + 30 * n)))
