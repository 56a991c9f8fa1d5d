"""Plan operations: create a plan from a template, find it, complete checkpoints, advance
phases through their gates, and record measure status updates.

Functions take a ``Session`` and never commit; the caller owns the transaction.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    Checkpoint,
    Edition,
    Measure,
    MeasureStatus,
    MeasureUpdate,
    Municipality,
    Phase,
    PhaseStatus,
    Plan,
    PlanMunicipality,
    Service,
)
from models.gates import CheckpointState, checkpoint_due, gate_date, gate_met, plan_phases
from models.measure import parse_measure_status
from models.privacy import check_free_text
from models.template import PlanTemplate
from planvakt.core.errors import ConflictError, NotFoundError, ValidationError
from planvakt.services.directory import get_municipality


def slugify(text: str) -> str:
    """ASCII slug: 'Færder' → 'faerder'."""
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def ensure_services(
    session: Session, municipality: Municipality, template: PlanTemplate
) -> dict[str, Service]:
    """Create the template's services for a municipality where missing; return all by key."""
    existing = {
        s.key: s
        for s in session.scalars(
            select(Service).where(Service.municipality_number == municipality.number)
        )
    }
    for spec in template.services:
        if spec.key not in existing:
            service = Service(
                municipality_number=municipality.number,
                key=spec.key,
                name=spec.name,
                external=spec.external,
            )
            session.add(service)
            existing[spec.key] = service
    session.flush()
    return existing


def create_plan(
    session: Session,
    *,
    municipality_numbers: Sequence[str],
    template: PlanTemplate,
    start: date,
    title: str | None = None,
    slug: str | None = None,
    language: str = "nb",
) -> Plan:
    """Start a plan process: one edition, six phases, dated checkpoints.

    The first municipality leads; several make an inter-municipal (interkommunal) plan.
    Services come from the lead municipality's directory, created from the template if new.
    """
    if not municipality_numbers:
        raise ValidationError("oppgi minst én kommune (--kommune)")
    municipalities = [get_municipality(session, n) for n in municipality_numbers]
    if len({m.number for m in municipalities}) != len(municipalities):
        raise ValidationError("samme kommune er oppgitt flere ganger")
    lead = municipalities[0]
    names = " og ".join(m.name for m in municipalities)
    title = title or template.plan_title.get(language).replace("{kommune}", names)
    check_free_text(title, field="title")
    slug = slug or f"{lead.number}-{slugify(names)}-{start.year}"
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,79}", slug):
        raise ValidationError(f"ugyldig plan-id '{slug}': bruk små bokstaver, tall og '-'")
    if session.scalar(select(Plan.id).where(Plan.slug == slug)) is not None:
        raise ConflictError(f"planen '{slug}' finnes allerede; velg en annen id med --slug")

    services = ensure_services(session, lead, template)
    plan = Plan(slug=slug, title=title, coordinator=services[template.defaults.coordinator])
    plan.members = [
        PlanMunicipality(municipality=m, position=i) for i, m in enumerate(municipalities)
    ]
    edition = Edition(
        number=1,
        template_key=template.key,
        started_on=start,
        reporting_rhythm_months=template.defaults.reporting_rhythm_months,
    )
    plan.editions = [edition]
    edition.phases = _phases_from_template(template, start, services)
    session.add(plan)
    session.flush()
    return plan


def _phases_from_template(
    template: PlanTemplate, start: date, services: dict[str, Service]
) -> list[Phase]:
    dates = plan_phases(start, [p.duration_days for p in template.phases])
    phases = []
    for position, (spec, planned) in enumerate(zip(template.phases, dates, strict=True), start=1):
        phase = Phase(
            key=spec.key,
            position=position,
            name_nb=spec.name.nb,
            name_en=spec.name.en,
            duration_days=spec.duration_days,
            planned_start=planned.planned_start,
            planned_end=planned.planned_end,
            status=(PhaseStatus.ACTIVE if position == 1 else PhaseStatus.PENDING).value,
            started_on=start if position == 1 else None,
        )
        phase.checkpoints = [
            Checkpoint(
                key=cp.key,
                position=i,
                title_nb=cp.title.nb,
                title_en=cp.title.en,
                responsible=services[cp.responsible],
                offset_days=cp.offset_days,
                offset_unit=cp.unit.value,
                required=cp.required,
                due_date=checkpoint_due(planned.planned_start, cp.offset_days, cp.unit),
            )
            for i, cp in enumerate(spec.checkpoints)
        ]
        phases.append(phase)
    return phases


def find_plan(session: Session, ref: str) -> Plan:
    """A plan by its id (slug) or number."""
    query = select(Plan).where(Plan.slug == ref)
    if ref.isdigit():
        query = select(Plan).where((Plan.slug == ref) | (Plan.id == int(ref)))
    plan = session.scalars(query).first()
    if plan is None:
        raise NotFoundError(f"fant ingen plan '{ref}' (se 'planvakt plan list')")
    return plan


def list_plans(session: Session) -> list[Plan]:
    return list(session.scalars(select(Plan).order_by(Plan.slug)))


def find_checkpoint(plan: Plan, key: str) -> Checkpoint:
    """A checkpoint of the plan's current edition by key (``phase/key`` if ambiguous)."""
    phase_key, _, cp_key = key.rpartition("/")
    matches = [
        cp
        for phase in plan.current_edition.phases
        if not phase_key or phase.key == phase_key
        for cp in phase.checkpoints
        if cp.key == cp_key
    ]
    if not matches:
        raise NotFoundError(f"fant ikke sjekkpunktet '{key}' i planen '{plan.slug}'")
    if len(matches) > 1:
        raise ValidationError(f"sjekkpunktet '{key}' finnes i flere faser; skriv fase/sjekkpunkt")
    return matches[0]


@dataclass(frozen=True)
class PhaseChange:
    """A phase passed its gate: phase keys (for code) and bokmål names (for people)."""

    completed: str
    opened: str | None
    on: date
    completed_name: str = ""
    opened_name: str = "ny utgave"

    def describe(self) -> str:
        return f"{self.completed_name} fullført {self.on:%d.%m.%Y}, {self.opened_name} åpnet"


def complete_checkpoint(
    session: Session, plan: Plan, key: str, *, on: date, today: date, evidence: str | None = None
) -> list[PhaseChange]:
    """Mark a checkpoint done (with evidence) and advance phases whose gate is now met."""
    if on > today:
        raise ValidationError(f"datoen {on:%d.%m.%Y} er i framtiden")
    checkpoint = find_checkpoint(plan, key)
    if checkpoint.done_on is not None:
        raise ConflictError(
            f"sjekkpunktet '{checkpoint.key}' ble allerede fullført {checkpoint.done_on:%d.%m.%Y}"
        )
    checkpoint.done_on = on
    if evidence is not None:
        checkpoint.evidence = evidence
    session.flush()
    return advance_phases(plan.current_edition, today)


def advance_phases(edition: Edition, today: date) -> list[PhaseChange]:
    """Complete every phase whose gate is met, in order, and open the next one.

    The next phase opens on the day the gate was met; its dates and those of the phases
    after it are planned again from that day. A yearly revision round that completes hands
    the plan back to the implementation; the final revision closes the edition and opens
    the next cycle (edition) at phase 1.
    """
    changes: list[PhaseChange] = []
    while (phase := edition.current_phase) is not None:
        states = [CheckpointState(c.required, c.done_on) for c in edition.gate_checkpoints(phase)]
        if not gate_met(states):
            break
        met_on = min(gate_date(states) or today, today)
        implementing = edition.phase("gjennomforing").status == PhaseStatus.ACTIVE
        phase.status = PhaseStatus.DONE.value
        phase.completed_on = met_on
        if phase.key == "revisjon" and implementing:
            implementation = edition.phase("gjennomforing")
            changes.append(
                PhaseChange(
                    phase.key, implementation.key, met_on, phase.name_nb, implementation.name_nb
                )
            )
            continue
        following = [p for p in edition.phases if p.position > phase.position]
        if following:
            following[0].status = PhaseStatus.ACTIVE.value
            following[0].started_on = met_on
            _replan(following, met_on)
            changes.append(
                PhaseChange(
                    phase.key, following[0].key, met_on, phase.name_nb, following[0].name_nb
                )
            )
        else:
            edition.closed_on = met_on
            changes.append(PhaseChange(phase.key, None, met_on, phase.name_nb))
            break
    return changes


def _replan(phases: list[Phase], start: date) -> None:
    dates = plan_phases(start, [p.duration_days for p in phases])
    for phase, planned in zip(phases, dates, strict=True):
        phase.planned_start, phase.planned_end = planned.planned_start, planned.planned_end
        for cp in phase.checkpoints:
            if cp.done_on is None and cp.revision_round is None:
                cp.due_date = checkpoint_due(planned.planned_start, cp.offset_days, cp.offset_unit)


def find_measure(plan: Plan, ref: str) -> Measure:
    for measure in plan.current_edition.measures:
        if measure.ref == ref:
            return measure
    raise NotFoundError(f"fant ikke tiltaket '{ref}' i planen '{plan.slug}'")


def report_measure(
    session: Session,
    plan: Plan,
    ref: str,
    *,
    on: date,
    today: date,
    status: str | None = None,
    progress: int | None = None,
    comment: str | None = None,
    reported_by: str | None = None,
) -> MeasureUpdate:
    """Record a status update on a measure; status and progress move with it."""
    measure = find_measure(plan, ref)
    if on > today:
        raise ValidationError(f"datoen {on:%d.%m.%Y} er i framtiden")
    try:
        new_status = parse_measure_status(status) if status else MeasureStatus(measure.status)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    new_progress = measure.progress if progress is None else progress
    if not 0 <= new_progress <= 100:
        raise ValidationError(f"fremdrift må være mellom 0 og 100 (fikk {new_progress})")
    if new_status is MeasureStatus.DONE and progress is None:
        new_progress = 100
    update = MeasureUpdate(
        reported_on=on,
        status=new_status.value,
        progress=new_progress,
        comment=comment,
        reported_by=reported_by,
    )
    measure.updates.append(update)
    measure.status, measure.progress = new_status.value, new_progress
    session.flush()
    return update
