"""Reading dates as Norwegian spreadsheets and files write them."""

from __future__ import annotations

import re
from datetime import date

_NORWEGIAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(text: str) -> date:
    """Parse ``dd.mm.yyyy`` (also ``d.m.yyyy`` and ``d.m.yy``, read as 20yy) or ISO
    ``yyyy-mm-dd``.

    Raises:
        ValueError: with a bokmål message naming the accepted formats.
    """
    value = text.strip()
    if match := _NORWEGIAN.match(value):
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000
    elif match := _ISO.match(value):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValueError(f"ugyldig dato '{value}' (bruk dd.mm.åååå, d.m.åå eller åååå-mm-dd)")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"datoen '{value}' finnes ikke") from None


def format_date(day: date, language: str = "nb") -> str:
    """``17. mai 2027`` in bokmål, ``17 May 2027`` in English."""
    if language == "en":
        return f"{day.day} {day:%B %Y}"
    months = (
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    )
    return f"{day.day}. {months[day.month - 1]} {day.year}"
