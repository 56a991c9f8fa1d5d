"""Read models of the plan page's sections: the measures table with its filters, progress
per focus area (drawn as bars), and the process records (decisions, consultations,
involvement). Plain data for the templates, built from a loaded plan; their words in the
language of the viewer (``tx``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models import Plan
from models.measure import MeasureStatus
from planvakt.core.languages import N_, Texts
from planvakt.views.plan import MeasureView, PlanView
from planvakt.views.words import status_choices

DECISION_KINDS = {
    "mandate": N_("Mandat"),
    "adoption": N_("Vedtak av planen"),
    "report": N_("Rapport tatt til orientering"),
    "other": N_("Annet"),
}
SORTS = (("nr", N_("Tiltaksnummer")), ("frist", N_("Frist")))
BAR_WIDTH = 300  # px of a 100 % bar in the chart (templates/web/plan/_chart.html.j2)
BAR_HEIGHT = 22


@dataclass(frozen=True)
class MeasureFilter:
    """The measures table's filters as the query string gives them (blank means all)."""

    service: str = ""
    status: str = ""  # a MeasureStatus value
    focus_area: str = ""
    sort: str = "nr"


@dataclass(frozen=True)
class AreaProgress:
    """One bar of the chart: a focus area's mean progress and how many measures are done."""

    name: str
    measures: int
    finished: int
    progress: int
    y: int
    width: int


@dataclass(frozen=True)
class MeasuresSection:
    rows: list[MeasureView]
    total: int
    services: list[str]
    statuses: list[tuple[str, str]]
    focus_areas: list[str]
    sorts: tuple[tuple[str, str], ...]
    chosen: MeasureFilter
    progress: list[AreaProgress]


def measures_section(view: PlanView, chosen: MeasureFilter, tx: Texts) -> MeasuresSection:
    """The measures of a plan view, filtered and sorted, and the progress chart of all."""
    statuses = status_choices(tx)
    wanted_status = chosen.status if chosen.status in dict(statuses) else ""
    rows = [
        m
        for m in view.measures
        if (not chosen.service or m.owner == chosen.service)
        and (not wanted_status or m.status_key == wanted_status)
        and (not chosen.focus_area or m.focus_area == chosen.focus_area)
    ]
    if chosen.sort == "frist":
        rows.sort(key=lambda m: (m.deadline is None, m.deadline or date.max))
    return MeasuresSection(
        rows=rows,
        total=len(view.measures),
        services=sorted({m.owner for m in view.measures}),
        statuses=statuses,
        focus_areas=list(dict.fromkeys(m.focus_area for m in view.measures)),
        sorts=tuple((key, tx.gettext(label)) for key, label in SORTS),
        chosen=chosen,
        progress=area_progress(view.measures),
    )


def area_progress(measures: list[MeasureView]) -> list[AreaProgress]:
    """Mean progress per focus area, in the order the areas first appear."""
    areas: dict[str, list[MeasureView]] = {}
    for m in measures:
        areas.setdefault(m.focus_area, []).append(m)
    bars = []
    for i, (name, items) in enumerate(areas.items()):
        mean = round(sum(m.progress for m in items) / len(items))
        bars.append(
            AreaProgress(
                name=name,
                measures=len(items),
                finished=sum(1 for m in items if m.finished),
                progress=mean,
                y=10 + i * (BAR_HEIGHT + 10),
                width=round(BAR_WIDTH * mean / 100),
            )
        )
    return bars


@dataclass(frozen=True)
class DecisionRow:
    body: str
    decided_on: date
    case_number: str
    kind: str
    summary: str
    period: str


@dataclass(frozen=True)
class ConsultationRow:
    body: str
    sent_on: date
    deadline: date
    received_on: date | None
    effect: str
    exempt_from_public: bool
    exempt_basis: str  # the legal basis of the exemption ("" when not exempt)


@dataclass(frozen=True)
class InvolvementRow:
    held_on: date
    kind: str
    participants: str
    summary: str


@dataclass(frozen=True)
class ProcessSection:
    decisions: list[DecisionRow]
    consultations: list[ConsultationRow]
    involvements: list[InvolvementRow]
    has_adoption: bool


def process_section(plan: Plan, tx: Texts) -> ProcessSection:
    """Every decision, consulted body and involvement record of the current edition."""
    edition = plan.current_edition
    decisions = [
        DecisionRow(
            body=d.body,
            decided_on=d.decided_on,
            case_number=d.case_number or "–",
            kind=tx.gettext(DECISION_KINDS[d.kind]) if d.kind in DECISION_KINDS else d.kind,
            summary=d.summary or "",
            period=f"{tx.date(d.period_start, 'short')}–{tx.date(d.period_end, 'short')}"
            if d.period_start and d.period_end
            else "",
        )
        for d in edition.decisions
    ]
    return ProcessSection(
        decisions=decisions,
        consultations=[
            ConsultationRow(
                c.body,
                c.sent_on,
                c.deadline,
                c.response_received_on,
                c.effect or "",
                c.exempt,
                c.exempt_basis or "",
            )
            for c in edition.consultations
        ],
        involvements=[
            InvolvementRow(r.held_on, r.kind, r.participants, r.summary or "")
            for r in edition.involvements
        ],
        has_adoption=any(d.kind == "adoption" for d in edition.decisions),
    )


def measure_fields(plan: Plan, ref: str) -> dict[str, str] | None:
    """The fields of a measure as form values, or None if the plan has no such measure."""
    for m in plan.current_edition.measures:
        if m.ref == ref:
            return {
                "ref": m.ref,
                "focus_area": m.focus_area,
                "title": m.title,
                "description": m.description or "",
                "owner": m.owner.key,
                "partners": m.partners or "",
                "start_date": m.start_date.isoformat() if m.start_date else "",
                "deadline": m.deadline.isoformat() if m.deadline else "",
                "resources": m.resources or "",
                "indicator": m.indicator or "",
                "status": MeasureStatus(m.status).value,
                "progress": str(m.progress),
            }
    return None
