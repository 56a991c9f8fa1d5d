"""The lifecycle state machine of a plan edition: six phases, their gates, the yearly
revision rounds (rullering), the final evaluation inside the last year of the plan period,
and when the next edition may start and is planned adopted.

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
from models.gates import EVALUATION_CHECKPOINT as EVALUATION_CHECKPOINT  # re-exported
from models.gates import (
    CheckpointState,
    EditionDates,
    PhasePlan,
    checkpoint_due,
    due_dates,
    gate_date,
    gate_met,
    plan_phases,
)
from models.texts import N_

# The evaluation starts a year before the plan period ends.
EVALUATION_LEAD_DAYS = 365
# The next edition's phases up to the adoption may be shortened to this share of their length
# to be adopted before the current plan period ends (fit_next_edition).
MIN_FIT_SHARE = 0.5
# An edition without a consultation or a plan period yet (the default hearing weeks).
NO_DATES = EditionDates()


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


def replan(
    phases: Sequence[PhaseState],
    start: date,
    dates: EditionDates = NO_DATES,
    *,
    opens: bool = False,
) -> tuple[Replan, ...]:
    """Plan ``phases`` again back to back from ``start`` (the first of them ``opens`` that
    day when so told), and date their checkpoints again (:func:`models.gates.due_dates`).

    Once the adoption has fixed the plan period, the final «Evaluering og rullering» is
    planned inside its last twelve months instead (:func:`final_evaluation_plan`). Done
    checkpoints, yearly rounds' copies and checkpoints due on a fixed day of the year keep
    their dates; checkpoints anchored to the consultation deadline count from the latest
    recorded one.
    """
    plans = plan_phases(start, [p.duration_days for p in phases])
    replans = []
    for i, (phase, planned) in enumerate(zip(phases, plans, strict=True)):
        if phase.key == PhaseKey.REVISION:
            planned = final_evaluation_plan(dates, start if opens and i == 0 else None) or planned
        replans.append(_replan(phase, planned, dates))
    return tuple(replans)


def _replan(phase: PhaseState, planned: PhasePlan, dates: EditionDates) -> Replan:
    return Replan(
        phase.position,
        planned.planned_start,
        planned.planned_end,
        due_dates(phase.checkpoints, planned.planned_start, dates),
    )


def final_evaluation_plan(dates: EditionDates, opens: date | None = None) -> PhasePlan | None:
    """Planned dates of the final «Evaluering og rullering», so that the next plan can be
    adopted before this one runs out: from the evaluation's start (a year before the plan
    period ends, or the day it opened) to the end of the period, never after it.

    None before the adoption has fixed the period, and when the phase opens after the
    period has ended (then it is planned by its duration like any phase).
    """
    if dates.period_end is None:
        return None
    start = opens or dates.evaluation_due or evaluation_due(dates.period_end)
    if dates.period_start is not None and opens is None:
        start = max(start, dates.period_start)
    if start > dates.period_end:
        return None
    return PhasePlan(start, dates.period_end)


def advance(
    phases: Sequence[PhaseState], today: date, dates: EditionDates = NO_DATES
) -> list[Transition]:
    """Every gate that is met, in order, with what follows from it.

    A phase whose deciding checkpoints are all done completes on the day the gate was met
    (never after ``today``). The next phase opens that day and it and the phases after it
    are planned again from it (:func:`replan`, with the edition's ``dates``). A yearly
    revision round that completes hands the plan back to the implementation, and the
    revision phase is planned again for the final evaluation; the final revision closes
    the edition.
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
                    replans=_plan_final_evaluation(phase, dates),
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
                replans=replan(following, met_on, dates, opens=True),
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

    The round copies the revision phase's own checkpoints (not those due on a fixed day of
    the year), due counted from ``today``. It is planned by the phase's duration, not inside
    the last year of the plan period as the final evaluation is.
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
            if c.revision_round is None and c.yearly_on is None
        },
    )


def evaluation_due(period_end: date) -> date:
    """When the evaluation of a plan period starts: a year before it ends (a business day)."""
    return next_business_day(period_end - timedelta(days=EVALUATION_LEAD_DAYS))


def _plan_final_evaluation(revision: PhaseState, dates: EditionDates) -> tuple[Replan, ...]:
    """The revision phase planned for the final evaluation (none before the adoption)."""
    planned = final_evaluation_plan(dates)
    return () if planned is None else (_replan(revision, planned, dates),)


def adoption(phases: Sequence[PhaseState], dates: EditionDates) -> tuple[int, tuple[Replan, ...]]:
    """The adoption fixes the plan period (``dates``): the implementation lasts the period
    and the final evaluation is planned inside its last twelve months.

    Returns the implementation's new duration and the replanning: of the implementation
    and the phases after it while the implementation has not begun (from the period start,
    never earlier than planned); else of the revision phase alone, unless a yearly round or
    the final evaluation runs.
    """
    if dates.period_start is None or dates.period_end is None:
        raise ValueError("the adoption fixes the plan period")
    duration = (dates.period_end - dates.period_start).days + 1
    implementation = next(p for p in phases if p.key == PhaseKey.IMPLEMENTATION)
    revision = next(p for p in phases if p.key == PhaseKey.REVISION)
    if implementation.status == PhaseStatus.PENDING:
        start = max(dates.period_start, implementation.planned_start or dates.period_start)
        following = [
            replace(p, duration_days=duration) if p.position == implementation.position else p
            for p in phases
            if p.position >= implementation.position
        ]
        return duration, replan(following, start, dates)
    if revision.status == PhaseStatus.ACTIVE:
        return duration, ()
    return duration, _plan_final_evaluation(revision, dates)


def may_start_next_edition(phases: Sequence[PhaseState]) -> bool:
    """Whether the next edition may start: once the final evaluation runs, that is the
    revision phase is active after the implementation is done, or the evaluation has
    started (its checkpoint in the implementation is done), or every phase is done."""
    if current_phase(phases) is None:
        return True
    implementation = next(p for p in phases if p.key == PhaseKey.IMPLEMENTATION)
    revision = next(p for p in phases if p.key == PhaseKey.REVISION)
    if implementation.status == PhaseStatus.DONE and revision.status == PhaseStatus.ACTIVE:
        return True
    return any(
        c.key == EVALUATION_CHECKPOINT and c.done_on is not None for c in implementation.checkpoints
    )


@dataclass(frozen=True)
class NextAdoption:
    """When the next plan is planned adopted, against the end of the current plan period."""

    planned_on: date
    period_end: date

    @property
    def gap_days(self) -> int:
        """Days without an adopted plan: how far the adoption falls after the period ends."""
        return max((self.planned_on - self.period_end).days, 0)


def next_adoption(
    phases: Sequence[PhaseState], period_end: date, evaluation: date, today: date
) -> NextAdoption:
    """When the next plan is planned adopted if its edition starts as soon as it may: today
    once the final evaluation runs (:func:`may_start_next_edition`), else on the day the
    evaluation is planned to start (``evaluation``; today if that has passed). The next
    edition has the phases of this one, fitted into the time left (:func:`fit_next_edition`);
    it is adopted when its adoption phase ends."""
    start = today if may_start_next_edition(phases) else max(today, evaluation)
    fitted = fit_next_edition([p.duration_days for p in phases], start, period_end)
    up_to = PHASE_ORDER.index(PhaseKey.ADOPTION) + 1
    plans = plan_phases(start, fitted.durations[:up_to])
    return NextAdoption(plans[-1].planned_end, period_end)


@dataclass(frozen=True)
class Fitted:
    """The next edition's phase lengths, and the share of the template's lengths they are
    (1.0 when the phases fit as they are; the checkpoints' offsets shrink by the same)."""

    durations: tuple[int, ...]
    share: float = 1.0

    def offset(self, days: int) -> int:
        """A checkpoint's offset in a fitted phase."""
        return days if self.share == 1.0 else int(days * self.share)


def fit_next_edition(durations: Sequence[int], start: date, period_end: date | None) -> Fitted:
    """Fit the next edition's phases up to the adoption into the time between ``start`` and
    the end of the current plan period, so the next plan is adopted before this one runs
    out: they are shortened in proportion, down to :data:`MIN_FIT_SHARE` of their length
    (a revision of a plan that exists needs less than a first plan, but not nothing). What
    still does not fit shows as a gap (:class:`NextAdoption`). The implementation and the
    revision keep their lengths; the consultation period is never shortened (it counts
    from the day the consultation is sent)."""
    up_to = PHASE_ORDER.index(PhaseKey.ADOPTION) + 1
    if (
        period_end is None
        or start > period_end
        or _adopted_by(start, durations[:up_to], period_end)
    ):
        return Fitted(tuple(durations))
    share = 1.0
    while share > MIN_FIT_SHARE:
        share = max(MIN_FIT_SHARE, round(share - 0.01, 2))
        before = [max(1, int(days * share)) for days in durations[:up_to]]
        if _adopted_by(start, before, period_end) or share == MIN_FIT_SHARE:
            break
    return Fitted((*before, *durations[up_to:]), share)


def _adopted_by(start: date, durations: Sequence[int], period_end: date) -> bool:
    return plan_phases(start, durations)[-1].planned_end <= period_end
