"""Upload a measures spreadsheet (.xlsx or CSV): first a preview of what would happen to each
row (nothing stored), then «Bekreft» stores it all or nothing.

The sheet travels from the preview to the confirmation in a hidden form field (base64), so
no server-side state is kept between the two steps; the confirmation reads and validates it
again exactly as the import does. A file over
:data:`~planvakt.exchange.tables.MAX_FILE_BYTES` is refused without being read further.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from models.privacy import find_identity_numbers, hide_identity_numbers
from planvakt.core import messages
from planvakt.core.errors import PlanvaktError, ValidationError
from planvakt.core.languages import N_, Texts
from planvakt.exchange.measure_sheet import SHOWN_HEADERS
from planvakt.exchange.measures import (
    ImportReport,
    describe_read_as,
    import_measures,
    preview_measures,
)
from planvakt.exchange.tables import MAX_FILE_BYTES
from planvakt.services import plans
from planvakt.web.deps import page, request_texts, transaction
from planvakt.web.formflow import crumbs
from planvakt.web.formkit import Field, FormSpec, render_form
from planvakt.web.pages import done
from planvakt.web.plan_access import CoordinatedPlan, PlanAccess

router = APIRouter()

MAX_MB = MAX_FILE_BYTES // (1024 * 1024)
MAX_NAME = 200
MAX_SHEET_NAME = 100  # Excel allows 31 characters; more is never a sheet of the file
ACCEPT = ".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The length of the largest sheet in base64 (the confirmation carries it in a hidden field).
MAX_ENCODED = (MAX_FILE_BYTES + 2) // 3 * 4
ACTIONS = {
    "new": N_("Nytt"),
    "changed": N_("Endres"),
    "unchanged": N_("Uendret"),
    "refused": N_("Avvist"),
}
HIDDEN = N_("[nummer skjult]")


def masked(text: str, tx: Texts | None = None) -> str:
    """``text`` with every fødselsnummer and D-nummer hidden: a refused row is shown, but
    the number that refused it is never sent back. The mark is in ``tx``'s words where the
    text is shown (bokmål in the file name the import records)."""
    return hide_identity_numbers(text, tx.gettext(HIDDEN) if tx is not None else HIDDEN)


@dataclass(frozen=True)
class Upload:
    """The uploaded sheet (or None), its file name and the sheet asked for; ``too_large``
    if the file is over the limit (then it is not kept)."""

    name: str
    data: bytes | None
    sheet: str | None = None
    too_large: bool = False


def _sheet_name(value: object) -> str | None:
    text = value.strip()[:MAX_SHEET_NAME] if isinstance(value, str) else ""
    return text or None


async def uploaded_sheet(request: Request) -> Upload:
    """The file of the upload form, read up to one byte over the limit, and its «Ark»."""
    form = await request.form()
    item, sheet = form.get("file"), _sheet_name(form.get("sheet"))
    if not isinstance(item, UploadFile) or not item.filename:
        return Upload("", None, sheet)
    data = await item.read(MAX_FILE_BYTES + 1)
    name = masked(item.filename[-MAX_NAME:])
    if len(data) > MAX_FILE_BYTES:
        return Upload(name, None, sheet, too_large=True)
    return Upload(name, data, sheet)


def upload_spec(slug: str, tx: Texts) -> FormSpec:
    _ = tx.gettext
    return FormSpec(
        title=_("Last opp tiltak fra regneark"),
        action=f"/planer/{slug}/tiltak/last-opp",
        submit=_("Vis hva som skjer"),
        back=f"/planer/{slug}/tiltak",
        fields=(
            Field(
                "file",
                _("Regneark (.xlsx eller CSV, høyst {max_mb} MB)").format(max_mb=MAX_MB),
                "file",
                required=True,
            ),
            Field(
                "sheet",
                _("Ark"),
                maxlength=MAX_SHEET_NAME,
                hint=_(
                    "Bare for Excel-filer med flere ark: navnet på arket med tiltakene. "
                    "Står det tomt, leses det første arket som har tiltak."
                ),
            ),
        ),
        language=tx.language,
    )


def _show_form(
    request: Request,
    plan: PlanAccess,
    errors: dict[str, str],
    problems: list[str],
    values: dict[str, str] | None = None,
) -> Response:
    tx = request_texts(request)
    return render_form(
        request,
        upload_spec(plan.slug, tx),
        values or {},
        errors,
        template="forms/upload.html.j2",
        crumbs=crumbs(plan, tx),
        problems=problems,
        plan=plan,
        accept=ACCEPT,
    )


def _refused(
    request: Request, plan: PlanAccess, error: PlanvaktError, sheet: str | None = None
) -> Response:
    """The upload form with the error at its field and every row error listed."""
    language = request_texts(request).language
    source = error.location.source if error.location is not None else None
    problems = [messages.error_text(e, language, within=source) for e in error.errors]
    if problems:
        text = messages.message(
            "upload.errors", {"count": len(problems), "source": source}, language
        )
    else:
        text = messages.error_text(error, language)
    field = "sheet" if error.code == "sheet.not_found" else "file"
    # The sheet name is shown again in the form, never a fødselsnummer typed into it.
    shown_sheet = "" if sheet and find_identity_numbers(sheet) else sheet or ""
    return _show_form(request, plan, {field: text}, problems, {"sheet": shown_sheet})


def too_large() -> ValidationError:
    return ValidationError("upload.too_large", max_mb=MAX_MB)


@router.get("/planer/{slug}/tiltak/last-opp")
def upload_form(request: Request, plan: CoordinatedPlan) -> Response:
    return _show_form(request, plan, {}, [])


@router.post("/planer/{slug}/tiltak/last-opp")
def preview(
    request: Request,
    plan: CoordinatedPlan,
    upload: Annotated[Upload, Depends(uploaded_sheet)],
) -> Response:
    if upload.too_large:
        return _refused(request, plan, too_large(), upload.sheet)
    if upload.data is None:
        return _refused(request, plan, ValidationError("upload.missing"), upload.sheet)
    try:
        with transaction(request, read_only=True) as session:
            loaded = plans.find_plan(session, plan.slug)
            report = preview_measures(session, loaded, upload.data, upload.name, upload.sheet)
            session.rollback()  # a preview stores nothing, whatever happened
    except PlanvaktError as exc:
        return _refused(request, plan, exc, upload.sheet)
    return _show_preview(request, plan, report, upload)


@dataclass(frozen=True)
class PreviewRow:
    """One row of the preview table, in words."""

    row: int
    ref: str
    title: str
    action: str  # new, changed, unchanged, refused
    label: str
    changes: list[tuple[str, str, str]]  # (column, old, new)
    error_columns: list[str]  # of a refused row


def preview_rows(report: ImportReport, tx: Texts) -> list[PreviewRow]:
    """The report's rows as the preview shows them: changes by column, or the columns with
    errors."""
    return [
        PreviewRow(
            r.row,
            masked(r.ref, tx),
            masked(r.title, tx),
            r.action,
            tx.gettext(ACTIONS[r.action]),
            [(_column(c.field, tx), c.old, c.new) for c in r.changes],
            _columns_of(r.errors, tx),
        )
        for r in report.rows
    ]


def _column(field: str, tx: Texts) -> str:
    if field == "title":  # the measure's own name, not the plural heading «Tiltak»
        return tx.pgettext("singular", "Tiltak")
    return tx.gettext(SHOWN_HEADERS[field]) if field in SHOWN_HEADERS else field


def _columns_of(errors: list[ValidationError], tx: Texts) -> list[str]:
    """The columns a refused row has errors in, in order (the errors are listed above)."""
    found = [e.location.column or e.location.field for e in errors if e.location is not None]
    return list(dict.fromkeys(masked(c, tx) for c in found if c))


def _show_preview(
    request: Request, plan: PlanAccess, report: ImportReport, upload: Upload
) -> Response:
    """The preview: 200 with «Bekreft», or 422 without it when any row is refused."""
    assert upload.data is not None
    blocked = bool(report.errors)
    tx = request_texts(request)
    return page(
        request,
        "forms/preview.html.j2",
        422 if blocked else 200,
        title=tx.gettext("Se over tiltakene fra regnearket"),
        plan=plan,
        crumbs=crumbs(plan, tx),
        report=report,
        read_as=describe_read_as(report.read_as, tx.language),
        rows=preview_rows(report, tx),
        ignored=[(c.letter, masked(c.header, tx)) for c in report.ignored],
        counts={a: report.count(a) for a in ACTIONS},
        problems=[messages.error_text(e, tx.language, within=report.source) for e in report.errors],
        blocked=blocked,
        addresses=f"/kommuner/{plan.municipalities[0]}/varslingsadresser",
        data="" if blocked else base64.b64encode(upload.data).decode("ascii"),
        file_name=upload.name,
        sheet=upload.sheet or "",
    )


async def confirmed_sheet(request: Request) -> dict[str, str]:
    """The confirmation's fields; its one big field is larger than Starlette's default 1 MB
    part (the base64 of a sheet is a third larger than the sheet), and is checked below."""
    form = await request.form(max_part_size=MAX_ENCODED + 1024)
    return {k: v for k, v in form.items() if isinstance(v, str)}


@router.post("/planer/{slug}/tiltak/last-opp/bekreft")
def confirm(
    request: Request,
    plan: CoordinatedPlan,
    raw: Annotated[dict[str, str], Depends(confirmed_sheet)],
) -> Response:
    encoded, name = raw.get("data", ""), masked(raw.get("name", "opplasting.csv")[:MAX_NAME])
    sheet = _sheet_name(raw.get("sheet"))
    if len(encoded) > MAX_ENCODED:
        return _refused(request, plan, too_large(), sheet)
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return _refused(request, plan, ValidationError("upload.missing"), sheet)
    if not data:
        return _refused(request, plan, ValidationError("upload.missing"), sheet)
    try:
        with transaction(request) as session:
            loaded = plans.find_plan(session, plan.slug)
            report = import_measures(session, loaded, data, name, sheet)
    except PlanvaktError as exc:
        return _refused(request, plan, exc, sheet)
    return done(
        request, f"/planer/{plan.slug}/tiltak", stored_message(report, request_texts(request))
    )


def stored_message(report: ImportReport, tx: Texts) -> str:
    """What the measures page says after a confirmed upload: the counts and the new units."""
    text = tx.gettext(
        "Regnearket er lagret. Nye tiltak: {created}, endret: {updated}, uendret: {unchanged}."
    ).format(created=report.created, updated=report.updated, unchanged=report.count("unchanged"))
    if report.new_units:
        units = tx.ngettext(
            "Ny enhet: {units}. Den får ingen påminnelser før den har fått en varslingsadresse.",
            "Nye enheter: {units}. De får ingen påminnelser før de har fått en varslingsadresse.",
            len(report.new_units),
        )
        text += " " + units.format(units=tx.join(report.new_units))
    return text
