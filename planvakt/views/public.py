"""The public page of an adopted plan: focus areas, measures, their status and progress,
and how many consultation responses came in.

Built for anyone to read (:mod:`planvakt.core.disclosure`), so it holds only what the
adopted plan itself says and how far its measures have come: no internal notes, no evidence,
no comments, no descriptions or partner lists (free text that may name people), no staff
names or contact data — the responsible unit is named by its service. Of the consultation it
tells only the count of responses (:func:`~planvakt.views.consultations.response_count`,
shown with the ``small_count`` filter), never a body or an effect: who answered may be a
private person. Counts of measures are about the plan, not people, and are shown as they
are. The page speaks the plan's language (:func:`page_language`), whoever reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models import DecisionKind, Edition, Plan, PoliticalDecision
from models.measure import MeasureStatus
from models.traffic import Light
from planvakt.core.languages import SOURCE, Language, Texts, parse_language
from planvakt.views.consultations import ResponseCount, response_count
from planvakt.views.owner import measure_light_view
from planvakt.views.plan import LightView, _natural
from planvakt.views.words import light_text, status_text


def page_language(plan: Plan) -> Language:
    """The language of the plan's public page: the plan's own (bokmål when unset)."""
    return parse_language(plan.language) or SOURCE


@dataclass(frozen=True)
class PublicMeasure:
    ref: str
    title: str
    responsible: str  # the owning service, never a person
    deadline: date | None
    status: str
    progress: int
    light: LightView


@dataclass(frozen=True)
class PublicFocusArea:
    name: str
    count: int  # measures
    progress: int  # mean progress in percent
    measures: list[PublicMeasure]


@dataclass(frozen=True)
class PublicLightCount:
    light: LightView
    count: int  # measures


@dataclass(frozen=True)
class PublicPlan:
    slug: str
    title: str
    municipalities: list[str]
    adopted_by: str
    adopted_on: date
    case_number: str | None
    period_start: date | None
    period_end: date | None
    today: date
    count: int  # measures
    progress: int
    lights: list[PublicLightCount]
    focus_areas: list[PublicFocusArea]
    responses: ResponseCount  # of the adopted edition's consultation


def adopted_edition(plan: Plan) -> tuple[Edition, PoliticalDecision] | None:
    """The newest edition of ``plan`` with an adoption decision, and that decision."""
    for edition in reversed(plan.editions):
        for decision in edition.decisions:
            if decision.kind == DecisionKind.ADOPTION:
                return edition, decision
    return None


def _mean(values: list[int]) -> int:
    return round(sum(values) / len(values)) if values else 0


def public_plan(
    plan: Plan, today: date, *, risk_window_days: int = 14, tx: Texts
) -> PublicPlan | None:
    """The public view of ``plan`` on ``today``, in the words of ``tx``; None while it has
    not been adopted.

    ``plan`` needs its editions' decisions, consultations and measures with their owners
    and reports.
    """
    adopted = adopted_edition(plan)
    if adopted is None:
        return None
    edition, decision = adopted
    areas: dict[str, list[PublicMeasure]] = {}
    for m in sorted(edition.measures, key=lambda m: _natural(m.ref)):
        status = MeasureStatus(m.status)
        areas.setdefault(m.focus_area, []).append(
            PublicMeasure(
                ref=m.ref,
                title=m.title,
                responsible=m.owner.name,
                deadline=m.deadline,
                status=status_text(status, tx),
                progress=m.progress,
                light=measure_light_view(
                    edition, m, today, risk_window_days=risk_window_days, tx=tx
                ),
            )
        )
    measures = [m for ms in areas.values() for m in ms]
    lights = [
        PublicLightCount(
            LightView(light.value, light_text(light, tx)),
            sum(1 for m in measures if m.light.key == light.value),
        )
        for light in Light
    ]
    return PublicPlan(
        slug=plan.slug,
        title=plan.title,
        municipalities=[m.display_name for m in plan.municipalities],
        adopted_by=decision.body,
        adopted_on=decision.decided_on,
        case_number=decision.case_number,
        period_start=edition.period_start,
        period_end=edition.period_end,
        today=today,
        count=len(measures),
        progress=_mean([m.progress for m in measures]),
        lights=lights,
        focus_areas=[
            PublicFocusArea(name, len(ms), _mean([m.progress for m in ms]), ms)
            for name, ms in areas.items()
        ],
        responses=response_count(edition.consultations),
    )
