"""What planvakt tells users about personal data where they type free text, and the
checks that warn rather than refuse (the refusals live in ``models.privacy``).

The texts are bokmål message ids, translated where they are shown. They say what the law
says, briefly: planvakt is a planning tool at system level; information about individuals
of concern is subject to the duty of confidentiality (forvaltningsloven § 13 and the stricter
rules of the sector acts) and may be special categories of personal data or data about
offences (GDPR art. 9 and 10); it belongs in the services' own case systems.
"""

from __future__ import annotations

from models.privacy import PersonalDataFound, check_free_text, looks_like_case_note
from planvakt.core.errors import Location, PrivacyError
from planvakt.core.languages import N_

CASE_NOTE_WARNING = N_(
    "teksten ser ut som opplysninger om en enkeltperson. Opplysninger om personer det er "
    "bekymring for, er underlagt taushetsplikt (forvaltningsloven § 13 og strengere regler i "
    "særlovene) og kan være særlige kategorier av personopplysninger eller opplysninger om "
    "lovovertredelser (personvernforordningen art. 9 og 10). De hører hjemme i tjenestenes "
    "egne fagsystemer; planvakt er et planverktøy på systemnivå."
)

# Shown where a user types free text: under the dashboard's forms (the same words are in
# templates/web/forms/_fields.html.j2, macro ``privacy_notice``) and under the help of the
# commands that take free text.
FREE_TEXT_NOTICE = N_(
    "planvakt er et planverktøy på systemnivå: skriv ikke opplysninger om enkeltpersoner. "
    "Opplysninger om personer det er bekymring for, er underlagt taushetsplikt "
    "(forvaltningsloven § 13 og strengere regler i særlovene), kan være særlige kategorier av "
    "personopplysninger eller opplysninger om lovovertredelser (personvernforordningen art. 9 "
    "og 10) og hører hjemme i tjenestenes egne fagsystemer."
)


def refuse_identity_numbers(text: object, *, field: str) -> None:
    """Refuse a fødselsnummer or D-nummer in an input before it is stored, used or quoted
    in any message (ids, addresses, report texts): :class:`PrivacyError` at ``field``."""
    try:
        check_free_text(text, field=field)
    except PersonalDataFound as exc:
        raise PrivacyError(exc.code, location=Location(field=field), **exc.params) from None


def case_note_warning(*texts: str | None) -> str | None:
    """A warning when any text reads like notes about an individual (it is still stored).

    The warning is the bokmål text (a message id): the caller translates it where it shows it.
    """
    return CASE_NOTE_WARNING if any(looks_like_case_note(t) for t in texts) else None
