"""«Mine tiltak»: a service owner sees and reports on their own service's measures only; a
coordinator sees all measures of the municipality; the page fits a phone."""

from __future__ import annotations

import html

from fastapi.testclient import TestClient
from sqlalchemy import select

from models import Measure, MeasureUpdate, Role
from planvakt.core.db import session_scope
from planvakt.exchange.measures import import_measures
from planvakt.services import plans
from tests.factories import VALID_FNR, make_plan, measures_csv
from tests.web.conftest import add_user, csrf, log_in, screenshot

MEASURES = [
    {"id": "1.1", "innsatsområde": "Kunnskap", "tiltak": "Kurs for lærere",
     "ansvarlig_enhet": "grunnskole", "frist": "30.06.2027"},
    {"id": "1.2", "innsatsområde": "Kunnskap", "tiltak": "Foreldremøter om nettvett",
     "ansvarlig_enhet": "grunnskole", "frist": "30.09.2027"},
    {"id": "2.1", "innsatsområde": "Samarbeid", "tiltak": "Rutine for bekymringsmeldinger",
     "ansvarlig_enhet": "barnevern", "frist": "31.12.2027"},
]  # fmt: skip


def with_measures(engine, slug: str) -> None:
    with session_scope(engine) as session:
        plan = plans.find_plan(session, slug)
        import_measures(session, plan, measures_csv(MEASURES), "tiltak.csv")


def owner_client(client: TestClient, engine, faerder: str) -> TestClient:
    with_measures(engine, faerder)
    add_user(engine, "skole", Role.SERVICE_OWNER, service="grunnskole")
    log_in(client, "skole")
    return client


def updates(engine, ref: str) -> list[MeasureUpdate]:
    with session_scope(engine) as session:
        return list(
            session.scalars(
                select(MeasureUpdate)
                .join(Measure)
                .where(Measure.ref == ref)
                .order_by(MeasureUpdate.id)
            )
        )


def test_a_service_owner_sees_only_their_services_measures(client, engine, faerder) -> None:
    skole = owner_client(client, engine, faerder)
    page = skole.get("/mine-tiltak").text
    assert "Kurs for lærere" in page and "Foreldremøter om nettvett" in page
    assert "Rutine for bekymringsmeldinger" not in page
    assert 'href="/mine-tiltak" aria-current="page">Mine tiltak' in page


def test_a_service_owner_reports_status_progress_and_comment_as_a_role(
    client, engine, faerder
) -> None:
    skole = owner_client(client, engine, faerder)
    token = csrf(skole, "/mine-tiltak")
    response = skole.post(
        f"/mine-tiltak/{faerder}/1.1",
        data={
            "csrftoken": token,
            "status": "in_progress",
            "progress": "40",
            "progress_was": "0",
            "comment": "Første kurs holdt",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/mine-tiltak?lagret=tiltak-")
    [update] = updates(engine, "1.1")
    assert (update.status, update.progress, update.comment) == (
        "in_progress",
        40,
        "Første kurs holdt",
    )
    assert update.reported_by == "tjenesteeier, Grunnskole"
    page = skole.get(response.headers["location"]).text
    assert "Statusen er lagret." in page and "pågår, 40\xa0%" in page  # Babel: no-break space


def test_done_with_progress_left_as_it_was_means_100_percent(client, engine, faerder) -> None:
    skole = owner_client(client, engine, faerder)
    skole.post(
        f"/mine-tiltak/{faerder}/1.2",
        data={"csrftoken": csrf(skole, "/mine-tiltak"), "status": "done", "progress": "0",
              "progress_was": "0"},
    )  # fmt: skip
    [update] = updates(engine, "1.2")
    assert (update.status, update.progress) == ("done", 100)


def test_another_services_measure_is_forbidden_by_url_and_by_form(client, engine, faerder) -> None:
    skole = owner_client(client, engine, faerder)
    assert skole.get(f"/mine-tiltak/{faerder}/1.1").status_code == 200
    assert skole.get(f"/mine-tiltak/{faerder}/2.1").status_code == 403
    token = csrf(skole, "/mine-tiltak")
    response = skole.post(
        f"/mine-tiltak/{faerder}/2.1",
        data={"csrftoken": token, "status": "done", "progress": "100", "comment": "x"},
    )
    assert response.status_code == 403
    assert updates(engine, "2.1") == []


def test_a_service_owner_of_another_municipality_is_forbidden(client, engine, faerder) -> None:
    with_measures(engine, faerder)
    with session_scope(engine) as session:
        make_plan(session, municipality_numbers=["0301"])  # creates Oslo's services
    add_user(engine, "osloskole", Role.SERVICE_OWNER, kommune="0301", service="grunnskole")
    log_in(client, "osloskole")
    assert "Kurs for lærere" not in client.get("/mine-tiltak").text
    assert client.get(f"/mine-tiltak/{faerder}/1.1").status_code == 403
    response = client.post(
        f"/mine-tiltak/{faerder}/1.1",
        data={"csrftoken": csrf(client, "/mine-tiltak"), "status": "done"},
    )
    assert response.status_code == 403 and updates(engine, "1.1") == []


def test_a_report_needs_the_csrf_token(client, engine, faerder) -> None:
    skole = owner_client(client, engine, faerder)
    response = skole.post(f"/mine-tiltak/{faerder}/1.1", data={"status": "done"})
    assert response.status_code == 403 and updates(engine, "1.1") == []


def test_a_fodselsnummer_in_the_comment_is_refused_at_the_field(client, engine, faerder) -> None:
    skole = owner_client(client, engine, faerder)
    response = skole.post(
        f"/mine-tiltak/{faerder}/1.1",
        data={
            "csrftoken": csrf(skole, "/mine-tiltak"),
            "status": "in_progress",
            "progress": "10",
            "comment": f"Gjelder {VALID_FNR}",
        },
    )
    assert response.status_code == 422
    page = html.unescape(response.text)
    assert "fødselsnummer" in page and "feltet 'Kommentar'" in page
    assert 'aria-describedby="tiltak-' in page and '-kommentar-feil"' in page
    assert f"Gjelder {VALID_FNR}" in page  # the text stays in the field to be corrected
    assert updates(engine, "1.1") == []


def test_a_bad_progress_is_shown_at_the_field(client, engine, faerder) -> None:
    skole = owner_client(client, engine, faerder)
    for value, words in (("mye", "et heltall"), ("140", "mellom 0 og 100")):
        response = skole.post(
            f"/mine-tiltak/{faerder}/1.1",
            data={"csrftoken": csrf(skole, "/mine-tiltak"), "status": "planned", "progress": value},
        )
        assert response.status_code == 422 and words in response.text
        assert '-fremdrift-feil"' in response.text
    assert updates(engine, "1.1") == []


def test_a_coordinator_sees_every_measure_grouped_by_service(
    coordinator: TestClient, engine, faerder
) -> None:
    with_measures(engine, faerder)
    page = coordinator.get("/mine-tiltak").text
    assert "Kurs for lærere" in page and "Rutine for bekymringsmeldinger" in page
    assert page.index(">Barnevernstjenesten</h2>") < page.index(">Grunnskole</h2>")
    response = coordinator.post(
        f"/mine-tiltak/{faerder}/2.1",
        data={"csrftoken": csrf(coordinator, "/mine-tiltak"), "status": "in_progress",
              "progress": "20"},
    )  # fmt: skip
    assert response.status_code == 200  # followed the redirect
    assert updates(engine, "2.1")[0].reported_by == "koordinator"


def test_a_reader_has_no_measures_to_report(client, engine, faerder) -> None:
    add_user(engine, "leser", Role.READER)
    log_in(client, "leser")
    assert "Mine tiltak" not in client.get("/").text
    assert client.get("/mine-tiltak").status_code == 403
    assert client.get(f"/mine-tiltak/{faerder}/1.1").status_code in (403, 404)


def test_a_script_title_renders_inert_on_the_cards(client, engine, faerder) -> None:
    skole = owner_client(client, engine, faerder)
    with session_scope(engine) as session:
        plans.find_measure(
            plans.find_plan(session, faerder), "1.1"
        ).title = "<script>alert(1)</script>"
    page = skole.get("/mine-tiltak").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)" in page


def test_on_a_phone_the_cards_fit_and_a_report_is_stored(
    client, engine, faerder, live_server, browser
) -> None:
    owner_client(client, engine, faerder)
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="nb-NO")
    page = context.new_page()
    try:
        page.goto(f"{live_server}/logg-inn?neste=/mine-tiltak")
        page.fill("#username", "skole")
        page.fill("#password", "riktig-hemmelig-passord")
        page.click("button[type=submit]:has-text('Logg inn')")
        page.wait_for_url(f"{live_server}/mine-tiltak")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 375 px"
        screenshot(page, "mine-tiltak-mobil")
        card = page.locator("article", has_text="Kurs for lærere")
        card.get_by_label("Ny status").select_option("in_progress")
        card.get_by_label("Fremdrift i prosent (0–100)").fill("55")
        card.get_by_label("Kommentar", exact=False).fill("Godt i gang")
        card.get_by_role("button", name="Lagre status for 1.1").click()
        page.wait_for_url("**/mine-tiltak?lagret=*")
        assert "Statusen er lagret." in page.content()
    finally:
        context.close()
    [update] = updates(engine, "1.1")
    assert (update.status, update.progress, update.comment) == ("in_progress", 55, "Godt i gang")
