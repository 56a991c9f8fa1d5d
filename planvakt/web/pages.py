"""The coordinator's pages: the overview of plans and one plan with its sections (measures,
process records, notifications, documents, history) and the plan page's own actions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from models.traffic import Light, light_label
from planvakt.core.clock import local_today
from planvakt.core.errors import NotFoundError, PlanvaktError
from planvakt.core.messages import message
from planvakt.core.settings import get_settings
from planvakt.documents import store
from planvakt.documents.labels import LABELS
from planvakt.exchange.templates import load_template
from planvakt.services import outbox_admin, plans
from planvakt.views.history import audit_page, document_rows, plan_notifications
from planvakt.views.overview import overview, select_rows
from planvakt.views.plan import LightView, plan_view
from planvakt.views.plan_detail import (
    MeasureFilter,
    area_progress,
    measures_section,
    process_section,
)
from planvakt.views.report_cache import plan_reports
from planvakt.web.deps import Id, UserAccess, page, transaction
from planvakt.web.errors import status_of
from planvakt.web.plan_access import CoordinatedPlan, PlanAccess, ReadablePlan

router = APIRouter()

# The phases by the names the shipped template gives them (the filter's choices).
PHASE_NAMES = {p.key: p.name.nb for p in load_template("default").phases}
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
    with transaction(request, read_only=True) as session:
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


SECTIONS = (
    ("", "Oversikt"),
    ("tiltak", "Tiltak"),
    ("prosess", "Vedtak og høring"),
    ("varsler", "Varsler"),
    ("dokumenter", "Dokumenter"),
    ("historikk", "Historikk"),
)
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def plan_page_context(request: Request, plan: PlanAccess, section: str) -> dict[str, Any]:
    """What every page of a plan shows: the local navigation and a message from the last
    change (POST → redirect → GET)."""
    return {
        "plan": plan,
        "sections": SECTIONS,
        "section": section,
        "flash": request.session.pop("flash", None),
    }


def done(request: Request, url: str, message: str) -> RedirectResponse:
    """Redirect after a change, with a message for the page it leads to."""
    request.session["flash"] = message
    return RedirectResponse(url, status_code=303)


@router.get("/planer/{slug}")
def plan_page(request: Request, plan: ReadablePlan) -> Response:
    return _plan_main(request, plan)


def _plan_main(
    request: Request,
    plan: PlanAccess,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    settings = get_settings()
    with transaction(request, read_only=True) as session:
        report = plan_reports.report(
            session, plan.id, local_today(), risk_window_days=settings.risk_window_days
        )
    measures = [m for area in report.focus_areas for m in area.measures]
    return page(
        request,
        "plan.html.j2",
        status_code,
        title=report.plan_title,
        r=report,
        L=LABELS["nb"],
        t=report.timeline,
        can_coordinate=plan.can_coordinate,
        progress=area_progress(measures),
        errors=errors or {},
        values=values or {},
        **plan_page_context(request, plan, ""),
    )


@router.post("/planer/{slug}/sjekkpunkter/{key}")
def complete_checkpoint(
    request: Request,
    key: str,
    plan: CoordinatedPlan,
    evidence: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    today = local_today()
    try:
        with transaction(request) as session:
            loaded = plans.find_plan(session, plan.slug)
            plans.complete_checkpoint(
                session, loaded, key, on=today, today=today, evidence=evidence.strip() or None
            )
    except PlanvaktError as exc:
        field = f"evidence-{key}"
        text = exc.message
        if exc.code.startswith("privacy."):
            text = message("privacy.national_id", {"field": "Dokumentasjon"})
        return _plan_main(request, plan, {field: text}, {field: evidence}, status_of(exc))
    return done(request, f"/planer/{plan.slug}#sjekkpunkter", "Sjekkpunktet er fullført.")


@router.get("/planer/{slug}/tiltak")
def measures_page(
    request: Request,
    plan: ReadablePlan,
    tjeneste: Annotated[str, Query(max_length=200)] = "",
    status: Annotated[str, Query(max_length=20)] = "",
    omrade: Annotated[str, Query(max_length=200)] = "",
    sorter: Annotated[str, Query(max_length=10)] = "nr",
) -> Response:
    settings = get_settings()
    with transaction(request, read_only=True) as session:
        loaded = plans.find_plan(session, plan.slug)
        view = plan_view(loaded, local_today(), risk_window_days=settings.risk_window_days)
    section = measures_section(view, MeasureFilter(tjeneste, status, omrade, sorter))
    return page(
        request,
        "plan/measures.html.j2",
        title=f"Tiltak – {plan.title}",
        m=section,
        can_coordinate=plan.can_coordinate,
        **plan_page_context(request, plan, "tiltak"),
    )


@router.get("/planer/{slug}/prosess")
def process_page(request: Request, plan: ReadablePlan) -> Response:
    with transaction(request, read_only=True) as session:
        section = process_section(plans.find_plan(session, plan.slug))
    return page(
        request,
        "plan/process.html.j2",
        title=f"Vedtak og høring – {plan.title}",
        p=section,
        can_coordinate=plan.can_coordinate,
        **plan_page_context(request, plan, "prosess"),
    )


@router.get("/planer/{slug}/varsler")
def notifications_page(request: Request, plan: ReadablePlan) -> Response:
    with transaction(request, read_only=True) as session:
        rows = plan_notifications(session, plan.id)
    return page(
        request,
        "plan/notifications.html.j2",
        title=f"Varsler – {plan.title}",
        rows=rows,
        can_coordinate=plan.can_coordinate,
        **plan_page_context(request, plan, "varsler"),
    )


@router.post("/planer/{slug}/varsler/{entry_id}/send-igjen")
def resend_notification(request: Request, entry_id: Id, plan: CoordinatedPlan) -> Response:
    with transaction(request) as session:
        outbox_admin.resend(session, plan.id, entry_id)
    return done(
        request,
        f"/planer/{plan.slug}/varsler",
        "Varselet står i køen igjen og sendes ved neste utsending.",
    )


@router.get("/planer/{slug}/dokumenter")
def documents_page(request: Request, plan: ReadablePlan) -> Response:
    with transaction(request, read_only=True) as session:
        rows = document_rows(session, plan.id, get_settings().tz)
    return page(
        request,
        "plan/documents.html.j2",
        title=f"Dokumenter – {plan.title}",
        rows=rows,
        kinds=[("status", "Statusrapport"), ("yearly", "Årsrapport")],
        can_coordinate=plan.can_coordinate,
        **plan_page_context(request, plan, "dokumenter"),
    )


@router.post("/planer/{slug}/dokumenter")
def make_report(
    request: Request, plan: CoordinatedPlan, kind: Annotated[str, Form()] = "status"
) -> Response:
    with transaction(request) as session:
        store.generate(session, plans.find_plan(session, plan.slug), local_today(), kind=kind)
    return done(request, f"/planer/{plan.slug}/dokumenter", "Rapporten er laget.")


@router.get("/planer/{slug}/dokumenter/{document_id}")
def download_document(request: Request, document_id: Id, plan: ReadablePlan) -> Response:
    with transaction(request, read_only=True) as session:
        document = store.get_document(session, document_id)
        if document.plan_id != plan.id:
            raise NotFoundError("document.not_found", id=document_id)
        content, fmt = document.content, document.format
        name = f"{document.kind}-{plan.slug}-{document.report_date:%Y-%m-%d}-{document.id}.{fmt}"
    return Response(
        content,
        media_type=MEDIA_TYPES.get(fmt, "application/octet-stream"),
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/planer/{slug}/historikk")
def history_page(
    request: Request, plan: ReadablePlan, side: Annotated[str, Query(max_length=6)] = "1"
) -> Response:
    number = int(side) if side.isascii() and side.isdigit() else 1
    with transaction(request, read_only=True) as session:
        history = audit_page(session, plan.id, number, get_settings().tz)
    return page(
        request,
        "plan/history.html.j2",
        title=f"Historikk – {plan.title}",
        h=history,
        can_coordinate=plan.can_coordinate,
        **plan_page_context(request, plan, "historikk"),
    )
