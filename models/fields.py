"""Validated field types shared by every input schema (template, plan file, CSV rows).

Free text is stripped, length-checked and passed through the privacy guard, so a file, a
form and the command line all refuse the same things with the same words.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, ValidationInfo

from models.base import LONG_TEXT, SHORT_TEXT
from models.privacy import check_free_text
from models.texts import N_


class FieldProblem(ValueError):
    """A validator's refusal as a message code and its params: the application words it in
    the user's language from the template of ``code`` in :mod:`planvakt.core.messages`.

    Args:
        code: the message code (``date.invalid``); it must have a template there.
        text: the same bokmål template, marked with ``N_`` (``str()`` fills it in, for code
            that has no renderer, such as pydantic's own message).
        **params: the values the template names.
    """

    def __init__(self, code: str, text: str, **params: object) -> None:
        try:
            filled = text.format_map(params)
        except (KeyError, IndexError, ValueError):
            filled = text
        super().__init__(filled)
        self.code = code
        self.params = params


_MEASURE_REF = re.compile(r"^[\w.\-]+$")


def _measure_ref(value: str) -> str:
    if not _MEASURE_REF.match(value):
        raise FieldProblem(
            "field.measure_ref",
            N_(
                "ugyldig tiltaksnummer: bruk bokstaver, tall, punktum, bindestrek eller "
                "understrek (for eksempel T1 eller 2.3)"
            ),
        )
    return value


def _no_identity_numbers(value: str | None, info: ValidationInfo) -> str | None:
    check_free_text(value, field=str(info.field_name or "tekst"))
    return value


# Refuses a national identity number in any field (ids too): add it to an ``Annotated``.
NoIdentityNumbers = AfterValidator(_no_identity_numbers)


def _blank_to_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value


Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,59}$")]
"""A machine key: lower-case letters, digits, '-' and '_' (e.g. ``slt-koordinator``)."""

Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=SHORT_TEXT),
    AfterValidator(_no_identity_numbers),
]
"""Required short text (titles, names), at most 200 characters."""

LongText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=LONG_TEXT),
    AfterValidator(_no_identity_numbers),
]
"""Required long text, at most 4000 characters."""

OptionalText = Annotated[LongText | None, BeforeValidator(_blank_to_none)]
"""Optional long text (descriptions, summaries); blank means none."""

Progress = Annotated[int, Field(ge=0, le=100)]

MeasureRef = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=20),
    NoIdentityNumbers,  # first: a number written with spaces is refused as what it is
    AfterValidator(_measure_ref),
]
"""A measure's number as the municipality writes it: ``T1``, ``2.3``, ``A-4``."""


def check_deadline_after_start(start: date | None, deadline: date | None) -> None:
    """Raise :class:`FieldProblem` (``measure.deadline_before_start``) when a deadline lies
    before its start."""
    if start and deadline and deadline < start:
        raise FieldProblem(
            "measure.deadline_before_start",
            N_("fristen {deadline:%d.%m.%Y} er før start {start:%d.%m.%Y}"),
            deadline=deadline,
            start=start,
        )
