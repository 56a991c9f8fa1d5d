"""Phase gates and the dates of checkpoints: when a phase completes, how the following
phases are (re)planned, and what a checkpoint's offset counts from (its phase's start, or
the consultation deadline)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from models.calendar import OffsetUnit, due_date, next_business_day

# The one anchor a checkpoint's offset may count from instead of its phase's start: the
# latest consultation deadline (høringsfrist) of the edition.
CONSULTATION_ANCHOR = "consultation_deadline"
# A consultation gets this many weeks unless the edition says otherwise (domain brief §4.1:
# six weeks is common practice and the PBL minimum).
DEFAULT_HEARING_WEEKS = 6
# The checkpoint that sends the consultation: before any is recorded, the deadline is
# planned from its date.
SENDING_CHECKPOINT = "horing-sendt"
# The implementation checkpoint whose due date is the start of the scheduled evaluation.
EVALUATION_CHECKPOINT = "evaluering-startet"


@dataclass(frozen=True)
class CheckpointState:
    """What the gate and lifecycle rules need of a checkpoint."""

    required: bool = True
    done_on: date | None = None
    # Year of the yearly revision round (rullering); None for the template's own checkpoints.
    revision_round: int | None = None
    offset_days: int = 0
    offset_unit: OffsetUnit | str = OffsetUnit.CALENDAR
    key: str = ""
    # What offset_days counts from when not the phase start (CONSULTATION_ANCHOR).
    anchor: str | None = None
    # Due on a fixed day every year ("MM-DD"): dated by models.yearly, never by an offset.
    yearly_on: str | None = None

    @property
    def follows_phase(self) -> bool:
        """Whether replanning the phase moves it: open, of the template's own (not a yearly
        round's copy) and not due on a fixed day of the year."""
        return self.done_on is None and self.revision_round is None and self.yearly_on is None


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
    """A checkpoint's due date, counted from the day its phase started (or is planned to),
    or from its anchor (see :func:`anchored_due`)."""
    return due_date(phase_start, offset_days, unit)


def consultation_deadline(sent_on: date, hearing_weeks: int) -> date:
    """The høringsfrist of a consultation sent on ``sent_on``: ``hearing_weeks`` full weeks
    later, moved to the next business day when that is a weekend or a public holiday.

    It counts from the day the consultation was sent, so a late sending still gives the
    whole period.
    """
    if hearing_weeks < 1:
        raise ValueError("a consultation lasts at least one week")
    return next_business_day(sent_on + timedelta(weeks=hearing_weeks))


def anchored_due(checkpoint: CheckpointState, deadline: date) -> date:
    """The due date of a checkpoint anchored to the consultation deadline ``deadline``."""
    return checkpoint_due(deadline, checkpoint.offset_days, checkpoint.offset_unit)


@dataclass(frozen=True)
class EditionDates:
    """What dating an edition's checkpoints needs besides their phase's start."""

    hearing_weeks: int = DEFAULT_HEARING_WEEKS
    # The latest høringsfrist of the consultations recorded; None before the first.
    consultation_deadline: date | None = None
    # The plan period, once the adoption has fixed it, and when its evaluation starts.
    period_start: date | None = None
    period_end: date | None = None
    evaluation_due: date | None = None


def planned_deadline(checkpoints: Sequence[CheckpointState], start: date, weeks: int) -> date:
    """The consultation deadline planned for a phase starting on ``start``, before any
    consultation is recorded: ``weeks`` after the day its sending checkpoint was done or is
    due (after ``start`` when the phase has none)."""
    sending = next((c for c in checkpoints if c.key == SENDING_CHECKPOINT), None)
    sent = start
    if sending is not None:
        sent = sending.done_on or checkpoint_due(start, sending.offset_days, sending.offset_unit)
    return consultation_deadline(sent, weeks)


def due_dates(
    checkpoints: Sequence[CheckpointState], start: date, dates: EditionDates
) -> dict[int, date]:
    """Due dates (index → date) of a phase's checkpoints when it starts on ``start``.

    Only those that follow the phase (:attr:`CheckpointState.follows_phase`) are dated:
    anchored ones count from the latest consultation deadline (the planned one before any
    consultation is recorded), the evaluation's is the date the adoption set, the others
    count from ``start``.
    """
    deadline = dates.consultation_deadline or planned_deadline(
        checkpoints, start, dates.hearing_weeks
    )
    found: dict[int, date] = {}
    for i, c in enumerate(checkpoints):
        if not c.follows_phase:
            continue
        if c.anchor == CONSULTATION_ANCHOR:
            found[i] = anchored_due(c, deadline)
        elif c.key == EVALUATION_CHECKPOINT and dates.evaluation_due is not None:
            found[i] = dates.evaluation_due
        else:
            found[i] = checkpoint_due(start, c.offset_days, c.offset_unit)
    return found


def anchored_due_dates(checkpoints: Sequence[CheckpointState], deadline: date) -> dict[int, date]:
    """New due dates (index → date) of the open checkpoints anchored to the consultation
    deadline, now that it is ``deadline``; done ones keep theirs."""
    return {
        i: anchored_due(c, deadline)
        for i, c in enumerate(checkpoints)
        if c.anchor == CONSULTATION_ANCHOR and c.follows_phase
    }
