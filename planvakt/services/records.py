"""Recording the process: meetings and dialogue (involvering), consultations (høring) and
political decisions. Functions take a ``Session`` and never commit."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from models import (
    Consultation,
    DecisionKind,
    Edition,
    InvolvementRecord,
    Plan,
    PoliticalDecision,
    PoliticalMeeting,
)
from models.fields import FieldProblem
from models.gates import anchored_due_dates, consultation_deadline
from models.records import POLITICAL_KINDS, check_exempt_basis, is_political_body
from planvakt.core.errors import NotFoundError, ValidationError
from planvakt.services.plans import (
    complete_by_decision,
    hearing_weeks,
    latest_consultation_deadline,
)


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
    session: Session,
    plan: Plan,
    *,
    body: str,
    sent_on: date,
    deadline: date | None = None,
    today: date | None = None,
) -> Consultation:
    """A body on the consultation (høring) list, with the deadline for its response.

    The deadline is by default the edition's consultation period (``hearing_weeks``) from
    the day it was sent, on a business day (:func:`models.gates.consultation_deadline`); a
    shorter one is refused, and so is a sending date after ``today`` (when given). The
    checkpoints counted from the consultation deadline follow the latest one.
    """
    if today is not None and sent_on > today:
        raise ValidationError("date.in_future", date=sent_on)
    edition = plan.current_edition
    weeks = hearing_weeks(edition)
    earliest = consultation_deadline(sent_on, weeks)
    if deadline is not None and deadline < earliest:
        raise ValidationError(
            "consultation.deadline_too_early", earliest=earliest, weeks=weeks, deadline=deadline
        )
    consultation = Consultation(body=body.strip(), sent_on=sent_on, deadline=deadline or earliest)
    edition.consultations.append(consultation)
    follow_consultation_deadline(edition)
    session.flush()
    return consultation


def follow_consultation_deadline(edition: Edition) -> None:
    """Date the open checkpoints anchored to the consultation deadline again, counted from
    the edition's latest one (after a consultation was added or its deadline changed)."""
    deadline = latest_consultation_deadline(edition)
    if deadline is None:
        return
    for phase in edition.phases:
        states = phase.state().checkpoints
        for index, due in anchored_due_dates(states, deadline).items():
            phase.checkpoints[index].due_date = due


def record_response(
    session: Session,
    plan: Plan,
    body: str,
    *,
    received_on: date,
    effect: str | None,
    exempt_from_public: bool = False,
    exempt_basis: str | None = None,
) -> Consultation:
    """The response of a consulted body and its effect on the plan.

    A response exempt from public access needs its legal basis (``exempt_basis``, e.g.
    «offentleglova § 13 jf. forvaltningsloven § 13»); it is then left out of every
    political and public document (:mod:`planvakt.core.disclosure`).
    """
    try:
        basis = check_exempt_basis(exempt_from_public, exempt_basis)
    except FieldProblem as problem:
        raise ValidationError(problem.code, location=None, **problem.params) from None
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
    consultation.exempt_basis = basis
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
    today: date | None = None,
) -> PoliticalDecision:
    """A political decision other than the adoption (mandate, report taken note of …).

    It completes the open checkpoint bound to a decision of its kind, if there is one
    (:func:`planvakt.services.plans.complete_by_decision`): phases then advance as of
    ``today``; without it, that is left to the caller or the daily sweep.
    """
    try:
        decision_kind = DecisionKind(kind)
    except ValueError:
        raise ValidationError("decision.kind_unknown", kind=kind) from None
    if decision_kind is DecisionKind.ADOPTION:
        raise ValidationError("decision.adoption_elsewhere")
    check_political(decision_kind, body, case_number)
    decision = PoliticalDecision(
        body=body.strip(),
        decided_on=decided_on,
        kind=decision_kind.value,
        case_number=case_number,
        summary=summary,
    )
    plan.current_edition.decisions.append(decision)
    session.flush()
    complete_by_decision(session, plan, decision, today)
    return decision


def check_political(kind: DecisionKind, body: str, case_number: str | None) -> None:
    """Refuse a mandate or adoption that is not a political decision with a case number."""
    if kind not in POLITICAL_KINDS:
        return
    if not is_political_body(body):
        raise ValidationError("decision.not_political", body=body.strip())
    if not (case_number or "").strip():
        raise ValidationError("decision.case_required")


def add_meeting(
    session: Session, plan: Plan, *, body: str, meeting_date: date, note: str | None = None
) -> PoliticalMeeting:
    """Record a coming political meeting; a status report is made before it."""
    meeting = PoliticalMeeting(body=body, meeting_date=meeting_date, note=note)
    plan.current_edition.meetings.append(meeting)
    session.flush()
    return meeting
