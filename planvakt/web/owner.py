"""«Mine tiltak»: a service owner's measures, with a short status form each.

A service owner sees and reports on the measures their service owns, across the plans of
their municipality; a coordinator (or admin) sees every measure of their municipality's
plans, grouped by service. A report is :func:`planvakt.services.plans.report_measure` — the
same function as ``planvakt measure update`` — and names a role, never a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from models.users import Role
from planvakt.core.clock import local_today
from planvakt.core.errors import PrivacyError, ValidationError
from planvakt.core.languages import N_, Texts
from planvakt.core.messages import error_message, message
from planvakt.core.settings import get_settings
from planvakt.services import plans
from planvakt.views.owner import PLAN_MEASURES, measure_card, my_measures
from planvakt.views.words import status_choices
from planvakt.web.deps import Access, UserAccess, page, request_texts, transaction
from planvakt.web.pages import case_note_notice, keep_case_note_warning

router = APIRouter()

FIELD_LABELS = {"status": N_("Status"), "progress": N_("Fremdrift"), "comment": N_("Kommentar")}
# Errors of report_measure that are about one field of the form.
FIELD_OF_CODE = {"measure.status_unknown": "status", "measure.progress_range": "progress"}


@dataclass(frozen=True)
class ReportTarget:
    """A measure the user may report on, and the role the report is signed with."""

    slug: str
    ref: str
    reported_by: str


def reporter_role(access: Access, municipalities: list[str], owner_id: int, owner: str) -> str:
    """The role a user reports on a measure as, or 403 if they may not report on it.

    A coordinator or admin of one of the plan's municipalities may; a service owner may for
    the measures of their own service only.
    """
    if not access.may_report(municipalities, owner_id):
        raise HTTPException(status_code=403)
    for grant in access.user.grants:
        if grant.municipality in municipalities and grant.role in (Role.ADMIN, Role.COORDINATOR):
            return "koordinator" if grant.role is Role.COORDINATOR else "administrator"
    # Stored with the report as written (a record, like the audit log), not shown text.
    return f"tjenesteeier, {owner}"[:100]


def report_target(request: Request, slug: str, ref: str, access: UserAccess) -> ReportTarget:
    """The measure named by the URL, if the user may report on it (403 otherwise)."""
    with transaction(request, read_only=True) as session:
        plan = plans.find_plan(session, slug, PLAN_MEASURES)
        measure = plans.find_measure(plan, ref)
        role = reporter_role(
            access,
            [m.number for m in plan.municipalities],
            measure.owner_service_id,
            measure.owner.name,
        )
    return ReportTarget(plan.slug, measure.ref, role)


Target = Annotated[ReportTarget, Depends(report_target)]


@router.get("/mine-tiltak")
def my_measures_page(
    request: Request,
    access: UserAccess,
    lagret: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    grants = access.user.grants
    coordinated = {g.municipality for g in grants if g.role in (Role.ADMIN, Role.COORDINATOR)}
    owned = [g for g in grants if g.role is Role.SERVICE_OWNER and g.service_id is not None]
    if not coordinated and not owned:
        raise HTTPException(status_code=403)
    tx = request_texts(request)
    with transaction(request, read_only=True) as session:
        view = my_measures(
            session,
            local_today(),
            services={g.service_id for g in owned if g.service_id is not None},
            municipalities=coordinated,
            service_municipalities={g.municipality for g in owned},
            risk_window_days=get_settings().risk_window_days,
            tx=tx,
        )
    return page(
        request,
        "owner.html.j2",
        title=tx.gettext("Mine tiltak"),
        v=view,
        statuses=status_choices(tx),
        saved=lagret,
        warning=case_note_notice(request),
        coordinator=bool(coordinated),
    )


@router.get("/mine-tiltak/{slug}/{ref:path}")
def measure_page(request: Request, target: Target) -> Response:
    return _measure_page(request, target)


@router.post("/mine-tiltak/{slug}/{ref:path}")
def report(
    request: Request,
    target: Target,
    status: Annotated[str, Form(max_length=20)] = "",
    progress: Annotated[str, Form(max_length=10)] = "",
    comment: Annotated[str, Form(max_length=4000)] = "",
    progress_was: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    values = {"status": status, "progress": progress, "comment": comment}
    tx = request_texts(request)
    try:
        percent = int(progress.strip()) if progress.strip() else None
    except ValueError:
        text = message("owner.progress_invalid", {}, tx.language)
        return _measure_page(request, target, 422, values, {"progress": text})
    if progress.strip() == progress_was.strip():
        # Progress left as it was: like the CLI without --progress (so «fullført» means 100 %).
        percent = None
    today = local_today()
    try:
        with transaction(request) as session:
            plan = plans.find_plan(session, target.slug, PLAN_MEASURES)
            update = plans.report_measure(
                session,
                plan,
                target.ref,
                on=today,
                today=today,
                status=status or None,
                progress=percent,
                comment=comment.strip() or None,
                reported_by=target.reported_by,
            )
            anchor = f"tiltak-{update.measure_id}"
    except ValidationError as exc:
        field, text = _field_error(exc, tx)
        return _measure_page(request, target, 422, values, {field: text})
    keep_case_note_warning(request, [comment])
    return RedirectResponse(f"/mine-tiltak?lagret={anchor}#{anchor}", status_code=303)


def _field_error(exc: ValidationError, tx: Texts) -> tuple[str, str]:
    """The form field an error of the report is about, and its words."""
    if isinstance(exc, PrivacyError):
        field = str(exc.params.get("field", "comment"))
        label = tx.gettext(FIELD_LABELS[field]) if field in FIELD_LABELS else field
        return field, message("privacy.national_id", {"field": label}, tx.language)
    named = (exc.location.field if exc.location else None) or FIELD_OF_CODE.get(exc.code)
    return (named if named in FIELD_LABELS else "form"), error_message(exc, tx.language)


def _measure_page(
    request: Request,
    target: ReportTarget,
    status_code: int = 200,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    tx = request_texts(request)
    with transaction(request, read_only=True) as session:
        plan = plans.find_plan(session, target.slug, PLAN_MEASURES)
        card = measure_card(
            plan,
            plans.find_measure(plan, target.ref),
            local_today(),
            risk_window_days=get_settings().risk_window_days,
            tx=tx,
        )
    return page(
        request,
        "owner_measure.html.j2",
        status_code,
        title=tx.gettext("Tiltak {ref}: {title}").format(ref=card.ref, title=card.title),
        card=card,
        statuses=status_choices(tx),
        values=values or {},
        errors=errors or {},
    )
