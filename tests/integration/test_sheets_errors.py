"""Errors of a sheet, all at once and each where it is (row, column, value), and the privacy
guard on every cell: a fødselsnummer anywhere refuses the sheet, named by row and column,
and is never repeated in an error, a preview or a payload."""

import json

import pytest

from planvakt.core.db import session_scope
from planvakt.core.errors import ImportErrors
from planvakt.core.messages import error_payload
from planvakt.exchange import measures as sheets
from planvakt.services.plans import find_plan
from tests.factories import VALID_DNR, VALID_FNR, make_plan, row_counts, sheet_csv, workbook

SLUG = "3911-faerder-2027"
HEADER = ["Nr", "Innsatsområde", "Tiltak", "Ansvarlig", "Start", "Frist", "Status", "Fremdrift"]
GOOD = ["T0", "Samarbeid", "Kurs", "PPT", "", "", "", ""]

# each bad row: (column, value) changed in a good row, and the error code it gives
BAD = [
    ("Frist", "2027/12/31", "date.invalid"),
    ("Frist", "31.02.2027", "date.nonexistent"),
    ("Frist", "1.13.2027", "date.nonexistent"),
    ("Start", "i går", "date.invalid"),
    ("Status", "kanskje", "measure.status_unknown"),
    ("Status", "snart", "measure.status_unknown"),
    ("Fremdrift", "mye", "field.int_parsing"),
    ("Fremdrift", "40 prosent", "field.int_parsing"),
    ("Fremdrift", "140", "field.less_than_equal"),
    ("Fremdrift", "-5", "field.greater_than_equal"),
    ("Nr", "T 1", "field.measure_ref"),
    ("Nr", "#REF!", "field.measure_ref"),
    ("Nr", "T0", "sheet.ref_repeated"),
    ("Tiltak", "y" * 250, "field.string_too_long"),
    ("Innsatsområde", "z" * 201, "field.string_too_long"),
    ("Frist", "01.01.2026", "measure.deadline_before_start"),  # before the good row's start
]


def _bad_sheet() -> str:
    rows = [HEADER, GOOD]
    for n, (column, value, _) in enumerate(BAD, start=1):
        row = [f"T{n}", "Samarbeid", f"Tiltak {n}", "PPT", "01.02.2026", "", "", ""]
        row[HEADER.index(column)] = value
        rows.append(row)
    rows.append(["T99", "Samarbeid", f"Oppfølging av {VALID_FNR}", "PPT", "", "", "", ""])
    return sheet_csv(rows)


def _refused(engine, data: str | bytes, name: str) -> ImportErrors:
    with session_scope(engine) as session:
        make_plan(session)
    before = row_counts(engine)
    with pytest.raises(ImportErrors) as err, session_scope(engine) as session:
        sheets.import_measures(session, find_plan(session, SLUG), data, name)
    assert row_counts(engine) == before
    assert "\n" not in str(err.value)
    return err.value


def test_every_error_of_a_sheet_is_reported_at_once_with_row_column_and_value(engine) -> None:
    errors = _refused(engine, _bad_sheet(), "tiltak.csv").errors
    expected = [
        (code, n + 2, column, value) for n, (column, value, code) in enumerate(BAD, start=1)
    ]
    expected.append(("privacy.national_id", len(BAD) + 3, "Tiltak", None))
    found = [(e.code, e.location.row, e.location.column, e.location.value) for e in errors]
    assert found == expected
    assert len(found) >= 15


def test_the_summary_is_one_line_and_the_payload_lists_every_error(engine) -> None:
    error = _refused(engine, _bad_sheet(), "tiltak.csv")
    text = str(error)
    assert text.startswith(f"tiltak.csv: {len(BAD) + 1} feil, ingenting ble lagret: rad 3, ")
    assert text.endswith("(+7 flere)")
    assert "rad 3, kolonne 'Frist', verdi «2027/12/31»: ugyldig dato" in text
    payload = error_payload(error, "nb")
    assert len(payload["errors"]) == len(BAD) + 1
    last_but_one = payload["errors"][-2]
    assert last_but_one["location"] == {
        "source": "tiltak.csv",
        "line": None,
        "row": len(BAD) + 2,
        "column": "Frist",
        "field": "deadline",
        "value": "01.01.2026",
    }
    assert last_but_one["message"] == "fristen 01.01.2026 er før start 01.02.2026"
    assert VALID_FNR not in json.dumps(payload, ensure_ascii=False)


# case: (file name, sheet, row and column named)
PERSONAL = {
    "a mapped column": (
        "tiltak.csv",
        sheet_csv([[*HEADER, "Kommentar"], [*GOOD[:2], f"Samtale med {VALID_FNR}", *GOOD[3:]]]),
        (2, "Tiltak"),
    ),
    "an ignored column": (
        "tiltak.csv",
        sheet_csv([[*HEADER, "Kommentar"], [*GOOD, f"Gjelder {VALID_FNR[:6]} {VALID_FNR[6:]}"]]),
        (2, "Kommentar"),
    ),
    "a D-nummer among the partners": (
        "tiltak.csv",
        sheet_csv([[*HEADER, "Samarbeidspartnere"], [*GOOD, f"NAV ({VALID_DNR})"]]),
        (2, "Samarbeidspartnere"),
    ),
    "a title row above the header": (
        "tiltak.xlsx",
        workbook(("Tiltak", [[None, f"Handlingsplan – kontakt {VALID_FNR}"], [], HEADER, GOOD])),
        (1, "B"),
    ),
    "a workbook number cell": (
        "tiltak.xlsx",
        workbook(("Tiltak", [[*HEADER, "Kontakt"], [*GOOD, int(VALID_FNR)]])),
        (2, "Kontakt"),
    ),
    "the header of an ignored column": (
        "tiltak.xlsx",
        workbook(("Tiltak", [[*HEADER, f"Notat {VALID_FNR}"], GOOD])),
        (1, "I"),
    ),
    "a date column": (
        "tiltak.csv",
        sheet_csv([HEADER, [*GOOD[:5], VALID_FNR, *GOOD[6:]]]),
        (2, "Frist"),
    ),
}


@pytest.mark.parametrize("case", list(PERSONAL))
def test_a_fodselsnummer_anywhere_refuses_the_sheet_naming_row_and_column(
    engine, case: str
) -> None:
    name, data, (row, column) = PERSONAL[case]
    error = _refused(engine, data, name)
    [found] = error.errors
    assert (found.code, found.location.row, found.location.column, found.location.value) == (
        "privacy.national_id",
        row,
        column,
        None,
    )
    assert f"rad {row}, kolonne '{column}'" in str(error)
    for number in (VALID_FNR, VALID_DNR):
        assert number not in str(error) and number not in json.dumps(error_payload(error, "nb"))


def test_a_preview_never_shows_the_number_either(engine) -> None:
    data = workbook(("Tiltak", [[*HEADER, f"Notat {VALID_FNR}"], [VALID_FNR, *GOOD[1:]]]))
    with session_scope(engine) as session:
        report = sheets.preview_measures(session, make_plan(session), data, "tiltak.xlsx")
    assert [(r.row, r.ref, r.action) for r in report.rows] == [(2, "", "refused")]
    assert report.ignored == []  # the header holding the number is not listed by its text
    assert VALID_FNR not in repr(report)
    assert [(e.location.row, e.location.column) for e in report.errors] == [(1, "I"), (2, "Nr")]


def test_a_sheet_with_errors_creates_no_unit_either(engine) -> None:
    rows = [HEADER, [*GOOD[:3], "Enhet for oppvekst", *GOOD[4:]], ["T2", "A", "B", "PPT", "x"]]
    error = _refused(engine, sheet_csv(rows), "tiltak.csv")  # counts every table's rows
    assert [(e.location.row, e.location.column) for e in error.errors] == [(3, "Start")]
