"""``r57-mcda study convergence`` and ``study rule``: how a study's rounds converged, and the
stopping rule the study states."""

from __future__ import annotations

import argparse
from typing import Any

from r57_mcda.cli.options import add_db_option, add_output_options
from r57_mcda.cli.output import Report, emit, format_frame
from r57_mcda.i18n import format_number, t
from r57_mcda.vocab import DEFAULT_METHOD


def register(actions: Any) -> None:
    """Add ``convergence`` and ``rule`` to ``study``."""
    p = actions.add_parser(
        "convergence",
        help="per round: response, consensus, Kendall's W, changes, ranking; stop or go on",
        description="Each answered round's respondents and response rate; per cell n, median, "
        "quartiles, IQR, cv, consensus and the share of experts who changed; the share of "
        "cells at consensus; Kendall's W per criterion and overall; Wilcoxon signed-rank tests "
        "against the previous round; the ranking and each technology's rank change; and the "
        "study's stopping rule applied (printed beside the recommendation).",
    )
    p.add_argument("study", type=int, metavar="ID")
    p.add_argument(
        "--method",
        default=DEFAULT_METHOD,
        metavar="METHOD",
        help="the ranking method of each round's ranking",
    )
    add_db_option(p)
    add_output_options(p)
    p.set_defaults(handler=run_convergence)

    p = actions.add_parser(
        "rule",
        help="show or set the study's stopping rule and consensus share",
        description="Without options, print the rule. With options, change those parts (the "
        "change is logged). Default: stop when at least 75 %% of cells are at consensus and at "
        "most 15 %% of answers changed since the previous round, or after 3 rounds; a cell is "
        "at consensus when its IQR is at most 25 %% of its criterion's scale range.",
    )
    p.add_argument("study", type=int, metavar="ID")
    p.add_argument("--min-consensus", type=float, metavar="SHARE", help="e.g. 0.75")
    p.add_argument("--max-changed", type=float, metavar="SHARE", help="e.g. 0.15")
    p.add_argument("--max-rounds", type=int, metavar="N", help="e.g. 3")
    p.add_argument("--iqr-share", type=float, metavar="SHARE", help="e.g. 0.25")
    add_db_option(p)
    add_output_options(p)
    p.set_defaults(handler=run_rule)


def _pct(value: float | None, lang: str) -> str:
    return "-" if value is None else f"{format_number(100 * value, lang, '.1f')} %"


def rule_text(rules: Any, lang: str) -> str:
    """The study's rule in words."""
    stop = rules.stopping
    return t(
        "cli_rule",
        lang,
        consensus=_pct(stop.min_consensus_share, lang),
        changed=_pct(stop.max_changed_share, lang),
        rounds=stop.max_rounds,
        iqr=_pct(rules.iqr_share, lang),
    )


def run_rule(args: argparse.Namespace) -> int:
    """Print, or change and print, the study's rules."""
    from dataclasses import replace

    import pandas as pd

    from r57_mcda.cli.study_cmd import open_db
    from r57_mcda.rounds import StoppingRule
    from r57_mcda.study.settings import set_study_rules, study_rules
    from r57_mcda.study.studies import load_study

    db = open_db(args)
    try:
        rules = study_rules(load_study(db, args.study))
        changes = {
            "min_consensus_share": args.min_consensus,
            "max_changed_share": args.max_changed,
            "max_rounds": args.max_rounds,
        }
        given = {k: v for k, v in changes.items() if v is not None}
        if given or args.iqr_share is not None:
            stopping = StoppingRule.from_dict({**rules.stopping.to_dict(), **given})
            share = rules.iqr_share if args.iqr_share is None else args.iqr_share
            rules = set_study_rules(
                db, args.study, replace(rules, stopping=stopping, iqr_share=share)
            )
    finally:
        db.close()
    payload = {"study": args.study, **rules.to_dict()}
    frame = pd.DataFrame([{**rules.stopping.to_dict(), "iqr_share": rules.iqr_share}])
    emit(
        Report(payload, frame, rule_text(rules, args.lang)),
        fmt=args.format,
        output=args.output,
        lang=args.lang,
    )
    return 0


def run_convergence(args: argparse.Namespace) -> int:
    """The convergence report of the study's rounds."""
    import pandas as pd

    from r57_mcda.cli.study_cmd import open_db
    from r57_mcda.pipeline.rounds import study_convergence

    db = open_db(args)
    try:
        report = study_convergence(db, args.study, method=args.method)
    finally:
        db.close()
    lang = args.lang
    rows = [
        {
            "round": r.stats.round,
            "respondents": r.stats.respondents,
            "response_rate": _pct(r.stats.response_rate, lang),
            "consensus_share": _pct(r.stats.consensus_share, lang),
            "kendall_w": r.stats.kendall_w.get("overall"),
            "changed_share": _pct(r.stats.changed_share, lang),
            "top": ", ".join(x.technology for x in r.ranking[:3]),
        }
        for r in report.rounds
    ]
    frame = pd.DataFrame(rows)
    advice = report.stopping
    lines = [
        t("cli_convergence_head", lang, study=args.study, n=len(rows), method=args.method),
        format_frame(frame),
        "",
        f"{t('cli_convergence_recommendation', lang)}: {advice.reason.text(lang)}",
        rule_text(report.rules, lang),
    ]
    emit(
        Report(report.as_dict(lang), frame, "\n".join(lines)),
        fmt=args.format,
        output=args.output,
        lang=lang,
    )
    return 0
