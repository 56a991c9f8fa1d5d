"""Web tests: the dashboard against the test database, through FastAPI's test client (forms,
redirects, status codes) and through a real server on loopback driven by headless Chromium.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from models import Role
from planvakt.core.db import session_scope
from planvakt.demo.mailsink import free_port
from planvakt.services import users
from tests.factories import make_plan

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent.parent.parent / "test-artifacts"
PASSWORD = "riktig-hemmelig-passord"
CSRF_FIELD = re.compile(r'name="csrftoken" value="([^"]+)"')


def add_user(
    engine, username: str, role: Role, kommune: str = "3911", service: str | None = None
) -> None:
    with session_scope(engine) as session:
        users.add_user(session, username, PASSWORD, role=role, kommune=kommune, service_key=service)


def csrf(client: TestClient, path: str = "/logg-inn") -> str:
    """The CSRF token a form on ``path`` carries (the page sets the matching cookie)."""
    match = CSRF_FIELD.search(client.get(path).text)
    assert match, f"no CSRF field on {path}"
    return match.group(1)


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> None:
    response = client.post(
        "/logg-inn",
        data={"username": username, "password": password, "csrftoken": csrf(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


@pytest.fixture
def app(engine):
    from planvakt.web.app import create_app

    return create_app()


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def faerder(engine) -> str:
    """A Færder plan and a coordinator ``koord`` for it; returns the plan's slug."""
    with session_scope(engine) as session:
        slug = make_plan(session).slug
    add_user(engine, "koord", Role.COORDINATOR)
    return slug


@pytest.fixture
def coordinator(client: TestClient, faerder: str) -> TestClient:
    log_in(client, "koord")
    return client


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """The dashboard served by uvicorn on a free loopback port; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the dashboard did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module. Not longer: while Playwright's sync API is open it
    keeps an event loop on the main thread, and Prefect's sync calls made later in the same
    pytest process (the flow tests of the next backend) would then return coroutines."""
    if not shutil.which(CHROMIUM):
        if os.environ.get("PLANVAKT_TEST_REQUIRE_BROWSER") == "1":
            pytest.fail("chromium is required here but not installed")
        pytest.skip("chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def screenshot(page, name: str) -> None:
    """Keep a full-page screenshot as a test artifact."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), full_page=True)
