"""The report's Weights sheet: each criterion's weight, their source, and AHP matrices with CR."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.report.cells import SCORE, WEIGHT, SheetWriter
from r57_mcda.report.context import ReportContext

PERCENT_2 = "0.00%"


def write_weights(ws: Worksheet, ctx: ReportContext) -> None:
    """Fill ``ws`` with the criteria weights, where they came from and how."""
    result = ctx.result
    weights = result.weights
    out = SheetWriter(ws)
    out.title(ctx.text("rpt_weights"))
    out.pairs([(ctx.text("rpt_source"), ctx.weight_source(), weights.method)])
    out.row += 1
    criteria = result.criteria
    span = out.table(
        [
            ctx.text("criterion"),
            ctx.text("rpt_col_id"),
            ctx.text("rpt_col_group"),
            ctx.text("rpt_col_direction"),
            ctx.text("rpt_col_weight"),
        ],
        [
            (
                ctx.criterion(cid),
                cid,
                ctx.criteria_group(criteria[cid].group) if cid in criteria else "",
                ctx.text(f"rpt_dir_{criteria[cid].direction}") if cid in criteria else "",
                float(w),
            )
            for cid, w in weights.values.items()
        ],
        formats=(None, None, None, None, PERCENT_2),
    )
    details = weights.details
    if weights.method == "ahp":
        for what, block in _ahp_blocks(details, ctx):
            _ahp_block(out, ctx, what, block)
    flat = list(_flatten(details, exclude="matrix"))
    if flat:
        out.heading(ctx.text("rpt_details"))
        out.table([ctx.text("rpt_col_key"), ctx.text("rpt_col_value")], flat)
    out.finish(freeze=f"A{span.first_row}", repeat_row=span.header_row)


def _ahp_blocks(
    details: Mapping[str, Any], ctx: ReportContext
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(what it compares, AHP details) for every pairwise matrix behind the weights."""
    if "matrix" in details:
        yield ctx.text("rpt_ahp_criteria"), details
    groups = details.get("groups")
    if isinstance(groups, Mapping) and "matrix" in groups:
        yield ctx.text("rpt_ahp_groups"), groups
    for group, block in dict(details.get("within_ahp") or {}).items():
        if isinstance(block, Mapping) and "matrix" in block:
            yield ctx.text("rpt_ahp_within", group=ctx.criteria_group(group)), block


def _label(ctx: ReportContext, item: str) -> str:
    if item in ctx.result.criteria:
        return ctx.criterion(item)
    return ctx.criteria_group(item)


def _ahp_block(out: SheetWriter, ctx: ReportContext, what: str, block: Mapping[str, Any]) -> None:
    out.heading(ctx.text("rpt_ahp_matrix", what=what))
    matrix: Mapping[str, Mapping[str, float]] = block["matrix"]
    items = list(matrix)
    priorities: Mapping[str, float] = block.get("priorities", {})
    out.table(
        [
            "",
            ctx.text("rpt_col_id"),
            *(_label(ctx, i) for i in items),
            ctx.text("rpt_ahp_priority"),
        ],
        [
            [
                _label(ctx, row),
                row,
                *(float(matrix[row][col]) for col in items),
                priorities.get(row),
            ]
            for row in items
        ],
        formats=[None, None, *([SCORE] * len(items)), WEIGHT],
    )
    threshold = block.get("cr_threshold", 0.1)
    out.pairs(
        [
            (ctx.text("rpt_ahp_cr"), block.get("cr")),
            (ctx.text("rpt_ahp_ci"), block.get("ci")),
            (ctx.text("rpt_ahp_lambda"), block.get("lambda_max")),
            (ctx.text("rpt_ahp_ri"), block.get("ri")),
            (
                ctx.text("rpt_ahp_consistent", threshold=threshold),
                ctx.yes_no(bool(block.get("consistent"))),
            ),
            (ctx.text("rpt_ahp_ri_source"), block.get("random_index_source", "")),
        ],
        formats=(WEIGHT,),
    )


def _flatten(value: Any, *, exclude: str, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Dotted keys and plain values of nested details; lists of plain values become one row."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key != exclude:
                name = f"{prefix}.{key}" if prefix else str(key)
                yield from _flatten(item, exclude=exclude, prefix=name)
        return
    if isinstance(value, list | tuple) and any(isinstance(v, Mapping) for v in value):
        for i, item in enumerate(value):
            yield from _flatten(item, exclude=exclude, prefix=f"{prefix}[{i}]")
        return
    if hasattr(value, "to_dict"):
        # pandas objects in details (e.g. a table of bounds) are shown as their plain data.
        yield from _flatten(value.to_dict(), exclude=exclude, prefix=prefix)
        return
    yield prefix, value
