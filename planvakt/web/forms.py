"""The coordinator's forms for the plan's records: decisions, adoption, consultations and
involvement (measures and the reminder policy: :mod:`planvakt.web.measure_forms`;
notification addresses: :mod:`planvakt.web.addresses`; the spreadsheet upload:
:mod:`planvakt.web.upload`; how a form runs: :mod:`planvakt.web.formflow`).

Each form is a GET that shows it and a POST that reads it, calls one service function in
one transaction and redirects (POST → redirect → GET); an error shows the form again with
the message at its field (422). Only coordinators and admins of the plan's municipalities
get here (:data:`~planvakt.web.plan_access.CoordinatedPlan`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from models.base import LONG_TEXT, SHORT_TEXT
from planvakt.core.clock import local_today
from planvakt.core.languages import N_, Texts
from planvakt.services import plans, records, revision
from planvakt.views.loading import PLAN_LIST
from planvakt.web import addresses, measure_forms, upload
from planvakt.web.deps import request_texts, transaction
from planvakt.web.formflow import FormValues, show, submit
from planvakt.web.formkit import (
    Field,
    FormInput,
    FormSpec,
)
from planvakt.web.plan_access import CoordinatedPlan, PlanAccess

router = APIRouter()
router.include_router(addresses.router)
router.include_router(upload.router)
router.include_router(measure_forms.router)

DECISION_KINDS = (
    ("mandate", N_("Mandat for planarbeidet")),
    ("report", N_("Rapport tatt til orientering")),
    ("other", N_("Annet vedtak")),
)


# --- political decisions and the adoption ------------------------------------------------


def decision_spec(slug: str, tx: Texts) -> FormSpec:
    _ = tx.gettext
    return FormSpec(
        title=_("Registrer politisk vedtak"),
        action=f"/planer/{slug}/vedtak/nytt",
        submit=_("Registrer vedtaket"),
        back=f"/planer/{slug}/prosess",
        intro=_("Vedtak av selve planen registreres med skjemaet «Vedta planen»."),
        fields=(
            Field("body", _("Organ"), required=True, maxlength=100, hint=_("f.eks. kommunestyret")),
            Field("decided_on", _("Dato"), "date", required=True),
            Field("case_number", _("Saksnummer"), maxlength=40, hint=_("f.eks. 2027/123")),
            Field(
                "kind",
                _("Type vedtak"),
                "select",
                required=True,
                options=tuple((key, _(label)) for key, label in DECISION_KINDS),
            ),
            Field("summary", _("Sammendrag"), "textarea", maxlength=LONG_TEXT),
        ),
        language=tx.language,
    )


@router.get("/planer/{slug}/vedtak/nytt")
def decision_form(request: Request, plan: CoordinatedPlan) -> Response:
    spec = decision_spec(plan.slug, request_texts(request))
    # ?type=report: the link of a checkpoint done by a decision of that kind.
    kind = request.query_params.get("type", "mandate")
    return show(request, plan, spec, {"kind": kind if kind in dict(DECISION_KINDS) else "mandate"})


@router.post("/planer/{slug}/vedtak/nytt")
def add_decision(request: Request, plan: CoordinatedPlan, raw: FormValues) -> Response:
    tx = request_texts(request)
    form = FormInput(raw, decision_spec(plan.slug, tx))
    body, decided_on = form.required_text("body"), form.required_date("decided_on")
    kind, case, summary = form.required_text("kind"), form.text("case_number"), form.text("summary")
    return submit(
        request,
        plan,
        form,
        lambda s, p: records.add_decision(
            s,
            p,
            body=body,
            decided_on=decided_on,
            kind=kind,
            case_number=case,
            summary=summary,
            today=local_today(),
        ),
        then=f"/planer/{plan.slug}/prosess#vedtak",
        message=tx.gettext("Vedtaket er registrert."),
        codes={"decision.kind_unknown": "kind", "decision.adoption_elsewhere": "kind"},
    )


def adoption_spec(slug: str, tx: Texts) -> FormSpec:
    _ = tx.gettext
    return FormSpec(
        title=_("Vedta planen"),
        action=f"/planer/{slug}/vedtak/vedtakelse",
        submit=_("Registrer vedtaket"),
        back=f"/planer/{slug}/prosess",
        intro=_("Vedtaket fastsetter planperioden og hvor ofte det rapporteres."),
        fields=(
            Field("body", _("Organ"), required=True, maxlength=100, hint=_("f.eks. kommunestyret")),
            Field("decided_on", _("Dato for vedtaket"), "date", required=True),
            Field("case_number", _("Saksnummer"), maxlength=40),
            Field("period_start", _("Planperioden starter"), "date", required=True),
            Field("period_end", _("Planperioden slutter"), "date", required=True),
            Field(
                "reporting_rhythm_months",
                _("Rapportering hver … måned"),
                "number",
                required=True,
                hint=_("1–24 måneder"),
            ),
            Field("summary", _("Sammendrag"), "textarea", maxlength=LONG_TEXT),
        ),
        language=tx.language,
    )


@router.get("/planer/{slug}/vedtak/vedtakelse")
def adoption_form(request: Request, plan: CoordinatedPlan) -> Response:
    spec = adoption_spec(plan.slug, request_texts(request))
    return show(request, plan, spec, {"reporting_rhythm_months": "12"})


@router.post("/planer/{slug}/vedtak/vedtakelse")
def adopt(request: Request, plan: CoordinatedPlan, raw: FormValues) -> Response:
    tx = request_texts(request)
    form = FormInput(raw, adoption_spec(plan.slug, tx))
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
            today=local_today(),
        ),
        then=f"/planer/{plan.slug}/prosess#vedtak",
        message=tx.gettext("Vedtaket om planen er registrert."),
        codes={
            "adoption.period_order": "period_end",
            "adoption.rhythm_range": "reporting_rhythm_months",
        },
    )


# --- consultation (høring) and involvement -----------------------------------------------


def consultation_spec(slug: str, weeks: int, tx: Texts) -> FormSpec:
    _ = tx.gettext
    return FormSpec(
        title=_("Legg til høringsinstans"),
        action=f"/planer/{slug}/horing/ny",
        submit=_("Legg til"),
        back=f"/planer/{slug}/prosess#horing",
        fields=(
            Field("body", _("Høringsinstans"), required=True, maxlength=SHORT_TEXT),
            Field("sent_on", _("Sendt"), "date", required=True),
            Field(
                "deadline",
                _("Høringsfrist"),
                "date",
                hint=tx.ngettext(
                    "La feltet stå tomt, så blir fristen {weeks} uke etter at høringen ble "
                    "sendt (neste virkedag hvis den faller på en helg eller helligdag). "
                    "En kortere frist avvises.",
                    "La feltet stå tomt, så blir fristen {weeks} uker etter at høringen ble "
                    "sendt (neste virkedag hvis den faller på en helg eller helligdag). "
                    "En kortere frist avvises.",
                    weeks,
                ).format(weeks=weeks),
            ),
        ),
        language=tx.language,
    )


def _hearing_weeks(request: Request, plan: PlanAccess) -> int:
    with transaction(request, read_only=True) as session:
        return plans.hearing_weeks(plans.find_plan(session, plan.slug, PLAN_LIST).current_edition)


@router.get("/planer/{slug}/horing/ny")
def consultation_form(request: Request, plan: CoordinatedPlan) -> Response:
    spec = consultation_spec(plan.slug, _hearing_weeks(request, plan), request_texts(request))
    return show(request, plan, spec, {})


@router.post("/planer/{slug}/horing/ny")
def add_consultation(request: Request, plan: CoordinatedPlan, raw: FormValues) -> Response:
    tx = request_texts(request)
    weeks = _hearing_weeks(request, plan)
    form = FormInput(raw, consultation_spec(plan.slug, weeks, tx))
    body = form.required_text("body")
    sent_on, deadline = form.required_date("sent_on"), form.date("deadline")
    return submit(
        request,
        plan,
        form,
        lambda s, p: records.add_consultation(s, p, body=body, sent_on=sent_on, deadline=deadline),
        then=f"/planer/{plan.slug}/prosess#horing",
        # the deadline as stored: given, or computed from the sending date
        message=lambda c: tx.gettext(
            "Høringsinstansen er lagt til, med høringsfrist {date}."
        ).format(date=tx.date(c.deadline, "short")),
        codes={"consultation.deadline_too_early": "deadline"},
    )


def response_spec(slug: str, bodies: list[str], tx: Texts) -> FormSpec:
    _ = tx.gettext
    return FormSpec(
        title=_("Registrer høringssvar"),
        action=f"/planer/{slug}/horing/svar",
        submit=_("Registrer svaret"),
        back=f"/planer/{slug}/prosess#horing",
        fields=(
            Field(
                "body",
                _("Høringsinstans"),
                "select",
                required=True,
                options=tuple((b, b) for b in bodies),
            ),
            Field("received_on", _("Mottatt"), "date", required=True),
            Field(
                "effect",
                _("Virkning for planen"),
                "textarea",
                maxlength=LONG_TEXT,
                hint=_("Hva svaret førte til (tatt inn, delvis, ikke tatt inn, og hvorfor)"),
            ),
            Field("exempt_from_public", _("Unntatt offentlighet"), "checkbox"),
            Field(
                "exempt_basis",
                _("Hjemmel for unntak"),
                maxlength=SHORT_TEXT,
                hint=_(
                    "Påkrevd når svaret er unntatt offentlighet, "
                    "f.eks. «offentleglova § 13 jf. forvaltningsloven § 13». "
                    "Svaret vises da ikke i rapporter eller på den offentlige siden."
                ),
            ),
        ),
        language=tx.language,
    )


def _bodies(request: Request, plan: PlanAccess) -> list[str]:
    with transaction(request, read_only=True) as session:
        loaded = plans.find_plan(session, plan.slug)
        return list(dict.fromkeys(c.body for c in loaded.current_edition.consultations))


@router.get("/planer/{slug}/horing/svar")
def response_form(request: Request, plan: CoordinatedPlan) -> Response:
    spec = response_spec(plan.slug, _bodies(request, plan), request_texts(request))
    return show(request, plan, spec, {})


@router.post("/planer/{slug}/horing/svar")
def record_response(request: Request, plan: CoordinatedPlan, raw: FormValues) -> Response:
    tx = request_texts(request)
    form = FormInput(raw, response_spec(plan.slug, _bodies(request, plan), tx))
    body, received_on = form.required_text("body"), form.required_date("received_on")
    effect, exempt = form.text("effect"), form.flag("exempt_from_public")
    basis = form.text("exempt_basis")
    return submit(
        request,
        plan,
        form,
        lambda s, p: records.record_response(
            s,
            p,
            body,
            received_on=received_on,
            effect=effect,
            exempt_from_public=exempt,
            exempt_basis=basis,
        ),
        then=f"/planer/{plan.slug}/prosess#horing",
        message=tx.gettext("Høringssvaret er registrert."),
        codes={
            "consultation.not_found": "body",
            "consultation.response_before_sent": "received_on",
            "consultation.exempt_needs_basis": "exempt_basis",
            "consultation.basis_needs_exempt": "exempt_from_public",
            "consultation.basis_no_provision": "exempt_basis",
        },
    )


def involvement_spec(slug: str, tx: Texts) -> FormSpec:
    _ = tx.gettext
    return FormSpec(
        title=_("Registrer medvirkning"),
        action=f"/planer/{slug}/medvirkning/ny",
        submit=_("Registrer"),
        back=f"/planer/{slug}/prosess#medvirkning",
        intro=_(
            "Deltakere er organisasjoner og roller – aldri enkeltpersoner det er bekymring for."
        ),
        fields=(
            Field("held_on", _("Dato"), "date", required=True),
            Field(
                "kind", _("Type møte"), required=True, maxlength=100, hint=_("f.eks. dialogmøte")
            ),
            Field("participants", _("Deltakere"), "textarea", required=True, maxlength=LONG_TEXT),
            Field("summary", _("Sammendrag"), "textarea", maxlength=LONG_TEXT),
        ),
        language=tx.language,
    )


@router.get("/planer/{slug}/medvirkning/ny")
def involvement_form(request: Request, plan: CoordinatedPlan) -> Response:
    return show(request, plan, involvement_spec(plan.slug, request_texts(request)), {})


@router.post("/planer/{slug}/medvirkning/ny")
def add_involvement(request: Request, plan: CoordinatedPlan, raw: FormValues) -> Response:
    tx = request_texts(request)
    form = FormInput(raw, involvement_spec(plan.slug, tx))
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
        message=tx.gettext("Medvirkningen er registrert."),
        codes={"involvement.incomplete": "participants"},
    )
