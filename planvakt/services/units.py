"""The units (services) of a municipality as the coordinator keeps them: which exist, which a
spreadsheet import created (``unconfirmed``), how many notification addresses each has, and
the aliases a sheet may use for them (``Politirådet i Færder`` → ``politirad``).

An alias is stored in its normal form (:func:`planvakt.exchange.units.normal_name`), so it
matches however a sheet writes it, and as the coordinator wrote it. Functions take a
``Session`` and never commit; the caller owns the transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import NotificationTarget, Service, ServiceAlias
from models.base import SHORT_TEXT
from models.privacy import PersonalDataFound, check_free_text
from planvakt.core.errors import (
    ConflictError,
    Location,
    NotFoundError,
    PrivacyError,
    ValidationError,
)
from planvakt.exchange.units import normal_name
from planvakt.services.directory import get_municipality


@dataclass(frozen=True)
class UnitRow:
    """One unit of a municipality as the unit list shows it."""

    key: str
    name: str
    unconfirmed: bool  # created by a spreadsheet import; no address given yet
    external: bool
    addresses: int  # the unit's own notification addresses (its contacts' not counted)
    aliases: list[str]  # as the coordinator wrote them, in alphabetical order


def list_units(session: Session, kommune: str) -> list[UnitRow]:
    """Every unit of the municipality, by key, with its address count and aliases.

    Raises:
        NotFoundError: the municipality number is unknown.
    """
    number = get_municipality(session, kommune).number
    services = list(
        session.scalars(
            select(Service).where(Service.municipality_number == number).order_by(Service.key)
        )
    )
    ids = [s.id for s in services]
    counted = session.execute(
        select(NotificationTarget.service_id, func.count())
        .where(NotificationTarget.service_id.in_(ids))
        .group_by(NotificationTarget.service_id)
    )
    addresses: Counter[int] = Counter({service_id: n for service_id, n in counted})
    aliases: dict[int, list[str]] = {}
    for alias in session.scalars(
        select(ServiceAlias).where(ServiceAlias.municipality_number == number)
    ):
        aliases.setdefault(alias.service_id, []).append(alias.written)
    return [
        UnitRow(
            key=s.key,
            name=s.name,
            unconfirmed=s.unconfirmed,
            external=s.external,
            addresses=addresses[s.id],
            aliases=sorted(aliases.get(s.id, []), key=str.casefold),
        )
        for s in services
    ]


def find_unit(session: Session, kommune: str, unit: str) -> Service:
    """A unit of the municipality by its key or its name (case, spaces and punctuation
    ignored); a confirmed unit wins over one an import created under the same name.

    Raises:
        NotFoundError: no unit has that key or name; the message names the known keys.
    """
    number = get_municipality(session, kommune).number
    _check_text(unit, "unit")
    services = list(session.scalars(select(Service).where(Service.municipality_number == number)))
    wanted = normal_name(unit)
    for service in sorted(services, key=lambda s: s.unconfirmed):
        if unit.strip() == service.key or wanted in (
            normal_name(service.key),
            normal_name(service.name),
        ):
            return service
    raise NotFoundError(
        "unit.not_found",
        location=Location(field="unit"),
        unit=unit.strip(),
        kommune=number,
        known=sorted(s.key for s in services),
    )


def add_alias(session: Session, kommune: str, alias: str, unit: str) -> ServiceAlias:
    """Let sheets name ``unit`` (key or name) by ``alias`` in this municipality.

    An alias may not be the key or name of a unit the coordinator has (that name already
    means that unit) nor an existing alias. It may be the name of a unit an import created
    (``unconfirmed``): the alias then wins, so the next import of the sheet moves that unit's
    measures to ``unit``.

    Raises:
        ValidationError: the alias is empty, longer than 200 characters, or holds a
            fødselsnummer (:class:`PrivacyError`).
        NotFoundError: the municipality or the unit is unknown.
        ConflictError: the alias already names a unit or is an alias already.
    """
    written = " ".join(alias.split())
    _check_text(written, "alias")
    normal = normal_name(written)
    if not normal:
        raise ValidationError("unit.alias_empty", location=Location(field="alias"))
    if len(written) > SHORT_TEXT:
        raise ValidationError("unit.alias_long", location=Location(field="alias"), max=SHORT_TEXT)
    target = find_unit(session, kommune, unit)
    number = target.municipality_number
    existing = session.scalars(
        select(ServiceAlias).where(
            ServiceAlias.municipality_number == number, ServiceAlias.alias == normal
        )
    ).first()
    if existing is not None:
        named = session.get(Service, existing.service_id)
        raise ConflictError(
            "unit.alias_exists",
            location=Location(field="alias"),
            alias=existing.written,
            key=named.key if named else existing.service_id,
            kommune=number,
        )
    for service in session.scalars(select(Service).where(Service.municipality_number == number)):
        names = (normal_name(service.key), normal_name(service.name))
        if normal in names and (not service.unconfirmed or service.id == target.id):
            raise ConflictError(
                "unit.alias_is_unit",
                location=Location(field="alias"),
                alias=written,
                key=service.key,
            )
    record = ServiceAlias(
        municipality_number=number, alias=normal, written=written, service_id=target.id
    )
    session.add(record)
    session.flush()
    return record


def remove_alias(session: Session, kommune: str, alias: str) -> str:
    """Forget an alias of the municipality; returns the key of the unit it named.

    Raises:
        NotFoundError: the municipality is unknown, or it has no such alias.
    """
    number = get_municipality(session, kommune).number
    _check_text(alias, "alias")
    record = session.scalars(
        select(ServiceAlias).where(
            ServiceAlias.municipality_number == number,
            ServiceAlias.alias == normal_name(alias),
        )
    ).first()
    if record is None:
        raise NotFoundError(
            "unit.alias_not_found",
            location=Location(field="alias"),
            alias=" ".join(alias.split()),
            kommune=number,
        )
    service = session.get(Service, record.service_id)
    session.delete(record)
    session.flush()
    return service.key if service else str(record.service_id)


def _check_text(text: str, field: str) -> None:
    """Refuse a fødselsnummer before the text is stored or quoted in any message."""
    try:
        check_free_text(text, field=field)
    except PersonalDataFound as exc:
        raise PrivacyError(exc.code, location=Location(field=field), **exc.params) from None
