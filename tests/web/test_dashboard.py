"""The dashboard through its test client: login, roles, the overview, the plan page, CSRF,
escaping, health."""

from __future__ import annotations

from fastapi.testclient import TestClient

from models import Role
from planvakt.core.db import session_scope
from planvakt.services import plans
from tests.factories import make_plan
from tests.web.conftest import PASSWORD, add_user, csrf, log_in


def test_pages_need_a_login_and_send_you_back_after_it(client: TestClient, faerder) -> None:
    response = client.get(f"/planer/{faerder}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/logg-inn?neste=/planer/{faerder}"
    log_in(client, "koord")
    assert client.get(f"/planer/{faerder}").status_code == 200


def test_a_wrong_password_is_refused_and_five_lock_the_account(client: TestClient, faerder) -> None:
    for _ in range(5):
        response = client.post(
            "/logg-inn",
            data={"username": "koord", "password": "feil-passord-123", "csrftoken": csrf(client)},
        )
        assert response.status_code == 401 and "feil brukernavn eller passord" in response.text
    locked = client.post(
        "/logg-inn", data={"username": "koord", "password": PASSWORD, "csrftoken": csrf(client)}
    )
    assert locked.status_code == 401  # the right password does not open a locked account


def test_the_overview_lists_the_users_plans_with_phase_and_lights(
    coordinator: TestClient, engine, faerder
) -> None:
    with session_scope(engine) as session:
        make_plan(session, municipality_numbers=["0301"])  # Oslo's: not this user's
    page = coordinator.get("/").text
    assert f'href="/planer/{faerder}"' in page and "0301-oslo" not in page
    assert "Initiering" in page and "1 av 1 plan" in page  # «1 planer» was wrong
    filtered = coordinator.get("/", params={"fase": "vedtak"}).text
    assert "0 av 1 plan" in filtered


def test_completing_a_checkpoint_needs_the_csrf_token(
    coordinator: TestClient, engine, faerder
) -> None:
    path = f"/planer/{faerder}/sjekkpunkter/behovsvurdering"
    refused = coordinator.post(path, data={"evidence": "Sak 1"}, follow_redirects=False)
    assert refused.status_code == 403
    token = csrf(coordinator, f"/planer/{faerder}")
    done = coordinator.post(
        path, data={"evidence": "Sak 2027/1", "csrftoken": token}, follow_redirects=False
    )
    assert done.status_code == 303
    with session_scope(engine) as session:
        checkpoint = plans.find_checkpoint(plans.find_plan(session, faerder), "behovsvurdering")
        assert checkpoint.done_on is not None and checkpoint.evidence == "Sak 2027/1"


def test_a_reader_may_look_but_not_change(client: TestClient, engine, faerder) -> None:
    add_user(engine, "leser", Role.READER)
    log_in(client, "leser")
    page = client.get(f"/planer/{faerder}").text
    assert "Fullført i dag" not in page
    token = csrf(client, f"/planer/{faerder}")
    response = client.post(
        f"/planer/{faerder}/sjekkpunkter/behovsvurdering", data={"csrftoken": token}
    )
    assert response.status_code == 403


def test_another_municipalitys_plan_is_forbidden(client: TestClient, engine, faerder) -> None:
    add_user(engine, "oslo", Role.COORDINATOR, kommune="0301")
    log_in(client, "oslo")
    assert client.get(f"/planer/{faerder}").status_code == 403


def test_a_script_title_renders_inert(coordinator: TestClient, engine) -> None:
    with session_scope(engine) as session:
        slug = make_plan(session, title="<script>alert(1)</script>", slug="3911-xss-2027").slug
    for path in ("/", f"/planer/{slug}"):
        page = coordinator.get(path).text
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_health_reports_database_and_prefect(client: TestClient, monkeypatch) -> None:
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")  # nothing listens
    body = client.get("/healthz").json()
    assert body["database"] == "ok" and body["prefect"].startswith("feil")
    assert body["status"] == "degraded"


def test_the_session_cookie_is_signed_httponly_and_samesite(client: TestClient, faerder) -> None:
    response = client.post(
        "/logg-inn",
        data={"username": "koord", "password": PASSWORD, "csrftoken": csrf(client)},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"]
    assert "planvakt_okt=" in cookie and "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()
    assert PASSWORD not in cookie


def test_logging_out_ends_the_session(coordinator: TestClient) -> None:
    token = csrf(coordinator, "/")
    coordinator.post("/logg-ut", data={"csrftoken": token})
    assert coordinator.get("/", follow_redirects=False).status_code == 303
