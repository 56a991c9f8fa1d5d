"""Calendar feeds (iCalendar, RFC 5545) per plan and per service.

All-day events for checkpoint and measure deadlines and political meeting dates. Each event
has a stable UID, so a subscribed calendar (Outlook "subscribe to calendar") updates an
event in place when its date changes and drops it when it is removed.

A feed is handed out as a URL anyone holding it can read (``/kalender/<token>.ics``), so an
event carries only dates and titles — the plan's, the phase's, the measure's, the focus
area's and the responsible service's names — never contact data, evidence, comments or the
internal notes of a meeting.

A plan's feed speaks the plan's language; a service's feed, which may cover several plans,
speaks theirs when they agree and bokmål otherwise (:func:`shared_language`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, Timezone
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Checkpoint, Measure, Phase, Plan, PlanMunicipality, Service
from models.measure import MeasureStatus
from planvakt.core.languages import Texts, texts
from planvakt.views.loading import PLAN_FULL
from planvakt.views.report import plan_language, shared_language

TZID = "Europe/Oslo"
DOMAIN = "planvakt"


@dataclass(frozen=True)
class CalendarItem:
    uid: str
    day: date
    summary: str
    description: str


def _plan_items(plan: Plan, tx: Texts, service_id: int | None = None) -> list[CalendarItem]:
    edition = plan.current_edition
    short = tx.join(m.name for m in plan.municipalities)
    items: list[CalendarItem] = []
    for phase in edition.phases:
        if phase.status == "done":
            continue
        for cp in phase.checkpoints:
            if cp.done_on is not None or (
                service_id is not None and cp.responsible_service_id != service_id
            ):
                continue
            items.append(_checkpoint_item(plan, phase, cp, short, tx))
    for m in edition.measures:
        if MeasureStatus(m.status).finished or m.deadline is None:
            continue
        if service_id is not None and m.owner_service_id != service_id:
            continue
        items.append(_measure_item(plan, m, short, tx))
    if service_id is None:
        items += [
            CalendarItem(
                f"meeting-{meeting.id}@{DOMAIN}",
                meeting.meeting_date,
                tx.gettext("Politisk møte: {body} ({municipalities})").format(
                    body=meeting.body, municipalities=short
                ),
                f"{plan.title}.",
            )
            for meeting in edition.meetings
        ]
    return items


def _checkpoint_item(
    plan: Plan, phase: Phase, cp: Checkpoint, short: str, tx: Texts
) -> CalendarItem:
    owner = cp.responsible.name if cp.responsible else "–"
    return CalendarItem(
        f"checkpoint-{cp.id}@{DOMAIN}",
        cp.due_date,
        tx.gettext("Frist: {title} ({municipalities})").format(
            title=cp.title(tx.language), municipalities=short
        ),
        tx.gettext("{plan}. Fase: {phase}. Ansvarlig: {owner}.").format(
            plan=plan.title, phase=phase.name(tx.language), owner=owner
        ),
    )


def _measure_item(plan: Plan, m: Measure, short: str, tx: Texts) -> CalendarItem:
    return CalendarItem(
        f"measure-{m.id}@{DOMAIN}",
        m.deadline or date.min,
        tx.gettext("Frist tiltak {ref}: {title} ({municipalities})").format(
            ref=m.ref, title=m.title, municipalities=short
        ),
        tx.gettext("{plan}. Innsatsområde: {area}. Ansvarlig: {owner}.").format(
            plan=plan.title, area=m.focus_area, owner=m.owner.name
        ),
    )


def _calendar(name: str, items: Iterable[CalendarItem], stamp: datetime, tx: Texts) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", f"-//planvakt//planvakt//{tx.language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    items = sorted(items, key=lambda i: (i.day, i.uid))
    if items:
        calendar.add_component(
            Timezone.from_tzid(
                TZID, first_date=items[0].day, last_date=items[-1].day + timedelta(days=1)
            )
        )
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    content: bytes = calendar.to_ical()
    return content


def plan_feed(plan: Plan, stamp: datetime | None = None) -> bytes:
    """Every open deadline and meeting of a plan's current edition, in the plan's language."""
    tx = texts(plan_language(plan))
    name = tx.gettext("Frister: {plan}").format(plan=plan.title)
    return _calendar(name, _plan_items(plan, tx), stamp or datetime.now(UTC), tx)


def service_feed(session: Session, service: Service, stamp: datetime | None = None) -> bytes:
    """Every open deadline the service owns, across the plans of its municipality (in
    their language when they share one, else in bokmål)."""
    plans: Sequence[Plan] = session.scalars(
        select(Plan)
        .join(PlanMunicipality)
        .where(PlanMunicipality.municipality_number == service.municipality_number)
        .order_by(Plan.id)
        .options(*PLAN_FULL)
    ).all()
    tx = texts(shared_language(plan_language(plan) for plan in plans))
    items: list[CalendarItem] = []
    for plan in plans:
        items += _plan_items(plan, tx, service_id=service.id)
    name = tx.gettext("Frister for {service}").format(service=service.name)
    return _calendar(name, items, stamp or datetime.now(UTC), tx)
