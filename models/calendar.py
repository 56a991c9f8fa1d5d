"""Business days and deadline computation with Norwegian public holidays.

A deadline that lands on a weekend or a public holiday (1 May, 17 May, Easter, Ascension,
Whit Monday, Christmas …) moves to the next business day.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays


class OffsetUnit(StrEnum):
    """How a checkpoint's offset is counted: calendar days or business days."""

    CALENDAR = "calendar"
    BUSINESS = "business"


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NO", years=year, include_sundays=False))


def is_business_day(day: date) -> bool:
    """True on Monday–Friday that is not a Norwegian public holiday."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def next_business_day(day: date) -> date:
    """``day`` itself if it is a business day, otherwise the first business day after it."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def add_business_days(start: date, days: int) -> date:
    """The date ``days`` business days after ``start`` (``days`` >= 0)."""
    if days < 0:
        raise ValueError("business-day offsets must be zero or positive")
    day = start
    for _ in range(days):
        day += timedelta(days=1)
        while not is_business_day(day):
            day += timedelta(days=1)
    return day


def due_date(start: date, offset_days: int, unit: OffsetUnit | str = OffsetUnit.CALENDAR) -> date:
    """Deadline ``offset_days`` after ``start``, moved to a business day.

    Args:
        start: the day the offset counts from (usually a phase's start).
        offset_days: how far after ``start``.
        unit: count calendar days or business days.
    """
    if OffsetUnit(unit) is OffsetUnit.BUSINESS:
        return next_business_day(add_business_days(start, offset_days))
    return next_business_day(start + timedelta(days=offset_days))
