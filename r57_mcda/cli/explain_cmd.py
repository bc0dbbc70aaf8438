"""``r57-mcda explain`` (contributions, why a is above b) and ``r57-mcda methods``."""

from __future__ import annotations

import argparse
from typing import Any

from r57_mcda.cli.analysis import consistency_lines, run_analysis
from r57_mcda.cli.output import Report, emit


def run_explain(args: argparse.Namespace) -> int:
    """Contributions and, for a pair, why one is above the other."""
    import pandas as pd

    from r57_mcda.errors import InputError, Problem
    from r57_mcda.explain.pairs import compare_pair
    from r57_mcda.weighting.ahp_weights import consistency_rows

    result = run_analysis(args)
    contrib = result.contributions
    payload: dict[str, Any] = {"method": result.ranking.method, "contributions": None, "pair": None}
    lines: list[str] = []
    frame = pd.DataFrame()
    if contrib is not None:
        table = contrib.values.copy()
        table.insert(0, "total", contrib.totals)
        table = table.loc[result.ranking.order()]
        payload["contributions"] = {
            "kind": contrib.kind,
            "note": contrib.note.text(args.lang),
            "values": {t: dict(row) for t, row in contrib.values.iterrows()},
            "totals": contrib.totals,
        }
        frame = table.reset_index(names="id")
        lines += [contrib.note.text(args.lang), table.round(3).to_string(), ""]
    if args.pair:
        a, b = args.pair
        known = set(result.matrix.index)
        unknown = [x for x in (a, b) if x not in known]
        if unknown:
            raise InputError([Problem("cli_pair_unknown", params={"id": x}) for x in unknown])
        pair = compare_pair(
            result.matrix,
            result.weights.values,
            result.criteria,
            a,
            b,
            method=result.ranking.method,
            params=dict(result.spec.params),
        )
        swaps = pair.swap_table() if pair.swaps is not None else pd.DataFrame()
        smallest = pair.smallest_swap
        payload["pair"] = {
            "a": a,
            "b": b,
            "score_a": pair.score_a,
            "score_b": pair.score_b,
            "ahead": pair.ahead,
            "a_better_on": pair.a_better,
            "b_better_on": pair.b_better,
            "criteria": pair.criteria.reset_index(names="criterion"),
            "swaps": swaps.reset_index(names="criterion") if not swaps.empty else None,
            "smallest_swap": None
            if smallest is None
            else {
                "criterion": smallest.criterion,
                "weight": smallest.weight,
                "swap_weight": smallest.swap_weight,
                "change": smallest.change,
            },
        }
        lines += [
            f"{a}: {pair.score_a:.4f}   {b}: {pair.score_b:.4f}   ahead: {pair.ahead or 'tie'}",
            f"{a} is better on: {', '.join(pair.a_better) or '-'}",
            f"{b} is better on: {', '.join(pair.b_better) or '-'}",
        ]
        if smallest is not None:
            lines.append(
                f"smallest swap: weight of {smallest.criterion} from {smallest.weight:.4f} to "
                f"{smallest.swap_weight:.4f} (others rescaled in proportion)"
            )
        elif pair.swaps is not None:
            lines.append("no change of a single criterion's weight swaps them")
        if not swaps.empty:
            lines += ["", swaps.round(4).to_string()]
        if contrib is None:
            frame = pair.criteria.reset_index(names="criterion")
    if contrib is None and not args.pair:
        raise InputError(Problem("cli_no_additive", params={"method": result.ranking.method}))
    lines += consistency_lines(consistency_rows(result.weights), args.lang)
    emit(
        Report(payload, frame, "\n".join(lines), warnings=result.warnings, notes=tuple(args.notes)),
        fmt=args.format,
        output=args.output,
        lang=args.lang,
    )
    return 0


def run_methods(args: argparse.Namespace) -> int:
    """List the methods."""
    import pandas as pd

    from r57_mcda.ranking import list_methods

    rows = [
        {
            "id": m.id,
            "name": m.label(args.lang),
            "score": m.score_label(args.lang),
            "score_direction": "higher" if m.higher_is_better else "lower",
            "parameters": dict(m.defaults),
            "description": m.text(args.lang),
            "citation": m.citation,
        }
        for m in list_methods()
    ]
    text = "\n\n".join(
        f"{r['id']} — {r['name']} (score: {r['score']}, {r['score_direction']} is better)\n"
        f"  {r['description']}\n  parameters: {r['parameters'] or '-'}\n  {r['citation']}"
        for r in rows
    )
    frame = pd.DataFrame(rows).drop(columns=["parameters"])
    emit(
        Report({"methods": rows}, frame, text), fmt=args.format, output=args.output, lang=args.lang
    )
    return 0
