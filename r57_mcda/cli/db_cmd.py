"""``r57-mcda db upgrade`` and ``db status``: the study store's schema."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from r57_mcda.cli.options import add_db_option, add_output_options
from r57_mcda.cli.output import Report, emit
from r57_mcda.i18n import t


def register(sub: Any) -> None:
    """Add the ``db`` subcommand and its actions."""
    p = sub.add_parser(
        "db",
        help="the study store's database: migrate it, or show its schema version",
        description="The study store (SQLite by default, PostgreSQL by URL). A fresh database "
        "is created and migrated on first use; an older one is migrated by `db upgrade`.",
    )
    actions = p.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    up = actions.add_parser("upgrade", help="migrate the database to the newest schema")
    add_db_option(up)
    up.set_defaults(handler=run_upgrade)
    status = actions.add_parser("status", help="the database's schema version")
    add_db_option(status)
    add_output_options(status)
    status.set_defaults(handler=run_status)


def run_upgrade(args: argparse.Namespace) -> int:
    """Migrate to the newest schema and say from which version."""
    from r57_mcda.study.db import Database, upgrade

    db = Database(args.db, migrate=False)
    try:
        before, after = upgrade(db.engine)
    finally:
        db.close()
    key = "cli_db_up_to_date" if before == after else "cli_db_upgraded"
    print(t(key, args.lang, url=db.shown_url, before=before or "-", after=after), file=sys.stderr)
    return 0


def run_status(args: argparse.Namespace) -> int:
    """The recorded revision and the newest one this version knows."""
    import pandas as pd

    from r57_mcda.study.db import Database, checked_schema_state, head_revision, sqlite_file

    db = Database(args.db, migrate=False)
    head = head_revision()
    file = sqlite_file(db.url)
    try:
        # Looking at a SQLite file that is not there would create it: say so instead.
        revision = None if file and not file.exists() else checked_schema_state(db.engine).revision
    finally:
        db.close()
    payload = {
        "revision": revision,
        "head": head,
        "current": revision == head,
        "dialect": db.dialect,
    }
    if file is not None and not file.exists():
        text = t("cli_db_no_file", args.lang, url=db.shown_url, head=head)
    else:
        text = t(
            "cli_db_status",
            args.lang,
            url=db.shown_url,
            revision=revision or "-",
            head=head,
            current=t("cli_yes" if revision == head else "cli_no", args.lang),
        )
    emit(
        Report(payload, pd.DataFrame([payload]), text),
        fmt=args.format,
        output=args.output,
        lang=args.lang,
    )
    return 0
