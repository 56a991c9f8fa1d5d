"""The lifecycle state machine of a plan edition: six phases, their gates and the yearly
revision rounds (rullering).

Pure rules over small dataclasses; the ORM rows are converted to :class:`PhaseState` by
:mod:`models.plan`, and the services apply the decisions returned here to the rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum

from models.calendar import next_business_day
from models.fields import FieldProblem
from models.gates import CheckpointState, checkpoint_due, gate_date, gate_met, plan_phases
from models.texts import N_

# The evaluation starts a year before the plan period ends.
EVALUATION_LEAD_DAYS = 365
# The implementation checkpoint whose due date follows the scheduled evaluation.
EVALUATION_CHECKPOINT = "evaluering-startet"


class PhaseKey(StrEnum):
    """The six phases, in order; the values are the keys stored in the database."""

    INITIATION = "initiering"
    INVOLVEMENT = "involvering"
    POLITICAL_ANCHORING = "politisk_forankring"
    ADOPTION = "vedtak"
    IMPLEMENTATION = "gjennomforing"
    REVISION = "revisjon"


PHASE_ORDER: tuple[PhaseKey, ...] = tuple(PhaseKey)


class PhaseStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    DONE = "done"


@dataclass(frozen=True)
class PhaseState:
    """What the state machine needs of a phase."""

    key: PhaseKey
    position: int
    status: PhaseStatus
    duration_days: int = 1
    planned_start: date | None = None
    checkpoints: tuple[CheckpointState, ...] = ()


@dataclass(frozen=True)
class Replan:
    """New planned dates of a phase and new due dates of its open template checkpoints."""

    position: int
    planned_start: date
    planned_end: date
    # Index in the phase's checkpoints → new due date.
    due_dates: Mapping[int, date] = field(default_factory=dict)


@dataclass(frozen=True)
class Transition:
    """A phase passed its gate on ``on``.

    ``opened`` is the phase that opens (None when the edition closes). A yearly revision
    round hands back to the implementation, which is already active (``hands_back``).
    """

    completed: PhaseKey
    completed_position: int
    on: date
    opened: PhaseKey | None = None
    opened_position: int | None = None
    hands_back: bool = False
    replans: tuple[Replan, ...] = ()
    closes_edition: bool = False


@dataclass(frozen=True)
class PhaseStart:
    """Status and dates of a phase when an edition starts."""

    status: PhaseStatus
    started_on: date | None
    planned_start: date
    planned_end: date


@dataclass(frozen=True)
class RoundPlan:
    """A yearly revision round to open: its dates and the due dates of its checkpoints."""

    year: int
    planned_start: date
    planned_end: date
    # Index in the revision phase's checkpoints (the template's own) → due date of the copy.
    due_dates: Mapping[int, date]


def check_phase_sequence(keys: Sequence[str], statuses: Sequence[str] | None = None) -> None:
    """Raise :class:`FieldProblem` (a ValueError) unless the phases are the six in order and,
    if statuses are given, done phases come first, then at most one active, then pending
    ones. A yearly revision round may run (or have run) beside an active implementation."""
    if tuple(keys) != PHASE_ORDER:
        raise FieldProblem(
            "template.phase_order",
            N_("fasene må være de seks i denne rekkefølgen: {expected} (fant: {found})"),
            expected=", ".join(PHASE_ORDER),
            found=", ".join(keys) or "–",
        )
    if statuses is None:
        return
    order = list(statuses)
    if order[PHASE_ORDER.index(PhaseKey.IMPLEMENTATION)] == PhaseStatus.ACTIVE:
        order[-1] = PhaseStatus.PENDING.value
    rank = {PhaseStatus.DONE.value: 0, PhaseStatus.ACTIVE.value: 1, PhaseStatus.PENDING.value: 2}
    if order != sorted(order, key=rank.__getitem__) or order.count(PhaseStatus.ACTIVE.value) > 1:
        raise FieldProblem(
            "template.phase_status_order",
            N_(
                "fasestatus i feil rekkefølge: fullførte faser først, så høyst én aktiv, så ventende"
            ),
        )


def initial_phases(durations: Sequence[int], start: date) -> list[PhaseStart]:
    """A new edition: the first phase is active from ``start``, the others wait; all are
    planned back to back from ``start``."""
    return [
        PhaseStart(
            PhaseStatus.ACTIVE if i == 0 else PhaseStatus.PENDING,
            start if i == 0 else None,
            planned.planned_start,
            planned.planned_end,
        )
        for i, planned in enumerate(plan_phases(start, durations))
    ]


def current_phase(phases: Sequence[PhaseState]) -> PhaseState | None:
    """The active phase (the latest, when a yearly revision round runs beside the
    implementation), or None when every phase is done."""
    return next((p for p in reversed(phases) if p.status == PhaseStatus.ACTIVE), None)


def implementing(phases: Sequence[PhaseState]) -> bool:
    """True while the implementation phase is active."""
    return any(p.key == PhaseKey.IMPLEMENTATION and p.status == PhaseStatus.ACTIVE for p in phases)


def gate_checkpoints(phase: PhaseState, phases: Sequence[PhaseState]) -> list[int]:
    """Indices of the checkpoints that decide a phase's gate now.

    In the revision phase that is the newest yearly round while the implementation still
    runs, and the template's own checkpoints (the final evaluation) after it.
    """
    cps = phase.checkpoints
    rounds = [c.revision_round for c in cps if c.revision_round is not None]
    if phase.key == PhaseKey.REVISION and rounds and implementing(phases):
        return [i for i, c in enumerate(cps) if c.revision_round == max(rounds)]
    return [i for i, c in enumerate(cps) if c.revision_round is None]


def replan(phases: Sequence[PhaseState], start: date) -> tuple[Replan, ...]:
    """Plan ``phases`` again back to back from ``start``; open template checkpoints are
    due again counted from their phase's new start (done ones and yearly rounds keep
    their dates)."""
    plans = plan_phases(start, [p.duration_days for p in phases])
    return tuple(
        Replan(
            phase.position,
            planned.planned_start,
            planned.planned_end,
            {
                i: checkpoint_due(planned.planned_start, c.offset_days, c.offset_unit)
                for i, c in enumerate(phase.checkpoints)
                if c.done_on is None and c.revision_round is None
            },
        )
        for phase, planned in zip(phases, plans, strict=True)
    )


def advance(phases: Sequence[PhaseState], today: date) -> list[Transition]:
    """Every gate that is met, in order, with what follows from it.

    A phase whose deciding checkpoints are all done completes on the day the gate was met
    (never after ``today``). The next phase opens that day and it and the phases after it
    are planned again from it. A yearly revision round that completes hands the plan back
    to the implementation; the final revision closes the edition.
    """
    states = list(phases)
    transitions: list[Transition] = []
    while (phase := current_phase(states)) is not None:
        deciding = [phase.checkpoints[i] for i in gate_checkpoints(phase, states)]
        if not gate_met(deciding):
            break
        met_on = min(gate_date(deciding) or today, today)
        was_implementing = implementing(states)
        states = _with_status(states, phase.position, PhaseStatus.DONE)
        if phase.key == PhaseKey.REVISION and was_implementing:
            implementation = next(p for p in states if p.key == PhaseKey.IMPLEMENTATION)
            transitions.append(
                Transition(
                    phase.key,
                    phase.position,
                    met_on,
                    implementation.key,
                    implementation.position,
                    hands_back=True,
                )
            )
            continue
        following = [p for p in states if p.position > phase.position]
        if not following:
            transitions.append(Transition(phase.key, phase.position, met_on, closes_edition=True))
            break
        opened = following[0]
        states = _with_status(states, opened.position, PhaseStatus.ACTIVE)
        transitions.append(
            Transition(
                phase.key,
                phase.position,
                met_on,
                opened.key,
                opened.position,
                replans=replan(following, met_on),
            )
        )
    return transitions


def _with_status(
    phases: Sequence[PhaseState], position: int, status: PhaseStatus
) -> list[PhaseState]:
    return [replace(p, status=status) if p.position == position else p for p in phases]


def revision_round(phases: Sequence[PhaseState], today: date) -> RoundPlan | None:
    """This year's revision round, if one opens now: only while the implementation runs,
    no round is active, and this year's round does not exist yet (a re-run is harmless).

    The round copies the revision phase's own checkpoints, due counted from ``today``.
    """
    revision = next(p for p in phases if p.key == PhaseKey.REVISION)
    if not implementing(phases) or revision.status == PhaseStatus.ACTIVE:
        return None
    if any(c.revision_round == today.year for c in revision.checkpoints):
        return None
    (planned,) = plan_phases(today, [revision.duration_days])
    return RoundPlan(
        today.year,
        planned.planned_start,
        planned.planned_end,
        {
            i: checkpoint_due(today, c.offset_days, c.offset_unit)
            for i, c in enumerate(revision.checkpoints)
            if c.revision_round is None
        },
    )


def evaluation_due(period_end: date) -> date:
    """When the evaluation of a plan period starts: a year before it ends (a business day)."""
    return next_business_day(period_end - timedelta(days=EVALUATION_LEAD_DAYS))


def adoption(
    phases: Sequence[PhaseState], period_start: date, period_end: date
) -> tuple[int, tuple[Replan, ...]]:
    """The adoption fixes the plan period: the implementation lasts the period.

    Returns the implementation's new duration and, while the implementation has not begun,
    the replanning of it and the phases after it (from the period start, never earlier
    than planned).
    """
    duration = (period_end - period_start).days + 1
    implementation = next(p for p in phases if p.key == PhaseKey.IMPLEMENTATION)
    if implementation.status != PhaseStatus.PENDING:
        return duration, ()
    start = max(period_start, implementation.planned_start or period_start)
    following = [
        replace(p, duration_days=duration) if p.position == implementation.position else p
        for p in phases
        if p.position >= implementation.position
    ]
    return duration, replan(following, start)
