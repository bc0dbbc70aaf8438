"""Delphi reasons and self-rated expertise: a ``reason`` on each score version, a draft's
``reasons`` and ``expertise``, and the append-only ``expertise`` table (one version of an
expert's level on a technology per row). The rows already stored get an empty reason, no
draft reasons and no expertise.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    # Plain ALTER TABLE ... ADD COLUMN (with their defaults) on every database: no table copy.
    op.add_column(
        "scores",
        sa.Column("reason", sa.Text(), server_default=sa.text("''"), nullable=False),
    )
    op.add_column(
        "drafts",
        sa.Column("reasons", sa.JSON(), server_default=sa.text("'{}'"), nullable=False),
    )
    op.add_column("drafts", sa.Column("expertise", sa.Integer(), nullable=True))
    op.create_table(
        "expertise",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("round_no", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.String(length=100), nullable=False),
        sa.Column("technology_id", sa.String(length=100), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["study_id", "expert_id"],
            ["experts.study_id", "experts.id"],
            name=op.f("fk_expertise_study_id_experts"),
        ),
        sa.ForeignKeyConstraint(
            ["study_id", "technology_id"],
            ["technologies.study_id", "technologies.id"],
            name=op.f("fk_expertise_study_id_technologies"),
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_expertise_submission_id_submissions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expertise")),
    )
    with op.batch_alter_table("expertise", schema=None) as batch_op:
        batch_op.create_index(
            "ix_expertise_versions",
            ["study_id", "expert_id", "technology_id", "id"],
            unique=False,
        )


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("expertise", schema=None) as batch_op:
        batch_op.drop_index("ix_expertise_versions")

    op.drop_table("expertise")
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.drop_column("expertise")
        batch_op.drop_column("reasons")

    with op.batch_alter_table("scores", schema=None) as batch_op:
        batch_op.drop_column("reason")
