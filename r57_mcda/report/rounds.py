"""The report's Rounds sheet: how a study's Delphi rounds converged (issue 11, item 4).

Top to bottom: the stopping recommendation, its reason and the study's rule in words; one row
per answered round (response, consensus share, overall Kendall's W, answers changed) with a
line chart of the consensus share; Kendall's W per criterion and round; the Wilcoxon tests of
the last round against the one before; every round's ranking side by side with each rank's
change; the reasons experts gave for scores outside the previous round's range (anonymous:
technology, criterion, score, the quartiles and the reason, never the expert), when any was
given; and the statistics of every cell of the last round (a filterable table). Every figure
and reason is :func:`r57_mcda.pipeline.rounds.study_convergence`'s, taken as an argument.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from openpyxl.chart import LineChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.report.cells import INTEGER, PERCENT, POINTS, SCORE, SheetWriter, Span
from r57_mcda.report.context import ReportContext
from r57_mcda.rounds import OVERALL

if TYPE_CHECKING:
    from r57_mcda.pipeline.rounds import Convergence, RoundReport

#: Height of a worksheet row in centimetres (15 points), to leave room for the chart.
_ROW_CM = 0.53
_CHART_HEIGHT_CM, _CHART_WIDTH_CM = 7.5, 16


def write_rounds(ws: Worksheet, ctx: ReportContext, convergence: Convergence) -> None:
    """Fill ``ws`` with the convergence of the study's rounds (see the module)."""
    out = SheetWriter(ws)
    out.title(ctx.text("rptrounds_title"))
    rounds = convergence.rounds
    out.note(
        ctx.text(
            "rptrounds_head",
            study=convergence.study_id,
            n=len(rounds),
            method=ctx.method_ref(convergence.method),
        )
    )
    study = ctx.result.spec.study
    if study is not None and study.id == convergence.study_id:
        out.note(ctx.text("rptrounds_analysed", round=study.round))
    _advice(out, ctx, convergence)
    out.heading(ctx.text("rptrounds_per_round"))
    span = _round_table(out, ctx, rounds)
    out.note(ctx.text("rptrounds_changed_note"))
    out.skip(_chart(ws, ctx, span, row=out.row + 1))
    out.heading(ctx.text("rptrounds_kendall"))
    _kendall(out, ctx, rounds)
    _wilcoxon(out, ctx, rounds)
    out.heading(ctx.text("rptrounds_rankings", method=ctx.method_ref(convergence.method)))
    _rankings(out, ctx, rounds, _score_format(ctx, convergence.method))
    out.note(ctx.text("rptrounds_change_note"))
    _reasons(out, ctx, rounds)
    last = rounds[-1].stats
    out.heading(ctx.text("rptrounds_cells", round=last.round))
    cells = _cells(out, ctx, rounds[-1])
    out.note(ctx.text("rptrounds_consensus_note", iqr=ctx.percent(last.iqr_share)))
    if not cells.empty:
        right = get_column_letter(cells.last_column)
        ws.auto_filter.ref = f"A{cells.header_row}:{right}{cells.last_row}"
    # The sheet's tables lie one under another: only the names' column stays in view.
    out.finish(freeze="B1", repeat_row=cells.header_row)


def rule_words(ctx: ReportContext, convergence: Convergence) -> str:
    """The study's stopping rule and consensus threshold in words, in the report's language."""
    stop = convergence.rules.stopping
    return ctx.text(
        "cli_rule",
        consensus=ctx.percent(stop.min_consensus_share),
        changed=ctx.percent(stop.max_changed_share),
        rounds=stop.max_rounds,
        iqr=ctx.percent(convergence.rules.iqr_share),
    )


def _advice(out: SheetWriter, ctx: ReportContext, convergence: Convergence) -> None:
    """The recommendation (stop or another round), its reason and the rule."""
    advice = convergence.stopping
    verdict = "rptrounds_stop" if advice.recommend_stop else "rptrounds_continue"
    out.pairs([(ctx.text("rptrounds_recommendation"), ctx.text(verdict))])
    out.paragraph(advice.reason.text(ctx.lang), bold=True)
    out.paragraph(rule_words(ctx, convergence))


def _round_table(out: SheetWriter, ctx: ReportContext, rounds: Sequence[RoundReport]) -> Span:
    """One row per round: response, consensus, overall W and answers changed."""
    return out.table(
        [
            ctx.text("rptrounds_col_round"),
            ctx.text("rptrounds_col_respondents"),
            ctx.text("rptrounds_col_invited"),
            ctx.text("rptrounds_col_response_rate"),
            ctx.text("rptrounds_col_consensus_share"),
            ctx.text("kendall_w_overall_short"),
            ctx.text("rptrounds_col_changed_share"),
        ],
        [
            [
                r.stats.round,
                r.stats.respondents,
                r.stats.invited,
                r.stats.response_rate,
                r.stats.consensus_share,
                r.stats.kendall_w.get(OVERALL),
                r.stats.changed_share,
            ]
            for r in rounds
        ],
        formats=(INTEGER, INTEGER, INTEGER, PERCENT, PERCENT, SCORE, PERCENT),
    )


def _chart(ws: Worksheet, ctx: ReportContext, span: Span, *, row: int) -> int:
    """A line chart of the consensus share and the answers changed per round, placed in
    column A at ``row``; returns the rows it covers (0 without rounds)."""
    if span.empty:
        return 0
    chart = LineChart()
    chart.title = ctx.text("rptrounds_chart_title")
    chart.x_axis.title = ctx.text("rptrounds_col_round")
    chart.y_axis.title = ctx.text("rptrounds_chart_axis")
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.number_format = "0%"
    chart.y_axis.majorGridlines = None
    # openpyxl 3.1 hides both axes unless told otherwise.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    for offset in (5, 7):  # consensus share, answers changed
        column = span.first_column + offset - 1
        data = Reference(ws, min_col=column, min_row=span.header_row, max_row=span.last_row)
        chart.add_data(data, titles_from_data=True)
    for series in chart.series:
        series.marker.symbol = "circle"
        series.smooth = False
    rounds = Reference(ws, min_col=span.first_column, min_row=span.first_row, max_row=span.last_row)
    chart.set_categories(rounds)
    chart.width = _CHART_WIDTH_CM
    chart.height = _CHART_HEIGHT_CM
    ws.add_chart(chart, f"{get_column_letter(span.first_column)}{row}")
    return math.ceil(chart.height / _ROW_CM) + 1


def _kendall(out: SheetWriter, ctx: ReportContext, rounds: Sequence[RoundReport]) -> None:
    """Kendall's W per criterion (rows) and round (columns), the overall W last."""
    criteria: list[str] = []
    for r in rounds:
        criteria += [c for c in r.stats.kendall_w if c != OVERALL and c not in criteria]
    rows: list[list[Any]] = [
        [ctx.criterion(c), c, *(r.stats.kendall_w.get(c) for r in rounds)] for c in criteria
    ]
    rows.append(
        [ctx.text("rptrounds_overall"), "", *(r.stats.kendall_w.get(OVERALL) for r in rounds)]
    )
    span = out.table(
        [
            ctx.text("criterion"),
            ctx.text("rpt_col_id"),
            *(ctx.text("rptrounds_col_round_n", round=r.stats.round) for r in rounds),
        ],
        rows,
        formats=(None, None, *([SCORE] * len(rounds))),
    )
    if not span.empty and rounds:
        out.colour_scale(span.cells(3, 2 + len(rounds)))
    out.note(ctx.text("rptrounds_w_note"))


def _wilcoxon(out: SheetWriter, ctx: ReportContext, rounds: Sequence[RoundReport]) -> None:
    """The Wilcoxon signed-rank tests of the last round against the previous one."""
    last = rounds[-1].stats
    if len(rounds) < 2:
        out.heading(ctx.text("rptrounds_wilcoxon_title"))
        out.note(ctx.text("rptrounds_wilcoxon_none", round=last.round))
        return
    previous = rounds[-2].stats.round
    out.heading(ctx.text("rptrounds_wilcoxon", round=last.round, previous=previous))
    out.table(
        [
            ctx.text("criterion"),
            ctx.text("rpt_col_id"),
            ctx.text("rptrounds_col_pairs"),
            ctx.text("rptrounds_col_nonzero"),
            ctx.text("rptrounds_col_statistic"),
            ctx.text("rpt_col_p_value"),
            ctx.text("rptrounds_col_note"),
        ],
        [
            [
                ctx.criterion(w.criterion),
                w.criterion,
                w.pairs,
                w.nonzero,
                w.statistic,
                w.p_value,
                "" if w.note is None else w.note.text(ctx.lang),
            ]
            for w in last.wilcoxon
        ],
        formats=(None, None, INTEGER, INTEGER, POINTS, SCORE, None),
    )
    out.note(ctx.text("rptrounds_wilcoxon_note"))


def _score_format(ctx: ReportContext, method: str) -> str:
    """The number format of the rounds' scores: the report's when it ranks by the same
    method, else four decimals."""
    return ctx.score_format if method == ctx.result.ranking.method else SCORE


def _rankings(
    out: SheetWriter, ctx: ReportContext, rounds: Sequence[RoundReport], score_format: str
) -> None:
    """Every round's rank and score side by side (and the change from the second round on),
    the technologies in the last round's order."""
    headers = [ctx.text("technology"), ctx.text("rpt_col_id")]
    formats: list[str | None] = [None, None]
    for index, r in enumerate(rounds):
        number = r.stats.round
        headers += [
            ctx.text("rptrounds_col_rank_round", round=number),
            ctx.text("rptrounds_col_score_round", round=number),
        ]
        formats += [INTEGER, score_format]
        if index > 0:
            headers.append(ctx.text("rptrounds_col_change_round", round=number))
            formats.append(INTEGER)
    places = [{p.technology: p for p in r.ranking} for r in rounds]
    order = [p.technology for p in rounds[-1].ranking]
    order += [t for found in places for t in found if t not in order]
    rows: list[list[Any]] = []
    for tid in order:
        row: list[Any] = [ctx.technology(tid), tid]
        for index, found in enumerate(places):
            place = found.get(tid)
            row += [None, None] if place is None else [place.rank, place.score]
            if index > 0:
                row.append(None if place is None else place.change)
        rows.append(row)
    out.table(headers, rows, formats=formats)


def _reasons(out: SheetWriter, ctx: ReportContext, rounds: Sequence[RoundReport]) -> None:
    """Every reason given, round by round, beside its cell, score and the previous round's
    quartiles; nothing when no round has one."""
    rows = [
        [
            r.stats.round,
            ctx.technology(x.technology),
            x.technology,
            ctx.criterion(x.criterion),
            x.score,
            x.q1,
            x.q3,
            x.reason,
        ]
        for r in rounds
        for x in r.reasons
    ]
    if not rows:
        return
    out.heading(ctx.text("roundsui_rsn_sheet_title"))
    out.table(
        [
            ctx.text("rptrounds_col_round"),
            ctx.text("technology"),
            ctx.text("rpt_col_id"),
            ctx.text("criterion"),
            ctx.text("roundsui_rsn_col_score"),
            ctx.text("roundsui_rsn_col_q1"),
            ctx.text("roundsui_rsn_col_q3"),
            ctx.text("roundsui_rsn_col_reason"),
        ],
        rows,
        formats=(INTEGER, None, None, None, POINTS, POINTS, POINTS, None),
    )
    out.note(ctx.text("roundsui_rsn_sheet_note"))


def _cells(out: SheetWriter, ctx: ReportContext, report: RoundReport) -> Span:
    """Every technology x criterion cell of the round with its statistics."""
    return out.table(
        [
            ctx.text("technology"),
            ctx.text("rpt_col_id"),
            ctx.text("criterion"),
            ctx.text("rpt_col_n"),
            ctx.text("rptrounds_col_median"),
            ctx.text("rptrounds_col_q1"),
            ctx.text("rptrounds_col_q3"),
            ctx.text("rpt_col_iqr"),
            ctx.text("rptrounds_col_cv"),
            ctx.text("rptrounds_col_consensus"),
            ctx.text("rptrounds_col_cell_changed"),
        ],
        [
            [
                ctx.technology(c.technology),
                c.technology,
                ctx.criterion(c.criterion),
                c.n,
                c.median,
                c.q1,
                c.q3,
                c.iqr,
                c.cv,
                None if c.consensus is None else ctx.yes_no(c.consensus),
                c.changed_share,
            ]
            for c in report.stats.cells
        ],
        formats=(None, None, None, INTEGER, POINTS, POINTS, POINTS, POINTS, PERCENT, None, PERCENT),
    )
