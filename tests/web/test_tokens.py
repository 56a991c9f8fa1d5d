"""Personal API tokens on /profil: made with a name, shown once, stored hashed, revoked."""

from __future__ import annotations

import hashlib
import logging
import re

import html5lib
from fastapi.testclient import TestClient
from sqlalchemy import select

from models import ApiToken, AuditEntry, Role
from planvakt.core.db import session_scope
from planvakt.services import tokens, users
from tests.factories import VALID_FNR
from tests.web.conftest import PASSWORD, add_user, csrf, log_in, screenshot

SHOWN = re.compile(r'id="nokkel" value="([^"]+)"')


def make_token(client: TestClient, name: str = "rapportskript") -> str:
    response = client.post(
        "/profil/api-nokler",
        data={"name": name, "csrftoken": csrf(client, "/profil")},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/profil#ny-nokkel"
    page = client.get("/profil")
    assert page.headers["cache-control"] == "no-store"
    match = SHOWN.search(page.text)
    assert match, "the new token is shown"
    html5lib.HTMLParser(strict=True).parse(page.text)
    return match.group(1)


def test_a_token_is_shown_once_stored_hashed_and_works(
    coordinator: TestClient, engine, faerder, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = make_token(coordinator)
    assert len(secret) >= 40
    assert secret not in coordinator.get("/profil").text  # never again
    assert "rapportskript" in coordinator.get("/profil").text
    with session_scope(engine) as session:
        stored = session.scalars(select(ApiToken)).one()
        assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
        audit = " ".join(
            f"{a.old_value} {a.new_value} {a.label}" for a in session.scalars(select(AuditEntry))
        )
    assert secret not in audit and stored.token_hash not in audit
    assert secret not in caplog.text
    api = coordinator.get("/api/v1/plans", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200 and api.json()[0]["slug"] == faerder


def test_a_revoked_token_is_refused_by_the_api(coordinator: TestClient, engine, faerder) -> None:
    secret = make_token(coordinator)
    with session_scope(engine) as session:
        token_id = session.scalars(select(ApiToken.id)).one()
    revoked = coordinator.post(
        f"/profil/api-nokler/{token_id}/trekk-tilbake",
        data={"csrftoken": csrf(coordinator, "/profil")},
        follow_redirects=False,
    )
    assert revoked.status_code == 303
    assert "Trukket tilbake" in coordinator.get("/profil").text
    api = coordinator.get("/api/v1/plans", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 401
    again = coordinator.post(
        f"/profil/api-nokler/{token_id}/trekk-tilbake",
        data={"csrftoken": csrf(coordinator, "/profil")},
    )
    assert again.status_code == 409


def test_a_user_cannot_see_or_revoke_another_users_token(
    client: TestClient, engine, faerder
) -> None:
    with session_scope(engine) as session:
        koord = users.find_user(session, "koord")
        row, _ = tokens.create_token(session, koord.id, "koordinatorens skript")
    add_user(engine, "leser", Role.READER)
    log_in(client, "leser")
    assert "koordinatorens skript" not in client.get("/profil").text
    response = client.post(
        f"/profil/api-nokler/{row.id}/trekk-tilbake", data={"csrftoken": csrf(client, "/profil")}
    )
    assert response.status_code == 404
    with session_scope(engine) as session:
        assert session.get(ApiToken, row.id).revoked_at is None  # type: ignore[union-attr]


def test_a_token_name_with_a_fodselsnummer_is_refused_at_the_field(
    coordinator: TestClient, engine, faerder
) -> None:
    response = coordinator.post(
        "/profil/api-nokler",
        data={"name": f"for {VALID_FNR}", "csrftoken": csrf(coordinator, "/profil")},
    )
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.text and 'id="name-error"' in response.text
    assert "fødselsnummer" in response.text
    html5lib.HTMLParser(strict=True).parse(response.text)
    empty = coordinator.post(
        "/profil/api-nokler", data={"name": "  ", "csrftoken": csrf(coordinator, "/profil")}
    )
    assert empty.status_code == 422 and "gi nøkkelen et navn" in empty.text
    with session_scope(engine) as session:
        assert session.scalars(select(ApiToken)).all() == []


def test_making_a_token_needs_the_csrf_token_and_a_login(client: TestClient, faerder) -> None:
    assert client.get("/profil", follow_redirects=False).status_code == 303
    log_in(client, "koord")
    refused = client.post("/profil/api-nokler", data={"name": "x"}, follow_redirects=False)
    assert refused.status_code == 403


def test_the_profile_page_works_on_a_phone(browser, live_server: str, faerder) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="nb-NO")
    page = context.new_page()
    try:
        page.goto(f"{live_server}/logg-inn")
        page.fill("#username", "koord")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{live_server}/profil")
        page.fill("#name", "rapportskript for skolene")
        page.click("text=Lag nøkkel")
        assert page.input_value("#nokkel")
        assert page.evaluate("document.documentElement.scrollWidth") <= 376
        screenshot(page, "profil")
    finally:
        context.close()
