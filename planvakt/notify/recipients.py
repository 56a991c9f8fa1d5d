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
from planvakt.core.errors import NotFoundError, ValidationError
from planvakt.notify import secrets
from planvakt.notify import sender as notifier

LEADER_ROLES = ("leder", "enhetsleder", "virksomhetsleder", "tjenesteleder")
ADMIN_SERVICE = "kommunedirektor"


def service_ref(service: Service) -> str:
    return f"service:{service.id}"


def contact_ref(contact: Contact) -> str:
    return f"contact:{contact.id}"


def find_service(session: Session, kommune: str, key: str) -> Service:
    service = session.scalars(
        select(Service).where(Service.municipality_number == kommune.zfill(4), Service.key == key)
    ).first()
    if service is None:
        raise NotFoundError(f"fant ingen tjeneste '{key}' i kommune {kommune}")
    return service


def add_contact(
    session: Session,
    service: Service,
    *,
    role: str,
    name: str | None = None,
    email: str | None = None,
) -> Contact:
    """Register a role-based contact (minimal staff data: role first, name optional)."""
    if not role.strip():
        raise ValidationError("rollen kan ikke være tom")
    contact = Contact(role=role.strip(), name=name, email=email)
    service.contacts.append(contact)
    session.flush()
    return contact


def add_target(
    session: Session, url: str, *, service: Service | None = None, contact: Contact | None = None
) -> NotificationTarget:
    """Validate, encrypt and store an Apprise URL for a service or a contact."""
    if (service is None) == (contact is None):
        raise ValidationError("oppgi enten en tjeneste eller en kontakt")
    masked = notifier.validate(url)
    target = NotificationTarget(
        service_id=service.id if service else None,
        contact_id=contact.id if contact else None,
        scheme=notifier.scheme_of(url),
        url_encrypted=secrets.encrypt(url.strip()),
        url_masked=masked[:200],
    )
    session.add(target)
    session.flush()
    return target


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
