"""Texts keyed by language, and the marker for texts that are translated where shown.

A text stored once per language (a phase name, a checkpoint title, an actor's name) is a
plain mapping ``{"nb": …, "nn": …, "en": …}``; adding a language needs no schema change.
:func:`pick` reads one with a fallback, so a text given in one language only still shows.
This module is pure: it imports nothing of planvakt.
"""

from __future__ import annotations

from collections.abc import Mapping

# The order a missing language falls back in, after the one asked for: bokmål is the
# source language, nynorsk the other Norwegian one.
FALLBACK: tuple[str, ...] = ("nb", "nn", "en")


def N_(text: str) -> str:
    """Mark a bokmål text for extraction; it is translated where it is shown."""
    return text


def pick(texts: Mapping[str, str] | None, language: str) -> str:
    """The text in ``language``, else bokmål, else nynorsk, else English, else any.

    Args:
        texts: a text per language code (empty texts count as missing).
        language: the language asked for (``nb``, ``nn``, ``en``).

    Returns:
        The best text there is, or ``""`` when there is none.
    """
    if not texts:
        return ""
    for code in (language, *FALLBACK):
        text = texts.get(code)
        if text:
            return text
    return next((text for text in texts.values() if text), "")


def keyed(**texts: str | None) -> dict[str, str]:
    """A language mapping of the texts given (``keyed(nb="Vedtak", en=None)``), without
    the empty ones."""
    return {code: text for code, text in texts.items() if text}
