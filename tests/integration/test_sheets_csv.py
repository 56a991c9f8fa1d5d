"""Measures from CSV (a file, text or uploaded bytes): BOM, semicolon or comma, Norwegian
dates; a re-import changes only what differs; all or nothing, every error with its row,
column and value as data; a file that is no measures sheet is named as such.

(Replaces test_measures_csv.py: an unknown owner now becomes a new unit, see
test_sheets_units.py; unknown columns are ignored and reported; Windows-1252 is read.)"""

from datetime import date
from pathlib import Path

import pytest

from models import Measure
from planvakt.core.db import session_scope
from planvakt.core.errors import ImportErrors, Location, PlanvaktError, ValidationError
from planvakt.exchange import measures as sheets
from planvakt.exchange.measures import FieldChange
from planvakt.services.plans import find_plan
from tests.factories import VALID_FNR, make_plan, row_counts, write
from tests.factories import measures_csv as csv_text

SLUG = "3911-faerder-2027"
OWNERS = [
    "grunnskole",
    "Barnevernstjenesten",
    "NAV (kommunal del)",
    "utekontakt",
    "SLT-koordinator",
]


def _rows(n: int) -> list[dict[str, str]]:
    return [
        {
            "id": f"T{i}",
            "innsatsområde": f"Område {i % 5 + 1}",
            "tiltak": f"Tiltak nummer {i}",
            "beskrivelse": f"Beskrivelse av tiltak {i}, med komma",
            "ansvarlig_enhet": OWNERS[i % len(OWNERS)],
            "start": f"{(i % 28) + 1:02d}.01.2027",
            "frist": f"{(i % 28) + 1}.12.2027",
            "status": ["planlagt", "pågår", "fullført", "utsatt"][i % 4],
            "fremdrift": f"{(i * 7) % 101} %",
        }
        for i in range(1, n + 1)
    ]


def _import(session, plan, tmp_path: Path, text: str, given_as: str):
    """Import a sheet given as a file, as text or as bytes (an upload)."""
    if given_as == "file":
        return sheets.import_measures_file(session, plan, write(tmp_path / "tiltak.csv", text))
    data = text if given_as == "text" else text.encode()
    return sheets.import_measures(session, plan, data, "tiltak.csv")


@pytest.mark.parametrize("given_as", ["file", "text", "bytes"])
@pytest.mark.parametrize(("delimiter", "bom"), [(";", True), (",", False), (";", False)])
def test_forty_measures_with_norwegian_dates_import(
    engine, tmp_path: Path, delimiter: str, bom: bool, given_as: str
) -> None:
    text = csv_text(_rows(40), delimiter=delimiter, bom=bom)
    with session_scope(engine) as session:
        plan = make_plan(session)
        result = _import(session, plan, tmp_path, text, given_as)
        assert (result.created, result.updated, result.new_units) == (40, 0, [])
        assert result.read_as.delimiter == delimiter
        measures = {m.ref: m for m in plan.current_edition.measures}
        t1 = measures["T1"]
        assert (t1.start_date, t1.deadline, t1.status, t1.progress) == (
            date(2027, 1, 2),
            date(2027, 12, 2),
            "in_progress",
            7,
        )
        assert t1.owner.key == "barnevern"  # matched by name
        assert measures["T5"].owner.key == "grunnskole"  # matched by key
        assert measures["T2"].description == "Beskrivelse av tiltak 2, med komma"


def test_reimport_updates_changed_measures_only(engine, tmp_path: Path) -> None:
    rows = _rows(3)
    with session_scope(engine) as session:
        plan = make_plan(session)
        sheets.import_measures_file(session, plan, write(tmp_path / "a.csv", csv_text(rows)))
        rows[1]["frist"] = "31.12.2028"
        preview = sheets.preview_measures(session, plan, csv_text(rows).encode(), "b.csv")
        assert [(r.ref, r.action, r.changes) for r in preview.rows] == [
            ("T1", "unchanged", []),
            ("T2", "changed", [FieldChange("deadline", "03.12.2027", "31.12.2028")]),
            ("T3", "unchanged", []),
        ]
        result = sheets.import_measures(session, plan, csv_text(rows).encode(), "b.csv")
        assert (result.created, result.updated) == (0, 1)
        assert session.get(Measure, plan.current_edition.measures[1].id).deadline == date(
            2028, 12, 31
        )


def test_measures_the_sheet_does_not_name_are_left_as_they_are(engine) -> None:
    with session_scope(engine) as session:
        plan = make_plan(session)
        sheets.import_measures(session, plan, csv_text(_rows(3)), "a.csv")
        result = sheets.import_measures(session, plan, csv_text(_rows(1)), "b.csv")
        assert (result.untouched, len(plan.current_edition.measures)) == (2, 3)


# case: (change to row 3, code, column as written, field, value quoted, words of the line)
BAD_ROWS = {
    "wrong date format": (
        {"frist": "2027/12/31"},
        ("date.invalid", "frist", "deadline", "2027/12/31"),
        "rad 3, kolonne 'frist', verdi «2027/12/31»: ugyldig dato '2027/12/31'",
    ),
    "impossible date": (
        {"start": "30.02.2027"},
        ("date.nonexistent", "start", "start_date", "30.02.2027"),
        "rad 3, kolonne 'start', verdi «30.02.2027»: datoen '30.02.2027' finnes ikke",
    ),
    "deadline before start": (
        {"start": "01.06.2027", "frist": "01.05.2027"},
        ("measure.deadline_before_start", "frist", "deadline", "01.05.2027"),
        "rad 3, kolonne 'frist', verdi «01.05.2027»: fristen 01.05.2027 er før start 01.06.2027",
    ),
    "empty title": (
        {"tiltak": " "},
        ("field.string_too_short", "tiltak", "title", None),
        "rad 3, kolonne 'tiltak': kan ikke være tom",
    ),
    "over-long text": (
        {"tiltak": "y" * 250},
        ("field.string_too_long", "tiltak", "title", "y" * 250),
        "rad 3, kolonne 'tiltak', verdi «" + "y" * 39 + "…»: er for lang (maks 200 tegn)",
    ),
    "fødselsnummer": (
        {"beskrivelse": f"Oppfølging av {VALID_FNR}"},
        ("privacy.national_id", "beskrivelse", None, None),
        "rad 3, kolonne 'beskrivelse': ",
    ),
    "duplicate number": (
        {"id": "T1"},
        ("sheet.ref_repeated", "id", "ref", "T1"),
        "rad 3, kolonne 'id', verdi «T1»: tiltaksnummeret 'T1' står også i rad 2",
    ),
    "unknown status": (
        {"status": "kanskje"},
        ("measure.status_unknown", "status", "status", "kanskje"),
        "rad 3, kolonne 'status', verdi «kanskje»: ukjent status 'kanskje'; bruk planlagt, pågår",
    ),
    "progress not a number": (
        {"fremdrift": "mye"},
        ("field.int_parsing", "fremdrift", "progress", "mye"),
        "rad 3, kolonne 'fremdrift', verdi «mye»: må være et heltall",
    ),
    "progress out of range": (
        {"fremdrift": "140 %"},
        ("field.less_than_equal", "fremdrift", "progress", "140 %"),
        "rad 3, kolonne 'fremdrift', verdi «140 %»: kan være høyst 100",
    ),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_bad_row_is_named_and_nothing_is_stored(engine, tmp_path: Path, case: str) -> None:
    change, (code, column, field, value), words = BAD_ROWS[case]
    rows = _rows(3)
    rows[1].update(change)
    path = write(tmp_path / "tiltak.csv", csv_text(rows))
    with session_scope(engine) as session:
        make_plan(session)
    before = row_counts(engine)
    with pytest.raises(ImportErrors) as err, session_scope(engine) as session:
        sheets.import_measures_file(session, find_plan(session, SLUG), path)
    assert str(err.value).startswith(f"{path}: 1 feil, ingenting ble lagret: ")
    assert words in str(err.value) and VALID_FNR not in str(err.value)
    assert row_counts(engine) == before
    [error] = err.value.errors
    assert error.code == code
    assert error.location == Location(str(path), row=3, column=column, field=field, value=value)


@pytest.mark.parametrize(
    ("text", "code", "location", "words"),
    [
        (
            "id;tiltak;ansvarlig_enhet\nT1;Kurs;grunnskole\n",
            "sheet.column_missing",
            Location("tiltak.csv", row=1),
            "rad 1: overskriftsraden mangler kolonne: Innsatsområde",
        ),
        (
            "Ansvarlig;Tiltak;Nr;Innsatsområde;Ansvarlig enhet\nPPT;Kurs;1;A;PPT\n",
            "sheet.column_repeated",
            Location("tiltak.csv", row=1, column="Ansvarlig enhet", field="owner"),
            "kolonnen 'Ansvarlig enhet' betyr det samme som 'Ansvarlig'",
        ),
        (
            "id;innsatsområde;tiltak;ansvarlig_enhet\n",
            "sheet.no_measures",
            Location("tiltak.csv"),
            "arket har ingen tiltak under overskriftsraden",
        ),
        ("", "sheet.header_missing", Location("tiltak.csv"), "fant ingen overskriftsrad"),
        (
            "Handlingsplan\nbare tekst\n",
            "sheet.header_missing",
            Location("tiltak.csv"),
            "kjente kolonner: Nr, Innsatsområde, Tiltak",
        ),
    ],
)
def test_a_file_that_is_no_measures_sheet_is_refused(
    engine, text: str, code: str, location: Location, words: str
) -> None:
    with session_scope(engine) as session:
        plan = make_plan(session)
        with pytest.raises(ValidationError) as err:
            sheets.import_measures(session, plan, text.encode(), "tiltak.csv")
    assert (err.value.code, err.value.location) == (code, location)
    assert words in str(err.value)


def test_unknown_columns_are_reported_and_ignored_and_short_rows_name_what_is_missing(
    engine,
) -> None:
    text = "id;innsatsområde;tiltak;ansvarlig_enhet;farge\nT1;A;Kurs;grunnskole;rød\nT2;A;Kurs\n"
    with session_scope(engine) as session:
        report = sheets.preview_measures(session, make_plan(session), text, "tiltak.csv")
    assert [(c.letter, c.header) for c in report.ignored] == [("E", "farge")]
    assert [(r.ref, r.action) for r in report.rows] == [("T1", "new"), ("T2", "refused")]
    [error] = report.errors
    assert str(error) == "tiltak.csv, rad 3, kolonne 'ansvarlig_enhet': mangler"


def test_bad_file_on_disk_is_named_by_its_path(engine, tmp_path: Path) -> None:
    path = write(tmp_path / "tiltak.csv", "id;tiltak\nT1;Kurs\n", "utf-8")
    with session_scope(engine) as session:
        plan = make_plan(session)
        with pytest.raises(PlanvaktError) as err:
            sheets.import_measures_file(session, plan, path)
    assert (
        str(err.value)
        == f"{path}, rad 1: overskriftsraden mangler kolonne: Innsatsområde, Ansvarlig"
    )
    assert err.value.location == Location(str(path), row=1)
    assert err.value.params == {"columns": ["Innsatsområde", "Ansvarlig"]}


def test_a_missing_file_is_named(engine, tmp_path: Path) -> None:
    with session_scope(engine) as session:
        plan = make_plan(session)
        with pytest.raises(ValidationError) as err:
            sheets.import_measures_file(session, plan, tmp_path / "finnes-ikke.xlsx")
    assert err.value.code == "file.not_found"
