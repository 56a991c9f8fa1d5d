"""The public page of an adopted plan: focus areas, measures, their status and progress.

Built for anyone to read, so it holds only what the adopted plan itself says and how far its
measures have come: no internal notes, no evidence, no comments, no descriptions or partner
lists (free text that may name people), no staff names or contact data — the responsible
unit is named by its service. A count below :data:`MIN_PUBLIC_COUNT` could point to a person
and is shown as «færre enn 5» (privacy rules of the product). The page speaks the plan's
language (:func:`page_language`), whoever reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models import DecisionKind, Edition, Plan, PoliticalDecision
from models.measure import MeasureStatus
from models.traffic import Light
from planvakt.core.languages import SOURCE, Language, Texts, parse_language
from planvakt.views.owner import measure_light_view
from planvakt.views.plan import LightView, _natural
from planvakt.views.words import light_text, status_text

MIN_PUBLIC_COUNT = 5


def page_language(plan: Plan) -> Language:
    """The language of the plan's public page: the plan's own (bokmål when unset)."""
    return parse_language(plan.language) or SOURCE


def public_count(count: int, tx: Texts) -> str:
    """A count as the public may see it: small ones suppressed."""
    if count >= MIN_PUBLIC_COUNT:
        return tx.number(count)
    return tx.gettext("færre enn {count}").format(count=MIN_PUBLIC_COUNT)


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
    count: str  # suppressed below MIN_PUBLIC_COUNT
    progress: int  # mean progress in percent
    measures: list[PublicMeasure]


@dataclass(frozen=True)
class PublicLightCount:
    light: LightView
    count: str


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
    count: str
    progress: int
    lights: list[PublicLightCount]
    focus_areas: list[PublicFocusArea]


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

    ``plan`` needs its editions' decisions and measures with their owners and reports.
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
            public_count(sum(1 for m in measures if m.light.key == light.value), tx),
        )
        for light in Light
    ]
    return PublicPlan(
        slug=plan.slug,
        title=plan.title,
        municipalities=[m.name for m in plan.municipalities],
        adopted_by=decision.body,
        adopted_on=decision.decided_on,
        case_number=decision.case_number,
        period_start=edition.period_start,
        period_end=edition.period_end,
        today=today,
        count=public_count(len(measures), tx),
        progress=_mean([m.progress for m in measures]),
        lights=lights,
        focus_areas=[
            PublicFocusArea(name, public_count(len(ms), tx), _mean([m.progress for m in ms]), ms)
            for name, ms in areas.items()
        ],
    )
