"""Accessibility of every main page: axe-core in headless Chromium finds no violation of
impact serious or critical, and no page scrolls sideways on a 375 px wide phone (WCAG 1.4.10).

Pages are found by following links as each role sees them, so a page that lands is checked
without a change here; forms are checked in their error state too (a fødselsnummer in every
free-text field, which must be refused at the field).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.web.a11y import (
    Page,
    Site,
    crawl,
    describe,
    error_pages,
    log_in,
    serious_violations,
    serve,
    site_database,
)

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def site(migrated) -> Iterator[Site]:
    with site_database(migrated) as seeded:
        yield seeded


@pytest.fixture(scope="module")
def base_url(site: Site) -> Iterator[str]:
    from planvakt.web.app import create_app

    with serve(create_app()) as url:
        yield url


def _starts(site: Site) -> dict[str, list[str]]:
    return {
        "": ["/logg-inn", f"/offentlig/{site.adopted_slug}"],
        site.coordinator: ["/", f"/planer/{site.demo_slug}", "/katalog", "/profil"],
        site.service_owner: ["/", "/mine-tiltak"],
        site.reader: ["/", f"/planer/{site.demo_slug}"],
    }


def _pages(base_url: str, user: str, starts: list[str]) -> list[Page]:
    with httpx.Client(base_url=base_url) as client:
        if user:
            log_in(client, user)
        return [p for p in crawl(client, starts) if p.status == 200]


def _browser_page(browser: Any, base_url: str, user: str, site: Site, viewport: dict[str, int]):
    context = browser.new_context(viewport=viewport, locale="nb-NO")
    page = context.new_page()
    if user:
        page.goto(f"{base_url}/logg-inn")
        page.get_by_label("Brukernavn").fill(user)
        page.get_by_label("Passord").fill(site.password)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url(f"{base_url}/")
    return context, page


ROLES = ["offentlig", "koordinator", "tjenesteeier", "leser"]


@pytest.mark.parametrize("role", ROLES)
def test_no_serious_accessibility_violation(browser, base_url: str, site: Site, role: str) -> None:
    user = {"offentlig": "", "koordinator": site.coordinator, "leser": site.reader}.get(
        role, site.service_owner
    )
    pages = _pages(base_url, user, _starts(site)[user])
    assert pages, f"no page found for {role}"
    # Service owners report from their phones: their pages are checked at phone size.
    viewport = PHONE if role == "tjenesteeier" else DESKTOP
    context, page = _browser_page(browser, base_url, user, site, viewport)
    found: list[str] = []
    try:
        for checked in pages:
            page.goto(base_url + checked.path)
            violations = serious_violations(page)
            if violations:
                found.append(f"{checked.path}:\n{describe(violations)}")
    finally:
        context.close()
    assert not found, "\n".join(found)


def test_forms_in_their_error_state_are_accessible(browser, base_url: str, site: Site) -> None:
    with httpx.Client(base_url=base_url) as client:
        log_in(client, site.coordinator)
        pages = crawl(client, _starts(site)[site.coordinator])
        failed = error_pages(client, pages)
    context, page = _browser_page(browser, base_url, "", site, DESKTOP)
    found: list[str] = []
    try:
        # The login form with its error, as a person gets it.
        page.goto(f"{base_url}/logg-inn")
        page.get_by_label("Brukernavn").fill(site.coordinator)
        page.get_by_label("Passord").fill("feil-passord-123")
        page.get_by_role("button", name="Logg inn").click()
        assert page.get_by_role("alert").is_visible()
        failed_pages = [("/logg-inn (feil passord)", None)]
        failed_pages += [(p.path, p.html) for p in failed]
        for label, html in failed_pages:
            if html is not None:
                # Shown at the site's address, so its style sheets load as in real use.
                page.goto(f"{base_url}/logg-inn")
                page.set_content(html)
            violations = serious_violations(page)
            if violations:
                found.append(f"{label}:\n{describe(violations)}")
    finally:
        context.close()
    assert not found, "\n".join(found)


@pytest.mark.parametrize("role", ["offentlig", "koordinator", "tjenesteeier"])
def test_no_page_scrolls_sideways_on_a_phone(browser, base_url: str, site: Site, role: str) -> None:
    user = {"offentlig": "", "koordinator": site.coordinator}.get(role, site.service_owner)
    pages = _pages(base_url, user, _starts(site)[user])
    context, page = _browser_page(browser, base_url, user, site, PHONE)
    too_wide: list[str] = []
    try:
        for checked in pages:
            page.goto(base_url + checked.path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"] + 1:
                too_wide.append(f"{checked.path}: {width} px")
    finally:
        context.close()
    assert not too_wide, "pages wider than the phone (tables may scroll in a box):\n" + "\n".join(
        too_wide
    )
