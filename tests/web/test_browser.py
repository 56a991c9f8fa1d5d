"""The dashboard end to end in headless Chromium, as its people use it (issue 9, "Done means").

One seeded database (the demo plan and users, as ``planvakt up`` makes them, and an adopted
plan), one server and one browser for the module; the steps run in order and build on each
other: the coordinator completes a checkpoint, records a council decision and sees the phase
advance after the lifecycle runs, uploads a measures spreadsheet (preview, then confirm); a
service owner reports from a phone and the coordinator sees it; a calendar feed is subscribed
to and parsed; the public page opens without a login. A step whose feature is not in the
dashboard yet is skipped with the reason. Screenshots of every page are kept in
``test-artifacts/`` and the README's picture in ``docs/dashboard.png``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from models import PhaseKey
from planvakt.core.db import session_scope
from planvakt.services import plans
from planvakt.services.sweep import DirectSteps, run_lifecycle
from tests.factories import measures_csv
from tests.web.a11y import Site, serve, site_database
from tests.web.conftest import screenshot

DOCS = Path(__file__).parent.parent.parent / "docs"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
LAST_OPEN = "revidert-plan"  # the involvement checkpoint the coordinator completes in the browser
FEED_URL = re.compile(r"https?://[^\s\"'<>]+/kalender/[^\s\"'<>]+\.ics")


@pytest.fixture(scope="module")
def site(migrated) -> Iterator[Site]:
    with site_database(migrated) as seeded:
        _all_but_one_done(seeded)
        yield seeded


def _all_but_one_done(site: Site) -> None:
    """Every required involvement checkpoint done but :data:`LAST_OPEN`: one click is left."""
    with session_scope(site.engine, actor="test") as session:
        plan = plans.find_plan(session, site.demo_slug)
        edition = plan.current_edition
        phase = edition.phase(PhaseKey.INVOLVEMENT)
        for cp in edition.gate_checkpoints(phase):
            if cp.done_on is None and cp.required and cp.key != LAST_OPEN:
                plans.complete_checkpoint(
                    session,
                    plan,
                    f"{phase.key}/{cp.key}",
                    on=min(cp.due_date, site.today),
                    today=site.today,
                )


@pytest.fixture(scope="module")
def base_url(site: Site) -> Iterator[str]:
    from planvakt.web.app import create_app

    with serve(create_app()) as url:
        yield url


def _log_in(browser: Any, base_url: str, user: str, password: str, viewport: dict[str, int]):
    context = browser.new_context(viewport=viewport, locale="nb-NO")
    page = context.new_page()
    page.goto(f"{base_url}/logg-inn")
    page.get_by_label("Brukernavn").fill(user)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{base_url}/")
    return context, page


@pytest.fixture(scope="module")
def coordinator(browser, base_url: str, site: Site) -> Iterator[Any]:
    """The coordinator's browser tab, logged in, shared by the steps."""
    context, page = _log_in(browser, base_url, site.coordinator, site.password, DESKTOP)
    yield page
    context.close()


def _plan(page: Any, base_url: str, site: Site) -> None:
    page.goto(f"{base_url}/planer/{site.demo_slug}")


def _fact(page: Any, name: str) -> str:
    """The value of a fact of the plan page (``<dt>name</dt><dd>value</dd>``)."""
    return str(page.locator(f"dt:text-is('{name}') + dd").first.inner_text()).strip()


def _go_to_form(page: Any, link: re.Pattern[str], field: re.Pattern[str]) -> bool:
    """Show a form with a field labelled ``field``: on this page, or behind a link named
    ``link``; False if the dashboard has neither (the feature is not built yet)."""
    if page.get_by_label(field).count():
        return True
    links = page.get_by_role("link", name=link)
    if links.count():
        links.first.click()
        return bool(page.get_by_label(field).count())
    return False


def _submit(page: Any, button: Any) -> None:
    """Click a form's button and wait for the answer (POST → redirect → GET)."""
    with page.expect_navigation():
        button.click()


def _measures(page: Any, base_url: str, site: Site) -> None:
    """The coordinator's measures table: its own page where there is one."""
    response = page.goto(f"{base_url}/planer/{site.demo_slug}/tiltak")
    if response is None or response.status != 200:
        _plan(page, base_url, site)


def _fill_date(page: Any, label: re.Pattern[str], day: date) -> None:
    field = page.get_by_label(label).first
    kind = field.get_attribute("type") or "text"
    field.fill(day.isoformat() if kind == "date" else f"{day:%d.%m.%Y}")


def test_1_coordinator_logs_in_and_opens_the_demo_plan(
    coordinator: Any, base_url: str, site: Site
) -> None:
    page = coordinator
    page.goto(f"{base_url}/")
    screenshot(page, "oversikt")
    assert page.get_by_role("heading", level=1).count() == 1
    page.get_by_role("link", name=re.compile("Færder")).first.click()
    page.wait_for_url(re.compile(r"/planer/"))
    if site.demo_slug not in page.url:
        _plan(page, base_url, site)
    assert _fact(page, "Fase nå") == "Involvering"
    screenshot(page, "plan")
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS / "dashboard.png"))  # the README's picture: the first screen


def test_2_coordinator_completes_a_checkpoint(coordinator: Any, base_url: str, site: Site) -> None:
    page = coordinator
    _plan(page, base_url, site)
    form = page.locator(f"form[action$='/sjekkpunkter/{LAST_OPEN}']")
    form.get_by_label("Dokumentasjon").fill("Revidert utkast, sak 2026/61")
    _submit(page, form.get_by_role("button"))
    assert page.locator(f"form[action$='/sjekkpunkter/{LAST_OPEN}']").count() == 0
    screenshot(page, "sjekkpunkt-fullfort")


def test_3_coordinator_records_a_council_decision(
    coordinator: Any, base_url: str, site: Site
) -> None:
    page = coordinator
    _plan(page, base_url, site)
    link = re.compile(r"registrer.*vedtak|nytt vedtak", re.I)
    if not _go_to_form(page, link, re.compile(r"saksnummer", re.I)):
        pytest.skip("the form to record a political decision is not built yet")
    screenshot(page, "skjema-vedtak")
    form = page.locator("form", has=page.get_by_label(re.compile(r"saksnummer", re.I))).first
    form.get_by_label(re.compile(r"organ", re.I)).first.fill("kommunestyret")
    _fill_date(form, re.compile(r"^dato", re.I), site.today)
    form.get_by_label(re.compile(r"saksnummer", re.I)).first.fill("2026/77")
    kinds = form.locator("select")
    if kinds.count():
        values = kinds.first.locator("option").evaluate_all("os => os.map(o => o.value)")
        kinds.first.select_option(value=next(v for v in values if v))
    summary = form.get_by_label(re.compile(r"sammendrag|innhold|beskrivelse", re.I))
    if summary.count():
        summary.first.fill("Kommunestyret tok orienteringen om planarbeidet til etterretning")
    _submit(page, form.get_by_role("button").last)
    assert page.get_by_role("alert").count() == 0, page.inner_text("main")
    screenshot(page, "vedtak-registrert")
    if "2026/77" not in page.content():
        response = page.goto(f"{base_url}/planer/{site.demo_slug}/prosess")
        if response is None or response.status != 200:
            _plan(page, base_url, site)
    assert "2026/77" in page.content()


def test_4_the_phase_advances_after_the_lifecycle_runs(
    coordinator: Any, base_url: str, site: Site
) -> None:
    run_lifecycle(DirectSteps(), site.today, notify=False)  # the order of the nightly flow
    page = coordinator
    _plan(page, base_url, site)
    assert _fact(page, "Fase nå") == "Politisk forankring"
    screenshot(page, "plan-ny-fase")


def test_5_coordinator_uploads_a_spreadsheet_sees_the_preview_and_confirms(
    coordinator: Any, base_url: str, site: Site, tmp_path: Path
) -> None:
    page = coordinator
    _plan(page, base_url, site)
    link = re.compile(r"last opp|importer|regneark", re.I)
    if not page.locator("input[type=file]").count():
        links = page.get_by_role("link", name=link)
        if links.count():
            links.first.click()
    if not page.locator("input[type=file]").count():
        pytest.skip("uploading a measures spreadsheet is not built yet")
    sheet = tmp_path / "tiltak.csv"
    sheet.write_text(
        measures_csv(
            [
                {
                    "id": "9.1",
                    "innsatsområde": "Nettbasert radikalisering",
                    "tiltak": "Kurs i digital dømmekraft for 8. trinn",
                    "ansvarlig_enhet": "grunnskole",
                    "frist": "31.12.2027",
                    "status": "planlagt",
                    "fremdrift": "0",
                }
            ]
        ),
        encoding="utf-8",
    )
    page.locator("input[type=file]").first.set_input_files(str(sheet))
    upload = page.locator("form", has=page.locator("input[type=file]"))
    _submit(page, upload.locator("button[type=submit]").first)
    assert "Kurs i digital dømmekraft" in page.content(), page.inner_text("main")  # the preview
    screenshot(page, "import-forhandsvisning")
    _plan(page, base_url, site)
    assert "Kurs i digital dømmekraft" not in page.content()  # nothing stored by the preview
    page.go_back()
    _submit(page, page.get_by_role("button", name=re.compile(r"bekreft", re.I)))
    _measures(page, base_url, site)
    assert "Kurs i digital dømmekraft for 8. trinn" in page.content()


def test_6_service_owner_reports_from_a_phone_and_the_coordinator_sees_it(
    browser, coordinator: Any, base_url: str, site: Site
) -> None:
    context, page = _log_in(browser, base_url, site.service_owner, site.password, PHONE)
    try:
        response = page.goto(f"{base_url}/mine-tiltak")
        if response is None or response.status == 404:
            pytest.skip("«Mine tiltak» is not built yet")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        screenshot(page, "mine-tiltak-mobil")
        card = page.locator("form", has_text="Kompetanseheving for ansatte").first
        if not card.count():
            card = page.locator("form").filter(has=page.get_by_label(re.compile("fremdrift", re.I)))
            card = card.first
        progress = card.get_by_label(re.compile(r"fremdrift", re.I)).first
        progress.fill("65")
        comment = card.get_by_label(re.compile(r"kommentar", re.I))
        if comment.count():
            comment.first.fill("Kurs for alle lærere ved to skoler gjennomført")
        _submit(page, card.get_by_role("button").last)
        assert page.get_by_role("alert").count() == 0, page.inner_text("main")
        screenshot(page, "mine-tiltak-rapportert")
    finally:
        context.close()
    _measures(coordinator, base_url, site)
    row = coordinator.locator("tr", has_text="Kompetanseheving for ansatte").first
    assert "65 %" in " ".join(row.inner_text().split())  # (a no-break space before %)


def test_7_a_calendar_feed_is_subscribed_to_and_parsed(
    coordinator: Any, base_url: str, site: Site
) -> None:
    import icalendar

    page = coordinator
    response = page.goto(f"{base_url}/planer/{site.demo_slug}/kalendere")
    if response is None or response.status == 404:
        pytest.skip("calendar subscriptions are not built yet")
    screenshot(page, "kalendere")
    _submit(page, page.get_by_role("button", name=re.compile(r"opprett|lag|ny|utsted", re.I)).first)
    match = FEED_URL.search(page.content())
    assert match, "the feed URL is shown once after issuing"
    screenshot(page, "kalender-utstedt")
    feed = httpx.get(match.group(0).replace("&amp;", "&"), timeout=10)  # no login: a calendar app
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(feed.content)
    events = list(calendar.walk("VEVENT"))
    assert events and all(e.get("DTSTART") for e in events)


def test_8_the_public_page_opens_without_a_login(browser, base_url: str, site: Site) -> None:
    context = browser.new_context(viewport=PHONE, locale="nb-NO")
    page = context.new_page()
    try:
        response = page.goto(f"{base_url}/offentlig/{site.adopted_slug}")
        if response is None or response.status == 404:
            pytest.skip("the public page is not built yet")
        assert response.status == 200 and "/logg-inn" not in page.url
        assert page.get_by_role("heading", level=1).count() == 1
        assert page.get_by_role("button", name="Logg ut").count() == 0
        screenshot(page, "offentlig")
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/katalog", "/profil"])
def test_9_the_other_main_pages_open(coordinator: Any, base_url: str, path: str) -> None:
    response = coordinator.goto(base_url + path)
    if response is None or response.status == 404:
        pytest.skip(f"{path} is not built yet")
    assert response.status == 200
    assert coordinator.get_by_role("heading", level=1).count() == 1
    screenshot(coordinator, path.strip("/"))
