"""Upload a measures spreadsheet: first a preview of what would change (nothing stored),
then «Bekreft» stores it all or nothing.

The sheet travels from the preview to the confirmation in a hidden form field (base64), so
no server-side state is kept between the two steps; the confirmation validates it again
exactly as the import does. Sheets over 1 MB are refused with a clear message.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from planvakt.core import messages
from planvakt.core.errors import PlanvaktError, ValidationError
from planvakt.exchange.measures import ImportReport, import_measures, preview_measures
from planvakt.services import plans
from planvakt.web.deps import page, transaction
from planvakt.web.formkit import Field, FormSpec, render_form
from planvakt.web.pages import done
from planvakt.web.plan_access import CoordinatedPlan, PlanAccess

router = APIRouter()

MAX_BYTES = 1024 * 1024
MAX_NAME = 200
FIELD_NAMES = {
    "ref": "id",
    "focus_area": "innsatsområde",
    "title": "tiltak",
    "description": "beskrivelse",
    "owner": "ansvarlig enhet",
    "partners": "samarbeidspartnere",
    "start_date": "start",
    "deadline": "frist",
    "resources": "ressurser",
    "indicator": "indikator",
    "status": "status",
    "progress": "fremdrift",
}


@dataclass(frozen=True)
class Upload:
    """The uploaded sheet (or None) and its file name; ``too_large`` if over the limit."""

    name: str
    data: bytes | None
    too_large: bool = False


async def uploaded_sheet(request: Request) -> Upload:
    form = await request.form()
    item = form.get("file")
    if not isinstance(item, UploadFile) or not item.filename:
        return Upload("", None)
    data = await item.read(MAX_BYTES + 1)
    name = item.filename[-MAX_NAME:]
    if len(data) > MAX_BYTES:
        return Upload(name, None, too_large=True)
    return Upload(name, data)


def upload_spec(slug: str) -> FormSpec:
    return FormSpec(
        title="Last opp tiltak fra regneark",
        action=f"/planer/{slug}/tiltak/last-opp",
        submit="Vis hva som endres",
        back=f"/planer/{slug}/tiltak",
        intro=(
            "CSV-fil (UTF-8, semikolon eller komma) med kolonnene id, innsatsområde, tiltak og "
            "ansvarlig_enhet, og gjerne beskrivelse, samarbeidspartnere, start, frist, ressurser, "
            "indikator, status og fremdrift. Du ser hva som endres før noe lagres."
        ),
        fields=(Field("file", "Regneark (CSV, høyst 1 MB)", "file", required=True),),
    )


def _show_form(
    request: Request, plan: PlanAccess, errors: dict[str, str], problems: list[str]
) -> Response:
    return render_form(
        request,
        upload_spec(plan.slug),
        {},
        errors,
        template="forms/upload.html.j2",
        crumbs=[("/", "Oversikt"), (f"/planer/{plan.slug}", plan.title)],
        problems=problems,
    )


def _refused(request: Request, plan: PlanAccess, error: PlanvaktError) -> Response:
    """The upload form with the error at the file field and every row error listed."""
    source = error.location.source if error.location is not None else None
    problems = [messages.error_text(e, within=source) for e in error.errors]
    if problems:
        text = messages.message("upload.errors", {"count": len(problems), "source": source})
    else:
        text = str(error)
    return _show_form(request, plan, {"file": text}, problems)


@router.get("/planer/{slug}/tiltak/last-opp")
def upload_form(request: Request, plan: CoordinatedPlan) -> Response:
    return _show_form(request, plan, {}, [])


@router.post("/planer/{slug}/tiltak/last-opp")
def preview(
    request: Request,
    plan: CoordinatedPlan,
    sheet: Annotated[Upload, Depends(uploaded_sheet)],
) -> Response:
    if sheet.too_large:
        return _refused(request, plan, ValidationError("upload.too_large", max_mb=1))
    if sheet.data is None:
        return _refused(request, plan, ValidationError("upload.missing"))
    try:
        with transaction(request) as session:
            loaded = plans.find_plan(session, plan.slug)
            result = preview_measures(session, loaded, sheet.data, sheet.name)
            session.rollback()  # a preview stores nothing, whatever happened
    except PlanvaktError as exc:
        return _refused(request, plan, exc)
    return _show_preview(request, plan, result, sheet)


def _show_preview(
    request: Request, plan: PlanAccess, result: ImportReport, sheet: Upload
) -> Response:
    assert sheet.data is not None
    return page(
        request,
        "forms/preview.html.j2",
        title="Se over endringene",
        plan=plan,
        crumbs=[("/", "Oversikt"), (f"/planer/{plan.slug}", plan.title)],
        preview=result,
        field_names=FIELD_NAMES,
        counts={a: result.count(a) for a in ("new", "changed", "unchanged")},
        data=base64.b64encode(sheet.data).decode("ascii"),
        file_name=sheet.name,
    )


async def confirmed_sheet(request: Request) -> dict[str, str]:
    """The confirmation's fields; its one big field may be larger than Starlette's default
    1 MB part (a sheet of 1 MB is about 1.4 MB in base64), and is checked below."""
    form = await request.form(max_part_size=4 * MAX_BYTES)
    return {k: v for k, v in form.items() if isinstance(v, str)}


@router.post("/planer/{slug}/tiltak/last-opp/bekreft")
def confirm(
    request: Request,
    plan: CoordinatedPlan,
    raw: Annotated[dict[str, str], Depends(confirmed_sheet)],
) -> Response:
    encoded, name = raw.get("data", ""), raw.get("name", "opplasting.csv")[:MAX_NAME]
    if len(encoded) > (MAX_BYTES * 4) // 3 + 4:
        return _refused(request, plan, ValidationError("upload.too_large", max_mb=1))
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return _refused(request, plan, ValidationError("upload.missing"))
    if not data:
        return _refused(request, plan, ValidationError("upload.missing"))
    try:
        with transaction(request) as session:
            result = import_measures(session, plans.find_plan(session, plan.slug), data, name)
    except PlanvaktError as exc:
        return _refused(request, plan, exc)
    return done(
        request,
        f"/planer/{plan.slug}/tiltak",
        f"Regnearket er lagret: {result.created} nye og {result.updated} endrede tiltak.",
    )
