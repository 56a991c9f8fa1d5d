"""Export a whole plan as YAML or JSON: every edition, phase, checkpoint, measure and record
(a lossless round trip with :mod:`planvakt.exchange.plan_import`); never contact data or
secrets."""

from __future__ import annotations

import json
from typing import Any, cast

import yaml

from models import (
    Consultation,
    DecisionKind,
    Edition,
    MeasureStatus,
    OffsetUnit,
    PhaseStatus,
    Plan,
    Service,
)
from models.template import Anchor, DecisionBinding
from planvakt.core.errors import ValidationError
from planvakt.core.languages import LANGUAGES, as_language
from planvakt.exchange.schema import (
    CheckpointDoc,
    ConsultationDoc,
    DecisionDoc,
    EditionDoc,
    InvolvementDoc,
    LanguageCode,
    MeasureDoc,
    MeasureUpdateDoc,
    MeetingDoc,
    PhaseDoc,
    PlanDoc,
    PlanDocument,
    ServiceDoc,
)


def service_ref(service: Service, lead: str) -> str:
    """How a document names a service: its key, prefixed by kommunenummer if not the lead's."""
    if service.municipality_number == lead:
        return service.key
    return f"{service.municipality_number}/{service.key}"


# --- export -----------------------------------------------------------------------------


def export_plan(plan: Plan) -> PlanDocument:
    """Build the exchange document of a plan (every edition, in order)."""
    lead = plan.lead_municipality.number
    used: dict[int, Service] = {}

    def ref(service: Service | None) -> str | None:
        if service is None:
            return None
        used[service.id] = service
        return service_ref(service, lead)

    editions = [_export_edition(e, ref) for e in plan.editions]
    coordinator = ref(plan.coordinator)
    services = sorted(
        used.values(), key=lambda s: (s.municipality_number != lead, s.municipality_number, s.key)
    )
    return PlanDocument(
        format="planvakt-plan/1",
        plan=PlanDoc(
            slug=plan.slug,
            title=plan.title,
            language=as_language(plan.language),
            municipalities=[m.number for m in plan.municipalities],
            coordinator=coordinator,
            reminder_policy=plan.reminder_policy,
        ),
        services=[
            ServiceDoc(kommune=s.municipality_number, key=s.key, name=s.name, external=s.external)
            for s in services
        ],
        editions=editions,
    )


def _export_edition(edition: Edition, ref: Any) -> EditionDoc:
    return EditionDoc(
        number=edition.number,
        template_key=edition.template_key,
        started_on=edition.started_on,
        period_start=edition.period_start,
        period_end=edition.period_end,
        reporting_rhythm_months=edition.reporting_rhythm_months,
        evaluation_due=edition.evaluation_due,
        hearing_weeks=edition.hearing_weeks,
        closed_on=edition.closed_on,
        phases=[
            PhaseDoc(
                key=p.key,
                names=_in_order(p.names),
                status=PhaseStatus(p.status),
                duration_days=p.duration_days,
                planned_start=p.planned_start,
                planned_end=p.planned_end,
                started_on=p.started_on,
                completed_on=p.completed_on,
                checkpoints=[
                    CheckpointDoc(
                        key=c.key,
                        titles=_in_order(c.titles),
                        responsible=ref(c.responsible),
                        offset_days=c.offset_days,
                        offset_unit=OffsetUnit(c.offset_unit),
                        due_date=c.due_date,
                        revision_round=c.revision_round,
                        required=c.required,
                        # Stored as the template gave them (validated there).
                        decision_kind=cast("DecisionBinding | None", c.decision_kind),
                        yearly_on=c.yearly_on,
                        anchor=cast("Anchor | None", c.anchor),
                        done_on=c.done_on,
                        evidence=c.evidence,
                    )
                    for c in sorted(p.checkpoints, key=lambda c: c.position)
                ],
            )
            for p in edition.phases
        ],
        measures=[
            MeasureDoc(
                ref=m.ref,
                focus_area=m.focus_area,
                title=m.title,
                description=m.description,
                owner=ref(m.owner),
                partners=m.partners,
                start_date=m.start_date,
                deadline=m.deadline,
                resources=m.resources,
                indicator=m.indicator,
                status=MeasureStatus(m.status),
                progress=m.progress,
                updates=[
                    MeasureUpdateDoc(
                        reported_on=u.reported_on,
                        status=MeasureStatus(u.status),
                        progress=u.progress,
                        comment=u.comment,
                        reported_by=u.reported_by,
                    )
                    for u in m.updates
                ],
            )
            for m in edition.measures
        ],
        involvements=[
            InvolvementDoc(
                held_on=r.held_on, kind=r.kind, participants=r.participants, summary=r.summary
            )
            for r in edition.involvements
        ],
        consultations=[_export_consultation(c) for c in edition.consultations],
        decisions=[
            DecisionDoc(
                body=d.body,
                decided_on=d.decided_on,
                case_number=d.case_number,
                kind=DecisionKind(d.kind),
                summary=d.summary,
                period_start=d.period_start,
                period_end=d.period_end,
                reporting_rhythm_months=d.reporting_rhythm_months,
                evaluation_due=d.evaluation_due,
            )
            for d in edition.decisions
        ],
        meetings=[
            MeetingDoc(body=m.body, meeting_date=m.meeting_date, note=m.note)
            for m in edition.meetings
        ],
    )


def _export_consultation(c: Consultation) -> ConsultationDoc:
    if c.exempt and not c.exempt_basis:  # stored before a basis was required
        raise ValidationError("export.exempt_without_basis", body=c.body)
    return ConsultationDoc(
        body=c.body,
        sent_on=c.sent_on,
        deadline=c.deadline,
        response_received_on=c.response_received_on,
        effect=c.effect,
        exempt_from_public=c.exempt,
        exempt_basis=c.exempt_basis,
    )


def _in_order(texts: dict[str, str]) -> dict[LanguageCode, str]:
    """A language mapping in the order nb, nn, en (so the same plan gives the same bytes)."""
    return {code: texts[code] for code in LANGUAGES if texts.get(code)}


def dump(document: PlanDocument, fmt: str) -> str:
    """Serialise deterministically (same plan → same bytes)."""
    data = document.model_dump(mode="json")
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


# --- import -----------------------------------------------------------------------------
