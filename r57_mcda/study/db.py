"""The study store's database: where it is, opening it, and keeping its schema current.

The URL comes from ``--db URL``, else the environment variable ``R57_DATABASE_URL``, else
``sqlite:///r57-studies.db`` in the working directory. SQLite runs in WAL mode with foreign keys
on, and every writing transaction starts with ``BEGIN IMMEDIATE`` so that concurrent writers wait
for each other (up to 30 s) instead of failing. PostgreSQL is reached through psycopg 3 (the
``postgres`` extra). A fresh database is created and migrated on first use; an older schema is
refused until ``r57-mcda db upgrade`` migrates it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session

from r57_mcda.errors import R57Error

#: The environment variable naming the store's database.
DATABASE_VARIABLE = "R57_DATABASE_URL"
#: The embedded default, a file in the working directory.
DEFAULT_URL = "sqlite:///r57-studies.db"
#: Seconds a writer waits for another to finish on SQLite.
SQLITE_BUSY_SECONDS = 30
_READ_ONLY = "r57_read_only"


def database_url(given: str | None = None) -> str:
    """The database URL: ``given``, else ``$R57_DATABASE_URL``, else the SQLite default."""
    for candidate in (given, os.environ.get(DATABASE_VARIABLE)):
        if candidate and candidate.strip():
            return candidate.strip()
    return DEFAULT_URL


def shown_url(url: str) -> str:
    """The URL with any password masked, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _driver_url(url: str) -> str:
    """PostgreSQL URLs without a driver use psycopg 3 (SQLAlchemy would pick psycopg2)."""
    for bare in ("postgresql://", "postgres://"):
        if url.startswith(bare):
            return "postgresql+psycopg://" + url[len(bare) :]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling is switched off: SQLAlchemy's "begin" event below
    # emits BEGIN itself (SQLAlchemy's documented recipe for SQLite transactions).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    read_only = connection.get_execution_options().get(_READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the store's settings; a bad URL or a missing driver is an
    R57Error that names it (password masked)."""
    target = _driver_url(url)
    try:
        parsed = make_url(target)
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(target, connect_args={"timeout": SQLITE_BUSY_SECONDS})
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
            return engine
        return create_engine(target, pool_pre_ping=True)
    except NoSuchModuleError as exc:
        raise R57Error("study_db_driver", url=shown_url(url), reason=str(exc)) from exc
    except ModuleNotFoundError as exc:
        raise R57Error("study_db_driver", url=shown_url(url), reason=str(exc)) from exc
    except ArgumentError as exc:
        raise R57Error("study_db_bad_url", url=shown_url(url), reason=str(exc)) from exc


def _config(connection: Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", _migrations())
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest schema revision this version of r57-mcda knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(_migrations()).get_current_head()
    assert head is not None
    return head


def _migrations() -> str:
    return str(Path(__file__).resolve().parent / "migrations")


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {r.revision for r in ScriptDirectory(_migrations()).walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    """The schema revision recorded in the database (None: never migrated)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


@dataclass(frozen=True)
class SchemaState:
    """What a database holds: its recorded revision, and whether it has tables of its own."""

    revision: str | None
    has_tables: bool


def schema_state(engine: Engine) -> SchemaState:
    """The revision recorded in the database behind ``engine`` and whether it has any table."""
    with engine.connect() as connection:
        revision = current_revision(connection)
        has_tables = bool(inspect(connection).get_table_names())
    return SchemaState(revision, has_tables)


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str]:
    """Migrate the database to ``revision`` (default the newest schema); the revisions before
    and after.

    Raises
    ------
    R57Error
        ``study_db_unreachable`` when the database cannot be opened.
    """
    from alembic import command

    with _translated(engine), engine.connect() as connection:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            # A migration that rebuilds a table (Alembic's batch mode) must not trip the
            # foreign keys of the rows that point at it; SQLite takes this pragma only outside
            # a transaction, so it goes to the driver before SQLAlchemy begins one.
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with connection.begin():
                before = current_revision(connection)
                command.upgrade(_config(connection), revision)
                after = current_revision(connection)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise R57Error("study_db_migration_broke_keys", url=shown_url(str(engine.url)))
        finally:
            if sqlite:
                connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
        assert after is not None
        return before, after


@contextmanager
def _translated(engine: Engine) -> Iterator[None]:
    """A database that cannot be reached or read is an R57Error naming it (password masked)."""
    try:
        yield
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        url = engine.url.render_as_string(hide_password=True)
        raise R57Error("study_db_unreachable", url=url, reason=reason) from exc


def checked_schema_state(engine: Engine) -> SchemaState:
    """:func:`schema_state`, a database that cannot be reached being an R57Error."""
    with _translated(engine):
        return schema_state(engine)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for another database, or SQLite in memory)."""
    parsed = make_url(_driver_url(url))
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def check_schema(engine: Engine, url: str, *, migrate_fresh: bool = True) -> str:
    """Make sure the schema is the newest one; a fresh database is migrated (``migrate_fresh``).

    Raises
    ------
    R57Error
        ``study_db_foreign`` (tables but no revision: not a store of ours),
        ``study_db_outdated`` (an older schema: run ``r57-mcda db upgrade``),
        ``study_db_newer`` (a schema this version does not know).
    """
    state = checked_schema_state(engine)
    head = head_revision()
    if state.revision == head:
        return head
    if state.revision is None:
        if state.has_tables:
            raise R57Error("study_db_foreign", url=shown_url(url))
        if migrate_fresh:
            upgrade(engine)
            return head
    if state.revision is not None and state.revision not in _known_revisions():
        raise R57Error("study_db_newer", url=shown_url(url), revision=state.revision, head=head)
    raise R57Error(
        "study_db_outdated", url=shown_url(url), revision=state.revision or "-", head=head
    )


class Database:
    """An open study store: sessions for reading and for writing (each one transaction)."""

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = database_url(url)
        self.engine = make_engine(self.url)
        if migrate:
            self.revision = check_schema(self.engine, self.url)

    @property
    def shown_url(self) -> str:
        """The URL with any password masked."""
        return shown_url(self.url)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one writing transaction: committed at the end, rolled back on error."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session that only reads (on SQLite it does not take the write lock)."""
        engine = self.engine.execution_options(**{_READ_ONLY: True})
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()
