"""Output helpers shared by the command-line modules."""

from __future__ import annotations

import sys

from models.privacy import looks_like_case_note


def out(text: str) -> None:
    """One line (or block) on standard output."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def warn_if_case_note(*texts: str | None) -> None:
    """Warn (on stderr) when a text reads like notes about an individual; it is still stored."""
    if any(looks_like_case_note(text) for text in texts):
        sys.stderr.write(
            "planvakt: advarsel: teksten ser ut som notater om en enkeltperson. planvakt skal bare "
            "ha opplysninger på systemnivå; saksbehandling hører hjemme i tjenestenes fagsystemer.\n"
        )
