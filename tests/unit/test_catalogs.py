"""The message catalogs are complete and compiled: every text the code and the templates mark
is in the nynorsk and English catalogs, translated and not fuzzy, and each checked-in .mo
says exactly what its .po says (so an install needs no compile step)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "planvakt" / "locale"
TRANSLATED = ("nn", "en")


def _po(language: str) -> Catalog:
    with (LOCALE / language / "LC_MESSAGES" / "planvakt.po").open("rb") as handle:
        return read_po(handle, locale=language)


def _extracted() -> dict[str, str]:
    """msgid → where it was found, for every text the sources mark."""
    method_map, options_map = parse_mapping_cfg(io.StringIO((ROOT / "babel.cfg").read_text()))
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        key = f"{context}\x04{msgid}" if context else msgid
        found.setdefault(key, f"{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def extracted() -> dict[str, str]:
    return _extracted()


def _key(message: object) -> str:
    msgid = message.id[0] if isinstance(message.id, list | tuple) else message.id  # type: ignore[attr-defined]
    context = message.context  # type: ignore[attr-defined]
    return f"{context}\x04{msgid}" if context else msgid


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_marked_text_is_in_the_catalog(language: str, extracted: dict[str, str]) -> None:
    catalog = {_key(m) for m in _po(language) if m.id}
    missing = {k: v for k, v in extracted.items() if k not in catalog}
    assert not missing, f"not in the {language} catalog (run `make catalogs`): " + "; ".join(
        f"{v}: {k!r}" for k, v in sorted(missing.items(), key=lambda kv: kv[1])[:20]
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_is_translated_and_not_fuzzy(language: str) -> None:
    problems = []
    for message in _po(language):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif not all(strings):
            problems.append(f"untranslated: {message.id!r}")
    assert not problems, f"{len(problems)} in {language}: " + "; ".join(problems[:20])


def _strings(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list | tuple) else (str(value),)


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalog_matches_its_po(language: str) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "planvakt.mo").open("rb") as handle:
        compiled = {_key(m): _strings(m.string) for m in read_mo(handle) if m.id}
    source = {
        _key(m): _strings(m.string)
        for m in _po(language)
        if m.id and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else (m.string,))
    }
    assert compiled == source, "the .mo is older than the .po: run `make catalogs`"
