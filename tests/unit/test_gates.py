from datetime import date

import pytest

from models.gates import CheckpointState, gate_date, gate_met, plan_phases

D1, D2 = date(2027, 2, 1), date(2027, 2, 10)


@pytest.mark.parametrize(
    ("states", "met", "met_on"),
    [
        ([], True, None),
        ([CheckpointState(True, D1)], True, D1),
        ([CheckpointState(True, D1), CheckpointState(True, D2)], True, D2),
        ([CheckpointState(True, D1), CheckpointState(True, None)], False, None),
        ([CheckpointState(True, D1), CheckpointState(False, None)], True, D1),  # optional open
        ([CheckpointState(False, D2), CheckpointState(True, D1)], True, D1),  # optional ignored
        ([CheckpointState(False, None)], True, None),
    ],
)
def test_gate_is_met_when_all_required_checkpoints_are_done(states, met, met_on) -> None:
    assert gate_met(states) is met
    assert gate_date(states) == met_on


def test_phases_are_planned_back_to_back_ending_on_business_days() -> None:
    phases = plan_phases(date(2027, 1, 4), [30, 14, 1])
    assert phases[0].planned_start == date(2027, 1, 4)
    assert phases[0].planned_end == date(2027, 2, 2)
    assert phases[1].planned_start == date(2027, 2, 3)
    # 3 Feb + 13 days = 16 Feb (Tuesday)
    assert phases[1].planned_end == date(2027, 2, 16)
    assert phases[2].planned_start == phases[2].planned_end == date(2027, 2, 17)


def test_phase_ending_on_17_may_ends_the_next_business_day() -> None:
    (phase,) = plan_phases(date(2027, 5, 3), [15])  # 3 May + 14 days = 17 May
    assert phase.planned_end == date(2027, 5, 18)


def test_phase_must_last_at_least_one_day() -> None:
    with pytest.raises(ValueError):
        plan_phases(date(2027, 1, 4), [0])
