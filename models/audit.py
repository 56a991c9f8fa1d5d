"""Audit log: who changed what, when, old → new — written for every change.

Two session hooks do the work for every code path (CLI, import, flows, web):
``before_flush`` runs the privacy guard on every new or changed text column (all String,
Text and JSON columns but the few ``__privacy_exempt__`` names) and on the session's actor,
and ``after_flush`` writes one audit row per created/deleted object and per changed column.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Index, Integer, String, event, insert, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import get_history

from models.base import LONG_TEXT, Base, UTCDateTime, privacy_checked_columns, utcnow
from models.privacy import PersonalDataFound, check_free_text


class AuditEntry(Base):
    """One change: action is create, update or delete; field is set for updates."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_entity", "entity", "entity_id"),)
    # Audit rows are copies the guard has seen already: the changed values of checked
    # columns, and names and ids planvakt makes. ``old_value`` must keep a value that is
    # being removed (else a number stored before the guard could never be corrected). The
    # actor is checked for every flush (see :func:`_guard_free_text`).
    __privacy_exempt__ = {
        "actor": "checked as the session's actor before each flush",
        "action": "create, update or delete",
        "entity": "a table name",
        "entity_id": "a primary key",
        "label": "made by planvakt from checked columns",
        "field": "a column name",
        "old_value": "the value a change replaced: it may be the number being removed",
        "new_value": "a copy of a checked column's new value",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(10))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(300))
    field: Mapped[str | None] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(String(LONG_TEXT))
    new_value: Mapped[str | None] = mapped_column(String(LONG_TEXT))
    # No foreign key: the history of a deleted plan must outlive it.
    plan_id: Mapped[int | None] = mapped_column(Integer, index=True)


class PrivacyViolation(PersonalDataFound):
    """A flush refused by the privacy guard; names the table and field."""


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):  # a text keyed by language
        return json.dumps(value, ensure_ascii=False)[:LONG_TEXT]
    return str(value)[:LONG_TEXT]


def _identity(obj: Base) -> str:
    identity = inspect(obj).identity
    return "/".join(str(part) for part in identity) if identity else "?"


@event.listens_for(Session, "before_flush")
def _guard_free_text(session: Session, _context: Any, _instances: Any) -> None:
    """Refuse the flush when a new or changed text column, or the actor, holds a national
    identity number. Only values being written are checked, so a row stored before the
    guard can still be corrected."""
    new, dirty = session.new, session.dirty
    if not (new or dirty or session.deleted):
        return
    try:
        check_free_text(session.info.get("actor"), field="actor")
    except PersonalDataFound:
        raise PrivacyViolation("actor", table=AuditEntry.__tablename__) from None
    for obj in new:
        if isinstance(obj, Base):
            values = inspect(obj).dict
            for key in privacy_checked_columns(type(obj)):
                _check(obj, key, values.get(key))
    for obj in dirty:
        if isinstance(obj, Base):
            attributes = inspect(obj).attrs
            for key in privacy_checked_columns(type(obj)):
                for value in attributes[key].history.added:
                    _check(obj, key, value)


def _check(obj: Base, key: str, value: Any) -> None:
    try:
        check_free_text(value, field=key)
    except PersonalDataFound:
        raise PrivacyViolation(key, table=obj.__tablename__) from None


@event.listens_for(Session, "after_flush")
def _write_audit(session: Session, _context: Any) -> None:
    actor = str(session.info.get("actor", "system"))[:100]
    plan_ids: dict[tuple[str, int], int | None] = {}

    def parent_plan(cls: type, key: int | None) -> int | None:
        if key is None:
            return None
        if (cls.__name__, key) not in plan_ids:
            with session.no_autoflush:
                parent = session.get(cls, key)
            plan_ids[(cls.__name__, key)] = plan_of(parent) if parent is not None else None
        return plan_ids[(cls.__name__, key)]

    def plan_of(obj: object) -> int | None:
        """The plan a changed row belongs to, so a plan's history can be shown whole."""
        from models.measure import Measure
        from models.plan import Edition, Phase, Plan

        if isinstance(obj, Plan):
            return obj.id
        if getattr(obj, "plan_id", None) is not None:
            return obj.plan_id  # type: ignore[attr-defined, no-any-return]
        for attribute, cls in (
            ("edition_id", Edition),
            ("phase_id", Phase),
            ("measure_id", Measure),
        ):
            if hasattr(obj, attribute):
                return parent_plan(cls, getattr(obj, attribute))
        return None

    now = utcnow()
    rows: list[dict[str, Any]] = []

    def row(obj: Base, action: str, **values: Any) -> None:
        rows.append(
            {
                "at": now,
                "actor": actor,
                "action": action,
                "entity": obj.__tablename__,
                "entity_id": _identity(obj),
                "label": obj.audit_label()[:300],
                "plan_id": plan_of(obj),
                **values,
            }
        )

    def audited(obj: object) -> bool:
        return isinstance(obj, Base) and obj.__audited__ and not isinstance(obj, AuditEntry)

    for obj in session.new:
        if audited(obj):
            row(obj, "create")
    for obj in session.deleted:
        if audited(obj):
            row(obj, "delete")
    for obj in session.dirty:
        if not audited(obj) or not isinstance(obj, Base):
            continue
        for column in inspect(obj).mapper.column_attrs:
            if column.key in obj.__secret_columns__:
                continue
            history = get_history(obj, column.key)
            if not history.has_changes():
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                row(obj, "update", field=column.key, old_value=_text(old), new_value=_text(new))
    for r in rows:
        r.setdefault("field", None)
        r.setdefault("old_value", None)
        r.setdefault("new_value", None)
    if rows:
        session.connection().execute(insert(AuditEntry), rows)
