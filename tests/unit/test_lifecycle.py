"""The lifecycle state machine, without a database: tables of phase states → decisions."""

from __future__ import annotations

from datetime import date

import pytest

from models.gates import CheckpointState
from models.lifecycle import (
    PHASE_ORDER,
    PhaseKey,
    PhaseState,
    PhaseStatus,
    adoption,
    advance,
    check_phase_sequence,
    current_phase,
    evaluation_due,
    gate_checkpoints,
    initial_phases,
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


@pytest.mark.parametrize(
    ("statuses", "replanned_from"),
    [
        ("DDDA..", date(2028, 1, 1)),  # implementation not begun: planned from the period
        ("DDDDA.", None),  # implementation running: dates stay
    ],
)
def test_adoption_sets_the_implementation_to_the_plan_period(
    statuses: str, replanned_from: date | None
) -> None:
    duration, replans = adoption(edition(statuses), date(2028, 1, 1), date(2031, 12, 31))
    assert duration == 1461
    if replanned_from is None:
        assert replans == ()
    else:
        assert [r.position for r in replans] == [5, 6]
        assert replans[0].planned_start == replanned_from
        assert replans[0].planned_end == date(2031, 12, 31)


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
