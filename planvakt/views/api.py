"""Typed read models the JSON API needs beyond :mod:`planvakt.views.plan`: every political
decision of a plan's current edition, and the list of its stored documents (without their
content, which is only read when one is downloaded)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import GeneratedDocument, Plan


@dataclass(frozen=True)
class DecisionItem:
    id: int
    body: str
    decided_on: date
    case_number: str | None
    kind: str  # mandate / adoption / report / other
    summary: str | None
    period_start: date | None
    period_end: date | None


@dataclass(frozen=True)
class DocumentItem:
    id: int
    kind: str  # status / yearly
    format: str  # html / md / docx
    language: str
    report_date: date
    created_at: datetime
    size: int  # bytes
    sha256: str


def decisions(plan: Plan) -> list[DecisionItem]:
    """The political decisions of the plan's current edition, oldest first (needs the
    plan loaded with its decisions, as :data:`~planvakt.views.loading.PLAN_FULL` does)."""
    found = sorted(plan.current_edition.decisions, key=lambda d: (d.decided_on, d.id))
    return [
        DecisionItem(
            d.id,
            d.body,
            d.decided_on,
            d.case_number,
            d.kind,
            d.summary,
            d.period_start,
            d.period_end,
        )
        for d in found
    ]


def documents(session: Session, plan_id: int) -> list[DocumentItem]:
    """The stored documents of a plan, oldest first: what was made, not its bytes."""
    query = (
        select(
            GeneratedDocument.id,
            GeneratedDocument.kind,
            GeneratedDocument.format,
            GeneratedDocument.language,
            GeneratedDocument.report_date,
            GeneratedDocument.created_at,
            func.length(GeneratedDocument.content),
            GeneratedDocument.sha256,
        )
        .where(GeneratedDocument.plan_id == plan_id)
        .order_by(GeneratedDocument.id)
    )
    return [DocumentItem(*row) for row in session.execute(query)]
