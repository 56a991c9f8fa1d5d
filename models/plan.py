"""Plan process tables: plan, edition (cycle), phase and checkpoint (sjekkpunkt).

Loading: every query chooses what it loads (``planvakt.views.loading``); relationships are
``lazy="raise"`` (``"raise_on_sql"`` for a row the session may already hold), except the
lifecycle spine a plan is never used without — editions, their phases and the phases'
checkpoints — which loads with the plan unless a query says otherwise (a list page does).
The lifecycle rules themselves are pure, in :mod:`models.lifecycle`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import lifecycle
from models.base import LONG_TEXT, SHORT_TEXT, Base, UTCDateTime, utcnow
from models.calendar import OffsetUnit
from models.directory import Municipality, Service
from models.gates import DEFAULT_HEARING_WEEKS, CheckpointState
from models.lifecycle import PhaseKey, PhaseState, PhaseStatus
from models.texts import pick

if TYPE_CHECKING:
    from models.documents import PoliticalMeeting
    from models.measure import Measure
    from models.records import Consultation, InvolvementRecord, PoliticalDecision

# The enums live in the pure modules; they are re-exported here for existing imports.
__all__ = [
    "Checkpoint",
    "Edition",
    "OffsetUnit",
    "Phase",
    "PhaseKey",
    "PhaseStatus",
    "Plan",
    "PlanMunicipality",
]


class Plan(Base):
    """A municipal action plan; may be joint (interkommunal) across municipalities."""

    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(SHORT_TEXT))
    # The language of everything the plan sends and publishes (nb, nn or en); by default
    # from the lead municipality's målform (see models.directory.plan_language).
    language: Mapped[str] = mapped_column(String(2), default="nb")
    coordinator_service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"))
    # Overrides of the reminder policy defaults (JSON object); None means the defaults.
    reminder_policy: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list[PlanMunicipality]] = relationship(
        back_populates="plan",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="PlanMunicipality.position",
    )
    editions: Mapped[list[Edition]] = relationship(
        back_populates="plan",
        lazy="selectin",
        cascade="all, delete-orphan",
        order_by="Edition.number",
    )
    coordinator: Mapped[Service | None] = relationship(lazy="raise_on_sql")

    @property
    def municipalities(self) -> list[Municipality]:
        return [m.municipality for m in self.members]

    @property
    def lead_municipality(self) -> Municipality:
        return self.members[0].municipality

    @property
    def current_edition(self) -> Edition:
        return self.editions[-1]

    def audit_label(self) -> str:
        return f"Plan {self.slug}"


class PlanMunicipality(Base):
    """Membership of a municipality in a plan; position 0 is the lead municipality."""

    __tablename__ = "plan_municipality"

    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plan.id", ondelete="CASCADE"), primary_key=True
    )
    municipality_number: Mapped[str] = mapped_column(
        ForeignKey("municipality.number"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    plan: Mapped[Plan] = relationship(back_populates="members", lazy="raise")
    municipality: Mapped[Municipality] = relationship(lazy="raise_on_sql")

    def audit_label(self) -> str:
        return f"Plan#{self.plan_id}/kommune {self.municipality_number}"


class Edition(Base):
    """One cycle of a plan (utgave/rullering): from initiation to revision."""

    __tablename__ = "edition"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # revision number, 1 for the first plan
    template_key: Mapped[str] = mapped_column(String(60))
    started_on: Mapped[date] = mapped_column(Date)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    reporting_rhythm_months: Mapped[int] = mapped_column(Integer, default=12)
    evaluation_due: Mapped[date | None] = mapped_column(Date)
    # The consultation period (høringsfrist = the day it was sent + these weeks).
    hearing_weeks: Mapped[int] = mapped_column(Integer, default=DEFAULT_HEARING_WEEKS)
    closed_on: Mapped[date | None] = mapped_column(Date)

    plan: Mapped[Plan] = relationship(back_populates="editions", lazy="raise")
    phases: Mapped[list[Phase]] = relationship(
        back_populates="edition",
        lazy="selectin",
        cascade="all, delete-orphan",
        order_by="Phase.position",
    )
    measures: Mapped[list[Measure]] = relationship(
        back_populates="edition",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="Measure.ref",
    )
    involvements: Mapped[list[InvolvementRecord]] = relationship(
        back_populates="edition",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="(InvolvementRecord.held_on, InvolvementRecord.id)",
    )
    consultations: Mapped[list[Consultation]] = relationship(
        back_populates="edition",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="(Consultation.sent_on, Consultation.id)",
    )
    meetings: Mapped[list[PoliticalMeeting]] = relationship(
        back_populates="edition",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="(PoliticalMeeting.meeting_date, PoliticalMeeting.id)",
    )
    decisions: Mapped[list[PoliticalDecision]] = relationship(
        back_populates="edition",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="(PoliticalDecision.decided_on, PoliticalDecision.id)",
    )

    @property
    def current_phase(self) -> Phase | None:
        """The active phase (see :func:`models.lifecycle.current_phase`), or None when every
        phase is done. Needs the phases only, not their checkpoints."""
        current = lifecycle.current_phase(self.phase_states(checkpoints=False))
        return None if current is None else self.phase_at(current.position)

    def phase(self, key: PhaseKey | str) -> Phase:
        return next(p for p in self.phases if p.key == key)

    def phase_at(self, position: int) -> Phase:
        return next(p for p in self.phases if p.position == position)

    def phase_states(self, *, checkpoints: bool = True) -> list[PhaseState]:
        """The phases as the lifecycle state machine sees them."""
        return [p.state(checkpoints=checkpoints) for p in self.phases]

    def gate_checkpoints(self, phase: Phase) -> list[Checkpoint]:
        """The checkpoints that decide a phase's gate now (see
        :func:`models.lifecycle.gate_checkpoints`)."""
        indices = lifecycle.gate_checkpoints(phase.state(), self.phase_states(checkpoints=False))
        return [phase.checkpoints[i] for i in indices]

    def audit_label(self) -> str:
        return f"Utgave#{self.id} nr {self.number}"


class Phase(Base):
    """One of the six lifecycle phases of an edition."""

    __tablename__ = "phase"
    __table_args__ = (
        UniqueConstraint("edition_id", "key"),
        UniqueConstraint("edition_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    # The phase's name per language ({"nb": "Revisjon", "nn": …}); read with name().
    names: Mapped[dict[str, str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default=PhaseStatus.PENDING.value)
    duration_days: Mapped[int] = mapped_column(Integer)
    planned_start: Mapped[date] = mapped_column(Date)
    planned_end: Mapped[date] = mapped_column(Date)
    started_on: Mapped[date | None] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)

    edition: Mapped[Edition] = relationship(back_populates="phases", lazy="raise")
    checkpoints: Mapped[list[Checkpoint]] = relationship(
        back_populates="phase",
        lazy="selectin",
        cascade="all, delete-orphan",
        order_by="(Checkpoint.due_date, Checkpoint.position)",
    )

    def name(self, language: str) -> str:
        """The name in ``language``, falling back to bokmål, then any (:func:`pick`)."""
        return pick(self.names, language)

    def state(self, *, checkpoints: bool = True) -> PhaseState:
        """This phase as the lifecycle state machine sees it (checkpoints in list order)."""
        return PhaseState(
            key=PhaseKey(self.key),
            position=self.position,
            status=PhaseStatus(self.status),
            duration_days=self.duration_days,
            planned_start=self.planned_start,
            checkpoints=tuple(c.state() for c in self.checkpoints) if checkpoints else (),
        )

    def audit_label(self) -> str:
        return f"Fase#{self.id} {self.key}"


class Checkpoint(Base):
    """A sjekkpunkt: something that must be done (and evidenced) within a phase."""

    __tablename__ = "checkpoint"
    __table_args__ = (UniqueConstraint("phase_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phase.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer)
    # The title per language ({"nb": "Mandat godkjent", "nn": …}); read with title().
    titles: Mapped[dict[str, str]] = mapped_column(JSON)
    responsible_service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"), index=True)
    offset_days: Mapped[int] = mapped_column(Integer)
    offset_unit: Mapped[str] = mapped_column(String(10), default=OffsetUnit.CALENDAR.value)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    # Year of the yearly revision round (rullering) this checkpoint belongs to; None for the
    # checkpoints of the template (in the revision phase: the final evaluation).
    revision_round: Mapped[int | None] = mapped_column(Integer)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    # Done by recording a political decision of this kind (models.records.DecisionKind).
    decision_kind: Mapped[str | None] = mapped_column(String(20))
    # Due on a fixed date every year ("12-01"), not counted from the phase start.
    yearly_on: Mapped[str | None] = mapped_column(String(5))
    # What offset_days counts from, when not the phase start ("consultation_deadline").
    anchor: Mapped[str | None] = mapped_column(String(30))
    done_on: Mapped[date | None] = mapped_column(Date)
    evidence: Mapped[str | None] = mapped_column(String(LONG_TEXT))

    phase: Mapped[Phase] = relationship(back_populates="checkpoints", lazy="raise")
    responsible: Mapped[Service | None] = relationship(lazy="raise_on_sql")

    def title(self, language: str) -> str:
        """The title in ``language``, falling back to bokmål, then any (:func:`pick`)."""
        return pick(self.titles, language)

    def state(self) -> CheckpointState:
        return CheckpointState(
            self.required,
            self.done_on,
            self.revision_round,
            self.offset_days,
            self.offset_unit,
            key=self.key,
            anchor=self.anchor,
            yearly_on=self.yearly_on,
        )

    def audit_label(self) -> str:
        return f"Sjekkpunkt#{self.id} {self.key}"
