"""The outbox: every message is written first, then sent, and every attempt is recorded.

- :func:`enqueue` turns notices into one digest per recipient. A notice's dedup key
  (recipient, item, kind, day) is unique, so re-runs and concurrent sweeps never make a
  second message for the same notice.
- :func:`deliver` claims each entry just before sending it (an atomic compare-and-set), so
  two senders never send the same entry; an entry whose sender died mid-send is taken again
  after a lease and marked *possibly duplicated*. A failed entry stays ``failed`` — visible,
  and tried again by the next run — until it is delivered.

Why an entry failed is written in the digest's language (the coordinators of its plans read
it), like the digest itself (:func:`planvakt.notify.messages.digest_language`).
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Engine, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models import Digest, Notice, NotificationTarget, OutboxEntry, OutboxStatus, Plan
from models.base import utcnow
from models.reminders import Notice as Reason
from planvakt.core.db import session_scope
from planvakt.core.errors import PlanvaktError
from planvakt.core.languages import Language, as_language, texts
from planvakt.core.messages import error_text
from planvakt.core.settings import Settings
from planvakt.notify import secrets
from planvakt.notify import sender as notifier
from planvakt.notify.messages import render_digest
from planvakt.notify.recipients import recipient_name
from planvakt.views.report import shared_language

INSERT_CHUNK = 500

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlanNotice:
    """A reason to notify (from the review) and the plan it concerns."""

    plan_id: int
    notice: Reason


class DeliveryFailed(PlanvaktError):
    """Some messages could not be sent; they stay ``failed`` in the outbox."""


@dataclass(frozen=True)
class EnqueueResult:
    notices: int
    digests: int
    entries: list[int]


def enqueue(
    session: Session, notices: list[PlanNotice], run_date: date, settings: Settings
) -> EnqueueResult:
    """Record new notices and write one digest per recipient, with one outbox entry per target."""
    new_ids = _insert_notices(session, notices, run_date)
    if not new_ids:
        return EnqueueResult(0, 0, [])
    fresh = list(session.scalars(select(Notice).where(Notice.id.in_(new_ids)).order_by(Notice.id)))
    by_recipient: dict[str, list[Notice]] = defaultdict(list)
    for notice in fresh:
        by_recipient[notice.recipient].append(notice)
    plans = {
        p.id: p
        for p in session.scalars(select(Plan).where(Plan.id.in_({n.plan_id for n in fresh})))
    }
    targets = _targets(session, set(by_recipient))
    entry_objects: list[OutboxEntry] = []
    for recipient, group in sorted(by_recipient.items()):
        name = recipient_name(session, recipient)
        message = render_digest(name, group, plans, run_date, settings)
        digest = Digest(
            recipient=recipient,
            run_date=run_date,
            subject=message.subject,
            body_text=message.text,
            body_html=message.html,
        )
        recipient_targets = targets.get(recipient, [])
        if recipient_targets:
            digest.entries = [OutboxEntry(target_id=t.id) for t in recipient_targets]
        else:
            digest.entries = [
                OutboxEntry(
                    target_id=None,
                    status=OutboxStatus.UNDELIVERABLE.value,
                    last_error=texts(message.language)
                    .gettext("ingen varslingsadresse registrert for {name}")
                    .format(name=name),
                )
            ]
        session.add(digest)
        session.flush()
        for notice in group:
            notice.digest_id = digest.id
        entry_objects += digest.entries
    session.flush()
    pending = [e.id for e in entry_objects if e.status == OutboxStatus.PENDING]
    return EnqueueResult(len(fresh), len(by_recipient), pending)


def _insert_notices(session: Session, notices: list[PlanNotice], run_date: date) -> list[int]:
    rows: dict[str, dict[str, Any]] = {}
    for pn in notices:
        n = pn.notice
        rows.setdefault(
            n.dedup_key,
            {
                "dedup_key": n.dedup_key,
                "plan_id": pn.plan_id,
                "recipient": n.recipient,
                "item": n.item,
                "kind": n.kind.value,
                "trigger_date": n.trigger,
                "run_date": run_date,
                "title": n.title[:200],
                "owner": n.owner_name[:200] or None,
                "due_date": n.due,
                "days_late": n.days_late,
            },
        )
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    values = list(rows.values())
    new_ids: list[int] = []
    for start in range(0, len(values), INSERT_CHUNK):
        stmt = (
            insert(Notice)
            .values(values[start : start + INSERT_CHUNK])
            .on_conflict_do_nothing(index_elements=["dedup_key"])
            .returning(Notice.id)
        )
        new_ids += list(session.scalars(stmt))
    return new_ids


def _targets(session: Session, recipients: set[str]) -> dict[str, list[NotificationTarget]]:
    services = [int(r.split(":")[1]) for r in recipients if r.startswith("service:")]
    contacts = [int(r.split(":")[1]) for r in recipients if r.startswith("contact:")]
    found: dict[str, list[NotificationTarget]] = defaultdict(list)
    query = (
        select(NotificationTarget)
        .where(
            or_(
                NotificationTarget.service_id.in_(services),
                NotificationTarget.contact_id.in_(contacts),
            )
        )
        .order_by(NotificationTarget.id)
    )
    for target in session.scalars(query):
        key = (
            f"service:{target.service_id}" if target.service_id else f"contact:{target.contact_id}"
        )
        found[key].append(target)
    return found


def status_counts(session: Session, entry_ids: list[int]) -> dict[str, int]:
    """How many of the given entries are in each status now."""
    counts: dict[str, int] = defaultdict(int)
    for start in range(0, len(entry_ids), INSERT_CHUNK):
        ids = entry_ids[start : start + INSERT_CHUNK]
        for status in session.scalars(select(OutboxEntry.status).where(OutboxEntry.id.in_(ids))):
            counts[status] += 1
    return dict(counts)


# --- delivery ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryResult:
    sent: int
    failed: int
    skipped: int  # taken by another sender, or already delivered


def deliverable(session: Session, now: datetime, lease_seconds: int) -> list[int]:
    """Entries to send now: pending, failed, or claimed by a sender that has not finished
    within the lease (it probably died)."""
    stale = now - timedelta(seconds=lease_seconds)
    query = (
        select(OutboxEntry.id)
        .where(
            or_(
                OutboxEntry.status.in_([OutboxStatus.PENDING.value, OutboxStatus.FAILED.value]),
                (OutboxEntry.status == OutboxStatus.SENDING.value)
                & (OutboxEntry.claimed_at <= stale),
            )
        )
        .order_by(OutboxEntry.id)
    )
    return list(session.scalars(query))


@dataclass(frozen=True)
class _Job:
    entry_id: int
    url: str
    subject: str
    text: str
    html: str
    language: Language  # of the digest: the language its failure is told in


def _claimable(now: datetime, lease_seconds: int) -> ColumnElement[bool]:
    """Entries a sender may take: new, failed, or held by a sender past its lease."""
    stale = now - timedelta(seconds=lease_seconds)
    return or_(
        OutboxEntry.status.in_([OutboxStatus.PENDING.value, OutboxStatus.FAILED.value]),
        (OutboxEntry.status == OutboxStatus.SENDING.value) & (OutboxEntry.claimed_at <= stale),
    )


def _claim(engine: Engine, entry_id: int, lease_seconds: int) -> _Job | None:
    """Atomically take one entry (compare-and-set in a single UPDATE) and read its message."""
    now = utcnow()
    with session_scope(engine, actor="outbox") as session:
        claimed = session.execute(
            update(OutboxEntry)
            .where(
                OutboxEntry.id == entry_id,
                OutboxEntry.target_id.is_not(None),
                _claimable(now, lease_seconds),
            )
            .values(
                status=OutboxStatus.SENDING.value,
                claimed_at=now,
                attempts=OutboxEntry.attempts + 1,
                # taken from a sender that died mid-send: it may already have gone out
                possibly_duplicate=OutboxEntry.possibly_duplicate
                | (OutboxEntry.status == OutboxStatus.SENDING.value),
            )
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return None
        row = session.execute(
            select(
                NotificationTarget.url_encrypted,
                Digest.id,
                Digest.subject,
                Digest.body_text,
                Digest.body_html,
            )
            .join(OutboxEntry, OutboxEntry.target_id == NotificationTarget.id)
            .join(Digest, Digest.id == OutboxEntry.digest_id)
            .where(OutboxEntry.id == entry_id)
        ).one()
        languages = session.scalars(
            select(Plan.language)
            .join(Notice, Notice.plan_id == Plan.id)
            .where(Notice.digest_id == row.id)
            .distinct()
        )
        language = shared_language(as_language(code or "") for code in languages)
    return _Job(
        entry_id,
        secrets.decrypt(row.url_encrypted),
        row.subject,
        row.body_text,
        row.body_html,
        language,
    )


def _send(job: _Job) -> str | None:
    """Send one job; None on success, otherwise the reason (never the URL), in the digest's
    language."""
    try:
        notifier.send(job.url, title=job.subject, text=job.text, html=job.html)
    except PlanvaktError as exc:
        return error_text(exc, job.language)
    except Exception as exc:  # an unexpected plugin error must not lose the entry
        return (
            texts(job.language).gettext("uventet feil ({error})").format(error=type(exc).__name__)
        )
    return None


def _record(engine: Engine, entry_id: int, error: str | None) -> None:
    with session_scope(engine, actor="outbox") as session:
        values: dict[str, Any] = (
            {"status": OutboxStatus.SENT.value, "sent_at": utcnow(), "last_error": None}
            if error is None
            else {"status": OutboxStatus.FAILED.value, "last_error": error[:4000]}
        )
        session.execute(update(OutboxEntry).where(OutboxEntry.id == entry_id).values(**values))


def deliver(engine: Engine, entry_ids: list[int], settings: Settings) -> DeliveryResult:
    """Send the given entries with at most ``send_concurrency`` sends in flight.

    Each entry is claimed just before its send and its result recorded as soon as it is
    known, so a crash loses at most the sends in flight.
    """
    sent = failed = skipped = 0
    in_flight: dict[cf.Future[str | None], int] = {}
    queue = list(entry_ids)

    def settle(done: set[cf.Future[str | None]]) -> None:
        nonlocal sent, failed
        for future in done:
            entry_id = in_flight.pop(future)
            error = future.result()
            _record(engine, entry_id, error)
            if error is None:
                sent += 1
            else:
                failed += 1
                log.warning("utboks: melding %d feilet: %s", entry_id, error)

    with cf.ThreadPoolExecutor(max_workers=settings.send_concurrency) as pool:
        while queue or in_flight:
            while queue and len(in_flight) < settings.send_concurrency:
                job = _claim(engine, queue.pop(0), settings.outbox_lease_seconds)
                if job is None:
                    skipped += 1
                    continue
                in_flight[pool.submit(_send, job)] = job.entry_id
            if in_flight:
                done, _ = cf.wait(in_flight, return_when=cf.FIRST_COMPLETED)
                settle(done)
    log.info("utboks: sendt %d, feilet %d, hoppet over %d", sent, failed, skipped)
    return DeliveryResult(sent, failed, skipped)
