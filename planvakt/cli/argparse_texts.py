"""argparse's own words («usage:», «options:», «invalid choice: …») in the command's language.

argparse looks its words up through its module-level ``_`` and ``ngettext`` when it builds
a parser and when it prints help or an error. :func:`argparse_in` binds them, for one call of
the command, to a lookup in :data:`ARGPARSE_TEXTS`: argparse's English text → the bokmål text
marked here (the message id of the catalogs, like every other text of planvakt), translated
to the command's language. A text argparse adds in a later Python version stays English until
it is added here.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from planvakt.cli.language import Words
from planvakt.core.languages import N_

_ARGPARSE: Any = argparse  # its ``_`` and ``ngettext`` are not part of its typed interface

# argparse's msgid (Python 3.9–3.13) → the bokmål text. Placeholders are argparse's own.
ARGPARSE_TEXTS: dict[str, str] = {
    "usage: ": N_("bruk: "),
    "positional arguments": N_("argumenter"),
    "options": N_("valg"),
    "optional arguments": N_("valg"),
    "show this help message and exit": N_("vis denne hjelpeteksten og avslutt"),
    "argument %(argument_name)s: %(message)s": N_("argumentet %(argument_name)s: %(message)s"),
    "unknown parser %(parser_name)r (choices: %(choices)s)": N_(
        "ukjent kommando %(parser_name)r (velg blant: %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": N_("kan ikke åpne '%(filename)s': %(error)s"),
    "unrecognized arguments: %s": N_("ukjente argumenter: %s"),
    "not allowed with argument %s": N_("kan ikke brukes sammen med argumentet %s"),
    "ignored explicit argument %r": N_("argumentet %r ble ignorert"),
    "the following arguments are required: %s": N_("disse argumentene mangler: %s"),
    "one of the arguments %s is required": N_("ett av argumentene %s må oppgis"),
    "expected one argument": N_("krever ett argument"),
    "expected at most one argument": N_("tar høyst ett argument"),
    "expected at least one argument": N_("krever minst ett argument"),
    "ambiguous option: %(option)s could match %(matches)s": N_(
        "tvetydig valg: %(option)s kan bety %(matches)s"
    ),
    "unexpected option string: %s": N_("uventet valg: %s"),
    "invalid %(type)s value: %(value)r": N_("ugyldig verdi for %(type)s: %(value)r"),
    "invalid choice: %(value)r (choose from %(choices)s)": N_(
        "ugyldig valg: %(value)r (velg blant %(choices)s)"
    ),
    "%(prog)s: error: %(message)s\n": N_("%(prog)s: feil: %(message)s\n"),
}


@contextmanager
def argparse_in(words: Words) -> Iterator[None]:
    """Inside the block, argparse speaks the language of ``words``; after it, English again."""

    def gettext(message: str) -> str:
        source = ARGPARSE_TEXTS.get(message) if isinstance(message, str) else None
        return words.texts.gettext(source) if source is not None else message

    def ngettext(singular: str, plural: str, n: int) -> str:
        if singular == "expected %s argument":
            return words.texts.ngettext("krever %s argument", "krever %s argumenter", n)
        return singular if n == 1 else plural

    saved = _ARGPARSE._, _ARGPARSE.ngettext
    _ARGPARSE._, _ARGPARSE.ngettext = gettext, ngettext
    try:
        yield
    finally:
        _ARGPARSE._, _ARGPARSE.ngettext = saved


def parse_error(parser: argparse.ArgumentParser, message: str) -> str:
    """The one line a usage error prints: ``planvakt plan: feil: …`` (without usage)."""
    translate = _ARGPARSE._  # argparse's own lookup: translated inside argparse_in()
    template: str = translate("%(prog)s: error: %(message)s\n")
    return template % {"prog": parser.prog, "message": message}
