"""«Katalog»: the user's municipality's RVTS and KORUS and the national actors, with what
is not confirmed marked «ikke bekreftet» in text."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from models import Role
from tests.web.conftest import add_user, log_in


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_the_catalog_needs_a_login(client: TestClient) -> None:
    response = client.get("/katalog", follow_redirects=False)
    assert response.status_code == 303 and "/logg-inn" in response.headers["location"]


def test_the_catalog_shows_the_municipalitys_rvts_and_korus_and_national_actors(
    coordinator: TestClient,
) -> None:
    page = coordinator.get("/katalog").text
    assert page.count("<h1") == 1 and 'href="/katalog" aria-current="page"' in page
    text = text_of(page)
    assert "Færder (3911), Vestfold" in text
    assert "RVTS Sør" in text and "KORUS Sør" in text
    # Vestfold's mapping is sourced but RVTS Sør's county list is not confirmed (§2.1).
    assert "Hvilket RVTS og KORUS som dekker Vestfold, er ikke bekreftet ." in text
    assert "Kilde for RVTS og KORUS: RVTS: https://www.yumpu.com/" in text
    assert 'class="ds-link" href="https://www.korus-sor.no/slt/" rel="noopener noreferrer"' in page
    assert "RVTS Sør ( ikke bekreftet )" in text
    assert "Politiets sikkerhetstjeneste" in text and "Justis- og beredskapsdepartementet" in text
    assert "Barne- ungdoms- og familiedirektoratet ( ikke bekreftet )" in text
    assert "Utdanningsdirektoratet ( ikke bekreftet )" not in text
    assert "RVTS Vest" not in text and "KORUS Oslo" not in text  # other regions
    assert "SLT-koordinator" not in text  # local roles are not national actors


def test_an_unconfirmed_region_mapping_is_marked(client: TestClient, engine) -> None:
    add_user(engine, "oslo", Role.READER, kommune="0301")
    log_in(client, "oslo")
    text = text_of(client.get("/katalog").text)
    assert "Oslo – Oslove (0301), Oslo" in text and "RVTS Øst" in text and "KORUS Oslo" in text
    assert "Hvilket RVTS og KORUS som dekker Oslo, er ikke bekreftet ." in text
    # Only RVTS Øst is sourced: the source shows, the mapping stays unconfirmed.
    assert "Kilde for RVTS og KORUS: RVTS: https://rvtsost.no (lists" in text


def test_a_mapping_without_a_source_says_so(client: TestClient, engine) -> None:
    add_user(engine, "bergen", Role.READER, kommune="4601")
    log_in(client, "bergen")
    text = text_of(client.get("/katalog").text)
    assert "Bergen (4601), Vestland" in text
    assert "Hvilket RVTS og KORUS som dekker Vestland, er ikke bekreftet ." in text
    assert "Kilde for RVTS og KORUS: ikke bekreftet : ingen kilde" in text


def test_the_catalog_shows_the_full_official_name_and_why_buskerud_is_doubtful(
    client: TestClient, engine
) -> None:
    add_user(engine, "sami", Role.READER, kommune="5612")
    add_user(engine, "drammen", Role.READER, kommune="3301")
    log_in(client, "sami")
    text = text_of(client.get("/katalog").text)
    assert "Guovdageaidnu – Kautokeino (5612), Finnmark" in text
    log_in(client, "drammen")
    text = text_of(client.get("/katalog").text)
    assert "Hvilket RVTS og KORUS som dekker Buskerud, er ikke bekreftet ." in text
    assert "— [verify] RVTS Øst or RVTS Sør?" in text
