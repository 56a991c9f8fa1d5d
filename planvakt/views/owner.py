"""«Mine tiltak»: the measures a user may report on, as cards grouped by service.

A service owner sees the measures their service owns in the plans of their municipality; a
coordinator (or admin) sees every measure of their municipality's plans. Only the current
edition of each plan counts. The traffic light is the same rule as on the plan page
(:func:`models.traffic.measure_light`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Edition, Measure, Plan, PlanMunicipality
from models.measure import MeasureStatus
from models.traffic import MeasureState, measure_light
from planvakt.core.languages import Texts
from planvakt.views.loading import PlanOptions
from planvakt.views.plan import DAYS_PER_MONTH, LightView
from planvakt.views.words import light_text, status_text

# A plan with its municipalities and the measures of its editions, each with its owner and
# its reports (the light needs the last report; a new report appends to them).
PLAN_MEASURES: PlanOptions = (
    selectinload(Plan.members).selectinload(PlanMunicipality.municipality),
    selectinload(Plan.editions).raiseload(Edition.phases),
    selectinload(Plan.editions).selectinload(Edition.measures).selectinload(Measure.owner),
    selectinload(Plan.editions).selectinload(Edition.measures).selectinload(Measure.updates),
)


@dataclass(frozen=True)
class MeasureCard:
    """One measure as a card with its report form."""

    anchor: str  # the card's HTML id, unique on the page
    plan_slug: str
    plan_title: str
    ref: str
    title: str
    focus_area: str
    owner_service_id: int
    owner: str
    deadline: date | None
    status: str  # the status value (the form's selected option)
    status_label: str
    progress: int
    last_reported: date | None
    light: LightView


@dataclass(frozen=True)
class ServiceGroup:
    """The cards of one service."""

    service_id: int
    name: str
    cards: list[MeasureCard]


@dataclass(frozen=True)
class MyMeasures:
    groups: list[ServiceGroup]

    @property
    def total(self) -> int:
        return sum(len(g.cards) for g in self.groups)


def measure_light_view(
    edition: Edition, measure: Measure, today: date, *, risk_window_days: int, tx: Texts
) -> LightView:
    """A measure's traffic light on ``today`` (the plan page's rule), with its text."""
    rhythm_days = round(edition.reporting_rhythm_months * DAYS_PER_MONTH)
    light = measure_light(
        MeasureState(
            measure.start_date,
            measure.deadline,
            MeasureStatus(measure.status).finished,
            measure.progress,
            measure.last_reported_on,
        ),
        today,
        risk_window_days=risk_window_days,
        reporting_rhythm_days=rhythm_days,
    )
    return LightView(light.value, light_text(light, tx))


def measure_card(
    plan: Plan, measure: Measure, today: date, *, risk_window_days: int, tx: Texts
) -> MeasureCard:
    """The card of one measure of ``plan``'s current edition on ``today``, in the words of
    ``tx``."""
    status = MeasureStatus(measure.status)
    return MeasureCard(
        anchor=f"tiltak-{measure.id}",
        plan_slug=plan.slug,
        plan_title=plan.title,
        ref=measure.ref,
        title=measure.title,
        focus_area=measure.focus_area,
        owner_service_id=measure.owner_service_id,
        owner=measure.owner.name,
        deadline=measure.deadline,
        status=status.value,
        status_label=status_text(status, tx),
        progress=measure.progress,
        last_reported=measure.last_reported_on,
        light=measure_light_view(
            plan.current_edition, measure, today, risk_window_days=risk_window_days, tx=tx
        ),
    )


def my_measures(
    session: Session,
    today: date,
    *,
    services: Collection[int],
    municipalities: Collection[str],
    service_municipalities: Collection[str] = (),
    risk_window_days: int = 14,
    tx: Texts,
) -> MyMeasures:
    """The measures a user may report on, grouped by owning service.

    Args:
        session: the session to read with.
        today: the day the lights are computed for.
        services: the services the user owns (service owner grants): their measures.
        municipalities: the municipalities the user coordinates: all their plans' measures.
        service_municipalities: the municipalities of ``services`` (where to look for them).
        risk_window_days: how close a deadline turns a light yellow.
        tx: the language of the cards' words.
    """
    wanted = set(municipalities) | set(service_municipalities)
    if not wanted:
        return MyMeasures([])
    plan_ids = select(PlanMunicipality.plan_id).where(
        PlanMunicipality.municipality_number.in_(wanted)
    )
    plans = session.scalars(
        select(Plan).where(Plan.id.in_(plan_ids)).order_by(Plan.slug).options(*PLAN_MEASURES)
    )
    coordinated = set(municipalities)
    groups: dict[int, ServiceGroup] = {}
    for plan in plans:
        everything = any(m.number in coordinated for m in plan.municipalities)
        for measure in plan.current_edition.measures:
            if not everything and measure.owner_service_id not in services:
                continue
            card = measure_card(plan, measure, today, risk_window_days=risk_window_days, tx=tx)
            group = groups.setdefault(
                measure.owner_service_id,
                ServiceGroup(measure.owner_service_id, measure.owner.name, []),
            )
            group.cards.append(card)
    for group in groups.values():
        group.cards.sort(key=lambda c: (c.deadline or date.max, c.plan_slug, c.ref))
    return MyMeasures(sorted(groups.values(), key=lambda g: g.name.lower()))
