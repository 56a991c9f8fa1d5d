"""The reminder and escalation policy: who is told what, on which day.

Pure rules. The sweep runs on business days only; on such a day it handles every calendar
day since the previous business day (:func:`trigger_window`), so a reminder that falls on a
weekend or Norwegian public holiday goes out on the next business day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from models.calendar import is_business_day

# Bounds of a policy: a reminder, a repeat or an escalation more than a year away is a typing
# error (or a number that is no number of days at all), and ten reminders before one
# deadline are plenty.
MAX_POLICY_DAYS = 365
MAX_REMINDERS = 10

PolicyDays = Annotated[int, Field(ge=1, le=MAX_POLICY_DAYS)]
"""A number of days in a policy: 1 to 365."""


class ReminderPolicy(BaseModel):
    """Per-plan policy; defaults come from settings."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    days_before: tuple[PolicyDays, ...] = Field(default=(14, 7, 1), max_length=MAX_REMINDERS)
    overdue_repeat_days: PolicyDays = 7
    escalate_leader_days: PolicyDays = 7
    escalate_admin_days: PolicyDays = 30
    gate_warning_days: int = Field(default=14, ge=0, le=MAX_POLICY_DAYS)
    nudge_repeat_days: PolicyDays = 30


class NoticeKind(StrEnum):
    YEARLY_STATUS = "yearly-status"  # the yearly revision asks for a status
    NUDGE = "nudge"  # no status update within the reporting rhythm
    REMINDER = "reminder"  # before a deadline
    GATE = "gate"  # a phase is about to run over
    DUE = "due"  # deadline today
    OVERDUE = "overdue"  # late (repeated)
    ESCALATION = "escalation"  # late: to the owner's leader and the coordinator
    ESCALATION_ADMIN = "escalation-admin"  # very late: administrative leadership


URGENCY = {kind: rank for rank, kind in enumerate(NoticeKind)}


@dataclass(frozen=True)
class Recipients:
    """Recipient refs ("service:12", "contact:3") around one owner service."""

    owner: str
    leader: str
    coordinator: str
    admin: str


@dataclass(frozen=True)
class Deadline:
    """Something with a deadline that is not done yet (a checkpoint or a measure)."""

    item: str
    title: str
    due: date
    owner_name: str
    recipients: Recipients


@dataclass(frozen=True)
class Notice:
    recipient: str
    item: str
    kind: NoticeKind
    trigger: date
    due: date | None
    days_late: int
    title: str
    owner_name: str

    @property
    def dedup_key(self) -> str:
        return f"{self.recipient}|{self.item}|{self.kind.value}|{self.trigger.isoformat()}"


def previous_business_day(day: date) -> date:
    day -= timedelta(days=1)
    while not is_business_day(day):
        day -= timedelta(days=1)
    return day


MAX_CATCH_UP_DAYS = 14


def trigger_window(today: date, last_sweep: date | None = None) -> list[date]:
    """Days whose notices go out on ``today``: none unless today is a business day, else
    every day after the previous business day up to and including today.

    If the last sweep was before the previous business day (a day was missed), the window
    reaches back to the day after it, at most ``MAX_CATCH_UP_DAYS``.
    """
    if not is_business_day(today):
        return []
    first = previous_business_day(today) + timedelta(days=1)
    if last_sweep is not None and last_sweep + timedelta(days=1) < first:
        first = max(last_sweep + timedelta(days=1), today - timedelta(days=MAX_CATCH_UP_DAYS))
    return [first + timedelta(days=i) for i in range((today - first).days + 1)]


def deadline_notices(d: Deadline, window: Iterable[date], policy: ReminderPolicy) -> list[Notice]:
    """Reminders, on-the-day notices, overdue repeats and escalations for one deadline."""
    notices: list[Notice] = []

    def add(recipient: str, kind: NoticeKind, trigger: date) -> None:
        notices.append(
            Notice(
                recipient,
                d.item,
                kind,
                trigger,
                d.due,
                (trigger - d.due).days,
                d.title,
                d.owner_name,
            )
        )

    r = d.recipients
    for day in window:
        late = (day - d.due).days
        if -late in policy.days_before:
            add(r.owner, NoticeKind.REMINDER, day)
        elif late == 0:
            add(r.owner, NoticeKind.DUE, day)
        elif late > 0 and late % policy.overdue_repeat_days == 0:
            add(r.owner, NoticeKind.OVERDUE, day)
        if late == policy.escalate_leader_days:
            for recipient in dict.fromkeys((r.leader, r.coordinator)):
                add(recipient, NoticeKind.ESCALATION, day)
        if late == policy.escalate_admin_days:
            add(r.admin, NoticeKind.ESCALATION_ADMIN, day)
    return notices


def gate_notices(
    item: str,
    title: str,
    planned_end: date,
    coordinator: str,
    window: Iterable[date],
    policy: ReminderPolicy,
) -> list[Notice]:
    """Tell the coordinator when an open phase is about to run over, and when it has."""
    notices = []
    for day in window:
        late = (day - planned_end).days
        if (
            -late == policy.gate_warning_days
            or late == 0
            or (late > 0 and late % policy.overdue_repeat_days == 0)
        ):
            notices.append(
                Notice(coordinator, item, NoticeKind.GATE, day, planned_end, late, title, "")
            )
    return notices


def nudge_notices(
    item: str,
    title: str,
    owner_name: str,
    owner: str,
    since: date,
    rhythm_days: int,
    window: Iterable[date],
    policy: ReminderPolicy,
) -> list[Notice]:
    """Nudge the owner when a started measure has had no status update within the rhythm.

    ``since`` is the last status update, or the start if there has been none.
    """
    notices = []
    for day in window:
        silent = (day - since).days - rhythm_days
        if silent >= 0 and silent % policy.nudge_repeat_days == 0:
            notices.append(Notice(owner, item, NoticeKind.NUDGE, day, None, 0, title, owner_name))
    return notices
