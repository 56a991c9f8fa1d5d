"""«Kjør nå» against a real Prefect server (the session's harness): the dashboard starts a
deployment run for one plan without waiting, and the run page follows it until it ends."""

from __future__ import annotations

from datetime import date

import html5lib
import pytest
from fastapi.testclient import TestClient

from flows.reports import status_report
from models import Role
from planvakt.core.db import session_scope
from planvakt.ops import deployments
from tests.factories import make_plan
from tests.web.conftest import add_user, csrf, log_in


@pytest.fixture
def prefect_api(monkeypatch: pytest.MonkeyPatch) -> str:
    """The harness's API as planvakt's own setting, and the report deployment on it (no
    worker: a started run stays scheduled until the test moves it on)."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL

    url = str(PREFECT_API_URL.value())
    monkeypatch.setenv("PREFECT_API_URL", url)
    with get_client(sync_client=True) as client:
        flow_id = client.create_flow_from_name("statusrapport")
        client.create_deployment(flow_id=flow_id, name="statusrapport")
    return url


def test_a_coordinator_starts_a_report_run_and_follows_it_to_its_end(engine, prefect_api) -> None:
    from prefect.client.orchestration import get_client
    from prefect.states import Completed

    from planvakt.web.app import create_app

    with session_scope(engine) as session:
        slug = make_plan(session).slug
    add_user(engine, "koord", Role.COORDINATOR)
    add_user(engine, "oslo", Role.COORDINATOR, kommune="0301")
    with TestClient(create_app()) as client:
        log_in(client, "koord")
        started = client.post(
            f"/planer/{slug}/kjor",
            data={"kind": "statusrapport", "csrftoken": csrf(client, f"/planer/{slug}")},
            follow_redirects=False,
        )
        assert started.status_code == 303
        run_path = started.headers["location"]
        run_id = run_path.rsplit("/", 1)[1]
        with get_client(sync_client=True) as prefect:
            run = prefect.read_flow_run(run_id)  # type: ignore[arg-type]
        assert run.parameters == {"plan": slug, "force": True}

        waiting = client.get(run_path).text
        assert '<meta http-equiv="refresh" content="3">' in waiting
        assert "Statusrapport for" in waiting and "Planlagt" in waiting
        assert f"/runs/flow-run/{run_id}" in waiting  # its page in the Prefect UI
        html5lib.HTMLParser(strict=True).parse(waiting)
        still = client.get(f"{run_path}?oppdater=0").text  # the reader may stop the reloads
        assert "http-equiv" not in still and "Planlagt" in still

        with get_client(sync_client=True) as prefect:
            prefect.set_flow_run_state(run_id, Completed(), force=True)  # type: ignore[arg-type]
        done = client.get(run_path).text
        assert "http-equiv" not in done and "Fullført" in done

        log_in(client, "oslo")
        assert client.get(run_path).status_code == 403  # not a run of Oslo's plans


def test_a_status_report_run_for_one_plan_makes_only_that_plans_report(engine) -> None:
    with session_scope(engine) as session:
        slug = make_plan(session).slug
        make_plan(session, municipality_numbers=["0301"])
    assert status_report(today=date(2027, 4, 1), force=True, plan=slug).reports == [slug]


def test_a_missing_deployment_is_a_clear_error(prefect_api) -> None:
    with pytest.raises(deployments.PrefectUnavailable) as raised:
        deployments.start("finnes-ikke/finnes-ikke", {})
    assert raised.value.code == "prefect.deployment_missing"
