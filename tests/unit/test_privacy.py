import pytest

from models.privacy import (
    PersonalDataFound,
    check_free_text,
    find_identity_numbers,
    hide_identity_numbers,
    looks_like_case_note,
)
from tests.factories import VALID_DNR, VALID_FNR


@pytest.mark.parametrize(
    "text",
    [
        VALID_FNR,
        f"Gjelder {VALID_FNR} i 9. trinn",
        f"{VALID_FNR[:6]} {VALID_FNR[6:]}",  # written 6+5
        f"D-nummer {VALID_DNR}.",
    ],
)
def test_valid_identity_number_is_refused(text: str) -> None:
    with pytest.raises(PersonalDataFound) as err:
        check_free_text(text, field="description")
    message = str(err.value)
    assert "description" in message and "personopplysninger" in message
    assert VALID_FNR not in message and VALID_DNR not in message


@pytest.mark.parametrize(
    "text",
    [
        "15108695089",  # wrong control digit
        "12345678901",
        "Ring 004792345678 eller 92345678",
        "Org.nr. 974760673, saksnr. 2027/12345",
        "151086950881",  # 12 digits: not an identity number
        "",
        None,
    ],
)
def test_other_numbers_pass(text) -> None:
    check_free_text(text, field="description")
    assert find_identity_numbers(text or "") == []


def test_text_that_reads_like_case_notes_is_flagged() -> None:
    assert looks_like_case_note("Bekymringsmelding om eleven sendt")
    assert not looks_like_case_note("Kurs for ansatte i skolen")


def test_identity_numbers_are_hidden_and_other_numbers_kept() -> None:
    text = f"Elev {VALID_FNR}, sak 12345678901, {VALID_DNR[:6]} {VALID_DNR[6:]}"
    assert hide_identity_numbers(text, "[skjult]") == "Elev [skjult], sak 12345678901, [skjult]"
