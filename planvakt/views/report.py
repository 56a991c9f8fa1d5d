"""The content model of status documents, built once and rendered to HTML, Markdown and DOCX.

Typed, plain data (never ORM objects); its snapshot is stored with every document so that
the next report can say what changed. Every word in it is in the report's language (by
default the plan's): the texts are bokmål marked for the catalogs, translated here.

Status and yearly reports are for politicians (:mod:`planvakt.core.disclosure`): the content
holds no consultation entry exempt from public access, and its count of responses is
:func:`~planvakt.views.consultations.response_count` (shown with the ``small_count`` filter).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from models import Actor, PhaseStatus, Plan
from models.measure import MeasureStatus
from models.reports import Change, changes_since
from models.traffic import Light
from planvakt.core.languages import SOURCE, Language, Texts, as_language, texts
from planvakt.views.consultations import ResponseCount, disclosed, response_count
from planvakt.views.plan import (
    CheckpointView,
    LightView,
    MeasureView,
    NextPlanView,
    PhaseView,
    plan_view,
)
from planvakt.views.words import light_text, status_text

UPCOMING_DAYS = 30


@dataclass(frozen=True)
class LateItem:
    kind: str  # checkpoint or measure, in the report's language
    title: str
    owner: str
    due: date
    days_late: int


@dataclass(frozen=True)
class Upcoming:
    kind: str
    title: str
    owner: str
    due: date


@dataclass(frozen=True)
class FocusArea:
    name: str
    measures: list[MeasureView]


@dataclass(frozen=True)
class DecisionLine:
    body: str
    decided_on: date
    case_number: str
    kind: str
    summary: str


@dataclass(frozen=True)
class ConsultationLine:
    body: str
    sent_on: date
    deadline: date
    response: str
    effect: str


@dataclass(frozen=True)
class LightCount:
    light: LightView
    measures: int
    checkpoints: int


@dataclass(frozen=True)
class TimelineRow:
    name: str
    planned_x: float
    planned_w: float
    actual_x: float | None
    actual_w: float
    status: str
    y: float


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    label_w: int
    rows: list[TimelineRow]
    today_x: float
    start: date
    end: date


@dataclass(frozen=True)
class YearlyLine:
    ref: str
    title: str
    owner: str
    status: str
    progress: int
    reported: str  # the owner's reports this year
    outcome: str  # videreført / endret (utsatt) / avsluttet / fullført


@dataclass(frozen=True)
class StatusReport:
    kind: str  # "status" or "yearly"
    language: Language
    title: str
    plan_title: str
    slug: str
    municipalities: list[str]
    county: str
    rvts: str
    korus: str
    edition: int
    period: str
    today: date
    current_phase: str
    phases: list[PhaseView]
    timeline: Timeline
    counts: list[LightCount]
    late: list[LateItem]
    upcoming: list[Upcoming]
    focus_areas: list[FocusArea]
    phase_checkpoints: list[CheckpointView]
    decisions: list[DecisionLine]
    consultations: list[ConsultationLine]  # never an exempt one
    responses: ResponseCount
    changes: list[str]
    mean_progress: int
    yearly: list[YearlyLine] = field(default_factory=list)
    evaluation: str = ""
    proposal: str = ""
    next_plan: NextPlanView | None = None

    def snapshot(self) -> dict[str, Any]:
        """What the next report compares with (and what is stored with this one)."""
        return {
            "phase": self.current_phase,
            "checkpoints_done": [c.title for c in self.phase_checkpoints if c.done_on],
            "measures": {
                m.ref: {"title": m.title, "status": m.status, "progress": m.progress}
                for area in self.focus_areas
                for m in area.measures
            },
            "report": asdict(self),
        }


def _timeline(phases: list[PhaseView], today: date) -> Timeline:
    width, label_w, row_h = 760, 170, 26
    start = min(p.planned_start for p in phases)
    end = max(max(p.planned_end for p in phases), today)
    span = max((end - start).days, 1)
    scale = (width - label_w - 10) / span

    def x(day: date) -> float:
        return round(label_w + (day - start).days * scale, 1)

    rows = []
    for i, p in enumerate(phases):
        actual_end = p.completed_on or (today if p.status == PhaseStatus.ACTIVE else None)
        rows.append(
            TimelineRow(
                name=p.name,
                planned_x=x(p.planned_start),
                planned_w=max(round((p.planned_end - p.planned_start).days * scale, 1), 2.0),
                actual_x=x(p.started_on) if p.started_on else None,
                actual_w=max(
                    round(
                        ((actual_end or p.started_on or start) - (p.started_on or start)).days
                        * scale,
                        1,
                    ),
                    2.0,
                ),
                status=p.status,
                y=20 + i * row_h,
            )
        )
    return Timeline(width, 30 + len(phases) * row_h, label_w, rows, x(today), start, end)


def plan_language(plan: Plan) -> Language:
    """The language of everything the plan sends and publishes (bokmål when unset)."""
    return as_language(plan.language or SOURCE)


def shared_language(languages: Iterable[Language]) -> Language:
    """The one language of several plans, or bokmål when they differ (or there are none)."""
    found = set(languages)
    return found.pop() if len(found) == 1 else SOURCE


def build_report(
    plan: Plan,
    today: date,
    *,
    previous: dict[str, Any] | None = None,
    language: Language | None = None,
    risk_window_days: int = 14,
    kind: str = "status",
    evaluation: str = "",
    proposal: str = "",
) -> StatusReport:
    """The content of a status (or yearly) report of a plan on ``today``.

    Args:
        language: the report's language; by default the plan's own.
    """
    language = language or plan_language(plan)
    tx = texts(language)
    view = plan_view(plan, today, risk_window_days=risk_window_days, language=language)
    edition = plan.current_edition
    lead = plan.lead_municipality
    active = [p for p in view.phases if p.status == PhaseStatus.ACTIVE]
    checkpoints = [c for p in active for c in p.checkpoints]
    checkpoint_kind = tx.gettext("Sjekkpunkt")
    measure_kind = tx.pgettext("singular", "Tiltak")
    late = [
        LateItem(checkpoint_kind, c.title, c.responsible or "–", c.due, (today - c.due).days)
        for c in checkpoints
        if not c.done_on and c.due < today
    ]
    late += [
        LateItem(measure_kind, f"{m.ref} {m.title}", m.owner, m.deadline, (today - m.deadline).days)
        for m in view.measures
        if m.light.key == Light.RED and m.deadline
    ]
    horizon = today + timedelta(days=UPCOMING_DAYS)
    upcoming = [
        Upcoming(checkpoint_kind, c.title, c.responsible or "–", c.due)
        for c in checkpoints
        if not c.done_on and today <= c.due <= horizon
    ]
    upcoming += [
        Upcoming(measure_kind, f"{m.ref} {m.title}", m.owner, m.deadline)
        for m in view.measures
        if m.deadline and not m.finished and today <= m.deadline <= horizon
    ]
    areas: dict[str, list[MeasureView]] = {}
    for m in view.measures:
        areas.setdefault(m.focus_area, []).append(m)
    counts = []
    for light in Light:
        counts.append(
            LightCount(
                LightView(light.value, light_text(light, tx)),
                sum(1 for m in view.measures if m.light.key == light),
                sum(1 for c in checkpoints if c.light.key == light),
            )
        )
    period = (
        f"{tx.date(edition.period_start, 'short')}–{tx.date(edition.period_end, 'short')}"
        if edition.period_start and edition.period_end
        else tx.gettext("fastsettes ved vedtak")
    )
    report = StatusReport(
        kind=kind,
        language=language,
        title=_title(kind, today, tx),
        plan_title=plan.title,
        slug=plan.slug,
        municipalities=view.municipalities,
        county=lead.county_name,
        rvts=_adviser(lead.rvts, lead.regions_unverified, tx),
        korus=_adviser(lead.korus, lead.regions_unverified, tx),
        edition=edition.number,
        period=period,
        today=today,
        current_phase=view.current_phase or tx.gettext("alle faser fullført"),
        phases=view.phases,
        timeline=_timeline(view.phases, today),
        counts=counts,
        late=sorted(late, key=lambda item: -item.days_late),
        upcoming=sorted(upcoming, key=lambda item: item.due),
        focus_areas=[FocusArea(name, items) for name, items in areas.items()],
        phase_checkpoints=checkpoints,
        decisions=[
            DecisionLine(d.body, d.decided_on, d.case_number or "–", d.kind, d.summary or "")
            for d in edition.decisions[-5:]
        ],
        consultations=[
            ConsultationLine(
                c.body,
                c.sent_on,
                c.deadline,
                tx.date(c.response_received_on, "short")
                if c.response_received_on
                else tx.gettext("ikke mottatt"),
                c.effect or "",
            )
            for c in disclosed(edition.consultations)[-10:]
        ],
        responses=response_count(edition.consultations),
        changes=[],
        mean_progress=view.measure_summary.progress,
        yearly=_yearly_lines(plan, today, tx) if kind == "yearly" else [],
        evaluation=evaluation,
        proposal=proposal,
        next_plan=view.next_plan,
    )
    changes = [change_line(line, tx) for line in changes_since(previous, report.snapshot())]
    return replace(report, changes=changes)


def change_line(change: Change, tx: Texts) -> str:
    """A change line in the report's language; whole numbers in it are percentages."""
    params = {
        name: tx.percent(value) if isinstance(value, int) else value
        for name, value in change.params.items()
    }
    return tx.gettext(change.text).format(**params)


def _title(kind: str, today: date, tx: Texts) -> str:
    if kind == "yearly":
        return tx.gettext("Årsrapport {year}").format(year=today.year)
    return tx.gettext("Statusrapport")


def _adviser(actor: Actor | None, unverified: bool, tx: Texts) -> str:
    """An RVTS/KORUS name; an unconfirmed region mapping stays marked as such ([verify])."""
    if actor is None:
        return "–"
    name = actor.name(tx.language)
    return tx.gettext("{name} (ikke bekreftet)").format(name=name) if unverified else name


def _outcome(status: MeasureStatus, tx: Texts) -> str:
    """What happens to a measure after the year: the yearly report's «Videre» column."""
    if status is MeasureStatus.DONE:
        return tx.gettext("fullført")
    if status is MeasureStatus.CLOSED:
        return tx.gettext("avsluttet")
    if status is MeasureStatus.POSTPONED:
        return tx.gettext("endret (utsatt)")
    return tx.gettext("videreført")


def _yearly_lines(plan: Plan, today: date, tx: Texts) -> list[YearlyLine]:
    lines = []
    for m in plan.current_edition.measures:
        reports = [
            u
            for u in m.updates
            if u.reported_on.year == today.year or (today - u.reported_on).days <= 365
        ]
        reported = "; ".join(
            f"{tx.date(u.reported_on, 'short')}: {status_text(u.status, tx)} {tx.percent(u.progress)}"
            + (f" – {u.comment}" if u.comment else "")
            for u in reports
        )
        status = MeasureStatus(m.status)
        lines.append(
            YearlyLine(
                m.ref,
                m.title,
                m.owner.name,
                status_text(status, tx),
                m.progress,
                reported or tx.gettext("ingen rapport"),
                _outcome(status, tx),
            )
        )
    return lines
