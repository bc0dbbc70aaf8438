"""The ``portfolio`` command's table output, in the user's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from r57_mcda.i18n import format_number, t

if TYPE_CHECKING:
    import pandas as pd

    from r57_mcda.pipeline.analysis import AnalysisResult
    from r57_mcda.portfolio import (
        Frontier,
        GreedyPortfolio,
        Portfolio,
        PortfolioProblem,
        PortfolioResult,
        PortfolioRobustness,
    )


def amount(value: float, lang: str) -> str:
    """A cost or budget as text: a whole number (within rounding) without decimals, any other
    with two."""
    whole = round(float(value))
    if abs(float(value) - whole) <= 1e-9 * max(1.0, abs(float(value))):
        return format_number(whole, lang, ",d")
    return format_number(float(value), lang, ",.2f")


def figure(value: float, lang: str, digits: int = 3) -> str:
    """A value as text, with ``digits`` decimals and the language's separators."""
    return format_number(float(value), lang, f",.{digits}f")


def _share(value: float, lang: str) -> str:
    return format_number(float(value), lang, ".1%")


#: Columns of figures, aligned right; the others (ids, names, lists) are aligned left.
_FIGURES = frozenset({"cost", "value", "share", "slack", "frequency"})


def _table(rows: list[dict[str, str]], lang: str) -> str:
    """Rows of text keyed by column id, as an aligned table with headers in ``lang``."""
    columns = list(rows[0])
    cells = [[t(f"pfcli_col_{c}", lang) for c in columns]]
    cells += [[row[c] for c in columns] for row in rows]
    widths = [max(len(line[k]) for line in cells) for k in range(len(columns))]
    return "\n".join(
        "  ".join(
            text.rjust(width) if column in _FIGURES else text.ljust(width)
            for column, text, width in zip(columns, line, widths, strict=True)
        ).rstrip()
        for line in cells
    )


def portfolio_text(
    result: AnalysisResult, outcome: PortfolioResult, frame: pd.DataFrame, lang: str
) -> str:
    """The whole text: scale, selection, totals, slacks, greedy, frontier, robustness."""
    from r57_mcda.models import group_label
    from r57_mcda.ranking import method_info

    problem, best = outcome.problem, outcome.optimal
    method = method_info(result.ranking.method).label(lang)
    lines = [
        t(
            "pfcli_head",
            lang,
            method=method,
            budget=amount(problem.budget, lang),
            column=problem.cost_column,
        )
    ]
    if problem.scale is not None:
        scale = problem.scale
        lines.append(t("pfcli_scale", lang, unit=scale.unit_text(lang), zero=scale.zero_text(lang)))
    if best is None:
        assert outcome.infeasibility is not None
        return "\n".join([*lines, "", outcome.infeasibility.message().text(lang)])
    labels = {x.id: x.label(lang) for x in result.inputs.technologies}
    groups = {
        str(g): group_label(str(g), lang, result.inputs.technologies) for g in set(frame["group"])
    }
    lines += ["", *_selection(frame, best, labels, groups, lang)]
    lines += ["", *_totals(problem, best, lang)]
    lines += ["", *_slacks(problem, best, lang)]
    if outcome.greedy is not None:
        lines += ["", *_greedy(outcome.greedy, best, lang)]
    if outcome.frontier is not None:
        lines += ["", *_frontier(outcome.frontier, lang)]
    if outcome.robustness is not None:
        lines += ["", *_robustness(outcome.robustness, labels, lang)]
    return "\n".join(lines)


def _selection(
    frame: pd.DataFrame,
    best: Portfolio,
    labels: dict[str, str],
    groups: dict[str, str],
    lang: str,
) -> list[str]:
    partial = any(share < 1.0 for share in best.shares.values())
    rows = []
    for _, row in frame[frame["selected"]].iterrows():
        item = {
            "id": str(row["id"]),
            "name": labels.get(str(row["id"]), str(row["id"])),
            "group": groups[str(row["group"])],
            "cost": amount(row["cost"] * row["share"], lang),
            "value": figure(row["value"] * row["share"], lang),
        }
        if partial:
            item["share"] = _share(row["share"], lang)
        rows.append(item)
    head = t("pfcli_selected_head", lang, n=len(best.selected))
    return [head, _table(rows, lang)] if rows else [head]


def _totals(problem: PortfolioProblem, best: Portfolio, lang: str) -> list[str]:
    budget = problem.budget
    used = best.cost / budget if budget > 0 else 0.0
    lines = [
        t(
            "pfcli_totals",
            lang,
            cost=amount(best.cost, lang),
            budget=amount(budget, lang),
            share=_share(used, lang),
            left=amount(budget - best.cost, lang),
            value=figure(best.value, lang),
        )
    ]
    for resource, limit in problem.constraints.resources.items():
        used_amount = best.usage.get(resource, 0.0)
        lines.append(
            t(
                "pfcli_usage",
                lang,
                resource=resource,
                used=amount(used_amount, lang),
                limit=amount(limit, lang),
            )
        )
    return lines


def _slacks(problem: PortfolioProblem, best: Portfolio, lang: str) -> list[str]:
    from r57_mcda.portfolio import constraint_list

    rows = [
        {
            "constraint": c.message().text(lang),
            "slack": amount(best.slack[c.key], lang),
        }
        for c in constraint_list(problem)
        if c.key in best.slack
    ]
    return [t("pfcli_slack_head", lang), _table(rows, lang)]


def _greedy(greedy: GreedyPortfolio, best: Portfolio, lang: str) -> list[str]:
    chosen = greedy.portfolio
    lines = [
        t(
            "pfcli_greedy_head",
            lang,
            n=len(chosen.selected),
            cost=amount(chosen.cost, lang),
            value=figure(chosen.value, lang),
        ),
        "  " + (", ".join(chosen.selected) or "-"),
    ]
    loss = greedy.loss(best) or 0.0
    if loss > 0:
        share = loss / best.value if best.value > 0 else 0.0
        lines.append(
            t("pfcli_greedy_loss", lang, loss=figure(loss, lang), share=_share(share, lang))
        )
    else:
        lines.append(t("pfcli_greedy_same", lang))
    if not greedy.feasible:
        lines.append(t("pfcli_greedy_violates", lang, constraints=", ".join(greedy.violated)))
    return lines


def _frontier(frontier: Frontier, lang: str) -> list[str]:
    rows = [
        {
            "cost": amount(p.cost, lang),
            "value": figure(p.value, lang),
            "convex": "*" if p.convex else "",
            "selected": ", ".join(p.selected) or "-",
        }
        for p in frontier.points
    ]
    head = t(
        "pfcli_frontier_head",
        lang,
        low=amount(frontier.low, lang),
        high=amount(frontier.high, lang),
        n=len(rows),
    )
    lines = [head]
    if not frontier.exact:
        lines.append(t("pfcli_frontier_grid", lang))
    return [*lines, _table(rows, lang)] if rows else lines


def _robustness(robust: PortfolioRobustness, labels: dict[str, str], lang: str) -> list[str]:
    lines = [
        t(
            "pfcli_robust_head",
            lang,
            evaluated=robust.evaluated,
            draws=robust.draws,
            seed=robust.seed,
            p=_share(robust.p_optimal, lang),
        )
    ]
    if robust.skipped_draws:
        lines.append(t("pfcli_robust_skipped", lang, n=robust.skipped_draws))
    order = robust.frequency.sort_values(ascending=False, kind="stable").index
    rows = [
        {
            "id": str(i),
            "name": labels.get(str(i), str(i)),
            "frequency": _share(float(robust.frequency[i]), lang),
            "class": t(f"pf_class_{robust.classes[i]}", lang),
        }
        for i in order
    ]
    lines += [_table(rows, lang), t("pfcli_classes_note", lang)]
    if robust.replacements:
        lines.append(t("pfcli_replacements_head", lang))
        lines += [
            "  " + t("pfcli_replacement", lang, share=_share(share, lang), ids=", ".join(ids))
            for ids, share in robust.replacements
        ]
    return lines
