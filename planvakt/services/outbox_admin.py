"""The coordinator's hand on the outbox: send a failed message again.

Only a ``failed`` entry may go back to ``pending`` (a compare-and-set in one UPDATE, so a
sender that claims the entry at the same moment wins and nothing is sent twice); sent,
sending and undeliverable entries stay as they are. The outbox is an operational record
that the audit hook skips, so the reset writes its own audit row naming the user.
"""

from __future__ import annotations

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from models import Notice, OutboxEntry, OutboxStatus
from models.audit import AuditEntry
from models.base import utcnow
from planvakt.core.errors import ConflictError, NotFoundError


def entry_of_plan(session: Session, plan_id: int, entry_id: int) -> OutboxEntry:
    """An outbox entry whose message tells about the plan (one of its digest's notices)."""
    about_plan = exists().where(
        Notice.digest_id == OutboxEntry.digest_id, Notice.plan_id == plan_id
    )
    entry = session.scalars(
        select(OutboxEntry).where(OutboxEntry.id == entry_id, about_plan)
    ).first()
    if entry is None:
        raise NotFoundError("outbox.entry_not_found", id=entry_id)
    return entry


def resend(session: Session, plan_id: int, entry_id: int) -> None:
    """Put a failed message of the plan back in the queue; the next delivery sends it.

    Raises:
        NotFoundError: no such message about this plan.
        ConflictError: the message is not ``failed`` (only failed ones may be sent again).
    """
    entry = entry_of_plan(session, plan_id, entry_id)
    changed = session.execute(
        update(OutboxEntry)
        .where(OutboxEntry.id == entry.id, OutboxEntry.status == OutboxStatus.FAILED.value)
        .values(status=OutboxStatus.PENDING.value)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(entry)
        raise ConflictError("outbox.not_failed", id=entry_id, status=entry.status)
    session.add(
        AuditEntry(
            at=utcnow(),
            actor=str(session.info.get("actor", "system"))[:100],
            action="update",
            entity=OutboxEntry.__tablename__,
            entity_id=str(entry.id),
            label=f"Varsel#{entry.id}",
            field="status",
            old_value=OutboxStatus.FAILED.value,
            new_value=OutboxStatus.PENDING.value,
            plan_id=plan_id,
        )
    )
    session.flush()
