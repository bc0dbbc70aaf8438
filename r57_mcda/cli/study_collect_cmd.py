"""``r57-mcda study templates|links|import|status``: collecting the experts' answers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from r57_mcda.cli.options import add_db_option, add_output_options
from r57_mcda.cli.output import Report, emit, format_frame
from r57_mcda.i18n import LANGUAGES, t


def register(actions: Any) -> None:
    """Add the collection actions (and the Delphi ones) to ``study``."""
    from r57_mcda.cli import study_delphi_cmd

    study_delphi_cmd.register(actions)
    p = actions.add_parser(
        "templates",
        help="one Excel scoring workbook per expert, DIR/<expert id>.xlsx",
        description="Write each expert's scoring workbook for the open round (instructions, "
        "scores grid with validation, criteria, signed for that expert), prefilled with their "
        "current answers.",
    )
    p.add_argument("study", type=int, metavar="ID")
    p.add_argument("--output", type=Path, required=True, metavar="DIR")
    p.add_argument(
        "--lang",
        dest="template_lang",
        choices=tuple(LANGUAGES),
        help="the workbooks' language (default: each expert's own); the messages' language is "
        "the global --lang, given before `study`",
    )
    p.add_argument("--expert", action="append", metavar="EID", help="only these experts")
    p.add_argument("--round", type=int, metavar="N", help="the round (default: the latest)")
    add_db_option(p)
    p.set_defaults(handler=run_templates)

    p = actions.add_parser(
        "links",
        help="personal web-form links, one per expert, as a CSV for a mail merge",
        description="Write id,name,email,url per expert. Each link holds a new random token; "
        "only its hash is stored, so this file is the only copy. Issuing a link again "
        "(all, or --expert EID) rotates it: the old link stops working.",
    )
    p.add_argument("study", type=int, metavar="ID")
    p.add_argument("--base-url", required=True, metavar="URL", help="the app's address")
    p.add_argument("--output", type=Path, required=True, metavar="FILE.csv")
    p.add_argument("--expert", action="append", metavar="EID", help="only (rotate) these")
    add_db_option(p)
    p.set_defaults(handler=run_links)

    p = actions.add_parser(
        "import",
        help="import returned workbooks or long score files (all or nothing)",
        description="Validate every file first (expert, study, round, ids, scale, text, "
        "formulas, duplicates); then store all of them in one transaction, or none. A file "
        "already imported into the round is skipped.",
    )
    p.add_argument("study", type=int, metavar="ID")
    p.add_argument("files", type=Path, nargs="+", metavar="FILE")
    p.add_argument("--round", type=int, metavar="N", help="the round (default: the latest)")
    add_db_option(p)
    add_output_options(p)
    p.set_defaults(handler=run_import)

    p = actions.add_parser(
        "history",
        help="every version of one cell: each answer, when and from where it came",
    )
    p.add_argument("study", type=int, metavar="ID")
    p.add_argument("--expert", required=True, metavar="EID")
    p.add_argument("--technology", required=True, metavar="TID")
    p.add_argument("--criterion", required=True, metavar="CID")
    p.add_argument("--round", type=int, metavar="N", help="the round (default: the latest)")
    add_db_option(p)
    add_output_options(p)
    p.set_defaults(handler=run_history)

    p = actions.add_parser(
        "status",
        help="who has answered: per expert, invitations, cells scored, abstentions, activity",
    )
    p.add_argument("study", type=int, metavar="ID")
    p.add_argument("--round", type=int, metavar="N", help="the round (default: the latest)")
    add_db_option(p)
    add_output_options(p)
    p.set_defaults(handler=run_status)


def _db(args: argparse.Namespace) -> Any:
    from r57_mcda.cli.study_cmd import open_db

    return open_db(args)


def run_templates(args: argparse.Namespace) -> int:
    """Write the workbooks."""
    from r57_mcda.cli.study_cmd import write_bytes
    from r57_mcda.study.issue import issue_templates

    db = _db(args)
    try:
        books = issue_templates(
            db, args.study, args.round, lang=args.template_lang, experts=args.expert
        )
    finally:
        db.close()
    for expert_id, content in books.items():
        write_bytes(args.output / f"{expert_id}.xlsx", content)
    print(
        t("cli_templates_written", args.lang, n=len(books), path=str(args.output)),
        file=sys.stderr,
    )
    return 0


def run_links(args: argparse.Namespace) -> int:
    """Issue (or rotate) the links and write the CSV, readable by its owner only."""
    from r57_mcda.cli.study_cmd import write_bytes
    from r57_mcda.study.tokens import issue_links, links_csv

    db = _db(args)
    try:
        links = issue_links(db, args.study, base_url=args.base_url, experts=args.expert)
    finally:
        db.close()
    write_bytes(args.output, links_csv(links), private=True)
    print(t("cli_links_written", args.lang, n=len(links), path=str(args.output)), file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Import the files; problems raise InputError (exit 2, nothing stored)."""
    import pandas as pd

    from r57_mcda.cli.study_cmd import read_inputs
    from r57_mcda.study.imports import import_files

    files = read_inputs(args.files)
    db = _db(args)
    try:
        outcome = import_files(db, args.study, files, args.round)
    finally:
        db.close()
    rows = [{"file": f, "expert": e, "changed": n} for f, e, n in outcome.imported]
    payload = {"imported": rows, "skipped": list(outcome.skipped)}
    lines = [t("cli_imported", args.lang, n=len(rows))]
    if rows:
        lines.append(format_frame(pd.DataFrame(rows)))
    lines += [t("cli_import_skipped", args.lang, file=name) for name in outcome.skipped]
    frame = pd.DataFrame(rows, columns=["file", "expert", "changed"])
    report = Report(payload, frame, "\n".join(lines), warnings=outcome.warnings)
    emit(report, fmt=args.format, output=args.output, lang=args.lang)
    return 0


def run_status(args: argparse.Namespace) -> int:
    """The round's status per expert."""
    import pandas as pd

    from r57_mcda.study.status import study_status

    db = _db(args)
    try:
        status = study_status(db, args.study, args.round)
    finally:
        db.close()
    payload = status.as_dict()
    rows = payload["experts"]
    frame = pd.DataFrame(rows)
    lang = args.lang
    head = t(
        "cli_status_head",
        lang,
        study=status.study_id,
        name=status.name,
        round=status.round_no,
        submitted=status.submitted,
        n=len(status.experts),
    )
    columns = ["expert_id", "name", "scored", "na", "coi", "total", "submitted", "last_activity"]
    shown = frame[[c for c in columns if c in frame]].copy() if not frame.empty else frame
    if "last_activity" in shown:
        # The table shows minutes in UTC; the JSON keeps the exact ISO time.
        shown["last_activity"] = [
            f"{text[:10]} {text[11:16]} UTC" if text else ""
            for text in shown["last_activity"].fillna("")
        ]
    text = head + "\n" + format_frame(shown)
    emit(Report(payload, frame, text), fmt=args.format, output=args.output, lang=args.lang)
    return 0


def run_history(args: argparse.Namespace) -> int:
    """The versions of one cell, oldest first."""
    import pandas as pd

    from r57_mcda.study.answers import cell_history
    from r57_mcda.study.studies import read_study

    db = _db(args)
    try:
        with db.read() as session:
            study = read_study(session, args.study, db.shown_url)
            number = study.round(args.round).number
            study.expert(args.expert)
            versions = cell_history(
                session,
                args.study,
                number,
                expert_id=args.expert,
                technology=args.technology,
                criterion=args.criterion,
            )
    finally:
        db.close()
    rows = [
        {
            "version": i,
            "at": v.at.isoformat(timespec="seconds"),
            "score": "" if v.entry is None else v.entry.long_score,
            "comment": "" if v.entry is None else v.entry.comment,
            "channel": v.channel,
            "file": v.file_name,
            "sha256": v.sha256,
        }
        for i, v in enumerate(versions, start=1)
    ]
    payload = {
        "study": args.study,
        "round": number,
        "expert": args.expert,
        "technology": args.technology,
        "criterion": args.criterion,
        "versions": rows,
    }
    head = t(
        "cli_history_head",
        args.lang,
        expert=args.expert,
        technology=args.technology,
        criterion=args.criterion,
        round=number,
        n=len(rows),
    )
    frame = pd.DataFrame(rows, columns=["version", "at", "score", "comment", "channel", "file"])
    text = head + ("\n" + format_frame(frame) if rows else "")
    emit(Report(payload, frame, text), fmt=args.format, output=args.output, lang=args.lang)
    return 0
