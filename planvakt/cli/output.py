"""Output helpers shared by the command-line modules."""

from __future__ import annotations

import sys

from planvakt.cli.language import Words
from planvakt.services.privacy import case_note_warning


def out(text: str) -> None:
    """One line (or block) on standard output."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def warn_if_case_note(w: Words, *texts: str | None) -> None:
    """Warn (on stderr) when a text reads like notes about an individual; it is still stored."""
    warning = case_note_warning(*texts)
    if warning:
        sys.stderr.write(w._("planvakt: advarsel: {warning}", warning=w._(warning)) + "\n")
