"""Plan operations: create a plan from a template, find it, complete checkpoints, advance
phases through their gates, and record measure status updates.

Functions take a ``Session`` and never commit; the caller owns the transaction.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session, object_session

from models import (
    Checkpoint,
    Consultation,
    DecisionKind,
    Edition,
    Measure,
    MeasureStatus,
    MeasureUpdate,
    Municipality,
    OffsetUnit,
    Phase,
    PhaseStatus,
    Plan,
    PlanMunicipality,
    PoliticalDecision,
    Service,
    yearly,
)
from models.directory import plan_language
from models.gates import DEFAULT_HEARING_WEEKS, EditionDates, due_dates
from models.lifecycle import Replan, Transition, advance, initial_phases
from models.measure import MEASURE_STATUS_LABELS, parse_measure_status
from models.privacy import check_free_text
from models.template import PlanTemplate
from models.texts import pick
from planvakt.core.errors import ConflictError, NotFoundError, ValidationError
from planvakt.core.languages import (
    LANGUAGES,
    N_,
    Language,
    as_language,
    parse_language,
    texts,
)
from planvakt.services.directory import get_municipality
from planvakt.services.privacy import refuse_identity_numbers
from planvakt.views.loading import PLAN_FULL, PLAN_LIST, PlanOptions


def slugify(text: str) -> str:
    """ASCII slug: 'Færder' → 'faerder'."""
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


# A plan's language as people read it (bokmål, translated where shown).
LANGUAGE_NAMES: dict[str, str] = {"nb": N_("bokmål"), "nn": N_("nynorsk"), "en": N_("engelsk")}


def check_language(language: str) -> Language:
    """``language`` as a plan language (``nb``, ``nn``, ``en``, or a name such as
    ``nynorsk``), or a clear error."""
    found = parse_language(language)
    if found is None:
        raise ValidationError("plan.language_unknown", value=language, allowed=list(LANGUAGES))
    return found


def set_plan_language(session: Session, plan: Plan, language: str) -> bool:
    """Change the language of a plan's messages, documents, feeds and public page.

    The change is audited like any other. Texts already stored in one language (the plan's
    title, its services' names) stay as written; phase names and checkpoint titles are kept
    in every language and show in the new one.

    Returns:
        Whether the language changed.
    """
    chosen = check_language(language)
    if plan.language == chosen:
        return False
    plan.language = chosen
    session.flush()
    return True


def ensure_services(
    session: Session, municipality: Municipality, template: PlanTemplate, language: str = "nb"
) -> dict[str, Service]:
    """Create the template's services for a municipality where missing, named in
    ``language`` (the plan's); return all by key."""
    existing = {
        s.key: s
        for s in session.scalars(
            select(Service).where(Service.municipality_number == municipality.number)
        )
    }
    for spec in template.services:
        if spec.key not in existing:
            service = Service(
                municipality_number=municipality.number,
                key=spec.key,
                name=spec.name.get(language),
                external=spec.external,
            )
            session.add(service)
            existing[spec.key] = service
    session.flush()
    return existing


def create_plan(
    session: Session,
    *,
    municipality_numbers: Sequence[str],
    template: PlanTemplate,
    start: date,
    title: str | None = None,
    slug: str | None = None,
    language: str | None = None,
) -> Plan:
    """Start a plan process: one edition, six phases, dated checkpoints.

    The first municipality leads; several make an inter-municipal (interkommunal) plan.
    Services come from the lead municipality's directory, created from the template if new.

    Args:
        language: the plan's language (``nb``, ``nn``, ``en``); by default from the lead
            municipality's målform (nynorsk → ``nn``, bokmål and nøytral → ``nb``). A joint
            plan has one language: this one, else the lead's.
    """
    if not municipality_numbers:
        raise ValidationError("plan.municipality_missing")
    municipalities = [get_municipality(session, n) for n in municipality_numbers]
    if len({m.number for m in municipalities}) != len(municipalities):
        raise ValidationError("plan.municipality_repeated")
    lead = municipalities[0]
    chosen = check_language(language) if language else plan_language(lead.malform)
    names = texts(as_language(chosen)).join(m.display_name for m in municipalities)
    title = title or template.plan_title.get(chosen).replace("{kommune}", names)
    check_free_text(title, field="title")
    # The id stays the same whatever the language (Færder og Tønsberg → faerder-og-tonsberg).
    slug_names = slugify(" og ".join(m.name for m in municipalities))
    slug = slug or f"{lead.number}-{slug_names}-{start.year}"
    # The id is shown in reminders, reports and calendars, and the errors below quote it.
    refuse_identity_numbers(slug, field="slug")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,79}", slug):
        raise ValidationError("plan.slug_invalid", slug=slug)
    if session.scalar(select(Plan.id).where(Plan.slug == slug)) is not None:
        raise ConflictError("plan.exists", slug=slug)

    services = ensure_services(session, lead, template, chosen)
    plan = Plan(
        slug=slug,
        title=title,
        language=chosen,
        coordinator=services[template.defaults.coordinator],
    )
    plan.members = [
        PlanMunicipality(municipality=m, position=i) for i, m in enumerate(municipalities)
    ]
    edition = Edition(
        number=1,
        template_key=template.key,
        started_on=start,
        reporting_rhythm_months=template.defaults.reporting_rhythm_months,
        hearing_weeks=template.defaults.hearing_weeks,
    )
    plan.editions = [edition]
    edition.phases = _phases_from_template(template, start, services)
    session.add(plan)
    session.flush()
    return plan


def _phases_from_template(
    template: PlanTemplate, start: date, services: dict[str, Service]
) -> list[Phase]:
    """The phases of a new edition planned back to back from ``start``, with their
    checkpoints dated as every replanning dates them (:func:`models.gates.due_dates`):
    counted from the phase start, or from the planned consultation deadline (``anchor``);
    a yearly one (``yearly_on``) becomes one checkpoint per year of its phase's span."""
    starts = initial_phases([p.duration_days for p in template.phases], start)
    dates = EditionDates(hearing_weeks=template.defaults.hearing_weeks)
    phases = []
    for position, (spec, planned) in enumerate(zip(template.phases, starts, strict=True), start=1):
        phase = Phase(
            key=spec.key,
            position=position,
            names=spec.name.texts(),
            duration_days=spec.duration_days,
            planned_start=planned.planned_start,
            planned_end=planned.planned_end,
            status=planned.status.value,
            started_on=planned.started_on,
        )
        phase.checkpoints = [
            Checkpoint(
                key=cp.key,
                position=i,
                titles=cp.title.texts(),
                responsible=services[cp.responsible],
                offset_days=cp.offset,
                offset_unit=cp.unit.value,
                required=cp.required,
                decision_kind=cp.decision,
                anchor=cp.anchor,
                due_date=planned.planned_start,  # dated below
            )
            for i, cp in enumerate(c for c in spec.checkpoints if c.yearly_on is None)
        ]
        due = due_dates([c.state() for c in phase.checkpoints], planned.planned_start, dates)
        for i, checkpoint in enumerate(phase.checkpoints):
            checkpoint.due_date = due[i]
        for cp in spec.checkpoints:
            if cp.yearly_on is not None:
                yearly_spec = YearlySpec(
                    cp.key,
                    cp.title.texts(),
                    services[cp.responsible],
                    cp.yearly_on,
                    cp.required,
                    cp.decision,
                )
                _add_yearly(phase, yearly_spec, set())
        phases.append(phase)
    return phases


@dataclass(frozen=True)
class YearlySpec:
    """A checkpoint due on a fixed date every year, as the template gives it."""

    key: str
    titles: dict[str, str]
    responsible: Service | None
    yearly_on: str
    required: bool = False
    decision_kind: str | None = None


def sync_yearly_checkpoints(phase: Phase) -> None:
    """Make a phase's yearly checkpoints (``yearly_on``) one per year whose date falls in its
    planned span, after the phase was planned again (the adoption fixes the plan period).

    Done ones stay whatever their year; open ones outside the span go, missing years are
    added, and open ones are due on their date again. What a yearly checkpoint is (title,
    responsible …) is read from its rows, so a phase keeps it while one row is left.
    """
    specs: dict[str, YearlySpec] = {}
    for cp in sorted(phase.checkpoints, key=lambda c: c.position):
        if cp.yearly_on is not None:
            specs.setdefault(
                yearly.base_key(cp.key),
                YearlySpec(
                    yearly.base_key(cp.key),
                    {code: yearly.base_title(text) for code, text in cp.titles.items()},
                    cp.responsible,
                    cp.yearly_on,
                    cp.required,
                    cp.decision_kind,
                ),
            )
    for spec in specs.values():
        dates = yearly.yearly_dates(phase.planned_start, phase.planned_end, spec.yearly_on)
        wanted = {d.year: d for d in dates}
        kept: set[int] = set()
        for cp in [c for c in phase.checkpoints if c.yearly_on is not None]:
            year = yearly.key_year(cp.key)
            if yearly.base_key(cp.key) != spec.key or year is None:
                continue
            if cp.done_on is not None:
                kept.add(year)
            elif year in wanted:
                cp.due_date = yearly.yearly_due(wanted[year])
                kept.add(year)
            else:
                phase.checkpoints.remove(cp)
        _add_yearly(phase, spec, kept)


def _add_yearly(phase: Phase, spec: YearlySpec, existing: set[int]) -> None:
    """Add the rows of a yearly checkpoint for the years of the phase's span not in
    ``existing``."""
    position = max((c.position for c in phase.checkpoints), default=-1)
    for due in yearly.yearly_dates(phase.planned_start, phase.planned_end, spec.yearly_on):
        if due.year in existing:
            continue
        position += 1
        phase.checkpoints.append(
            Checkpoint(
                key=yearly.year_key(spec.key, due.year),
                position=position,
                titles={code: yearly.year_title(t, due.year) for code, t in spec.titles.items()},
                responsible=spec.responsible,
                offset_days=0,
                offset_unit=OffsetUnit.CALENDAR.value,
                required=spec.required,
                decision_kind=spec.decision_kind,
                yearly_on=spec.yearly_on,
                due_date=yearly.yearly_due(due),
            )
        )


def find_plan(session: Session, ref: str, options: PlanOptions = PLAN_FULL) -> Plan:
    """A plan by its id (slug) or number.

    Args:
        session: the session to load into.
        ref: the plan's slug, or its number.
        options: what to load with it (see :mod:`planvakt.views.loading`); everything by
            default.
    """
    condition = Plan.slug == ref
    if ref.isdigit():
        condition = (Plan.slug == ref) | (Plan.id == int(ref))
    plan = session.scalars(select(Plan).where(condition).options(*options)).first()
    if plan is None:
        raise NotFoundError("plan.not_found", ref=ref)
    return plan


def list_plans(session: Session, options: PlanOptions = PLAN_LIST) -> list[Plan]:
    """Every plan by slug, with what a list shows (municipalities, current phase)."""
    return list(session.scalars(select(Plan).order_by(Plan.slug).options(*options)))


def find_checkpoint(plan: Plan, key: str) -> Checkpoint:
    """A checkpoint of the plan's current edition by key (``phase/key`` if ambiguous)."""
    phase_key, _, cp_key = key.rpartition("/")
    matches = [
        cp
        for phase in plan.current_edition.phases
        if not phase_key or phase.key == phase_key
        for cp in phase.checkpoints
        if cp.key == cp_key
    ]
    if not matches:
        raise NotFoundError("checkpoint.not_found", key=key, plan=plan.slug)
    if len(matches) > 1:
        raise ValidationError("checkpoint.ambiguous", key=key)
    return matches[0]


@dataclass(frozen=True)
class PhaseChange:
    """A phase passed its gate: phase keys (for code) and names per language (for people);
    no opened phase means the edition closed and a new one follows."""

    completed: str
    opened: str | None
    on: date
    completed_names: dict[str, str] = field(default_factory=dict)
    opened_names: dict[str, str] = field(default_factory=dict)

    def describe(self, language: str = "nb") -> str:
        """One line for people, in ``language``: «Vedtak fullført 01.03.2027, …»."""
        tx = texts(as_language(language))
        opened = pick(self.opened_names, language) or tx.gettext("ny utgave")
        return tx.gettext("{completed} fullført {date}, {opened} åpnet").format(
            completed=pick(self.completed_names, language),
            date=tx.date(self.on, "short"),
            opened=opened,
        )


def complete_checkpoint(
    session: Session, plan: Plan, key: str, *, on: date, today: date, evidence: str | None = None
) -> list[PhaseChange]:
    """Mark a checkpoint done (with evidence) and advance phases whose gate is now met."""
    if on > today:
        raise ValidationError("date.in_future", date=on)
    checkpoint = find_checkpoint(plan, key)
    if checkpoint.done_on is not None:
        raise ConflictError(
            "checkpoint.already_done", key=checkpoint.key, done_on=checkpoint.done_on
        )
    if checkpoint.decision_kind == DecisionKind.ADOPTION:
        raise ValidationError("checkpoint.adoption_bound", key=checkpoint.key, plan=plan.slug)
    if checkpoint.decision_kind is not None:
        raise ValidationError(
            "checkpoint.decision_bound",
            key=checkpoint.key,
            plan=plan.slug,
            kind=checkpoint.decision_kind,
        )
    checkpoint.done_on = on
    if evidence is not None:
        checkpoint.evidence = evidence
    session.flush()
    return advance_phases(plan.current_edition, today)


def decision_checkpoint(edition: Edition, kind: str) -> Checkpoint | None:
    """The open checkpoint a political decision of ``kind`` completes (``decision_kind``):
    the first by phase and due date, or None."""
    return next(
        (
            cp
            for phase in edition.phases
            for cp in sorted(phase.checkpoints, key=lambda c: (c.due_date, c.position))
            if cp.decision_kind == kind and cp.done_on is None
        ),
        None,
    )


def complete_by_decision(
    session: Session, plan: Plan, decision: PoliticalDecision, today: date | None
) -> list[PhaseChange]:
    """Complete the checkpoint a recorded political decision stands for (see
    :func:`decision_checkpoint`), with the decision as evidence («formannskapet
    10.02.2027, sak 2027/14», in the plan's language).

    Args:
        today: advance the phases whose gate is now met, as of this day (never before the
            decision); None leaves that to the caller (:func:`advance_phases`) or the
            daily sweep.

    Returns:
        The phase changes (none when ``today`` is None).
    """
    edition = plan.current_edition
    checkpoint = decision_checkpoint(edition, decision.kind)
    if checkpoint is None:
        return []
    checkpoint.done_on = decision.decided_on
    checkpoint.evidence = decision_evidence(decision, plan.language)
    session.flush()
    if today is None:
        return []
    return advance_phases(edition, max(today, decision.decided_on))


def decision_evidence(decision: PoliticalDecision, language: str) -> str:
    """How a checkpoint done by a decision shows it: «formannskapet 10.02.2027, sak 2027/14»."""
    tx = texts(as_language(language))
    day = tx.date(decision.decided_on, "short")
    if decision.case_number:
        return tx.gettext("{body} {date}, sak {case}").format(
            body=decision.body, date=day, case=decision.case_number
        )
    return f"{decision.body} {day}"


def advance_phases(edition: Edition, today: date) -> list[PhaseChange]:
    """Complete every phase whose gate is met and open what follows, as decided by
    :func:`models.lifecycle.advance`; the decisions are written to the edition's rows.

    The yearly checkpoints of the replanned phases are derived again once every transition
    is written (the transitions index checkpoints as they were before).
    """
    transitions = advance(edition.phase_states(), today, edition_dates(edition))
    changes = [apply_transition(edition, t) for t in transitions]
    for position in sorted({r.position for t in transitions for r in t.replans}):
        sync_yearly_checkpoints(edition.phase_at(position))
    return changes


def edition_dates(edition: Edition) -> EditionDates:
    """What dating the edition's checkpoints needs besides their phases' starts: its
    consultation period and latest deadline, and the plan period once adopted."""
    return EditionDates(
        hearing_weeks=hearing_weeks(edition),
        consultation_deadline=latest_consultation_deadline(edition),
        period_start=edition.period_start,
        period_end=edition.period_end,
        evaluation_due=edition.evaluation_due,
    )


def hearing_weeks(edition: Edition) -> int:
    """The consultation period of ``edition`` in weeks (the default until it is stored)."""
    return edition.hearing_weeks or DEFAULT_HEARING_WEEKS


def latest_consultation_deadline(edition: Edition) -> date | None:
    """The latest høringsfrist of the edition's consultations; None before the first.

    Read from the loaded consultations, else asked of the database (the daily review loads
    them with the plan; a plan loaded for something else need not).
    """
    if "consultations" not in inspect(edition).unloaded:
        return max((c.deadline for c in edition.consultations), default=None)
    session = object_session(edition)
    if session is None or edition.id is None:
        return None
    deadline: date | None = session.scalar(
        select(func.max(Consultation.deadline)).where(Consultation.edition_id == edition.id)
    )
    return deadline


def apply_transition(edition: Edition, transition: Transition) -> PhaseChange:
    """Write one lifecycle transition to the rows of an edition (its yearly checkpoints are
    left to the caller: :func:`advance_phases`)."""
    completed = edition.phase_at(transition.completed_position)
    completed.status = PhaseStatus.DONE.value
    completed.completed_on = transition.on
    _write_replans(edition, transition.replans)
    if transition.closes_edition:
        edition.closed_on = transition.on
    if transition.opened_position is None:
        return PhaseChange(completed.key, None, transition.on, completed.names)
    opened = edition.phase_at(transition.opened_position)
    if not transition.hands_back:
        opened.status = PhaseStatus.ACTIVE.value
        opened.started_on = transition.on
    return PhaseChange(completed.key, opened.key, transition.on, completed.names, opened.names)


def apply_replans(edition: Edition, replans: Sequence[Replan]) -> None:
    """Write new planned dates of phases and new due dates of their checkpoints, then
    derive the replanned phases' yearly checkpoints again for their new spans."""
    _write_replans(edition, replans)
    for replan in replans:
        sync_yearly_checkpoints(edition.phase_at(replan.position))


def _write_replans(edition: Edition, replans: Sequence[Replan]) -> None:
    for replan in replans:
        phase = edition.phase_at(replan.position)
        phase.planned_start, phase.planned_end = replan.planned_start, replan.planned_end
        for index, due in replan.due_dates.items():
            phase.checkpoints[index].due_date = due


def find_measure(plan: Plan, ref: str) -> Measure:
    for measure in plan.current_edition.measures:
        if measure.ref == ref:
            return measure
    raise NotFoundError("measure.not_found", ref=ref, plan=plan.slug)


def report_measure(
    session: Session,
    plan: Plan,
    ref: str,
    *,
    on: date,
    today: date,
    status: str | None = None,
    progress: int | None = None,
    comment: str | None = None,
    reported_by: str | None = None,
) -> MeasureUpdate:
    """Record a status update on a measure; status and progress move with it."""
    measure = find_measure(plan, ref)
    if on > today:
        raise ValidationError("date.in_future", date=on)
    try:
        new_status = parse_measure_status(status) if status else MeasureStatus(measure.status)
    except ValueError:
        allowed = [nb for nb, _ in MEASURE_STATUS_LABELS.values()]
        raise ValidationError("measure.status_unknown", value=status, allowed=allowed) from None
    new_progress = measure.progress if progress is None else progress
    if not 0 <= new_progress <= 100:
        raise ValidationError("measure.progress_range", progress=new_progress)
    if new_status is MeasureStatus.DONE and progress is None:
        new_progress = 100
    update = MeasureUpdate(
        reported_on=on,
        status=new_status.value,
        progress=new_progress,
        comment=comment,
        reported_by=reported_by,
    )
    measure.updates.append(update)
    measure.status, measure.progress = new_status.value, new_progress
    session.flush()
    return update
