"""The JSON API's bodies: pydantic models built from the typed views (never from ORM rows),
so the OpenAPI schema documents exactly what is sent."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from models.traffic import Light
from planvakt.views.api import DecisionItem, DocumentItem
from planvakt.views.overview import PlanRow
from planvakt.views.plan import CheckpointView, MeasureView, PhaseView, PlanView


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class LightOut(_Out):
    key: str = Field(description="green, yellow, red or grey")
    label: str = Field(description="the traffic light in words, in your language (On track …)")


class PlanSummaryOut(_Out):
    slug: str
    title: str
    municipalities: list[str]
    counties: list[str]
    phase_key: str | None
    phase_name: str | None
    status: LightOut
    measures_by_light: dict[str, int]
    late_checkpoints: int
    late_measures: int
    next_deadline: date | None

    @classmethod
    def of(cls, row: PlanRow, labels: dict[Light, str]) -> PlanSummaryOut:
        return cls(
            slug=row.slug,
            title=row.title,
            municipalities=row.municipalities,
            counties=row.counties,
            phase_key=row.phase_key,
            phase_name=row.phase_name,
            status=LightOut(key=row.status.value, label=labels[row.status]),
            measures_by_light={light.value: count for light, count in row.lights.items()},
            late_checkpoints=row.late_checkpoints,
            late_measures=row.late_measures,
            next_deadline=row.next_deadline,
        )


class CheckpointOut(_Out):
    key: str
    phase: str = Field(description="the key of the checkpoint's phase")
    title: str
    responsible: str | None
    due: date
    required: bool
    done_on: date | None
    evidence: str | None
    light: LightOut

    @classmethod
    def of(cls, checkpoint: CheckpointView, phase: str) -> CheckpointOut:
        return cls.model_validate({**_fields(checkpoint), "phase": phase})


class PhaseOut(_Out):
    key: str
    position: int
    name: str
    status: str = Field(description="pending, active or done")
    planned_start: date
    planned_end: date
    started_on: date | None
    completed_on: date | None
    light: LightOut | None = Field(description="None while the phase has not started")


class PlanOut(_Out):
    slug: str
    title: str
    municipalities: list[str]
    coordinator: str | None
    edition: int
    period_start: date | None
    period_end: date | None
    current_phase: str | None
    phases: list[PhaseOut]
    current_checkpoints: list[CheckpointOut] = Field(
        description="the checkpoints of the phase that is active now"
    )

    @classmethod
    def of(cls, view: PlanView) -> PlanOut:
        active = [p for p in view.phases if p.status == "active"]
        return cls(
            slug=view.slug,
            title=view.title,
            municipalities=view.municipalities,
            coordinator=view.coordinator,
            edition=view.edition,
            period_start=view.period_start,
            period_end=view.period_end,
            current_phase=view.current_phase,
            phases=[PhaseOut.model_validate(p) for p in view.phases],
            current_checkpoints=checkpoints_of(active),
        )


def checkpoints_of(phases: list[PhaseView]) -> list[CheckpointOut]:
    return [CheckpointOut.of(c, p.key) for p in phases for c in p.checkpoints]


class MeasureOut(_Out):
    ref: str
    focus_area: str
    title: str
    owner: str = Field(description="the service that owns the measure")
    start: date | None
    deadline: date | None
    status: str = Field(description="planned, in_progress, done, postponed or closed")
    status_label: str = Field(description="the status in words, in your language")
    progress: int
    finished: bool
    last_reported: date | None
    light: LightOut

    @classmethod
    def of(cls, view: MeasureView) -> MeasureOut:
        return cls.model_validate(
            {**_fields(view), "status": view.status_key, "status_label": view.status}
        )


class MeasureReportOut(MeasureOut):
    """A measure after a status report, with warnings about what the report says."""

    warnings: list[str] = Field(
        default_factory=list,
        description="warnings about the stored report, in your language: the comment reads "
        "like notes about an individual (it was stored all the same)",
    )


class MeasurePatch(BaseModel):
    """A status report on a measure, as the service owner's form sends it."""

    model_config = ConfigDict(extra="forbid")

    status: str | None = Field(
        None,
        max_length=40,
        description="planned, in_progress, done, postponed, closed (Norwegian words such as "
        "«under arbeid» are accepted too)",
    )
    progress: int | None = Field(None, ge=0, le=100, description="per cent done")
    comment: str | None = Field(
        None,
        max_length=4000,
        description="no personal data: a national identity number is refused",
    )


class DecisionOut(_Out):
    id: int
    body: str
    decided_on: date
    case_number: str | None
    kind: str
    summary: str | None
    period_start: date | None
    period_end: date | None

    @classmethod
    def of(cls, item: DecisionItem) -> DecisionOut:
        return cls.model_validate(item)


class DocumentOut(_Out):
    id: int
    kind: str
    format: str
    language: str
    report_date: date
    created_at: datetime
    size: int
    sha256: str
    url: str = Field(description="where to download it (with the same token)")

    @classmethod
    def of(cls, item: DocumentItem, slug: str) -> DocumentOut:
        return cls.model_validate(
            {**_fields(item), "url": f"/api/v1/plans/{slug}/documents/{item.id}"}
        )


class FeedOut(BaseModel):
    """A calendar subscription URL: it holds its secret, so it is shown only once."""

    url: str = Field(description="subscribe to it in Outlook or Google Calendar; no login")


class ErrorOut(BaseModel):
    """Every error: a stable code, a message in your language, where the error is, and its
    values."""

    code: str
    message: str
    location: dict[str, Any] | None
    params: dict[str, Any]
    errors: list[dict[str, Any]] | None = None


def _fields(view: object) -> dict[str, Any]:
    """A view dataclass as a dict of its attributes (its nested views stay objects)."""
    return dict(vars(view))
