"""The one declarative base, its naming convention and shared column types."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import DateTime, MetaData, event, inspect
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Column lengths shared by the ORM and the import schemas.
SHORT_TEXT = 200
LONG_TEXT = 4000


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; planvakt stores aware UTC timestamps")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        stored: datetime = value
        if stored.tzinfo is None:
            return stored.replace(tzinfo=UTC)
        return stored.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base of every planvakt table.

    ``__free_text__`` lists the columns checked by the privacy guard before each flush;
    ``__audited__`` is False for operational tables kept out of the audit log;
    ``__secret_columns__`` are never written to it.
    """

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    __free_text__: tuple[str, ...] = ()
    __audited__: bool = True
    __secret_columns__: tuple[str, ...] = ()

    def audit_label(self) -> str:
        """A short human-readable identity used in the audit log."""
        return f"{type(self).__name__}#{getattr(self, 'id', '?')}"


@cache
def _collections(cls: type[Base]) -> tuple[str, ...]:
    return tuple(r.key for r in inspect(cls).relationships if r.uselist)


@event.listens_for(Base, "init", propagate=True)
def _start_with_empty_collections(target: Base, _args: Any, kwargs: dict[str, Any]) -> None:
    """A new object's collections start empty and loaded.

    Collections are ``lazy="raise"`` (each query chooses what it loads), and an object made
    in this session has nothing to load: without this, reading a collection of a new row
    after a flush would try to load it and raise.
    """
    for key in _collections(type(target)):
        if key not in kwargs:
            setattr(target, key, [])
