"""Privacy checks that warn rather than refuse (the refusals live in ``models.privacy``)."""

from __future__ import annotations

from models.privacy import looks_like_case_note
from planvakt.core.languages import N_

CASE_NOTE_WARNING = N_(
    "teksten ser ut som notater om en enkeltperson. planvakt skal bare ha opplysninger på "
    "systemnivå; saksbehandling hører hjemme i tjenestenes fagsystemer."
)


def case_note_warning(*texts: str | None) -> str | None:
    """A warning when any text reads like notes about an individual (it is still stored).

    The warning is the bokmål text (a message id): the caller translates it where it shows it.
    """
    return CASE_NOTE_WARNING if any(looks_like_case_note(t) for t in texts) else None
