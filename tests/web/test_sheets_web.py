"""Spreadsheets in the dashboard: the coordinator uploads a sheet as the municipality keeps it
(.xlsx or CSV), sees row by row what would happen, and confirms; anyone who may read a plan
downloads its measures as .xlsx or CSV, and that sheet uploads again without a change.
"""

from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from models import Role, Service
from planvakt.core.db import session_scope
from planvakt.exchange.measures import import_measures
from planvakt.exchange.tables import MAX_FILE_BYTES
from planvakt.services import plans
from tests.factories import VALID_FNR, measures_csv, row_counts
from tests.web.a11y import describe, serious_violations
from tests.web.conftest import ARTIFACTS, PASSWORD, add_user, csrf, log_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NYNORSK = ["Nr", "Innsatsområde", "Tiltak", "Ansvarleg", "Tidsfrist", "Framdrift", "Status"]
EXISTING = [
    {
        "id": "1.1",
        "innsatsområde": "Kunnskap",
        "tiltak": "Kurs for tilsette",
        "ansvarlig_enhet": "Grunnskole",
        "frist": "30.06.2027",
        "status": "pågår",
        "fremdrift": "40",
    },
    {
        "id": "1.2",
        "innsatsområde": "Kunnskap",
        "tiltak": "Fagdag",
        "ansvarlig_enhet": "nav",
        "frist": "31.03.2027",
    },
]


def workbook(
    rows: list[list[object]],
    headers: list[str] = NYNORSK,
    *,
    sheet: str = "Tiltak",
    extra: dict[str, list[list[object]]] | None = None,
) -> bytes:
    """A sheet as a municipality makes it: a title row, an empty row, then the header."""
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = sheet
    for name, table in {sheet: rows, **(extra or {})}.items():
        ws = first if name == sheet else book.create_sheet(name)
        ws.append(["Handlingsplan mot radikalisering 2027–2030"])
        ws.append([])
        ws.append(headers)
        for row in table:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client: TestClient, slug: str, content: bytes, name: str, sheet: str = ""):
    return client.post(
        f"/planer/{slug}/tiltak/last-opp",
        data={"csrftoken": csrf(client, "/"), "sheet": sheet},
        files={"file": (name, content, XLSX if name.endswith(".xlsx") else "text/csv")},
    )


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no hidden field {name}"
    return match.group(1)


def confirm(client: TestClient, slug: str, preview: str):
    fields = {name: hidden(preview, name) for name in ("data", "name", "sheet")}
    return client.post(
        f"/planer/{slug}/tiltak/last-opp/bekreft",
        data={**fields, "csrftoken": csrf(client, "/")},
        follow_redirects=False,
    )


def field_error(page: str, field: str) -> str:
    match = re.search(rf'id="f-{field}-error">([^<]*)<', page)
    assert match, f"no error at {field}"
    return match.group(1)


def fact(page: str, term: str) -> str:
    match = re.search(rf"<dt>{term}</dt><dd>([^<]*)</dd>", page)
    assert match, f"no {term}"
    return match.group(1)


def with_measures(engine, slug: str) -> None:
    with session_scope(engine) as session:
        plan = plans.find_plan(session, slug)
        import_measures(session, plan, measures_csv(EXISTING), "tiltak.csv")


# --- upload -------------------------------------------------------------------------------


def test_a_nynorsk_workbook_with_a_title_row_previews_then_stores_with_its_new_unit(
    coordinator: TestClient, engine, faerder
) -> None:
    sheet = workbook(
        [
            [
                "1.1",
                "Kunnskap",
                "Kurs for tilsette",
                "Grunnskole",
                date(2027, 6, 30),
                0.4,
                "Under arbeid",
            ],
            [
                "2.1",
                "Samarbeid",
                "Dialogmøte med trussamfunn",
                "Frivilligsentralen",
                date(2027, 9, 1),
                0,
                "Ikkje starta",
            ],
        ],
        headers=[*NYNORSK, "Merknad"],
    )
    before = row_counts(engine)
    preview = upload(coordinator, faerder, sheet, "handlingsplan.xlsx")
    assert preview.status_code == 200, preview.text
    page = preview.text
    assert fact(page, "Lest som") == "Excel-arbeidsbok, arket «Tiltak»"
    assert fact(page, "Overskriftsrad") == "rad 3"
    assert (fact(page, "Nye tiltak"), fact(page, "Endres"), fact(page, "Avvist")) == ("2", "0", "0")
    assert "<td>4</td><td>1.1</td><td>Kurs for tilsette</td>" in page
    assert "<td>5</td><td>2.1</td><td>Dialogmøte med trussamfunn</td>" in page
    assert "<li>Frivilligsentralen</li>" in page  # the unit that will be created
    assert "/kommuner/3911/varslingsadresser" in page
    assert "kolonne H: «Merknad»" in page  # read as nothing, and said so
    assert "Bekreft</button>" in page
    assert row_counts(engine) == before  # the preview stored nothing
    done = confirm(coordinator, faerder, page)
    assert done.status_code == 303 and done.headers["location"] == f"/planer/{faerder}/tiltak"
    stored = coordinator.get(done.headers["location"]).text
    assert "Nye tiltak: 2, endret: 0, uendret: 0." in stored
    assert "Ny enhet: Frivilligsentralen. Den får ingen påminnelser" in stored
    with session_scope(engine) as session:
        plan = plans.find_plan(session, faerder)
        first, second = plans.find_measure(plan, "1.1"), plans.find_measure(plan, "2.1")
        assert (first.deadline, first.progress, first.status) == (
            date(2027, 6, 30),
            40,
            "in_progress",
        )
        unit = session.scalars(select(Service).where(Service.name == "Frivilligsentralen")).one()
        assert (unit.municipality_number, unit.unconfirmed) == ("3911", True)
        assert second.owner_service_id == unit.id


def test_a_sheet_with_refused_rows_shows_every_error_and_offers_no_confirmation(
    coordinator: TestClient, engine, faerder
) -> None:
    with_measures(engine, faerder)
    sheet = workbook(
        [
            ["1.1", "Kunnskap", "Kurs for tilsette", "Grunnskole", "31.13.2027", 40, "Kanskje"],
            ["1.2", "Kunnskap", '=CONCAT("Fag","dag")', "nav", None, 0, "Ny"],
            ["1.3", "Kunnskap", f"Samtale med {VALID_FNR}", "nav", None, 0, "Ny"],
            ["1.4", "Kunnskap", "Foreldremøte", "Nytt foreldreutval", None, 150, "Ny"],
            ["1.5", "Kunnskap", "Temakveld", "Grunnskole", None, 0, "Ny"],  # fine on its own
        ]
    )
    before = row_counts(engine)
    response = upload(coordinator, faerder, sheet, "tiltak.xlsx")
    assert response.status_code == 422
    page = response.text
    assert fact(page, "Avvist") == "4" and fact(page, "Nye tiltak") == "1"
    errors = re.search(r'id="feil-i-arket">Feil som må rettes i arket \((\d+)\)', page)
    assert errors and errors.group(1) == "5"
    for expected in (
        "rad 4, kolonne &#39;Tidsfrist&#39;, verdi «31.13.2027»: datoen",
        "rad 4, kolonne &#39;Status&#39;, verdi «Kanskje»: ukjent status",
        "rad 5, kolonne &#39;Tiltak&#39;, verdi «=CONCAT(&#34;Fag&#34;,&#34;dag&#34;)»: cellen er en formel",
        "rad 6, kolonne &#39;Tiltak&#39;: feltet &#39;Tiltak&#39; inneholder et fødselsnummer",
        "rad 7, kolonne &#39;Framdrift&#39;, verdi «150»: kan være høyst 100",
    ):
        assert expected in page, expected
    assert VALID_FNR not in page and "<td>6</td><td>1.3</td>" in page  # shown, number left out
    assert "Bekreft</button>" not in page and 'name="data"' not in page
    assert "lagres helt eller ikke i det hele tatt" in page
    assert row_counts(engine) == before


def test_a_named_sheet_is_read_and_confirmed_and_an_unknown_one_is_named_at_its_field(
    coordinator: TestClient, engine, faerder
) -> None:
    sheet = workbook(
        [["1.1", "Kunnskap", "Fra det første arket", "Grunnskole", None, 0, "Ny"]],
        extra={"Tiltak 2028": [["8.1", "Kunnskap", "Fra det andre", "Grunnskole", None, 0, "Ny"]]},
    )
    preview = upload(coordinator, faerder, sheet, "to-ark.xlsx", sheet="Tiltak 2028")
    assert preview.status_code == 200
    assert fact(preview.text, "Lest som") == "Excel-arbeidsbok, arket «Tiltak 2028»"
    assert confirm(coordinator, faerder, preview.text).status_code == 303
    with session_scope(engine) as session:
        refs = {m.ref for m in plans.find_plan(session, faerder).current_edition.measures}
    assert refs == {"8.1"}
    missing = upload(coordinator, faerder, sheet, "to-ark.xlsx", sheet="Finst ikkje")
    assert missing.status_code == 422
    assert "har ikke arket «Finst ikkje» (den har: Tiltak, Tiltak 2028)" in field_error(
        missing.text, "sheet"
    )


def test_a_file_over_the_limit_is_refused_naming_the_limit(
    coordinator: TestClient, engine, faerder
) -> None:
    before = row_counts(engine)
    big = measures_csv(EXISTING).encode() + b"#" * MAX_FILE_BYTES
    response = upload(coordinator, faerder, big, "tiltak.csv")
    assert response.status_code == 422
    assert field_error(response.text, "file") == "filen er for stor (høyst 5 MB)"
    assert row_counts(engine) == before


@pytest.mark.parametrize(
    "junk",
    [bytes(range(256)) * 40, b"PK\x03\x04" + bytes(range(256)) * 40],
    ids=["not-a-zip", "broken-zip"],
)
def test_binary_junk_named_xlsx_is_refused_with_a_clear_message(
    coordinator: TestClient, engine, faerder, junk: bytes
) -> None:
    before = row_counts(engine)
    response = upload(coordinator, faerder, junk, "tiltak.xlsx")
    assert response.status_code == 422
    assert field_error(response.text, "file") == (
        "tiltak.xlsx: filen er ikke en Excel-arbeidsbok (.xlsx), selv om navnet sier det"
    )
    assert row_counts(engine) == before


def test_the_upload_form_takes_workbooks_and_csv_and_says_what_a_sheet_may_look_like(
    coordinator: TestClient, faerder
) -> None:
    page = coordinator.get(f"/planer/{faerder}/tiltak/last-opp").text
    assert 'accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats' in page
    assert '<label class="ds-label" for="f-sheet">Ark' in page
    for words in ("Tittelrader", "Ansvarleg", "Tidsfrist", "Framdrift", "Ikke startet"):
        assert words in page, words
    assert "ingenting lagres før du trykker «Bekreft»" in page


# --- download -----------------------------------------------------------------------------


def test_the_measures_download_as_a_workbook_with_a_header_and_a_row_per_measure(
    coordinator: TestClient, engine, faerder
) -> None:
    with_measures(engine, faerder)
    page = coordinator.get(f"/planer/{faerder}/tiltak").text
    assert f'href="/planer/{faerder}/tiltak.xlsx" download>Last ned tiltak (Excel)' in page
    assert f'href="/planer/{faerder}/tiltak.csv" download>Last ned tiltak (CSV)' in page
    response = coordinator.get(f"/planer/{faerder}/tiltak.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    assert response.headers["content-disposition"] == (
        f'attachment; filename="{faerder}-tiltak.xlsx"'
    )
    assert response.headers["cache-control"] == "no-store"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Nr", "Innsatsområde", "Tiltak")
    assert [r[0] for r in rows[1:]] == ["1.1", "1.2"]
    assert rows[1][2] == "Kurs for tilsette"


def test_the_measures_download_as_csv_for_excel(coordinator: TestClient, engine, faerder) -> None:
    with_measures(engine, faerder)
    response = coordinator.get(f"/planer/{faerder}/tiltak.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="{faerder}-tiltak.csv"'
    )
    assert response.headers["cache-control"] == "no-store"
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("Nr;Innsatsområde;Tiltak;")
    assert lines[1].startswith("1.1;Kunnskap;Kurs for tilsette;")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_downloaded_sheet_uploads_again_without_a_change(
    coordinator: TestClient, engine, faerder, fmt: str
) -> None:
    with_measures(engine, faerder)
    sheet = coordinator.get(f"/planer/{faerder}/tiltak.{fmt}").content
    preview = upload(coordinator, faerder, sheet, f"{faerder}-tiltak.{fmt}")
    assert preview.status_code == 200
    assert fact(preview.text, "Uendret") == "2"
    assert (fact(preview.text, "Nye tiltak"), fact(preview.text, "Endres")) == ("0", "0")
    assert preview.text.count("<td>Uendret</td>") == 2
    assert "nye-enheter" not in preview.text


def test_downloads_follow_the_plans_read_access(client: TestClient, engine, faerder) -> None:
    with_measures(engine, faerder)
    paths = [
        f"/planer/{faerder}",
        f"/planer/{faerder}/tiltak.xlsx",
        f"/planer/{faerder}/tiltak.csv",
    ]
    assert [client.get(p, follow_redirects=False).status_code for p in paths] == [303] * 3
    add_user(engine, "oslo", Role.COORDINATOR, kommune="0301")
    add_user(engine, "leser", Role.READER)
    log_in(client, "oslo")
    assert [client.get(p).status_code for p in paths] == [403] * 3
    assert client.get("/planer/finnes-ikke/tiltak.xlsx").status_code == 404
    client.cookies.clear()
    log_in(client, "leser")
    assert [client.get(p).status_code for p in paths] == [200] * 3


# --- in the browser -----------------------------------------------------------------------


def test_the_preview_of_a_mixed_sheet_is_accessible_and_the_corrected_sheet_is_confirmed(
    browser, live_server: str, engine, faerder, tmp_path
) -> None:
    with_measures(engine, faerder)
    rows: list[list[object]] = [
        [
            "1.1",
            "Kunnskap",
            "Kurs for tilsette",
            "Grunnskole",
            date(2027, 6, 30),
            0.6,
            "Under arbeid",
        ],
        ["1.2", "Kunnskap", "Fagdag", "NAV (kommunal del)", date(2027, 3, 31), 0, "Ikkje starta"],
        [
            "2.1",
            "Samarbeid",
            "Dialogmøte med trussamfunn",
            "Frivilligsentralen",
            date(2027, 9, 1),
            0,
            "Ikkje starta",
        ],
    ]
    refused = ["2.2", "Samarbeid", "Fagdag med politiet", "Politirådet", "31.13.2027", 0, "Kanskje"]
    mixed, fine = tmp_path / "handlingsplan.xlsx", tmp_path / "handlingsplan-rettet.xlsx"
    mixed.write_bytes(workbook([*rows, refused], headers=[*NYNORSK, "Kommentar"]))
    fine.write_bytes(workbook(rows, headers=[*NYNORSK, "Kommentar"]))
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO")
    page = context.new_page()
    try:
        page.goto(f"{live_server}/logg-inn")
        page.get_by_label("Brukernavn").fill("koord")
        page.get_by_label("Passord").fill(PASSWORD)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url(f"{live_server}/")
        for sheet in (mixed, fine):
            page.goto(f"{live_server}/planer/{faerder}/tiltak")
            page.get_by_role("link", name="Last opp fra regneark").click()
            page.get_by_label(re.compile(r"^Regneark")).set_input_files(str(sheet))
            page.get_by_role("button", name="Vis hva som skjer").click()
            page.wait_for_url(f"{live_server}/planer/{faerder}/tiltak/last-opp")
            assert page.get_by_role("heading", level=1).inner_text().startswith("Se over")
            table = page.get_by_role("region", name="Rad for rad")
            assert table.get_by_role("row").count() == 1 + (4 if sheet == mixed else 3)
            assert page.get_by_role("button", name="Bekreft").count() == (sheet == fine)
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"dashboard-{sheet.stem}.png"), full_page=True)
            violations = serious_violations(page)
            assert not violations, describe(violations)
            page.set_viewport_size({"width": 375, "height": 812})
            assert page.evaluate("document.documentElement.scrollWidth") <= 376
            page.set_viewport_size({"width": 1280, "height": 900})
        # The mixed sheet could not be confirmed; the corrected one is.
        page.get_by_role("button", name="Bekreft").click()
        page.wait_for_url(f"{live_server}/planer/{faerder}/tiltak")
        assert "Ny enhet: Frivilligsentralen." in page.inner_text("main")
    finally:
        context.close()
