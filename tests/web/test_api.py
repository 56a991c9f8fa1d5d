"""The JSON API under /api/v1: personal tokens, the same access rules as the pages, the same
services and privacy guard as the forms, errors as JSON with a Norwegian message."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from models import ApiToken, MeasureUpdate, Role
from planvakt.core.db import session_scope
from planvakt.documents import store
from planvakt.exchange.measures import import_measures
from planvakt.services import plans, records, tokens, users
from tests.factories import VALID_FNR, make_plan, measures_csv
from tests.web.conftest import add_user, log_in


def token_for(engine, username: str) -> str:
    with session_scope(engine) as session:
        user = users.find_user(session, username)
        _, secret = tokens.create_token(session, user.id, "test")
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def measures(engine, faerder: str) -> str:
    """Two measures on the Færder plan: T1 the school's, T2 the child welfare service's."""
    rows = [
        {"id": "T1", "innsatsområde": "Kunnskap", "tiltak": "Kurs for lærere",
         "ansvarlig_enhet": "grunnskole", "frist": "17.05.2027"},
        {"id": "T2", "innsatsområde": "Samarbeid", "tiltak": "Rutiner for deling",
         "ansvarlig_enhet": "barnevern", "frist": "01.09.2027"},
    ]  # fmt: skip
    with session_scope(engine) as session:
        import_measures(session, plans.find_plan(session, faerder), measures_csv(rows), "t.csv")
    return faerder


@pytest.fixture
def koord_token(engine, faerder: str) -> str:
    return token_for(engine, "koord")


def test_the_api_without_a_token_is_refused_as_json(client: TestClient, faerder) -> None:
    response = client.get("/api/v1/plans")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    body = response.json()
    assert body["code"] == "api.token_missing" and "API-nøkkel" in body["message"]
    # A logged-in browser session is no token either.
    log_in(client, "koord")
    assert client.get("/api/v1/plans").status_code == 401


def test_an_unknown_or_revoked_token_is_refused(client: TestClient, engine, koord_token) -> None:
    assert client.get("/api/v1/plans", headers=bearer(koord_token)).status_code == 200
    assert client.get("/api/v1/plans", headers=bearer("gjettet-nokkel")).status_code == 401
    with session_scope(engine) as session:
        token = session.scalars(select(ApiToken)).one()
        assert token.last_used_at is not None  # noted on use
        tokens.revoke_token(session, token.user_id, token.id)
    refused = client.get("/api/v1/plans", headers=bearer(koord_token))
    assert refused.status_code == 401 and refused.json()["code"] == "api.token_invalid"


def test_a_disabled_users_token_is_refused(client: TestClient, engine, koord_token) -> None:
    with session_scope(engine) as session:
        users.set_disabled(session, "koord")
    assert client.get("/api/v1/plans", headers=bearer(koord_token)).status_code == 401


def test_only_the_hash_of_a_token_is_stored(engine, koord_token) -> None:
    with session_scope(engine) as session:
        stored = session.scalars(select(ApiToken.token_hash)).one()
    assert stored == hashlib.sha256(koord_token.encode()).hexdigest() != koord_token


def test_a_coordinator_reads_plans_phases_checkpoints_and_measures(
    client: TestClient, engine, measures: str, koord_token
) -> None:
    with session_scope(engine) as session:
        make_plan(session, municipality_numbers=["0301"])  # Oslo's: not this user's
    listed = client.get("/api/v1/plans", headers=bearer(koord_token)).json()
    assert [p["slug"] for p in listed] == [measures]
    assert listed[0]["phase_key"] == "initiering" and listed[0]["status"]["label"]

    plan = client.get(f"/api/v1/plans/{measures}", headers=bearer(koord_token)).json()
    assert [p["key"] for p in plan["phases"]][0] == "initiering" and len(plan["phases"]) == 6
    assert plan["current_checkpoints"] and {c["phase"] for c in plan["current_checkpoints"]} == {
        "initiering"
    }
    every = client.get(f"/api/v1/plans/{measures}/checkpoints", headers=bearer(koord_token))
    assert len(every.json()) > len(plan["current_checkpoints"])

    listed_measures = client.get(
        f"/api/v1/plans/{measures}/measures", headers=bearer(koord_token)
    ).json()
    assert [(m["ref"], m["status"], m["light"]["key"] != "") for m in listed_measures] == [
        ("T1", "planned", True),
        ("T2", "planned", True),
    ]
    one = client.get(f"/api/v1/plans/{measures}/measures/T2", headers=bearer(koord_token))
    assert one.json()["owner"] == "Barnevernstjenesten"
    missing = client.get(f"/api/v1/plans/{measures}/measures/T9", headers=bearer(koord_token))
    assert missing.status_code == 404 and missing.json()["code"] == "measure.not_found"


def test_decisions_and_documents_are_listed_and_documents_downloaded(
    client: TestClient, engine, faerder, koord_token
) -> None:
    with session_scope(engine) as session:
        plan = plans.find_plan(session, faerder)
        records.add_decision(
            session,
            plan,
            body="Formannskapet",
            decided_on=date(2027, 2, 1),
            kind="mandate",
            case_number="2027/14",
            summary="Mandat vedtatt",
        )
        _, made = store.generate(session, plan, date(2027, 2, 2), formats=["md"])
        document_id, content = made[0].id, made[0].content
        other = make_plan(session, municipality_numbers=["0301"])
        _, foreign = store.generate(session, other, date(2027, 2, 2), formats=["md"])
        foreign_id = foreign[0].id
    decisions = client.get(f"/api/v1/plans/{faerder}/decisions", headers=bearer(koord_token))
    assert [(d["body"], d["case_number"], d["kind"]) for d in decisions.json()] == [
        ("Formannskapet", "2027/14", "mandate")
    ]
    listed = client.get(f"/api/v1/plans/{faerder}/documents", headers=bearer(koord_token)).json()
    assert [(d["id"], d["format"], d["size"]) for d in listed] == [
        (document_id, "md", len(content))
    ]
    download = client.get(listed[0]["url"], headers=bearer(koord_token))
    assert download.status_code == 200 and download.content == content
    assert download.headers["content-type"].startswith("text/markdown")
    # Another plan's document is not reachable through this plan.
    through = client.get(
        f"/api/v1/plans/{faerder}/documents/{foreign_id}", headers=bearer(koord_token)
    )
    assert through.status_code == 404 and through.json()["code"] == "document.not_found"


def test_another_municipalitys_plan_is_forbidden(client: TestClient, engine, measures) -> None:
    add_user(engine, "oslo", Role.COORDINATOR, kommune="0301")
    secret = token_for(engine, "oslo")
    for path in ("", "/measures", "/documents", "/decisions"):
        response = client.get(f"/api/v1/plans/{measures}{path}", headers=bearer(secret))
        assert response.status_code == 403 and response.json()["code"] == "auth.forbidden"
    patch = client.patch(
        f"/api/v1/plans/{measures}/measures/T1", json={"progress": 50}, headers=bearer(secret)
    )
    assert patch.status_code == 403
    unknown = client.get("/api/v1/plans/finnes-ikke", headers=bearer(secret))
    assert unknown.status_code == 404 and unknown.json()["code"] == "plan.not_found"


def test_a_service_owner_reports_on_their_measure_but_not_another_services(
    client: TestClient, engine, measures
) -> None:
    add_user(engine, "skole", Role.SERVICE_OWNER, service="grunnskole")
    secret = token_for(engine, "skole")
    done = client.patch(
        f"/api/v1/plans/{measures}/measures/T1",
        json={"status": "pågår", "progress": 40, "comment": "Første kurs holdt"},
        headers=bearer(secret),
    )
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.json()["progress"]) == ("in_progress", 40)
    assert done.json()["last_reported"] is not None
    refused = client.patch(
        f"/api/v1/plans/{measures}/measures/T2", json={"progress": 10}, headers=bearer(secret)
    )
    assert refused.status_code == 403 and refused.json()["code"] == "auth.forbidden"
    with session_scope(engine) as session:
        updates = session.scalars(select(MeasureUpdate)).all()
        assert [(u.progress, u.comment, u.reported_by) for u in updates] == [
            (40, "Første kurs holdt", "skole")
        ]


def test_a_coordinator_may_report_on_any_measure_of_the_plan(
    client: TestClient, measures, koord_token
) -> None:
    response = client.patch(
        f"/api/v1/plans/{measures}/measures/T2",
        json={"status": "done"},
        headers=bearer(koord_token),
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["progress"]) == ("done", 100)


def test_a_fodselsnummer_in_the_comment_is_refused_at_the_field(
    client: TestClient, engine, measures, koord_token
) -> None:
    response = client.patch(
        f"/api/v1/plans/{measures}/measures/T1",
        json={"progress": 30, "comment": f"Gjelder {VALID_FNR}"},
        headers=bearer(koord_token),
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"].startswith("privacy.national_id")
    assert body["location"]["field"] == "comment" and "fødselsnummer" in body["message"]
    assert VALID_FNR not in response.text
    with session_scope(engine) as session:
        assert session.scalars(select(MeasureUpdate)).all() == []
        assert plans.find_measure(plans.find_plan(session, measures), "T1").progress == 0


def test_invalid_input_is_a_json_422_that_names_the_field(
    client: TestClient, measures, koord_token
) -> None:
    path = f"/api/v1/plans/{measures}/measures/T1"
    too_much = client.patch(path, json={"progress": 140, "x": 1}, headers=bearer(koord_token))
    assert too_much.status_code == 422
    body = too_much.json()
    assert body["code"] == "request.invalid"
    found = {(e["location"]["field"], e["code"]) for e in body["errors"]}
    assert found == {("progress", "field.less_than_equal"), ("x", "field.extra_forbidden")}
    assert "kan være høyst 100" in body["message"]
    status = client.patch(path, json={"status": "kanskje"}, headers=bearer(koord_token))
    assert status.status_code == 422 and status.json()["code"] == "measure.status_unknown"
    not_json = client.patch(
        path,
        content=b"{",
        headers={**bearer(koord_token), "Content-Type": "application/json"},
    )
    assert not_json.status_code == 422 and not_json.json()["code"] == "request.invalid"


def test_the_openapi_schema_is_served_and_lists_the_paths(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "planvakt API"
    assert {
        "/plans",
        "/plans/{slug}",
        "/plans/{slug}/checkpoints",
        "/plans/{slug}/measures",
        "/plans/{slug}/measures/{ref}",
        "/plans/{slug}/decisions",
        "/plans/{slug}/documents",
        "/plans/{slug}/documents/{document_id}",
    } <= set(schema["paths"])
    assert "patch" in schema["paths"]["/plans/{slug}/measures/{ref}"]
    assert schema["servers"] == [{"url": "/api/v1"}]
    assert schema["components"]["securitySchemes"]
    # The dashboard itself publishes no schema.
    assert client.get("/openapi.json").status_code == 404


def test_the_plans_calendar_and_a_new_subscription_url(
    client: TestClient, engine, faerder, koord_token
) -> None:
    import icalendar

    calendar = client.get(f"/api/v1/plans/{faerder}/calendar.ics", headers=bearer(koord_token))
    assert calendar.status_code == 200 and calendar.headers["content-type"].startswith(
        "text/calendar"
    )
    assert icalendar.Calendar.from_ical(calendar.content).walk("VEVENT")
    issued = client.post(f"/api/v1/plans/{faerder}/feed", headers=bearer(koord_token))
    assert issued.status_code == 201
    url = issued.json()["url"]
    assert url.startswith("http://testserver/kalender/") and url.endswith(".ics")
    subscribed = client.get(url.removeprefix("http://testserver"))  # no login, no token header
    assert subscribed.status_code == 200 and b"BEGIN:VCALENDAR" in subscribed.content
    again = client.post(f"/api/v1/plans/{faerder}/feed", headers=bearer(koord_token)).json()
    assert client.get(url.removeprefix("http://testserver")).status_code == 404  # replaced
    assert again["url"] != url


def test_a_reader_may_not_issue_a_subscription_url(client: TestClient, engine, faerder) -> None:
    add_user(engine, "leser-api", Role.READER)
    response = client.post(
        f"/api/v1/plans/{faerder}/feed", headers=bearer(token_for(engine, "leser-api"))
    )
    assert response.status_code == 403 and response.json()["code"] == "auth.forbidden"
