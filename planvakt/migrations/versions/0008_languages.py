"""languages: målform of municipalities, plan and user language, texts keyed by language

Phase.name_nb/name_en, Checkpoint.title_nb/title_en and Actor.name_nb/name_en become one
JSON mapping each (``names``/``titles``: language → text); the data moves both ways.

No batch mode (table copy) here: on SQLite, with foreign keys enforced, dropping the old
``phase`` table of a copy would delete every checkpoint (ON DELETE CASCADE), and dropping
``actor`` fails while municipalities refer to it. Columns are added and dropped in place
instead (``ALTER TABLE … DROP COLUMN`` needs SQLite 3.35 or newer); a new NOT NULL column
comes with a server default, which PostgreSQL drops again once the data is in.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 09:00:00.000000
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, key column, old column prefix, new JSON column)
KEYED_TEXTS = (
    ("phase", "id", "name", "names"),
    ("checkpoint", "id", "title", "titles"),
    ("actor", "id", "name", "names"),
)
OLD_LANGUAGES = ("nb", "en")


def _table(name: str, key: str, prefix: str, mapping: str) -> sa.TableClause:
    key_type: sa.types.TypeEngine[Any] = sa.String(length=40) if name == "actor" else sa.Integer()
    return sa.table(
        name,
        sa.column(key, key_type),
        *(sa.column(f"{prefix}_{code}", sa.String(length=200)) for code in OLD_LANGUAGES),
        sa.column(mapping, sa.JSON()),
    )


def _pick(texts: dict[str, str] | None, language: str) -> str:
    """The text in ``language``, else bokmål, nynorsk, English, else any (models.texts)."""
    texts = texts or {}
    for code in (language, "nb", "nn", "en"):
        if texts.get(code):
            return texts[code]
    return next((t for t in texts.values() if t), "")


def upgrade() -> None:
    _check_sqlite()
    op.add_column(
        "municipality",
        sa.Column("malform", sa.String(length=10), nullable=False, server_default="noytral"),
    )
    op.add_column(
        "municipality",
        sa.Column("malform_source", sa.Text(), nullable=False, server_default=""),
    )
    op.add_column(
        "municipality",
        sa.Column("malform_confirmed", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "plan", sa.Column("language", sa.String(length=2), nullable=False, server_default="nb")
    )
    op.add_column("app_user", sa.Column("language", sa.String(length=2), nullable=True))

    connection = op.get_bind()
    for name, key, prefix, mapping in KEYED_TEXTS:
        _add_required(name, sa.Column(mapping, sa.JSON()), sa.text("'{}'"))
        table = _table(name, key, prefix, mapping)
        old = [table.c[f"{prefix}_{code}"] for code in OLD_LANGUAGES]
        for row in connection.execute(sa.select(table.c[key], *old)).all():
            texts = {code: text for code, text in zip(OLD_LANGUAGES, row[1:], strict=True) if text}
            connection.execute(
                table.update().where(table.c[key] == row[0]).values({mapping: texts})
            )
        for code in OLD_LANGUAGES:
            op.drop_column(name, f"{prefix}_{code}")


def downgrade() -> None:
    _check_sqlite()
    connection = op.get_bind()
    for name, key, prefix, mapping in KEYED_TEXTS:
        for code in OLD_LANGUAGES:
            _add_required(name, sa.Column(f"{prefix}_{code}", sa.String(length=200)), "")
        table = _table(name, key, prefix, mapping)
        for row in connection.execute(sa.select(table.c[key], table.c[mapping])).all():
            values = {f"{prefix}_{code}": _pick(row[1], code) for code in OLD_LANGUAGES}
            connection.execute(table.update().where(table.c[key] == row[0]).values(values))
        op.drop_column(name, mapping)

    op.drop_column("app_user", "language")
    op.drop_column("plan", "language")
    op.drop_column("municipality", "malform_confirmed")
    op.drop_column("municipality", "malform_source")
    op.drop_column("municipality", "malform")


def _add_required(table: str, column: sa.Column[Any], default: Any) -> None:
    """Add a NOT NULL column to a table with rows: with a server default, which PostgreSQL
    drops again (SQLite cannot without copying the table)."""
    column.nullable = False
    column.server_default = sa.schema.DefaultClause(default)
    op.add_column(table, column)
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column(table, column.name, server_default=None)


def _check_sqlite() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and bind.dialect.dbapi is not None:
        version = tuple(int(p) for p in bind.dialect.dbapi.sqlite_version.split("."))
        if version < (3, 35):
            raise RuntimeError(
                "migration 0008 needs SQLite 3.35 or newer (ALTER TABLE DROP COLUMN)"
            )
