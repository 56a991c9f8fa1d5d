"""The review of the spreadsheet import (issue 10): a re-import keeps what the sheet has no
column for, per-part limits keep a workbook's styles and strings from costing memory, sheet
names are checked for fødselsnumre, Mac and broken CSV files are refused, headers with «(…)»
and «/» are read, sum rows are skipped, merged Innsatsområde cells are filled down, Excel's
dates and numbers in Nr are caught, and a password-protected workbook is named as one.

Every large file here is built at test time (compressed where it is a workbook)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from models import Measure, Role, Service
from planvakt.cli.app import main
from planvakt.core.db import session_scope
from planvakt.core.errors import ImportErrors, PrivacyError, ValidationError
from planvakt.core.messages import error_payload
from planvakt.exchange import measures as sheets
from planvakt.exchange.measure_sheet import read_measure_sheet
from planvakt.services.plans import find_plan
from tests.factories import VALID_FNR, make_plan, row_counts, sheet_csv, workbook
from tests.web.conftest import add_user, csrf, log_in

SLUG = "3911-faerder-2027"
HEADER = ["Nr", "Innsatsområde", "Tiltak", "Ansvarlig"]
FULL_HEADER = [
    "Nr",
    "Innsatsområde",
    "Tiltak",
    "Beskrivelse",
    "Ansvarlig",
    "Samarbeidspartnere",
    "Start",
    "Frist",
    "Ressurser",
    "Indikator",
    "Status",
    "Fremdrift",
]
FULL_ROW = [
    "1.1",
    "Kunnskap og kompetanse",
    "Kompetanseheving for ansatte",
    "Kurs om radikalisering og bekymringsrutiner",
    "Grunnskole",
    "Barnehage, RVTS Sør",
    "01.09.2026",
    "30.06.2027",
    "Innenfor driftsbudsjett",
    "Andel ansatte som har tatt kurs",
    "pågår",
    "40 %",
]
KEPT = {
    "description": "Kurs om radikalisering og bekymringsrutiner",
    "partners": "Barnehage, RVTS Sør",
    "start_date": date(2026, 9, 1),
    "deadline": date(2027, 6, 30),
    "resources": "Innenfor driftsbudsjett",
    "indicator": "Andel ansatte som har tatt kurs",
    "status": "in_progress",
    "progress": 40,
}


def _imported(engine, *sheets_: str | bytes) -> None:
    """A Færder plan with each sheet imported in turn."""
    with session_scope(engine) as session:
        plan = make_plan(session)
        for n, data in enumerate(sheets_):
            sheets.import_measures(session, plan, data, f"ark{n}.csv")


def _stored(engine, ref: str = "1.1") -> dict[str, object]:
    with session_scope(engine) as session:
        measure = next(m for m in find_plan(session, SLUG).current_edition.measures if m.ref == ref)
        return {name: getattr(measure, name) for name in KEPT}


def _preview(engine, data: str | bytes, name: str = "tiltak.csv", sheet: str | None = None):
    with session_scope(engine) as session:
        return sheets.preview_measures(session, find_plan(session, SLUG), data, name, sheet)


def _refused(engine, data: str | bytes, name: str, sheet: str | None = None) -> ValidationError:
    """The one error an import of ``data`` gives; nothing is stored."""
    with session_scope(engine) as session:
        make_plan(session)
    before = row_counts(engine)
    with pytest.raises(ValidationError) as err, session_scope(engine) as session:
        sheets.import_measures(session, find_plan(session, SLUG), data, name, sheet)
    assert row_counts(engine) == before
    assert "\n" not in str(err.value)
    return err.value


# --- 1. a re-import updates only the columns the sheet has -------------------------------

PARTIAL = {
    "only the required columns": (HEADER, ["1.1", "Kunnskap og kompetanse", "Ny tittel", "PPT"]),
    "a deadline column named so that planvakt does not know it": (
        [*HEADER, "Dato for ferdigstillelse"],
        ["1.1", "Kunnskap og kompetanse", "Ny tittel", "PPT", "01.01.2030"],
    ),
}


@pytest.mark.parametrize("case", list(PARTIAL))
def test_a_reimport_without_optional_columns_leaves_their_fields_as_they_are(
    engine, case: str
) -> None:
    header, row = PARTIAL[case]
    _imported(engine, sheet_csv([FULL_HEADER, FULL_ROW]))
    report = _preview(engine, sheet_csv([header, row]))
    [outcome] = report.rows
    assert outcome.action == "changed"
    assert [c.field for c in outcome.changes] == ["title", "owner"]  # the preview says so
    with session_scope(engine) as session:
        sheets.import_measures(session, find_plan(session, SLUG), sheet_csv([header, row]), "b")
    assert _stored(engine) == KEPT


def test_a_blank_cell_in_a_column_the_sheet_has_still_clears_its_field(engine) -> None:
    _imported(engine, sheet_csv([FULL_HEADER, FULL_ROW]))
    header = [*HEADER, "Beskrivelse", "Status", "Fremdrift"]
    data = sheet_csv(
        [header, ["1.1", "Kunnskap og kompetanse", FULL_ROW[2], "Grunnskole", "", "", ""]]
    )
    [outcome] = _preview(engine, data).rows
    assert {(c.field, c.new) for c in outcome.changes} == {
        ("description", ""),
        ("status", "planlagt"),
        ("progress", "0"),
    }
    with session_scope(engine) as session:
        sheets.import_measures(session, find_plan(session, SLUG), data, "b.csv")
    assert _stored(engine) == {**KEPT, "description": None, "status": "planned", "progress": 0}


def test_a_new_measure_from_a_partial_sheet_gets_the_defaults(engine) -> None:
    _imported(engine, sheet_csv([HEADER, ["2.1", "Samarbeid", "Dialogmøter", "PPT"]]))
    assert _stored(engine, "2.1") == {name: None for name in KEPT} | {
        "status": "planned",
        "progress": 0,
    }


def test_a_deadline_alone_may_not_come_before_the_start_the_measure_keeps(engine) -> None:
    _imported(engine, sheet_csv([FULL_HEADER, FULL_ROW]))
    data = sheet_csv([[*HEADER, "Frist"], [*FULL_ROW[:3], "Grunnskole", "01.01.2026"]])
    [outcome] = _preview(engine, data).rows
    assert outcome.action == "refused"
    [error] = outcome.errors
    assert (error.code, error.location.row, error.location.column) == (
        "measure.deadline_before_start",
        2,
        "Frist",
    )
    with pytest.raises(ImportErrors), session_scope(engine) as session:
        sheets.import_measures(session, find_plan(session, SLUG), data, "b.csv")
    assert _stored(engine) == KEPT


# --- 2. per-part limits of a workbook ------------------------------------------------------


def _patched(data: bytes, change: Callable[[str, bytes], tuple[str, bytes]]) -> bytes:
    """The workbook with its members renamed or changed (compressed, as Excel would)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(*change(info.filename, source.read(info.filename)))
    return out.getvalue()


def _book() -> bytes:
    return workbook(("Tiltak", [HEADER, ["T1", "Samarbeid", "Kurs", "PPT"]]))


def _styles_bomb() -> bytes:
    """380 000 style entries in 23 MB took 780 MB of memory; 45 000 are over the limit."""
    xfs = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' * 45_000

    def change(name: str, content: bytes) -> tuple[str, bytes]:
        if name == "xl/styles.xml":
            content = content.replace(b"</cellXfs>", xfs + b"</cellXfs>")
        return name, content

    return _patched(_book(), change)


def _strings_bomb(part: str) -> Callable[[], bytes]:
    """11 MB of shared strings, in the usual part or one of another name (the content types
    and the workbook's relationships name it, as they name any part)."""
    strings = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"<si><t>a</t></si>" * 650_000
        + b"</sst>"
    )
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"

    def build() -> bytes:
        def change(name: str, content: bytes) -> tuple[str, bytes]:
            if name == "[Content_Types].xml":
                override = f'<Override PartName="/{part}" ContentType="{kind}"/></Types>'
                content = content.replace(b"</Types>", override.encode())
            if name == "xl/_rels/workbook.xml.rels":
                target = part.removeprefix("xl/")
                link = f'<Relationship Id="rIdS" Type="{relation}" Target="{target}"/>'
                content = content.replace(b"</Relationships>", link.encode() + b"</Relationships>")
            return name, content

        data = _patched(_book(), change)
        out = io.BytesIO(data)
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(part, strings)
        return out.getvalue()

    return build


def _workbook_bomb() -> bytes:
    def change(name: str, content: bytes) -> tuple[str, bytes]:
        if name == "xl/workbook.xml":
            content = content.replace(
                b"</workbook>", b"<!--" + b"x" * 1_200_000 + b"--></workbook>"
            )
        return name, content

    return _patched(_book(), change)


PART_BOMBS = {
    "styles": (_styles_bomb, "xl/styles.xml", "høyst 2 MB"),
    "shared strings": (
        _strings_bomb("xl/sharedStrings.xml"),
        "xl/sharedStrings.xml",
        "høyst 10 MB",
    ),
    "shared strings renamed": (_strings_bomb("xl/tekster.xml"), "xl/tekster.xml", "høyst 10 MB"),
    "workbook part": (_workbook_bomb, "xl/workbook.xml", "høyst 1 MB"),
}


@pytest.mark.parametrize("case", list(PART_BOMBS))
def test_a_workbook_part_over_its_own_limit_is_refused_before_it_is_read(engine, case: str) -> None:
    build, part, words = PART_BOMBS[case]
    data = build()
    assert len(data) < 200_000  # small as a file, under the 25 MB unpacked in all
    error = _refused(engine, data, "tiltak.xlsx")
    assert (error.code, error.params["part"]) == ("sheet.part_too_large", part)
    assert part in str(error) and words in str(error)


# --- 3. a fødselsnummer in a sheet name ---------------------------------------------------

PERSONAL_SHEET = f"Elev {VALID_FNR}"


@pytest.mark.parametrize("asked", [None, "Tiltak", "Finnes ikke", PERSONAL_SHEET])
def test_a_sheet_named_with_a_fodselsnummer_refuses_the_workbook_and_never_names_it(
    engine, asked: str | None
) -> None:
    data = workbook(
        ("Tiltak", [HEADER, ["T1", "Samarbeid", "Kurs", "PPT"]]), (PERSONAL_SHEET, [["notat"]])
    )
    error = _refused(engine, data, "tiltak.xlsx", asked)
    assert isinstance(error, PrivacyError)
    assert (error.code, error.params) == ("privacy.national_id", {"field": "arknavn"})
    assert "feltet 'arknavn' inneholder et fødselsnummer" in str(error)
    for shown in (str(error), json.dumps(error_payload(error, "nb"), ensure_ascii=False)):
        assert VALID_FNR not in shown and "Elev" not in shown


def test_the_dashboard_never_shows_a_sheet_name_with_a_fodselsnummer(engine) -> None:
    from planvakt.web.app import create_app

    with session_scope(engine) as session:
        make_plan(session)
    add_user(engine, "koord", Role.COORDINATOR)
    data = workbook(("Tiltak", [HEADER, ["T1", "A", "Kurs", "PPT"]]), (PERSONAL_SHEET, [["x"]]))
    with TestClient(create_app()) as client:
        log_in(client, "koord")
        page = client.post(
            f"/planer/{SLUG}/tiltak/last-opp",
            data={"csrftoken": csrf(client, "/"), "sheet": ""},
            files={"file": ("tiltak.xlsx", data, "application/octet-stream")},
        ).text
    assert "arknavn" in page and VALID_FNR not in page


def test_the_dashboard_never_echoes_a_fodselsnummer_typed_as_the_sheet(engine) -> None:
    from planvakt.web.app import create_app

    with session_scope(engine) as session:
        make_plan(session)
    add_user(engine, "koord", Role.COORDINATOR)
    data = workbook(("Tiltak", [HEADER, ["T1", "A", "Kurs", "PPT"]]))
    with TestClient(create_app()) as client:
        log_in(client, "koord")
        response = client.post(
            f"/planer/{SLUG}/tiltak/last-opp",
            data={"csrftoken": csrf(client, "/"), "sheet": PERSONAL_SHEET},
            files={"file": ("tiltak.xlsx", data, "application/octet-stream")},
        )
    assert response.status_code == 422
    assert VALID_FNR not in response.text and "arknavn" in response.text


# --- 4. and 5. CSV in a Mac encoding, and a quote that never closes ------------------------

MAC_TEXT = "Nr;Tema;Tiltak;Ansvarlig\n6.1;Forebygging i Færder;Møte med ungdom på Nøtterøy;PPT\n"


def test_a_mac_roman_csv_is_refused_as_another_encoding(engine) -> None:
    error = _refused(engine, MAC_TEXT.encode("mac_roman"), "tiltak.csv")
    assert (error.code, error.location.line) == ("sheet.encoding_mac", 2)
    assert "annen tegnkoding (Mac)" in str(error) and "«CSV UTF-8»" in str(error)


def test_windows_1252_with_signs_beside_words_is_read_as_windows_1252() -> None:
    text = "Nr;Innsatsområde;Tiltak;Ansvarlig;Ressurser\nT1;Økonomi;Kurs i Teams®;PPT;¾ stilling\n"
    sheet = read_measure_sheet(text.encode("cp1252"), "tiltak.csv")
    assert sheet.read_as.encoding == "Windows-1252"
    assert [(m.focus_area, m.title, m.resources) for _, m in sheet.measures] == [
        ("Økonomi", "Kurs i Teams®", "¾ stilling")
    ]


def test_a_quote_that_never_closes_is_refused_naming_the_row_where_it_opened(engine) -> None:
    text = 'Nr;Område;Tiltak;Ansvarlig\n1;Samarbeid;Kurs;PPT\n2;"Samarbeid;Kurs;PPT\n3;A;B;PPT\n'
    error = _refused(engine, text, "tiltak.csv")
    assert (error.code, error.location.row) == ("sheet.csv_invalid", 3)
    assert str(error).startswith("tiltak.csv, rad 3: ")


# --- 6. headers with «(…)» and «/» --------------------------------------------------------


def test_headers_with_brackets_and_slashes_are_read(engine) -> None:
    header = ["Nr", "Innsatsområde/mål", "Tiltak", "Ansvarlig (enhet/tjeneste)", "Frist (dato)"]
    _imported(engine, sheet_csv([header, ["9.1", "Samarbeid", "Kurs", "PPT", "01.03.2027"]]))
    assert _stored(engine, "9.1")["deadline"] == date(2027, 3, 1)


def test_a_missing_column_error_names_the_headers_the_row_has_instead(engine) -> None:
    header = ["Nr", "Satsing og mål", "Tiltak", "Ansvarlig", "Kommentar"]
    error = _refused(engine, sheet_csv([header, ["1", "A", "B", "PPT", ""]]), "tiltak.csv")
    assert error.code == "sheet.column_missing_unknown"
    assert str(error) == (
        "tiltak.csv, rad 1: overskriftsraden mangler kolonne: Innsatsområde; overskrifter i "
        "raden som planvakt ikke kjenner: «Satsing og mål», «Kommentar»"
    )


# --- 7. rows that name no measure -------------------------------------------------------

SUM_HEADER = [*HEADER, "Fremdrift"]
SUM_ROWS = [
    SUM_HEADER,
    ["T1", "Samarbeid", "Kurs", "PPT", 50],
    ["T2", "Samarbeid", "Fagdag", "PPT", 100],
    [None, "Totalt", None, None, 75],  # row 4
    [None, None, "Sum", None, "=AVERAGE(E2:E3)"],  # row 5
    [None, None, None, None, "=E2*2"],  # row 6
]


def test_sum_rows_and_rows_of_formulas_are_skipped_and_listed(engine) -> None:
    _imported(engine)
    data = workbook(("Tiltak", SUM_ROWS))
    report = _preview(engine, data, "tiltak.xlsx")
    assert report.skipped == [4, 5, 6]
    assert [r.action for r in report.rows] == ["new", "new"] and report.errors == []
    with session_scope(engine) as session:
        done = sheets.import_measures(session, find_plan(session, SLUG), data, "tiltak.xlsx")
    assert done.created == 2 and done.skipped == [4, 5, 6]


def test_a_row_with_some_of_nr_tiltak_and_ansvarlig_is_still_refused(engine) -> None:
    rows = [HEADER, ["T1", "Samarbeid", "Kurs", "PPT"], ["T2", "Samarbeid", None, None]]
    _imported(engine)
    report = _preview(engine, sheet_csv(rows))
    assert report.skipped == [] and [r.action for r in report.rows] == ["new", "refused"]


def test_the_dry_run_and_the_dashboard_list_the_skipped_rows(
    engine, capsys, tmp_path: Path
) -> None:
    from planvakt.web.app import create_app

    _imported(engine)
    data = workbook(("Tiltak", SUM_ROWS))
    path = tmp_path / "tiltak.xlsx"
    path.write_bytes(data)
    assert main(["measures", "import", SLUG, str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "hoppet over 3 rader uten Nr, Tiltak og Ansvarlig (sum eller tom): rad 4, 5, 6" in out
    add_user(engine, "koord", Role.COORDINATOR)
    with TestClient(create_app()) as client:
        log_in(client, "koord")
        page = client.post(
            f"/planer/{SLUG}/tiltak/last-opp",
            data={"csrftoken": csrf(client, "/"), "sheet": ""},
            files={"file": ("tiltak.xlsx", data, "application/octet-stream")},
        ).text
    assert "Rader som hoppes over (3)" in page and "rad 4, 5, 6." in page


# --- 8. a blank Innsatsområde takes the one above ------------------------------------------


def test_a_blank_innsatsomrade_takes_the_nearest_one_above(engine) -> None:
    rows = [
        HEADER,
        ["T1", "Forebygging", "A", "PPT"],
        ["T2", "", "B", "PPT"],
        ["T3", "  ", "C", "PPT"],
        ["T4", "Samarbeid", "D", "PPT"],
        ["T5", None, "E", "PPT"],
    ]
    sheet = read_measure_sheet(sheet_csv(rows), "tiltak.csv")
    assert [(m.ref, m.focus_area) for _, m in sheet.measures] == [
        ("T1", "Forebygging"),
        ("T2", "Forebygging"),
        ("T3", "Forebygging"),
        ("T4", "Samarbeid"),
        ("T5", "Samarbeid"),
    ]


def test_a_vertically_merged_innsatsomrade_fills_its_rows() -> None:
    rows = [
        ["Handlingsplan 2027–2030"],
        HEADER,
        ["8.1", "Forebygging", "A", "PPT"],
        ["8.2", None, "B", "PPT"],
        ["8.3", None, "C", "PPT"],
    ]
    data = workbook(("Tiltak", rows), merged={"Tiltak": "B3:B5"})
    sheet = read_measure_sheet(data, "tiltak.xlsx")
    assert [m.focus_area for _, m in sheet.measures] == ["Forebygging"] * 3


def test_the_first_row_under_the_header_must_have_an_innsatsomrade(engine) -> None:
    rows = [HEADER, ["T1", "", "A", "PPT"], ["T2", "Samarbeid", "B", "PPT"]]
    error = _refused(engine, sheet_csv(rows), "tiltak.csv")
    [first] = error.errors
    assert (first.location.row, first.location.column) == (2, "Innsatsområde")


# --- 9. what Excel does to a measure number -----------------------------------------------


def test_a_nr_that_excel_made_a_date_is_refused_with_a_hint(engine) -> None:
    rows = [HEADER, [date(2025, 1, 2), "Samarbeid", "Kurs", "PPT"]]
    error = _refused(engine, workbook(("Tiltak", rows)), "tiltak.xlsx")
    [first] = error.errors
    assert (first.code, first.location.column, first.location.value) == (
        "sheet.ref_date",
        "Nr",
        "02.01.2025",
    )
    assert "formater kolonnen som tekst" in str(first)


def test_numeric_nrs_that_became_one_number_say_excel_may_have_done_it(engine) -> None:
    rows = [HEADER, [1.1, "A", "Kurs 1.1", "PPT"], [1.10, "A", "Kurs 1.10", "PPT"]]
    error = _refused(engine, workbook(("Tiltak", rows)), "tiltak.xlsx")
    [first] = error.errors
    assert (first.code, first.location.row) == ("sheet.ref_repeated_number", 3)
    assert "Excel kan ha lagret nummeret som et tall" in str(first)


def test_a_numeric_nr_keeps_the_decimals_its_format_shows() -> None:
    rows = [HEADER, [(1.1, "0.00"), "A", "Kurs", "PPT"], [(1.1, "General"), "A", "B", "PPT"]]
    sheet = read_measure_sheet(workbook(("Tiltak", rows)), "tiltak.xlsx")
    assert [m.ref for _, m in sheet.measures] == ["1.10", "1.1"]


# --- 11. owners ---------------------------------------------------------------------------


def test_an_owner_of_only_signs_is_refused_and_creates_no_unit(engine) -> None:
    rows = [HEADER, ["T1", "Samarbeid", "Kurs", "!!!"], ["T2", "Samarbeid", "Fagdag", "???"]]
    error = _refused(engine, sheet_csv(rows), "tiltak.csv")
    assert [(e.code, e.location.row, e.location.column) for e in error.errors] == [
        ("sheet.owner_invalid", 2, "Ansvarlig"),
        ("sheet.owner_invalid", 3, "Ansvarlig"),
    ]


def test_an_owner_written_without_aeoa_is_the_unit_written_with_them(engine) -> None:
    _imported(engine, sheet_csv([HEADER, ["T1", "Samarbeid", "Kurs", "Politiradet"]]))
    with session_scope(engine) as session:
        key = session.scalar(
            select(Service.key).join(Measure, Measure.owner_service_id == Service.id)
        )
        unconfirmed = session.scalars(select(Service).where(Service.unconfirmed)).all()
    assert key == "politirad" and unconfirmed == []


def test_two_new_units_with_one_key_get_keys_of_their_own(engine) -> None:
    long = "Enhet for oppvekst, skole og barnehage i Færder kommune – avdeling "
    rows = [HEADER, ["T1", "A", "Kurs", long + "nord"], ["T2", "A", "Fagdag", long + "sør"]]
    _imported(engine, sheet_csv(rows))
    with session_scope(engine) as session:
        keys = session.scalars(select(Service.key).where(Service.unconfirmed)).all()
    assert sorted(keys) == [
        "enhet-for-oppvekst-skole-og-barnehage-i-faerder-ko",
        "enhet-for-oppvekst-skole-og-barnehage-i-faerder-ko-2",
    ]


# --- 12. a password-protected workbook ----------------------------------------------------


def _ole(*streams: str) -> bytes:
    """An OLE container's header and a directory naming ``streams`` (UTF-16LE, 128 bytes
    an entry), as Excel writes a workbook saved with a password."""
    entries = b"".join(
        name.encode("utf-16-le").ljust(64, b"\0") + b"\0" * 64 for name in ("Root Entry", *streams)
    )
    return bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504 + entries + b"\0" * 2048


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (
            _ole("EncryptionInfo", "EncryptedPackage"),
            "sheet.encrypted",
            "arbeidsboken er passordbeskyttet",
        ),
        (_ole("Workbook"), "sheet.xls", "det gamle Excel-formatet (.xls)"),
    ],
)
def test_a_password_protected_workbook_is_named_as_one(
    engine, data: bytes, code: str, words: str
) -> None:
    error = _refused(engine, data, "tiltak.xlsx")
    assert error.code == code and words in str(error)
