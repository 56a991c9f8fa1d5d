"""The plan exchange format (``planvakt-plan/1``): a whole plan as YAML or JSON.

Natural keys only (slugs, service keys, measure refs, checkpoint keys), never database ids,
so a file moves between installations. Contacts and secrets are never part of it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from models.fields import (
    FieldProblem,
    Key,
    LongText,
    NoIdentityNumbers,
    OptionalText,
    Progress,
    Title,
    check_deadline_after_start,
)
from models.gates import DEFAULT_HEARING_WEEKS
from models.measure import MeasureStatus
from models.plan import OffsetUnit, PhaseStatus
from models.records import DecisionKind, check_exempt_basis
from models.reminders import ReminderPolicy
from models.template import Anchor, DecisionBinding, check_phase_sequence
from models.texts import N_
from models.yearly import parse_month_day

FORMAT = "planvakt-plan/1"

ServiceRef = str  # "key" for the lead municipality's services, "kommunenummer/key" otherwise
Number = Field(pattern=r"^\d{4}$")
LanguageCode = Literal["nb", "nn", "en"]
# A text per language ({"nb": "Vedtak", "nn": "Vedtak", "en": "Adoption"}), at least one.
Texts = Annotated[dict[LanguageCode, Title], Field(min_length=1)]


def _keyed_by_language(data: Any, old: str, new: str) -> Any:
    """Files written before texts were keyed by language carry ``<old>_nb`` and
    ``<old>_en``; read them as the ``<new>`` mapping."""
    if not isinstance(data, dict) or new in data:
        return data
    codes = ("nb", "nn", "en")
    if not any(f"{old}_{code}" in data for code in codes):
        return data
    data = dict(data)
    data[new] = {code: data.pop(f"{old}_{code}") for code in codes if f"{old}_{code}" in data}
    return data


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ServiceDoc(_Doc):
    kommune: str = Number
    key: Key
    name: Title
    external: bool = False


class CheckpointDoc(_Doc):
    key: Key
    titles: Texts
    responsible: ServiceRef | None = None
    offset_days: int = Field(ge=0)
    offset_unit: OffsetUnit = OffsetUnit.CALENDAR
    due_date: date
    revision_round: int | None = None
    required: bool = True
    # Done by recording a political decision of this kind; due every year on "MM-DD";
    # counted from the consultation deadline (see models.template.CheckpointTemplate).
    decision_kind: DecisionBinding | None = None
    yearly_on: str | None = None
    anchor: Anchor | None = None
    done_on: date | None = None
    evidence: OptionalText = None

    @model_validator(mode="before")
    @classmethod
    def _old_titles(cls, data: Any) -> Any:
        return _keyed_by_language(data, "title", "titles")

    @field_validator("yearly_on")
    @classmethod
    def _month_day(cls, value: str | None) -> str | None:
        if value is not None:
            parse_month_day(value)
        return value


class PhaseDoc(_Doc):
    key: Key
    names: Texts
    status: PhaseStatus
    duration_days: int = Field(ge=1)
    planned_start: date
    planned_end: date
    started_on: date | None = None
    completed_on: date | None = None
    checkpoints: list[CheckpointDoc] = []

    @model_validator(mode="before")
    @classmethod
    def _old_names(cls, data: Any) -> Any:
        return _keyed_by_language(data, "name", "names")

    @model_validator(mode="after")
    def _dates(self) -> PhaseDoc:
        if self.planned_end < self.planned_start:
            raise FieldProblem(
                "import.phase_end_before_start", N_("planned_end er før planned_start")
            )
        if self.status == PhaseStatus.DONE and self.completed_on is None:
            raise FieldProblem(
                "import.phase_done_undated", N_("en fullført fase må ha completed_on")
            )
        return self


class MeasureUpdateDoc(_Doc):
    reported_on: date
    status: MeasureStatus
    progress: Progress
    comment: OptionalText = None
    reported_by: OptionalText = None


class MeasureDoc(_Doc):
    ref: Annotated[
        str, Field(min_length=1, max_length=20, pattern=r"^[\w.\-]+$"), NoIdentityNumbers
    ]
    focus_area: Title
    title: Title
    description: OptionalText = None
    owner: ServiceRef
    partners: OptionalText = None
    start_date: date | None = None
    deadline: date | None = None
    resources: OptionalText = None
    indicator: OptionalText = None
    status: MeasureStatus = MeasureStatus.PLANNED
    progress: Progress = 0
    updates: list[MeasureUpdateDoc] = []

    @model_validator(mode="after")
    def _deadline_after_start(self) -> MeasureDoc:
        check_deadline_after_start(self.start_date, self.deadline)
        return self


class InvolvementDoc(_Doc):
    held_on: date
    kind: Title
    participants: LongText
    summary: OptionalText = None


class ConsultationDoc(_Doc):
    body: Title
    sent_on: date
    deadline: date
    response_received_on: date | None = None
    effect: OptionalText = None
    exempt_from_public: bool = False
    exempt_basis: OptionalText = None  # required when exempt_from_public (check_exempt_basis)

    @model_validator(mode="after")
    def _deadline_after_sent(self) -> ConsultationDoc:
        if self.deadline < self.sent_on:
            raise FieldProblem(
                "consultation.deadline_before_sent", N_("høringsfristen er før utsendelsen")
            )
        return self

    @model_validator(mode="after")
    def _exempt_with_basis(self) -> ConsultationDoc:
        self.exempt_basis = check_exempt_basis(self.exempt_from_public, self.exempt_basis)
        return self


class DecisionDoc(_Doc):
    body: Title
    decided_on: date
    case_number: OptionalText = None
    kind: DecisionKind = DecisionKind.OTHER
    summary: OptionalText = None
    period_start: date | None = None
    period_end: date | None = None
    reporting_rhythm_months: int | None = Field(default=None, ge=1, le=24)
    evaluation_due: date | None = None


class MeetingDoc(_Doc):
    body: Title
    meeting_date: date
    note: OptionalText = None


class EditionDoc(_Doc):
    number: int = Field(ge=1)
    template_key: Key
    started_on: date
    period_start: date | None = None
    period_end: date | None = None
    reporting_rhythm_months: int = Field(default=12, ge=1, le=24)
    evaluation_due: date | None = None
    # The consultation period in weeks (files of earlier versions: the default six).
    hearing_weeks: int = Field(default=DEFAULT_HEARING_WEEKS, ge=1, le=26)
    closed_on: date | None = None
    phases: list[PhaseDoc]
    measures: list[MeasureDoc] = []
    involvements: list[InvolvementDoc] = []
    consultations: list[ConsultationDoc] = []
    decisions: list[DecisionDoc] = []
    meetings: list[MeetingDoc] = []

    @model_validator(mode="after")
    def _phase_order(self) -> EditionDoc:
        check_phase_sequence([p.key for p in self.phases], [p.status.value for p in self.phases])
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise FieldProblem("import.period_order", N_("planperioden slutter før den starter"))
        return self


class PlanDoc(_Doc):
    slug: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,79}$"), NoIdentityNumbers]
    title: Title
    # The plan's language; by default (older files) from the lead municipality's målform.
    language: LanguageCode | None = None
    municipalities: list[str] = Field(min_length=1)
    coordinator: ServiceRef | None = None
    reminder_policy: dict[str, Any] | None = None

    @field_validator("reminder_policy")
    @classmethod
    def _valid_policy(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        # A field validator, so an error's location is plan.reminder_policy.<key>.
        if value is not None:
            ReminderPolicy.model_validate(value)
        return value


class PlanDocument(_Doc):
    format: Literal["planvakt-plan/1"]
    plan: PlanDoc
    services: list[ServiceDoc] = []
    editions: list[EditionDoc] = Field(min_length=1)
