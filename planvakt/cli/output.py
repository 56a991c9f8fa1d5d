"""Output helpers shared by the command-line modules."""

from __future__ import annotations

import argparse
import sys

from planvakt.cli.language import Words
from planvakt.services.privacy import FREE_TEXT_NOTICE, case_note_warning


def out(text: str) -> None:
    """One line (or block) on standard output."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def warn_if_case_note(w: Words, *texts: str | None) -> None:
    """Warn (on stderr) when a text reads like notes about an individual; it is still stored."""
    warning = case_note_warning(*texts)
    if warning:
        sys.stderr.write(w._("planvakt: advarsel: {warning}", warning=w._(warning)) + "\n")


def takes_free_text(parser: argparse.ArgumentParser, w: Words) -> argparse.ArgumentParser:
    """Show the privacy notice under the help of a command that takes free text."""
    parser.epilog = w._(FREE_TEXT_NOTICE)
    return parser
