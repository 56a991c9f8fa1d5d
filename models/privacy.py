"""Privacy guard: planvakt must never hold data about individuals of concern.

Every free-text field passes through :func:`check_free_text`. A valid Norwegian national
identity number (fødselsnummer or D-nummer, control digits checked) is refused; other
11-digit numbers (organisation numbers with a prefix, phone numbers, case numbers) pass.
"""

from __future__ import annotations

import re
from typing import Any

from stdnum.no import fodselsnummer

from models.texts import N_

# 11 digits, optionally written 6+5 with a space or dot, not part of a longer number.
_CANDIDATE = re.compile(r"(?<!\d)(\d{6})[ .]?(\d{5})(?!\d)")

# The bokmål words of the refusal (the same template as code ``privacy.national_id`` has in
# planvakt.core.messages, which translates it where it is shown).
NATIONAL_ID_TEXT = N_(
    "feltet '{field}' inneholder et fødselsnummer eller D-nummer. planvakt er et planverktøy "
    "på systemnivå og skal ikke inneholde personopplysninger om enkeltpersoner; fjern nummeret "
    "(saksbehandling hører hjemme i tjenestenes egne fagsystemer)"
)

# Words that read like notes about one person (a warning, not a refusal): input planvakt
# reads, not text it shows.
_CASE_NOTE_WORDS = re.compile(
    r"\b(bekymringsmelding|bekymring for|eleven|gutten|jenta|personen|mistenkt|"
    r"diagnose|født \d)",
    re.IGNORECASE,
)


class PersonalDataFound(ValueError):
    """Raised when text contains a national identity number.

    Carries the stable ``code`` and the ``params`` of its message as data (the field, and
    the table when a flush was refused), so the application renders it in the user's
    language; ``str()`` is the bokmål text, for code that has no renderer (pydantic).
    """

    code = "privacy.national_id"

    def __init__(self, field: str, *, table: str | None = None) -> None:
        self.params: dict[str, Any] = {"field": field}
        if table is not None:
            self.code = "privacy.national_id_stored"
            self.params["table"] = table
        prefix = f"{table}: " if table is not None else ""
        super().__init__(prefix + NATIONAL_ID_TEXT.format(field=field))


def find_identity_numbers(text: str) -> list[str]:
    """Return every valid fødselsnummer or D-nummer in ``text`` (digits only)."""
    found = []
    for match in _CANDIDATE.finditer(text):
        number = match.group(1) + match.group(2)
        if fodselsnummer.is_valid(number):
            found.append(number)
    return found


def hide_identity_numbers(text: str, mark: str) -> str:
    """``text`` with every valid fødselsnummer and D-nummer replaced by ``mark``."""

    def hidden(match: re.Match[str]) -> str:
        valid = fodselsnummer.is_valid(match.group(1) + match.group(2))
        return mark if valid else match.group()

    return _CANDIDATE.sub(hidden, text)


def check_free_text(text: str | None, *, field: str) -> None:
    """Raise :class:`PersonalDataFound` if ``text`` holds a national identity number.

    The message never repeats the number itself.
    """
    if text and find_identity_numbers(text):
        raise PersonalDataFound(field)


def looks_like_case_note(text: str | None) -> bool:
    """True when text reads like notes about an individual (a warning, not a refusal)."""
    return bool(text and _CASE_NOTE_WORDS.search(text))
