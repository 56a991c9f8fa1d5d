"""Every text column of every mapped model is checked by the privacy guard, or exempt with
a reason: a new column cannot escape. Each checked column refuses a valid fødselsnummer and
D-nummer in every written form, in a new row and in a changed one (SQLite and PostgreSQL:
the guard refuses before any SQL is sent, whatever the backend)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import JSON, Date, Engine, Integer, String, inspect
from sqlalchemy.orm import Mapper, Session, make_transient_to_detached
from sqlalchemy.types import TypeDecorator, TypeEngine

import models
from models.audit import PrivacyViolation
from models.base import Base, privacy_checked_columns
from tests.factories import VALID_DNR, VALID_FNR
from tests.unit.test_privacy import written_forms

MAPPERS = sorted(Base.registry.mappers, key=lambda m: m.class_.__name__)


def _is_text(kind: TypeEngine[Any]) -> bool:
    """Independent of models.base on purpose: String, Text, Unicode, Enum and JSON."""
    if isinstance(kind, TypeDecorator):
        return _is_text(kind.impl_instance)
    return isinstance(kind, String | JSON)


def _text_columns(mapper: Mapper[Any]) -> list[tuple[str, bool]]:
    """(attribute, holds JSON) for every mapped column that holds text."""
    return [
        (attribute.key, isinstance(attribute.columns[0].type, JSON))
        for attribute in mapper.column_attrs
        if any(_is_text(column.type) for column in attribute.columns)
    ]


def test_every_text_column_is_checked_or_exempt_with_a_reason() -> None:
    unaccounted = []
    for mapper in MAPPERS:
        cls = mapper.class_
        checked = set(privacy_checked_columns(cls))
        exempt = cls.__privacy_exempt__
        for key, _ in _text_columns(mapper):
            reason = exempt.get(key, "")
            if (key in checked) == bool(reason.strip()):
                unaccounted.append(f"{cls.__name__}.{key}")
            elif reason:
                assert len(reason) >= 10, f"{cls.__name__}.{key}: say why it is exempt"
    assert not unaccounted, "neither checked nor exempt with a reason: " + ", ".join(unaccounted)


def test_an_exemption_of_a_column_that_holds_no_text_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    privacy_checked_columns.cache_clear()
    monkeypatch.setattr(models.Plan, "__privacy_exempt__", {"created_at": "a timestamp"})
    try:
        with pytest.raises(TypeError, match="created_at"):
            privacy_checked_columns(models.Plan)
        monkeypatch.setattr(models.Plan, "__privacy_exempt__", {"title": " "})
        with pytest.raises(TypeError, match="title"):
            privacy_checked_columns(models.Plan)
    finally:
        monkeypatch.undo()
        privacy_checked_columns.cache_clear()


def test_the_exemptions_are_the_few_that_must_not_be_checked() -> None:
    exempt = {f"{m.class_.__name__}.{key}" for m in MAPPERS for key in m.class_.__privacy_exempt__}
    assert exempt == {
        "User.password_hash",
        "ApiToken.token_hash",
        "FeedToken.token_hash",
        "NotificationTarget.url_encrypted",
        "GeneratedDocument.sha256",
        *(
            f"AuditEntry.{key}"
            for key in (
                "actor",
                "action",
                "entity",
                "entity_id",
                "label",
                "field",
                "old_value",
                "new_value",
            )
        ),
    }


def _forms() -> list[str]:
    """Both numbers, plain and split 6+5 by each separator, and in one other grouping each."""
    forms = []
    for number in (VALID_FNR, VALID_DNR):
        written = written_forms(number)
        forms += [text for name, text in written.items() if name.startswith(("plain", "6-5"))]
        forms += [text for name, text in written.items() if name.startswith("3-2-6")]
    return forms


FORMS = _forms()
_KEY_VALUES: dict[type, Any] = {Integer: 1, String: "k", Date: date(2027, 1, 4)}


def _key_value(kind: TypeEngine[Any]) -> Any:
    base = kind.impl_instance if isinstance(kind, TypeDecorator) else kind
    return next(value for cls, value in _KEY_VALUES.items() if isinstance(base, cls))


def _stored(mapper: Mapper[Any]) -> Any:
    """A row of ``mapper`` as if loaded from the database (persistent, unchanged)."""
    obj = mapper.class_(**{c.key: _key_value(c.type) for c in mapper.primary_key})
    make_transient_to_detached(obj)
    return obj


def _refused(session: Session, obj: Any, key: str, value: Any, table: str) -> bool:
    session.add(obj)
    if inspect(obj).persistent:
        setattr(obj, key, value)
    try:
        session.flush()
    except PrivacyViolation as exc:
        return exc.params == {"field": key, "table": table}
    finally:
        session.expunge_all()
    return False


@pytest.mark.parametrize("mapper", MAPPERS, ids=lambda m: m.class_.__name__)
def test_each_checked_column_refuses_an_identity_number_in_every_form(
    engine: Engine, mapper: Mapper[Any]
) -> None:
    cls, table = mapper.class_, mapper.local_table.name
    json_columns = {key for key, is_json in _text_columns(mapper) if is_json}
    passed = []
    with Session(engine) as session:
        for key in privacy_checked_columns(cls):
            for form in FORMS:
                value: Any = {"nb": "Mandat", "nn": form} if key in json_columns else form
                if not _refused(session, cls(**{key: value}), key, value, table):
                    passed.append(f"new {key}={form!r}")
                if not _refused(session, _stored(mapper), key, value, table):
                    passed.append(f"changed {key}={form!r}")
    assert not passed, f"{cls.__name__}: not refused: " + "; ".join(passed[:10])
