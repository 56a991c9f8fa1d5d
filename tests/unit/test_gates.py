from datetime import date

import pytest

from models.gates import (
    CONSULTATION_ANCHOR as ANCHOR,
)
from models.gates import (
    CheckpointState,
    EditionDates,
    anchored_due_dates,
    consultation_deadline,
    due_dates,
    gate_date,
    gate_met,
    plan_phases,
    planned_deadline,
)

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


# --- the consultation deadline and what counts from it -----------------------------------

SENT, SUMMARY = "horing-sendt", "horingsoppsummering"


def anchored(offset: int, done_on: date | None = None) -> CheckpointState:
    return CheckpointState(True, done_on, offset_days=offset, key=SUMMARY, anchor=ANCHOR)


@pytest.mark.parametrize(
    ("sent_on", "weeks", "expected"),
    [
        (date(2027, 9, 1), 6, date(2027, 10, 13)),  # a Wednesday six weeks on
        (date(2027, 4, 5), 6, date(2027, 5, 18)),  # 17 May (and Whit Monday) → the 18th
        (date(2027, 11, 13), 6, date(2027, 12, 27)),  # Christmas Day, then a Sunday
        (date(2028, 3, 2), 6, date(2028, 4, 18)),  # Maundy Thursday → after Easter Monday
        (date(2027, 9, 1), 8, date(2027, 10, 27)),  # the edition's own period
    ],
)
def test_the_consultation_deadline_counts_from_the_day_it_was_sent(
    sent_on: date, weeks: int, expected: date
) -> None:
    assert consultation_deadline(sent_on, weeks) == expected


def test_a_consultation_lasts_at_least_a_week() -> None:
    with pytest.raises(ValueError):
        consultation_deadline(date(2027, 9, 1), 0)


def test_only_open_anchored_checkpoints_follow_a_new_deadline() -> None:
    checkpoints = [
        CheckpointState(True, None, offset_days=155, key=SENT),
        anchored(18),
        anchored(38, done_on=date(2027, 11, 1)),
        CheckpointState(True, None, offset_days=235, key="revidert-plan", anchor=ANCHOR),
    ]
    assert anchored_due_dates(checkpoints, date(2027, 10, 13)) == {
        1: date(2027, 11, 1),  # 31 October is a Sunday
        3: date(2028, 6, 6),  # 235 days on is Whit Sunday 2028, the next day Whit Monday
    }


@pytest.mark.parametrize(
    ("sending", "expected"),
    [
        # planned: sent 155 days after the phase starts (Tue 9 Nov 2027), six weeks on
        (CheckpointState(True, None, offset_days=155, key=SENT), date(2027, 12, 21)),
        # done: the real sending day counts
        (CheckpointState(True, date(2027, 12, 1), offset_days=155, key=SENT), date(2028, 1, 12)),
        # no sending checkpoint in the phase: as if sent the day the phase starts
        (CheckpointState(True, None, offset_days=155, key="annet"), date(2027, 7, 19)),
    ],
)
def test_before_any_consultation_the_deadline_is_planned_from_the_sending(
    sending: CheckpointState, expected: date
) -> None:
    assert planned_deadline([sending, anchored(18)], date(2027, 6, 7), 6) == expected


START = date(2027, 6, 7)


@pytest.mark.parametrize(
    ("checkpoint", "dates", "expected"),
    [
        # counted from the phase start
        (CheckpointState(True, None, offset_days=14), EditionDates(), date(2027, 6, 21)),
        # anchored, no consultation yet: the planned deadline (21 Dec 2027) + 18 days
        (anchored(18), EditionDates(), date(2028, 1, 10)),  # 8 January is a Saturday
        # anchored, a consultation recorded: the latest deadline + 18 days
        (
            anchored(18),
            EditionDates(consultation_deadline=date(2028, 2, 14)),
            date(2028, 3, 3),
        ),
        # the evaluation starts when the adoption said, not 1096 days on
        (
            CheckpointState(True, None, offset_days=1096, key="evaluering-startet"),
            EditionDates(evaluation_due=date(2030, 7, 1)),
            date(2030, 7, 1),
        ),
        # done, a yearly round's copy, or due on a fixed day of the year: left alone
        (CheckpointState(True, date(2027, 6, 9), offset_days=14), EditionDates(), None),
        (CheckpointState(True, None, 2028, offset_days=14), EditionDates(), None),
        (CheckpointState(False, None, offset_days=0, yearly_on="12-01"), EditionDates(), None),
    ],
)
def test_a_phase_start_dates_each_kind_of_checkpoint_as_it_counts(
    checkpoint: CheckpointState, dates: EditionDates, expected: date | None
) -> None:
    sending = CheckpointState(True, None, offset_days=155, key=SENT)
    found = due_dates([sending, checkpoint], START, dates)
    assert found.get(1) == expected
    assert found[0] == date(2027, 11, 9)
