"""The public page of an adopted plan: no login, nothing internal, no small counts about
people (exempt consultation responses: tests/integration/test_public_disclosure.py)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.plan_data import SECRETS, plan_with_secrets


def test_a_plan_that_is_not_adopted_has_no_public_page(client: TestClient, engine) -> None:
    slug = plan_with_secrets(engine, adopted=False)
    assert client.get(f"/offentlig/{slug}").status_code == 404
    assert client.get("/offentlig/finnes-ikke").status_code == 404


def test_an_adopted_plan_is_public_without_a_login(client: TestClient, engine) -> None:
    slug = plan_with_secrets(engine)
    response = client.get(f"/offentlig/{slug}", follow_redirects=False)
    assert response.status_code == 200
    page = response.text
    assert '<html lang="nb">' in page and page.count("<h1") == 1
    assert "Handlingsplan mot radikalisering og voldelig ekstremisme – Færder" in page
    assert "Vedtatt av Kommunestyret 15.10.2026 (sak 2026/88)" in page
    assert "Kurs for lærere" in page and "Fritidstilbud" in page
    assert "fullført" in page and "30\xa0%" in page  # status and progress
    assert "Logg ut" not in page and "Hovedmeny" not in page  # not the logged-in layout


def test_the_public_page_shows_no_contact_data_evidence_comments_or_notes(
    client: TestClient, engine
) -> None:
    page = client.get(f"/offentlig/{plan_with_secrets(engine)}").text
    for secret in SECRETS:
        assert secret not in page, secret
    assert "@" not in page  # no e-mail address of anyone


def test_measures_are_counted_as_they_are_and_responses_only_when_not_few(
    client: TestClient, engine
) -> None:
    page = client.get(f"/offentlig/{plan_with_secrets(engine)}").text
    # «Kunnskap» has 3 measures, «Oppvekst» 1, «Samarbeid» 5; 9 in all. Measures are about
    # the plan, not people (planvakt.core.disclosure): no suppression.
    text = re.sub(r"<[^>]+>", " ", page)
    assert sorted(re.findall(r"Tiltak: (\w+)\.", text)) == ["1", "3", "5"]
    assert "<dd>9</dd>" in page
    lights = re.findall(r"pv-light--(\w+)[^\n]*\n?</dt><dd>([^<]+)</dd>", page)
    assert len(lights) == 4 and sum(int(c) for _, c in lights) == 9
    # Consultation responses may come from people: none yet, shown as «under 5».
    assert "Høringssvar mottatt: under 5." in text
    assert "Tiltak: færre" not in text


def test_a_script_title_renders_inert_on_the_public_page(client: TestClient, engine) -> None:
    from planvakt.core.db import session_scope
    from planvakt.services import plans

    slug = plan_with_secrets(engine)
    with session_scope(engine) as session:
        plans.find_plan(session, slug).title = "<script>alert(1)</script>"
    page = client.get(f"/offentlig/{slug}").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)" in page
