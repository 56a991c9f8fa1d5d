"""The lifecycle state machine, without a database: tables of phase states → decisions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from models.calendar import next_business_day
from models.gates import (
    CONSULTATION_ANCHOR,
    EVALUATION_CHECKPOINT,
    SENDING_CHECKPOINT,
    CheckpointState,
    EditionDates,
    plan_phases,
)
from models.lifecycle import (
    PHASE_ORDER,
    NextAdoption,
    PhaseKey,
    PhaseState,
    PhaseStatus,
    adoption,
    advance,
    check_phase_sequence,
    current_phase,
    evaluation_due,
    fit_next_edition,
    gate_checkpoints,
    initial_phases,
    may_start_next_edition,
    next_adoption,
    replan,
    revision_round,
)

P, A, D = PhaseStatus.PENDING, PhaseStatus.ACTIVE, PhaseStatus.DONE
INI, INV, POL, VED, IMP, REV = PHASE_ORDER
OPEN = CheckpointState(required=True, done_on=None)


def done(day: date, required: bool = True) -> CheckpointState:
    return CheckpointState(required=required, done_on=day)


def yearly(year: int, day: date | None = None) -> CheckpointState:
    return CheckpointState(required=True, done_on=day, revision_round=year)


def edition(
    statuses: str, checkpoints: dict[PhaseKey, tuple[CheckpointState, ...]] | None = None
) -> list[PhaseState]:
    """Six phases from a status string such as "DA...." (D done, A active, . pending)."""
    status = {"D": D, "A": A, ".": P}
    given = checkpoints or {}
    return [
        PhaseState(
            key,
            position,
            status[s],
            duration_days=30,
            planned_start=date(2027, 1, 4),
            checkpoints=given.get(key, (OPEN,)),
        )
        for position, (key, s) in enumerate(zip(PHASE_ORDER, statuses, strict=True), start=1)
    ]


def test_phase_keys_are_the_stored_values_in_order() -> None:
    assert [k.value for k in PhaseKey] == [
        "initiering",
        "involvering",
        "politisk_forankring",
        "vedtak",
        "gjennomforing",
        "revisjon",
    ]


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ("A.....", INI),
        ("DDA...", POL),
        ("DDDDA.", IMP),
        ("DDDDAA", REV),  # a yearly revision round runs beside the implementation
        ("DDDDDA", REV),
        ("DDDDDD", None),
    ],
)
def test_current_phase_is_the_latest_active_one(statuses: str, expected: PhaseKey | None) -> None:
    current = current_phase(edition(statuses))
    assert (current.key if current else None) == expected


@pytest.mark.parametrize(
    ("statuses", "revision_checkpoints", "expected"),
    [
        ("DDDDA.", (OPEN, OPEN), [0, 1]),  # no round yet: the template's own
        ("DDDDAA", (OPEN, yearly(2028), yearly(2029), yearly(2029)), [2, 3]),  # newest round
        ("DDDDDA", (OPEN, yearly(2028), yearly(2029)), [0]),  # after implementation: final
    ],
)
def test_revision_gate_is_the_newest_round_while_implementing(
    statuses: str, revision_checkpoints: tuple[CheckpointState, ...], expected: list[int]
) -> None:
    phases = edition(statuses, {REV: revision_checkpoints})
    assert gate_checkpoints(phases[-1], phases) == expected


def test_other_phases_are_decided_by_their_template_checkpoints() -> None:
    phases = edition("A.....", {INI: (OPEN, yearly(2028), OPEN)})
    assert gate_checkpoints(phases[0], phases) == [0, 2]


TODAY = date(2027, 6, 1)
LATER = date(2031, 12, 31)


@pytest.mark.parametrize(
    ("statuses", "checkpoints", "today", "expected"),
    [
        # gate not met: nothing happens
        ("A.....", {INI: (done(date(2027, 2, 1)), OPEN)}, TODAY, []),
        # met: completes on the last completion, the next phase opens that day
        (
            "A.....",
            {INI: (done(date(2027, 2, 1)), done(date(2027, 2, 15)), CheckpointState(False))},
            TODAY,
            [(INI, INV, date(2027, 2, 15), False, False)],
        ),
        # completions dated after today count as today
        ("A.....", {INI: (done(date(2027, 7, 1)),)}, TODAY, [(INI, INV, TODAY, False, False)]),
        # no required checkpoint: the gate is met the day it is checked
        ("A.....", {INI: (CheckpointState(False),)}, TODAY, [(INI, INV, TODAY, False, False)]),
        # two gates met at once pass in order
        (
            "A.....",
            {INI: (done(date(2027, 2, 1)),), INV: (done(date(2027, 3, 1)),)},
            TODAY,
            [
                (INI, INV, date(2027, 2, 1), False, False),
                (INV, POL, date(2027, 3, 1), False, False),
            ],
        ),
        # a yearly round that is done hands the plan back to the implementation
        (
            "DDDDAA",
            {REV: (OPEN, yearly(2028, date(2028, 3, 1)))},
            LATER,
            [(REV, IMP, date(2028, 3, 1), True, False)],
        ),
        # the final revision closes the edition
        (
            "DDDDDA",
            {REV: (done(date(2031, 9, 1)),)},
            LATER,
            [(REV, None, date(2031, 9, 1), False, True)],
        ),
        # implementation done and the final evaluation too: revision opens and closes
        (
            "DDDDA.",
            {IMP: (done(date(2031, 6, 1)),), REV: (done(date(2031, 6, 2)), yearly(2030))},
            LATER,
            [
                (IMP, REV, date(2031, 6, 1), False, False),
                (REV, None, date(2031, 6, 2), False, True),
            ],
        ),
    ],
)
def test_gates_that_are_met_advance_the_edition(
    statuses: str,
    checkpoints: dict[PhaseKey, tuple[CheckpointState, ...]],
    today: date,
    expected: list[tuple[PhaseKey, PhaseKey | None, date, bool, bool]],
) -> None:
    transitions = advance(edition(statuses, checkpoints), today)
    assert [
        (t.completed, t.opened, t.on, t.hands_back, t.closes_edition) for t in transitions
    ] == expected


def test_the_next_phase_and_those_after_it_are_replanned_from_the_gate_date() -> None:
    phases = edition("A.....", {INI: (done(date(2027, 2, 15)),)})
    (transition,) = advance(phases, TODAY)
    assert [r.position for r in transition.replans] == [2, 3, 4, 5, 6]
    first = transition.replans[0]
    assert first.planned_start == date(2027, 2, 15)
    assert first.due_dates == {0: date(2027, 2, 15)}  # open checkpoint, offset 0


@pytest.mark.parametrize(
    ("checkpoint", "replanned"),
    [
        (CheckpointState(True, None, None, 14), True),  # open template checkpoint
        (CheckpointState(True, date(2027, 1, 10), None, 14), False),  # done keeps its date
        (CheckpointState(True, None, 2028, 14), False),  # a yearly round keeps its date
        (CheckpointState(False, None, None, 0, yearly_on="12-01"), False),  # a fixed day
    ],
)
def test_replanning_moves_only_open_template_checkpoints(
    checkpoint: CheckpointState, replanned: bool
) -> None:
    (phase,) = [
        PhaseState(
            INV, 2, P, duration_days=30, planned_start=date(2027, 1, 4), checkpoints=(checkpoint,)
        )
    ]
    (plan,) = replan([phase], date(2027, 3, 1))
    assert plan.planned_start == date(2027, 3, 1) and plan.planned_end == date(2027, 3, 30)
    assert plan.due_dates == ({0: date(2027, 3, 15)} if replanned else {})


@pytest.mark.parametrize(
    ("statuses", "revision_checkpoints", "opens"),
    [
        ("DDDDA.", (OPEN,), True),
        ("DDDDA.", (OPEN, yearly(2026, date(2026, 5, 1))), True),  # last year's round is done
        ("DDDDA.", (OPEN, yearly(2027, date(2027, 5, 1))), False),  # this year's exists
        ("DDDDAA", (OPEN, yearly(2026)), False),  # a round is running
        ("DDA...", (OPEN,), False),  # not in implementation
        ("DDDDDA", (OPEN,), False),  # the final revision
        # a checkpoint due on a fixed day of the year is not copied
        ("DDDDA.", (OPEN, CheckpointState(False, None, yearly_on="12-01")), True),
    ],
)
def test_a_yearly_round_opens_once_a_year_during_implementation(
    statuses: str, revision_checkpoints: tuple[CheckpointState, ...], opens: bool
) -> None:
    planned = revision_round(edition(statuses, {REV: revision_checkpoints}), date(2027, 6, 1))
    assert (planned is not None) == opens
    if planned is not None:
        assert planned.year == 2027 and planned.planned_start == date(2027, 6, 1)
        assert list(planned.due_dates) == [0]  # copies of the template's own checkpoints


PERIOD = EditionDates(period_start=date(2028, 1, 1), period_end=date(2031, 12, 31))
FINAL = (date(2030, 12, 31), date(2031, 12, 31))  # the last twelve months of PERIOD


@pytest.mark.parametrize(
    ("statuses", "dates", "expected"),
    [
        # implementation not begun: planned from the period, the final evaluation in its
        # last twelve months (from evaluation_due to the period's end)
        ("DDDA..", PERIOD, {5: (date(2028, 1, 1), date(2031, 12, 31)), 6: FINAL}),
        # implementation running: its dates stay, the final evaluation is planned
        ("DDDDA.", PERIOD, {6: FINAL}),
        # a yearly round (or the final evaluation) runs: nothing moves
        ("DDDDAA", PERIOD, {}),
        # the council set when the evaluation starts
        (
            "DDDDA.",
            replace(PERIOD, evaluation_due=date(2031, 3, 3)),
            {6: (date(2031, 3, 3), date(2031, 12, 31))},
        ),
        # a period shorter than a year: the evaluation starts with the period
        (
            "DDDDA.",
            EditionDates(period_start=date(2028, 1, 1), period_end=date(2028, 6, 30)),
            {6: (date(2028, 1, 1), date(2028, 6, 30))},
        ),
    ],
)
def test_adoption_plans_the_period_and_the_final_evaluation_inside_its_last_year(
    statuses: str, dates: EditionDates, expected: dict[int, tuple[date, date]]
) -> None:
    duration, replans = adoption(edition(statuses), dates)
    assert dates.period_start and dates.period_end
    assert duration == (dates.period_end - dates.period_start).days + 1
    assert {r.position: (r.planned_start, r.planned_end) for r in replans} == expected
    for r in replans:
        # its open checkpoint (offset 0), on a business day (1 January is a holiday)
        assert r.due_dates == {0: next_business_day(r.planned_start)}


def test_the_final_evaluation_opens_after_the_implementation_and_ends_with_the_period() -> None:
    phases = edition("DDDDA.", {IMP: (done(date(2031, 2, 3)),)})
    (transition,) = advance(phases, LATER, PERIOD)
    assert (transition.completed, transition.opened) == (IMP, REV)
    (revision,) = transition.replans
    assert (revision.planned_start, revision.planned_end) == (date(2031, 2, 3), date(2031, 12, 31))


def test_a_final_evaluation_that_opens_after_the_period_is_planned_by_its_duration() -> None:
    phases = edition("DDDDA.", {IMP: (done(date(2032, 2, 2)),)})
    (transition,) = advance(phases, LATER.replace(year=2033), PERIOD)
    (revision,) = transition.replans
    assert (revision.planned_start, revision.planned_end) == (date(2032, 2, 2), date(2032, 3, 2))


@pytest.mark.parametrize(("dates", "replanned"), [(PERIOD, True), (EditionDates(), False)])
def test_a_yearly_round_that_ends_plans_the_final_evaluation_again(
    dates: EditionDates, replanned: bool
) -> None:
    phases = edition("DDDDAA", {REV: (OPEN, yearly(2028, date(2028, 3, 1)))})
    (transition,) = advance(phases, LATER, dates)
    assert transition.hands_back
    planned = [
        (r.position, r.planned_start, r.planned_end, r.due_dates) for r in transition.replans
    ]
    assert planned == ([(6, *FINAL, {0: FINAL[0]})] if replanned else [])


def test_before_the_adoption_the_revision_is_planned_after_the_implementation() -> None:
    phases = edition("A.....", {INI: (done(date(2027, 2, 15)),)})
    (transition,) = advance(phases, TODAY)
    revision = transition.replans[-1]
    assert revision.planned_start == transition.replans[-2].planned_end + timedelta(days=1)


def test_replanning_dates_anchored_checkpoints_from_the_latest_consultation_deadline() -> None:
    sending = CheckpointState(True, None, offset_days=155, key=SENDING_CHECKPOINT)
    summary = CheckpointState(True, None, offset_days=18, key="sum", anchor=CONSULTATION_ANCHOR)
    grant = CheckpointState(False, None, key="tilskudd-soknad-2027", yearly_on="12-01")
    phase = PhaseState(
        INV,
        2,
        P,
        duration_days=240,
        planned_start=date(2027, 1, 4),
        checkpoints=(sending, summary, grant),
    )
    (before,) = replan([phase], date(2027, 3, 1))
    # sent 3 Aug 2027 as planned, six weeks to 14 Sep, + 18 days = Sat 2 Oct → Monday
    assert before.due_dates == {0: date(2027, 8, 3), 1: date(2027, 10, 4)}
    (after,) = replan(
        [phase], date(2027, 3, 1), EditionDates(consultation_deadline=date(2027, 10, 13))
    )
    # 13 Oct + 18 days = Sun 31 Oct → Monday; the yearly checkpoint is never dated here
    assert after.due_dates == {0: date(2027, 8, 3), 1: date(2027, 11, 1)}


@pytest.mark.parametrize(
    ("statuses", "implementation", "may"),
    [
        ("DDA...", (OPEN,), False),
        ("DDDDA.", (done(date(2029, 1, 1)), OPEN), False),  # evaluation not started
        ("DDDDAA", (OPEN,), False),  # a yearly round is no final evaluation
        # the evaluation has started, though another checkpoint holds the gate
        (
            "DDDDA.",
            (CheckpointState(True, date(2030, 6, 1), key=EVALUATION_CHECKPOINT), OPEN),
            True,
        ),
        ("DDDDDA", (done(date(2030, 6, 1)),), True),  # the final evaluation runs
        ("DDDDDD", (done(date(2030, 6, 1)),), True),  # the edition is done
    ],
)
def test_the_next_edition_may_start_once_the_final_evaluation_runs(
    statuses: str, implementation: tuple[CheckpointState, ...], may: bool
) -> None:
    assert may_start_next_edition(edition(statuses, {IMP: implementation})) is may


@pytest.mark.parametrize(
    ("planned_on", "gap"),
    [
        (date(2031, 6, 1), 0),
        (date(2031, 12, 31), 0),
        (date(2032, 1, 1), 1),
        (date(2032, 4, 27), 118),
    ],
)
def test_a_gap_is_the_days_the_next_adoption_falls_after_the_period(
    planned_on: date, gap: int
) -> None:
    assert NextAdoption(planned_on, date(2031, 12, 31)).gap_days == gap


@pytest.mark.parametrize(
    ("statuses", "duration", "today", "adopted"),
    [
        # not yet: the next edition starts with the evaluation (31 Dec 2030); four phases of
        # 30 days later it is adopted before the period ends
        ("DDDDA.", 30, date(2028, 6, 1), date(2031, 4, 30)),
        # phases of 120 days (480 in all) are fitted into the year left (90 days each)
        ("DDDDA.", 120, date(2028, 6, 1), date(2031, 12, 29)),
        # the final evaluation runs, but late: even at half their length (60 days each)
        # the phases end 27 days after the period
        ("DDDDDA", 120, date(2031, 6, 2), date(2032, 1, 27)),
        # the evaluation is late: from today
        ("DDDDA.", 30, date(2032, 2, 2), plan_phases(date(2032, 2, 2), [30] * 4)[-1].planned_end),
    ],
)
def test_the_next_plan_is_planned_adopted_when_its_adoption_phase_ends(
    statuses: str, duration: int, today: date, adopted: date
) -> None:
    phases = [replace(p, duration_days=duration) for p in edition(statuses)]
    found = next_adoption(phases, date(2031, 12, 31), date(2030, 12, 31), today)
    assert found == NextAdoption(adopted, date(2031, 12, 31))


@pytest.mark.parametrize(
    ("start", "durations", "share"),
    [
        # fits as it is: nothing changes
        (date(2029, 1, 1), (90, 240, 60, 45, 1461, 120), 1.0),
        # the default template's 435 days from the evaluation's start: shortened to fit
        (date(2030, 12, 31), (74, 199, 49, 37, 1461, 120), 0.83),
        # too little time: never below half the length
        (date(2031, 10, 1), (45, 120, 30, 22, 1461, 120), 0.5),
        # the period has ended: nothing to fit into
        (date(2032, 3, 1), (90, 240, 60, 45, 1461, 120), 1.0),
    ],
)
def test_the_next_edition_is_fitted_into_the_time_left(
    start: date, durations: tuple[int, ...], share: float
) -> None:
    fitted = fit_next_edition([90, 240, 60, 45, 1461, 120], start, date(2031, 12, 31))
    assert fitted.durations == durations and fitted.share == share
    assert fitted.offset(100) == int(100 * share)


def test_a_new_edition_starts_at_the_first_phase() -> None:
    starts = initial_phases([10, 20, 30], date(2027, 1, 4))
    assert [s.status for s in starts] == [A, P, P]
    assert [s.started_on for s in starts] == [date(2027, 1, 4), None, None]
    assert starts[1].planned_start == date(2027, 1, 14)


@pytest.mark.parametrize(
    ("period_end", "expected"),
    [
        (date(2031, 12, 31), date(2030, 12, 31)),
        (date(2032, 1, 1), date(2031, 1, 2)),  # 1 January is a holiday: next business day
    ],
)
def test_evaluation_starts_a_year_before_the_period_ends(period_end: date, expected: date) -> None:
    assert evaluation_due(period_end) == expected


@pytest.mark.parametrize(
    ("statuses", "valid"),
    [
        (["active", "pending", "pending", "pending", "pending", "pending"], True),
        (["done", "done", "done", "done", "active", "active"], True),
        (["done", "active", "active", "pending", "pending", "pending"], False),
        (["pending", "active", "pending", "pending", "pending", "pending"], False),
    ],
)
def test_phase_statuses_must_run_done_active_pending(statuses: list[str], valid: bool) -> None:
    if valid:
        check_phase_sequence(PHASE_ORDER, statuses)
    else:
        with pytest.raises(ValueError, match="fasestatus"):
            check_phase_sequence(PHASE_ORDER, statuses)
