"""Measures from spreadsheets: BOM, semicolon or comma, Norwegian dates; all or nothing."""

from datetime import date
from pathlib import Path

import pytest

from models import Measure
from planvakt.core.db import session_scope
from planvakt.core.errors import PlanvaktError
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


@pytest.mark.parametrize(("delimiter", "bom"), [(";", True), (",", False), (";", False)])
def test_forty_measures_with_norwegian_dates_import(
    engine, tmp_path: Path, delimiter: str, bom: bool
) -> None:
    path = write(tmp_path / "tiltak.csv", csv_text(_rows(40), delimiter=delimiter, bom=bom))
    with session_scope(engine) as session:
        plan = make_plan(session)
        result = measures_csv.import_measures(session, plan, path)
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
        measures_csv.import_measures(session, plan, write(tmp_path / "a.csv", csv_text(rows)))
        rows[1]["frist"] = "31.12.2028"
        result = measures_csv.import_measures(
            session, plan, write(tmp_path / "b.csv", csv_text(rows))
        )
        assert (result.created, result.updated) == (0, 1)
        assert session.get(Measure, plan.current_edition.measures[1].id).deadline == date(
            2028, 12, 31
        )


BAD_ROWS = {
    "wrong date format": (
        {"frist": "2027/12/31"},
        r"rad 3, felt 'frist'.*ugyldig dato '2027/12/31'",
    ),
    "impossible date": ({"start": "30.02.2027"}, r"rad 3, felt 'start'.*finnes ikke"),
    "deadline before start": (
        {"start": "01.06.2027", "frist": "01.05.2027"},
        r"rad 3.*fristen 01.05.2027 er før start",
    ),
    "unknown service": (
        {"ansvarlig_enhet": "brannvesenet"},
        r"rad 3, felt 'ansvarlig_enhet'.*ukjent tjeneste 'brannvesenet'",
    ),
    "empty title": ({"tiltak": " "}, r"rad 3, felt 'tiltak'.*kan ikke være tom"),
    "over-long text": ({"tiltak": "y" * 250}, r"rad 3, felt 'tiltak'.*for lang"),
    "fødselsnummer": (
        {"beskrivelse": f"Oppfølging av {VALID_FNR}"},
        r"rad 3, felt 'beskrivelse'.*fødselsnummer",
    ),
    "duplicate id": ({"id": "T1"}, r"rad 3, felt 'id'.*tiltaks-id 'T1' står også i rad 2"),
    "unknown status": ({"status": "kanskje"}, r"rad 3, felt 'status'.*ukjent status 'kanskje'"),
    "progress not a number": ({"fremdrift": "mye"}, r"rad 3, felt 'fremdrift'"),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_bad_row_is_named_and_nothing_is_stored(engine, tmp_path: Path, case: str) -> None:
    change, expected = BAD_ROWS[case]
    rows = _rows(3)
    rows[1].update(change)
    path = write(tmp_path / "tiltak.csv", csv_text(rows))
    with session_scope(engine) as session:
        make_plan(session)
    before = row_counts(engine)
    with pytest.raises(PlanvaktError, match=expected) as err, session_scope(engine) as session:
        from planvakt.services.plans import find_plan

        measures_csv.import_measures(session, find_plan(session, "3911-faerder-2027"), path)
    assert "tiltak.csv" in str(err.value) and VALID_FNR not in str(err.value)
    assert row_counts(engine) == before


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        (
            "id;innsatsområde;tiltak;ansvarlig_enhet\nT1;Område;Kurs i Ålesund;grunnskole\n",
            "cp1252",
            r"linje 1: filen er ikke UTF-8",
        ),
        (
            "id;tiltak;ansvarlig_enhet\nT1;Kurs;grunnskole\n",
            "utf-8",
            "mangler kolonne: innsatsomrade",
        ),
        (
            "id;innsatsområde;tiltak;ansvarlig_enhet;farge\nT1;A;Kurs;grunnskole;rød\n",
            "utf-8",
            "ukjent kolonne 'farge'",
        ),
        (
            "id;innsatsområde;tiltak;ansvarlig_enhet\nT1;A;Kurs\n",
            "utf-8",
            "rad 2: har 3 kolonner, overskriften har 4",
        ),
        ("", "utf-8", "filen er tom"),
    ],
)
def test_bad_file_is_refused(
    engine, tmp_path: Path, text: str, encoding: str, expected: str
) -> None:
    path = write(tmp_path / "tiltak.csv", text, encoding)
    with session_scope(engine) as session:
        plan = make_plan(session)
        with pytest.raises(PlanvaktError, match=expected):
            measures_csv.import_measures(session, plan, path)
