"""the process as the guidance describes it: decisions, fixed yearly dates and consultation
deadlines on checkpoints, the edition's consultation period, the legal basis of an exempt
consultation entry, official names of municipalities in several languages and the source of
each RVTS/KORUS mapping

Columns are added and dropped in place (not in batch mode: on SQLite a table copy would
cascade-delete the rows that refer to it).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 13:30:00.000000
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _columns() -> tuple[tuple[str, sa.Column[Any]], ...]:
    """(table, column) in the order they are added; dropped in reverse. New objects each
    call: a Column belongs to one table once added."""
    return (
        ("checkpoint", sa.Column("decision_kind", sa.String(length=20), nullable=True)),
        ("checkpoint", sa.Column("yearly_on", sa.String(length=5), nullable=True)),
        ("checkpoint", sa.Column("anchor", sa.String(length=30), nullable=True)),
        ("edition", sa.Column("hearing_weeks", sa.Integer(), nullable=False, server_default="6")),
        ("consultation", sa.Column("exempt_basis", sa.String(length=200), nullable=True)),
        ("municipality", sa.Column("official_name", sa.String(length=200), nullable=True)),
        ("municipality", sa.Column("regions_source", sa.Text(), nullable=False, server_default="")),
        (
            "municipality",
            sa.Column(
                "official_name_confirmed", sa.Boolean(), nullable=False, server_default=sa.false()
            ),
        ),
    )


def upgrade() -> None:
    for table, column in _columns():
        op.add_column(table, column)


def downgrade() -> None:
    for table, column in reversed(_columns()):
        op.drop_column(table, column.name)
