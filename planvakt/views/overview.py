"""The overview of many plans on one day: phase, traffic lights, next deadline, what is late.

Built from a fixed number of queries whatever the number of plans (a regional host sees
hundreds): the plans with their current phase, then the open checkpoints and the measures
of their current editions as plain rows, never as ORM graphs.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import (
    Checkpoint,
    Edition,
    Measure,
    MeasureUpdate,
    Municipality,
    Phase,
    Plan,
    PlanMunicipality,
)
from models.lifecycle import PhaseKey, PhaseState, PhaseStatus, current_phase
from models.measure import MeasureStatus
from models.texts import pick
from models.traffic import Light, MeasureState, checkpoint_light, measure_light, worst
from planvakt.views.plan import DAYS_PER_MONTH

FINISHED = {status.value: status.finished for status in MeasureStatus}


@dataclass(frozen=True)
class PlanRow:
    """One plan in the overview."""

    slug: str
    title: str
    municipalities: list[str]
    counties: list[str]
    phase_key: str | None
    phase_name: str | None
    lights: dict[Light, int]  # measures per traffic light
    late_checkpoints: int
    late_measures: int
    next_deadline: date | None
    status: Light  # the most urgent light of the plan's open checkpoints and measures

    @property
    def late(self) -> int:
        return self.late_checkpoints + self.late_measures


@dataclass
class _Tally:
    lights: dict[Light, int] = field(default_factory=lambda: dict.fromkeys(Light, 0))
    late_checkpoints: int = 0
    late_measures: int = 0
    next_deadline: date | None = None
    worst: list[Light] = field(default_factory=list)

    def deadline(self, day: date | None, today: date) -> None:
        if (
            day is not None
            and day >= today
            and (self.next_deadline is None or day < self.next_deadline)
        ):
            self.next_deadline = day


@dataclass
class _Head:
    """What the overview shows of a plan besides its tallies: plain values, no ORM graph."""

    slug: str
    title: str
    rhythm_months: int
    municipalities: list[str] = field(default_factory=list)
    counties: set[str] = field(default_factory=set)
    phases: list[PhaseState] = field(default_factory=list)
    language: str = "nb"
    phase_names: dict[int, dict[str, str]] = field(default_factory=dict)


def overview(
    session: Session,
    today: date,
    *,
    municipalities: Collection[str] | None = None,
    risk_window_days: int = 14,
    language: str | None = None,
) -> list[PlanRow]:
    """Every plan one of ``municipalities`` takes part in (every plan if None), by slug.

    Phase names are in ``language`` where the plan has it, else in each plan's language.
    """
    heads = _heads(session, municipalities)
    tallies = {edition_id: _Tally() for edition_id in heads}
    _tally_checkpoints(session, tallies, today, risk_window_days)
    rhythm = {e: round(h.rhythm_months * DAYS_PER_MONTH) for e, h in heads.items()}
    _tally_measures(session, rhythm, tallies, today, risk_window_days)
    rows = []
    for edition_id, head in heads.items():
        tally = tallies[edition_id]
        phase = current_phase(sorted(head.phases, key=lambda p: p.position))
        rows.append(
            PlanRow(
                slug=head.slug,
                title=head.title,
                municipalities=head.municipalities,
                counties=sorted(head.counties),
                phase_key=phase.key.value if phase else None,
                phase_name=pick(head.phase_names[phase.position], language or head.language)
                if phase
                else None,
                lights=tally.lights,
                late_checkpoints=tally.late_checkpoints,
                late_measures=tally.late_measures,
                next_deadline=tally.next_deadline,
                status=worst(tally.worst),
            )
        )
    return sorted(rows, key=lambda r: r.slug)


def _heads(session: Session, municipalities: Collection[str] | None) -> dict[int, _Head]:
    """The plans with their newest edition, keyed by that edition's id (three queries)."""
    newest = (
        select(Edition.plan_id, func.max(Edition.number).label("number"))
        .group_by(Edition.plan_id)
        .subquery()
    )
    query = (
        select(
            Edition.id,
            Plan.id,
            Plan.slug,
            Plan.title,
            Edition.reporting_rhythm_months,
            Plan.language,
        )
        .join(Plan, Plan.id == Edition.plan_id)
        .join(newest, (newest.c.plan_id == Edition.plan_id) & (newest.c.number == Edition.number))
    )
    if municipalities is not None:
        member = select(PlanMunicipality.plan_id).where(
            PlanMunicipality.municipality_number.in_(list(municipalities))
        )
        query = query.where(Plan.id.in_(member))
    heads: dict[int, _Head] = {}
    by_plan: dict[int, _Head] = {}
    for edition_id, plan_id, slug, title, rhythm, plan_language in session.execute(query):
        heads[edition_id] = by_plan[plan_id] = _Head(slug, title, rhythm, language=plan_language)
    members = (
        select(PlanMunicipality.plan_id, Municipality.display_name, Municipality.county_name)
        .join(Municipality, Municipality.number == PlanMunicipality.municipality_number)
        .where(PlanMunicipality.plan_id.in_(list(by_plan)))
        .order_by(PlanMunicipality.plan_id, PlanMunicipality.position)
    )
    for plan_id, name, county in session.execute(members):
        by_plan[plan_id].municipalities.append(name)
        by_plan[plan_id].counties.add(county)
    phases = select(Phase.edition_id, Phase.key, Phase.position, Phase.status, Phase.names).where(
        Phase.edition_id.in_(list(heads))
    )
    for edition_id, key, position, status, names in session.execute(phases):
        heads[edition_id].phases.append(PhaseState(PhaseKey(key), position, PhaseStatus(status)))
        heads[edition_id].phase_names[position] = names
    return heads


def _tally_checkpoints(
    session: Session, tallies: dict[int, _Tally], today: date, risk_window_days: int
) -> None:
    query = (
        select(Phase.edition_id, Checkpoint.due_date)
        .join(Checkpoint, Checkpoint.phase_id == Phase.id)
        .where(
            Phase.edition_id.in_(list(tallies)),
            Phase.status == PhaseStatus.ACTIVE.value,
            Checkpoint.done_on.is_(None),
            Checkpoint.required.is_(True),
        )
    )
    for edition_id, due in session.execute(query):
        tally = tallies[edition_id]
        light = checkpoint_light(due, None, today, risk_window_days=risk_window_days)
        tally.worst.append(light)
        tally.late_checkpoints += light is Light.RED
        tally.deadline(due, today)


def _tally_measures(
    session: Session,
    rhythm: dict[int, int],
    tallies: dict[int, _Tally],
    today: date,
    risk_window_days: int,
) -> None:
    last_report = (
        select(MeasureUpdate.measure_id, func.max(MeasureUpdate.reported_on).label("on"))
        .group_by(MeasureUpdate.measure_id)
        .subquery()
    )
    query = (
        select(
            Measure.edition_id,
            Measure.start_date,
            Measure.deadline,
            Measure.status,
            Measure.progress,
            last_report.c.on,
        )
        .outerjoin(last_report, last_report.c.measure_id == Measure.id)
        .where(Measure.edition_id.in_(list(tallies)))
    )
    for edition_id, start, deadline, status, progress, last_reported in session.execute(query):
        tally = tallies[edition_id]
        finished = FINISHED[status]
        state = MeasureState(start, deadline, finished, progress, last_reported)
        light = measure_light(
            state,
            today,
            risk_window_days=risk_window_days,
            reporting_rhythm_days=rhythm[edition_id],
        )
        tally.lights[light] += 1
        if not finished:
            tally.worst.append(light)
            tally.late_measures += light is Light.RED
            tally.deadline(deadline, today)


SORTS = {
    "plan": lambda r: (r.slug,),
    "frist": lambda r: (r.next_deadline is None, r.next_deadline or date.max, r.slug),
    "forsinket": lambda r: (-r.late, r.slug),
}


def select_rows(
    rows: list[PlanRow],
    *,
    county: str | None = None,
    phase: str | None = None,
    status: str | None = None,
    sort: str = "plan",
) -> list[PlanRow]:
    """The rows matching the filters (county name, phase key, light), sorted by ``sort``
    (``plan``, ``frist`` for the next deadline, ``forsinket`` for the most late first)."""
    chosen = [
        r
        for r in rows
        if (not county or county in r.counties)
        and (not phase or r.phase_key == phase)
        and (not status or r.status.value == status)
    ]
    return sorted(chosen, key=SORTS.get(sort, SORTS["plan"]))
