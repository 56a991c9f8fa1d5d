"""The coordinator's forms for measures (create, edit) and the plan's reminder policy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from models.base import LONG_TEXT, SHORT_TEXT
from models.measure import MEASURE_STATUS_LABELS
from planvakt.core.errors import NotFoundError, PlanvaktError
from planvakt.core.messages import message
from planvakt.core.settings import get_settings
from planvakt.services import measures, plans, policy
from planvakt.views.addresses import services_of
from planvakt.views.plan_detail import measure_fields
from planvakt.web.deps import transaction
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

MEASURE_STATUSES = tuple((s.value, nb.capitalize()) for s, (nb, _) in MEASURE_STATUS_LABELS.items())


def measure_spec(slug: str, owners: list[tuple[str, str]], ref: str | None = None) -> FormSpec:
    fields = (
        Field("focus_area", "Innsatsområde", required=True, maxlength=SHORT_TEXT),
        Field("title", "Tiltak", required=True, maxlength=SHORT_TEXT),
        Field("description", "Beskrivelse", "textarea", maxlength=LONG_TEXT),
        Field("owner", "Ansvarlig tjeneste", "select", required=True, options=tuple(owners)),
        Field("partners", "Samarbeidspartnere", maxlength=LONG_TEXT),
        Field("start_date", "Start", "date"),
        Field("deadline", "Frist", "date"),
        Field("resources", "Ressurser og finansiering", "textarea", maxlength=LONG_TEXT),
        Field("indicator", "Mål og indikator", "textarea", maxlength=LONG_TEXT),
        Field("status", "Status", "select", required=True, options=MEASURE_STATUSES),
        Field("progress", "Fremdrift (prosent)", "number", hint="0–100"),
    )
    if ref is None:
        return FormSpec(
            title="Nytt tiltak",
            action=f"/planer/{slug}/tiltak/nytt",
            submit="Lagre tiltaket",
            back=f"/planer/{slug}/tiltak",
            fields=(
                Field("ref", "Tiltaksnummer", required=True, maxlength=20, hint="f.eks. 2.3"),
                *fields,
            ),
        )
    return FormSpec(
        title=f"Endre tiltak {ref}",
        action=f"/planer/{slug}/tiltak/{ref}/endre",
        submit="Lagre endringene",
        back=f"/planer/{slug}/tiltak",
        fields=fields,
    )


def _owners(request: Request, plan: PlanAccess) -> list[tuple[str, str]]:
    with transaction(request, read_only=True) as session:
        seen: dict[str, str] = {}
        for number in plan.municipalities:
            for option in services_of(session, number):
                seen.setdefault(option.key, option.name)
    return list(seen.items())


MEASURE_CODES = {"field.value_error": "deadline", "measure.owner_unknown": "owner"}


@router.get("/planer/{slug}/tiltak/nytt")
def new_measure_form(request: Request, plan: CoordinatedPlan) -> Response:
    spec = measure_spec(plan.slug, _owners(request, plan))
    return show(request, plan, spec, {"status": "planned", "progress": "0"})


@router.post("/planer/{slug}/tiltak/nytt")
def create_measure(request: Request, plan: CoordinatedPlan, raw: FormValues) -> Response:
    form = FormInput(raw, measure_spec(plan.slug, _owners(request, plan)))
    values = {f.name: raw.get(f.name, "") for f in form.spec.fields}
    ref = values["ref"].strip()
    return submit(
        request,
        plan,
        form,
        lambda s, p: measures.create_measure(s, p, values),
        then=f"/planer/{plan.slug}/tiltak",
        message=f"Tiltak {ref} er lagret.",
        codes=MEASURE_CODES,
    )


@router.get("/planer/{slug}/tiltak/{ref}/endre")
def edit_measure_form(request: Request, ref: str, plan: CoordinatedPlan) -> Response:
    with transaction(request, read_only=True) as session:
        values = measure_fields(plans.find_plan(session, plan.slug), ref)
    if values is None:
        raise NotFoundError("measure.not_found", ref=ref, plan=plan.slug)
    return show(request, plan, measure_spec(plan.slug, _owners(request, plan), ref), values)


@router.post("/planer/{slug}/tiltak/{ref}/endre")
def edit_measure(request: Request, ref: str, plan: CoordinatedPlan, raw: FormValues) -> Response:
    form = FormInput(raw, measure_spec(plan.slug, _owners(request, plan), ref))
    values = {f.name: raw.get(f.name, "") for f in form.spec.fields}
    return submit(
        request,
        plan,
        form,
        lambda s, p: measures.edit_measure(s, p, ref, values),
        then=f"/planer/{plan.slug}/tiltak",
        message=f"Tiltak {ref} er endret.",
        codes=MEASURE_CODES,
    )


# --- the reminder policy ---------------------------------------------------------------------

POLICY_NUMBERS = (
    ("overdue_repeat_days", "Ny melding om forsinkelse hver … dag"),
    ("escalate_leader_days", "Eskaler til leder og koordinator etter … dager forsinket"),
    ("escalate_admin_days", "Eskaler til administrativ ledelse etter … dager forsinket"),
    ("gate_warning_days", "Varsle … dager før en fase skal være ferdig"),
    ("nudge_repeat_days", "Purr på statusrapport hver … dag"),
)


def policy_spec(slug: str) -> FormSpec:
    return FormSpec(
        title="Varslingsregler",
        action=f"/planer/{slug}/varslingsregler",
        submit="Lagre reglene",
        back=f"/planer/{slug}",
        fields=(
            Field(
                "days_before",
                "Påminnelser … dager før fristen",
                required=True,
                hint="Hele dager, skilt med komma, f.eks. 14, 7, 1",
            ),
            *(Field(name, label, "number", required=True) for name, label in POLICY_NUMBERS),
            Field("reset", "Bruk standardreglene (fjern planens egne regler)", "checkbox"),
        ),
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
    spec = policy_spec(plan.slug)
    return render_form(
        request,
        spec,
        values,
        errors,
        template="forms/policy.html.j2",
        crumbs=crumbs(plan),
        in_force=[(spec.label(name), in_force[name]) for name in in_force],
        own=own,
    )


@router.get("/planer/{slug}/varslingsregler")
def policy_form(request: Request, plan: CoordinatedPlan) -> Response:
    return _show_policy(request, plan, _policy_values(request, plan)[0], None)


@router.post("/planer/{slug}/varslingsregler")
def set_policy(request: Request, plan: CoordinatedPlan, raw: FormValues) -> Response:
    form = FormInput(raw, policy_spec(plan.slug))
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
            form.errors.setdefault("days_before", message("policy.days_invalid", {}))
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
    return done(request, f"/planer/{plan.slug}/varslingsregler", "Varslingsreglene er lagret.")
