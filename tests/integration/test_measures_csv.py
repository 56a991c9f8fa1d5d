"""Measures from spreadsheets (a file, text or uploaded bytes): BOM, semicolon or comma,
Norwegian dates; all or nothing; every error with its row, column and field as data."""

from datetime import date
from pathlib import Path

import pytest

from models import Measure
from planvakt.core.db import session_scope
from planvakt.core.errors import ImportErrors, Location, PlanvaktError, ValidationError
from planvakt.exchange import measures as measures_csv
from tests.factories import VALID_FNR, make_plan, row_counts, write
from tests.factories import measures_csv as csv_text

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
        for i in range(1, 41)
    ]


def _import(session, plan, tmp_path: Path, text: str, given_as: str, encoding: str = "utf-8"):
    """Import a sheet given as a file, as text or as bytes (an upload)."""
    if given_as == "file":
        return measures_csv.import_measures_file(
            session, plan, write(tmp_path / "tiltak.csv", text, encoding)
        )
    data = text if given_as == "text" else text.encode(encoding)
    return measures_csv.import_measures(session, plan, data, "tiltak.csv")


@pytest.mark.parametrize("given_as", ["file", "text", "bytes"])
@pytest.mark.parametrize(("delimiter", "bom"), [(";", True), (",", False), (";", False)])
def test_forty_measures_with_norwegian_dates_import(
    engine, tmp_path: Path, delimiter: str, bom: bool, given_as: str
) -> None:
    text = csv_text(_rows(40), delimiter=delimiter, bom=bom)
    with session_scope(engine) as session:
        plan = make_plan(session)
        result = _import(session, plan, tmp_path, text, given_as)
        assert (result.created, result.updated) == (40, 0)
        measures = {m.ref: m for m in plan.current_edition.measures}
        t1 = measures["T1"]
        assert (t1.start_date, t1.deadline, t1.status, t1.progress) == (
            date(2027, 1, 2),
            date(2027, 12, 2),
            "in_progress",
            7,
        )
        assert t1.owner.key == "barnevern"  # matched by name
        assert measures["T2"].description == "Beskrivelse av tiltak 2, med komma"


def test_reimport_updates_changed_measures_only(engine, tmp_path: Path) -> None:
    rows = _rows(3)
    with session_scope(engine) as session:
        plan = make_plan(session)
        measures_csv.import_measures_file(session, plan, write(tmp_path / "a.csv", csv_text(rows)))
        rows[1]["frist"] = "31.12.2028"
        result = measures_csv.import_measures(session, plan, csv_text(rows).encode(), "b.csv")
        assert (result.created, result.updated) == (0, 1)
        assert session.get(Measure, plan.current_edition.measures[1].id).deadline == date(
            2028, 12, 31
        )


# case: (change to row 3, code, column, field, words of the message)
BAD_ROWS = {
    "wrong date format": (
        {"frist": "2027/12/31"},
        "field.value_error",
        "frist",
        "deadline",
        r"rad 3, felt 'frist'.*ugyldig dato '2027/12/31'",
    ),
    "impossible date": (
        {"start": "30.02.2027"},
        "field.value_error",
        "start",
        "start_date",
        r"rad 3, felt 'start'.*finnes ikke",
    ),
    "deadline before start": (
        {"start": "01.06.2027", "frist": "01.05.2027"},
        "field.value_error",
        None,
        None,
        r"rad 3.*fristen 01.05.2027 er før start",
    ),
    "unknown service": (
        {"ansvarlig_enhet": "brannvesenet"},
        "csv.owner_unknown",
        "ansvarlig_enhet",
        "owner",
        r"rad 3, felt 'ansvarlig_enhet'.*ukjent tjeneste 'brannvesenet'",
    ),
    "empty title": (
        {"tiltak": " "},
        "field.string_too_short",
        "tiltak",
        "title",
        r"rad 3, felt 'tiltak'.*kan ikke være tom",
    ),
    "over-long text": (
        {"tiltak": "y" * 250},
        "field.string_too_long",
        "tiltak",
        "title",
        r"rad 3, felt 'tiltak'.*for lang",
    ),
    "fødselsnummer": (
        {"beskrivelse": f"Oppfølging av {VALID_FNR}"},
        "privacy.national_id",
        "beskrivelse",
        "description",
        r"rad 3, felt 'beskrivelse'.*fødselsnummer",
    ),
    "duplicate id": (
        {"id": "T1"},
        "csv.ref_repeated",
        "id",
        "ref",
        r"rad 3, felt 'id'.*tiltaks-id 'T1' står også i rad 2",
    ),
    "unknown status": (
        {"status": "kanskje"},
        "field.value_error",
        "status",
        "status",
        r"rad 3, felt 'status'.*ukjent status 'kanskje'",
    ),
    "progress not a number": (
        {"fremdrift": "mye"},
        "field.int_parsing",
        "fremdrift",
        "progress",
        r"rad 3, felt 'fremdrift': må være et heltall",
    ),
    "progress out of range": (
        {"fremdrift": "140 %"},
        "field.less_than_equal",
        "fremdrift",
        "progress",
        r"rad 3, felt 'fremdrift': kan være høyst 100",
    ),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_bad_row_is_named_and_nothing_is_stored(engine, tmp_path: Path, case: str) -> None:
    change, code, column, field, expected = BAD_ROWS[case]
    rows = _rows(3)
    rows[1].update(change)
    path = write(tmp_path / "tiltak.csv", csv_text(rows))
    with session_scope(engine) as session:
        make_plan(session)
    before = row_counts(engine)
    with pytest.raises(ImportErrors, match=expected) as err, session_scope(engine) as session:
        from planvakt.services.plans import find_plan

        measures_csv.import_measures_file(session, find_plan(session, "3911-faerder-2027"), path)
    assert "tiltak.csv" in str(err.value) and VALID_FNR not in str(err.value)
    assert row_counts(engine) == before
    [error] = err.value.errors
    assert error.code == code
    assert error.location == Location(str(path), row=3, column=column, field=field)


def test_every_bad_row_is_listed_with_its_own_row_and_column(engine) -> None:
    rows = _rows(4)
    rows[0]["frist"] = "i morgen"
    rows[2]["fremdrift"] = "mye"
    rows[3]["ansvarlig_enhet"] = "brannvesenet"
    with session_scope(engine) as session:
        plan = make_plan(session)
        with pytest.raises(ImportErrors) as err:
            measures_csv.import_measures(session, plan, csv_text(rows).encode(), "opplastet.csv")
    # Row errors are found first; owners are checked when every row reads.
    found = [(e.code, e.location.row, e.location.column) for e in err.value.errors if e.location]
    assert found == [("field.value_error", 2, "frist"), ("field.int_parsing", 4, "fremdrift")]
    assert str(err.value).startswith("opplastet.csv: 2 feil, ingenting ble lagret: rad 2, ")


@pytest.mark.parametrize(
    ("text", "encoding", "code", "location", "expected"),
    [
        (
            "id;innsatsområde;tiltak;ansvarlig_enhet\nT1;Område;Kurs i Ålesund;grunnskole\n",
            "cp1252",
            "file.not_utf8",
            Location("tiltak.csv", line=1),
            r"linje 1: filen er ikke UTF-8",
        ),
        (
            "id;tiltak;ansvarlig_enhet\nT1;Kurs;grunnskole\n",
            "utf-8",
            "csv.column_missing",
            Location("tiltak.csv", row=1),
            "mangler kolonne: innsatsomrade",
        ),
        (
            "id;innsatsområde;tiltak;ansvarlig_enhet;farge\nT1;A;Kurs;grunnskole;rød\n",
            "utf-8",
            "csv.column_unknown",
            Location("tiltak.csv", row=1, column="farge"),
            "ukjent kolonne 'farge'",
        ),
        (
            "id;innsatsområde;tiltak;ansvarlig_enhet\nT1;A;Kurs\n",
            "utf-8",
            "csv.column_count",
            Location("tiltak.csv", row=2),
            "rad 2: har 3 kolonner, overskriften har 4",
        ),
        ("", "utf-8", "file.empty", Location("tiltak.csv"), "filen er tom"),
    ],
)
def test_bad_file_is_refused(
    engine, text: str, encoding: str, code: str, location: Location, expected: str
) -> None:
    with session_scope(engine) as session:
        plan = make_plan(session)
        with pytest.raises(ValidationError, match=expected) as err:
            measures_csv.import_measures(session, plan, text.encode(encoding), "tiltak.csv")
    error = err.value.errors[0] if err.value.errors else err.value
    assert error.code == code
    assert error.location == location


def test_bad_file_on_disk_is_named_by_its_path(engine, tmp_path: Path) -> None:
    path = write(tmp_path / "tiltak.csv", "id;tiltak\n", "utf-8")
    with session_scope(engine) as session:
        plan = make_plan(session)
        with pytest.raises(PlanvaktError, match="tiltak.csv, rad 1: mangler kolonne") as err:
            measures_csv.import_measures_file(session, plan, path)
    assert err.value.location == Location(str(path), row=1)
    assert err.value.params == {"columns": ["innsatsomrade", "ansvarlig_enhet"]}
