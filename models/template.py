"""The plan template schema: six phases with checkpoints, roles, durations and gate rules.

A template is data (YAML). This module only validates its structure and meaning; reading a
file (and a variant's ``extends``) lives in :mod:`planvakt.exchange.templates`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.base import SHORT_TEXT
from models.calendar import OffsetUnit
from models.fields import FieldProblem, Key, Title
from models.gates import DEFAULT_HEARING_WEEKS, SENDING_CHECKPOINT
from models.lifecycle import PHASE_ORDER, PhaseKey
from models.lifecycle import check_phase_sequence as check_phase_sequence  # re-exported
from models.texts import N_, keyed, pick
from models.yearly import KEY_SUFFIX_LENGTH, TITLE_SUFFIX_LENGTH, parse_month_day

# The six phase keys in order (kept under this name for existing imports).
PHASE_KEYS: tuple[str, ...] = PHASE_ORDER

# The political decisions that complete a checkpoint (values of models.records.DecisionKind).
DecisionBinding = Literal["mandate", "adoption", "report"]
# What a checkpoint's offset counts from when not its phase's start: the edition's latest
# consultation deadline (models.gates.CONSULTATION_ANCHOR); until a consultation is
# recorded, the planned one after the phase's SENDING_CHECKPOINT.
Anchor = Literal["consultation_deadline"]


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
    offset_days: int | None = Field(
        default=None,
        ge=0,
        description="due this long after the phase starts (after the anchor, if one); "
        "not used by a yearly checkpoint",
    )
    unit: OffsetUnit = OffsetUnit.CALENDAR
    required: bool = Field(default=True, description="must be done before the gate opens")
    decision: DecisionBinding | None = Field(
        default=None, description="done by recording a political decision of this kind"
    )
    yearly_on: str | None = Field(
        default=None, description='"MM-DD": one checkpoint per year on that date'
    )
    anchor: Anchor | None = Field(
        default=None, description="what offset_days counts from, when not the phase start"
    )

    @model_validator(mode="after")
    def _timing(self) -> CheckpointTemplate:
        if self.yearly_on is None:
            if self.offset_days is None:
                raise FieldProblem(
                    "template.offset_missing",
                    N_(
                        "sjekkpunktet '{key}' mangler offset_days (dager etter at fasen "
                        "starter) eller yearly_on (MM-DD)"
                    ),
                    key=self.key,
                )
            return self
        parse_month_day(self.yearly_on)
        if self.required:
            raise FieldProblem(
                "template.yearly_required",
                N_(
                    "det årlige sjekkpunktet '{key}' må ha required: false (en årlig frist "
                    "stenger ikke en fase)"
                ),
                key=self.key,
            )
        if self.anchor is not None:
            raise FieldProblem(
                "template.yearly_anchor",
                N_("det årlige sjekkpunktet '{key}' kan ikke også ha anchor"),
                key=self.key,
            )
        too_long = len(self.key) + KEY_SUFFIX_LENGTH > 60 or any(
            len(text) + TITLE_SUFFIX_LENGTH > SHORT_TEXT for text in self.title.texts().values()
        )
        if too_long:
            raise FieldProblem(
                "template.yearly_too_long",
                N_(
                    "det årlige sjekkpunktet '{key}' får årstallet lagt til: nøkkelen kan "
                    "ha høyst {key_max} tegn og tittelen høyst {title_max}"
                ),
                key=self.key,
                key_max=60 - KEY_SUFFIX_LENGTH,
                title_max=SHORT_TEXT - TITLE_SUFFIX_LENGTH,
            )
        return self

    @property
    def offset(self) -> int:
        """Days after the phase start (or the anchor); 0 for a yearly checkpoint."""
        return self.offset_days or 0


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

    @model_validator(mode="after")
    def _dated_checkpoints(self) -> PhaseTemplate:
        for cp in self.checkpoints:
            if cp.yearly_on is not None and self.key == PhaseKey.REVISION:
                # The revision phase's checkpoints are copied into every yearly round.
                raise FieldProblem(
                    "template.yearly_in_revision",
                    N_(
                        "det årlige sjekkpunktet '{key}' kan ikke stå i fasen '{phase}' "
                        "(den kopierer sjekkpunktene sine hvert år); legg det i gjennomføringen"
                    ),
                    key=cp.key,
                    phase=self.key,
                )
        anchored = [cp.key for cp in self.checkpoints if cp.anchor is not None]
        sending = self.checkpoint(SENDING_CHECKPOINT)
        if anchored and (sending is None or sending.anchor is not None or sending.yearly_on):
            raise FieldProblem(
                "template.anchor_without_sending",
                N_(
                    "sjekkpunktet '{key}' i fasen '{phase}' regnes fra høringsfristen, men "
                    "fasen har ikke sjekkpunktet '{sent}' (høringen sendt) med offset_days"
                ),
                key=anchored[0],
                phase=self.key,
                sent=SENDING_CHECKPOINT,
            )
        return self

    def checkpoint(self, key: str) -> CheckpointTemplate | None:
        """The checkpoint with ``key``, or None."""
        return next((cp for cp in self.checkpoints if cp.key == key), None)


class Defaults(_Strict):
    plan_period_years: int = Field(default=4, ge=1, le=10)
    hearing_weeks: int = Field(default=DEFAULT_HEARING_WEEKS, ge=1, le=26)
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
