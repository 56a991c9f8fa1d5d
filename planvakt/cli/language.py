"""The command line's language, decided once per call, and its words.

``PLANVAKT_LANGUAGE`` chooses (``nb``, ``nn``, ``en``, also ``nynorsk`` …); without it the
standard locale variables do, in POSIX order: ``LC_ALL``, ``LC_MESSAGES``, ``LANG``
(``nn_NO.UTF-8`` → nynorsk). The first one set decides; ``C``, ``POSIX`` and languages
planvakt does not speak mean bokmål, the source language. The language is read here, before
the settings are, so that an invalid setting is still reported in the user's language.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date

from planvakt.core import messages
from planvakt.core.errors import PlanvaktError
from planvakt.core.languages import SOURCE, Language, Texts, parse_language, texts

# Where the language comes from, first set first: planvakt's own, then the POSIX ones.
LANGUAGE_VARIABLES = ("PLANVAKT_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def cli_language(environ: Mapping[str, str] | None = None) -> Language:
    """The language of this command: the first of :data:`LANGUAGE_VARIABLES` that is set.

    Args:
        environ: the environment to read (default: the process's).
    """
    env = os.environ if environ is None else environ
    for name in LANGUAGE_VARIABLES:
        value = env.get(name, "").strip()
        if value:
            return parse_language(value) or SOURCE
    return SOURCE


class Words:
    """The command line's words in one language: ``w._("skrev {path}", path=p)``.

    Texts are bokmål message ids, translated through the language's catalog and then
    filled in with :meth:`str.format` (``{name}`` placeholders).
    """

    def __init__(self, language: Language) -> None:
        self.language: Language = language
        self.texts: Texts = texts(language)

    def _(self, message: str, /, **params: object) -> str:
        """``message`` in this language, with ``params`` filled in."""
        text = self.texts.gettext(message)
        return text.format(**params) if params else text

    def ngettext(self, singular: str, plural: str, n: int, /, **params: object) -> str:
        """The singular or plural form for ``n`` (``{n}`` is filled in with it)."""
        return self.texts.ngettext(singular, plural, n).format(n=n, **params)

    def date(self, value: date | None) -> str:
        """``17.05.2027``; ``–`` for none."""
        return self.texts.date(value, "short")

    def error(self, error: PlanvaktError, *, within: str | None = None) -> str:
        """An error in words, with its location (``tiltak.csv, rad 3: …``)."""
        return messages.error_text(error, self.language, within=within)

    def message(self, code: str, **params: object) -> str:
        """The error table's text of ``code`` (for a problem that is not raised)."""
        return messages.message(code, params, self.language)
