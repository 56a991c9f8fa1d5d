"""«Kjør nå» on the plan page: only a coordinator may start a run, and when Prefect does not
answer the dashboard says so clearly instead of failing. (Starting and following a real run
is tested against the Prefect harness in tests/flows/test_run_now.py.)"""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from models import Role
from planvakt.demo.mailsink import free_port
from tests.web.conftest import add_user, csrf, log_in


@pytest.fixture
def prefect_down(monkeypatch: pytest.MonkeyPatch) -> str:
    """PREFECT_API_URL at a loopback port where nothing listens."""
    url = f"http://127.0.0.1:{free_port()}/api"
    monkeypatch.setenv("PREFECT_API_URL", url)
    return url


def test_the_plan_page_offers_run_now_to_a_coordinator_only(
    client: TestClient, engine, faerder
) -> None:
    log_in(client, "koord")
    page = client.get(f"/planer/{faerder}").text
    assert f'action="/planer/{faerder}/kjor"' in page
    assert 'value="fristsjekk"' in page and 'value="statusrapport"' in page
    add_user(engine, "leser", Role.READER)
    log_in(client, "leser")
    assert "/kjor" not in client.get(f"/planer/{faerder}").text
    refused = client.post(
        f"/planer/{faerder}/kjor",
        data={"kind": "statusrapport", "csrftoken": csrf(client, f"/planer/{faerder}")},
    )
    assert refused.status_code == 403


def test_starting_a_run_while_prefect_is_down_says_so(
    coordinator: TestClient, faerder, prefect_down
) -> None:
    response = coordinator.post(
        f"/planer/{faerder}/kjor",
        data={"kind": "fristsjekk", "csrftoken": csrf(coordinator, f"/planer/{faerder}")},
    )
    assert response.status_code == 503
    assert "Prefect-serveren svarer ikke" in response.text and prefect_down in response.text
    assert "--direct" not in response.text  # the command line's advice is not the page's


def test_a_run_page_while_prefect_is_down_says_so(
    coordinator: TestClient, faerder, prefect_down
) -> None:
    response = coordinator.get(f"/kjoringer/{uuid.uuid4()}")
    assert response.status_code == 503 and "Prefect-serveren svarer ikke" in response.text


def test_an_unknown_kind_of_run_is_refused(coordinator: TestClient, faerder) -> None:
    response = coordinator.post(
        f"/planer/{faerder}/kjor",
        data={"kind": "slett-alt", "csrftoken": csrf(coordinator, f"/planer/{faerder}")},
    )
    assert response.status_code == 422 and "ukjent kjøring" in response.text


def test_starting_a_run_needs_the_csrf_token(coordinator: TestClient, faerder) -> None:
    response = coordinator.post(f"/planer/{faerder}/kjor", data={"kind": "statusrapport"})
    assert response.status_code == 403
