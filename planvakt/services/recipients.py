"""Who planvakt tells: the services' and contacts' notification addresses (Apprise URLs,
stored encrypted, shown masked) and the role-based contacts that receive escalations.

Reading who is told what during a sweep is :mod:`planvakt.notify.recipients`'s job; this
module is the write API the command line and the web app share.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Contact, NotificationTarget, Service
from planvakt.core.errors import NotFoundError, ValidationError
from planvakt.core.languages import SOURCE, Language, texts
from planvakt.notify import secrets, sender
from planvakt.notify.recipients import contact_ref, recipient_name, service_ref, targets_of
from planvakt.services.privacy import refuse_identity_numbers


@dataclass(frozen=True)
class TargetRow:
    """A stored notification address as it may be shown: masked, never in clear."""

    id: int
    owner: str  # service key, or "service/role" for a contact
    url_masked: str


def find_service(session: Session, kommune: str, key: str) -> Service:
    """A municipality's service by key (``barnevern``)."""
    service = session.scalars(
        select(Service).where(Service.municipality_number == kommune.zfill(4), Service.key == key)
    ).first()
    if service is None:
        raise NotFoundError("service.not_found", key=key, kommune=kommune)
    return service


def find_contact(session: Session, contact_id: int) -> Contact:
    """A contact by its number."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFoundError("contact.not_found", id=contact_id)
    return contact


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
        raise ValidationError("contact.role_empty")
    contact = Contact(role=role.strip(), name=name, email=email)
    service.contacts.append(contact)
    session.flush()
    return contact


def add_target(
    session: Session, url: str, *, service: Service | None = None, contact: Contact | None = None
) -> NotificationTarget:
    """Validate, encrypt and store an Apprise URL for a service or a contact.

    A unit a spreadsheet import created (``unconfirmed``) is confirmed by its first address:
    the coordinator has now said where its reminders go.
    """
    if (service is None) == (contact is None):
        raise ValidationError("target.owner_missing")
    # Stored encrypted (out of the flush guard's sight) and shown masked: checked here.
    refuse_identity_numbers(url, field="url")
    masked = sender.validate(url)
    if service is not None and service.unconfirmed:
        service.unconfirmed = False
    target = NotificationTarget(
        service_id=service.id if service else None,
        contact_id=contact.id if contact else None,
        scheme=sender.scheme_of(url),
        url_encrypted=secrets.encrypt(url.strip()),
        url_masked=masked[:200],
    )
    session.add(target)
    session.flush()
    return target


def list_targets(session: Session, kommune: str) -> list[TargetRow]:
    """The notification addresses of a municipality's services and their contacts."""
    services = {
        s.id: s
        for s in session.scalars(
            select(Service).where(Service.municipality_number == kommune.zfill(4))
        )
    }
    contacts = {
        c.id: c
        for c in session.scalars(select(Contact).where(Contact.service_id.in_(list(services))))
    }
    rows = []
    query = select(NotificationTarget).order_by(NotificationTarget.id)
    for target in session.scalars(query):
        if target.contact_id is not None and target.contact_id in contacts:
            contact = contacts[target.contact_id]
            owner = f"{services[contact.service_id].key}/{contact.role}"
        elif target.service_id in services:
            owner = services[target.service_id].key
        else:
            continue
        rows.append(TargetRow(target.id, owner, target.url_masked))
    return rows


def remove_target(session: Session, target_id: int) -> None:
    """Delete a stored notification address."""
    target = session.get(NotificationTarget, target_id)
    if target is None:
        raise NotFoundError("target.not_found", id=target_id)
    session.delete(target)
    session.flush()


def send_test(
    session: Session,
    *,
    service: Service | None = None,
    contact: Contact | None = None,
    language: Language = SOURCE,
) -> list[str]:
    """Send a test message to every address of a service or contact; return the masked
    addresses it reached. A failed send raises (naming the masked address only).

    Args:
        language: the language of the message (the one who asks for the test reads it).
    """
    if (service is None) == (contact is None):
        raise ValidationError("target.owner_missing")
    ref = contact_ref(contact) if contact is not None else service_ref(service)  # type: ignore[arg-type]  # checked above
    name = recipient_name(session, ref)
    targets = targets_of(session, ref)
    if not targets:
        raise ValidationError("target.none", recipient=name)
    tx = texts(language)
    text = tx.gettext("Dette er en testmelding fra planvakt til {recipient}.").format(
        recipient=name
    )
    for target in targets:
        sender.send(
            secrets.decrypt(target.url_encrypted),
            title=tx.gettext("planvakt: testmelding"),
            text=text,
            html=f"<p>{html.escape(text)}</p>",
        )
    return [t.url_masked for t in targets]
