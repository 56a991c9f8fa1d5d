"""The coordinator's pages: the overview of plans and one plan with its sections (measures,
process records, notifications, documents, history) and the plan page's own actions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from models.traffic import Light
from planvakt.core.clock import local_today
from planvakt.core.errors import NotFoundError, PlanvaktError
from planvakt.core.languages import LANGUAGE_NAMES, LANGUAGES, N_, Texts
from planvakt.core.messages import error_message, message
from planvakt.core.settings import get_settings
from planvakt.documents import store
from planvakt.exchange.templates import load_template
from planvakt.services import outbox_admin, plans
from planvakt.services.privacy import case_note_warning
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
from planvakt.views.words import light_text
from planvakt.web.deps import Id, UserAccess, page, request_texts, transaction
from planvakt.web.errors import status_of
from planvakt.web.plan_access import CoordinatedPlan, PlanAccess, ReadablePlan

router = APIRouter()

# The phases of the shipped template (the overview filter's choices), named per language.
PHASES = load_template("default").phases
SORT_LABELS = (
    ("plan", N_("Plan")),
    ("frist", N_("Neste frist")),
    ("forsinket", N_("Mest forsinket")),
)


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
    tx = request_texts(request)
    with transaction(request, read_only=True) as session:
        rows = overview(
            session,
            local_today(),
            municipalities=access.municipalities,
            risk_window_days=settings.risk_window_days,
            language=tx.language,
        )
    chosen = select_rows(rows, county=fylke, phase=fase, status=status, sort=sorter)
    return page(
        request,
        "overview.html.j2",
        title=tx.gettext("Oversikt"),
        rows=chosen,
        total=len(rows),
        counties=sorted({c for r in rows for c in r.counties}),
        phases=[(p.key, p.name.get(tx.language)) for p in PHASES],
        lights=[(light.value, light_text(light, tx)) for light in Light],
        light_views={light: LightView(light.value, light_text(light, tx)) for light in Light},
        sorts=[(key, tx.gettext(label)) for key, label in SORT_LABELS],
        chosen={"county": fylke, "phase": fase, "status": status, "sort": sorter},
    )


SECTIONS = (
    ("", N_("Oversikt")),
    ("tiltak", N_("Tiltak")),
    ("prosess", N_("Vedtak og høring")),
    ("varsler", N_("Varsler")),
    ("dokumenter", N_("Dokumenter")),
    ("historikk", N_("Historikk")),
)
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def plan_page_context(request: Request, plan: PlanAccess, section: str) -> dict[str, Any]:
    """What every page of a plan shows: the local navigation and a message from the last
    change (POST → redirect → GET), with the case-note warning about what was written."""
    tx = request_texts(request)
    return {
        "plan": plan,
        "sections": [(key, tx.gettext(label)) for key, label in SECTIONS],
        "section": section,
        "flash": request.session.pop("flash", None),
        "flash_warning": case_note_notice(request),
    }


def section_title(tx: Texts, section: str, plan: PlanAccess) -> str:
    """«Tiltak – Handlingsplan …»: the title of a section page of a plan."""
    label = tx.gettext(dict(SECTIONS)[section])
    return tx.gettext("{section} – {plan}").format(section=label, plan=plan.title)


def done(
    request: Request, url: str, message: str, *, written: Iterable[str | None] = ()
) -> RedirectResponse:
    """Redirect after a change, with a message for the page it leads to; ``written`` are the
    free texts the change stored (the page warns when one reads like a case note)."""
    request.session["flash"] = message
    keep_case_note_warning(request, written)
    return RedirectResponse(url, status_code=303)


def keep_case_note_warning(request: Request, written: Iterable[str | None]) -> None:
    """Keep the case-note warning (in the user's language) for the next page when a text
    the user just stored reads like notes about an individual; it was stored all the same."""
    warning = case_note_warning(*written)
    if warning is None:
        request.session.pop("flash_warning", None)
    else:
        request.session["flash_warning"] = request_texts(request).gettext(warning)


def case_note_notice(request: Request) -> str | None:
    """The case-note warning kept for this page, once."""
    notice = request.session.pop("flash_warning", None)
    return notice if isinstance(notice, str) else None


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
    tx = request_texts(request)
    with transaction(request, read_only=True) as session:
        report = plan_reports.report(
            session,
            plan.id,
            local_today(),
            risk_window_days=settings.risk_window_days,
            language=tx.language,
        )
    measures = [m for area in report.focus_areas for m in area.measures]
    return page(
        request,
        "plan.html.j2",
        status_code,
        title=report.plan_title,
        r=report,
        t=report.timeline,
        can_coordinate=plan.can_coordinate,
        progress=area_progress(measures),
        errors=errors or {},
        values=values or {},
        languages=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        plan_language=LANGUAGE_NAMES[plan.language],
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
    tx = request_texts(request)
    try:
        with transaction(request) as session:
            loaded = plans.find_plan(session, plan.slug)
            plans.complete_checkpoint(
                session, loaded, key, on=today, today=today, evidence=evidence.strip() or None
            )
    except PlanvaktError as exc:
        field = f"evidence-{key}"
        text = error_message(exc, tx.language)
        if exc.code.startswith("privacy."):
            text = message(
                "privacy.national_id", {"field": tx.gettext("Dokumentasjon")}, tx.language
            )
        return _plan_main(request, plan, {field: text}, {field: evidence}, status_of(exc))
    return done(
        request,
        f"/planer/{plan.slug}#sjekkpunkter",
        tx.gettext("Sjekkpunktet er fullført."),
        written=[evidence],
    )


@router.post("/planer/{slug}/sprak")
def change_plan_language(
    request: Request,
    plan: CoordinatedPlan,
    language: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """The plan's language: of its reminders, documents, calendars and public page."""
    chosen = plans.check_language(language)
    with transaction(request) as session:
        plans.set_plan_language(session, plans.find_plan(session, plan.slug), chosen)
    text = request_texts(request).gettext(
        "Planen bruker nå {language} i meldinger, dokumenter, kalendere og på den offentlige siden."
    )
    return done(request, f"/planer/{plan.slug}#sprak", text.format(language=LANGUAGE_NAMES[chosen]))


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
    tx = request_texts(request)
    with transaction(request, read_only=True) as session:
        loaded = plans.find_plan(session, plan.slug)
        view = plan_view(
            loaded, local_today(), risk_window_days=settings.risk_window_days, language=tx.language
        )
    section = measures_section(view, MeasureFilter(tjeneste, status, omrade, sorter), tx)
    return page(
        request,
        "plan/measures.html.j2",
        title=section_title(tx, "tiltak", plan),
        m=section,
        can_coordinate=plan.can_coordinate,
        **plan_page_context(request, plan, "tiltak"),
    )


@router.get("/planer/{slug}/prosess")
def process_page(request: Request, plan: ReadablePlan) -> Response:
    tx = request_texts(request)
    with transaction(request, read_only=True) as session:
        section = process_section(plans.find_plan(session, plan.slug), tx)
    return page(
        request,
        "plan/process.html.j2",
        title=section_title(tx, "prosess", plan),
        p=section,
        can_coordinate=plan.can_coordinate,
        **plan_page_context(request, plan, "prosess"),
    )


@router.get("/planer/{slug}/varsler")
def notifications_page(request: Request, plan: ReadablePlan) -> Response:
    tx = request_texts(request)
    with transaction(request, read_only=True) as session:
        rows = plan_notifications(session, plan.id, tx.language)
    return page(
        request,
        "plan/notifications.html.j2",
        title=section_title(tx, "varsler", plan),
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
        request_texts(request).gettext("Varselet står i køen igjen og sendes ved neste utsending."),
    )


@router.get("/planer/{slug}/dokumenter")
def documents_page(request: Request, plan: ReadablePlan) -> Response:
    tx = request_texts(request)
    with transaction(request, read_only=True) as session:
        rows = document_rows(session, plan.id, get_settings().tz, tx.language)
    return page(
        request,
        "plan/documents.html.j2",
        title=section_title(tx, "dokumenter", plan),
        rows=rows,
        kinds=[("status", tx.gettext("Statusrapport")), ("yearly", tx.gettext("Årsrapport"))],
        language_names=LANGUAGE_NAMES,
        can_coordinate=plan.can_coordinate,
        **plan_page_context(request, plan, "dokumenter"),
    )


@router.post("/planer/{slug}/dokumenter")
def make_report(
    request: Request, plan: CoordinatedPlan, kind: Annotated[str, Form()] = "status"
) -> Response:
    with transaction(request) as session:
        store.generate(session, plans.find_plan(session, plan.slug), local_today(), kind=kind)
    message = request_texts(request).gettext("Rapporten er laget.")
    return done(request, f"/planer/{plan.slug}/dokumenter", message)


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
    tx = request_texts(request)
    with transaction(request, read_only=True) as session:
        history = audit_page(session, plan.id, number, get_settings().tz, tx.language)
    return page(
        request,
        "plan/history.html.j2",
        title=section_title(tx, "historikk", plan),
        h=history,
        can_coordinate=plan.can_coordinate,
        **plan_page_context(request, plan, "historikk"),
    )
