"""The dashboard in bokmål, nynorsk and English: a user's own choice (profile page), else the
browser's ``Accept-Language``, else bokmål; a plan's public page in the plan's language; the
JSON API's messages in the token user's language. Bokmål stays the default (the other web
tests read bokmål)."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import html5lib
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from models import AuditEntry, Role
from planvakt.core.db import session_scope
from planvakt.core.messages import message
from planvakt.exchange.measures import import_measures
from planvakt.services import plans, revision, tokens, users
from planvakt.web.deps import accepted_language
from tests.factories import make_plan, measures_csv
from tests.web.a11y import Page, crawl, describe, error_pages, serious_violations
from tests.web.conftest import PASSWORD, add_user, csrf, log_in, screenshot
from tests.web.test_html_valid import _vnu_jar
from tests.web.test_sheets_web import upload, workbook

# Word forms that are bokmål only: none may show on a nynorsk page.
BOKMAL_ONLY = ("ikke", "fremdrift", "Ansvarlig", "hvem", "frister", "sjekkpunkter", "tjeneste")
MEASURES = [
    {"id": "1.1", "innsatsområde": "Kunnskap", "tiltak": "Kurs for lærarar",
     "ansvarlig_enhet": "grunnskole", "frist": "30.06.2027", "status": "pågår",
     "fremdrift": "40"},
    {"id": "1.2", "innsatsområde": "Samarbeid", "tiltak": "Fagdag om nettvett",
     "ansvarlig_enhet": "barnevern", "frist": "30.09.2027"},
]  # fmt: skip


def visible(page: str) -> str:
    """The words a reader sees: the text between tags, entities decoded, on one line."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def words(page: str) -> set[str]:
    return set(re.findall(r"[\wæøåÆØÅ]+", visible(page)))


def assert_no_bokmal(page: str) -> None:
    found = {w for w in BOKMAL_ONLY if re.search(rf"\b{w}\b", visible(page), re.IGNORECASE)}
    assert not found, f"bokmål forms on a nynorsk page: {found}"


def choose_language(client: TestClient, language: str) -> str:
    """Choose the dashboard's language on the profile page; returns the page it leads to."""
    response = client.post(
        "/profil/sprak",
        data={"language": language, "csrftoken": csrf(client, "/profil")},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/profil#sprak"
    return client.get("/profil").text


@pytest.fixture
def with_measures(engine, faerder: str) -> str:
    with session_scope(engine) as session:
        import_measures(session, plans.find_plan(session, faerder), measures_csv(MEASURES), "t.csv")
    return faerder


# --- the user's own choice ----------------------------------------------------------------------


def test_a_user_who_chose_nynorsk_sees_overview_plan_and_measures_in_nynorsk(
    coordinator: TestClient, engine, with_measures: str
) -> None:
    slug = with_measures
    profile = choose_language(coordinator, "nn")
    assert '<html lang="nn">' in profile and "Språket er lagra." in profile

    overview = coordinator.get("/").text
    assert '<html lang="nn">' in overview
    for expected in ("Oversikt over planane", "Forseinka", "Neste frist", "Logg ut", "1 av 1 plan"):
        assert expected in visible(overview), expected
    assert_no_bokmal(overview)

    plan = coordinator.get(f"/planer/{slug}").text
    for expected in ("Sjekkpunkt i fasen no", "Ansvarleg", "Framdrift i tiltaka", "Fasar",
                     "Dei neste fristane", "Språket til planen"):  # fmt: skip
        assert expected in visible(plan), expected
    assert_no_bokmal(plan)

    page = coordinator.get(f"/planer/{slug}/tiltak").text
    text = visible(page)
    for expected in ("Framdrift per innsatsområde", "Ansvarleg teneste", "2 av 2 tiltak",
                     "I gang", "Innsatsområde"):  # fmt: skip
        assert expected in text, expected
    assert "Pågår" not in text and "Kurs for lærarar" in text  # the status translated, data not
    assert_no_bokmal(page)


def test_a_nynorsk_form_with_errors_names_them_in_nynorsk(
    coordinator: TestClient, faerder: str
) -> None:
    choose_language(coordinator, "nn")
    response = coordinator.post(
        f"/planer/{faerder}/tiltak/nytt",
        data={"ref": "9.9", "focus_area": "", "title": "", "status": "planned",
              "progress": "mykje", "deadline": "31.02.2027",
              "csrftoken": csrf(coordinator, f"/planer/{faerder}/tiltak/nytt")},
    )  # fmt: skip
    assert response.status_code == 422
    page = response.text
    text = visible(page)
    assert '<html lang="nn">' in page
    assert "Rett opp dette før du går vidare" in text and "Ansvarleg teneste" in text
    assert "Nytt tiltak" in text and "(valfritt)" in text and "Vel …" in text
    for code in ("field.string_too_short", "field.int_parsing"):  # each field's own error
        assert message(code, {}, "nn") in text, code
    assert message("date.nonexistent", {"value": "31.02.2027"}, "nn") in text
    assert "Lagre tiltaket" in text
    assert_no_bokmal(page)


def test_the_upload_preview_is_in_nynorsk(coordinator: TestClient, faerder: str) -> None:
    choose_language(coordinator, "nn")
    sheet = workbook(
        [["1.1", "Kunnskap", "Kurs for tilsette", "Grunnskole", date(2027, 6, 30), 0.4, "Ny"]],
        headers=["Nr", "Innsatsområde", "Tiltak", "Ansvarleg", "Tidsfrist", "Framdrift", "Status",
                 "Merknad"],
    )  # fmt: skip
    response = upload(coordinator, faerder, sheet, "handlingsplan.xlsx")
    assert response.status_code == 200, response.text
    text = visible(response.text)
    for expected in ("Sjå over tiltaka frå handlingsplan.xlsx", "Overskriftsrad", "rad 3",
                     "Nye tiltak", "Kolonnar som ikkje blir lesne (1)", "kolonne H: «Merknad»",
                     "Stadfest", "Rad for rad"):  # fmt: skip
        assert expected in text, expected
    assert_no_bokmal(response.text)


def test_a_user_who_chose_english_sees_english(
    coordinator: TestClient, engine, with_measures: str
) -> None:
    choose_language(coordinator, "en")
    overview = coordinator.get("/").text
    assert '<html lang="en">' in overview
    assert {"Overview", "plans", "Overdue", "deadline"} <= words(overview)
    page = coordinator.get(f"/planer/{with_measures}/tiltak").text
    text = visible(page)
    assert "Progress per focus area" in text and "Responsible service" in text
    assert "In progress" in text and "2 of 2 measures" in text and "40%" in text
    assert not {"Tiltak", "Fremdrift", "Framdrift", "Ansvarlig", "ikke"} & words(page)
    form = coordinator.post(
        f"/planer/{with_measures}/tiltak/nytt",
        data={"ref": "9.9", "csrftoken": csrf(coordinator, f"/planer/{with_measures}/tiltak")},
    )
    assert form.status_code == 422
    assert "Correct this before you go on" in visible(form.text)
    assert message("field.string_too_short", {}, "en") in visible(form.text)


def test_the_choice_is_stored_on_the_user_and_audited(
    coordinator: TestClient, engine, faerder: str
) -> None:
    choose_language(coordinator, "nn")
    with session_scope(engine) as session:
        assert users.find_user(session, "koord").language == "nn"
        change = session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "app_user", AuditEntry.field == "language"
            )
        ).one()
        assert (change.new_value, change.actor) == ("nn", "web:koord")


def test_a_language_planvakt_does_not_speak_is_refused(
    coordinator: TestClient, engine, faerder: str
) -> None:
    response = coordinator.post(
        "/profil/sprak", data={"language": "sv", "csrftoken": csrf(coordinator, "/profil")}
    )
    assert response.status_code == 422
    with session_scope(engine) as session:
        assert users.find_user(session, "koord").language is None


def test_bokmal_stays_the_default(coordinator: TestClient, faerder: str) -> None:
    page = coordinator.get("/").text
    assert '<html lang="nb">' in page and "Oversikt over planene" in page


# --- the browser's language (no login, or no choice made) --------------------------------------


def test_the_login_page_follows_accept_language(client: TestClient) -> None:
    nynorsk = client.get("/logg-inn", headers={"Accept-Language": "nn-NO,nn;q=0.9,nb;q=0.8"})
    assert '<html lang="nn">' in nynorsk.text
    assert "Brukarnamn" in nynorsk.text and "Brukernavn" not in nynorsk.text
    english = client.get("/logg-inn", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert '<html lang="en">' in english.text and "Username" in english.text
    neither = client.get("/logg-inn", headers={"Accept-Language": "sv-SE,de;q=0.5"})
    assert '<html lang="nb">' in neither.text and "Brukernavn" in neither.text


def test_a_failed_login_answers_in_the_browsers_language(client: TestClient, faerder) -> None:
    response = client.post(
        "/logg-inn",
        data={"username": "koord", "password": "feil-passord-123", "csrftoken": csrf(client)},
        headers={"Accept-Language": "nn"},
    )
    assert response.status_code == 401
    assert message("auth.failed", {}, "nn") in visible(response.text)


def test_the_users_choice_wins_over_the_browser(coordinator: TestClient, faerder: str) -> None:
    choose_language(coordinator, "en")
    page = coordinator.get("/", headers={"Accept-Language": "nn"}).text
    assert '<html lang="en">' in page


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("nn", "nn"),
        ("nn-NO,nn;q=0.9,nb;q=0.8", "nn"),
        ("en;q=0.5, nn;q=0.9", "nn"),
        ("sv-SE, en-GB;q=0.7", "en"),
        ("no", "nb"),
        ("nb-NO", "nb"),
        ("nn;q=0, en", "en"),
        ("*", None),
        ("", None),
        (None, None),
        ("nn;q=abc, en;q=0.1", "en"),
    ],
)
def test_accept_language_is_read_in_order_of_weight(header: str | None, expected: str) -> None:
    assert accepted_language(header) == expected


# --- a plan's own language ----------------------------------------------------------------------


def nynorsk_plan(engine) -> str:
    """An adopted plan of Sogndal (4640, nynorsk): its language is nynorsk by default."""
    slug = "4640-sogndal-2027"
    with session_scope(engine) as session:
        plan = make_plan(session, municipality_numbers=["4640"], slug=slug)
        assert plan.language == "nn"
        import_measures(session, plan, measures_csv(MEASURES), "tiltak.csv")
        revision.record_adoption(
            session,
            plans.find_plan(session, slug),
            body="Kommunestyret",
            decided_on=date(2026, 12, 10),
            case_number="2026/41",
            period_start=date(2027, 1, 1),
            period_end=date(2030, 12, 31),
        )
    return slug


def test_the_public_page_of_a_nynorsk_plan_is_nynorsk_for_anyone(
    client: TestClient, engine
) -> None:
    slug = nynorsk_plan(engine)
    response = client.get(f"/offentlig/{slug}", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    page = response.text
    text = visible(page)
    assert '<html lang="nn">' in page
    for expected in ("Vedteken av Kommunestyret 10.12.2026 (sak 2026/41).", "Samla status",
                     "Gjennomsnittleg framdrift", "Tiltak: 1.", "Høyringssvar mottekne: under 5.",
                     "Hopp til innhaldet",
                     "i gang"):  # fmt: skip
        assert expected in text, expected
    assert "Vedtatt" not in text
    assert_no_bokmal(page)


def test_a_coordinator_changes_the_plans_language(
    coordinator: TestClient, engine, faerder: str
) -> None:
    page = coordinator.get(f"/planer/{faerder}").text
    assert 'action="/planer/' + faerder + '/sprak"' in page
    response = coordinator.post(
        f"/planer/{faerder}/sprak",
        data={"language": "nn", "csrftoken": csrf(coordinator, f"/planer/{faerder}")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    shown = coordinator.get(response.headers["location"]).text
    assert "Planen bruker nå nynorsk i meldinger" in shown  # the user still reads bokmål
    with session_scope(engine) as session:
        assert plans.find_plan(session, faerder).language == "nn"
        assert (
            session.scalars(
                select(AuditEntry).where(
                    AuditEntry.entity == "plan", AuditEntry.field == "language"
                )
            )
            .one()
            .new_value
            == "nn"
        )


def test_a_reader_may_not_change_the_plans_language(client: TestClient, engine, faerder) -> None:
    add_user(engine, "leser", Role.READER)
    log_in(client, "leser")
    page = client.get(f"/planer/{faerder}").text
    assert "/sprak" not in page
    response = client.post(
        f"/planer/{faerder}/sprak", data={"language": "en", "csrftoken": csrf(client, "/")}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("language", ["nn", "en"])
def test_template_titles_show_in_the_viewers_language(
    coordinator: TestClient, engine, faerder: str, language: str
) -> None:
    """Phase names and the current phase's checkpoint titles, as the plan stores them."""
    with session_scope(engine) as session:
        edition = plans.find_plan(session, faerder).current_edition
        phases = [(p.name("nb"), p.name(language)) for p in edition.phases]
        current = edition.current_phase
        assert current is not None
        titles = [(c.title("nb"), c.title(language)) for c in current.checkpoints]
    differ = [pair for pair in phases + titles if pair[0] != pair[1]]
    assert differ, f"the template has no {language} texts"
    bokmal = visible(coordinator.get(f"/planer/{faerder}").text)
    choose_language(coordinator, language)
    chosen = visible(coordinator.get(f"/planer/{faerder}").text)
    for source, translated in differ:
        assert source in bokmal and translated in chosen, translated
        assert source not in chosen, source


# --- the JSON API -------------------------------------------------------------------------------


def test_api_errors_follow_accept_language_without_a_token(client: TestClient) -> None:
    nb = client.get("/api/v1/plans").json()
    nn = client.get("/api/v1/plans", headers={"Accept-Language": "nn"}).json()
    assert nb["code"] == nn["code"] == "api.token_missing"
    assert nn["message"] == message("api.token_missing", {}, "nn") != nb["message"]


def test_api_errors_and_labels_follow_the_token_users_language(
    client: TestClient, engine, with_measures: str
) -> None:
    with session_scope(engine) as session:
        user = users.find_user(session, "koord")
        users.set_language(session, user.id, "nn")
        _, secret = tokens.create_token(session, user.id, "test")
    headers = {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}
    missing = client.get(f"/api/v1/plans/{with_measures}/measures/9.9", headers=headers)
    assert missing.status_code == 404
    assert missing.json()["message"] == message(
        "measure.not_found", {"ref": "9.9", "plan": with_measures}, "nn"
    )
    measure = client.get(f"/api/v1/plans/{with_measures}/measures/1.1", headers=headers).json()
    assert (measure["status"], measure["status_label"]) == ("in_progress", "i gang")


# --- whole pages: valid HTML in nynorsk, and as a person sees them ---------------------------


def test_the_nynorsk_pages_and_their_error_states_are_valid_html(
    coordinator: TestClient, with_measures: str, tmp_path: Path
) -> None:
    """The coordinator's pages crawled in nynorsk (the forms in their error state too), and
    the nynorsk plan's public page, checked by the Nu HTML Checker (html5lib without Java)."""
    choose_language(coordinator, "nn")
    found = crawl(coordinator, ["/", f"/planer/{with_measures}", "/katalog", "/profil"])
    found += error_pages(coordinator, found)
    pages = [p for p in found if p.status != 404]
    assert len(pages) > 20 and all('<html lang="nn">' in p.html for p in pages)
    problems = html_problems(pages, tmp_path)
    assert not problems, f"{len(problems)} HTML errors:\n" + "\n".join(problems)


def html_problems(pages: list[Page], folder: Path) -> list[str]:
    """The errors the Nu HTML Checker finds in ``pages`` (a strict html5lib parse without
    Java: a weaker check)."""
    files: dict[str, Page] = {}
    for number, page in enumerate(pages):
        name = f"side-{number:02d}.html"
        (folder / name).write_text(page.html, encoding="utf-8")
        files[name] = page
    jar, java = _vnu_jar(), shutil.which("java")
    if jar is None or java is None:
        problems = []
        for page in pages:
            try:
                html5lib.HTMLParser(strict=True).parse(page.html)
            except html5lib.html5parser.ParseError as exc:
                problems.append(f"{page.path}: {exc}")
        return problems
    run = subprocess.run(
        [java, "-Xss1024k", "-jar", str(jar), "--format", "json", "--errors-only", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    found = json.loads(run.stderr or run.stdout)["messages"]
    return [
        f"{files[Path(m['url']).name].path} line {m.get('lastLine', '?')}: {m['message']}"
        for m in found
        if m.get("type") == "error"
    ]


def test_a_coordinator_reads_the_dashboard_in_nynorsk_in_the_browser(
    browser: Any, live_server: str, engine, with_measures: str
) -> None:
    """In Chromium with an English browser: the login page is English (Accept-Language); the
    coordinator chooses nynorsk on the profile page, and the overview and the plan page are
    nynorsk, with no serious accessibility violation (screenshots in test-artifacts/)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(f"{live_server}/logg-inn")
        page.get_by_label("Username").fill("koord")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server}/")
        page.goto(f"{live_server}/profil")
        page.get_by_label("Language of the dashboard").select_option("nn")
        with page.expect_navigation():
            page.get_by_role("button", name="Save the language").click()
        assert page.get_by_role("status").filter(has_text="Språket er lagra.").count() == 1
        page.goto(f"{live_server}/")
        assert page.locator("html").get_attribute("lang") == "nn"
        assert page.get_by_role("heading", level=1).inner_text() == "Oversikt over planane"
        screenshot(page, "nynorsk-oversikt")
        found = serious_violations(page)
        page.get_by_role("link", name=re.compile("Færder")).first.click()
        page.wait_for_url(re.compile(r"/planer/"))
        assert page.get_by_role("heading", name="Sjekkpunkt i fasen no").count() == 1
        assert page.locator("dt:text-is('Fase no') + dd").inner_text() != ""
        screenshot(page, "nynorsk-plan")
        found += serious_violations(page)
        assert_no_bokmal(page.content())
    finally:
        context.close()
    assert not found, describe(found)
