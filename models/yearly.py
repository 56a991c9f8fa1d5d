"""Checkpoints due on a fixed date every year (the state grant's application on 1 December,
its report on 1 April), not counted from the phase start.

A template checkpoint with ``yearly_on: "12-01"`` becomes one checkpoint per year whose date
falls in its phase's planned span: key ``<key>-<year>``, title with « (<year>)». Such a date
is someone else's deadline: on a weekend or public holiday the checkpoint is due the
business day before (:func:`yearly_due`), never after. Pure rules; the rows are written by
:mod:`planvakt.services.plans`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from models.calendar import is_business_day
from models.fields import FieldProblem
from models.texts import N_

_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")
_YEAR_KEY = re.compile(r"^(?P<base>.+)-(?P<year>\d{4})$")
_YEAR_TITLE = re.compile(r" \(\d{4}\)$")
# A year's key and title add this many characters to the template's: «-2028», « (2028)».
KEY_SUFFIX_LENGTH = 5
TITLE_SUFFIX_LENGTH = 7


def parse_month_day(value: str) -> tuple[int, int]:
    """``"12-01"`` as ``(12, 1)``: a month and day that exist every year.

    Raises:
        FieldProblem: not ``MM-DD``, no such month or day, or 29 February (not every year has
            it).
    """
    match = _MONTH_DAY.match(value)
    if match:
        month, day = int(match.group(1)), int(match.group(2))
        try:
            date(2001, month, day)  # not a leap year: 02-29 is refused
        except ValueError:
            pass
        else:
            return month, day
    raise FieldProblem(
        "template.yearly_on_invalid",
        N_(
            "ugyldig årlig dato '{value}': bruk MM-DD, f.eks. 12-01 for 1. desember "
            "(29. februar finnes ikke hvert år)"
        ),
        value=value,
    )


def yearly_dates(start: date, end: date, month_day: str) -> list[date]:
    """Every date on ``month_day`` (``"MM-DD"``) from ``start`` to ``end``, both included."""
    month, day = parse_month_day(month_day)
    found = (date(year, month, day) for year in range(start.year, end.year + 1))
    return [d for d in found if start <= d <= end]


def yearly_due(day: date) -> date:
    """When a checkpoint on a yearly date is due: that day, or the last business day
    before it when it is a weekend or public holiday (an outside deadline is not moved
    later)."""
    while not is_business_day(day):
        day -= timedelta(days=1)
    return day


def year_key(key: str, year: int) -> str:
    """The key of one year's checkpoint: ``tilskudd-soknad-2028``."""
    return f"{key}-{year}"


def year_title(title: str, year: int) -> str:
    """The title of one year's checkpoint: «Søknad om tilskudd (2028)»."""
    return f"{title} ({year})"


def base_key(key: str) -> str:
    """The template's key of one year's checkpoint (``tilskudd-soknad-2028`` →
    ``tilskudd-soknad``)."""
    match = _YEAR_KEY.match(key)
    return match.group("base") if match else key


def key_year(key: str) -> int | None:
    """The year of one year's checkpoint key (``tilskudd-soknad-2028`` → 2028)."""
    match = _YEAR_KEY.match(key)
    return int(match.group("year")) if match else None


def base_title(title: str) -> str:
    """The template's title of one year's checkpoint (without « (2028)»)."""
    return _YEAR_TITLE.sub("", title)
