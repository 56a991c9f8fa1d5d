"""Calendar subscriptions: the coordinator issues, re-issues and revokes secret feed URLs; a
calendar subscribes without a login and gets dates and titles only; a revoked URL is 404."""

from __future__ import annotations

import hashlib
import logging
import re

import icalendar
from fastapi.testclient import TestClient
from sqlalchemy import select

from models import FeedToken, Role
from planvakt.core.db import session_scope
from tests.web.conftest import add_user, csrf, log_in
from tests.web.plan_data import SECRETS, plan_with_secrets

URL_FIELD = re.compile(r'id="adresse" value="(http://testserver/kalender/([A-Za-z0-9_-]+)\.ics)"')


def issue(client: TestClient, slug: str, what: str = "plan") -> tuple[str, str]:
    """Issue a feed URL on the coordinator's page; returns (url, token)."""
    page = f"/planer/{slug}/kalendere"
    response = client.post(f"{page}/{what}", data={"csrftoken": csrf(client, page)})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    match = URL_FIELD.search(response.text)
    assert match, "the new URL is shown"
    return match.group(1), match.group(2)


def subscribe(app, url: str) -> icalendar.Calendar:
    """GET the feed as a calendar program would: a fresh client, no cookies, no login."""
    with TestClient(app) as calendar_program:
        response = calendar_program.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    for secret in SECRETS:
        assert secret not in response.text, secret
    return icalendar.Calendar.from_ical(response.content)


def summaries(calendar: icalendar.Calendar) -> set[str]:
    return {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}


def test_a_plan_feed_is_issued_subscribed_to_and_revoked(
    app, coordinator: TestClient, engine, caplog
) -> None:
    slug = plan_with_secrets(engine)
    caplog.set_level(logging.INFO, logger="planvakt.web")
    url, token = issue(coordinator, slug)
    calendar = subscribe(app, url)
    assert "Frist tiltak 1.3: Temadag for ansatte (Færder)" in summaries(calendar)
    assert "Politisk møte: Kommunestyret (Færder)" in summaries(calendar)
    assert not any("1.2" in s for s in summaries(calendar))  # done: no deadline left
    with session_scope(engine) as session:
        [row] = session.scalars(select(FeedToken)).all()
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert row.created_by == "koord" and row.revoked_at is None
    assert token not in caplog.text and "/kalender/…" in caplog.text
    page = coordinator.get(f"/planer/{slug}/kalendere").text
    assert token not in page and "Aktiv adresse siden" in page

    response = coordinator.post(
        f"/planer/{slug}/kalendere/{row.id}/trekk-tilbake",
        data={"csrftoken": csrf(coordinator, f"/planer/{slug}/kalendere")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    with TestClient(app) as calendar_program:
        assert calendar_program.get(url).status_code == 404
    assert "Ingen aktiv adresse" in coordinator.get(f"/planer/{slug}/kalendere").text


def test_re_issuing_replaces_the_old_url(app, coordinator: TestClient, engine) -> None:
    slug = plan_with_secrets(engine)
    old_url, _ = issue(coordinator, slug)
    new_url, _ = issue(coordinator, slug)
    assert old_url != new_url
    with TestClient(app) as calendar_program:
        assert calendar_program.get(old_url).status_code == 404
    subscribe(app, new_url)
    assert "1 tidligere trukket tilbake" in coordinator.get(f"/planer/{slug}/kalendere").text


def test_a_service_feed_has_only_that_services_deadlines(
    app, coordinator: TestClient, engine
) -> None:
    slug = plan_with_secrets(engine)
    with session_scope(engine) as session:
        from planvakt.services import plans

        school_id = plans.find_measure(plans.find_plan(session, slug), "1.1").owner_service_id
    url, _ = issue(coordinator, slug, f"tjeneste/{school_id}")
    titles = summaries(subscribe(app, url))
    assert titles == {"Frist tiltak 1.1: Kurs for lærere (Færder)"}


def test_unknown_tokens_are_404(client: TestClient) -> None:
    assert client.get("/kalender/finnes-ikke.ics").status_code == 404
    assert client.get("/kalender/" + "x" * 300 + ".ics").status_code == 404


def test_only_the_plans_coordinator_manages_its_feeds(client: TestClient, engine) -> None:
    slug = plan_with_secrets(engine)
    add_user(engine, "leser", Role.READER)
    add_user(engine, "oslo", Role.COORDINATOR, kommune="0301")
    for user in ("leser", "oslo"):
        log_in(client, user)
        assert client.get(f"/planer/{slug}/kalendere").status_code == 403
        token = csrf(client, "/")
        response = client.post(f"/planer/{slug}/kalendere/plan", data={"csrftoken": token})
        assert response.status_code == 403
    with session_scope(engine) as session:
        assert session.scalars(select(FeedToken)).all() == []


def test_issuing_needs_the_csrf_token(coordinator: TestClient, engine) -> None:
    slug = plan_with_secrets(engine)
    assert coordinator.post(f"/planer/{slug}/kalendere/plan").status_code == 403


def test_a_token_of_another_plan_cannot_be_revoked_through_this_one(
    coordinator: TestClient, engine
) -> None:
    slug = plan_with_secrets(engine)
    other = plan_with_secrets(engine, slug="3911-annen-2027")
    issue(coordinator, other)
    with session_scope(engine) as session:
        [row] = session.scalars(select(FeedToken)).all()
    response = coordinator.post(
        f"/planer/{slug}/kalendere/{row.id}/trekk-tilbake",
        data={"csrftoken": csrf(coordinator, f"/planer/{slug}/kalendere")},
    )
    assert response.status_code == 404
    with session_scope(engine) as session:
        assert session.get(FeedToken, row.id).revoked_at is None


def test_in_a_joint_plan_a_partner_manages_only_its_own_services_calendars(
    client: TestClient, engine
) -> None:
    """A service's calendar covers every plan of its municipality: Tønsberg's coordinator
    (partner in a joint plan led by Færder) must not issue or revoke Færder's."""
    from models import Service
    from tests.factories import make_plan

    with session_scope(engine) as session:
        make_plan(session, municipality_numbers=["3911", "3905"], slug="3911-felles-2027")
        faerder = session.scalars(
            select(Service.id).where(Service.municipality_number == "3911")
        ).all()
    add_user(engine, "tkoord", Role.COORDINATOR, kommune="3905")
    log_in(client, "tkoord")
    page = client.get("/planer/3911-felles-2027/kalendere")
    assert page.status_code == 200
    for service_id in faerder:
        assert f'/kalendere/tjeneste/{service_id}"' not in page.text
        refused = client.post(
            f"/planer/3911-felles-2027/kalendere/tjeneste/{service_id}",
            data={"csrftoken": csrf(client, "/planer/3911-felles-2027/kalendere")},
        )
        assert refused.status_code == 404
