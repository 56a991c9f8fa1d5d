"""The outbox as people read it: every message with its status, attempts and last error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from models import Digest, OutboxEntry


@dataclass(frozen=True)
class OutboxRow:
    """One message in the outbox; the address only ever masked."""

    id: int
    run_date: date
    status: str
    possibly_duplicate: bool
    attempts: int
    subject: str
    address: str | None
    last_error: str | None


def outbox_rows(session: Session, *, status: str | None = None, limit: int = 50) -> list[OutboxRow]:
    """The newest ``limit`` outbox entries (only those in ``status`` if given)."""
    query = (
        select(OutboxEntry, Digest)
        .join(Digest)
        .options(joinedload(OutboxEntry.target))
        .order_by(OutboxEntry.id.desc())
        .limit(limit)
    )
    if status:
        query = query.where(OutboxEntry.status == status)
    return [
        OutboxRow(
            id=entry.id,
            run_date=digest.run_date,
            status=entry.status,
            possibly_duplicate=entry.possibly_duplicate,
            attempts=entry.attempts,
            subject=digest.subject,
            address=entry.target.url_masked if entry.target else None,
            last_error=entry.last_error,
        )
        for entry, digest in session.execute(query)
    ]
