"""The yearly revision (rullering), the adoption decision, and the next plan cycle.

Functions take a ``Session`` and never commit; the caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from models import (
    Checkpoint,
    DecisionKind,
    Edition,
    Measure,
    Phase,
    PhaseKey,
    Plan,
    PoliticalDecision,
)
from models.gates import EditionDates, due_dates
from models.lifecycle import (
    EVALUATION_CHECKPOINT,
    PhaseStatus,
    adoption,
    fit_next_edition,
    initial_phases,
    may_start_next_edition,
    revision_round,
)
from models.lifecycle import evaluation_due as evaluation_start
from models.measure import MeasureStatus
from planvakt.core.errors import ConflictError, ValidationError
from planvakt.exchange.templates import load_template, shipped_templates
from planvakt.services.plans import (
    apply_replans,
    complete_by_decision,
    edition_dates,
    hearing_weeks,
    sync_yearly_checkpoints,
)
from planvakt.services.records import check_political


@dataclass(frozen=True)
class RevisionRound:
    plan_id: int
    year: int
    checkpoints: int
    evaluation_due: date | None


def open_revision_round(session: Session, plan: Plan, today: date) -> RevisionRound | None:
    """Open this year's revision round for a plan in implementation.

    Creates the round's checkpoints (copies of the revision phase's own, due from today)
    and schedules the evaluation before the plan period ends. Returns None when the plan
    is not in implementation or this year's round exists already (so a re-run is harmless).
    """
    edition = plan.current_edition
    planned = revision_round(edition.phase_states(), today)
    if planned is None:
        return None
    revision = edition.phase(PhaseKey.REVISION)
    base = [(revision.checkpoints[i], due) for i, due in planned.due_dates.items()]
    position = max((c.position for c in revision.checkpoints), default=0)
    for i, (cp, due) in enumerate(base, start=1):
        revision.checkpoints.append(
            Checkpoint(
                key=f"{cp.key}-{planned.year}",
                position=position + i,
                titles={code: f"{text} ({planned.year})" for code, text in cp.titles.items()},
                responsible=cp.responsible,
                offset_days=cp.offset_days,
                offset_unit=cp.offset_unit,
                required=cp.required,
                revision_round=planned.year,
                due_date=due,
            )
        )
    revision.status = PhaseStatus.ACTIVE.value
    revision.started_on, revision.completed_on = today, None
    revision.planned_start, revision.planned_end = planned.planned_start, planned.planned_end
    _schedule_evaluation(edition)
    session.flush()
    return RevisionRound(plan.id, planned.year, len(base), edition.evaluation_due)


def _schedule_evaluation(edition: Edition) -> None:
    if edition.period_end is None:
        return
    if edition.evaluation_due is None:
        edition.evaluation_due = evaluation_start(edition.period_end)
    evaluation = next(
        (
            c
            for c in edition.phase(PhaseKey.IMPLEMENTATION).checkpoints
            if c.key == EVALUATION_CHECKPOINT
        ),
        None,
    )
    if evaluation is not None and evaluation.done_on is None:
        evaluation.due_date = edition.evaluation_due


def record_adoption(
    session: Session,
    plan: Plan,
    *,
    body: str,
    decided_on: date,
    case_number: str | None,
    period_start: date,
    period_end: date,
    reporting_rhythm_months: int = 12,
    evaluation_due: date | None = None,
    summary: str | None = None,
    today: date | None = None,
) -> PoliticalDecision:
    """Record the council's adoption: it fixes the plan period, reporting and evaluation.

    The implementation phase is planned to last the plan period, and the final «Evaluering
    og rullering» its last twelve months (from ``evaluation_due``, by default a year before
    the period ends, to the period's end), so the next plan can be adopted before this one
    runs out. The adoption completes the checkpoint bound to it (``decision_kind``
    adoption); phases advance as of ``today``.
    """
    if period_end <= period_start:
        raise ValidationError("adoption.period_order", start=period_start, end=period_end)
    if not 1 <= reporting_rhythm_months <= 24:
        raise ValidationError("adoption.rhythm_range", months=reporting_rhythm_months)
    check_political(DecisionKind.ADOPTION, body, case_number)
    edition = plan.current_edition
    if any(d.kind == DecisionKind.ADOPTION for d in edition.decisions):
        raise ConflictError("adoption.exists")
    decision = PoliticalDecision(
        body=body,
        decided_on=decided_on,
        case_number=case_number,
        kind=DecisionKind.ADOPTION.value,
        summary=summary,
        period_start=period_start,
        period_end=period_end,
        reporting_rhythm_months=reporting_rhythm_months,
        evaluation_due=evaluation_due,
    )
    edition.decisions.append(decision)
    edition.period_start, edition.period_end = period_start, period_end
    edition.reporting_rhythm_months = reporting_rhythm_months
    edition.evaluation_due = evaluation_due or evaluation_start(period_end)
    duration, replans = adoption(edition.phase_states(), edition_dates(edition))
    edition.phase(PhaseKey.IMPLEMENTATION).duration_days = duration
    apply_replans(edition, replans)
    _schedule_evaluation(edition)
    session.flush()
    complete_by_decision(session, plan, decision, today)
    return decision


def start_next_edition(session: Session, plan: Plan, today: date) -> Edition:
    """Open the next cycle of a plan, starting again at phase 1.

    Allowed once the edition is closed, or earlier, once its final evaluation runs
    (:func:`models.lifecycle.may_start_next_edition`), so that the next plan can be adopted
    before the current period ends; the edition is then closed ``today``: its active phases
    complete, open checkpoints stay open as its history. Phases and checkpoints follow the
    previous edition's structure (its yearly checkpoints derived again for the new dates);
    unfinished measures are carried over. The previous edition stays as history.
    """
    previous = plan.current_edition
    if previous.closed_on is None:
        if not may_start_next_edition(previous.phase_states()):
            raise ConflictError("edition.evaluation_not_started", checkpoint=EVALUATION_CHECKPOINT)
        _close(previous, today)
    edition = Edition(
        number=previous.number + 1,
        template_key=previous.template_key,
        started_on=today,
        reporting_rhythm_months=previous.reporting_rhythm_months,
        hearing_weeks=hearing_weeks(previous),
    )
    dates = EditionDates(hearing_weeks=hearing_weeks(previous))
    lengths = _lengths(previous)
    fitted = fit_next_edition(
        [lengths.get(p.key, p.duration_days) for p in previous.phases],
        today,
        None if previous.period_end is None or previous.period_end < today else previous.period_end,
    )
    starts = initial_phases(fitted.durations, today)
    for old, planned, duration in zip(previous.phases, starts, fitted.durations, strict=True):
        phase = Phase(
            key=old.key,
            position=old.position,
            names=dict(old.names),
            duration_days=duration,
            planned_start=planned.planned_start,
            planned_end=planned.planned_end,
            status=planned.status.value,
            started_on=planned.started_on,
        )
        own = [c for c in old.checkpoints if c.revision_round is None]
        offsets = [fitted.offset(lengths.get((old.key, c.key), c.offset_days)) for c in own]
        states = [
            replace(c.state(), done_on=None, offset_days=days)
            for c, days in zip(own, offsets, strict=True)
        ]
        due = due_dates(states, planned.planned_start, dates)
        phase.checkpoints = [
            Checkpoint(
                key=c.key,
                position=c.position,
                titles=dict(c.titles),
                responsible=c.responsible,
                offset_days=offsets[i],
                offset_unit=c.offset_unit,
                required=c.required,
                decision_kind=c.decision_kind,
                yearly_on=c.yearly_on,
                anchor=c.anchor,
                # A yearly checkpoint is dated (or dropped) by sync_yearly_checkpoints.
                due_date=due.get(i, planned.planned_start),
            )
            for i, c in enumerate(own)
        ]
        sync_yearly_checkpoints(phase)
        edition.phases.append(phase)
    for m in previous.measures:
        if not MeasureStatus(m.status).finished:
            edition.measures.append(
                Measure(
                    ref=m.ref,
                    focus_area=m.focus_area,
                    title=m.title,
                    description=m.description,
                    owner=m.owner,
                    partners=m.partners,
                    start_date=m.start_date,
                    deadline=m.deadline,
                    resources=m.resources,
                    indicator=m.indicator,
                    status=m.status,
                    progress=m.progress,
                )
            )
    plan.editions.append(edition)
    session.flush()
    return edition


def _lengths(edition: Edition) -> dict[object, int]:
    """The template's own phase lengths (by phase key) and checkpoint offsets (by phase and
    checkpoint key) for an edition of a shipped template, so that a fitted edition does not
    shrink the next one again; empty for a municipality's own template file (the previous
    edition's lengths are used)."""
    if edition.template_key not in shipped_templates():
        return {}
    template = load_template(edition.template_key)
    lengths: dict[object, int] = {}
    for phase in template.phases:
        lengths[phase.key] = phase.duration_days
        for checkpoint in phase.checkpoints:
            lengths[(phase.key, checkpoint.key)] = checkpoint.offset
    return lengths


def _close(edition: Edition, on: date) -> None:
    """Close an edition whose next one starts ``on``: its active phases complete that day."""
    for phase in edition.phases:
        if phase.status == PhaseStatus.ACTIVE:
            phase.status, phase.completed_on = PhaseStatus.DONE.value, on
    edition.closed_on = on
