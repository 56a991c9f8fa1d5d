"""The glossary (planvakt/locale/glossary.csv) decides the domain terms of every catalog.

For every entry of the nynorsk and English catalogs whose bokmål msgid holds a glossary
term (as a whole word, in one of the forms listed, case-insensitive), the translation must
hold that term's nynorsk or English form. Terms are written as ``lemma|form|form…``; an
empty cell is not checked. Untranslated entries are left to ``test_catalogs.py``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

import pytest
from babel.messages.pofile import read_po

from planvakt.core.resources import LOCALE_DIR

GLOSSARY = LOCALE_DIR / "glossary.csv"
# Placeholders are code, not words: {plan}, %(plan)s.
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([^)]*\)[sd]")


@dataclass(frozen=True)
class Term:
    nb: tuple[str, ...]
    nn: tuple[str, ...]
    en: tuple[str, ...]

    def forms(self, language: str) -> tuple[str, ...]:
        return {"nb": self.nb, "nn": self.nn, "en": self.en}[language]


def _forms(cell: str) -> tuple[str, ...]:
    return tuple(f.strip() for f in cell.split("|") if f.strip())


def glossary() -> list[Term]:
    with GLOSSARY.open(encoding="utf-8", newline="") as handle:
        return [
            Term(_forms(row["nb"]), _forms(row["nn"]), _forms(row["en"]))
            for row in csv.DictReader(handle)
        ]


def _pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted(forms, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def has_term(text: str, forms: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of ``forms`` as a whole word (placeholders ignored)."""
    return bool(forms) and bool(_pattern(forms).search(_PLACEHOLDER.sub(" ", text)))


def _entries(language: str) -> list[tuple[str, str]]:
    """(msgid, msgstr) of every translated entry, plural forms joined."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / "planvakt.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    found = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            continue
        found.append((" / ".join(ids), " / ".join(strings)))
    return found


def test_glossary_has_the_domain_terms_in_three_languages() -> None:
    terms = glossary()
    assert len(terms) >= 40
    assert all(t.nb and t.nn for t in terms)
    lemmas = {t.nb[0] for t in terms}
    for needed in (
        "tiltak",
        "innsatsområde",
        "sjekkpunkt",
        "ansvarlig enhet",
        "frist",
        "forsinket",
        "på overtid",
        "kommunedirektør",
        "formannskap",
        "kommunestyre",
        "høring",
        "handlingsplan",
        "påminnelse",
        "fremdrift",
        "tjeneste",
    ):
        assert needed in lemmas, needed
    by_lemma = {t.nb[0]: t for t in terms}
    assert by_lemma["ansvarlig enhet"].nn == ("ansvarleg eining",)
    assert "forseinka" in by_lemma["forsinket"].nn
    assert "høyring" in by_lemma["høring"].nn


@pytest.mark.parametrize(
    ("text", "forms", "expected"),
    [
        ("Frister de neste 30 dagene", ("frist", "frister"), True),
        ("Høringsfrist (minst seks uker)", ("frist",), False),  # a compound is another term
        ("fant ingen '{plan}'", ("plan",), False),  # placeholders are not words
        ("Fristen er  på\novertid", ("på overtid",), True),
        ("SLT-koordinator", ("koordinator",), False),
        ("Ansvarleg eining", ("ansvarleg eining",), True),
    ],
)
def test_terms_match_whole_words_only(text: str, forms: tuple[str, ...], expected: bool) -> None:
    assert has_term(text, forms) is expected


def _violations(language: str, entries: list[tuple[str, str]]) -> list[str]:
    problems = []
    for term in glossary():
        wanted = term.forms(language)
        if not wanted:
            continue
        for msgid, msgstr in entries:
            # English may keep a Norwegian word as a name: a column header, a file name.
            kept = language == "en" and has_term(msgstr, term.nb)
            if has_term(msgid, term.nb) and not has_term(msgstr, wanted) and not kept:
                problems.append(f"{msgid!r} → {msgstr!r}: expected {'|'.join(wanted)}")
    return problems


def test_the_check_finds_a_term_translated_against_the_glossary() -> None:
    entries = [("Frister de neste 30 dagene", "Frister dei neste 30 dagane")]
    assert _violations("nn", entries) == [
        "'Frister de neste 30 dagene' → 'Frister dei neste 30 dagane': "
        "expected frist|fristen|fristar|fristane"
    ]
    assert _violations("nn", [("Frister de neste 30 dagene", "Fristar dei neste 30 dagane")]) == []


@pytest.mark.parametrize("language", ["nn", "en"])
def test_catalog_uses_the_glossary_terms(language: str) -> None:
    problems = _violations(language, _entries(language))
    assert not problems, f"{len(problems)} entries break the glossary:\n" + "\n".join(problems[:30])
