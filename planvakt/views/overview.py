"""The overview of many plans on one day: phase, traffic lights, next deadline, what is late.

Built from a fixed number of queries whatever the number of plans (a regional host sees
hundreds): the plans with their current phase, then the open checkpoints and the measures
of their current editions as plain rows, never as ORM graphs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Checkpoint, Measure, MeasureUpdate, Phase, PhaseStatus, Plan, PlanMunicipality
from models.measure import MeasureStatus
from models.traffic import Light, MeasureState, checkpoint_light, measure_light, worst
from planvakt.views.loading import PLAN_LIST
from planvakt.views.plan import DAYS_PER_MONTH


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


def overview(
    session: Session,
    today: date,
    *,
    municipalities: Collection[str] | None = None,
    risk_window_days: int = 14,
) -> list[PlanRow]:
    """Every plan one of ``municipalities`` takes part in (every plan if None), by slug."""
    query = select(Plan).options(*PLAN_LIST).order_by(Plan.slug)
    if municipalities is not None:
        member = select(PlanMunicipality.plan_id).where(
            PlanMunicipality.municipality_number.in_(list(municipalities))
        )
        query = query.where(Plan.id.in_(member))
    plans = list(session.scalars(query))
    editions = {plan.current_edition.id: plan for plan in plans}
    tallies = {edition_id: _Tally() for edition_id in editions}
    _tally_checkpoints(session, tallies, today, risk_window_days)
    _tally_measures(session, editions, tallies, today, risk_window_days)
    rows = []
    for edition_id, plan in editions.items():
        tally = tallies[edition_id]
        phase = plan.current_edition.current_phase
        rows.append(
            PlanRow(
                slug=plan.slug,
                title=plan.title,
                municipalities=[m.name for m in plan.municipalities],
                counties=sorted({m.county_name for m in plan.municipalities}),
                phase_key=phase.key if phase else None,
                phase_name=phase.name_nb if phase else None,
                lights=tally.lights,
                late_checkpoints=tally.late_checkpoints,
                late_measures=tally.late_measures,
                next_deadline=tally.next_deadline,
                status=worst(tally.worst),
            )
        )
    return rows


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
    editions: dict[int, Plan],
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
    rhythm: dict[int, int] = defaultdict(int)
    for edition_id, plan in editions.items():
        rhythm[edition_id] = round(plan.current_edition.reporting_rhythm_months * DAYS_PER_MONTH)
    for edition_id, start, deadline, status, progress, last_reported in session.execute(query):
        tally = tallies[edition_id]
        finished = MeasureStatus(status).finished
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
