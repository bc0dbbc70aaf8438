"""The Portfolio sheet's native scatter chart: cost against value of the efficient frontier's
portfolios, with the optimal and the greedy portfolio and the budget's line, drawn from the
cells of the sheet's tables (:mod:`r57_mcda.report.portfolio`)."""

from __future__ import annotations

import math
from typing import cast

from openpyxl.chart import Reference, ScatterChart, Series
from openpyxl.chart.marker import Marker
from openpyxl.chart.series import XYSeries
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.report.cells import Span
from r57_mcda.report.context import ReportContext

#: Height of a worksheet row in centimetres (15 points), to leave room for the chart.
_ROW_CM = 0.53
_CHART_HEIGHT_CM, _CHART_WIDTH_CM = 9, 18


def _series(ws: Worksheet, x: tuple[int, int, int], y: int, title: str) -> XYSeries:
    """A scatter series of column ``x[0]`` (rows ``x[1]``..``x[2]``) against column ``y``."""
    column, first, last = x
    xs = Reference(ws, min_col=column, min_row=first, max_row=last)
    ys = Reference(ws, min_col=y, min_row=first, max_row=last)
    return cast(XYSeries, Series(ys, xs, title=title))


def frontier_chart(
    ws: Worksheet,
    ctx: ReportContext,
    frontier: Span,
    greedy: Span | None,
    line: Span,
    *,
    row: int,
) -> int:
    """Cost against value: the frontier (markers joined), the optimal and the greedy portfolio
    (large markers) and the budget (a vertical line), placed in column A at ``row``; returns
    the rows it covers."""
    chart = ScatterChart()
    chart.title = ctx.text("pfrep_chart_title")
    chart.style = 13
    chart.x_axis.title = ctx.text("pfrep_col_cost")
    chart.y_axis.title = ctx.text("pfrep_col_value")
    chart.x_axis.number_format = "#,##0"
    # openpyxl 3.1 hides both axes unless told otherwise.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    c = frontier.first_column
    points = _series(
        ws, (c, frontier.first_row, frontier.last_row), c + 1, ctx.text("pfrep_frontier_series")
    )
    points.marker = Marker(symbol="circle", size=6)
    chart.series.append(points)
    if greedy is not None:
        g, first = greedy.first_column, greedy.first_row
        best = _series(ws, (g + 2, first, first), g + 1, ctx.text("pfrep_optimal"))
        best.marker = Marker(symbol="diamond", size=11)
        other = _series(ws, (g + 2, first + 1, first + 1), g + 1, ctx.text("pfrep_greedy"))
        other.marker = Marker(symbol="square", size=11)
        for mark in (best, other):
            mark.graphicalProperties.line.noFill = True
            chart.series.append(mark)
    b = line.first_column
    budget = _series(ws, (b, line.first_row, line.last_row), b + 1, ctx.text("pfrep_budget"))
    budget.marker = Marker(symbol="none")
    budget.graphicalProperties.line.dashStyle = "dash"
    chart.series.append(budget)
    chart.width = _CHART_WIDTH_CM
    chart.height = _CHART_HEIGHT_CM
    ws.add_chart(chart, f"{get_column_letter(c)}{row}")
    return math.ceil(chart.height / _ROW_CM) + 1
