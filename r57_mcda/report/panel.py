"""The report's Panel sheet: the decision matrix, each cell's n and IQR, Kendall's W with its
reading, and the cells without consensus (a count per criterion, the widest 20 listed)."""

from __future__ import annotations

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.models import group_label
from r57_mcda.panel.agreement import interpret_w
from r57_mcda.report.cells import INTEGER, PERCENT, POINTS, SCORE, SheetWriter
from r57_mcda.report.context import ReportContext


def write_panel(ws: Worksheet, ctx: ReportContext) -> None:
    """Fill ``ws`` with the panel's aggregated matrix, dispersion and agreement."""
    result = ctx.result
    aggregate = result.aggregate
    panel = result.inputs.panel
    out = SheetWriter(ws)
    out.title(ctx.text("rpt_panel_title"))
    if aggregate is None or panel is None:
        out.note(ctx.text("rpt_matrix_given"))
        out.heading(ctx.text("rpt_decision_matrix"))
        _matrix(out, ctx, result.matrix, POINTS, colour="direction")
        out.finish()
        return
    out.pairs(
        [
            (ctx.text("aggregation"), ctx.aggregation()),
            (ctx.text("rpt_panel_size"), len(panel.experts)),
        ]
    )
    agreement = result.agreement
    if agreement is not None:
        out.pairs(
            [
                (
                    ctx.text("kendall_w_overall_short"),
                    agreement.overall_w,
                    ctx.text(f"w_{interpret_w(agreement.overall_w)}"),
                ),
                (ctx.text("rpt_col_p_value"), agreement.overall.p_value),
                (ctx.text("rpt_mean_w"), agreement.mean_w),
            ],
            formats=(SCORE,),
        )
    else:
        out.note(ctx.text("rpt_no_agreement"))
    out.heading(ctx.text("aggregated_matrix"))
    _matrix(out, ctx, aggregate.matrix, POINTS, colour="direction")
    out.heading(ctx.text("rpt_n_matrix"))
    _matrix(out, ctx, aggregate.n, INTEGER, colour="higher")
    out.heading(ctx.text("rpt_iqr_matrix"))
    _matrix(out, ctx, aggregate.iqr, POINTS, colour="lower")
    if agreement is not None:
        out.heading(ctx.text("kendall_per_criterion"))
        kendall = agreement.kendall
        span = out.table(
            [
                ctx.text("criterion"),
                ctx.text("rpt_col_id"),
                "W",
                ctx.text("rpt_col_reading"),
                ctx.text("rpt_col_chi2"),
                ctx.text("rpt_col_df"),
                ctx.text("rpt_col_p_value"),
                ctx.text("rpt_col_experts_m"),
                ctx.text("rpt_col_techs_n"),
                ctx.text("rpt_col_dropped_experts"),
                ctx.text("rpt_col_dropped_techs"),
            ],
            [
                [
                    ctx.criterion(str(cid)),
                    cid,
                    row.iloc[0],
                    ctx.text(f"w_{interpret_w(float(row.iloc[0]))}"),
                    *row.iloc[1:].to_list(),
                ]
                for cid, row in kendall[list(kendall.columns)].iterrows()
            ],
            formats=(None, None, SCORE, None, POINTS, INTEGER, SCORE, INTEGER, INTEGER),
        )
        if not span.empty:
            out.colour_scale(span.cells(3))
        _flags(out, ctx, agreement.flags)
    out.heading(ctx.text("rpt_groups"))
    groups = pd.Series([e.group for e in panel.experts], dtype=object).value_counts(sort=False)
    out.table(
        [ctx.text("rpt_col_group"), ctx.text("rpt_col_experts")],
        [
            [group_label(g, ctx.lang, panel.experts) or ctx.text("rpt_no_group"), int(n)]
            for g, n in groups.items()
        ],
    )
    out.finish()


#: Cells without consensus listed one by one on the Panel sheet (the widest disagreements).
WORST_FLAGS = 20


def flag_summary(flags: pd.DataFrame, criteria: list[str]) -> pd.DataFrame:
    """Cells without consensus per criterion: ``flagged`` (count) and ``threshold`` (its IQR
    threshold, NaN when no cell is flagged), one row per criterion in ``criteria``' order."""
    counts = flags.groupby("criterion", sort=False).size() if len(flags) else pd.Series(dtype=int)
    thresholds = (
        flags.groupby("criterion", sort=False)["iqr_threshold"].first()
        if len(flags)
        else pd.Series(dtype=float)
    )
    return pd.DataFrame(
        {
            "flagged": [int(counts.get(c, 0)) for c in criteria],
            "threshold": [float(thresholds.get(c, float("nan"))) for c in criteria],
        },
        index=pd.Index(criteria, name="criterion"),
    )


def worst_flags(flags: pd.DataFrame, limit: int = WORST_FLAGS) -> pd.DataFrame:
    """The ``limit`` widest disagreements: flagged cells by IQR relative to their threshold
    (``ratio``), then by IQR, largest first (a zero threshold counts as infinitely exceeded)."""
    if flags.empty:
        return flags.assign(ratio=pd.Series(dtype=float))
    threshold = flags["iqr_threshold"].astype(float)
    iqr = flags["iqr"].astype(float)
    ratio = (iqr / threshold.where(threshold > 0)).fillna(float("inf"))
    ranked = flags.assign(ratio=ratio).sort_values(["ratio", "iqr"], ascending=False, kind="stable")
    return ranked.head(limit).reset_index(drop=True)


def _flags(out: SheetWriter, ctx: ReportContext, flags: pd.DataFrame) -> None:
    """The cells without consensus: a count per criterion, then the widest disagreements."""
    out.heading(ctx.text("rpt_flags"))
    if flags.empty:
        out.note(ctx.text("no_flags"))
        return
    cells_per_criterion = len(ctx.result.matrix.index)
    criteria = [str(c) for c in ctx.result.matrix.columns]
    summary = flag_summary(flags, criteria)
    out.note(ctx.text("rpt_flags_total", n=len(flags), cells=cells_per_criterion * len(criteria)))
    out.table(
        [
            ctx.text("criterion"),
            ctx.text("rpt_col_id"),
            ctx.text("rpt_col_flagged"),
            ctx.text("rpt_col_flag_share"),
            ctx.text("rpt_col_threshold"),
        ],
        [
            [
                ctx.criterion(cid),
                cid,
                int(row.flagged),
                row.flagged / cells_per_criterion if cells_per_criterion else None,
                row.threshold,
            ]
            for cid, row in summary.iterrows()
        ],
        formats=(None, None, INTEGER, PERCENT, POINTS),
    )
    worst = worst_flags(flags)
    out.heading(ctx.text("rpt_flags_worst", n=len(worst)))
    out.table(
        [
            ctx.text("technology"),
            ctx.text("rpt_col_id"),
            ctx.text("criterion"),
            ctx.text("rpt_col_iqr"),
            ctx.text("rpt_col_threshold"),
            ctx.text("rpt_col_std"),
            ctx.text("rpt_col_n"),
            ctx.text("rpt_col_min"),
            ctx.text("rpt_col_max"),
        ],
        [
            [
                ctx.technology(str(f.technology)),
                f.technology,
                ctx.criterion(str(f.criterion)),
                f.iqr,
                f.iqr_threshold,
                f.std,
                f.n,
                f.min,
                f.max,
            ]
            for f in worst.itertuples(index=False)
        ],
        formats=(None, None, None, POINTS, POINTS, POINTS, INTEGER, POINTS, POINTS),
    )
    rest = len(flags) - len(worst)
    if rest > 0:
        out.note(ctx.text("rpt_flags_more", n=rest))


def _matrix(
    out: SheetWriter, ctx: ReportContext, frame: pd.DataFrame, fmt: str, *, colour: str
) -> None:
    """Technologies x criteria, with a colour scale per criterion column.

    ``colour`` is ``direction`` (green for the better end of each criterion), ``higher`` or
    ``lower`` (green for larger or smaller values).
    """
    criteria = [str(c) for c in frame.columns]
    span = out.table(
        [ctx.text("technology"), ctx.text("rpt_col_id"), *(ctx.criterion(c) for c in criteria)],
        [
            [ctx.technology(str(tid)), tid, *(row[c] for c in criteria)]
            for tid, row in frame.iterrows()
        ],
        formats=[None, None, *([fmt] * len(criteria))],
    )
    if span.empty:
        return
    known = ctx.result.criteria
    for position, cid in enumerate(criteria, start=3):
        if colour == "direction":
            better_high = cid not in known or known[cid].direction == "benefit"
        else:
            better_high = colour == "higher"
        out.colour_scale(span.cells(position), higher_is_better=better_high)
