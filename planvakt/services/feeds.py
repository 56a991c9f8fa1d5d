"""Calendar subscriptions: issue, revoke and open the secret feed URLs of plans and services.

A token is ``secrets.token_urlsafe(32)``; only its SHA-256 is stored (:class:`models.FeedToken`),
so the full URL can be shown once, right after it is issued, and never again. Each plan and
each service has at most one active token: issuing a new one revokes the old (re-issue after
a URL was shared too widely). Functions take a ``Session`` and never commit.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import FeedToken, Plan, Service
from models.base import utcnow
from planvakt.core.errors import NotFoundError
from planvakt.documents import ics
from planvakt.views.loading import PLAN_FULL

TOKEN_BYTES = 32


@dataclass(frozen=True)
class IssuedToken:
    """A freshly issued token: ``token`` is the secret part of the URL, shown only once."""

    id: int
    token: str


@dataclass(frozen=True)
class Feed:
    """A calendar ready to send: its file name and iCalendar bytes."""

    filename: str
    content: bytes


def token_hash(token: str) -> str:
    """The stored form of a token (hex SHA-256)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _active(session: Session, *, plan_id: int | None, service_id: int | None) -> list[FeedToken]:
    query = select(FeedToken).where(FeedToken.revoked_at.is_(None))
    if plan_id is not None:
        query = query.where(FeedToken.plan_id == plan_id)
    else:
        query = query.where(FeedToken.service_id == service_id)
    return list(session.scalars(query))


def issue_token(
    session: Session, *, created_by: str, plan: Plan | None = None, service: Service | None = None
) -> IssuedToken:
    """Issue the feed URL token of a plan or of a service; an active one is revoked first.

    Args:
        session: the session to write in.
        created_by: the username of whoever issues it (kept for the audit trail).
        plan: the plan whose feed it opens, or
        service: the service whose feed it opens (exactly one of the two).
    """
    if (plan is None) == (service is None):
        raise ValueError("issue_token needs a plan or a service")
    plan_id = plan.id if plan is not None else None
    service_id = service.id if service is not None else None
    now = utcnow()
    for old in _active(session, plan_id=plan_id, service_id=service_id):
        old.revoked_at = now
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row = FeedToken(
        plan_id=plan_id,
        service_id=service_id,
        token_hash=token_hash(token),
        created_by=created_by[:100],
        created_at=now,
    )
    session.add(row)
    session.flush()
    return IssuedToken(row.id, token)


def get_token(session: Session, token_id: int) -> FeedToken:
    """A token row by id (for the coordinator's page), or ``feed.not_found``."""
    row = session.get(FeedToken, token_id)
    if row is None:
        raise NotFoundError("feed.not_found")
    return row


def revoke_token(session: Session, row: FeedToken) -> None:
    """Revoke a token: its URL answers 404 from now on (revoking twice changes nothing)."""
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.flush()


def open_feed(session: Session, token: str) -> Feed:
    """The calendar a feed URL's token opens; ``feed.not_found`` if unknown or revoked."""
    row = session.scalars(
        select(FeedToken).where(
            FeedToken.token_hash == token_hash(token), FeedToken.revoked_at.is_(None)
        )
    ).first()
    if row is None:
        raise NotFoundError("feed.not_found")
    if row.plan_id is not None:
        plan = session.scalars(select(Plan).where(Plan.id == row.plan_id).options(*PLAN_FULL)).one()
        return Feed(f"{plan.slug}.ics", ics.plan_feed(plan))
    service = session.get(Service, row.service_id)
    if service is None:  # pragma: no cover - the foreign key cascades
        raise NotFoundError("feed.not_found")
    return Feed(
        f"{service.municipality_number}-{service.key}.ics", ics.service_feed(session, service)
    )
