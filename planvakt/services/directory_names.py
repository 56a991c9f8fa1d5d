"""Municipalities with official names in several languages (North, Lule and South Sami,
Kven, Norwegian), and finding a municipality by any of its names.

``official_names.csv`` holds, per kommunenummer, the full official name with its forms joined
by « – » in the official order («Guovdageaidnu – Kautokeino»), each form with its language
code, and the source. A municipality it does not list has one name only.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from models import Municipality
from planvakt.core.errors import Location, ValidationError

SEPARATOR = " – "
# Norwegian (bokmål/nynorsk), North, Lule and South Sami, Kven.
FORM_LANGUAGES = ("nb", "nn", "se", "smj", "sma", "fkv")

_DASHES = re.compile(r"\s+[-‐‑‒–—]\s+")
_QUALIFIER = re.compile(r"\s*\([^)]*\)$")  # «Herøy (Nordland)» → «Herøy»
# Letters that do not decompose into a base letter and a mark.
_BASE_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "đ": "d", "ŧ": "t", "ŋ": "n"})


@dataclass(frozen=True)
class OfficialName:
    """One row of ``official_names.csv``."""

    number: str
    official_name: str
    forms: tuple[tuple[str, str], ...]  # (language code, form) in the official order
    source: str


def join_forms(text: str) -> str:
    """An official name written with any dash between its forms, with « – » between them."""
    return _DASHES.sub(SEPARATOR, " ".join(text.split()))


def name_forms(municipality: Municipality) -> set[str]:
    """Every name the municipality is known by: its name with and without the county
    qualifier, its full official name and each form of it."""
    forms = {municipality.name, _QUALIFIER.sub("", municipality.name)}
    if municipality.official_name:
        forms.add(municipality.official_name)
        forms.update(municipality.official_name.split(SEPARATOR))
    return forms


def exact_key(text: str) -> str:
    """A name compared as written, whatever the case, spacing and dash between forms."""
    return join_forms(unicodedata.normalize("NFC", text)).casefold()


def folded_key(text: str) -> str:
    """A name compared without diacritics too: «Snåase» → «snaase», «Kárášjohka» →
    «karasjohka», «Porsáŋgu» → «porsangu»."""
    text = exact_key(text).translate(_BASE_LETTERS)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def match_name(text: str, municipalities: Iterable[Municipality]) -> list[Municipality]:
    """The municipalities one of whose names is ``text``: first as written (case aside),
    else without diacritics. More than one means the name is ambiguous («Herøy»)."""
    known = [(m, name_forms(m)) for m in municipalities]
    for key in (exact_key, folded_key):
        wanted = key(text)
        found = [m for m, forms in known if wanted in {key(f) for f in forms}]
        if found:
            return sorted(found, key=lambda m: m.number)
    return []


def check_official_name(official_name: str, name: str, *, location: Location | None = None) -> str:
    """``official_name`` with « – » between its forms, if one of the forms is the
    municipality's ``name`` (without its county qualifier); otherwise a clear error."""
    joined = join_forms(official_name)
    plain = _QUALIFIER.sub("", name)
    if plain not in joined.split(SEPARATOR):
        raise ValidationError(
            "directory.official_name_without_name",
            location=location,
            official=joined,
            name=plain,
        )
    return joined


def read_official_names(path: Path, names: Mapping[str, str]) -> dict[str, OfficialName]:
    """The rows of ``official_names.csv`` by kommunenummer, checked against ``names``
    (kommunenummer → name from ``kommuner.csv``).

    Each row must name a known municipality once, give every form with a known language
    code, and its official name must be the forms joined in order and contain the name.
    """
    found: dict[str, OfficialName] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            entry = _official_name(row, names, Location(path.name, row=line))
            if entry.number in found:
                raise ValidationError(
                    "directory.official_name_repeated",
                    location=Location(path.name, row=line, field="kommunenummer"),
                    number=entry.number,
                )
            found[entry.number] = entry
    return found


def _official_name(row: dict[str, str], names: Mapping[str, str], where: Location) -> OfficialName:
    number = row["kommunenummer"].strip()
    if number not in names:
        raise ValidationError(
            "directory.official_name_number",
            location=replace(where, field="kommunenummer"),
            number=number,
        )
    forms = tuple(_form(part, replace(where, field="forms")) for part in row["forms"].split("|"))
    official = row["official_name"].strip()
    joined = SEPARATOR.join(form for _, form in forms)
    at_name = replace(where, field="official_name")
    if official != joined:
        raise ValidationError(
            "directory.official_name_forms", location=at_name, official=official, joined=joined
        )
    check_official_name(official, names[number], location=at_name)
    return OfficialName(number, official, forms, row["source"].strip())


def _form(part: str, location: Location) -> tuple[str, str]:
    """``se:Guovdageaidnu`` → ``("se", "Guovdageaidnu")``."""
    language, _, form = part.partition(":")
    if language.strip() not in FORM_LANGUAGES or not form.strip():
        raise ValidationError(
            "directory.official_name_language",
            location=location,
            value=part.strip(),
            allowed=list(FORM_LANGUAGES),
        )
    return language.strip(), form.strip()
