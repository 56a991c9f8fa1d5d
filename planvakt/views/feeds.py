"""The coordinator's page of a plan's calendar subscriptions: the plan's feed and the feeds of
the services that own its deadlines, each with its active token (never the token itself:
only its hash is stored) and how many were revoked before it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models import FeedToken, Plan, Service


@dataclass(frozen=True)
class TokenInfo:
    id: int
    created_at: datetime
    created_by: str


@dataclass(frozen=True)
class FeedTarget:
    """A plan's or a service's feed on the page."""

    kind: str  # "plan" or "tjeneste"
    id: int
    name: str
    active: TokenInfo | None
    revoked: int


@dataclass(frozen=True)
class PlanFeeds:
    slug: str
    title: str
    plan: FeedTarget
    services: list[FeedTarget]


def plan_services(plan: Plan) -> list[Service]:
    """The services that own a checkpoint or a measure of the plan's current edition."""
    edition = plan.current_edition
    found: dict[int, Service] = {}
    for phase in edition.phases:
        for cp in phase.checkpoints:
            if cp.responsible is not None:
                found[cp.responsible.id] = cp.responsible
    for m in edition.measures:
        found[m.owner.id] = m.owner
    return sorted(found.values(), key=lambda s: s.name.lower())


def plan_feeds(session: Session, plan: Plan, services: list[Service] | None = None) -> PlanFeeds:
    """The feeds of ``plan`` (loaded with checkpoints and measures and their services), and
    of ``services`` (default: every service of the plan)."""
    services = plan_services(plan) if services is None else services
    rows = session.scalars(
        select(FeedToken)
        .where(
            or_(
                FeedToken.plan_id == plan.id,
                FeedToken.service_id.in_([s.id for s in services]),
            )
        )
        .order_by(FeedToken.created_at, FeedToken.id)
    ).all()

    def target(kind: str, id_: int, name: str, mine: list[FeedToken]) -> FeedTarget:
        active = next((t for t in reversed(mine) if t.revoked_at is None), None)
        return FeedTarget(
            kind,
            id_,
            name,
            TokenInfo(active.id, active.created_at, active.created_by) if active else None,
            sum(1 for t in mine if t.revoked_at is not None),
        )

    return PlanFeeds(
        slug=plan.slug,
        title=plan.title,
        plan=target("plan", plan.id, plan.title, [t for t in rows if t.plan_id == plan.id]),
        services=[
            target("tjeneste", s.id, s.name, [t for t in rows if t.service_id == s.id])
            for s in services
        ],
    )
