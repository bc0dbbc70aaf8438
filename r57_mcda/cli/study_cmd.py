"""``r57-mcda study``: set up a study, see it, and export everything it holds.

The collection commands (templates, links, import, status) are in :mod:`study_collect_cmd`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from r57_mcda.cli import study_collect_cmd, study_rounds_cmd
from r57_mcda.cli.options import add_db_option, add_output_options
from r57_mcda.cli.output import Report, emit, format_frame
from r57_mcda.errors import InputError, Problem
from r57_mcda.i18n import LANGUAGES, t

if TYPE_CHECKING:
    from r57_mcda.study.db import Database


def register(sub: Any) -> None:
    """Add ``study`` and its actions."""
    p = sub.add_parser(
        "study",
        help="a study: the panel's work kept in a database (create, status, templates, ...)",
        description="A study keeps a panel's candidates, criteria, experts, rounds and every "
        "answer in the store (--db). Analyses read it with --study ID [--round N].",
    )
    actions = p.add_subparsers(dest="study_action", metavar="ACTION", required=True)

    create = actions.add_parser("create", help="create a study; prints its id")
    create.add_argument("--name", required=True, help="the study's name")
    create.add_argument(
        "--criteria", required=True, metavar="FILE|NAME", help="criteria set (file or bundled)"
    )
    create.add_argument("--technologies", required=True, type=Path, metavar="FILE")
    create.add_argument(
        "--experts",
        required=True,
        type=Path,
        metavar="FILE",
        help="experts CSV/XLSX: id,name,group and optional lang (en|vi) and email columns",
    )
    create.add_argument("--deadline", metavar="YYYY-MM-DD", help="the answers' deadline")
    create.add_argument(
        "--expert-lang",
        choices=tuple(LANGUAGES),
        default="vi",
        help="the language of the experts' forms when the experts file has no lang column",
    )
    _common(create, create.set_defaults, run_create)

    listing = actions.add_parser("list", help="the studies in the store")
    _common(listing, listing.set_defaults, run_list)

    show = actions.add_parser("show", help="a study's set-up, rounds and latest events")
    show.add_argument("study", type=int, metavar="ID")
    _common(show, show.set_defaults, run_show)

    export = actions.add_parser(
        "export",
        help="everything a study holds as one workbook (scores of every round, history, "
        "experts, events)",
    )
    export.add_argument("study", type=int, metavar="ID")
    export.add_argument("--output", type=Path, required=True, metavar="FILE.xlsx")
    add_db_option(export)
    export.set_defaults(handler=run_export)

    study_collect_cmd.register(actions)
    study_rounds_cmd.register(actions)


def _common(parser: argparse.ArgumentParser, set_defaults: Any, handler: Any) -> None:
    add_db_option(parser)
    add_output_options(parser)
    set_defaults(handler=handler)


def open_db(args: argparse.Namespace) -> Database:
    """The store ``--db`` names (migrated when fresh)."""
    from r57_mcda.study.db import Database

    return Database(getattr(args, "db", None))


def _deadline(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        problem = Problem("cli_bad_deadline", column="--deadline", params={"value": text})
        raise InputError(problem) from exc


def run_create(args: argparse.Namespace) -> int:
    """Create the study from its files and print its id."""
    import pandas as pd

    from r57_mcda.cli.inputs import criteria_file
    from r57_mcda.io.criteria import load_criteria
    from r57_mcda.io.inputs import InputFile
    from r57_mcda.io.panel import load_experts, load_technologies
    from r57_mcda.study.studies import create_study, expert_extras, members

    deadline = _deadline(args.deadline)
    problems: list[Problem] = []
    loaded: dict[str, Any] = {}
    files = {"technologies": args.technologies, "experts": args.experts}
    try:
        crit = criteria_file(args.criteria)
        loaded["criteria"] = (crit, load_criteria(crit.content, name=crit.name))
    except InputError as exc:
        problems.extend(exc.problems)
    for role, path in files.items():
        try:
            f = InputFile.from_path(role, path)  # type: ignore[arg-type]
            reader = load_technologies if role == "technologies" else load_experts
            loaded[role] = (f, reader(f.content, name=f.name))
        except InputError as exc:
            problems.extend(exc.problems)
    extras: dict[str, tuple[str, str]] = {}
    if "experts" in loaded:
        extras, found = expert_extras(loaded["experts"][0], args.expert_lang)
        problems += found
    if problems:
        raise InputError(problems)
    db = open_db(args)
    try:
        study_id = create_study(
            db,
            name=args.name,
            criteria=loaded["criteria"][1],
            criteria_file=loaded["criteria"][0],
            technologies=loaded["technologies"][1],
            experts=members(loaded["experts"][1], extras, args.expert_lang),
            deadline=deadline,
        )
    finally:
        db.close()
    payload = {
        "study": study_id,
        "name": args.name,
        "round": 1,
        "criteria_set": loaded["criteria"][1].id,
        "technologies": len(loaded["technologies"][1]),
        "experts": len(loaded["experts"][1]),
        "deadline": deadline.isoformat() if deadline else None,
    }
    if args.format == "table":
        print(t("cli_study_created", args.lang, study=study_id, name=args.name), file=sys.stderr)
    text = str(study_id)
    emit(
        Report(payload, pd.DataFrame([payload]), text),
        fmt=args.format,
        output=args.output,
        lang=args.lang,
    )
    return 0


def run_list(args: argparse.Namespace) -> int:
    """Every study in the store."""
    import pandas as pd

    from r57_mcda.study.studies import list_studies

    db = open_db(args)
    try:
        rows = [
            {
                "study": s.id,
                "name": s.name,
                "criteria_set": s.criteria_set,
                "technologies": s.technologies,
                "experts": s.experts,
                "rounds": s.rounds,
                "created": s.created_at.isoformat(timespec="seconds"),
            }
            for s in list_studies(db)
        ]
    finally:
        db.close()
    frame = pd.DataFrame(rows, columns=list(rows[0]) if rows else ["study", "name"])
    text = format_frame(frame) if rows else t("cli_no_studies", args.lang, url=db.shown_url)
    emit(
        Report({"studies": rows}, frame, text), fmt=args.format, output=args.output, lang=args.lang
    )
    return 0


def run_show(args: argparse.Namespace) -> int:
    """A study's set-up, rounds and last events."""
    import pandas as pd

    from r57_mcda.study.events import read_events
    from r57_mcda.study.studies import read_study

    db = open_db(args)
    try:
        with db.read() as session:
            study = read_study(session, args.study, db.shown_url)
            events = read_events(session, args.study)
    finally:
        db.close()
    experts = [
        {"id": e.id, "name": e.name, "group": e.group, "lang": e.lang, "email": e.email}
        for e in study.experts
    ]
    log = [
        {
            "at": e.at.isoformat(timespec="seconds"),
            "kind": e.kind,
            "round": e.round_no,
            "expert": e.expert_id,
        }
        for e in events
    ]
    rounds = [
        {
            "round": r.number,
            "opened": r.opened_at.isoformat(timespec="seconds"),
            "closed": r.closed_at.isoformat(timespec="seconds") if r.closed_at else None,
        }
        for r in study.rounds
    ]
    payload = {
        "study": study.id,
        "name": study.name,
        "criteria_set": study.criteria.id,
        "criteria_sha256": study.criteria_file.sha256,
        "criteria": study.criteria.ids,
        "technologies": [x.id for x in study.technologies],
        "experts": experts,
        "deadline": study.deadline.isoformat() if study.deadline else None,
        "rounds": rounds,
        "events": log,
    }
    lang = args.lang
    lines = [
        t("cli_study_head", lang, study=study.id, name=study.name),
        t(
            "cli_study_setup",
            lang,
            criteria=study.criteria.id,
            n_criteria=len(study.criteria),
            n_technologies=len(study.technologies),
            n_experts=len(study.experts),
        ),
        t(
            "cli_study_deadline",
            lang,
            deadline=study.deadline.isoformat() if study.deadline else "-",
        ),
        "",
        format_frame(pd.DataFrame(rounds)),
        "",
        format_frame(pd.DataFrame(experts)),
        "",
        t("cli_study_events", lang, n=len(events)),
        format_frame(pd.DataFrame(log[-15:], dtype=object).fillna("")),
    ]
    frame = pd.DataFrame(experts)
    emit(
        Report(payload, frame, "\n".join(lines)),
        fmt=args.format,
        output=args.output,
        lang=args.lang,
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write the study's workbook."""
    from r57_mcda.study.export import study_workbook

    db = open_db(args)
    try:
        content = study_workbook(db, args.study)
    finally:
        db.close()
    write_bytes(args.output, content)
    print(t("cli_wrote", args.lang, path=str(args.output)), file=sys.stderr)
    return 0


def write_bytes(path: Path, content: bytes, *, private: bool = False) -> None:
    """Write ``content`` to ``path`` (readable by the owner only when ``private``)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        if private:
            path.chmod(0o600)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        problem = Problem("cli_cannot_write_output", str(path), params={"reason": reason})
        raise InputError(problem) from exc


def read_inputs(paths: list[Path]) -> list[tuple[str, bytes]]:
    """Each file's name (as typed) and content; unreadable files are all named at once."""
    from r57_mcda.io.inputs import InputFile

    found: list[tuple[str, bytes]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            f = InputFile.from_path("scores", path)
            found.append((f.name, f.content))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return found
