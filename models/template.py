"""The plan template schema: six phases with checkpoints, roles, durations and gate rules.

A template is data (YAML). This module only validates its structure and meaning; reading a
file lives in :mod:`planvakt.templates_io`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.calendar import OffsetUnit
from models.fields import Key, Title
from models.lifecycle import PHASE_ORDER
from models.lifecycle import check_phase_sequence as check_phase_sequence  # re-exported

# The six phase keys in order (kept under this name for existing imports).
PHASE_KEYS: tuple[str, ...] = PHASE_ORDER


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(_Strict):
    """A text in bokmål with its English label."""

    nb: Title
    en: Title

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.nb


class ServiceTemplate(_Strict):
    key: Key
    name: Title
    external: bool = False


class CheckpointTemplate(_Strict):
    key: Key
    title: Label
    responsible: Key = Field(description="service key of the responsible service")
    offset_days: int = Field(ge=0, description="due this long after the phase starts")
    unit: OffsetUnit = OffsetUnit.CALENDAR
    required: bool = Field(default=True, description="must be done before the gate opens")


class PhaseTemplate(_Strict):
    key: Key
    name: Label
    duration_days: int = Field(ge=1, le=3660)
    checkpoints: list[CheckpointTemplate] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_checkpoints(self) -> PhaseTemplate:
        seen: set[str] = set()
        for cp in self.checkpoints:
            if cp.key in seen:
                raise ValueError(f"sjekkpunktet '{cp.key}' står to ganger i fasen '{self.key}'")
            seen.add(cp.key)
        return self


class Defaults(_Strict):
    plan_period_years: int = Field(default=4, ge=1, le=10)
    hearing_weeks: int = Field(default=6, ge=1, le=26)
    reporting_rhythm_months: int = Field(default=12, ge=1, le=24)
    coordinator: Key = "slt-koordinator"


class PlanTemplate(_Strict):
    key: Key
    version: int = Field(ge=1)
    name: Label
    plan_title: Label = Field(description="'{kommune}' is replaced by the municipality name")
    defaults: Defaults = Defaults()
    services: list[ServiceTemplate] = Field(min_length=1)
    phases: list[PhaseTemplate]

    @model_validator(mode="after")
    def _coherent(self) -> PlanTemplate:
        check_phase_sequence([p.key for p in self.phases])
        services = {s.key for s in self.services}
        if len(services) != len(self.services):
            raise ValueError("samme tjenestenøkkel står flere ganger under 'services'")
        if self.defaults.coordinator not in services:
            raise ValueError(
                f"koordinator '{self.defaults.coordinator}' finnes ikke under 'services'"
            )
        for phase in self.phases:
            for cp in phase.checkpoints:
                if cp.responsible not in services:
                    raise ValueError(
                        f"sjekkpunktet '{cp.key}' i fasen '{phase.key}' har ukjent ansvarlig "
                        f"tjeneste '{cp.responsible}'"
                    )
        return self

    @property
    def checkpoint_count(self) -> int:
        return sum(len(p.checkpoints) for p in self.phases)
