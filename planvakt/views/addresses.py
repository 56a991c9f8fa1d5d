"""Read models of a municipality's recipients for the address form: its services and its
role-based contacts (role first; staff data minimal)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Contact, Service


@dataclass(frozen=True)
class ServiceOption:
    key: str
    name: str


@dataclass(frozen=True)
class ContactRow:
    id: int
    service_key: str
    service_name: str
    role: str


def services_of(session: Session, kommune: str) -> list[ServiceOption]:
    """The municipality's services by name."""
    query = (
        select(Service.key, Service.name)
        .where(Service.municipality_number == kommune)
        .order_by(Service.name)
    )
    return [ServiceOption(key, name) for key, name in session.execute(query)]


def contacts_of(session: Session, kommune: str) -> list[ContactRow]:
    """The role-based contacts of the municipality's services."""
    query = (
        select(Contact.id, Service.key, Service.name, Contact.role)
        .join(Service, Service.id == Contact.service_id)
        .where(Service.municipality_number == kommune)
        .order_by(Service.name, Contact.role, Contact.id)
    )
    return [ContactRow(*row) for row in session.execute(query)]
