from datetime import date

import pytest

from models.calendar import add_business_days, due_date, is_business_day, next_business_day
from models.plan import OffsetUnit


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2027, 5, 17), date(2027, 5, 18)),  # Constitution Day and Whit Monday 2027
        (date(2027, 5, 16), date(2027, 5, 18)),  # Whit Sunday
        (date(2027, 5, 6), date(2027, 5, 7)),  # Ascension Day
        (date(2027, 5, 1), date(2027, 5, 3)),  # Labour Day on a Saturday
        (date(2027, 3, 25), date(2027, 3, 30)),  # Maundy Thursday → Tuesday after Easter
        (date(2027, 3, 26), date(2027, 3, 30)),  # Good Friday
        (date(2027, 3, 28), date(2027, 3, 30)),  # Easter Sunday
        (date(2027, 3, 29), date(2027, 3, 30)),  # Easter Monday
        (date(2027, 12, 25), date(2027, 12, 27)),  # Christmas Day (Saturday), 2nd day Sunday
        (date(2026, 12, 25), date(2026, 12, 28)),  # Christmas Day Fri, 2nd day Sat
        (date(2027, 1, 1), date(2027, 1, 4)),  # New Year's Day (Friday)
        (date(2027, 1, 9), date(2027, 1, 11)),  # ordinary Saturday
        (date(2027, 3, 24), date(2027, 3, 24)),  # ordinary Wednesday stays
        (date(2027, 12, 24), date(2027, 12, 24)),  # Christmas Eve is not a public holiday
    ],
)
def test_deadline_on_holiday_or_weekend_moves_to_next_business_day(
    day: date, expected: date
) -> None:
    assert next_business_day(day) == expected


@pytest.mark.parametrize(
    ("start", "offset", "unit", "expected"),
    [
        (date(2027, 1, 4), 0, OffsetUnit.CALENDAR, date(2027, 1, 4)),
        (date(2027, 1, 4), 14, OffsetUnit.CALENDAR, date(2027, 1, 18)),
        (date(2027, 5, 3), 14, OffsetUnit.CALENDAR, date(2027, 5, 18)),  # lands on 17 May
        (date(2027, 3, 1), 28, OffsetUnit.CALENDAR, date(2027, 3, 30)),  # lands on Easter Monday
        (date(2027, 3, 24), 1, OffsetUnit.BUSINESS, date(2027, 3, 30)),  # skips Easter
        (date(2027, 5, 14), 1, OffsetUnit.BUSINESS, date(2027, 5, 18)),  # skips weekend + 17 May
        (date(2027, 1, 4), 5, OffsetUnit.BUSINESS, date(2027, 1, 11)),
        (date(2027, 1, 9), 0, OffsetUnit.BUSINESS, date(2027, 1, 11)),  # start on Saturday
    ],
)
def test_due_date_counts_calendar_or_business_days(
    start: date, offset: int, unit: OffsetUnit, expected: date
) -> None:
    assert due_date(start, offset, unit) == expected
    assert is_business_day(due_date(start, offset, unit))


def test_business_day_offset_must_not_be_negative() -> None:
    with pytest.raises(ValueError):
        add_business_days(date(2027, 1, 4), -1)
