"""A municipality's notification addresses (Apprise URLs) and role contacts, for its
coordinators: the addresses are listed masked only, a new address is never shown again
after it is saved (not even when the form comes back with an error), and «Test» sends a
test message through the same adapter the reminders use."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from models import Contact, Service
from planvakt.core.errors import NotFoundError, PlanvaktError
from planvakt.core.languages import Texts
from planvakt.services import recipients
from planvakt.views.addresses import contacts_of, services_of
from planvakt.web.deps import Id, page, request_texts, transaction
from planvakt.web.formkit import Field, FormInput, FormSpec, errors_of, form_values, summary
from planvakt.web.pages import done
from planvakt.web.plan_access import CoordinatedMunicipality

router = APIRouter()
FormValues = Annotated[dict[str, str], Depends(form_values)]


def _base(kommune: str) -> str:
    return f"/kommuner/{kommune}/varslingsadresser"


def _owner_options(session: Session, kommune: str) -> tuple[tuple[str, str], ...]:
    services = [(f"service:{s.key}", s.name) for s in services_of(session, kommune)]
    contacts = [
        (f"contact:{c.id}", f"{c.role} ({c.service_name})") for c in contacts_of(session, kommune)
    ]
    return tuple(services + contacts)


def target_spec(kommune: str, owners: tuple[tuple[str, str], ...], tx: Texts) -> FormSpec:
    _ = tx.gettext
    return FormSpec(
        title=_("Legg til varslingsadresse"),
        action=_base(kommune),
        submit=_("Lagre adressen"),
        fields=(
            Field("target_owner", _("Hvem varsles"), "select", required=True, options=owners),
            Field(
                "url",
                _("Adresse (Apprise-URL)"),
                "secret",
                required=True,
                maxlength=2000,
                hint=_(
                    "f.eks. mailtos://bruker:passord@smtp.example.org?to=slt@kommune.no. "
                    "Adressen vises aldri igjen etter at den er lagret."
                ),
            ),
        ),
        language=tx.language,
    )


def contact_spec(kommune: str, services: tuple[tuple[str, str], ...], tx: Texts) -> FormSpec:
    _ = tx.gettext
    return FormSpec(
        title=_("Legg til rollekontakt"),
        action=f"/kommuner/{kommune}/kontakter",
        submit=_("Legg til kontakten"),
        fields=(
            Field("service", _("Tjeneste"), "select", required=True, options=services),
            Field("role", _("Rolle"), required=True, maxlength=100, hint=_("f.eks. leder")),
            Field("name", _("Navn (valgfritt)"), maxlength=200),
            Field("email", _("E-post (valgfritt)"), maxlength=254),
        ),
        language=tx.language,
    )


def test_spec(kommune: str, owners: tuple[tuple[str, str], ...], tx: Texts) -> FormSpec:
    _ = tx.gettext
    return FormSpec(
        title=_("Send testmelding"),
        action=f"{_base(kommune)}/test",
        submit=_("Test"),
        fields=(Field("test_owner", _("Mottaker"), "select", required=True, options=owners),),
        language=tx.language,
    )


def _show(
    request: Request,
    kommune: str,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> Response:
    tx = request_texts(request)
    with transaction(request, read_only=True) as session:
        targets = recipients.list_targets(session, kommune)
        owners = _owner_options(session, kommune)
        services = tuple((s.key, s.name) for s in services_of(session, kommune))
        contacts = contacts_of(session, kommune)
    forms = [
        target_spec(kommune, owners, tx),
        test_spec(kommune, owners, tx),
        contact_spec(kommune, services, tx),
    ]
    errors = dict(errors or {})
    shown = {k: v for k, v in (values or {}).items() if k != "url"}  # a secret: never shown again
    return page(
        request,
        "forms/addresses.html.j2",
        422 if errors else 200,
        title=tx.gettext("Varslingsadresser for kommune {number}").format(number=kommune),
        kommune=kommune,
        targets=targets,
        contacts=contacts,
        forms=forms,
        values=shown,
        errors=errors,
        error_summary=[row for spec in forms for row in summary(spec, errors)],
        flash=request.session.pop("flash", None),
        crumbs=[("/", tx.gettext("Oversikt"))],
    )


@router.get("/kommuner/{kommune}/varslingsadresser")
def addresses_page(request: Request, kommune: CoordinatedMunicipality) -> Response:
    return _show(request, kommune)


def _owner(session: Session, kommune: str, ref: str) -> tuple[Service | None, Contact | None]:
    """``service:<key>`` or ``contact:<id>`` of this municipality."""
    kind, _, value = ref.partition(":")
    if kind == "service":
        return recipients.find_service(session, kommune, value), None
    if kind == "contact" and value.isascii() and value.isdigit() and len(value) < 10:
        contact = recipients.find_contact(session, int(value))
        service = session.get(Service, contact.service_id)
        if service is not None and service.municipality_number == kommune:
            return None, contact
    raise NotFoundError("recipient.not_found", ref=ref)


@router.post("/kommuner/{kommune}/varslingsadresser")
def add_target(request: Request, kommune: CoordinatedMunicipality, raw: FormValues) -> Response:
    tx = request_texts(request)
    with transaction(request) as session:
        spec = target_spec(kommune, _owner_options(session, kommune), tx)
    form = FormInput(raw, spec)
    owner_ref, url = form.required_text("target_owner"), form.required_text("url")
    if not form.ok:
        return _show(request, kommune, raw, form.errors)
    try:
        with transaction(request) as session:
            service, contact = _owner(session, kommune, owner_ref)
            recipients.add_target(session, url, service=service, contact=contact)
    except PlanvaktError as exc:
        errors = errors_of(
            exc,
            spec,
            default="url",
            codes={"recipient.not_found": "target_owner", "service.not_found": "target_owner"},
        )
        return _show(request, kommune, raw, errors)
    return done(request, _base(kommune), tx.gettext("Adressen er lagret. Den vises bare maskert."))


@router.post("/kommuner/{kommune}/varslingsadresser/test")
def test_target(request: Request, kommune: CoordinatedMunicipality, raw: FormValues) -> Response:
    tx = request_texts(request)
    with transaction(request) as session:
        spec = test_spec(kommune, _owner_options(session, kommune), tx)
    form = FormInput(raw, spec)
    owner_ref = form.required_text("test_owner")
    if not form.ok:
        return _show(request, kommune, raw, form.errors)
    try:
        with transaction(request) as session:
            service, contact = _owner(session, kommune, owner_ref)
            reached = recipients.send_test(session, service=service, contact=contact)
    except PlanvaktError as exc:
        return _show(request, kommune, raw, errors_of(exc, spec, default="test_owner"))
    text = tx.gettext("Testmelding sendt til {recipients}.").format(recipients=tx.join(reached))
    return done(request, _base(kommune), text)


@router.post("/kommuner/{kommune}/varslingsadresser/{target_id}/slett")
def remove_target(request: Request, target_id: Id, kommune: CoordinatedMunicipality) -> Response:
    with transaction(request) as session:
        if target_id not in {t.id for t in recipients.list_targets(session, kommune)}:
            raise NotFoundError("target.not_found", id=target_id)
        recipients.remove_target(session, target_id)
    return done(request, _base(kommune), request_texts(request).gettext("Adressen er fjernet."))


@router.post("/kommuner/{kommune}/kontakter")
def add_contact(request: Request, kommune: CoordinatedMunicipality, raw: FormValues) -> Response:
    tx = request_texts(request)
    with transaction(request) as session:
        services = tuple((s.key, s.name) for s in services_of(session, kommune))
    spec = contact_spec(kommune, services, tx)
    form = FormInput(raw, spec)
    key, role = form.required_text("service"), form.required_text("role")
    name, email = form.text("name"), form.text("email")
    if not form.ok:
        return _show(request, kommune, raw, form.errors)
    try:
        with transaction(request) as session:
            service = recipients.find_service(session, kommune, key)
            recipients.add_contact(session, service, role=role, name=name, email=email)
    except PlanvaktError as exc:
        errors = errors_of(
            exc, spec, codes={"service.not_found": "service", "contact.role_empty": "role"}
        )
        return _show(request, kommune, raw, errors)
    return done(
        request, _base(kommune), tx.gettext("Kontakten «{role}» er lagt til.").format(role=role)
    )
