"""The ``db_url`` fixture of tests/helpers/databases.py: an empty, writable database of its own for
each test, on SQLite and on PostgreSQL (when ``R57_TEST_POSTGRES_URL`` is set); and a store's
migration from one revision to the next on both, with the rows it holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    Table,
    Text,
    create_engine,
    inspect,
    make_url,
    select,
    text,
)
from sqlalchemy.pool import NullPool

from r57_mcda.study.answers import current_answers
from r57_mcda.study.db import Database, make_engine, upgrade
from r57_mcda.study.expertise import current_expertise
from r57_mcda.study.schema import Base, utcnow
from tests.helpers.databases import (
    DATABASE_KINDS,
    POSTGRES_URL_VARIABLE,
    postgres_database,
    postgres_server_url,
    sqlite_database,
)
from tests.helpers.databases import db_url as db_url_fixture  # noqa: F401

#: (kind, url) of each database the parametrised test below was given, in this process.
SEEN: list[tuple[str, str]] = []

NAMES = ["Trí tuệ nhân tạo", "Bán dẫn", "'; DROP TABLE item; --"]


def _item_table(metadata: MetaData) -> Table:
    return Table(
        "item",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("name", Text, nullable=False),
    )


def _write_and_read(url: str) -> list[tuple[int, str]]:
    """Create the ``item`` table in ``url``, insert NAMES and read them back in id order."""
    metadata = MetaData()
    items = _item_table(metadata)
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            metadata.create_all(connection)
            connection.execute(items.insert(), [{"name": name} for name in NAMES])
        with engine.connect() as connection:
            rows = connection.execute(select(items.c.id, items.c.name).order_by(items.c.id))
            return [(row.id, row.name) for row in rows]
    finally:
        engine.dispose()


def _table_names(url: str) -> list[str]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        return sorted(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_kinds_are_sqlite_and_postgresql() -> None:
    assert DATABASE_KINDS == ("sqlite", "postgresql")


@pytest.mark.parametrize("turn", [1, 2])
def test_each_test_gets_an_empty_writable_database_of_its_kind(
    request: pytest.FixtureRequest, db_url: str, turn: int
) -> None:
    kind = request.node.callspec.params["db_url"]
    assert make_url(db_url).get_backend_name() == kind
    # Empty: a database shared with the other turn would hold its table already.
    assert _table_names(db_url) == []
    assert all(url != db_url for seen_kind, url in SEEN if seen_kind == kind)
    SEEN.append((kind, db_url))
    assert _write_and_read(db_url) == [(1, NAMES[0]), (2, NAMES[1]), (3, NAMES[2])]
    assert _table_names(db_url) == ["item"]


def test_sqlite_database_is_a_new_file_in_the_directory(tmp_path: Path) -> None:
    with sqlite_database(tmp_path) as url:
        assert make_url(url).database == str(tmp_path / "store.db")
        assert _write_and_read(url)[-1] == (3, NAMES[2])
    assert (tmp_path / "store.db").is_file()
    with pytest.raises(FileExistsError), sqlite_database(tmp_path):
        pass


def test_engines_the_test_opened_are_disposed_afterwards(tmp_path: Path) -> None:
    with sqlite_database(tmp_path) as url:
        engine = create_engine(url)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT 1")).scalar_one() == 1
        assert engine.pool.checkedin() == 1
    assert engine.pool.checkedin() == 0
    engine.dispose()


def test_postgres_databases_are_distinct_and_dropped_afterwards() -> None:
    server = postgres_server_url()
    with postgres_database(server) as first, postgres_database(server) as second:
        assert first != second
        assert str(make_url(first).database).startswith("r57_test_")
        _write_and_read(first)
        assert _table_names(first) == ["item"]
        assert _table_names(second) == []
        # A connection the test leaves open does not keep the database from being dropped.
        leaked = create_engine(first).connect()
        leaked.execute(text("SELECT 1"))
    names = {make_url(first).database, make_url(second).database}
    admin = create_engine(server, poolclass=NullPool)
    try:
        with admin.connect() as connection:
            existing = set(connection.execute(text("SELECT datname FROM pg_database")).scalars())
    finally:
        admin.dispose()
    assert not names & existing
    leaked.invalidate()
    leaked.close()


def test_postgres_missing_is_skipped_locally_and_fails_under_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(POSTGRES_URL_VARIABLE, raising=False)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=POSTGRES_URL_VARIABLE):
        postgres_server_url()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must test the store on PostgreSQL"):
        postgres_server_url()
    monkeypatch.setenv(POSTGRES_URL_VARIABLE, "postgresql+psycopg://u@127.0.0.1:1/db")
    assert postgres_server_url() == "postgresql+psycopg://u@127.0.0.1:1/db"


def test_a_store_at_revision_0002_is_upgraded_with_its_rows_and_the_new_columns_defaulted(
    db_url: str,
) -> None:
    """Revision 0003 added the scores' reasons, the drafts' reasons and expertise and the
    ``expertise`` table: the rows stored at 0002 are kept and read with their defaults."""
    engine = make_engine(db_url)
    assert upgrade(engine, "0002") == (None, "0002")
    now = utcnow()
    statements = [
        "INSERT INTO studies (name, criteria_set, criteria_file, criteria_content,"
        " criteria_sha256, secret, created_at) VALUES ('Old', 'set', 'c.toml', :b, 'abc', :b, :t)",
        'INSERT INTO experts (study_id, id, position, name, "group", group_name, group_name_vi,'
        " lang, email) VALUES (1, 'e1', 0, 'Ana', '', '', '', 'vi', '')",
        'INSERT INTO technologies (study_id, id, position, name, name_vi, "group", description,'
        " group_name, group_name_vi) VALUES (1, 'ai', 0, 'AI', '', '', '', '', '')",
        "INSERT INTO rounds (study_id, number, opened_at, settings) VALUES (1, 1, :t, '{}')",
        "INSERT INTO submissions (study_id, round_no, expert_id, channel, file_name, sha256, at)"
        " VALUES (1, 1, 'e1', 'web', '', '', :t)",
        "INSERT INTO scores (submission_id, study_id, round_no, expert_id, technology_id,"
        " criterion_id, status, value, comment) VALUES (1, 1, 1, 'e1', 'ai', 'cost', 'score',"
        " 4, 'kept')",
        "INSERT INTO drafts (study_id, round_no, expert_id, technology_id, answers, coi,"
        " comment, at) VALUES (1, 1, 'e1', 'ai', '{\"cost\": \"4\"}', false, '', :t)",
    ]
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement), {"b": b"x", "t": now})
    assert upgrade(engine) == ("0002", "0003")
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        score = connection.execute(text("SELECT value, comment, reason FROM scores")).one()
        draft = connection.execute(text("SELECT answers, reasons, expertise FROM drafts")).one()
        levels = connection.execute(text("SELECT count(*) FROM expertise")).scalar()
    assert tuple(score) == (4.0, "kept", "")
    decoded = [json.loads(v) if isinstance(v, str) else v for v in draft[:2]]
    assert decoded == [{"cost": "4"}, {}] and draft[2] is None
    assert levels == 0
    engine.dispose()
    store = Database(db_url)
    with store.read() as session:
        [answer] = current_answers(session, 1, 1)
        assert current_expertise(session, 1, 1) == {}
    assert (answer.expert, answer.entry.value, answer.entry.reason) == ("e1", 4.0, "")
    store.close()
