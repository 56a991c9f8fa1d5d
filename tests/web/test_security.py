"""Security across the whole dashboard: every form needs its CSRF token, hostile text is
inert on every page, and passwords and tokens are never stored or logged in clear.

The pages and forms are found by following links (``tests/web/a11y.py``), so a page that
lands later is covered without a change here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from urllib.parse import urljoin

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from planvakt.core.db import session_scope
from planvakt.services import feeds, measures, plans
from tests.factories import make_plan
from tests.web.a11y import Page, Site, _forms, crawl, log_in, site_database

HOSTILE = "<script>alert(1)</script>"
HOSTILE_SLUG = "3911-fiendtlig-2027"


@pytest.fixture(scope="module")
def site(migrated) -> Iterator[Site]:
    with site_database(migrated) as seeded:
        with session_scope(seeded.engine, actor="test") as session:
            plan = make_plan(session, title=f"Plan {HOSTILE}", slug=HOSTILE_SLUG)
            measures.create_measure(
                session,
                plan,
                {"ref": "1", "focus_area": HOSTILE, "title": HOSTILE, "owner": "grunnskole"},
            )
            plans.report_measure(
                session, plan, "1", on=seeded.today, today=seeded.today, comment=HOSTILE
            )
        yield seeded


def _client() -> TestClient:
    from planvakt.web.app import create_app

    return TestClient(create_app())


@pytest.fixture(scope="module")
def coordinator_pages(site: Site) -> list[Page]:
    with _client() as client:
        log_in(client, site.coordinator)
        return crawl(client, ["/", f"/planer/{HOSTILE_SLUG}", f"/planer/{site.demo_slug}"], 80)


def test_every_form_without_its_csrf_token_is_refused(site: Site, coordinator_pages) -> None:
    posted = set()
    with _client() as client:
        log_in(client, site.coordinator)
        for page in coordinator_pages:
            for form in _forms(page.html):
                action = urljoin(page.path, form.get("action") or page.path)
                shape = re.sub(r"/\d+(?=/|$)", "/N", action)
                if shape in posted:
                    continue
                posted.add(shape)
                multipart = form.get("enctype") == "multipart/form-data"
                response = (
                    client.post(action, files={"fil": ("x.csv", b"id;tiltak\n")}, data={"a": "b"})
                    if multipart
                    else client.post(action, data={"evidence": "x", "title": "x"})
                )
                assert response.status_code == 403, f"{action} accepted a POST without token"
    assert len(posted) >= 15, sorted(posted)  # the coordinator's forms were all found


def test_hostile_text_is_inert_on_every_page(site: Site, coordinator_pages) -> None:
    shown = [p for p in coordinator_pages if "&lt;script&gt;alert(1)&lt;/script&gt;" in p.html]
    assert len(shown) >= 3, [p.path for p in coordinator_pages]
    for page in coordinator_pages:
        assert HOSTILE not in page.html, page.path
    with _client() as client:
        api_free = client.get(f"/offentlig/{site.adopted_slug}")
        assert HOSTILE not in api_free.text


def test_passwords_and_tokens_are_never_stored_or_logged_in_clear(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with _client() as client:
        log_in(client, site.coordinator)
        page = client.get("/profil").text
        token = re.search(r'name="csrftoken" value="([^"]+)"', page)
        assert token
        created = client.post(
            "/profil/api-nokler", data={"name": "skript", "csrftoken": token.group(1)}
        )
        secret = re.search(r'id="nokkel" value="([A-Za-z0-9_\-]{30,})"', created.text)
        assert secret, "the new API token is shown once"
        api_token = secret.group(1)
        assert client.get(
            "/api/v1/plans", headers={"Authorization": f"Bearer {api_token}"}
        ).is_success
    with session_scope(site.engine, actor="test") as session:
        plan = plans.find_plan(session, site.demo_slug)
        feed_token = feeds.issue_token(session, created_by="test", plan=plan).token
    with _client() as client:
        assert client.get(f"/kalender/{feed_token}.ics").is_success
    with site.engine.connect() as connection:
        dump = " ".join(
            str(value)
            for table in ("app_user", "api_token", "feed_token", "audit_entry")
            for row in connection.execute(text(f"SELECT * FROM {table}"))  # noqa: S608
            for value in row
        )
    # What the server logged (the test's own HTTP client logs its requests as "httpx").
    logged = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("httpx"))
    for secret_value in (site.password, api_token, feed_token):
        assert secret_value not in dump
        assert secret_value not in logged
    assert "/kalender/… 200" in logged  # the feed request is logged, without its token


def test_a_forged_login_without_cookies_is_refused(site: Site) -> None:
    """Login CSRF: a cross-site POST carries no cookie at all; it must not log anyone in."""
    with _client() as client:
        response = client.post(
            "/logg-inn",
            data={"username": site.reader, "password": site.password},
            follow_redirects=False,
        )
        assert response.status_code == 403 and "planvakt_okt" not in response.headers.get(
            "set-cookie", ""
        )


def test_a_bearer_header_does_not_excuse_a_form_from_its_csrf_token(site: Site) -> None:
    with _client() as client:
        log_in(client, site.coordinator)
        response = client.post(
            f"/planer/{site.demo_slug}/horing/ny",
            data={"body": "Ungdomsrådet"},
            headers={"Authorization": "Bearer x"},
        )
        assert response.status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/planer/{slug}/dokumenter/99999999999999999999999",
        "/planer/{slug}/historikk?side=%C2%B2",
        "/api/v1/plans/{slug}/documents/99999999999999999999999",
    ],
)
def test_absurd_ids_and_numbers_are_answered_not_crashed_on(site: Site, path: str) -> None:
    with _client() as client:
        log_in(client, site.coordinator)
        response = client.get(path.format(slug=site.demo_slug))
        assert response.status_code < 500
