"""The report's Summary sheet: the shortlist with its bar chart, settings and key figures."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.models import top_k
from r57_mcda.panel.agreement import interpret_w
from r57_mcda.report.cells import PERCENT, SCORE, SheetWriter, Span
from r57_mcda.report.context import ReportContext, file_name

if TYPE_CHECKING:
    from r57_mcda.explain.compare import Comparison
    from r57_mcda.sensitivity import StabilityInterval


def _method_shortlists(comparison: Comparison, k: int) -> list[set[str]]:
    """Each compared method's shortlist (the top k by the project's rule)."""
    return [set(top_k(ranks, k)) for _, ranks in comparison.ranks.items()]


def write_summary(ws: Worksheet, ctx: ReportContext) -> None:
    """Fill ``ws`` with the summary of the analysis in the report's language."""
    result = ctx.result
    out = SheetWriter(ws)
    out.title(ctx.text("rpt_title"))
    out.note(ctx.text("rpt_subtitle"))
    if ctx.on_sample:
        out.paragraph(ctx.sample_note(), warning=True)
    out.row += 1
    criteria = result.criteria
    panel = result.inputs.panel
    out.pairs(
        [
            (ctx.text("rpt_status"), ctx.status()),
            (ctx.text("rpt_generated"), ctx.generated_at.strftime("%Y-%m-%d %H:%M UTC")),
            (
                ctx.text("rpt_criteria_set"),
                (criteria.name_vi or criteria.name) if ctx.lang == "vi" else criteria.name,
            ),
            (ctx.text("rpt_data"), _data_text(ctx)),
            (ctx.text("rpt_method"), ctx.method(result.ranking.method)),
            (ctx.text("rpt_score"), ctx.score_meaning()),
            (ctx.text("rpt_weights"), ctx.weight_source()),
            (ctx.text("aggregation"), ctx.aggregation()),
            (ctx.text("rpt_panel_size"), len(panel.experts) if panel is not None else "-"),
            (ctx.text("rpt_technologies"), len(result.matrix.index)),
            (ctx.text("rpt_criteria_count"), len(result.matrix.columns)),
        ]
    )
    out.heading(ctx.text("rpt_shortlist", k=ctx.top_k))
    warning = ctx.degenerate_warning()
    if warning is not None:
        out.paragraph(warning, warning=True)
    span = _shortlist(out, ctx)
    cut = ctx.shortlist_cut()
    if cut.rest:
        out.note(ctx.text("rpt_shortlist_rest", rest=cut.rest, rank=cut.boundary_rank))
    if ctx.ordinal_score:
        out.note(ctx.text("rpt_chart_ordinal", method=ctx.method_ref(result.ranking.method)))
    elif not span.empty:
        out.row += 1
        out.skip(_bar_chart(ws, ctx, span, row=out.row))
    out.heading(ctx.text("rpt_robustness"))
    _key_figures(out, ctx)
    out.heading(ctx.text("rpt_weights"))
    weights = result.weights.values
    out.table(
        [ctx.text("criterion"), ctx.text("rpt_col_id"), ctx.text("rpt_col_weight")],
        [(ctx.criterion(c), c, float(w)) for c, w in weights.items()],
        formats=(None, None, PERCENT),
    )
    _how_to_read(out, ctx)
    out.finish()


def _data_text(ctx: ReportContext) -> str:
    """The data files analysed (criteria sets aside), or that they are the synthetic sample."""
    names = [file_name(f.name) for f in ctx.result.inputs.files if f.role != "criteria"]
    if ctx.on_sample:
        return ctx.text("rpt_data_sample", files=", ".join(names))
    return ", ".join(names)


def _how_to_read(out: SheetWriter, ctx: ReportContext) -> None:
    """A short guide to the figures, for a reader who meets the report for the first time."""
    out.heading(ctx.text("rpt_howto"))
    k = ctx.top_k
    keys = ["rpt_howto_rank", "rpt_howto_shortlist", "rpt_howto_weights", "rpt_howto_w"]
    keys += ["rpt_howto_tau", "rpt_howto_mc", "rpt_howto_stab", "rpt_howto_sheets"]
    out.paragraph(ctx.text("rpt_howto_score", score=ctx.score_meaning()))
    for key in keys:
        out.paragraph(ctx.text(key, k=k))


def _shortlist(out: SheetWriter, ctx: ReportContext) -> Span:
    result = ctx.result
    ranking = result.ranking
    k = ctx.top_k
    headers = [
        ctx.text("rpt_col_rank"),
        ctx.text("technology"),
        ctx.text("rpt_col_id"),
        ctx.score_header(),
    ]
    formats: list[str | None] = [None, None, None, ctx.score_format]
    mc = ctx.sensitivity.monte_carlo if ctx.sensitivity is not None else None
    if mc is not None:
        headers.append(ctx.text("rpt_col_p_top_k", k=mc.top_k))
        formats.append(PERCENT)
    comparison = result.comparison
    tops: list[set[str]] = []
    if comparison is not None:
        headers.append(ctx.text("rpt_col_methods_top_k", k=k))
        formats.append(None)
        tops = _method_shortlists(comparison, k)
    rows = []
    for tid in ctx.shortlist_cut().shown:
        row: list[Any] = [
            int(ranking.ranks[tid]),
            ctx.technology(tid),
            tid,
            ctx.score_value(tid),
        ]
        if mc is not None:
            row.append(float(mc.top_k_probability[tid]))
        if comparison is not None:
            inside = sum(tid in top for top in tops)
            row.append(ctx.text("rpt_of", count=inside, total=len(comparison.methods)))
        rows.append(row)
    return out.table(headers, rows, formats=formats)


#: Height of a worksheet row in centimetres (15 points), to leave room for a chart.
_ROW_CM = 0.53


def _bar_chart(ws: Worksheet, ctx: ReportContext, span: Span, *, row: int) -> int:
    """A native horizontal bar chart of the shortlist's scores, best at the top, placed in
    column A at ``row`` (under the shortlist); returns the rows it covers."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = ctx.text("rpt_chart_title")
    chart.y_axis.title = ctx.score_meaning()
    chart.legend = None
    # Categories run bottom-up in a bar chart: reversing the axis puts rank 1 on top.
    chart.x_axis.scaling.orientation = "maxMin"
    # ... and keeps the value axis at the bottom, next to the last category.
    chart.y_axis.crosses = "max"
    # openpyxl 3.1 hides both axes unless told otherwise.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    score_column = span.first_column + 3
    name_column = span.first_column + 1
    data = Reference(ws, min_col=score_column, min_row=span.header_row, max_row=span.last_row)
    names = Reference(ws, min_col=name_column, min_row=span.first_row, max_row=span.last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(names)
    chart.width = 18
    chart.height = max(6.0, 1.0 * (span.last_row - span.first_row + 1) + 3)
    ws.add_chart(chart, f"{get_column_letter(span.first_column)}{row}")
    return math.ceil(chart.height / _ROW_CM) + 1


def _key_figures(out: SheetWriter, ctx: ReportContext) -> None:
    result = ctx.result
    k = ctx.top_k
    rows: list[Sequence[Any]] = []
    formats = (SCORE, None)
    agreement = result.agreement
    if agreement is not None:
        reading = ctx.text(f"w_{interpret_w(agreement.overall_w)}")
        rows.append((ctx.text("kendall_w_overall_short"), agreement.overall_w, reading))
        mean_reading = ctx.text(f"w_{interpret_w(agreement.mean_w)}")
        rows.append((ctx.text("rpt_mean_w"), agreement.mean_w, mean_reading))
    comparison = result.comparison
    if comparison is not None and len(comparison.methods) > 1:
        rows.append(
            (ctx.text("rpt_mean_tau"), comparison.agreement, ctx.tau_reading(comparison.agreement))
        )
        rows.append(
            (
                ctx.text("rpt_methods_compared"),
                ", ".join(ctx.method(m) for m in comparison.methods),
                "",
            )
        )
        shortlist = ctx.shortlist()
        tops = _method_shortlists(comparison, k)
        everywhere = sum(all(t in top for top in tops) for t in shortlist)
        rows.append(
            (
                ctx.text("rpt_shortlist_all_methods", k=k),
                ctx.text("rpt_of", count=everywhere, total=len(shortlist)),
                "",
            )
        )
    out.pairs(rows, formats=formats)
    sensitivity = ctx.sensitivity
    mc = sensitivity.monte_carlo if sensitivity is not None else None
    if mc is not None:
        leader = result.ranking.order()[0]
        shortlist = ctx.shortlist()
        lowest = min(shortlist, key=lambda tid: float(mc.top_k_probability[tid]))
        out.pairs(
            [
                (
                    ctx.text("rpt_mc_first", name=ctx.technology(leader)),
                    float(mc.acceptability.loc[leader, 1]),
                    "",
                ),
                (
                    ctx.text("rpt_mc_min_top_k", k=mc.top_k),
                    float(mc.top_k_probability[lowest]),
                    ctx.technology(lowest),
                ),
            ],
            formats=(PERCENT, None),
        )
    stability = sensitivity.stability if sensitivity is not None else None
    if stability is not None:
        out.pairs(
            [
                _stability_row(ctx, ctx.text("rpt_stab_first"), stability.first),
                _stability_row(ctx, ctx.text("rpt_stab_top", k=stability.top_k), stability.top),
            ],
            formats=(PERCENT, None),
        )
    out.pairs([(ctx.text("rpt_warnings_count"), len(result.warnings), "")])


def smallest_change(
    intervals: Sequence[StabilityInterval],
) -> tuple[float, StabilityInterval, float] | None:
    """The smallest move of one weight that changes the kept set: (size, interval, end).

    An end at 0 or 1 that is included means the set never changes on that side; None when
    no end of any interval changes the set.
    """
    best: tuple[float, StabilityInterval, float] | None = None
    for interval in intervals:
        ends = []
        if not (interval.lower == 0.0 and interval.lower_closed):
            ends.append(interval.lower)
        if not (interval.upper == 1.0 and interval.upper_closed):
            ends.append(interval.upper)
        for end in ends:
            size = abs(interval.current - end)
            if best is None or size < best[0]:
                best = (size, interval, end)
    return best


def _stability_row(
    ctx: ReportContext, label: str, intervals: Sequence[StabilityInterval]
) -> tuple[str, float | None, str]:
    found = smallest_change(intervals)
    if found is None:
        return (label, math.nan, ctx.text("rpt_stab_never"))
    size, interval, end = found
    where = ctx.text(
        "rpt_stab_where",
        criterion=ctx.criterion(interval.criterion),
        current=ctx.percent(interval.current),
        edge=ctx.percent(end),
    )
    return (label, size, where)
