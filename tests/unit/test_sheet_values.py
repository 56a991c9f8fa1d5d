"""Values as people write them in a measures sheet: statuses, progress, dates, headers,
amounts and numbers, read without a database."""

from datetime import date, datetime

import pydantic
import pytest

from models.measure import MeasureStatus
from planvakt.exchange.measure_sheet import (
    COLUMNS,
    MeasureRow,
    header_field,
    header_key,
    read_measure_sheet,
)
from planvakt.exchange.spreadsheets import neutralised, unneutralised
from planvakt.exchange.tables import cell_text
from planvakt.exchange.units import normal_name
from tests.factories import sheet_csv, workbook

BASE = {"ref": "T1", "focus_area": "Samarbeid", "title": "Kurs", "owner": "Grunnskole"}
HEADER = ["Nr", "Innsatsområde", "Tiltak", "Ansvarlig", "Status", "Fremdrift", "Frist"]


def _row(**values: object) -> MeasureRow:
    return MeasureRow.model_validate({**BASE, **values})


def _refused(**values: object) -> list[tuple[str, str]]:
    with pytest.raises(pydantic.ValidationError) as err:
        _row(**values)
    return [(str(e["loc"][0]), e["type"]) for e in err.value.errors()]


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Ikke startet", MeasureStatus.PLANNED),
        ("ikkje starta", MeasureStatus.PLANNED),
        ("Not started", MeasureStatus.PLANNED),
        ("", MeasureStatus.PLANNED),
        ("Under arbeid", MeasureStatus.IN_PROGRESS),
        ("Startet", MeasureStatus.IN_PROGRESS),
        ("I gang", MeasureStatus.IN_PROGRESS),
        ("pågår", MeasureStatus.IN_PROGRESS),
        ("in_progress", MeasureStatus.IN_PROGRESS),
        ("Ferdig", MeasureStatus.DONE),
        ("Gjennomført", MeasureStatus.DONE),
        ("completed", MeasureStatus.DONE),
        ("Utsatt", MeasureStatus.POSTPONED),
        ("utsett", MeasureStatus.POSTPONED),
        ("On hold", MeasureStatus.POSTPONED),
        ("Avsluttet", MeasureStatus.CLOSED),
        ("avslutta", MeasureStatus.CLOSED),
        ("Cancelled", MeasureStatus.CLOSED),
        (" UNDER-ARBEID. ", MeasureStatus.IN_PROGRESS),
    ],
)
def test_status_words_map_to_the_five_statuses(word: str, status: MeasureStatus) -> None:
    assert _row(status=word).status == status


def test_an_unknown_status_is_refused_in_one_short_line_naming_the_five_statuses() -> None:
    sheet = read_measure_sheet(sheet_csv([HEADER, ["T1", "A", "Kurs", "PPT", "kanskje"]]), "t.csv")
    [error] = sheet.errors
    assert (error.code, error.location.row, error.location.column, error.location.value) == (
        "measure.status_unknown",
        2,
        "Status",
        "kanskje",
    )
    assert error.message == (
        "ukjent status 'kanskje'; bruk planlagt, pågår, fullført, utsatt eller avsluttet "
        "(også vanlige ord som «ikke startet», «under arbeid», «ferdig»; se README)"
    )


@pytest.mark.parametrize(
    ("written", "percent"),
    [
        (40, 40),
        ("40", 40),
        ("40 %", 40),
        ("40%", 40),
        ("\u00a040\u00a0%", 40),
        ("0,4", 40),
        ("0.4", 40),
        (0.4, 40),
        (40.0, 40),
        ("", 0),
        ("0", 0),
        ("100 %", 100),
        ("12,7 %", 13),
        ("0,6 %", 1),  # a percentage is never read again as a fraction of one
    ],
)
def test_progress_as_people_write_it(written: object, percent: int) -> None:
    assert _row(progress=written).progress == percent


@pytest.mark.parametrize(
    ("written", "refusal"),
    [
        ("mye", "int_parsing"),
        ("%", "int_parsing"),
        ("inf", "int_parsing"),
        ("nan", "int_parsing"),
        (140, "less_than_equal"),
        ("140 %", "less_than_equal"),
        ("-5", "greater_than_equal"),
    ],
)
def test_progress_that_is_not_a_percentage_is_refused(written: object, refusal: str) -> None:
    assert _refused(progress=written) == [("progress", refusal)]


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("31.12.2027", date(2027, 12, 31)),
        ("01.02.2027", date(2027, 2, 1)),
        ("1.7.27", date(2027, 7, 1)),
        ("2027-06-30", date(2027, 6, 30)),
        (" 30.06.2027 ", date(2027, 6, 30)),
        (date(2027, 6, 30), date(2027, 6, 30)),
        ("", None),
    ],
)
def test_dates_as_people_write_them(written: object, day: date | None) -> None:
    assert _row(deadline=written).deadline == day


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("31.02.2027", "datoen '31.02.2027' finnes ikke"),
        ("2027/12/31", "ugyldig dato '2027/12/31'"),
        ("31.12.2027\nca.", "ugyldig dato '31.12.2027 ca.'"),  # one line, as errors are
        ("i morgen", "ugyldig dato 'i morgen'"),
    ],
)
def test_dates_that_do_not_exist_or_read_are_refused(written: str, words: str) -> None:
    sheet = read_measure_sheet(
        sheet_csv([HEADER, ["T1", "A", "Kurs", "PPT", "", "", written]]), "t"
    )
    [error] = sheet.errors
    code = "date.nonexistent" if "finnes ikke" in words else "date.invalid"
    assert (error.code, error.location.column) == (code, "Frist")
    assert words in error.message and "\n" not in str(error)


def test_a_workbook_date_cell_is_a_date() -> None:
    data = workbook(("Tiltak", [HEADER, ["T1", "A", "Kurs", "PPT", "", "", datetime(2027, 6, 30)]]))
    [(_, measure)] = read_measure_sheet(data, "t.xlsx").measures
    assert measure.deadline == date(2027, 6, 30)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Ansvarlig enhet (%)", "ansvarligenhet"),
        ("Innsatsområde", "innsatsomrade"),
        (" NR. ", "nr"),
        ("Fremdrift\n(%)", "fremdrift"),
        ("Ansvarleg eining", "ansvarlegeining"),
        ("Start date", "startdate"),
        ("Økonomi", "okonomi"),
        ("Tiltaks-nr", "tiltaksnr"),
    ],
)
def test_header_key_ignores_case_spaces_punctuation_and_letters(written: str, key: str) -> None:
    assert header_key(written) == key


@pytest.mark.parametrize(
    ("field", "headers"),
    [
        ("ref", ["Nr", "Nummer", "ID", "No."]),
        ("focus_area", ["Innsatsområde", "Område", "Satsingsområde", "Focus area"]),
        ("title", ["Tiltak", "Measure"]),
        ("owner", ["Ansvarlig", "Ansvarleg", "Ansvarlig enhet", "Ansvarleg eining", "Owner"]),
        ("deadline", ["Frist", "Tidsfrist", "Sluttdato", "Deadline"]),
        ("progress", ["Fremdrift", "Framdrift", "Progresjon", "Fremdrift (%)", "Progress"]),
        ("status", ["Status"]),
        ("description", ["Beskrivelse", "Skildring", "Description"]),
    ],
)
def test_headers_in_bokmal_nynorsk_and_english_name_their_field(
    field: str, headers: list[str]
) -> None:
    for header in headers:
        assert header_key(header) in COLUMNS[field], header


@pytest.mark.parametrize("amount", ["NOK 20 000", "kr 1 500 000,-", "20 000", "2 årsverk"])
def test_amounts_are_kept_as_text(amount: str) -> None:
    assert _row(resources=amount).resources == amount


def test_a_numeric_nr_reads_as_the_number_shown() -> None:
    rows = [HEADER, [2.0, "A", "Kurs", "PPT"], [1, "A", "Kurs", "PPT"], [2.5, "A", "B", "PPT"]]
    sheet = read_measure_sheet(workbook(("Tiltak", rows)), "t.xlsx")
    assert [m.ref for _, m in sheet.measures] == ["2", "1", "2.5"]
    assert (cell_text(2.0), cell_text(2.5), cell_text(date(2027, 1, 4))) == (
        "2",
        "2.5",
        "04.01.2027",
    )


def test_a_percent_formatted_cell_reads_as_its_percentage() -> None:
    rows = [HEADER, ["T1", "A", "Kurs", "PPT", "", (0.4, "0%")], ["T2", "A", "B", "PPT", "", 0.4]]
    sheet = read_measure_sheet(workbook(("Tiltak", rows)), "t.xlsx")
    assert [m.progress for _, m in sheet.measures] == [40, 40]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+47 99", "'+47 99"),
        ("-tiltak", "'-tiltak"),
        ("@bruker", "'@bruker"),
        ("'=allerede", "''=allerede"),
        ("'sitat", "'sitat"),
        ("Vanlig tekst", "Vanlig tekst"),
    ],
)
def test_formula_like_text_is_neutralised_and_reads_back_as_written(
    text: str, written: str
) -> None:
    assert neutralised(text) == written
    assert unneutralised(written) == text


# --- review of issue 10 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Pågående", MeasureStatus.IN_PROGRESS),
        ("løpende", MeasureStatus.IN_PROGRESS),
        ("Kontinuerlig", MeasureStatus.IN_PROGRESS),
        ("fortløpende", MeasureStatus.IN_PROGRESS),
        ("Ikke aktuelt", MeasureStatus.CLOSED),
        ("ikkje aktuelt", MeasureStatus.CLOSED),
        ("Utgår", MeasureStatus.CLOSED),
        ("utgått", MeasureStatus.CLOSED),
        ("Avventer", MeasureStatus.POSTPONED),
        ("venter", MeasureStatus.POSTPONED),
    ],
)
def test_everyday_words_for_ongoing_dropped_and_waiting_measures(
    word: str, status: MeasureStatus
) -> None:
    assert _row(status=word).status == status


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Ansvarlig (enhet/tjeneste)", "owner"),
        ("Frist (dato)", "deadline"),
        ("Innsatsområde/mål", "focus_area"),
        ("Fremdrift (%)", "progress"),
        ("Ansvarlig enhet/tjeneste", "owner"),
        ("Tiltak [kort]", "title"),
        ("Dato for ferdigstillelse", None),
        ("Mål/innsatsområde", None),  # only the part before «/» names the column
    ],
)
def test_a_header_is_read_whole_then_without_brackets_then_before_its_slash(
    header: str, field: str | None
) -> None:
    assert header_field(header) == field


@pytest.mark.parametrize("owner", ["!!!", "???", " - ", "…"])
def test_an_owner_without_a_letter_or_digit_is_refused(owner: str) -> None:
    assert _refused(owner=owner) == [("owner", "value_error")]


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("Politirådet", "politiradet"),
        ("Politiradet", "politiradet"),
        ("POLITIRÅDET ", "politiradet"),
        ("Kommunedirektør", "kommunedirektor"),
        ("Kultur og fritid – Café", "kultur og fritid cafe"),
        ("SLT-koordinator", "slt koordinator"),
        ("Ærøy", "aeroy"),
    ],
)
def test_unit_names_compare_without_case_punctuation_aeoa_or_accents(
    written: str, normal: str
) -> None:
    assert normal_name(written) == normal
