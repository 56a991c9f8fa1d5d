"""Recipients: services and contacts, their notification targets, and who is told what.

A recipient is written ``service:<id>`` or ``contact:<id>``; every notice and digest names
one. A recipient without a notification address is never dropped silently: its messages
are recorded as undeliverable.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Contact, NotificationTarget, Plan, Service
from models.reminders import Recipients

LEADER_ROLES = ("leder", "enhetsleder", "virksomhetsleder", "tjenesteleder")
ADMIN_SERVICE = "kommunedirektor"


def service_ref(service: Service) -> str:
    return f"service:{service.id}"


def contact_ref(contact: Contact) -> str:
    return f"contact:{contact.id}"


def targets_of(session: Session, recipient: str) -> list[NotificationTarget]:
    kind, _, ident = recipient.partition(":")
    column = NotificationTarget.service_id if kind == "service" else NotificationTarget.contact_id
    return list(
        session.scalars(
            select(NotificationTarget).where(column == int(ident)).order_by(NotificationTarget.id)
        )
    )


def recipient_name(session: Session, recipient: str) -> str:
    kind, _, ident = recipient.partition(":")
    if kind == "service":
        service = session.get(Service, int(ident))
        return service.name if service else recipient
    contact = session.get(Contact, int(ident))
    if contact is None:
        return recipient
    service = session.get(Service, contact.service_id)
    return f"{contact.role}, {service.name}" if service else contact.role


class RecipientResolver:
    """Who is told about an item owned by a service of one plan."""

    def __init__(self, session: Session, plan: Plan) -> None:
        lead = plan.lead_municipality.number
        admin = session.scalars(
            select(Service).where(Service.municipality_number == lead, Service.key == ADMIN_SERVICE)
        ).first()
        self.coordinator = service_ref(plan.coordinator) if plan.coordinator else None
        self.admin = service_ref(admin) if admin else None

    def for_owner(self, owner: Service) -> Recipients:
        owner_ref = service_ref(owner)
        leader = next((c for c in owner.contacts if c.role.lower() in LEADER_ROLES), None)
        coordinator = self.coordinator or owner_ref
        return Recipients(
            owner=owner_ref,
            leader=contact_ref(leader) if leader else owner_ref,
            coordinator=coordinator,
            admin=self.admin or coordinator,
        )
