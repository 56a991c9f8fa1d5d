"""The languages planvakt speaks, and the words and formats of one of them.

Bokmål (``nb``) is the source language: every user-facing text is written in bokmål in the
code and the templates and marked for extraction; nynorsk (``nn``) and English (``en``) come
from gettext catalogs under ``planvakt/locale`` (managed with Babel, see the README). Dates,
numbers and lists are formatted for the language by Babel, never by hand.

The language is always passed explicitly — per plan, per request, per recipient — as a
:class:`Texts` (``texts("nn")``); nothing here reads a process-wide setting.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from datetime import date, datetime
from functools import cache
from typing import Literal, get_args

from babel.dates import format_date as babel_date
from babel.dates import format_datetime as babel_datetime
from babel.lists import format_list as babel_list
from babel.numbers import format_decimal as babel_decimal
from babel.numbers import format_percent as babel_percent

from planvakt.core.resources import LOCALE_DIR

Language = Literal["nb", "nn", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
SOURCE: Language = "nb"
DOMAIN = "planvakt"
BABEL_LOCALES: dict[Language, str] = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}
ListStyle = Literal["standard", "or"]
LANGUAGE_NAMES: dict[Language, str] = {"nb": "bokmål", "nn": "nynorsk", "en": "English"}


def as_language(text: str) -> Language:
    """``text`` as a :data:`Language`; anything else is bokmål, the source."""
    found = parse_language(text)
    return found if found is not None else SOURCE


def N_(text: str) -> str:
    """Mark a bokmål text for extraction; it is translated where it is shown."""
    return text


def parse_language(text: str | None) -> Language | None:
    """``nn``, ``nn_NO.UTF-8``, ``nynorsk``, ``no``, ``en_US`` → a language, else None."""
    if not text:
        return None
    code = text.strip().split(".")[0].split("@")[0].replace("-", "_").lower()
    base = code.split("_")[0]
    aliases: dict[str, Language] = {
        "nb": "nb",
        "no": "nb",
        "bokmal": "nb",
        "bokmål": "nb",
        "nn": "nn",
        "nynorsk": "nn",
        "en": "en",
        "english": "en",
        "engelsk": "en",
    }
    return aliases.get(code) or aliases.get(base)


@cache
def catalog(language: Language) -> gettext.NullTranslations:
    """The compiled catalog of ``language``; bokmål, the source, translates to itself."""
    if language == SOURCE:
        return gettext.NullTranslations()
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)


class Texts:
    """The words and formats of one language: ``texts("nn").gettext("Tiltak")``."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self.locale = BABEL_LOCALES[language]
        self._catalog = catalog(language)

    def gettext(self, message: str) -> str:
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._catalog.pgettext(context, message)

    def date(self, value: date | datetime | None, fmt: str = "long") -> str:
        """``17. mai 2027`` (``long``) or ``17.05.2027`` (``short``); ``–`` for none."""
        if value is None:
            return "–"
        if isinstance(value, datetime):
            value = value.date()
        if fmt == "short":
            return babel_date(value, "dd.MM.yyyy", locale=self.locale)
        return babel_date(value, fmt, locale=self.locale)

    def datetime(self, value: datetime | None) -> str:
        return "–" if value is None else babel_datetime(value, "short", locale=self.locale)

    def number(self, value: float | int) -> str:
        """``1 234,5`` in Norwegian, ``1,234.5`` in English."""
        return babel_decimal(value, locale=self.locale)

    def percent(self, value: float | int) -> str:
        """``40 %`` for ``40`` (a percentage, not a fraction)."""
        return babel_percent(value / 100, locale=self.locale)

    def join(self, items: Iterable[str], style: ListStyle = "standard") -> str:
        """``skole, barnevern og NAV``; ``style="or"`` for ``… eller …``."""
        values = list(items)
        return babel_list(values, style=style, locale=self.locale) if values else ""


@cache
def texts(language: Language) -> Texts:
    """The :class:`Texts` of ``language`` (one per language and process)."""
    return Texts(language)
