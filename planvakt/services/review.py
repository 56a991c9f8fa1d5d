"""The daily review of a plan: advance phases whose gates are met, and collect every
reminder, escalation, gate warning and nudge due today.

Pure rules live in :mod:`models.reminders`; this module reads the plan and applies them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from models import Checkpoint, Measure, MeasureStatus, Phase, PhaseStatus, Plan
from models.reminders import (
    Deadline,
    Notice,
    NoticeKind,
    Recipients,
    ReminderPolicy,
    deadline_notices,
    gate_notices,
    nudge_notices,
    trigger_window,
)
from planvakt.core.languages import Texts, as_language, texts
from planvakt.core.settings import Settings
from planvakt.notify.outbox import PlanNotice
from planvakt.notify.recipients import RecipientResolver
from planvakt.services.plans import PhaseChange, advance_phases
from planvakt.services.policy import policy_for
from planvakt.services.revision import start_next_edition
from planvakt.views.plan import DAYS_PER_MONTH


@dataclass
class Review:
    phase_changes: list[tuple[str, PhaseChange]] = field(default_factory=list)
    notices: list[PlanNotice] = field(default_factory=list)

    def extend(self, other: Review) -> None:
        self.phase_changes += other.phase_changes
        self.notices += other.notices


def review_plan(
    session: Session, plan: Plan, today: date, settings: Settings, last_sweep: date | None = None
) -> Review:
    """Advance the plan through met gates, then collect what is due ``today`` (and on the
    days since ``last_sweep``, if a sweep was missed)."""
    review = Review()
    for change in advance_phases(plan.current_edition, today):
        review.phase_changes.append((plan.slug, change))
    if plan.current_edition.closed_on is not None:
        start_next_edition(session, plan, plan.current_edition.closed_on)
    window = trigger_window(today, last_sweep)
    if not window:
        return review
    policy = policy_for(plan, settings)
    resolver = RecipientResolver(session, plan)
    edition = plan.current_edition
    # The titles of what is due go out in the plan's language.
    tx = texts(as_language(plan.language))
    notices: list[Notice] = []
    for phase in edition.phases:
        if phase.status != PhaseStatus.ACTIVE:
            continue
        notices += _phase_notices(
            edition.gate_checkpoints(phase), phase, resolver, window, policy, tx
        )
    rhythm_days = round(edition.reporting_rhythm_months * DAYS_PER_MONTH)
    for measure in edition.measures:
        notices += _measure_notices(measure, resolver, window, policy, rhythm_days, today, tx)
    for consultation in edition.consultations:
        if consultation.response_received_on is None and resolver.coordinator:
            coordinator = resolver.coordinator
            deadline = Deadline(
                f"consultation:{consultation.id}",
                tx.gettext("Høringssvar fra {body}").format(body=consultation.body),
                consultation.deadline,
                plan.coordinator.name if plan.coordinator else "",
                _all(coordinator),
            )
            notices += deadline_notices(deadline, window, policy)
    review.notices = [PlanNotice(plan.id, n) for n in notices]
    return review


def _all(recipient: str) -> Recipients:
    return Recipients(recipient, recipient, recipient, recipient)


def _phase_notices(
    checkpoints: list[Checkpoint],
    phase: Phase,
    resolver: RecipientResolver,
    window: list[date],
    policy: ReminderPolicy,
    tx: Texts,
) -> list[Notice]:
    notices: list[Notice] = []
    for cp in checkpoints:
        if cp.done_on is not None or cp.responsible is None:
            continue
        deadline = Deadline(
            f"checkpoint:{cp.id}",
            cp.title(tx.language),
            cp.due_date,
            cp.responsible.name,
            resolver.for_owner(cp.responsible),
        )
        notices += deadline_notices(deadline, window, policy)
    if resolver.coordinator:
        notices += gate_notices(
            f"phase:{phase.id}",
            tx.gettext("Fasen «{phase}» skal være ferdig").format(phase=phase.name(tx.language)),
            phase.planned_end,
            resolver.coordinator,
            window,
            policy,
        )
    return notices


def _measure_notices(
    measure: Measure,
    resolver: RecipientResolver,
    window: list[date],
    policy: ReminderPolicy,
    rhythm_days: int,
    today: date,
    tx: Texts,
) -> list[Notice]:
    if MeasureStatus(measure.status).finished:
        return []
    recipients = resolver.for_owner(measure.owner)
    title = _measure_title(measure, tx)
    notices: list[Notice] = []
    if measure.deadline is not None:
        deadline = Deadline(
            f"measure:{measure.id}", title, measure.deadline, measure.owner.name, recipients
        )
        notices += deadline_notices(deadline, window, policy)
    if measure.start_date is not None and measure.start_date <= today:
        since = measure.last_reported_on or measure.start_date
        notices += nudge_notices(
            f"measure:{measure.id}",
            title,
            measure.owner.name,
            recipients.owner,
            since,
            rhythm_days,
            window,
            policy,
        )
    return notices


def yearly_status_requests(plan: Plan, today: date, session: Session) -> list[PlanNotice]:
    """Ask every owner of an unfinished measure for its yearly status (revision)."""
    resolver = RecipientResolver(session, plan)
    tx = texts(as_language(plan.language))
    notices = []
    for measure in plan.current_edition.measures:
        if MeasureStatus(measure.status).finished:
            continue
        notices.append(
            PlanNotice(
                plan.id,
                Notice(
                    resolver.for_owner(measure.owner).owner,
                    f"measure:{measure.id}",
                    NoticeKind.YEARLY_STATUS,
                    today,
                    measure.deadline,
                    0,
                    _measure_title(measure, tx),
                    measure.owner.name,
                ),
            )
        )
    return notices


def _measure_title(measure: Measure, tx: Texts) -> str:
    return tx.gettext("Tiltak {ref}: {title}").format(ref=measure.ref, title=measure.title)
