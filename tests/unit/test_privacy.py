import random
import re
import time
from pathlib import Path

import pytest

from models.privacy import (
    NATIONAL_ID_TEXT,
    PersonalDataFound,
    check_free_text,
    find_identity_numbers,
    hide_identity_numbers,
    looks_like_case_note,
)
from planvakt.core.languages import texts
from planvakt.core.messages import message
from planvakt.core.render import environment
from planvakt.services.privacy import CASE_NOTE_WARNING, FREE_TEXT_NOTICE, case_note_warning
from tests.factories import VALID_DNR, VALID_FNR

DATA = Path(__file__).parents[1] / "data" / "privacy"

# Between two groups of digits: what Word, a PDF, a phone or a hurried hand puts there.
SEPARATORS = {
    "space": " ",
    "no-break space": "\u00a0",
    "narrow no-break space": "\u202f",
    "thin space": "\u2009",
    "four spaces": "    ",
    "eight spaces": " " * 8,
    "zero-width space": "\u200b",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
    "left-to-right mark": "\u200e",
    "right-to-left mark": "\u200f",
    "left-to-right embedding": "\u202a",
    "right-to-left override": "\u202e",
    "pop directional formatting": "\u202c",
    "invisible separator": "\u2063",
    "combining grapheme joiner": "\u034f",
    "variation selector 16": "\ufe0f",
    "many invisible characters": "\u200e\u200b\u2063\u034f\ufe0f" * 4,
    "dot": ".",
    "hyphen": "-",
    "two hyphens": "--",
    "spaced hyphens": " - - ",
    "underscore": "_",
    "colon": ":",
    "middle dot": "\u00b7",
    "bullet": "\u2022",
    "slash": "/",
    "en dash": "\u2013",
    "spaced en dash": " \u2013 ",
    "brackets": ") (",
}
# Lists, table cells and pasted sheets: a number runs on across these only after the six
# digits of the birth date.
LIST_BREAKS = {
    "comma": ",",
    "comma and space": ", ",
    "semicolon": ";",
    "vertical bar": "|",
    "spaced vertical bar": " | ",
    "tab": "\t",
    "four tabs": "\t" * 4,
    "line break": "\n",
}
# How the eleven digits are grouped (lengths of the groups).
GROUPINGS = [(6, 5), (2, 2, 2, 5), (3, 2, 6), (2, 2, 2, 2, 3), (4, 4, 3), (3, 3, 3, 2)]
ARABIC_INDIC = str.maketrans(
    "0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
)


def _grouped(number: str, sizes: tuple[int, ...], separator: str) -> str:
    groups, start = [], 0
    for size in sizes:
        groups.append(number[start : start + size])
        start += size
    return separator.join(groups)


def written_forms(number: str) -> dict[str, str]:
    """``number`` in each way people write it: plain, full-width, in other digits, in
    brackets, and every grouping with every separator (named, for readable failures)."""
    date, personal = number[:6], number[6:]
    forms = {
        "plain": number,
        "full-width digits": number.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
        "Arabic-Indic digits": number.translate(ARABIC_INDIC),
        "date in brackets": f"({date}){personal}",
        "date in square brackets": f"[{date}] {personal}",
        "all in brackets": f"({date}-{personal})",
        "number in brackets": f"{date} ({personal})",
        "direction marks around": f"\u202b{date}\u202c \u2066{personal}\u2069",
    }
    for name, separator in SEPARATORS.items():
        for sizes in GROUPINGS:
            forms[f"{'-'.join(map(str, sizes))} with {name}"] = _grouped(number, sizes, separator)
    for name, separator in LIST_BREAKS.items():
        forms[f"6-5 with {name}"] = f"{date}{separator}{personal}"
    return forms


ALL_FORMS = [
    pytest.param(number, text, id=f"{kind} {form}")
    for kind, number in (("fnr", VALID_FNR), ("dnr", VALID_DNR))
    for form, text in written_forms(number).items()
]


@pytest.mark.parametrize(("number", "written"), ALL_FORMS)
def test_every_written_form_is_found_refused_and_hidden(number: str, written: str) -> None:
    text = f"Gjelder {written} i 9. trinn"
    assert find_identity_numbers(text) == [number]
    with pytest.raises(PersonalDataFound):
        check_free_text(text, field="description")
    hidden = hide_identity_numbers(text, "[skjult]")
    # From the first digit to the last: brackets or marks around the number are kept.
    assert hidden.startswith("Gjelder ") and hidden.endswith(" i 9. trinn")
    assert hidden.count("[skjult]") == 1 and re.sub(r"\D", "", hidden) == "9"
    if written[0].isdigit() and written[-1].isdigit():
        assert hidden == "Gjelder [skjult] i 9. trinn"


def test_the_refusal_names_the_field_and_never_the_number() -> None:
    with pytest.raises(PersonalDataFound) as err:
        check_free_text(f"ddmmåå/nnnnn: {VALID_FNR[:6]}/{VALID_FNR[6:]}", field="description")
    text = str(err.value)
    assert text == NATIONAL_ID_TEXT.format(field="description")
    assert "'description'" in text and "planverktøy på systemnivå" in text
    assert VALID_FNR[:6] not in text and VALID_FNR[6:] not in text


@pytest.mark.parametrize(
    "text",
    [
        "15108695089",  # wrong control digit
        "151086 95089",
        "12345678901",
        "Ring 004792345678 eller 92345678",
        "Ring 22 33 44 55 eller 99 88 77 66",
        "Tlf. +47 22 33 44 55 / 99 88 77 66",
        "Org.nr. 974760673, saksnr. 2027/12345",
        "Org.nr. 974 760 673",
        "saksnummer 2027/12345",
        "sak 2027/12345 behandlet 01.02.2027",
        "fra 01.02.2027 – 15.03.2027",
        "ramme 1 250 000 kroner, kontonr. 1234 56 78903",
        "151086950881",  # 12 digits: not an identity number
        f"1{VALID_FNR}",  # part of a longer number
        f"{VALID_FNR}2",
        "15.10.1986 95088",  # a full date and five digits: 13 digits
        f"{VALID_FNR[:6]}{' ' * 9}{VALID_FNR[6:]}",  # nine spaces apart: two numbers
        f"{VALID_FNR[:6]} og {VALID_FNR[6:]}",  # words between: two numbers
        "Tiltak 1.1, 1.2, 2.1",
        "Tiltak 1.1, 1.2, 1.3, 2.1, 2.2, 2.3, 3.1, 3.2, 3.3, 4.1, 4.2, 5.1, 5.2, 6.1",
        "Tiltak 1.1 | 1.2 | 2.1 | 2.2 | 3.1 | 3.2 | 4.1 | 4.2",
        "Møter 01.02.2027, 15.03.2027, 10.05.2027 og 14.06.2027",
        "kl. 08:15–09:30, 12:00–13:30 og 18.00–21.00",
        "Rammer: 1 250 000, 2 300 000 og 450 000 kroner",
        "2019: 1 234 | 2020: 1 456 | 2021: 1 502",
        # Numbers in a list whose digits across a list break pass the control digits: a
        # list break elsewhere than after six digits ends a number.
        "Ring 863 23 303, 813 20 604 eller 90 75 14 78",
        "99 52 16 52, 893 86 434, 96794339",
        "sakene 2023/275, 2029/5858",
        "tlf. 23 11 57 85;96 58 51 78",
        "",
        None,
    ],
)
def test_other_numbers_pass(text: str | None) -> None:
    check_free_text(text, field="description")
    assert find_identity_numbers(text or "") == []
    assert hide_identity_numbers(text or "", "[skjult]") == (text or "")


def test_a_long_cell_of_digits_and_separators_is_checked_quickly() -> None:
    rng = random.Random(12)
    cells = [
        "".join(rng.choice("0123456789 .-/,_:|()\u00a0\u200e") for _ in range(4000)),
        ", ".join(rng.choice("0123456789") for _ in range(1333)),
        ("-" * 9).join("1" * 400),
        ("Tiltak for økt trivsel\u00a0– 2027 " * 120)[:4000],
    ]
    started = time.perf_counter()
    for cell in cells * 5:
        hide_identity_numbers(cell, "[skjult]")
    assert time.perf_counter() - started < 1.0  # about 0.05 s on a laptop


def test_a_json_value_is_checked_in_every_text_at_any_depth() -> None:
    check_free_text({"nb": "Mandat", "nn": "Mandat", "days": [14, 7, 1]}, field="titles")
    for value in (
        {"nb": "Mandat", "nn": f"Mandat {VALID_DNR}"},
        {"rules": [{"note": f"{VALID_FNR[:6]}-{VALID_FNR[6:]}"}]},
        [f"{VALID_FNR}"],
    ):
        with pytest.raises(PersonalDataFound):
            check_free_text(value, field="titles")


def test_hiding_keeps_the_rest_of_the_text_as_written() -> None:
    text = f"Elev\u00a0{VALID_FNR[:6]}\u00a0{VALID_FNR[6:]}, sak 12345678901,\u00a0{VALID_DNR}"
    assert hide_identity_numbers(text, "[skjult]") == (
        "Elev\u00a0[skjult], sak 12345678901,\u00a0[skjult]"
    )


def _lines(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


CASE_NOTES = _lines("case_note_sentences.txt")
ORDINARY = _lines("ordinary_sentences.txt")


def test_the_sentence_lists_are_long_enough_and_distinct() -> None:
    assert len(CASE_NOTES) >= 25 and len(ORDINARY) >= 25
    assert not set(CASE_NOTES) & set(ORDINARY)


@pytest.mark.parametrize("sentence", CASE_NOTES)
def test_a_case_note_is_flagged(sentence: str) -> None:
    assert looks_like_case_note(sentence)
    assert looks_like_case_note(f"Planen er vedtatt. {sentence}")  # any sentence of a text
    assert case_note_warning(None, sentence) == CASE_NOTE_WARNING


@pytest.mark.parametrize("sentence", ORDINARY)
def test_ordinary_plan_text_is_not_flagged(sentence: str) -> None:
    assert not looks_like_case_note(sentence)
    assert case_note_warning(sentence, None) is None


def test_the_texts_say_what_the_law_says() -> None:
    for text in (CASE_NOTE_WARNING, FREE_TEXT_NOTICE):
        for words in (
            "planverktøy på systemnivå" if text is FREE_TEXT_NOTICE else "enkeltperson",
            "taushetsplikt (forvaltningsloven § 13 og strengere regler i særlovene)",
            "særlige kategorier av personopplysninger",
            "lovovertredelser (personvernforordningen art. 9 og 10)",
            "tjenestenes egne fagsystemer",
        ):
            assert words in text
    # A fødselsnummer alone is not confidential (forvaltningsloven § 13 second paragraph):
    # the refusal does not say it is.
    assert "taushet" not in NATIONAL_ID_TEXT
    stored = message("privacy.national_id_stored", {"table": "plan", "field": "slug"}, "nb")
    assert stored == "plan: " + NATIONAL_ID_TEXT.format(field="slug")


@pytest.mark.parametrize("text", [CASE_NOTE_WARNING, FREE_TEXT_NOTICE])
def test_the_nynorsk_texts_name_the_sector_acts_in_nynorsk(text: str) -> None:
    nynorsk = texts("nn").gettext(text)
    assert "strengare reglar i særlovane" in nynorsk and "særlovene" not in nynorsk


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_dashboard_notice_has_the_same_words_as_the_command_line(language: str) -> None:
    fields = environment(language).get_template("web/forms/_fields.html.j2").module
    shown = str(fields.privacy_notice())  # type: ignore[attr-defined]
    assert texts(language).gettext(FREE_TEXT_NOTICE) in shown
