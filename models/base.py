"""The one declarative base, its naming convention and shared column types."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import JSON, DateTime, MetaData, String, event, inspect
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator, TypeEngine

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

    Every column that holds text (String, Text, JSON) is checked by the privacy guard
    before each flush (:func:`privacy_checked_columns`), except the few that
    ``__privacy_exempt__`` names, each with the reason it must not be checked;
    ``__audited__`` is False for operational tables kept out of the audit log;
    ``__secret_columns__`` are never written to it.
    """

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    __privacy_exempt__: Mapping[str, str] = {}
    __audited__: bool = True
    __secret_columns__: tuple[str, ...] = ()

    def audit_label(self) -> str:
        """A short human-readable identity used in the audit log."""
        return f"{type(self).__name__}#{getattr(self, 'id', '?')}"


def _holds_text(kind: TypeEngine[Any]) -> bool:
    while isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    return isinstance(kind, String | JSON)  # Text, Unicode and Enum are Strings


@cache
def text_columns(cls: type[Base]) -> tuple[str, ...]:
    """The attributes of ``cls`` mapped to a column that holds text (String, Text, JSON)."""
    return tuple(
        attribute.key
        for attribute in inspect(cls).column_attrs
        if any(_holds_text(column.type) for column in attribute.columns)
    )


@cache
def privacy_checked_columns(cls: type[Base]) -> tuple[str, ...]:
    """The text columns of ``cls`` the privacy guard checks: all but the exempt ones.

    Raises:
        TypeError: ``__privacy_exempt__`` names a column that holds no text, or gives no
            reason (a stale or careless exemption must not hide a column).
    """
    columns = text_columns(cls)
    for key, reason in cls.__privacy_exempt__.items():
        if key not in columns or not reason.strip():
            raise TypeError(f"{cls.__name__}.__privacy_exempt__[{key!r}]: no such text column")
    return tuple(key for key in columns if key not in cls.__privacy_exempt__)


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
