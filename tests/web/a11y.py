"""Helpers for the dashboard's quality gates (browser scenario, accessibility, HTML validity).

- :func:`site_database`: a seeded database for one test module (the demo plan, its users, an
  adopted plan for the public page), emptied again when the module is done;
- :func:`serve`: the dashboard on a loopback port for one test module;
- :func:`crawl`: every page reachable by links from a start page, one per *shape* of path (so
  forty measure pages count once), as the given client sees them;
- :func:`error_pages`: each form re-rendered with its errors (a fødselsnummer in every free-text
  field, or in the sheet an upload form sends), so that pages in their error state are
  checked too;
- :func:`serious_violations`: axe-core (bundled by the ``axe-playwright-python`` package, never
  downloaded at test time) run in the browser, keeping violations of impact serious or critical.
"""

from __future__ import annotations

import re
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

import html5lib
import httpx
import pytest
from sqlalchemy import Engine, text

import models
from models import PhaseKey
from planvakt.core.clock import local_today
from planvakt.core.db import reset_engine, session_scope
from planvakt.core.settings import reset_settings
from planvakt.demo.mailsink import free_port
from planvakt.demo.seed import (
    DEMO_MEASURES,
    DEMO_PASSWORD,
    DEMO_SLUG,
    ensure_demo_plan,
    ensure_demo_users,
)
from planvakt.exchange.measures import import_measures_file
from planvakt.services import revision
from tests.factories import VALID_FNR, finish_checkpoint, make_plan

DIRECTORY_TABLES = {"municipality", "actor"}
ADOPTED_SLUG = "3911-faerder-vedtatt"
SERIOUS = ("serious", "critical")
# Links never followed: static files, logging out, calendar feeds (not HTML), the JSON API.
SKIP_PREFIXES = ("/static/", "/logg-ut", "/kalender/", "/api/")


@dataclass
class Site:
    """What a seeded database holds, for the tests to find it."""

    engine: Engine
    today: date
    demo_slug: str = DEMO_SLUG
    adopted_slug: str = ADOPTED_SLUG
    password: str = DEMO_PASSWORD
    coordinator: str = "koordinator"
    service_owner: str = "skole"  # grunnskole in Færder
    reader: str = "leder"
    extra: dict[str, Any] = field(default_factory=dict)


def empty_database(engine: Engine) -> None:
    """Everything but the directory removed (as the ``engine`` fixture does after a test)."""
    tables = [
        t for t in reversed(models.Base.metadata.sorted_tables) if t.name not in DIRECTORY_TABLES
    ]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(
                text("TRUNCATE " + ", ".join(t.name for t in tables) + " RESTART IDENTITY CASCADE")
            )
        else:
            for table in tables:
                conn.execute(table.delete())


def seed(engine: Engine) -> Site:
    """The demo plan and users (as ``planvakt up`` makes them) and an adopted plan."""
    today = local_today()
    with session_scope(engine, actor="test") as session:
        ensure_demo_plan(session, today=today)
        ensure_demo_users(session)
        adopted = make_plan(
            session,
            start=today - timedelta(days=500),
            slug=ADOPTED_SLUG,
            title="Handlingsplan mot radikalisering – vedtatt",
        )
        _advance_to(session, adopted, PhaseKey.ADOPTION, today)
        revision.record_adoption(
            session,
            adopted,
            body="kommunestyret",
            decided_on=today - timedelta(days=30),
            case_number="2026/55",
            period_start=today - timedelta(days=20),
            period_end=today + timedelta(days=4 * 365),
        )
        import_measures_file(session, adopted, DEMO_MEASURES)
    return Site(engine=engine, today=today)


def _advance_to(session: Any, plan: models.Plan, phase_key: str, today: date) -> None:
    """Complete required checkpoints (never after today) until ``phase_key`` is current."""
    edition = plan.current_edition
    while edition.current_phase is not None and edition.current_phase.key != phase_key:
        phase = edition.current_phase
        for cp in edition.gate_checkpoints(phase):
            if cp.done_on is None and cp.required:
                finish_checkpoint(
                    session, plan, phase.key, cp, on=min(cp.due_date, today), today=today
                )


@contextmanager
def site_database(migrated: tuple[str, Engine]) -> Iterator[Site]:
    """A seeded test database configured as planvakt's own for the duration."""
    url, engine = migrated
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PLANVAKT_DATABASE_URL", url)
        reset_settings()
        reset_engine()
        try:
            yield seed(engine)
        finally:
            reset_engine()
            reset_settings()
            empty_database(engine)


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn on a free loopback port; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the dashboard did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


# --- logging in -------------------------------------------------------------------------

CSRF_FIELD = re.compile(r'name="csrftoken" value="([^"]+)"')


def log_in(client: httpx.Client, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log ``client`` in through the login form (the CSRF token from the form)."""
    match = CSRF_FIELD.search(client.get("/logg-inn").text)
    assert match, "no CSRF field on the login page"
    response = client.post(
        "/logg-inn",
        data={"username": username, "password": password, "csrftoken": match.group(1)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


# --- crawling ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    path: str
    status: int
    html: str


def shape(path: str) -> str:
    """One key for all pages of the same kind: numbers, measure refs and tokens folded."""
    parts = []
    for part in path.split("/"):
        if re.fullmatch(r"[\d.]+", part):
            parts.append("N")
        elif len(part) >= 20 and re.fullmatch(r"[A-Za-z0-9_-]+", part):
            parts.append("T")
        else:
            parts.append(part)
    return "/".join(parts)


def _links(html: str) -> list[str]:
    return re.findall(r'<a\b[^>]*\bhref="([^"#]*)', html)


def _is_html(response: httpx.Response) -> bool:
    return response.headers.get("content-type", "").startswith(
        "text/html"
    ) and "attachment" not in response.headers.get("content-disposition", "")


def crawl(client: httpx.Client, starts: list[str], limit: int = 60) -> list[Page]:
    """HTML pages reachable from ``starts`` by same-site links, one per :func:`shape`."""
    seen: set[str] = set()
    queue = list(starts)
    pages: list[Page] = []
    while queue and len(pages) < limit:
        target = queue.pop(0)
        parts = urlsplit(target)
        if parts.netloc or parts.scheme or not parts.path.startswith("/"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        key = shape(parts.path) + ("?" if parts.query else "")
        if key in seen or parts.path.startswith(SKIP_PREFIXES):
            continue
        seen.add(key)
        response = client.get(path, follow_redirects=False)
        if not _is_html(response):
            continue
        html = response.text
        pages.append(Page(path, response.status_code, html))
        for link in _links(html):
            queue.append(urljoin(parts.path, link.replace("&amp;", "&")))
    return pages


# --- forms in their error state -----------------------------------------------------------

NS = "{http://www.w3.org/1999/xhtml}"
FREE_TEXT_TYPES = {"", "text", "search"}


def _forms(html: str) -> list[ET.Element]:
    document = html5lib.parse(html)
    return [f for f in document.iter(f"{NS}form") if f.get("method", "get").lower() == "post"]


# What an upload form gets: a measures sheet whose rows are a change, a new measure with a
# unit the directory does not know, a row refused for a fødselsnummer and one for its date and
# status.
SHEET_WITH_ERRORS = (
    "Nr;Innsatsområde;Tiltak;Ansvarlig;Frist;Status;Kommentar\r\n"
    "1.1;Kunnskap og kompetanse;Kompetanseheving for ansatte i skole og barnehage;Grunnskole;"
    "30.06.2027;Under arbeid;\r\n"
    "9.1;Samarbeid;Tiltak fra et regneark;Frivilligsentralen;31.12.2027;Ikke startet;\r\n"
    f"9.2;Samarbeid;Samtale med {VALID_FNR};Grunnskole;31.12.2027;Ikke startet;\r\n"
    "9.3;Samarbeid;Fagdag med politiet;Politirådet;31.13.2027;Kanskje;\r\n"
).encode()

Files = dict[str, tuple[str, bytes, str]]


def _fill(form: ET.Element, csrftoken: str) -> tuple[dict[str, str], Files] | None:
    """Form data with a fødselsnummer in each free-text field (an upload form: in its sheet,
    with its other fields left blank); ``None`` if the form has no free text to fill."""
    data: dict[str, str] = {}
    files: Files = {}
    uploads = any(
        e.tag.removeprefix(NS) == "input" and e.get("type", "").lower() == "file"
        for e in form.iter()
    )
    free_text = False
    for element in form.iter():
        tag = element.tag.removeprefix(NS)
        name = element.get("name")
        if not name:
            continue
        if tag == "input":
            kind = element.get("type", "").lower()
            if kind == "file":
                files[name] = ("tiltak.csv", SHEET_WITH_ERRORS, "text/csv")
                free_text = True
            elif kind in FREE_TEXT_TYPES:
                data[name] = "" if uploads else VALID_FNR
                free_text = free_text or not uploads
            elif kind in ("checkbox", "radio"):
                if element.get("checked") is not None:
                    data[name] = element.get("value", "on")
            elif kind not in ("submit", "button", "reset", "image"):
                data[name] = element.get("value", "")
        elif tag == "textarea":
            data[name] = VALID_FNR
            free_text = True
        elif tag == "select":
            options = list(element.iter(f"{NS}option"))
            chosen = next((o for o in options if o.get("selected") is not None), None)
            chosen = chosen or (options[0] if options else None)
            if chosen is not None:
                data[name] = chosen.get("value", chosen.text or "")
    if not free_text:
        return None
    data["csrftoken"] = csrftoken
    return data, files


def error_pages(client: httpx.Client, pages: list[Page], limit: int = 30) -> list[Page]:
    """Each POST form with a free-text field, submitted with a fødselsnummer in every such
    field (or in the sheet it uploads): the pages that come back with an error status (the
    form and its messages, or the preview that refuses the sheet's rows)."""
    found: list[Page] = []
    done: set[str] = set()
    for page in pages:
        match = CSRF_FIELD.search(page.html)
        if not match:
            continue
        for form in _forms(page.html):
            action = urljoin(page.path, form.get("action") or page.path)
            filled = _fill(form, match.group(1))
            data, files = filled or ({}, {})
            # One form of a kind: the checkpoint forms of a table differ only by their key.
            kind = (shape(page.path), frozenset(data) | frozenset(files))
            if filled is None or kind in done or action.startswith(SKIP_PREFIXES):
                continue
            if len(found) >= limit:
                break
            done.add(kind)
            response = client.post(action, data=data, files=files or None, follow_redirects=False)
            if response.status_code >= 400 and _is_html(response):
                found.append(Page(f"{action} (POST)", response.status_code, response.text))
    return found


# --- axe-core -----------------------------------------------------------------------------


def serious_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations of impact serious or critical on the page now shown."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in SERIOUS]


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation and affected element, for an assertion message."""
    lines = []
    for v in violations:
        for node in v["nodes"][:5]:
            lines.append(f"{v['id']} ({v['impact']}): {v['help']} – {node['target']}")
    return "\n".join(lines)
