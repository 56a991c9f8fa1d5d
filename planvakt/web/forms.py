"""The coordinator's forms: decisions, adoption, consultations, involvement, measures and
the reminder policy (notification addresses: :mod:`planvakt.web.addresses`; the
spreadsheet upload: :mod:`planvakt.web.upload`).

Each form is a GET that shows it and a POST that reads it, calls one service function in
one transaction and redirects (POST → redirect → GET); an error shows the form again with
the message at its field (422). Only coordinators and admins of the plan's municipalities
get here (:data:`~planvakt.web.plan_access.CoordinatedPlan`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from models import Plan
from models.base import LONG_TEXT, SHORT_TEXT
from models.measure import MEASURE_STATUS_LABELS
from planvakt.core.errors import NotFoundError, PlanvaktError
from planvakt.core.messages import message
from planvakt.core.settings import get_settings
from planvakt.services import measures, plans, policy, records, revision
from planvakt.views.addresses import services_of
from planvakt.views.plan_detail import measure_fields
from planvakt.web import addresses, upload
from planvakt.web.deps import transaction
from planvakt.web.formkit import (
    GENERAL,
    Field,
    FormInput,
    FormSpec,
    errors_of,
    form_values,
    render_form,
)
from planvakt.web.pages import done
from planvakt.web.plan_access import CoordinatedPlan, PlanAccess

router = APIRouter()
router.include_router(addresses.router)
router.include_router(upload.router)

FormValues = Annotated[dict[str, str], Depends(form_values)]
Action = Callable[[Session, Plan], Any]

DECISION_KINDS = (
    ("mandate", "Mandat for planarbeidet"),
    ("report", "Rapport tatt til orientering"),
    ("other", "Annet vedtak"),
)


def crumbs(plan: PlanAccess) -> list[tuple[str, str]]:
    return [("/", "Oversikt"), (f"/planer/{plan.slug}", plan.title)]


def show(
    request: Request,
    plan: PlanAccess,
    spec: FormSpec,
    values: Mapping[str, str],
    errors: Mapping[str, str] | None = None,
) -> Response:
    return render_form(request, spec, values, errors, crumbs=crumbs(plan))


def submit(
    request: Request,
    plan: PlanAccess,
    form: FormInput,
    action: Action,
    *,
    then: str,
    message: str,
    codes: Mapping[str, str] | None = None,
) -> Response:
    """Run ``action`` on the loaded plan in one transaction and redirect to ``then``; show
    the form again with the errors of its fields (those found reading it, or the service's)."""
    if not form.ok:
        return show(request, plan, form.spec, form.raw, form.errors)
    try:
        with transaction(request) as session:
            action(session, plans.find_plan(session, plan.slug))
    except PlanvaktError as exc:
        return show(request, plan, form.spec, form.raw, errors_of(exc, form.spec, codes=codes))
    return done(request, then, message)


# --- political decisions and the adoption ------------------------------------------------


def decision_spec(slug: str) -> FormSpec:
    return FormSpec(
        title="Registrer politisk vedtak",
        action=f"/planer/{slug}/vedtak/nytt",
        submit="Registrer vedtaket",
        back=f"/planer/{slug}/prosess",
        intro="Vedtak av selve planen registreres med skjemaet «Vedta planen».",
        fields=(
            Field("body", "Organ", required=True, maxlength=100, hint="f.eks. kommunestyret"),
            Field("decided_on", "Dato", "date", required=True),
            Field("case_number", "Saksnummer", maxlength=40, hint="f.eks. 2027/123"),
            Field("kind", "Type vedtak", "select", required=True, options=DECISION_KINDS),
            Field("summary", "Sammendrag", "textarea", maxlength=LONG_TEXT),
        ),
    )


@router.get("/planer/{slug}/vedtak/nytt")
def decision_form(request: Request, plan: CoordinatedPlan) -> Response:
    return show(request, plan, decision_spec(plan.slug), {"kind": "mandate"})


@router.post("/planer/{slug}/vedtak/nytt")
def add_decision(request: Request, plan: CoordinatedPlan, raw: FormValues) -> Response:
    form = FormInput(raw, decision_spec(plan.slug))
    body, decided_on = form.required_text("body"), form.required_date("decided_on")
    kind, case, summary = form.required_text("kind"), form.text("case_number"), form.text("summary")
    return submit(
        request,
        plan,
        form,
        lambda s, p: records.add_decision(
            s, p, body=body, decided_on=decided_on, kind=kind, case_number=case, summary=summary
        ),
        then=f"/planer/{plan.slug}/prosess#vedtak",
        message="Vedtaket er registrert.",
        codes={"decision.kind_unknown": "kind", "decision.adoption_elsewhere": "kind"},
    )


def adoption_spec(slug: str) -> FormSpec:
    return FormSpec(
        title="Vedta planen",
        action=f"/planer/{slug}/vedtak/vedtakelse",
        submit="Registrer vedtaket",
        back=f"/planer/{slug}/prosess",
        intro="Vedtaket fastsetter planperioden og hvor ofte det rapporteres.",
        fields=(
            Field("body", "Organ", required=True, maxlength=100, hint="f.eks. kommunestyret"),
            Field("decided_on", "Dato for vedtaket", "date", required=True),
            Field("case_number", "Saksnummer", maxlength=40),
            Field("period_start", "Planperioden starter", "date", required=True),
            Field("period_end", "Planperioden slutter", "date", required=True),
            Field(
                "reporting_rhythm_months",
                "Rapportering hver … måned",
                "number",
                required=True,
                hint="1–24 måneder",
            ),
            Field("summary", "Sammendrag", "textarea", maxlength=LONG_TEXT),
        ),
    )


@router.get("/planer/{slug}/vedtak/vedtakelse")
def adoption_form(request: Request, plan: CoordinatedPlan) -> Response:
    return show(request, plan, adoption_spec(plan.slug), {"reporting_rhythm_months": "12"})


@router.post("/planer/{slug}/vedtak/vedtakelse")
def adopt(request: Request, plan: CoordinatedPlan, raw: FormValues) -> Response:
    form = FormInput(raw, adoption_spec(plan.slug))
    body, decided_on = form.required_text("body"), form.required_date("decided_on")
    case, summary = form.text("case_number"), form.text("summary")
    start, end = form.required_date("period_start"), form.required_date("period_end")
    rhythm = form.integer("reporting_rhythm_months") or 0
    return submit(
        request,
        plan,
        form,
        lambda s, p: revision.record_adoption(
            s,
            p,
            body=body,
            decided_on=decided_on,
            case_number=case,
            period_start=start,
            period_end=end,
            reporting_rhythm_months=rhythm,
            summary=summary,
        ),
        then=f"/planer/{plan.slug}/prosess#vedtak",
        message="Vedtaket om planen er registrert.",
        codes={
            "adoption.period_order": "period_end",
            "adoption.rhythm_range": "reporting_rhythm_months",
        },
    )


# --- consultation (høring) and involvement -----------------------------------------------


def consultation_spec(slug: str) -> FormSpec:
    return FormSpec(
        title="Legg til høringsinstans",
        action=f"/planer/{slug}/horing/ny",
        submit="Legg til",
        back=f"/planer/{slug}/prosess#horing",
        fields=(
            Field("body", "Høringsinstans", required=True, maxlength=SHORT_TEXT),
            Field("sent_on", "Sendt", "date", required=True),
            Field("deadline", "Høringsfrist", "date", required=True),
        ),
    )


@router.get("/planer/{slug}/horing/ny")
def consultation_form(request: Request, plan: CoordinatedPlan) -> Response:
    return show(request, plan, consultation_spec(plan.slug), {})


@router.post("/planer/{slug}/horing/ny")
def add_consultation(request: Request, plan: CoordinatedPlan, raw: FormValues) -> Response:
    form = FormInput(raw, consultation_spec(plan.slug))
    body = form.required_text("body")
    sent_on, deadline = form.required_date("sent_on"), form.required_date("deadline")
    return submit(
        request,
        plan,
        form,
        lambda s, p: records.add_consultation(s, p, body=body, sent_on=sent_on, deadline=deadline),
        then=f"/planer/{plan.slug}/prosess#horing",
        message="Høringsinstansen er lagt til.",
        codes={"consultation.deadline_before_sent": "deadline"},
    )


def response_spec(slug: str, bodies: list[str]) -> FormSpec:
    return FormSpec(
        title="Registrer høringssvar",
        action=f"/planer/{slug}/horing/svar",
        submit="Registrer svaret",
        back=f"/planer/{slug}/prosess#horing",
        fields=(
            Field(
                "body",
                "Høringsinstans",
                "select",
                required=True,
                options=tuple((b, b) for b in bodies),
            ),
            Field("received_on", "Mottatt", "date", required=True),
            Field(
                "effect",
                "Virkning for planen",
                "textarea",
                maxlength=LONG_TEXT,
                hint="Hva svaret førte til (tatt inn, delvis, ikke tatt inn, og hvorfor)",
            ),
            Field("exempt_from_public", "Unntatt offentlighet", "checkbox"),
        ),
    )


def _bodies(request: Request, plan: PlanAccess) -> list[str]:
    with transaction(request, read_only=True) as session:
        loaded = plans.find_plan(session, plan.slug)
        return list(dict.fromkeys(c.body for c in loaded.current_edition.consultations))


@router.get("/planer/{slug}/horing/svar")
def response_form(request: Request, plan: CoordinatedPlan) -> Response:
    return show(request, plan, response_spec(plan.slug, _bodies(request, plan)), {})


@router.post("/planer/{slug}/horing/svar")
def record_response(request: Request, plan: CoordinatedPlan, raw: FormValues) -> Response:
    form = FormInput(raw, response_spec(plan.slug, _bodies(request, plan)))
    body, received_on = form.required_text("body"), form.required_date("received_on")
    effect, exempt = form.text("effect"), form.flag("exempt_from_public")
    return submit(
        request,
        plan,
        form,
        lambda s, p: records.record_response(
            s, p, body, received_on=received_on, effect=effect, exempt_from_public=exempt
        ),
        then=f"/planer/{plan.slug}/prosess#horing",
        message="Høringssvaret er registrert.",
        codes={
            "consultation.not_found": "body",
            "consultation.response_before_sent": "received_on",
        },
    )


def involvement_spec(slug: str) -> FormSpec:
    return FormSpec(
        title="Registrer medvirkning",
        action=f"/planer/{slug}/medvirkning/ny",
        submit="Registrer",
        back=f"/planer/{slug}/prosess#medvirkning",
        intro="Deltakere er organisasjoner og roller – aldri enkeltpersoner det er bekymring for.",
        fields=(
            Field("held_on", "Dato", "date", required=True),
            Field("kind", "Type møte", required=True, maxlength=100, hint="f.eks. dialogmøte"),
            Field("participants", "Deltakere", "textarea", required=True, maxlength=LONG_TEXT),
            Field("summary", "Sammendrag", "textarea", maxlength=LONG_TEXT),
        ),
    )


@router.get("/planer/{slug}/medvirkning/ny")
def involvement_form(request: Request, plan: CoordinatedPlan) -> Response:
    return show(request, plan, involvement_spec(plan.slug), {})


@router.post("/planer/{slug}/medvirkning/ny")
def add_involvement(request: Request, plan: CoordinatedPlan, raw: FormValues) -> Response:
    form = FormInput(raw, involvement_spec(plan.slug))
    held_on, kind = form.required_date("held_on"), form.required_text("kind")
    participants, summary = form.required_text("participants"), form.text("summary")
    return submit(
        request,
        plan,
        form,
        lambda s, p: records.add_involvement(
            s, p, held_on=held_on, kind=kind, participants=participants, summary=summary
        ),
        then=f"/planer/{plan.slug}/prosess#medvirkning",
        message="Medvirkningen er registrert.",
        codes={"involvement.incomplete": "participants"},
    )


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
