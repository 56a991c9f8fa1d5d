"""calendar feed tokens (secret ICS subscription URLs, stored as SHA-256)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 08:18:24.289843
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feed_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(plan_id IS NULL) <> (service_id IS NULL)", name=op.f("ck_feed_token_one_target")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_feed_token_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_feed_token_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_feed_token_token_hash")),
    )
    with op.batch_alter_table("feed_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feed_token_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feed_token_service_id"), ["service_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("feed_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feed_token_service_id"))
        batch_op.drop_index(batch_op.f("ix_feed_token_plan_id"))

    op.drop_table("feed_token")
