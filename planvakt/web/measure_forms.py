"""The coordinator's forms for measures (create, edit) and the plan's reminder policy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from models.base import LONG_TEXT, SHORT_TEXT
from planvakt.core.errors import NotFoundError, PlanvaktError
from planvakt.core.languages import N_, Texts
from planvakt.core.messages import message
from planvakt.core.settings import get_settings
from planvakt.services import measures, plans, policy
from planvakt.views.addresses import services_of
from planvakt.views.plan_detail import measure_fields
from planvakt.views.words import status_choices
from planvakt.web.deps import request_texts, transaction
from planvakt.web.formflow import FormValues, crumbs, show, submit
from planvakt.web.formkit import (
    GENERAL,
    Field,
    FormInput,
    FormSpec,
    errors_of,
    render_form,
)
from planvakt.web.pages import done
from planvakt.web.plan_access import CoordinatedPlan, PlanAccess

router = APIRouter()

# --- measures -------------------------------------------------------------------------------


def measure_spec(
    slug: str, owners: list[tuple[str, str]], tx: Texts, ref: str | None = None
) -> FormSpec:
    _ = tx.gettext
    statuses = tuple((key, label.capitalize()) for key, label in status_choices(tx))
    fields = (
        Field("focus_area", _("Innsatsområde"), required=True, maxlength=SHORT_TEXT),
        Field("title", tx.pgettext("singular", "Tiltak"), required=True, maxlength=SHORT_TEXT),
        Field("description", _("Beskrivelse"), "textarea", maxlength=LONG_TEXT),
        Field("owner", _("Ansvarlig tjeneste"), "select", required=True, options=tuple(owners)),
        Field("partners", _("Samarbeidspartnere"), maxlength=LONG_TEXT),
        Field("start_date", _("Start"), "date"),
        Field("deadline", _("Frist"), "date"),
        Field("resources", _("Ressurser og finansiering"), "textarea", maxlength=LONG_TEXT),
        Field("indicator", _("Mål og indikator"), "textarea", maxlength=LONG_TEXT),
        Field("status", _("Status"), "select", required=True, options=statuses),
        Field("progress", _("Fremdrift (prosent)"), "number", hint="0–100"),
    )
    if ref is None:
        return FormSpec(
            title=_("Nytt tiltak"),
            action=f"/planer/{slug}/tiltak/nytt",
            submit=_("Lagre tiltaket"),
            back=f"/planer/{slug}/tiltak",
            fields=(
                Field("ref", _("Tiltaksnummer"), required=True, maxlength=20, hint=_("f.eks. 2.3")),
                *fields,
            ),
            language=tx.language,
        )
    return FormSpec(
        title=_("Endre tiltak {ref}").format(ref=ref),
        action=f"/planer/{slug}/tiltak/{ref}/endre",
        submit=_("Lagre endringene"),
        back=f"/planer/{slug}/tiltak",
        fields=fields,
        language=tx.language,
    )


def _owners(request: Request, plan: PlanAccess) -> list[tuple[str, str]]:
    with transaction(request, read_only=True) as session:
        seen: dict[str, str] = {}
        for number in plan.municipalities:
            for option in services_of(session, number):
                seen.setdefault(option.key, option.name)
    return list(seen.items())


MEASURE_CODES = {
    "field.value_error": "deadline",
    "measure.deadline_before_start": "deadline",
    "measure.owner_unknown": "owner",
}


@router.get("/planer/{slug}/tiltak/nytt")
def new_measure_form(request: Request, plan: CoordinatedPlan) -> Response:
    spec = measure_spec(plan.slug, _owners(request, plan), request_texts(request))
    return show(request, plan, spec, {"status": "planned", "progress": "0"})


@router.post("/planer/{slug}/tiltak/nytt")
def create_measure(request: Request, plan: CoordinatedPlan, raw: FormValues) -> Response:
    tx = request_texts(request)
    form = FormInput(raw, measure_spec(plan.slug, _owners(request, plan), tx))
    values = {f.name: raw.get(f.name, "") for f in form.spec.fields}
    ref = values["ref"].strip()
    return submit(
        request,
        plan,
        form,
        lambda s, p: measures.create_measure(s, p, values),
        then=f"/planer/{plan.slug}/tiltak",
        message=tx.gettext("Tiltak {ref} er lagret.").format(ref=ref),
        codes=MEASURE_CODES,
    )


@router.get("/planer/{slug}/tiltak/{ref}/endre")
def edit_measure_form(request: Request, ref: str, plan: CoordinatedPlan) -> Response:
    with transaction(request, read_only=True) as session:
        values = measure_fields(plans.find_plan(session, plan.slug), ref)
    if values is None:
        raise NotFoundError("measure.not_found", ref=ref, plan=plan.slug)
    spec = measure_spec(plan.slug, _owners(request, plan), request_texts(request), ref)
    return show(request, plan, spec, values)


@router.post("/planer/{slug}/tiltak/{ref}/endre")
def edit_measure(request: Request, ref: str, plan: CoordinatedPlan, raw: FormValues) -> Response:
    tx = request_texts(request)
    form = FormInput(raw, measure_spec(plan.slug, _owners(request, plan), tx, ref))
    values = {f.name: raw.get(f.name, "") for f in form.spec.fields}
    return submit(
        request,
        plan,
        form,
        lambda s, p: measures.edit_measure(s, p, ref, values),
        then=f"/planer/{plan.slug}/tiltak",
        message=tx.gettext("Tiltak {ref} er endret.").format(ref=ref),
        codes=MEASURE_CODES,
    )


# --- the reminder policy ---------------------------------------------------------------------

POLICY_NUMBERS = (
    ("overdue_repeat_days", N_("Ny melding om forsinkelse hver … dag")),
    ("escalate_leader_days", N_("Eskaler til leder og koordinator etter … dager forsinket")),
    ("escalate_admin_days", N_("Eskaler til administrativ ledelse etter … dager forsinket")),
    ("gate_warning_days", N_("Varsle … dager før en fase skal være ferdig")),
    ("nudge_repeat_days", N_("Purr på statusrapport hver … dag")),
)


def policy_spec(slug: str, tx: Texts) -> FormSpec:
    _ = tx.gettext
    return FormSpec(
        title=_("Varslingsregler"),
        action=f"/planer/{slug}/varslingsregler",
        submit=_("Lagre reglene"),
        back=f"/planer/{slug}",
        fields=(
            Field(
                "days_before",
                _("Påminnelser … dager før fristen"),
                required=True,
                hint=_("Hele dager, skilt med komma, f.eks. 14, 7, 1"),
            ),
            *(Field(name, _(label), "number", required=True) for name, label in POLICY_NUMBERS),
            Field("reset", _("Bruk standardreglene (fjern planens egne regler)"), "checkbox"),
        ),
        language=tx.language,
    )


def _policy_values(request: Request, plan: PlanAccess) -> tuple[dict[str, str], bool]:
    with transaction(request, read_only=True) as session:
        view = policy.view_policy(plans.find_plan(session, plan.slug), get_settings())
    rules = view.policy
    values = {"days_before": ", ".join(map(str, rules.days_before))}
    values.update((name, str(getattr(rules, name))) for name, _ in POLICY_NUMBERS)
    return values, view.own


def _show_policy(
    request: Request, plan: PlanAccess, values: Mapping[str, str], errors: Mapping[str, str] | None
) -> Response:
    in_force, own = _policy_values(request, plan)
    tx = request_texts(request)
    spec = policy_spec(plan.slug, tx)
    return render_form(
        request,
        spec,
        values,
        errors,
        template="forms/policy.html.j2",
        crumbs=crumbs(plan, tx),
        in_force=[(spec.label(name), in_force[name]) for name in in_force],
        own=own,
    )


@router.get("/planer/{slug}/varslingsregler")
def policy_form(request: Request, plan: CoordinatedPlan) -> Response:
    return _show_policy(request, plan, _policy_values(request, plan)[0], None)


@router.post("/planer/{slug}/varslingsregler")
def set_policy(request: Request, plan: CoordinatedPlan, raw: FormValues) -> Response:
    tx = request_texts(request)
    form = FormInput(raw, policy_spec(plan.slug, tx))
    reset = form.flag("reset")
    wanted: dict[str, Any] = {}
    if not reset:
        days_text = form.required_text("days_before")
        try:
            days = [int(d) for d in days_text.replace(" ", ",").split(",") if d]
            if not days or min(days) < 1:
                raise ValueError(days_text)
            wanted["days_before"] = days
        except ValueError:
            form.errors.setdefault("days_before", message("policy.days_invalid", {}, tx.language))
        for name, _ in POLICY_NUMBERS:
            wanted[name] = form.integer(name)
    if not form.ok:
        return _show_policy(request, plan, raw, form.errors)
    current, _ = _policy_values(request, plan)
    changes = {
        name: value
        for name, value in wanted.items()
        if (", ".join(map(str, value)) if isinstance(value, list) else str(value)) != current[name]
    }
    try:
        with transaction(request) as session:
            loaded = plans.find_plan(session, plan.slug)
            policy.set_policy(loaded, changes, get_settings(), reset=reset)
    except PlanvaktError as exc:
        return _show_policy(request, plan, raw, errors_of(exc, form.spec, default=GENERAL))
    return done(
        request, f"/planer/{plan.slug}/varslingsregler", tx.gettext("Varslingsreglene er lagret.")
    )
