"""Import a whole plan from YAML or JSON (what :mod:`planvakt.exchange.plan_export` writes).

An import is all or nothing: the document is checked completely before anything is added,
and the caller's transaction rolls back on any error.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    Checkpoint,
    Consultation,
    Edition,
    InvolvementRecord,
    Measure,
    MeasureUpdate,
    Municipality,
    Phase,
    Plan,
    PlanMunicipality,
    PoliticalDecision,
    PoliticalMeeting,
    Service,
)
from models.directory import plan_language
from planvakt.core.errors import ConflictError, ImportErrors, ValidationError
from planvakt.exchange.files import Locator, load_document, read_file
from planvakt.exchange.schema import (
    PlanDocument,
)


def import_plan(session: Session, data: str | bytes, source: str, fmt: str | None = None) -> Plan:
    """Create a plan from an exchange document; nothing is stored if anything is wrong.

    Args:
        session: the caller's session (not committed here).
        data: the document as YAML or JSON, text or UTF-8 bytes.
        source: its name in error locations (file or upload name).
        fmt: ``yaml`` or ``json``; by default from the suffix of ``source``.
    """
    document, locate = load_document(data, source, PlanDocument, fmt)
    errors: list[ValidationError] = []
    municipalities = _check_municipalities(session, document, locate, errors)
    services = _resolve_services(session, document, locate, errors)
    _check_references(document, services, locate, errors)
    if errors:
        raise ImportErrors(errors, source=source)
    if session.scalar(select(Plan.id).where(Plan.slug == document.plan.slug)) is not None:
        raise ConflictError("import.plan_exists", slug=document.plan.slug)
    plan = _build(document, municipalities, services)
    session.add(plan)
    session.flush()
    return plan


def import_plan_file(session: Session, path: Path) -> Plan:
    """:func:`import_plan` from a YAML or JSON file."""
    return import_plan(session, read_file(path), str(path))


def _check_municipalities(
    session: Session, doc: PlanDocument, locate: Locator, errors: list[ValidationError]
) -> list[Municipality]:
    found = []
    for i, number in enumerate(doc.plan.municipalities):
        municipality = session.get(Municipality, number)
        if municipality is None:
            errors.append(
                ValidationError(
                    "import.municipality_unknown",
                    location=locate("plan", "municipalities", i),
                    number=number,
                )
            )
        else:
            found.append(municipality)
    if len(set(doc.plan.municipalities)) != len(doc.plan.municipalities):
        errors.append(
            ValidationError(
                "import.municipality_repeated", location=locate("plan", "municipalities")
            )
        )
    for i, s in enumerate(doc.services):
        if s.kommune not in doc.plan.municipalities:
            errors.append(
                ValidationError(
                    "import.service_foreign",
                    location=locate("services", i, "kommune"),
                    kommune=s.kommune,
                )
            )
    return found


def _resolve_services(
    session: Session, doc: PlanDocument, locate: Locator, errors: list[ValidationError]
) -> dict[str, Service]:
    """Map every service ref of the document to an existing or new Service."""
    lead = doc.plan.municipalities[0]
    services: dict[str, Service] = {}
    for i, spec in enumerate(doc.services):
        ref = spec.key if spec.kommune == lead else f"{spec.kommune}/{spec.key}"
        if ref in services:
            errors.append(
                ValidationError("import.service_repeated", location=locate("services", i), ref=ref)
            )
            continue
        existing = session.scalars(
            select(Service).where(
                Service.municipality_number == spec.kommune, Service.key == spec.key
            )
        ).first()
        services[ref] = existing or Service(
            municipality_number=spec.kommune, key=spec.key, name=spec.name, external=spec.external
        )
    return services


def _check_references(
    doc: PlanDocument, services: dict[str, Service], locate: Locator, errors: list[ValidationError]
) -> None:
    def need(ref: str | None, *loc: int | str) -> None:
        if ref is not None and ref not in services:
            errors.append(ValidationError("import.service_unknown", location=locate(*loc), ref=ref))

    need(doc.plan.coordinator, "plan", "coordinator")
    numbers = Counter(e.number for e in doc.editions)
    for e_i, edition in enumerate(doc.editions):
        if numbers[edition.number] > 1:
            errors.append(
                ValidationError(
                    "import.edition_repeated",
                    location=locate("editions", e_i, "number"),
                    number=edition.number,
                )
            )
        for p_i, phase in enumerate(edition.phases):
            seen: set[str] = set()
            for c_i, cp in enumerate(phase.checkpoints):
                need(
                    cp.responsible,
                    "editions",
                    e_i,
                    "phases",
                    p_i,
                    "checkpoints",
                    c_i,
                    "responsible",
                )
                if cp.key in seen:
                    errors.append(
                        ValidationError(
                            "import.checkpoint_repeated",
                            location=locate(
                                "editions", e_i, "phases", p_i, "checkpoints", c_i, "key"
                            ),
                            key=cp.key,
                        )
                    )
                seen.add(cp.key)
        refs = Counter(m.ref for m in edition.measures)
        for m_i, measure in enumerate(edition.measures):
            need(measure.owner, "editions", e_i, "measures", m_i, "owner")
            if refs[measure.ref] > 1:
                errors.append(
                    ValidationError(
                        "import.measure_ref_repeated",
                        location=locate("editions", e_i, "measures", m_i, "ref"),
                        ref=measure.ref,
                    )
                )


def _build(
    doc: PlanDocument, municipalities: list[Municipality], services: dict[str, Service]
) -> Plan:
    def svc(ref: str | None) -> Service | None:
        return services[ref] if ref is not None else None

    plan = Plan(
        slug=doc.plan.slug,
        title=doc.plan.title,
        # As at creation when the file does not say (files of earlier versions).
        language=doc.plan.language or plan_language(municipalities[0].malform),
        coordinator=svc(doc.plan.coordinator),
        reminder_policy=doc.plan.reminder_policy,
    )
    plan.members = [
        PlanMunicipality(municipality=m, position=i) for i, m in enumerate(municipalities)
    ]
    for e in doc.editions:
        edition = Edition(
            number=e.number,
            template_key=e.template_key,
            started_on=e.started_on,
            period_start=e.period_start,
            period_end=e.period_end,
            reporting_rhythm_months=e.reporting_rhythm_months,
            evaluation_due=e.evaluation_due,
            hearing_weeks=e.hearing_weeks,
            closed_on=e.closed_on,
        )
        for position, p in enumerate(e.phases, start=1):
            phase = Phase(
                key=p.key,
                position=position,
                names=dict(p.names),
                status=p.status.value,
                duration_days=p.duration_days,
                planned_start=p.planned_start,
                planned_end=p.planned_end,
                started_on=p.started_on,
                completed_on=p.completed_on,
            )
            phase.checkpoints = [
                Checkpoint(
                    key=c.key,
                    position=i,
                    titles=dict(c.titles),
                    responsible=svc(c.responsible),
                    offset_days=c.offset_days,
                    offset_unit=c.offset_unit.value,
                    due_date=c.due_date,
                    revision_round=c.revision_round,
                    required=c.required,
                    decision_kind=c.decision_kind,
                    yearly_on=c.yearly_on,
                    anchor=c.anchor,
                    done_on=c.done_on,
                    evidence=c.evidence,
                )
                for i, c in enumerate(p.checkpoints)
            ]
            edition.phases.append(phase)
        for m in e.measures:
            measure = Measure(
                ref=m.ref,
                focus_area=m.focus_area,
                title=m.title,
                description=m.description,
                owner=services[m.owner],
                partners=m.partners,
                start_date=m.start_date,
                deadline=m.deadline,
                resources=m.resources,
                indicator=m.indicator,
                status=m.status.value,
                progress=m.progress,
            )
            measure.updates = [
                MeasureUpdate(
                    reported_on=u.reported_on,
                    status=u.status.value,
                    progress=u.progress,
                    comment=u.comment,
                    reported_by=u.reported_by,
                )
                for u in m.updates
            ]
            edition.measures.append(measure)
        edition.involvements = [InvolvementRecord(**r.model_dump()) for r in e.involvements]
        edition.consultations = [Consultation(**c.model_dump()) for c in e.consultations]
        edition.meetings = [PoliticalMeeting(**m.model_dump()) for m in e.meetings]
        edition.decisions = [
            PoliticalDecision(**{**d.model_dump(), "kind": d.kind.value}) for d in e.decisions
        ]
        plan.editions.append(edition)
    return plan
