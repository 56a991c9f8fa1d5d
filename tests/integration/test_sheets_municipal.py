"""Measures sheets as municipalities make them (Excel workbooks with title rows and merged
cells, Excel's CSV in Windows-1252, UTF-8 with BOM and CRLF, nynorsk and English headers):
each imports into a plan, and the plan's status report then shows its measures."""

from datetime import date, datetime

import pytest

from models import Measure
from planvakt.core.db import session_scope
from planvakt.exchange import measures as sheets
from planvakt.services.plans import find_plan
from tests.factories import make_plan, sheet_csv, status_report_markdown, workbook

SLUG = "3911-faerder-2027"
TODAY = date(2027, 3, 1)
TITLE_ROWS: list[list[object]] = [
    ["Handlingsplan 2027–2030", None, None, None, None, None, None],
    ["Færder kommune – tiltak vedtatt i kommunestyret", None, None, None, None, None, None],
    [],
]
HEADER = ["Nr", "Innsatsområde", "Tiltak", "Ansvarlig", "Start", "Tidsfrist", "Fremdrift"]
HEADER += ["Status", "Ressurser", "Kommentar"]
MEASURES: list[list[object]] = [
    [1, "Kunnskap", "Kurs for lærere", "Grunnskole", date(2027, 2, 1), datetime(2027, 6, 30)]
    + [(0.4, "0%"), "Under arbeid", "NOK 20 000", "intern merknad"],
    [2.0, "Samarbeid", "Rutine for bekymring", "SLT-koordinator", None, date(2027, 9, 30)]
    + [(0, "0%"), "Ikke startet", None, None],
    ["T3", "Samarbeid", "Digital dømmekraft", "barnevern", None, date(2027, 1, 20)]
    + [(1.0, "0%"), "Ferdig", None, None],
]
ARCHIVE: list[list[object]] = [
    ["Nr", "Innsatsområde", "Tiltak", "Ansvarlig"],
    ["A1", "Gammelt", "Tiltak fra forrige plan", "Grunnskole"],
]


def _workbook() -> bytes:
    return workbook(
        ("Forside", [["Handlingsplan mot radikalisering"], ["Se arket «Tiltak»"]]),
        ("Tiltak", [*TITLE_ROWS, HEADER, *MEASURES]),
        ("Arkiv", ARCHIVE),
        merged={"Tiltak": "A1:G1"},
    )


def _import(engine, data: bytes, source: str, sheet: str | None = None) -> sheets.ImportReport:
    with session_scope(engine) as session:
        plan = make_plan(session)
        return sheets.import_measures(session, plan, data, source, sheet)


def _stored(engine) -> tuple[dict[str, tuple[object, ...]], str]:
    """The plan's measures as stored, and its status report."""
    with session_scope(engine) as session:
        found = {
            m.ref: (m.title, m.owner.key, m.deadline, m.status, m.progress)
            for m in find_plan(session, SLUG).current_edition.measures
        }
        return found, status_report_markdown(session, SLUG, TODAY)


def _measure(engine, ref: str) -> Measure:
    with session_scope(engine) as session:
        return next(m for m in find_plan(session, SLUG).current_edition.measures if m.ref == ref)


@pytest.mark.parametrize("sheet", ["Tiltak", None])
def test_workbook_with_title_rows_merged_cells_and_real_dates_imports(engine, sheet) -> None:
    report = _import(engine, _workbook(), "tiltak.xlsx", sheet)
    assert (report.read_as.kind, report.read_as.sheet, report.header_row) == ("xlsx", "Tiltak", 4)
    assert [(c.letter, c.header) for c in report.ignored] == [("J", "Kommentar")]
    assert [(r.row, r.ref, r.action) for r in report.rows] == [
        (5, "1", "new"),
        (6, "2", "new"),
        (7, "T3", "new"),
    ]
    found, text = _stored(engine)
    assert found == {
        "1": ("Kurs for lærere", "grunnskole", date(2027, 6, 30), "in_progress", 40),
        "2": ("Rutine for bekymring", "slt-koordinator", date(2027, 9, 30), "planned", 0),
        "T3": ("Digital dømmekraft", "barnevern", date(2027, 1, 20), "done", 100),
    }
    assert "| 1 | Kurs for lærere | Grunnskole | 30.06.2027 | pågår | 40\xa0% |" in text
    assert "| 2 | Rutine for bekymring | SLT-koordinator | 30.09.2027 | planlagt | 0\xa0% |" in text
    assert (
        "| T3 | Digital dømmekraft | Barnevernstjenesten | 20.01.2027 | fullført | 100\xa0% |"
        in text
    )
    assert "Tiltak fra forrige plan" not in text


def test_workbook_keeps_amounts_as_text_and_start_dates(engine) -> None:
    _import(engine, _workbook(), "tiltak.xlsx")
    first = _measure(engine, "1")
    assert (first.resources, first.start_date) == ("NOK 20 000", date(2027, 2, 1))


def test_a_named_sheet_is_read_instead_of_the_first(engine) -> None:
    report = _import(engine, _workbook(), "tiltak.xlsx", "Arkiv")
    assert (report.read_as.sheet, [r.ref for r in report.rows]) == ("Arkiv", ["A1"])
    found, text = _stored(engine)
    assert list(found) == ["A1"]
    assert "| A1 | Tiltak fra forrige plan | Grunnskole |" in text


EXCEL_CSV = sheet_csv(
    [
        ["Nr", "Innsatsområde", "Tiltak", "Ansvarlig", "Tidsfrist", "Fremdrift", "Status"],
        ["1", "Forebygging", "Øvelse på beredskap i Åsgårdstrand", "SLT-koordinator"]
        + ["31.12.2027", "0", "Ikke startet"],
        ["2", "Forebygging", "Kurs for ansatte i skolen", "Grunnskole"]
        + ["1.7.27", "40\u00a0%", "Under arbeid"],
        ["3", "Samarbeid", "Rutine for bekymringsmeldinger", "Barnevernstjenesten"]
        + ["15.02.2027", "100 %", "Ferdig"],
    ],
    line_end="\r\n",
)
NYNORSK_CSV = sheet_csv(
    [
        ["Nummer", "Satsingsområde", "Tiltak", "Skildring", "Ansvarleg eining"]
        + ["Samarbeidspartnarar", "Oppstart", "Frist", "Ressursar", "Framdrift", "Status"],
        ["1", "Kunnskap", "Kurs for tilsette", "Tre samlingar", "Grunnskole", "PPT"]
        + ["01.02.2027", "30.06.2027", "NOK 15 000", "0,4", "Starta"],
        ["2", "Kunnskap", "Fagdag", "", "Helsestasjon og skolehelsetjeneste", ""]
        + ["", "30.11.2027", "", "", "Ikkje starta"],
        ["3", "Samarbeid", "Felles rutine", "", "Barnevernstjenesten", ""]
        + ["", "01.02.2027", "", "100", "Gjennomført"],
        ["4", "Samarbeid", "Møteplass", "", "Kultur og fritid", "", "", "", "", "10", "Utsett"],
        ["5", "Samarbeid", "Nettverk", "", "NAV (kommunal del)", "", "", "", "", "", "Avslutta"],
    ]
)
ENGLISH_CSV = sheet_csv(
    [
        ["No.", "Focus area", "Measure", "Description", "Responsible", "Partners"]
        + ["Start date", "Deadline", "Budget", "Indicator", "Status", "Progress"],
        ["E1", "Knowledge", "Teacher training", "", "Grunnskole", "", "2027-02-01"]
        + ["2027-06-30", "", "Courses held", "In progress", "25%"],
        ["E2", "Knowledge", "Parent meetings", "", "PPT", "", "", "2027-10-01", "", ""]
        + ["Not started", ""],
        ["E3", "Cooperation", "Joint routine", "", "Barnevernstjenesten", "", "", "2027-02-15"]
        + ["", "", "Done", "100"],
    ],
    delimiter=",",
)

# case: (file bytes, how it was read, stored measures, lines of the status report)
CSV_SHEETS = {
    "Excel CSV in Windows-1252": (
        EXCEL_CSV.encode("cp1252"),
        "CSV, Windows-1252, semikolonseparert",
        {
            "1": ("Øvelse på beredskap i Åsgårdstrand", "slt-koordinator")
            + (date(2027, 12, 31), "planned", 0),
            "2": ("Kurs for ansatte i skolen", "grunnskole", date(2027, 7, 1), "in_progress", 40),
            "3": ("Rutine for bekymringsmeldinger", "barnevern", date(2027, 2, 15), "done", 100),
        },
        ["| 1 | Øvelse på beredskap i Åsgårdstrand | SLT-koordinator | 31.12.2027 | planlagt |"],
    ),
    "nynorsk headers and statuses": (
        NYNORSK_CSV.encode("utf-8"),
        "CSV, UTF-8, semikolonseparert",
        {
            "1": ("Kurs for tilsette", "grunnskole", date(2027, 6, 30), "in_progress", 40),
            "2": ("Fagdag", "helsestasjon", date(2027, 11, 30), "planned", 0),
            "3": ("Felles rutine", "barnevern", date(2027, 2, 1), "done", 100),
            "4": ("Møteplass", "kultur-fritid", None, "postponed", 10),
            "5": ("Nettverk", "nav", None, "closed", 0),
        },
        ["| 1 | Kurs for tilsette | Grunnskole | 30.06.2027 | pågår | 40\xa0% |"],
    ),
    "English headers": (
        ENGLISH_CSV.encode("utf-8"),
        "CSV, UTF-8, kommaseparert",
        {
            "E1": ("Teacher training", "grunnskole", date(2027, 6, 30), "in_progress", 25),
            "E2": ("Parent meetings", "ppt", date(2027, 10, 1), "planned", 0),
            "E3": ("Joint routine", "barnevern", date(2027, 2, 15), "done", 100),
        },
        ["| E1 | Teacher training | Grunnskole | 30.06.2027 | pågår | 25\xa0% |"],
    ),
}


@pytest.mark.parametrize("case", list(CSV_SHEETS))
def test_csv_sheet_imports_and_the_report_shows_it(engine, case: str) -> None:
    data, read_as, expected, lines = CSV_SHEETS[case]
    report = _import(engine, data, "tiltak.csv")
    assert sheets.describe_read_as(report.read_as, "nb") == read_as
    assert (report.created, report.errors, report.ignored) == (len(expected), [], [])
    found, text = _stored(engine)
    assert found == expected
    for line in lines:
        assert line in text


def test_nynorsk_sheet_keeps_descriptions_partners_and_amounts(engine) -> None:
    _import(engine, NYNORSK_CSV.encode("utf-8"), "tiltak.csv")
    first = _measure(engine, "1")
    assert (first.description, first.partners, first.resources, first.start_date) == (
        "Tre samlingar",
        "PPT",
        "NOK 15 000",
        date(2027, 2, 1),
    )


def test_utf8_bom_csv_with_crlf_keeps_quoted_separators_and_line_breaks(engine) -> None:
    text = sheet_csv(
        [
            ["Nr", "Innsatsområde", "Tiltak", "Beskrivelse", "Ansvarlig", "Frist", "Status"],
            ["1", "Skole; hjem", "Dialog; skole og hjem", "Del 1;\r\ndel 2", "Grunnskole"]
            + ["30.06.2027", "Under arbeid"],
            ["2", "Skole; hjem", 'Kurs «Trygg skole» og "Ung"', "", "PPT", "", ""],
        ],
        line_end="\r\n",
    )
    data = ("\ufeff" + text).encode("utf-8")
    assert data.count(b"\r\n") == 4  # three rows and the line break inside a cell
    report = _import(engine, data, "tiltak.csv")
    assert sheets.describe_read_as(report.read_as, "nb") == "CSV, UTF-8 (BOM), semikolonseparert"
    assert [(r.row, r.ref) for r in report.rows] == [(2, "1"), (3, "2")]
    with session_scope(engine) as session:
        stored = {m.ref: m for m in find_plan(session, SLUG).current_edition.measures}
        one, two = stored["1"], stored["2"]
        assert (one.focus_area, one.title, one.description) == (
            "Skole; hjem",
            "Dialog; skole og hjem",
            "Del 1;\ndel 2",
        )
        assert (two.title, two.description, two.status) == (
            'Kurs «Trygg skole» og "Ung"',
            None,
            "planned",
        )
        text = status_report_markdown(session, SLUG, TODAY)
    assert "### Skole; hjem" in text
    assert "| 1 | Dialog; skole og hjem | Grunnskole | 30.06.2027 | pågår | 0\xa0% |" in text
