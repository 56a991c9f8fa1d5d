from datetime import date, timedelta

import pytest

from models.reminders import (
    Deadline,
    NoticeKind,
    Recipients,
    ReminderPolicy,
    deadline_notices,
    gate_notices,
    nudge_notices,
    trigger_window,
)

POLICY = ReminderPolicy()
R = Recipients(owner="service:1", leader="contact:9", coordinator="service:2", admin="service:3")


def deadline(due: date) -> Deadline:
    return Deadline("measure:5", "Kurs for lærere", due, "Grunnskole", R)


def kinds_on(due: date, day: date) -> set[tuple[str, NoticeKind]]:
    return {(n.recipient, n.kind) for n in deadline_notices(deadline(due), [day], POLICY)}


DUE = date(2027, 9, 15)  # a Wednesday


@pytest.mark.parametrize(
    ("days_from_due", "expected"),
    [
        (-15, set()),
        (-14, {("service:1", NoticeKind.REMINDER)}),
        (-7, {("service:1", NoticeKind.REMINDER)}),
        (-3, set()),
        (-1, {("service:1", NoticeKind.REMINDER)}),
        (0, {("service:1", NoticeKind.DUE)}),
        (1, set()),
        (6, set()),
        (
            7,
            {
                ("service:1", NoticeKind.OVERDUE),
                ("contact:9", NoticeKind.ESCALATION),
                ("service:2", NoticeKind.ESCALATION),
            },
        ),
        (14, {("service:1", NoticeKind.OVERDUE)}),
        (21, {("service:1", NoticeKind.OVERDUE)}),
        (30, {("service:3", NoticeKind.ESCALATION_ADMIN)}),
        (35, {("service:1", NoticeKind.OVERDUE)}),
    ],
)
def test_reminders_overdue_repeats_and_escalations(days_from_due: int, expected) -> None:
    assert kinds_on(DUE, DUE + timedelta(days=days_from_due)) == expected


def test_escalation_without_a_leader_goes_to_the_owner_service_once() -> None:
    same = Recipients(
        owner="service:1", leader="service:1", coordinator="service:1", admin="service:1"
    )
    notices = deadline_notices(
        Deadline("checkpoint:1", "x", DUE, "SLT", same), [DUE + timedelta(days=7)], POLICY
    )
    assert sorted(n.kind for n in notices) == [NoticeKind.ESCALATION, NoticeKind.OVERDUE]


@pytest.mark.parametrize(
    ("today", "window"),
    [
        (date(2027, 9, 15), [date(2027, 9, 15)]),  # ordinary Wednesday
        (
            date(2027, 9, 13),
            [date(2027, 9, 11), date(2027, 9, 12), date(2027, 9, 13)],
        ),  # Monday: weekend too
        (date(2027, 9, 11), []),  # Saturday: nothing goes out
        (date(2027, 5, 17), []),  # Constitution Day and Whit Monday
        (
            date(2027, 5, 18),
            [date(2027, 5, 15), date(2027, 5, 16), date(2027, 5, 17), date(2027, 5, 18)],
        ),
        (date(2027, 3, 29), []),  # Easter Monday
        (
            date(2027, 3, 30),
            [date(2027, 3, 25) + timedelta(days=i) for i in range(6)],
        ),  # after Easter
    ],
)
def test_messages_go_out_on_business_days_and_catch_up_after_holidays(
    today: date, window: list[date]
) -> None:
    assert trigger_window(today) == window


def test_reminder_falling_on_17_may_goes_out_on_18_may() -> None:
    due = date(2027, 5, 24)  # one week after 17 May
    sent = [
        n
        for day in (date(2027, 5, 14), date(2027, 5, 18))
        for n in deadline_notices(deadline(due), trigger_window(day), POLICY)
    ]
    assert [(n.trigger, n.kind) for n in sent] == [(date(2027, 5, 17), NoticeKind.REMINDER)]
    assert sent[0].days_late == -7


def test_deadline_in_easter_is_reminded_the_tuesday_after() -> None:
    due = date(2027, 3, 30)  # moved from Easter to the first business day
    window = trigger_window(date(2027, 3, 30))
    kinds = {(n.trigger, n.kind) for n in deadline_notices(deadline(due), window, POLICY)}
    assert kinds == {(date(2027, 3, 29), NoticeKind.REMINDER), (date(2027, 3, 30), NoticeKind.DUE)}


def test_dedup_key_names_recipient_item_kind_and_day() -> None:
    (notice,) = deadline_notices(deadline(DUE), [DUE], POLICY)
    assert notice.dedup_key == "service:1|measure:5|due|2027-09-15"


def test_gate_warning_goes_to_the_coordinator() -> None:
    end = date(2027, 6, 30)
    days = [end - timedelta(days=14), end - timedelta(days=5), end, end + timedelta(days=7)]
    notices = gate_notices("phase:3", "Vedtak", end, "service:2", days, POLICY)
    assert [(n.trigger, n.days_late) for n in notices] == [(days[0], -14), (end, 0), (days[3], 7)]
    assert {n.recipient for n in notices} == {"service:2"}


def test_nudge_when_no_status_within_the_rhythm_then_monthly() -> None:
    since = date(2027, 1, 4)
    days = [since + timedelta(days=d) for d in (364, 365, 366, 395, 396)]
    notices = nudge_notices("measure:1", "Kurs", "Skole", "service:1", since, 365, days, POLICY)
    assert [n.trigger for n in notices] == [
        since + timedelta(days=365),
        since + timedelta(days=395),
    ]


def test_policy_can_be_changed_per_plan() -> None:
    policy = ReminderPolicy(days_before=(30,), escalate_leader_days=3)
    notices = deadline_notices(
        deadline(DUE), [DUE - timedelta(days=30), DUE + timedelta(days=3)], policy
    )
    assert [(n.kind, n.recipient) for n in notices] == [
        (NoticeKind.REMINDER, "service:1"),
        (NoticeKind.ESCALATION, "contact:9"),
        (NoticeKind.ESCALATION, "service:2"),
    ]


@pytest.mark.parametrize(
    ("today", "last_sweep", "first"),
    [
        (date(2027, 9, 14), date(2027, 9, 13), date(2027, 9, 14)),  # Monday swept: only Tuesday
        (date(2027, 9, 14), date(2027, 9, 10), date(2027, 9, 11)),  # Monday missed: from Saturday
        (date(2027, 9, 14), None, date(2027, 9, 14)),  # no history
        (date(2027, 9, 14), date(2027, 6, 1), date(2027, 8, 31)),  # long outage: 14 days at most
    ],
)
def test_a_missed_sweep_day_is_caught_up_by_the_next_sweep(
    today: date, last_sweep, first: date
) -> None:
    window = trigger_window(today, last_sweep)
    assert window[0] == first and window[-1] == today
