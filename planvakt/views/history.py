"""Read models of a plan's records outside the plan graph: its audit history (paginated),
the notifications sent about it (addresses masked only) and its generated documents.

The words of these rows (actions, outbox statuses, document kinds) are in the viewer's
language, given to each function; the stored texts (subjects, labels) stay as they were
written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import (
    Contact,
    Digest,
    GeneratedDocument,
    Notice,
    NotificationTarget,
    OutboxEntry,
    Service,
)
from models.audit import AuditEntry
from planvakt.core.languages import N_, SOURCE, Language, texts

PER_PAGE = 50
NOTIFICATIONS_SHOWN = 100
SHOWN_VALUE = 200  # characters of an old or new value shown in the history

ACTIONS = {"create": N_("opprettet"), "update": N_("endret"), "delete": N_("slettet")}
OUTBOX_STATUS = {
    "pending": N_("venter"),
    "sending": N_("sendes"),
    "sent": N_("sendt"),
    "failed": N_("feilet"),
    "undeliverable": N_("kan ikke leveres"),
}
FORMAT_NAMES = {"html": "HTML", "md": "Markdown", "docx": "Word (DOCX)"}
KIND_NAMES = {"status": N_("Statusrapport"), "yearly": N_("Årsrapport")}


def _word(words: dict[str, str], key: str, language: Language) -> str:
    """The word for ``key`` in ``language``; an unknown key as it is stored."""
    return texts(language).gettext(words[key]) if key in words else key


@dataclass(frozen=True)
class AuditRow:
    at: datetime  # local time
    actor: str
    action: str
    label: str
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    page: int
    pages: int
    total: int


def _short(value: str | None) -> str:
    if value is None:
        return ""
    return value if len(value) <= SHOWN_VALUE else value[: SHOWN_VALUE - 1] + "…"


def _actor(actor: str) -> str:
    """``web:koord`` → ``koord``; other actors (``system``, ``outbox``) as written."""
    return actor.removeprefix("web:")


def audit_page(
    session: Session, plan_id: int, page: int, tz: ZoneInfo, language: Language = SOURCE
) -> AuditPage:
    """One page (from 1) of the plan's audit history, newest first, 50 to a page."""
    total = (
        session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.plan_id == plan_id)
        )
        or 0
    )
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(page, 1), pages)
    entries = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.plan_id == plan_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    rows = [
        AuditRow(
            at=e.at.astimezone(tz),
            actor=_actor(e.actor),
            action=_word(ACTIONS, e.action, language),
            label=e.label,
            field=e.field or "",
            old=_short(e.old_value),
            new=_short(e.new_value),
        )
        for e in entries
    ]
    return AuditPage(rows, page, pages, total)


@dataclass(frozen=True)
class NotificationRow:
    id: int
    run_date: date
    recipient: str
    subject: str
    address: str  # masked, or "–"
    status: str  # the outbox status
    status_label: str
    attempts: int
    last_error: str
    possibly_duplicate: bool

    @property
    def can_resend(self) -> bool:
        return self.status == "failed"


def plan_notifications(
    session: Session, plan_id: int, language: Language = SOURCE
) -> list[NotificationRow]:
    """The newest messages that told someone about this plan, every status, addresses masked."""
    digests = select(Notice.digest_id).where(
        Notice.plan_id == plan_id, Notice.digest_id.is_not(None)
    )
    query = (
        select(OutboxEntry, Digest, NotificationTarget.url_masked)
        .join(Digest, Digest.id == OutboxEntry.digest_id)
        .outerjoin(NotificationTarget, NotificationTarget.id == OutboxEntry.target_id)
        .where(OutboxEntry.digest_id.in_(digests))
        .order_by(Digest.run_date.desc(), OutboxEntry.id.desc())
        .limit(NOTIFICATIONS_SHOWN)
    )
    found = list(session.execute(query))
    names = _recipient_names(session, {digest.recipient for _, digest, _ in found})
    return [
        NotificationRow(
            id=entry.id,
            run_date=digest.run_date,
            recipient=names.get(digest.recipient, digest.recipient),
            subject=digest.subject,
            address=masked or "–",
            status=entry.status,
            status_label=_word(OUTBOX_STATUS, entry.status, language),
            attempts=entry.attempts,
            last_error=entry.last_error or "",
            possibly_duplicate=entry.possibly_duplicate,
        )
        for entry, digest, masked in found
    ]


def _recipient_names(session: Session, refs: set[str]) -> dict[str, str]:
    """ "service:12" → the service's name, "contact:3" → "role (service)"; roles, not people."""
    ids = {
        kind: {int(r.split(":")[1]) for r in refs if r.startswith(kind + ":")}
        for kind in ("service", "contact")
    }
    names: dict[str, str] = {}
    for service_id, name in session.execute(
        select(Service.id, Service.name).where(Service.id.in_(ids["service"]))
    ):
        names[f"service:{service_id}"] = name
    for contact_id, role, service_name in session.execute(
        select(Contact.id, Contact.role, Service.name)
        .join(Service, Service.id == Contact.service_id)
        .where(Contact.id.in_(ids["contact"]))
    ):
        names[f"contact:{contact_id}"] = f"{role} ({service_name})"
    return names


@dataclass(frozen=True)
class DocumentRow:
    id: int
    kind: str
    format: str
    format_name: str
    report_date: date
    created_at: datetime
    size_kb: int
    language: str  # the language it was rendered in (nb, nn, en)


def document_rows(
    session: Session, plan_id: int, tz: ZoneInfo, language: Language = SOURCE
) -> list[DocumentRow]:
    """The plan's stored documents, newest first, without loading their content."""
    query = (
        select(
            GeneratedDocument.id,
            GeneratedDocument.kind,
            GeneratedDocument.format,
            GeneratedDocument.report_date,
            GeneratedDocument.created_at,
            func.length(GeneratedDocument.content),
            GeneratedDocument.language,
        )
        .where(GeneratedDocument.plan_id == plan_id)
        .order_by(GeneratedDocument.id.desc())
    )
    return [
        DocumentRow(
            id=row[0],
            kind=_word(KIND_NAMES, row[1], language),
            format=row[2],
            format_name=FORMAT_NAMES.get(row[2], row[2]),
            report_date=row[3],
            created_at=row[4].astimezone(tz),
            size_kb=max(1, round((row[5] or 0) / 1024)),
            language=row[6],
        )
        for row in session.execute(query)
    ]
