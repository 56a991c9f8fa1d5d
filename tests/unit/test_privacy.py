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

# Between two groups of digits: what Word, a PDF or a phone pastes.
SEPARATORS = {
    "space": " ",
    "no-break space": "\u00a0",
    "narrow no-break space": "\u202f",
    "thin space": "\u2009",
    "zero-width space": "\u200b",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
    "dot": ".",
    "hyphen": "-",
    "slash": "/",
    "en dash": "\u2013",
    "spaced en dash": " \u2013 ",
}
# How the eleven digits are grouped (lengths of the groups).
GROUPINGS = [(6, 5), (2, 2, 2, 5), (3, 2, 6), (2, 2, 2, 2, 3), (4, 4, 3), (3, 3, 3, 2)]


def _grouped(number: str, sizes: tuple[int, ...], separator: str) -> str:
    groups, start = [], 0
    for size in sizes:
        groups.append(number[start : start + size])
        start += size
    return separator.join(groups)


def written_forms(number: str) -> dict[str, str]:
    """``number`` in each way people write it: plain, full-width, and every grouping with
    every separator (named, for readable failures)."""
    forms = {
        "plain": number,
        "full-width digits": number.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    }
    for name, separator in SEPARATORS.items():
        for sizes in GROUPINGS:
            forms[f"{'-'.join(map(str, sizes))} with {name}"] = _grouped(number, sizes, separator)
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
    assert hide_identity_numbers(text, "[skjult]") == "Gjelder [skjult] i 9. trinn"


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
        "",
        None,
    ],
)
def test_other_numbers_pass(text: str | None) -> None:
    check_free_text(text, field="description")
    assert find_identity_numbers(text or "") == []
    assert hide_identity_numbers(text or "", "[skjult]") == (text or "")


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


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_dashboard_notice_has_the_same_words_as_the_command_line(language: str) -> None:
    fields = environment(language).get_template("web/forms/_fields.html.j2").module
    shown = str(fields.privacy_notice())  # type: ignore[attr-defined]
    assert texts(language).gettext(FREE_TEXT_NOTICE) in shown
