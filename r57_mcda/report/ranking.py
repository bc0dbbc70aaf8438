"""The report's Ranking and Contributions sheets: every technology's score, ranks and parts."""

from __future__ import annotations

from typing import Any

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.report.cells import INTEGER, PERCENT, POINTS, SCORE, SheetWriter, Span
from r57_mcda.report.context import ReportContext

#: Ranking extras that are text for the reader, not per-technology columns.
_NOTE_EXTRAS = ("notes", "notes_vi")


def write_ranking(ws: Worksheet, ctx: ReportContext) -> None:
    """Fill ``ws`` with all technologies in rank order, the method's extras and other ranks."""
    ranking = ctx.result.ranking
    comparison = ctx.result.comparison
    out = SheetWriter(ws)
    out.title(ctx.text("rpt_ranking_title", method=ctx.method(ranking.method)))
    out.note(ctx.text("rpt_score_note", score=ctx.score_meaning()))
    for note in ranking.extras.get("notes") or ():
        out.note(note.text(ctx.lang))
    index = ranking.scores.index
    columns = {
        name: value
        for name, value in ranking.extras.items()
        if isinstance(value, pd.Series)
        and value.index.equals(index)
        and pd.api.types.is_numeric_dtype(value)
    }
    plain = [
        (name, value)
        for name, value in ranking.extras.items()
        if name not in columns and name not in _NOTE_EXTRAS and _is_plain(value)
    ]
    if plain:
        out.pairs(plain)
    out.row += 1
    headers = [
        ctx.text("rpt_col_rank"),
        ctx.text("technology"),
        ctx.text("rpt_col_id"),
        ctx.text("rpt_col_group"),
        ctx.score_header(),
        ctx.text("rpt_col_tied"),
        *columns,
    ]
    formats: list[str | None] = [INTEGER, None, None, None, ctx.score_format, None]
    formats += [SCORE] * len(columns)
    if comparison is not None:
        headers += [
            ctx.text("rpt_col_rank_method", method=ctx.method(m)) for m in comparison.methods
        ]
        headers += [ctx.text("rpt_col_borda"), ctx.text("rpt_col_copeland")]
        formats += [INTEGER] * (len(comparison.methods) + 2)
    rows = []
    for tid in ranking.order():
        row: list[Any] = [
            int(ranking.ranks[tid]),
            ctx.technology(tid),
            tid,
            ctx.technology_group(tid),
            ctx.score_value(tid),
            ctx.yes_no(bool(ranking.tied[tid])),
        ]
        row += [float(series[tid]) for series in columns.values()]
        if comparison is not None:
            row += [int(comparison.ranks.loc[tid, m]) for m in comparison.methods]
            row += [
                int(comparison.borda.loc[tid, "rank"]),
                int(comparison.copeland.loc[tid, "rank"]),
            ]
        rows.append(row)
    span = out.table(headers, rows, formats=formats)
    if not span.empty:
        out.colour_scale(span.cells(5), higher_is_better=ranking.higher_is_better)
        if comparison is not None:
            first = 7 + len(columns)
            out.colour_scale(span.cells(first, len(headers)), higher_is_better=False)
    if comparison is not None and len(comparison.methods) > 1:
        out.heading(ctx.text("rpt_tau_title"))
        tau = comparison.kendall_tau
        tau_span = out.table(
            ["", *(ctx.method(str(m)) for m in tau.columns)],
            [[ctx.method(str(m)), *(float(v) for v in tau.loc[m])] for m in tau.index],
            formats=[None] + [SCORE] * len(tau.columns),
        )
        out.colour_scale(tau_span.cells(2, len(tau.columns) + 1))
        out.heading(ctx.text("rpt_tau_readings"))
        by_method = comparison.agreement_by_method()
        out.table(
            [ctx.text("rpt_col_method"), ctx.text("rpt_col_mean_tau"), ctx.text("rpt_col_reading")],
            [
                [ctx.method(str(m)), float(value), ctx.tau_reading(float(value))]
                for m, value in by_method.items()
            ],
            formats=(None, SCORE, None),
        )
    out.finish(freeze=f"D{span.first_row}", repeat_row=span.header_row)


def _is_plain(value: Any) -> bool:
    if isinstance(value, str | int | float | bool):
        return True
    # Empty lists (e.g. no criterion dropped) say nothing to a reader.
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and all(isinstance(v, str | int | float) for v in value)
    )


def write_contributions(ws: Worksheet, ctx: ReportContext) -> None:
    """Fill ``ws`` with each technology's per-criterion contributions, in rank order."""
    result = ctx.result
    contrib = result.contributions
    method = ctx.method(result.ranking.method)
    out = SheetWriter(ws)
    out.title(ctx.text("rpt_contrib_title", method=method))
    if contrib is None:
        out.note(ctx.text("rpt_contrib_none", method=method))
        out.finish()
        return
    out.note(contrib.note.text(ctx.lang))
    out.row += 1
    fmt = {"points": POINTS, "distance_share": PERCENT}.get(contrib.kind, SCORE)
    order = result.ranking.order()
    span = _parts_table(out, ctx, contrib.values, contrib.totals, order=order, fmt=fmt)
    if contrib.kind == "distance_share":
        out.shade(span.cells(4, span.last_column - span.first_column))
    else:
        out.colour_scale(span.cells(4, span.last_column - span.first_column))
    if contrib.anti_ideal is not None:
        out.heading(ctx.text("rpt_contrib_anti"))
        anti = contrib.anti_ideal
        totals = anti.sum(axis=1, min_count=1)
        anti_span = _parts_table(out, ctx, anti, totals, order=order, fmt=fmt)
        out.shade(anti_span.cells(4, anti_span.last_column - anti_span.first_column))
    out.finish(freeze=f"D{span.first_row}", repeat_row=span.header_row)


def _parts_table(
    out: SheetWriter,
    ctx: ReportContext,
    parts: pd.DataFrame,
    totals: pd.Series,
    *,
    order: list[str],
    fmt: str,
) -> Span:
    ranks = ctx.result.ranking.ranks
    criteria = [str(c) for c in parts.columns]
    headers = [
        ctx.text("rpt_col_rank"),
        ctx.text("technology"),
        ctx.text("rpt_col_id"),
        *(ctx.criterion(c) for c in criteria),
        ctx.text("rpt_col_total"),
    ]
    rows = [
        [
            int(ranks[tid]),
            ctx.technology(tid),
            tid,
            *(float(parts.loc[tid, c]) for c in criteria),
            float(totals[tid]),
        ]
        for tid in order
    ]
    formats = [INTEGER, None, None, *([fmt] * (len(criteria) + 1))]
    return out.table(headers, rows, formats=formats)
