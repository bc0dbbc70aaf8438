"""A study's stated rules: a ``settings`` table of JSON on each study (the Delphi stopping rule
and the consensus share), empty for the studies already stored.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 05:25:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    # A plain ALTER TABLE ... ADD COLUMN (with its default) on every database: no table copy.
    op.add_column(
        "studies",
        sa.Column("settings", sa.JSON(), server_default=sa.text("'{}'"), nullable=False),
    )


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("studies", schema=None) as batch_op:
        batch_op.drop_column("settings")
