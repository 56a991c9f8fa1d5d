"""Creating and editing one measure (tiltak) by hand, validated as the spreadsheet importer
validates a row (:class:`planvakt.exchange.measures.MeasureRow`), privacy guard included.

Functions take a ``Session`` and never commit; the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Mapping

import pydantic
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Measure, Plan, Service
from planvakt.core.errors import ConflictError, ImportErrors, Location, ValidationError
from planvakt.exchange.files import field_error
from planvakt.exchange.measures import MeasureRow
from planvakt.services.plans import find_measure

SOURCE = "skjema"


def validate_measure(values: Mapping[str, object]) -> MeasureRow:
    """The fields of a measure as one spreadsheet row; every invalid field is an error.

    Raises:
        ImportErrors: one :class:`ValidationError` per invalid field, ``location.field``
            naming the field of :class:`MeasureRow`.
    """
    try:
        return MeasureRow.model_validate(dict(values))
    except pydantic.ValidationError as exc:
        errors = [
            field_error(err, Location(field=str(err["loc"][0]) if err["loc"] else None))
            for err in exc.errors()
        ]
        raise ImportErrors(errors, source=SOURCE) from None


def find_owner(session: Session, plan: Plan, key: str) -> Service:
    """A service of one of the plan's municipalities by key (the lead municipality first)."""
    numbers = [m.number for m in plan.municipalities]
    services = session.scalars(
        select(Service).where(Service.municipality_number.in_(numbers), Service.key == key)
    ).all()
    for number in numbers:
        for service in services:
            if service.municipality_number == number:
                return service
    raise ValidationError(
        "measure.owner_unknown", location=Location(field="owner"), owner=key, plan=plan.slug
    )


def create_measure(session: Session, plan: Plan, values: Mapping[str, object]) -> Measure:
    """Add a measure to the plan's current edition.

    Args:
        session: the caller's session.
        plan: the plan (loaded with its measures).
        values: the fields of :class:`MeasureRow`; ``owner`` is a service key.
    """
    row = validate_measure(values)
    owner = find_owner(session, plan, row.owner)
    edition = plan.current_edition
    if any(m.ref == row.ref for m in edition.measures):
        raise ConflictError("measure.exists", location=Location(field="ref"), ref=row.ref)
    measure = Measure(owner=owner, **_columns(row))
    edition.measures.append(measure)
    session.flush()
    return measure


def edit_measure(session: Session, plan: Plan, ref: str, values: Mapping[str, object]) -> Measure:
    """Change every field of a measure but its id (``ref``); each change is audited."""
    measure = find_measure(plan, ref)
    row = validate_measure({**values, "ref": ref})
    owner = find_owner(session, plan, row.owner)
    for name, value in _columns(row).items():
        if getattr(measure, name) != value:
            setattr(measure, name, value)
    if measure.owner_service_id != owner.id:
        measure.owner = owner
    session.flush()
    return measure


def _columns(row: MeasureRow) -> dict[str, object]:
    values = row.model_dump(exclude={"owner"})
    values["status"] = row.status.value
    return values
