"""Alembic's environment for the study store: migrations run on the connection that
:mod:`r57_mcda.study.db` passes in ``config.attributes["connection"]``."""

from __future__ import annotations

from alembic import context

from r57_mcda.study.schema import Base

connection = context.config.attributes["connection"]
# Batch mode lets later migrations alter tables on SQLite (which cannot ALTER most things).
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
