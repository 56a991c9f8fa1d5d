"""Status documents as records: generated, stored with hash and snapshot, fetched as sent.

Functions take a ``Session`` and never commit; the caller owns the transaction. A document
is rendered in its plan's language and records that language.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEntry, GeneratedDocument, Plan
from models.base import utcnow
from models.privacy import PersonalDataFound, check_free_text
from models.reports import report_due
from planvakt.core.errors import Location, NotFoundError, PrivacyError, ValidationError
from planvakt.core.settings import get_settings
from planvakt.documents.render import FORMATS, render_bytes
from planvakt.views.report import StatusReport, build_report, plan_language

KINDS = ("status", "yearly")


def _previous_snapshot(session: Session, plan: Plan, kind: str) -> dict[str, Any] | None:
    latest = session.scalars(
        select(GeneratedDocument.snapshot)
        .where(GeneratedDocument.plan_id == plan.id, GeneratedDocument.kind == kind)
        .order_by(GeneratedDocument.id.desc())
        .limit(1)
    ).first()
    return json.loads(latest) if latest else None


def last_report_date(session: Session, plan_id: int) -> date | None:
    return session.scalars(
        select(GeneratedDocument.report_date)
        .where(GeneratedDocument.plan_id == plan_id, GeneratedDocument.kind == "status")
        .order_by(GeneratedDocument.report_date.desc())
        .limit(1)
    ).first()


def is_due(session: Session, plan: Plan, today: date) -> bool:
    """Monthly, and before each political meeting recorded on the plan."""
    meetings = [m.meeting_date for m in plan.current_edition.meetings]
    return report_due(today, last_report_date(session, plan.id), meetings)


def generate(
    session: Session,
    plan: Plan,
    today: date,
    *,
    kind: str = "status",
    formats: Sequence[str] = FORMATS,
    evaluation: str = "",
    proposal: str = "",
) -> tuple[StatusReport, list[GeneratedDocument]]:
    """Build the report once (in the plan's language), render it in each format, and store
    every document.

    ``evaluation`` and ``proposal`` are sealed into the document, which is never corrected
    afterwards: a fødselsnummer in either is refused before anything is rendered.
    """
    for field, text in (("evaluation", evaluation), ("proposal", proposal)):
        try:
            check_free_text(text, field=field)
        except PersonalDataFound as exc:
            raise PrivacyError(exc.code, location=Location(field=field), **exc.params) from None
    if kind not in KINDS:
        raise ValidationError("report.kind_unknown", kind=kind)
    for fmt in formats:
        if fmt not in FORMATS:
            raise ValidationError("report.format_unknown", format=fmt)
    settings = get_settings()
    language = plan_language(plan)
    report = build_report(
        plan,
        today,
        previous=_previous_snapshot(session, plan, kind),
        language=language,
        risk_window_days=settings.risk_window_days,
        kind=kind,
        evaluation=evaluation,
        proposal=proposal,
    )
    snapshot = json.dumps(report.snapshot(), default=str, ensure_ascii=False, sort_keys=True)
    documents = []
    for fmt in formats:
        content = render_bytes(report, fmt)
        documents.append(
            GeneratedDocument(
                plan_id=plan.id,
                edition_number=plan.current_edition.number,
                kind=kind,
                format=fmt,
                language=language,
                report_date=today,
                sha256=hashlib.sha256(content).hexdigest(),
                content=content,
                snapshot=snapshot,
            )
        )
    session.add_all(documents)
    session.flush()
    # Stored documents keep their content out of the audit log (it is the record itself);
    # who made which document, and when, is written there by hand.
    session.add_all(
        AuditEntry(
            at=utcnow(),
            actor=str(session.info.get("actor", "system"))[:100],
            action="create",
            entity=GeneratedDocument.__tablename__,
            entity_id=str(document.id),
            label=f"Dokument#{document.id} {document.kind} ({document.format})",
            plan_id=plan.id,
        )
        for document in documents
    )
    session.flush()
    return report, documents


def list_documents(session: Session, plan: Plan) -> list[GeneratedDocument]:
    return list(
        session.scalars(
            select(GeneratedDocument)
            .where(GeneratedDocument.plan_id == plan.id)
            .order_by(GeneratedDocument.id)
        )
    )


def get_document(session: Session, document_id: int) -> GeneratedDocument:
    document = session.get(GeneratedDocument, document_id)
    if document is None:
        raise NotFoundError("document.not_found", id=document_id)
    if hashlib.sha256(document.content).hexdigest() != document.sha256:
        raise ValidationError("document.checksum_mismatch", id=document_id)
    return document
