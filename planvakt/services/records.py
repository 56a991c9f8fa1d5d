"""Recording the process: meetings and dialogue (involvering), consultations (høring) and
political decisions. Functions take a ``Session`` and never commit."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from models import (
    Consultation,
    DecisionKind,
    InvolvementRecord,
    Plan,
    PoliticalDecision,
    PoliticalMeeting,
)
from planvakt.core.errors import NotFoundError, ValidationError


def add_involvement(
    session: Session,
    plan: Plan,
    *,
    held_on: date,
    kind: str,
    participants: str,
    summary: str | None = None,
) -> InvolvementRecord:
    """A meeting or dialogue; participants are organisations or roles, never persons of concern."""
    if not kind.strip() or not participants.strip():
        raise ValidationError("involvement.incomplete")
    record = InvolvementRecord(
        held_on=held_on, kind=kind.strip(), participants=participants.strip(), summary=summary
    )
    plan.current_edition.involvements.append(record)
    session.flush()
    return record


def add_consultation(
    session: Session, plan: Plan, *, body: str, sent_on: date, deadline: date
) -> Consultation:
    """A body on the consultation (høring) list, with the deadline for its response."""
    if deadline < sent_on:
        raise ValidationError("consultation.deadline_before_sent")
    consultation = Consultation(body=body.strip(), sent_on=sent_on, deadline=deadline)
    plan.current_edition.consultations.append(consultation)
    session.flush()
    return consultation


def record_response(
    session: Session,
    plan: Plan,
    body: str,
    *,
    received_on: date,
    effect: str | None,
    exempt_from_public: bool = False,
) -> Consultation:
    """The response of a consulted body and its effect on the plan."""
    matches = [
        c for c in plan.current_edition.consultations if c.body.lower() == body.strip().lower()
    ]
    if not matches:
        raise NotFoundError("consultation.not_found", body=body, plan=plan.slug)
    consultation = matches[-1]
    if received_on < consultation.sent_on:
        raise ValidationError("consultation.response_before_sent")
    consultation.response_received_on = received_on
    consultation.effect = effect
    consultation.exempt_from_public = exempt_from_public
    session.flush()
    return consultation


def add_decision(
    session: Session,
    plan: Plan,
    *,
    body: str,
    decided_on: date,
    kind: str,
    case_number: str | None,
    summary: str | None,
) -> PoliticalDecision:
    """A political decision other than the adoption (mandate, report taken note of …)."""
    try:
        decision_kind = DecisionKind(kind)
    except ValueError:
        raise ValidationError("decision.kind_unknown", kind=kind) from None
    if decision_kind is DecisionKind.ADOPTION:
        raise ValidationError("decision.adoption_elsewhere")
    decision = PoliticalDecision(
        body=body.strip(),
        decided_on=decided_on,
        kind=decision_kind.value,
        case_number=case_number,
        summary=summary,
    )
    plan.current_edition.decisions.append(decision)
    session.flush()
    return decision


def add_meeting(
    session: Session, plan: Plan, *, body: str, meeting_date: date, note: str | None = None
) -> PoliticalMeeting:
    """Record a coming political meeting; a status report is made before it."""
    meeting = PoliticalMeeting(body=body, meeting_date=meeting_date, note=note)
    plan.current_edition.meetings.append(meeting)
    session.flush()
    return meeting
