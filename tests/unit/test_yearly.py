"""Checkpoints on a fixed date every year: which dates a span holds, when one is due, and
how a year's key and title are made and read back."""

from __future__ import annotations

from datetime import date

import pytest

from models.fields import FieldProblem
from models.yearly import (
    base_key,
    base_title,
    key_year,
    parse_month_day,
    year_key,
    year_title,
    yearly_dates,
    yearly_due,
)


@pytest.mark.parametrize(
    ("start", "end", "month_day", "expected"),
    [
        # A four-year plan period from 1 July: four applications, four reports.
        (
            date(2027, 7, 1),
            date(2031, 6, 30),
            "12-01",
            [date(2027, 12, 1), date(2028, 12, 1), date(2029, 12, 1), date(2030, 12, 1)],
        ),
        (
            date(2027, 7, 1),
            date(2031, 6, 30),
            "04-01",
            [date(2028, 4, 1), date(2029, 4, 1), date(2030, 4, 1), date(2031, 4, 1)],
        ),
        (date(2027, 12, 1), date(2027, 12, 1), "12-01", [date(2027, 12, 1)]),  # both ends in
        (date(2027, 12, 2), date(2028, 11, 30), "12-01", []),  # a year without the date
        (date(2028, 1, 1), date(2027, 1, 1), "12-01", []),  # an empty span
    ],
)
def test_yearly_dates_are_the_dates_in_the_span(
    start: date, end: date, month_day: str, expected: list[date]
) -> None:
    assert yearly_dates(start, end, month_day) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("12-01", (12, 1)), ("04-01", (4, 1)), ("02-28", (2, 28))]
)
def test_a_month_and_day_that_exist_every_year_are_read(
    value: str, expected: tuple[int, int]
) -> None:
    assert parse_month_day(value) == expected


@pytest.mark.parametrize("value", ["02-29", "13-01", "04-31", "00-10", "1-12", "12/01", ""])
def test_anything_else_is_refused_with_its_code(value: str) -> None:
    with pytest.raises(FieldProblem) as err:
        parse_month_day(value)
    assert err.value.code == "template.yearly_on_invalid"
    assert err.value.params == {"value": value}


@pytest.mark.parametrize(
    ("day", "due"),
    [
        (date(2027, 12, 1), date(2027, 12, 1)),  # a Wednesday
        (date(2029, 12, 1), date(2029, 11, 30)),  # a Saturday: the Friday before
        (date(2030, 12, 1), date(2030, 11, 29)),  # a Sunday
        (date(2029, 4, 1), date(2029, 3, 28)),  # Easter Sunday: before Maundy Thursday
        (date(2027, 5, 17), date(2027, 5, 14)),  # Constitution Day, a Monday
    ],
)
def test_a_yearly_date_on_a_day_off_is_due_the_business_day_before(day: date, due: date) -> None:
    assert yearly_due(day) == due


def test_a_years_key_and_title_are_read_back() -> None:
    key, title = year_key("tilskudd-soknad", 2028), year_title("Søknad om tilskudd", 2028)
    assert (key, title) == ("tilskudd-soknad-2028", "Søknad om tilskudd (2028)")
    assert (base_key(key), key_year(key), base_title(title)) == (
        "tilskudd-soknad",
        2028,
        "Søknad om tilskudd",
    )
    assert (base_key("arsrapport-1"), key_year("arsrapport-1")) == ("arsrapport-1", None)
    assert base_title("Rapport (år 1)") == "Rapport (år 1)"
