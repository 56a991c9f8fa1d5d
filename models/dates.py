"""Reading dates as Norwegian spreadsheets and files write them."""

from __future__ import annotations

import re
from datetime import date

from models.fields import FieldProblem
from models.texts import N_

_NORWEGIAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(text: str) -> date:
    """Parse ``dd.mm.yyyy`` (also ``d.m.yyyy`` and ``d.m.yy``, read as 20yy) or ISO
    ``yyyy-mm-dd``.

    Raises:
        FieldProblem: ``date.invalid`` (naming the accepted formats) or ``date.nonexistent``,
            a ``ValueError`` whose ``str()`` is the bokmål message.
    """
    value = text.strip()
    if match := _NORWEGIAN.match(value):
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000
    elif match := _ISO.match(value):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise FieldProblem(
            "date.invalid",
            N_("ugyldig dato '{value}' (bruk dd.mm.åååå, d.m.åå eller åååå-mm-dd)"),
            value=value,
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise FieldProblem(
            "date.nonexistent", N_("datoen '{value}' finnes ikke"), value=value
        ) from None
