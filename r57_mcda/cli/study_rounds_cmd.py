"""``r57-mcda study close-round|open-round``: Delphi rounds of a study."""

from __future__ import annotations

import argparse
from typing import Any

from r57_mcda.cli.options import add_db_option, add_output_options
from r57_mcda.cli.output import Report, emit


def register(actions: Any) -> None:
    """Add the round actions to ``study``."""
    p = actions.add_parser(
        "close-round",
        help="close the open round: its answers are frozen (no more submissions or imports)",
    )
    p.add_argument("study", type=int, metavar="ID")
    add_db_option(p)
    add_output_options(p)
    p.set_defaults(handler=run_close_round)

    p = actions.add_parser(
        "open-round",
        help="open the next round (the previous one must be closed), with its rules",
        description="Open the round after the latest, closed one. Its rules are stored with it "
        "(and logged). An expert who does not answer it keeps their previous "
        "answers, marked with the round they were given in (--non-response carry), or is left "
        "out (exclude).",
    )
    p.add_argument("study", type=int, metavar="ID")
    p.add_argument(
        "--drop-consensus",
        action="store_true",
        help="do not ask again the cells at consensus in the previous round (IQR at most the "
        "study's consensus share of the scale range); they keep their values",
    )
    p.add_argument(
        "--require-reasons",
        action="store_true",
        help="a new score outside the previous round's interquartile range needs a reason",
    )
    p.add_argument(
        "--non-response",
        choices=("carry", "exclude"),
        default="carry",
        help="an expert who does not answer: carry their previous answers (default) or "
        "exclude them",
    )
    add_db_option(p)
    add_output_options(p)
    p.set_defaults(handler=run_open_round)


def _db(args: argparse.Namespace) -> Any:
    from r57_mcda.cli.study_cmd import open_db

    return open_db(args)


def run_close_round(args: argparse.Namespace) -> int:
    """Close the open round and say how many experts answered it."""
    import pandas as pd

    from r57_mcda.i18n import t
    from r57_mcda.study.rounds import close_round, round_counts

    db = _db(args)
    try:
        number = close_round(db, args.study)
        with db.read() as session:
            respondents, answers = round_counts(session, args.study, number)
    finally:
        db.close()
    payload = {
        "study": args.study,
        "round": number,
        "closed": True,
        "respondents": respondents,
        "answers": answers,
    }
    text = t(
        "cli_round_closed",
        args.lang,
        study=args.study,
        round=number,
        n=respondents,
        answers=answers,
    )
    emit(
        Report(payload, pd.DataFrame([payload]), text),
        fmt=args.format,
        output=args.output,
        lang=args.lang,
    )
    return 0


def run_open_round(args: argparse.Namespace) -> int:
    """Open the next round and print its rules."""
    import pandas as pd

    from r57_mcda.i18n import t
    from r57_mcda.study.rounds import open_next_round, round_settings

    db = _db(args)
    try:
        number = open_next_round(
            db,
            args.study,
            drop_consensus=args.drop_consensus,
            require_reasons=args.require_reasons,
            non_response=args.non_response,
        )
        settings = round_settings(db, args.study, number)
    finally:
        db.close()
    payload = {"study": args.study, "round": number, "settings": settings.to_dict()}
    lang = args.lang
    lines = [t("cli_round_opened", lang, study=args.study, round=number, previous=number - 1)]
    if settings.drop_consensus:
        lines.append(
            t(
                "cli_round_dropped",
                lang,
                n=len(settings.dropped),
                share=settings.iqr_share or 0.0,
            )
        )
    else:
        lines.append(t("cli_round_all_cells", lang))
    yes_no = t("cli_round_yes" if settings.require_reasons else "cli_round_no", lang)
    lines.append(t("cli_round_reasons", lang, value=yes_no))
    lines.append(t(f"cli_round_non_response_{settings.non_response}", lang))
    frame = pd.DataFrame(
        [{"technology": tech, "criterion": crit} for tech, crit in settings.dropped],
        columns=["technology", "criterion"],
    )
    emit(
        Report(payload, frame, "\n".join(lines)),
        fmt=args.format,
        output=args.output,
        lang=args.lang,
    )
    return 0
