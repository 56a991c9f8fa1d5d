"""The coordinator's pages: the overview of plans and one plan."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from models.lifecycle import PhaseKey
from models.traffic import Light, light_label
from planvakt.core.clock import local_today
from planvakt.core.settings import get_settings
from planvakt.documents.labels import LABELS
from planvakt.services import plans
from planvakt.views.overview import overview, select_rows
from planvakt.views.plan import LightView
from planvakt.views.report import build_report
from planvakt.web.deps import UserAccess, page, transaction

router = APIRouter()

PHASE_NAMES = {
    PhaseKey.INITIATION: "Initiering",
    PhaseKey.INVOLVEMENT: "Involvering",
    PhaseKey.POLITICAL_ANCHORING: "Politisk forankring",
    PhaseKey.ADOPTION: "Vedtak",
    PhaseKey.IMPLEMENTATION: "Gjennomføring",
    PhaseKey.REVISION: "Revisjon",
}
SORT_LABELS = [("plan", "Plan"), ("frist", "Neste frist"), ("forsinket", "Mest forsinket")]


@router.get("/")
def overview_page(
    request: Request,
    access: UserAccess,
    fylke: Annotated[str, Query(max_length=100)] = "",
    fase: Annotated[str, Query(max_length=40)] = "",
    status: Annotated[str, Query(max_length=10)] = "",
    sorter: Annotated[str, Query(max_length=20)] = "plan",
) -> Response:
    settings = get_settings()
    with transaction(request) as session:
        rows = overview(
            session,
            local_today(),
            municipalities=access.municipalities,
            risk_window_days=settings.risk_window_days,
        )
    chosen = select_rows(rows, county=fylke, phase=fase, status=status, sort=sorter)
    return page(
        request,
        "overview.html.j2",
        title="Oversikt",
        rows=chosen,
        total=len(rows),
        counties=sorted({c for r in rows for c in r.counties}),
        phases=list(PHASE_NAMES.items()),
        lights=[(light.value, light_label(light)) for light in Light],
        light_views={light: LightView(light.value, light_label(light)) for light in Light},
        sorts=SORT_LABELS,
        chosen={"county": fylke, "phase": fase, "status": status, "sort": sorter},
    )


@router.get("/planer/{slug}")
def plan_page(request: Request, slug: str, access: UserAccess) -> Response:
    settings = get_settings()
    with transaction(request) as session:
        plan = plans.find_plan(session, slug)
        numbers = [m.number for m in plan.municipalities]
        if not access.can_read(numbers):
            raise HTTPException(status_code=403)
        report = build_report(plan, local_today(), risk_window_days=settings.risk_window_days)
    return page(
        request,
        "plan.html.j2",
        title=report.plan_title,
        r=report,
        L=LABELS["nb"],
        t=report.timeline,
        can_coordinate=access.can_coordinate(numbers),
    )


@router.post("/planer/{slug}/sjekkpunkter/{key}")
def complete_checkpoint(
    request: Request,
    slug: str,
    key: str,
    access: UserAccess,
    evidence: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    today = local_today()
    with transaction(request) as session:
        plan = plans.find_plan(session, slug)
        if not access.can_coordinate([m.number for m in plan.municipalities]):
            raise HTTPException(status_code=403)
        plans.complete_checkpoint(
            session, plan, key, on=today, today=today, evidence=evidence.strip() or None
        )
    return RedirectResponse(f"/planer/{slug}#sjekkpunkter", status_code=303)
