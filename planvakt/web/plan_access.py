"""Who may read or change a plan, or a municipality's addresses, as route dependencies.

A reader of one of the plan's municipalities may read it; its coordinators and admins may
change it. Everyone else gets 403, a plan that does not exist 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy import select

from models import Plan, PlanMunicipality
from planvakt.core.errors import NotFoundError
from planvakt.core.languages import SOURCE, Language, parse_language
from planvakt.web.deps import UserAccess, transaction


@dataclass(frozen=True)
class PlanAccess:
    """A plan the user may read: its slug, municipalities, whether the user coordinates
    it, and its language (of its messages and documents, not of the user's pages)."""

    id: int
    slug: str
    title: str
    municipalities: list[str]
    can_coordinate: bool
    language: Language = SOURCE


def readable_plan(request: Request, slug: str, access: UserAccess) -> PlanAccess:
    with transaction(request, read_only=True) as session:
        rows = session.execute(
            select(Plan.id, Plan.title, Plan.language, PlanMunicipality.municipality_number)
            .join(PlanMunicipality, PlanMunicipality.plan_id == Plan.id)
            .where(Plan.slug == slug)
            .order_by(PlanMunicipality.position)
        ).all()
    if not rows:
        raise NotFoundError("plan.not_found", ref=slug)
    numbers = [row.municipality_number for row in rows]
    if not access.can_read(numbers):
        raise HTTPException(status_code=403)
    return PlanAccess(
        rows[0].id,
        slug,
        rows[0].title,
        numbers,
        access.can_coordinate(numbers),
        parse_language(rows[0].language) or SOURCE,
    )


ReadablePlan = Annotated[PlanAccess, Depends(readable_plan)]


def coordinated_plan(plan: ReadablePlan) -> PlanAccess:
    if not plan.can_coordinate:
        raise HTTPException(status_code=403)
    return plan


CoordinatedPlan = Annotated[PlanAccess, Depends(coordinated_plan)]


def coordinated_municipality(kommune: str, access: UserAccess) -> str:
    """A municipality number the user coordinates (or administers)."""
    if not access.can_coordinate([kommune]):
        raise HTTPException(status_code=403)
    return kommune


CoordinatedMunicipality = Annotated[str, Depends(coordinated_municipality)]
