"""The plan template schema: six phases with checkpoints, roles, durations and gate rules.

A template is data (YAML). This module only validates its structure and meaning; reading a
file lives in :mod:`planvakt.templates_io`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.calendar import OffsetUnit
from models.fields import FieldProblem, Key, Title
from models.lifecycle import PHASE_ORDER
from models.lifecycle import check_phase_sequence as check_phase_sequence  # re-exported
from models.texts import N_, keyed, pick

# The six phase keys in order (kept under this name for existing imports).
PHASE_KEYS: tuple[str, ...] = PHASE_ORDER


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(_Strict):
    """A text of a template in bokmål, nynorsk and English, or in some of them.

    Written as a mapping with any of ``nb``, ``nn``, ``en`` (at least one), or as a plain
    string: a municipality's own template may be written in one language only; the plain
    string is kept as the source (``nb``) text and shown whatever language is asked for.
    """

    nb: Title | None = None
    nn: Title | None = None
    en: Title | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, value: object) -> object:
        return {"nb": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _some_text(self) -> Label:
        if not self.texts():
            raise FieldProblem("template.label_empty", N_("oppgi teksten på nb, nn eller en"))
        return self

    def texts(self) -> dict[str, str]:
        """The texts given, by language code (what a plan stores)."""
        return keyed(nb=self.nb, nn=self.nn, en=self.en)

    def get(self, language: str) -> str:
        """The text in ``language``, else bokmål, else nynorsk, else English."""
        return pick(self.texts(), language)


class ServiceTemplate(_Strict):
    key: Key
    name: Label
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
                raise FieldProblem(
                    "template.checkpoint_repeated",
                    N_("sjekkpunktet '{key}' står to ganger i fasen '{phase}'"),
                    key=cp.key,
                    phase=self.key,
                )
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
            raise FieldProblem(
                "template.service_repeated",
                N_("samme tjenestenøkkel står flere ganger under 'services'"),
            )
        if self.defaults.coordinator not in services:
            raise FieldProblem(
                "template.coordinator_unknown",
                N_("koordinator '{key}' finnes ikke under 'services'"),
                key=self.defaults.coordinator,
            )
        for phase in self.phases:
            for cp in phase.checkpoints:
                if cp.responsible not in services:
                    raise FieldProblem(
                        "template.responsible_unknown",
                        N_(
                            "sjekkpunktet '{key}' i fasen '{phase}' har ukjent ansvarlig "
                            "tjeneste '{service}'"
                        ),
                        key=cp.key,
                        phase=phase.key,
                        service=cp.responsible,
                    )
        return self

    @property
    def checkpoint_count(self) -> int:
        return sum(len(p.checkpoints) for p in self.phases)
