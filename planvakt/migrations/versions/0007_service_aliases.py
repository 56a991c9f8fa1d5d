"""service aliases and units created by spreadsheet imports

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 10:06:14.784204
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "service_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_number", sa.String(length=4), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.Column("written", sa.String(length=200), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_number"],
            ["municipality.number"],
            name=op.f("fk_service_alias_municipality_number_municipality"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_service_alias_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_alias")),
        sa.UniqueConstraint(
            "municipality_number", "alias", name=op.f("uq_service_alias_municipality_number_alias")
        ),
    )
    with op.batch_alter_table("service_alias", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_alias_service_id"), ["service_id"], unique=False
        )

    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("unconfirmed", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    op.drop_index(op.f("ix_service_alias_service_id"), table_name="service_alias")
    op.drop_table("service_alias")
    # In place, not in batch mode: SQLite's batch mode copies the table and drops the
    # original, and the foreign keys' ON DELETE CASCADE would take every contact with it.
    op.drop_column("service", "unconfirmed")
