"""Typed view models of a plan on a given day: what templates render (never ORM objects)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from models import PhaseKey, PhaseStatus, Plan
from models.lifecycle import NextAdoption, evaluation_due, next_adoption
from models.measure import MeasureStatus
from models.traffic import (
    Light,
    MeasureState,
    RollUp,
    checkpoint_light,
    measure_light,
    phase_light,
    roll_up,
)
from planvakt.core.languages import as_language, texts
from planvakt.views.words import light_text, status_text

DAYS_PER_MONTH = 30.44


@dataclass(frozen=True)
class LightView:
    key: str  # green / yellow / red / grey
    label: str  # "På sporet" …


@dataclass(frozen=True)
class CheckpointView:
    key: str
    title: str
    responsible: str | None
    due: date
    required: bool
    done_on: date | None
    evidence: str | None
    light: LightView
    # Done by recording a political decision of this kind (mandate, adoption, report),
    # not checked off.
    decision_kind: str | None = None


@dataclass(frozen=True)
class PhaseView:
    key: str
    position: int
    name: str
    status: str
    planned_start: date
    planned_end: date
    started_on: date | None
    completed_on: date | None
    done_count: int
    checkpoints: list[CheckpointView]
    light: LightView | None  # None while the phase has not started


@dataclass(frozen=True)
class MeasureView:
    ref: str
    focus_area: str
    title: str
    owner: str
    start: date | None
    deadline: date | None
    status: str  # in words, in the view's language
    progress: int
    finished: bool
    last_reported: date | None
    light: LightView
    status_key: str = ""  # the MeasureStatus value (planned, in_progress …)


@dataclass(frozen=True)
class NextPlanView:
    """When the next plan is planned adopted, against the end of the plan period that runs
    now; ``gap_days`` > 0 warns that the plan would run out before (a gap without a plan).
    ``started``: the next edition has begun, the date is its adoption phase's planned end."""

    planned_on: date
    period_end: date
    gap_days: int
    started: bool


@dataclass(frozen=True)
class PlanView:
    slug: str
    title: str
    municipalities: list[str]
    coordinator: str | None
    edition: int
    period_start: date | None
    period_end: date | None
    today: date
    current_phase: str | None
    phases: list[PhaseView]
    measures: list[MeasureView]
    measure_summary: RollUp
    checkpoint_summary: RollUp
    next_plan: NextPlanView | None = None


def _light(light: Light, language: str) -> LightView:
    return LightView(light.value, light_text(light, texts(as_language(language))))


def plan_view(
    plan: Plan, today: date, *, risk_window_days: int = 14, language: str = "nb"
) -> PlanView:
    """Build the view of a plan's current edition on ``today``, its words (statuses,
    lights, phase names and checkpoint titles where the plan has them) in ``language``."""
    edition = plan.current_edition
    rhythm_days = round(edition.reporting_rhythm_months * DAYS_PER_MONTH)
    phases: list[PhaseView] = []
    checkpoint_pairs: list[tuple[Light, int]] = []
    for phase in edition.phases:
        cps = []
        for cp in sorted(phase.checkpoints, key=lambda c: (c.due_date, c.position)):
            light = checkpoint_light(
                cp.due_date, cp.done_on, today, risk_window_days=risk_window_days
            )
            if phase.status == PhaseStatus.ACTIVE:
                checkpoint_pairs.append((light, 100 if cp.done_on else 0))
            cps.append(
                CheckpointView(
                    key=cp.key,
                    title=cp.title(language),
                    responsible=cp.responsible.name if cp.responsible else None,
                    due=cp.due_date,
                    required=cp.required,
                    done_on=cp.done_on,
                    evidence=cp.evidence,
                    light=_light(light, language),
                    decision_kind=cp.decision_kind,
                )
            )
        p_light = None
        if phase.status != PhaseStatus.PENDING:
            p_light = _light(
                phase_light(
                    phase.planned_end,
                    phase.completed_on,
                    [Light(c.light.key) for c in cps],
                    today,
                    risk_window_days=risk_window_days,
                ),
                language,
            )
        phases.append(
            PhaseView(
                key=phase.key,
                position=phase.position,
                name=phase.name(language),
                status=phase.status,
                planned_start=phase.planned_start,
                planned_end=phase.planned_end,
                started_on=phase.started_on,
                completed_on=phase.completed_on,
                done_count=sum(1 for c in cps if c.done_on),
                checkpoints=cps,
                light=p_light,
            )
        )
    measures = []
    for m in sorted(edition.measures, key=lambda m: _natural(m.ref)):
        status = MeasureStatus(m.status)
        light = measure_light(
            MeasureState(m.start_date, m.deadline, status.finished, m.progress, m.last_reported_on),
            today,
            risk_window_days=risk_window_days,
            reporting_rhythm_days=rhythm_days,
        )
        measures.append(
            MeasureView(
                ref=m.ref,
                focus_area=m.focus_area,
                title=m.title,
                owner=m.owner.name,
                start=m.start_date,
                deadline=m.deadline,
                status=status_text(status, texts(as_language(language))),
                progress=m.progress,
                finished=status.finished,
                last_reported=m.last_reported_on,
                light=_light(light, language),
                status_key=status.value,
            )
        )
    current = edition.current_phase
    return PlanView(
        slug=plan.slug,
        title=plan.title,
        municipalities=[m.display_name for m in plan.municipalities],
        coordinator=plan.coordinator.name if plan.coordinator else None,
        edition=edition.number,
        period_start=edition.period_start,
        period_end=edition.period_end,
        today=today,
        current_phase=current.name(language) if current else None,
        phases=phases,
        measures=measures,
        measure_summary=roll_up((Light(m.light.key), m.progress) for m in measures),
        checkpoint_summary=roll_up(checkpoint_pairs),
        next_plan=next_plan_view(plan, today),
    )


def next_plan_view(plan: Plan, today: date) -> NextPlanView | None:
    """When the next plan is planned adopted (:func:`models.lifecycle.next_adoption`), while
    a plan period runs: the current edition's once adopted, else the previous edition's
    until the next plan (the current edition) is adopted. None before the first adoption."""
    edition = plan.current_edition
    if edition.closed_on is None and edition.period_end is not None:
        evaluation = edition.evaluation_due or evaluation_due(edition.period_end)
        found = next_adoption(edition.phase_states(), edition.period_end, evaluation, today)
        return NextPlanView(found.planned_on, found.period_end, found.gap_days, started=False)
    previous = plan.editions[-2] if len(plan.editions) > 1 else None
    adoption = edition.phase(PhaseKey.ADOPTION)
    if previous is None or previous.period_end is None or adoption.status == PhaseStatus.DONE:
        return None
    found = NextAdoption(adoption.planned_end, previous.period_end)
    return NextPlanView(found.planned_on, found.period_end, found.gap_days, started=True)


def _natural(ref: str) -> tuple[object, ...]:
    """Sort 'T2' before 'T10' and '1.2' before '1.10'."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", ref))
