"""The study store: studies, technologies, experts, rounds, submissions, versioned scores,
drafts, link tokens and the event log.

Revision ID: 0001
Revises:
Create Date: 2026-12-02 04:14:35.979891
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "studies",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("criteria_set", sa.String(length=100), nullable=False),
        sa.Column("criteria_file", sa.String(length=300), nullable=False),
        sa.Column("criteria_content", sa.LargeBinary(), nullable=False),
        sa.Column("criteria_sha256", sa.String(length=64), nullable=False),
        sa.Column("secret", sa.LargeBinary(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_studies")),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("round_no", sa.Integer(), nullable=True),
        sa.Column("expert_id", sa.String(length=100), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["study_id"], ["studies.id"], name=op.f("fk_events_study_id_studies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_study_id_id"), ["study_id", "id"], unique=False)

    op.create_table(
        "experts",
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("group", sa.String(length=100), nullable=False),
        sa.Column("group_name", sa.String(length=300), nullable=False),
        sa.Column("group_name_vi", sa.String(length=300), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("email", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["study_id"], ["studies.id"], name=op.f("fk_experts_study_id_studies")
        ),
        sa.PrimaryKeyConstraint("study_id", "id", name=op.f("pk_experts")),
    )
    op.create_table(
        "rounds",
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["study_id"], ["studies.id"], name=op.f("fk_rounds_study_id_studies")
        ),
        sa.PrimaryKeyConstraint("study_id", "number", name=op.f("pk_rounds")),
    )
    op.create_table(
        "technologies",
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_vi", sa.String(length=300), nullable=False),
        sa.Column("group", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("budget", sa.Float(), nullable=True),
        sa.Column("group_name", sa.String(length=300), nullable=False),
        sa.Column("group_name_vi", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["study_id"], ["studies.id"], name=op.f("fk_technologies_study_id_studies")
        ),
        sa.PrimaryKeyConstraint("study_id", "id", name=op.f("pk_technologies")),
    )
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("round_no", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.String(length=100), nullable=False),
        sa.Column("technology_id", sa.String(length=100), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("coi", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["study_id", "expert_id"],
            ["experts.study_id", "experts.id"],
            name=op.f("fk_drafts_study_id_experts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
    )
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_drafts_row_versions",
            ["study_id", "round_no", "expert_id", "technology_id", "id"],
            unique=False,
        )

    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("round_no", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.String(length=100), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["study_id", "expert_id"],
            ["experts.study_id", "experts.id"],
            name=op.f("fk_submissions_study_id_experts"),
        ),
        sa.ForeignKeyConstraint(
            ["study_id", "round_no"],
            ["rounds.study_id", "rounds.number"],
            name=op.f("fk_submissions_study_id_rounds"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
    )
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_submissions_study_id_round_no_sha256"),
            ["study_id", "round_no", "sha256"],
            unique=False,
        )

    op.create_table(
        "tokens",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["study_id", "expert_id"],
            ["experts.study_id", "experts.id"],
            name=op.f("fk_tokens_study_id_experts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_tokens_token_hash")),
    )
    op.create_table(
        "scores",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("round_no", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.String(length=100), nullable=False),
        sa.Column("technology_id", sa.String(length=100), nullable=False),
        sa.Column("criterion_id", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["study_id", "expert_id"],
            ["experts.study_id", "experts.id"],
            name=op.f("fk_scores_study_id_experts"),
        ),
        sa.ForeignKeyConstraint(
            ["study_id", "technology_id"],
            ["technologies.study_id", "technologies.id"],
            name=op.f("fk_scores_study_id_technologies"),
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submissions.id"], name=op.f("fk_scores_submission_id_submissions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scores")),
    )
    with op.batch_alter_table("scores", schema=None) as batch_op:
        batch_op.create_index(
            "ix_scores_cell_versions",
            ["study_id", "round_no", "expert_id", "technology_id", "criterion_id", "id", "status"],
            unique=False,
        )


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("scores", schema=None) as batch_op:
        batch_op.drop_index("ix_scores_cell_versions")

    op.drop_table("scores")
    op.drop_table("tokens")
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submissions_study_id_round_no_sha256"))

    op.drop_table("submissions")
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.drop_index("ix_drafts_row_versions")

    op.drop_table("drafts")
    op.drop_table("technologies")
    op.drop_table("rounds")
    op.drop_table("experts")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_study_id_id"))

    op.drop_table("events")
    op.drop_table("studies")
