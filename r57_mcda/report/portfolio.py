"""The report's Portfolio sheet: the funded technologies under the budget (issue 12, item 6).

Top to bottom: the value scale and its zero, the budget and the cost column; the funded
technologies with their totals (or, for an infeasible problem, why no portfolio meets every
constraint); the slack of every constraint; the greedy benefit-to-cost selection beside the
optimal one; the efficient frontier as a table and a native scatter chart (cost against value,
the optimal and the greedy portfolio and the budget drawn too); and the robustness run when one
was made (selection frequency and class per technology, the chance the proposed portfolio stays
optimal, the portfolios that replace it). Every figure is the
:class:`~r57_mcda.portfolio.PortfolioResult`'s, taken as an argument.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.models import group_label
from r57_mcda.report.cells import INTEGER, PERCENT, POINTS, SCORE, SheetWriter, Span
from r57_mcda.report.context import ReportContext
from r57_mcda.report.portfolio_chart import frontier_chart
from r57_mcda.report.sensitivity import weight_model_text

if TYPE_CHECKING:
    from r57_mcda.portfolio import Constraint, PortfolioResult, PortfolioRobustness

#: A slack within this share of the budget (or 1e-9 of a count) binds.
_BINDING_TOL = 1e-6


def write_portfolio(ws: Worksheet, ctx: ReportContext, result: PortfolioResult) -> None:
    """Fill ``ws`` with the portfolio ``result`` (see the module)."""
    out = SheetWriter(ws)
    out.title(ctx.text("pfrep_title"))
    problem = result.problem
    scale = problem.scale
    if scale is not None:
        out.note(
            ctx.text(
                "pfrep_scale",
                method=ctx.method_ref(scale.method),
                unit=scale.unit_text(ctx.lang),
                zero=scale.zero_text(ctx.lang),
            )
        )
    cost = cost_format(result)
    out.pairs(
        [
            (ctx.text("pfrep_budget"), problem.budget),
            (ctx.text("pfrep_cost_column"), problem.cost_column),
            (ctx.text("pfrep_candidates_cost"), float(problem.costs.sum())),
        ],
        formats=(cost,),
    )
    labels = _labels(ctx, result)
    if result.optimal is None:
        out.heading(ctx.text("pfrep_infeasible_title"))
        if result.infeasibility is not None:
            out.paragraph(_infeasible_text(ctx, result, labels), warning=True)
        out.finish()
        return
    selected = _selected(out, ctx, result, cost)
    out.heading(ctx.text("pfrep_slack_title"))
    out.note(ctx.text("pfrep_slack_note"))
    _slack(out, ctx, result, labels)
    greedy = _greedy(out, ctx, result, labels, cost)
    if result.frontier is not None:
        _frontier(out, ctx, result, greedy, cost)
    if result.robustness is not None:
        _robustness(out, ctx, result.robustness)
    out.finish(freeze="B1", repeat_row=selected.header_row)


def cost_format(result: PortfolioResult) -> str:
    """The number format of costs: whole numbers with thousands separators, else 2 decimals."""
    costs = [float(c) for c in result.problem.costs] + [result.problem.budget]
    whole = all(math.isfinite(c) and c.is_integer() for c in costs)
    return "#,##0" if whole else "#,##0.00"


def _value_format(result: PortfolioResult) -> str:
    scale = result.problem.scale
    return POINTS if scale is None or scale.method == "wsm" else SCORE


def _labels(ctx: ReportContext, result: PortfolioResult) -> dict[str, str]:
    """Technology and group ids to their names in the report's language."""
    technologies = ctx.result.inputs.technologies
    groups = {str(g): group_label(str(g), ctx.lang, technologies) for g in result.problem.groups}
    return {**groups, **{i: ctx.technology(i) for i in result.problem.ids}}


def _named(constraint: Constraint, labels: Mapping[str, str]) -> Constraint:
    """The constraint naming its technologies and groups (for its text)."""
    return type(constraint)(constraint.kind, tuple(labels.get(i, i) for i in constraint.ids))


def _texts(
    ctx: ReportContext, result: PortfolioResult, labels: Mapping[str, str]
) -> dict[str, str]:
    """Every constraint's key and its text in the report's language."""
    from r57_mcda.portfolio import constraint_list

    return {
        c.key: _named(c, labels).message().text(ctx.lang) for c in constraint_list(result.problem)
    }


def _infeasible_text(ctx: ReportContext, result: PortfolioResult, labels: Mapping[str, str]) -> str:
    from dataclasses import replace

    why = result.infeasibility
    assert why is not None
    renamed = replace(
        why,
        singles=tuple(_named(c, labels) for c in why.singles),
        pairs=tuple((_named(a, labels), _named(b, labels)) for a, b in why.pairs),
    )
    return renamed.message().text(ctx.lang)


def _selected(out: SheetWriter, ctx: ReportContext, result: PortfolioResult, cost: str) -> Span:
    """The funded technologies (highest value first), the totals, and the others in a line."""
    problem, best = result.problem, result.optimal
    assert best is not None
    out.heading(ctx.text("pfrep_selected_title"))
    ids = sorted(best.selected, key=lambda i: -float(problem.values[i]))
    budget = problem.budget
    span = out.table(
        _headers(
            ctx,
            "technology",
            "rpt_col_id",
            "rpt_col_group",
            "pfrep_col_cost",
            "pfrep_col_value",
            "pfrep_col_funded_share",
            "pfrep_col_budget_share",
        ),
        [
            [
                ctx.technology(i),
                i,
                ctx.technology_group(i),
                float(problem.costs[i]) * best.shares[i],
                float(problem.values[i]) * best.shares[i],
                best.shares[i],
                float(problem.costs[i]) * best.shares[i] / budget if budget > 0 else None,
            ]
            for i in ids
        ],
        formats=(None, None, None, cost, _value_format(result), PERCENT, PERCENT),
    )
    out.row += 1
    out.pairs(
        [
            (ctx.text("pfrep_total_cost"), best.cost, None),
            (ctx.text("pfrep_total_value"), best.value, None),
            (ctx.text("pfrep_budget_left"), budget - best.cost, None),
            (
                ctx.text("pfrep_funded_count"),
                len(best.selected),
                ctx.text("rpt_of", count=len(best.selected), total=len(problem.ids)),
            ),
        ],
        formats=(cost,),
    )
    others = [ctx.technology(i) for i in problem.ids if i not in best.shares]
    out.note(ctx.text("pfrep_not_funded", names="; ".join(others) or "–"))
    return span


def _slack(
    out: SheetWriter, ctx: ReportContext, result: PortfolioResult, labels: Mapping[str, str]
) -> None:
    """One row per constraint: its text, key, slack, and whether it binds."""
    best = result.optimal
    assert best is not None
    texts = _texts(ctx, result, labels)
    scale = max(result.problem.budget, 1.0)
    rows = []
    for key, text in texts.items():
        if key not in best.slack:
            continue
        slack = float(best.slack[key])
        tol = _BINDING_TOL * (scale if key == "budget" else 1.0)
        rows.append([text, key, slack, ctx.yes_no(abs(slack) <= tol)])
    out.table(
        _headers(
            ctx, "pfrep_col_constraint", "pfrep_col_key", "pfrep_col_slack", "pfrep_col_binding"
        ),
        rows,
        formats=(None, None, "#,##0.######", None),
    )


def _greedy(
    out: SheetWriter,
    ctx: ReportContext,
    result: PortfolioResult,
    labels: Mapping[str, str],
    cost: str,
) -> Span | None:
    """The optimal and the greedy portfolio side by side; the value the greedy rule loses."""
    greedy, best = result.greedy, result.optimal
    if greedy is None or best is None:
        return None
    out.heading(ctx.text("pfrep_greedy_title"))
    out.note(ctx.text("pfrep_greedy_note"))
    rows = [
        [ctx.text(label), p.value, p.cost, len(p.selected), ok, _names(ctx, p.selected)]
        for label, p, ok in (
            ("pfrep_optimal", best, ctx.yes_no(True)),
            ("pfrep_greedy", greedy.portfolio, ctx.yes_no(greedy.feasible)),
        )
    ]
    span = out.table(
        _headers(
            ctx,
            "pfrep_col_portfolio",
            "pfrep_col_value",
            "pfrep_col_cost",
            "pfrep_col_count",
            "pfrep_col_feasible",
            "pfrep_col_technologies",
        ),
        rows,
        formats=(None, _value_format(result), cost, INTEGER, None, None),
    )
    loss = greedy.loss(best) or 0.0
    share = loss / best.value if best.value > 0 else 0.0
    out.row += 1
    out.pairs(
        [(ctx.text("pfrep_greedy_loss"), loss, share)], formats=(_value_format(result), PERCENT)
    )
    if greedy.violated:
        texts = _texts(ctx, result, labels)
        broken = "; ".join(texts.get(k, k) for k in greedy.violated)
        out.paragraph(ctx.text("pfrep_greedy_violates", constraints=broken), warning=True)
    return span


def _headers(ctx: ReportContext, *keys: str) -> list[str]:
    """A table's headers: the texts of ``keys`` in the report's language."""
    return [ctx.text(k) for k in keys]


def _names(ctx: ReportContext, ids: Sequence[str]) -> str:
    return "; ".join(ctx.technology(i) for i in ids) or "–"


def _frontier(
    out: SheetWriter,
    ctx: ReportContext,
    result: PortfolioResult,
    greedy: Span | None,
    cost: str,
) -> None:
    """The frontier's portfolios by cost, a scatter chart of them, and the budget's line."""
    frontier = result.frontier
    assert frontier is not None
    out.heading(ctx.text("pfrep_frontier_title", low=frontier.low, high=frontier.high))
    out.note(ctx.text("pfrep_frontier_note"))
    if not frontier.exact:
        out.note(ctx.text("pfrep_frontier_grid"))
    span = out.table(
        _headers(
            ctx,
            "pfrep_col_cost",
            "pfrep_col_value",
            "pfrep_col_hull",
            "pfrep_col_count",
            "pfrep_col_technologies",
        ),
        [
            [p.cost, p.value, ctx.yes_no(p.convex), len(p.selected), _names(ctx, p.selected)]
            for p in frontier.points
        ],
        formats=(cost, _value_format(result), None, INTEGER, None),
    )
    top = max([p.value for p in frontier.points] + [0.0])
    out.row += 1
    line = out.table(
        [ctx.text("pfrep_budget_line"), ctx.text("pfrep_col_value")],
        [[result.problem.budget, 0.0], [result.problem.budget, top]],
        formats=(cost, _value_format(result)),
    )
    if not span.empty:
        out.skip(frontier_chart(out.ws, ctx, span, greedy, line, row=out.row + 1))


def _robustness(out: SheetWriter, ctx: ReportContext, robust: PortfolioRobustness) -> None:
    """The robustness run: its settings, the chance the proposal stays optimal, per technology
    the selection frequency and class, and the portfolios that replace the proposal."""
    out.heading(ctx.text("pfrep_robust_title"))
    out.note(
        ctx.text(
            "pfrep_robust_settings",
            draws=robust.draws,
            evaluated=robust.evaluated,
            seed=robust.seed,
            model=weight_model_text(ctx, robust.weight_model),
        )
    )
    if robust.bootstrap is not None:
        out.note(ctx.text("rpt_mc_bootstrap", resamples=robust.bootstrap.get("resamples")))
    out.pairs([(ctx.text("pfrep_p_optimal"), robust.p_optimal)], formats=(PERCENT,))
    out.note(ctx.text("pfrep_classes_note"))
    frequency = robust.frequency.astype(float)
    order = sorted(frequency.index, key=lambda i: -float(frequency[i]))
    span = out.table(
        _headers(ctx, "technology", "rpt_col_id", "pfrep_col_frequency", "pfrep_col_class"),
        [
            [
                ctx.technology(str(i)),
                str(i),
                float(frequency[i]),
                ctx.text(f"pf_class_{robust.classes[i]}"),
            ]
            for i in order
        ],
        formats=(None, None, PERCENT, None),
    )
    if not span.empty:
        out.shade(span.cells(3))
    out.heading(ctx.text("pfrep_replacements_title"))
    if not robust.replacements:
        out.note(ctx.text("pfrep_replacements_none"))
        return
    proposed = set(robust.proposed)
    out.table(
        _headers(
            ctx,
            "pfrep_col_share_draws",
            "pfrep_col_adds",
            "pfrep_col_drops",
            "pfrep_col_technologies",
        ),
        [
            [
                share,
                _names(ctx, [i for i in ids if i not in proposed]),
                _names(ctx, [i for i in robust.proposed if i not in set(ids)]),
                _names(ctx, ids),
            ]
            for ids, share in robust.replacements
        ],
        formats=(PERCENT, None, None, None),
    )
