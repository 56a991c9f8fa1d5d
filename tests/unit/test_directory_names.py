"""Names of municipalities in several languages: how they are compared and joined, and
how a source text is cut into links for the catalog."""

from __future__ import annotations

import pytest

from models import Municipality
from planvakt.core.errors import ValidationError
from planvakt.services.directory_names import (
    check_official_name,
    exact_key,
    folded_key,
    join_forms,
    match_name,
    name_forms,
)
from planvakt.services.directory_regions import Region, Sources
from planvakt.views.catalog import TextPart, linked


def municipality(number: str, name: str, official: str | None = None) -> Municipality:
    return Municipality(number=number, name=name, official_name=official)


DIRECTORY = [
    municipality("5612", "Guovdageaidnu", "Guovdageaidnu – Kautokeino"),
    municipality("5041", "Snåase", "Snåase – Snåsa"),
    municipality("5622", "Porsanger", "Porsanger – Porsáŋgu – Porsanki"),
    municipality("1515", "Herøy (Møre og Romsdal)"),
    municipality("1818", "Herøy (Nordland)"),
    municipality("3218", "Ås"),
    municipality("1119", "Hå"),
]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Snåase", "snaase"),
        ("Kárášjohka", "karasjohka"),
        ("Porsáŋgu", "porsangu"),
        ("Færder", "faerder"),
        ("Bø", "bo"),
        ("Čáhcesuolu", "cahcesuolu"),
        ("Stïentje", "stientje"),
        ("Guovdageaidnu -  Kautokeino", "guovdageaidnu – kautokeino"),
    ],
)
def test_folded_key_drops_case_and_diacritics(text: str, key: str) -> None:
    assert folded_key(text) == key


def test_exact_key_keeps_diacritics_but_not_case_spacing_or_dash() -> None:
    assert exact_key(" Snåase —  SNÅSA ") == "snåase – snåsa"
    assert exact_key("Snaase") != exact_key("Snåase")


def test_join_forms_puts_an_en_dash_between_forms_only() -> None:
    assert join_forms("Gáivuotna - Kåfjord—Kaivuono") == "Gáivuotna – Kåfjord—Kaivuono"
    assert join_forms("Gáivuotna - Kåfjord — Kaivuono") == "Gáivuotna – Kåfjord – Kaivuono"
    assert join_forms("Aurskog-Høland") == "Aurskog-Høland"  # a hyphen inside a name stays


def test_name_forms_are_the_name_its_forms_and_the_whole() -> None:
    assert name_forms(DIRECTORY[2]) == {
        "Porsanger",
        "Porsáŋgu",
        "Porsanki",
        "Porsanger – Porsáŋgu – Porsanki",
    }
    assert name_forms(DIRECTORY[4]) == {"Herøy (Nordland)", "Herøy"}


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Kautokeino", ["5612"]),
        ("GUOVDAGEAIDNU", ["5612"]),
        ("Snasa", ["5041"]),
        ("porsangu", ["5622"]),
        ("Herøy", ["1515", "1818"]),
        ("Heroy", ["1515", "1818"]),
        ("Ås", ["3218"]),  # as written first: «Ås» is not «Hå»
        ("As", ["3218"]),
        ("Oslo", []),
    ],
)
def test_match_name_prefers_the_name_as_written(text: str, numbers: list[str]) -> None:
    assert [m.number for m in match_name(text, DIRECTORY)] == numbers


def test_check_official_name_needs_the_municipalitys_name() -> None:
    assert check_official_name("Deatnu - Tana", "Deatnu") == "Deatnu – Tana"
    assert check_official_name("Herøy", "Herøy (Nordland)") == "Herøy"
    with pytest.raises(ValidationError) as err:
        check_official_name("Tana – Deatnu X", "Deatnu")
    assert err.value.code == "directory.official_name_without_name"


def test_a_region_is_verified_only_with_both_sources_and_no_verify_mark() -> None:
    both = Sources(rvts="https://a.example", korus="https://b.example")
    assert not Region(county="X", rvts="R", korus="K", source=both, verify=False).unverified
    assert Region(county="X", rvts="R", korus="K", source=both).unverified  # verify defaults on
    half = Sources(rvts="https://a.example", korus="  ")
    region = Region(county="X", rvts="R", korus="K", source=half, verify=False, note="why")
    assert region.unverified
    assert region.source_text == "RVTS: https://a.example; KORUS: ingen kilde — why"
    assert Region(county="X", rvts="R", korus="K", note="why").source_text == ""


def test_linked_cuts_a_source_into_links_and_words() -> None:
    assert linked("RVTS: https://rvtsost.no (lists «Oslo»); KORUS: https://k.no/slt/.") == [
        TextPart("RVTS: "),
        TextPart("https://rvtsost.no", link=True),
        TextPart(" (lists «Oslo»); KORUS: "),
        TextPart("https://k.no/slt/", link=True),
        TextPart("."),
    ]
    assert linked("") == []
