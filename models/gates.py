"""Phase gates: when a phase completes and how the following phases are (re)planned."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from models.calendar import OffsetUnit, due_date, next_business_day


@dataclass(frozen=True)
class CheckpointState:
    """What the gate and lifecycle rules need of a checkpoint."""

    required: bool = True
    done_on: date | None = None
    # Year of the yearly revision round (rullering); None for the template's own checkpoints.
    revision_round: int | None = None
    offset_days: int = 0
    offset_unit: OffsetUnit | str = OffsetUnit.CALENDAR


@dataclass(frozen=True)
class PhasePlan:
    """Planned dates of one phase, from its duration."""

    planned_start: date
    planned_end: date


def gate_met(checkpoints: Iterable[CheckpointState]) -> bool:
    """A phase's gate is met when every required checkpoint is done."""
    return all(c.done_on is not None for c in checkpoints if c.required)


def gate_date(checkpoints: Iterable[CheckpointState]) -> date | None:
    """The day the gate was met: the last completion of a required checkpoint.

    None if the gate is not met. A phase without required checkpoints has no gate date of
    its own; its completion is the day it is checked.
    """
    states = list(checkpoints)
    if not gate_met(states):
        return None
    days = [c.done_on for c in states if c.required and c.done_on is not None]
    return max(days) if days else None


def plan_phases(start: date, durations: Sequence[int]) -> list[PhasePlan]:
    """Plan consecutive phases from ``start``; each begins the day after the previous ends.

    Ends are moved to the next business day, so a phase never ends on a holiday.
    """
    plans: list[PhasePlan] = []
    begin = start
    for days in durations:
        if days < 1:
            raise ValueError("a phase lasts at least one day")
        end = next_business_day(begin + timedelta(days=days - 1))
        plans.append(PhasePlan(begin, end))
        begin = end + timedelta(days=1)
    return plans


def checkpoint_due(phase_start: date, offset_days: int, unit: OffsetUnit | str) -> date:
    """A checkpoint's due date, counted from the day its phase started (or is planned to)."""
    return due_date(phase_start, offset_days, unit)
