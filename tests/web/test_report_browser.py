"""The HTML status report in a real headless Chromium: it renders, and it prints to A4."""

import os
import shutil
from pathlib import Path

import pytest

from planvakt.documents.render import render_html
from planvakt.views.report import build_report
from tests.documents_fixture import TODAY, fixed_plan

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent.parent.parent / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("PLANVAKT_TEST_REQUIRE_BROWSER") == "1":
            pytest.fail("chromium is required here but not installed")
        pytest.skip("chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def test_status_report_renders_and_prints_in_chromium(browser, session, tmp_path) -> None:
    html = render_html(build_report(fixed_plan(session, tmp_path), TODAY))
    page = browser.new_page(viewport={"width": 900, "height": 1200})
    blocked: list[str] = []
    page.route("**/*", lambda route: (blocked.append(route.request.url), route.abort()))
    page.set_content(html)
    assert page.title().startswith("Statusrapport – Handlingsplan mot radikalisering")
    timeline = page.locator("svg.timeline").bounding_box()
    assert timeline is not None and timeline["width"] > 500
    assert page.get_by_text("Forsinket – hvem må handle").is_visible()
    assert page.locator(".light-red").first.inner_text().strip() == "Forsinket"
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "statusrapport.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 20_000
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000  # prints to A4
    assert blocked == []  # self-contained: nothing fetched from anywhere
    page.close()
