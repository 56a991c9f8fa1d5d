"""Export → import → export: nothing changes, nothing is audited, and the second export is
the first (byte for byte as CSV, cell by cell as .xlsx), formula-like text included."""

import io
from datetime import date, datetime

import openpyxl
import pytest

from models import Service
from planvakt.core.db import session_scope
from planvakt.exchange import measures as sheets
from planvakt.services.plans import find_plan
from tests.factories import make_plan, row_counts, sheet_csv

SLUG = "3911-faerder-2027"
HEADER = ["Nr", "Innsatsområde", "Tiltak", "Beskrivelse", "Ansvarlig", "Samarbeidspartnere"]
HEADER += ["Start", "Frist", "Ressurser", "Indikator", "Status", "Fremdrift"]
SHEET = sheet_csv(
    [
        HEADER,
        ["T10", "Samarbeid", "Møteplass", "", "Kultur og fritid", "", "", "", "NOK 20 000"]
        + ["Antall møter; mål 4", "utsatt", "55 %"],
        ["T2", "Kunnskap", 'Kurs «Trygg» og "Ung"; del 1', "Linje 1\nLinje 2", "Politirådet"]
        + ["PPT; NAV", "01.02.2027", "30.06.2027", "", "", "pågår", "40 %"],
        ["T1", "Kunnskap", "=SUM(A1:A9)", "+47 99 99 99 99", "SLT-koordinator", "-barnevern"]
        + ["04.01.2027", "31.12.2027", "@kommune", "", "planlagt", "0 %"],
        ["T3", "Forebygging", "''=allerede sitert", "", "Grunnskole", "", "", "", "", ""]
        + ["fullført", "100 %"],
        ["T4", "Forebygging", "Nettverk", "", "Enhet for oppvekst", "", "", "01.03.2027", ""]
        + ["", "avsluttet", "0 %"],
    ]
)


def _import(engine, data: bytes | str, name: str, slug: str = SLUG) -> sheets.ImportReport:
    with session_scope(engine) as session:
        return sheets.import_measures(session, find_plan(session, slug), data, name)


def _export(engine, fmt: str, slug: str = SLUG) -> bytes:
    with session_scope(engine) as session:
        return sheets.export_measures(session, find_plan(session, slug), fmt)


@pytest.fixture
def plan(engine) -> None:
    with session_scope(engine) as session:
        make_plan(session)
    _import(engine, SHEET, "tiltak.csv")


def _cells(data: bytes) -> list[list[tuple[object, ...]]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Tiltak"]
    return [
        [(c.value, c.number_format, c.data_type, c.quotePrefix) for c in row]
        for row in sheet.iter_rows()
    ]


def test_csv_export_reads_in_excel_and_neutralises_formula_like_text(engine, plan) -> None:
    with session_scope(engine) as session:
        stored = {m.ref: m for m in find_plan(session, SLUG).current_edition.measures}
        assert (stored["T1"].title, stored["T1"].description) == ("=SUM(A1:A9)", "+47 99 99 99 99")
        assert stored["T3"].title == "'=allerede sitert"  # a CSV's '= is an exported =
    data = _export(engine, "csv")
    assert data.startswith(b"\xef\xbb\xbfNr;Innsats")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ";".join(["Nr", "Innsatsområde", "Tiltak"] + HEADER[3:])
    assert [line.split(";")[0] for line in lines[1:] if line[:1] == "T"] == [
        "T1",
        "T2",
        "T3",
        "T4",
        "T10",
    ]
    assert lines[1] == (
        "T1;Kunnskap;'=SUM(A1:A9);'+47 99 99 99 99;SLT-koordinator;'-barnevern;"
        "04.01.2027;31.12.2027;'@kommune;;planlagt;0 %"
    )
    assert '"Kurs «Trygg» og ""Ung""; del 1";"Linje 1\nLinje 2"' in data.decode("utf-8-sig")
    assert "\r\nT3;Forebygging;''=allerede sitert;;Grunnskole;" in data.decode("utf-8-sig")


def test_csv_round_trip_changes_nothing_and_is_byte_identical(engine, plan) -> None:
    first = _export(engine, "csv")
    before = row_counts(engine)
    report = _import(engine, first, "tiltak.csv")
    assert [(r.ref, r.action) for r in report.rows] == [
        (ref, "unchanged") for ref in ("T1", "T2", "T3", "T4", "T10")
    ]
    assert (report.new_units, report.errors, report.untouched) == ([], [], 0)
    assert row_counts(engine) == before  # no measure, unit or audit entry added
    assert _export(engine, "csv") == first


def test_xlsx_round_trip_changes_nothing_and_is_equal_cell_by_cell(engine, plan) -> None:
    first = _export(engine, "xlsx")
    before = row_counts(engine)
    report = _import(engine, first, "tiltak.xlsx")
    assert {r.action for r in report.rows} == {"unchanged"} and len(report.rows) == 5
    assert row_counts(engine) == before
    cells = _cells(first)
    assert _cells(_export(engine, "xlsx")) == cells
    t1, t3 = cells[1], cells[3]
    assert t1[2] == ("=SUM(A1:A9)", "General", "s", True)  # text, never a formula
    assert t3[2] == ("'=allerede sitert", "General", "s", False)
    assert t1[6][:2] == (datetime(2027, 1, 4), "dd.mm.yyyy")
    assert [row[11][:2] for row in cells[1:]] == [
        (0, "0%"),
        (0.4, "0%"),
        (1, "0%"),
        (0, "0%"),
        (0.55, "0%"),
    ]


def test_xlsx_export_has_real_dates_and_a_frozen_filtered_header(engine, plan) -> None:
    book = openpyxl.load_workbook(io.BytesIO(_export(engine, "xlsx")))
    sheet = book["Tiltak"]
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A2", "A1:L6")
    assert all(cell.font.b for cell in sheet[1])
    start = sheet["G2"]
    assert (start.is_date, start.value.date(), start.number_format) == (
        True,
        date(2027, 1, 4),
        "dd.mm.yyyy",
    )
    assert sheet["D3"].value == "Linje 1\nLinje 2" and sheet["D3"].alignment.wrap_text


def test_an_export_imports_into_a_plan_of_another_municipality(engine, plan) -> None:
    first = _export(engine, "csv")
    with session_scope(engine) as session:
        make_plan(session, municipality_numbers=["0301"], slug="oslo")
    report = _import(engine, first, "tiltak.csv", slug="oslo")
    assert (report.created, report.new_units) == (5, ["Enhet for oppvekst"])
    assert _export(engine, "csv", slug="oslo") == first


def test_a_partner_municipalitys_unit_keeps_its_municipality_through_a_round_trip(engine) -> None:
    rows = [HEADER[:5], ["1", "A", "Kurs", "", "Grunnskole (Sandefjord)"]]
    rows += [["2", "A", "Kurs", "", "Grunnskole"]]
    with session_scope(engine) as session:
        make_plan(session, municipality_numbers=["3911", "3907"], slug="vestfold")
        session.add(Service(municipality_number="3907", key="grunnskole", name="Grunnskole"))
    _import(engine, sheet_csv(rows), "tiltak.csv", slug="vestfold")
    with session_scope(engine) as session:
        measures = find_plan(session, "vestfold").current_edition.measures
        owners = {m.ref: m.owner.municipality_number for m in measures}
    assert owners == {"1": "3907", "2": "3911"}
    first = _export(engine, "csv", slug="vestfold")
    assert ";Grunnskole (Sandefjord);" in first.decode("utf-8-sig")
    report = _import(engine, first, "tiltak.csv", slug="vestfold")
    assert {r.action for r in report.rows} == {"unchanged"}
    assert _export(engine, "csv", slug="vestfold") == first
