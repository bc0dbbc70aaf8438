"""The report's Sensitivity sheet: Monte Carlo acceptability, top-k odds, stability intervals."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.report.cells import INTEGER, PERCENT, POINTS, SheetWriter, Span
from r57_mcda.report.context import ReportContext, SensitivityRun

if TYPE_CHECKING:
    from r57_mcda.sensitivity import MonteCarloResult, StabilityResult


def write_sensitivity(ws: Worksheet, ctx: ReportContext, run: SensitivityRun) -> None:
    """Fill ``ws`` with the sensitivity results that were run."""
    out = SheetWriter(ws)
    out.title(ctx.text("rpt_sens_title"))
    freeze: Span | None = None
    if run.monte_carlo is not None:
        freeze = _monte_carlo(out, ctx, run.monte_carlo)
    if run.stability is not None:
        span = _stability(out, ctx, run.stability)
        freeze = freeze or span
    if freeze is None:
        out.finish()
        return
    out.finish(freeze=f"C{freeze.first_row}", repeat_row=freeze.header_row)


def weight_model_text(ctx: ReportContext, model: Mapping[str, Any] | None) -> str:
    """A Monte Carlo weight model in words."""
    if model is None:
        return ctx.text("rpt_model_fixed")
    kind = model.get("model")
    if kind == "dirichlet":
        return ctx.text("rpt_model_dirichlet", concentration=f"{model['concentration']:g}")
    if kind == "interval":
        return ctx.text("rpt_model_interval", percent=f"{100 * model['spread']:g}")
    return ctx.text("rpt_model_uniform")


def _monte_carlo(out: SheetWriter, ctx: ReportContext, mc: MonteCarloResult) -> Span:
    out.heading(ctx.text("rpt_mc_title"))
    out.note(
        ctx.text(
            "rpt_mc_settings",
            draws=mc.draws,
            evaluated=mc.evaluated,
            seed=mc.seed,
            method=ctx.method(mc.method),
            model=weight_model_text(ctx, mc.weight_model),
        )
    )
    if mc.bootstrap is not None:
        out.note(ctx.text("rpt_mc_bootstrap", resamples=mc.bootstrap.get("resamples")))
    out.row += 1
    table = mc.table()
    span = out.table(
        [
            ctx.text("technology"),
            ctx.text("rpt_col_id"),
            ctx.text("rpt_col_p_first"),
            ctx.text("rpt_col_p_top_k", k=mc.top_k),
            ctx.text("rpt_col_mean_rank"),
            ctx.text("rpt_col_rank_5"),
            ctx.text("rpt_col_rank_95"),
            ctx.text("rpt_col_confidence"),
        ],
        [
            [
                ctx.technology(str(tid)),
                tid,
                row.p_first,
                row.p_top_k,
                row.mean_rank,
                row.rank_5,
                row.rank_95,
                row.confidence,
            ]
            for tid, row in zip(table.index, table.itertuples(index=False), strict=True)
        ],
        formats=(None, None, PERCENT, PERCENT, POINTS, INTEGER, INTEGER, PERCENT),
    )
    if not span.empty:
        out.shade(span.cells(3, 4))
        out.colour_scale(span.cells(5), higher_is_better=False)
    out.heading(ctx.text("rpt_acceptability"))
    ranks = [int(r) for r in mc.acceptability.columns]
    acceptability = out.table(
        [
            ctx.text("technology"),
            ctx.text("rpt_col_id"),
            *(ctx.text("rpt_col_rank_r", rank=r) for r in ranks),
        ],
        [
            [ctx.technology(str(tid)), tid, *(float(v) for v in mc.acceptability.loc[tid])]
            for tid in table.index
        ],
        formats=[None, None, *([PERCENT] * len(ranks))],
    )
    if not acceptability.empty:
        out.shade(acceptability.cells(3, len(ranks) + 2))
    return span


def _stability(out: SheetWriter, ctx: ReportContext, stability: StabilityResult) -> Span:
    k = stability.top_k
    out.heading(ctx.text("rpt_stab_title", method=ctx.method(stability.method), k=k))
    out.note(ctx.text("rpt_stab_note"))
    out.row += 1
    return out.table(
        [
            ctx.text("criterion"),
            ctx.text("rpt_col_id"),
            ctx.text("rpt_col_current_weight"),
            ctx.text("rpt_col_first_from"),
            ctx.text("rpt_col_first_to"),
            ctx.text("rpt_col_first_interval"),
            ctx.text("rpt_col_top_from", k=k),
            ctx.text("rpt_col_top_to", k=k),
            ctx.text("rpt_col_top_interval", k=k),
        ],
        [
            [
                ctx.criterion(first.criterion),
                first.criterion,
                first.current,
                first.lower,
                first.upper,
                ctx.interval(first.lower, first.upper, first.lower_closed, first.upper_closed),
                top.lower,
                top.upper,
                ctx.interval(top.lower, top.upper, top.lower_closed, top.upper_closed),
            ]
            for first, top in zip(stability.first, stability.top, strict=True)
        ],
        formats=(None, None, PERCENT, PERCENT, PERCENT, None, PERCENT, PERCENT, None),
    )
