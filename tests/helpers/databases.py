"""The ``db_url`` fixture: an empty database for each store test, on SQLite and PostgreSQL.

Every test that takes ``db_url`` runs twice: on a SQLite file in its ``tmp_path``, and on a fresh
PostgreSQL database of its own when ``R57_TEST_POSTGRES_URL`` names a server (``.ci/run`` starts
one; see docs/TESTING-DATABASES.md). Without that variable the PostgreSQL run is skipped, except
under ``CI=true``, where it fails: CI must test both.

A test module uses it with ``from tests.helpers.databases import db_url  # noqa: F401``; ruff
then reports F811 where a test names ``db_url`` as a parameter, so import it under another name
(the fixture keeps its name ``db_url`` whatever the import calls it)::

    from tests.helpers.databases import db_url as db_url_fixture  # noqa: F401
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.pool import NullPool

DATABASE_KINDS = ("sqlite", "postgresql")

#: The variable naming the PostgreSQL server: a SQLAlchemy URL whose user may create databases.
POSTGRES_URL_VARIABLE = "R57_TEST_POSTGRES_URL"

#: Databases made for tests start with this, so that leftovers are easy to find and drop.
DATABASE_NAME_PREFIX = "r57_test_"


def running_in_ci() -> bool:
    """Whether ``CI`` says this is a CI run (the same values as tests/conftest.py accepts)."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def postgres_server_url() -> str:
    """The server URL from ``R57_TEST_POSTGRES_URL``; skip the test without it (fail under CI)."""
    url = os.environ.get(POSTGRES_URL_VARIABLE, "").strip()
    if url:
        return url
    if running_in_ci():
        pytest.fail(
            f"{POSTGRES_URL_VARIABLE} is not set, but CI=true: CI must test the store on "
            "PostgreSQL too (.ci/run starts a server and sets it)",
            pytrace=False,
        )
    pytest.skip(f"PostgreSQL not tested: {POSTGRES_URL_VARIABLE} is not set")


@contextmanager
def _engines_opened_on(database: str | None) -> Iterator[list[Engine]]:
    """Collect every engine that connects to ``database`` while the block runs."""
    engines: list[Engine] = []

    def remember(connection: Connection) -> None:
        engine = connection.engine
        if engine.url.database == database and all(engine is not e for e in engines):
            engines.append(engine)

    event.listen(Engine, "engine_connect", remember)
    try:
        yield engines
    finally:
        event.remove(Engine, "engine_connect", remember)


@contextmanager
def _disposing_engines_of(url: str) -> Iterator[str]:
    """Yield ``url``; afterwards dispose the engines the test opened on it (its pooled
    connections would otherwise be closed by the garbage collector, at some later test)."""
    with _engines_opened_on(make_url(url).database) as engines:
        try:
            yield url
        finally:
            for engine in engines:
                engine.dispose()


@contextmanager
def sqlite_database(directory: Path) -> Iterator[str]:
    """The URL of a new, empty SQLite database file ``store.db`` in ``directory``."""
    path = directory / "store.db"
    if path.exists():
        raise FileExistsError(path)
    with _disposing_engines_of(f"sqlite:///{path}") as url:
        yield url


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """The URL of a new, empty database on the PostgreSQL server, dropped afterwards.

    The name is unique across processes (pytest-xdist workers). The database is made from
    ``template0`` with UTF-8 and the C collation, so that tests see the same text handling and
    sort order whatever the server's defaults; it is dropped ``WITH (FORCE)``, so that a
    connection the test left open cannot keep it.
    """
    name = f"{DATABASE_NAME_PREFIX}{uuid.uuid4().hex}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as connection:
            connection.execute(
                text(
                    f'CREATE DATABASE "{name}" TEMPLATE template0 '
                    "ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
                )
            )
        url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
        try:
            with _disposing_engines_of(url) as database_url:
                yield database_url
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture(params=DATABASE_KINDS, name="db_url")
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind for this test alone: ``sqlite`` and ``postgresql``."""
    if request.param == "sqlite":
        with sqlite_database(tmp_path) as url:
            yield url
    else:
        with postgres_database(postgres_server_url()) as url:
            yield url
