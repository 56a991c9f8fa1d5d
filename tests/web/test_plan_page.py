"""The plan page and its sections: measures with filters and the progress chart, process
records, notifications with «Send på nytt», documents, and the audit history."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from models import Digest, GeneratedDocument, Notice, OutboxEntry, OutboxStatus, Role
from models.audit import AuditEntry
from planvakt.core.clock import local_today
from planvakt.core.db import session_scope
from planvakt.exchange.measures import import_measures
from planvakt.services import plans, recipients, records, revision
from tests.factories import VALID_FNR, measures_csv, row_counts
from tests.web.conftest import add_user, csrf, log_in

ROWS = [
    {
        "id": "1.1",
        "innsatsområde": "Kunnskap",
        "tiltak": "Kurs for ansatte",
        "ansvarlig_enhet": "Grunnskole",
        "frist": "30.06.2027",
        "status": "pågår",
        "fremdrift": "40",
    },
    {
        "id": "1.2",
        "innsatsområde": "Kunnskap",
        "tiltak": "Fagdag i NAV",
        "ansvarlig_enhet": "nav",
        "frist": "31.03.2027",
        "status": "fullført",
        "fremdrift": "100",
    },
    {
        "id": "2.1",
        "innsatsområde": "Samarbeid",
        "tiltak": "SLT-møter",
        "ansvarlig_enhet": "slt-koordinator",
        "frist": "31.12.2027",
        "fremdrift": "10",
    },
]
SECRET_URL = "json://127.0.0.1:9/hook?token=veldig-hemmelig"


@pytest.fixture
def plan_with_records(engine, faerder) -> str:
    with session_scope(engine) as session:
        plan = plans.find_plan(session, faerder)
        import_measures(session, plan, measures_csv(ROWS), "tiltak.csv")
        records.add_decision(
            session,
            plan,
            body="Kommunestyret",
            decided_on=date(2027, 2, 1),
            kind="mandate",
            case_number="2027/5",
            summary="Mandat vedtatt",
        )
        records.add_consultation(
            session, plan, body="Ungdomsrådet", sent_on=date(2027, 3, 1), deadline=date(2027, 4, 12)
        )
        records.record_response(
            session,
            plan,
            "Ungdomsrådet",
            received_on=date(2027, 4, 1),
            effect="Tatt inn som tiltak 2.1",
        )
        records.add_involvement(
            session,
            plan,
            held_on=date(2027, 2, 10),
            kind="Dialogmøte",
            participants="Skole, NAV, politiet",
        )
    return faerder


def outbox(engine, slug: str) -> dict[str, int]:
    """One failed, one sent and one undeliverable message about the plan; ids by status."""
    with session_scope(engine) as session:
        plan = plans.find_plan(session, slug)
        service = recipients.find_service(session, "3911", "grunnskole")
        target = recipients.add_target(session, SECRET_URL, service=service)
        ids = {}
        for status in ("failed", "sent", "undeliverable"):
            digest = Digest(
                recipient=f"service:{service.id}",
                run_date=date(2027, 3, 1),
                subject=f"planvakt: {status}",
                body_text="x",
                body_html="<p>x</p>",
            )
            entry = OutboxEntry(
                target_id=None if status == "undeliverable" else target.id,
                status=status,
                attempts=1,
                last_error="HTTP 500" if status == "failed" else None,
            )
            digest.entries = [entry]
            session.add(digest)
            session.flush()
            session.add(
                Notice(
                    dedup_key=f"k-{status}",
                    plan_id=plan.id,
                    recipient=digest.recipient,
                    item="measure:1",
                    kind="due",
                    trigger_date=date(2027, 3, 1),
                    run_date=date(2027, 3, 1),
                    title="Kurs",
                    digest_id=digest.id,
                )
            )
            ids[status] = entry.id
    return ids


def test_the_plan_page_shows_phases_checkpoints_chart_and_section_links(
    coordinator: TestClient, plan_with_records
) -> None:
    page = coordinator.get(f"/planer/{plan_with_records}").text
    assert page.count("<h1") == 1 and 'lang="nb"' in page
    for section in ("tiltak", "prosess", "varsler", "dokumenter", "historikk"):
        assert f'href="/planer/{plan_with_records}/{section}"' in page
    assert 'role="img"' in page and "<td>Kunnskap</td><td>2</td><td>1</td><td>70\xa0%</td>" in page
    assert f'href="/planer/{plan_with_records}/vedtak/nytt"' in page


def test_the_plan_page_says_when_the_next_plan_is_adopted_and_warns_of_a_gap(
    coordinator: TestClient, engine, faerder
) -> None:
    assert "Neste plan planlagt vedtatt" not in coordinator.get(f"/planer/{faerder}").text
    today = local_today()
    with session_scope(engine) as session:
        plan = plans.find_plan(session, faerder)
        revision.record_adoption(
            session,
            plan,
            body="Kommunestyret",
            decided_on=today - timedelta(days=30),
            case_number="2027/88",
            period_start=today - timedelta(days=20),
            period_end=today + timedelta(days=60),
        )
    page = coordinator.get(f"/planer/{faerder}").text
    # a short period: the evaluation should have started already, and even shortened to
    # half their length the next edition's phases up to the adoption take longer than the
    # 60 days left
    planned = re.search(r"<dt>Neste plan planlagt vedtatt</dt><dd>(\d\d\.\d\d\.\d{4})</dd>", page)
    assert planned is not None
    alert = r'<div class="ds-alert" data-color="warning" id="opphold">(.*?)</div>'
    warning = re.search(alert, page)
    assert warning is not None
    end = (today + timedelta(days=60)).strftime("%d.%m.%Y")
    gap = f"planperioden slutter {end}, men neste plan er planlagt vedtatt {planned[1]}"
    assert gap in warning[1]
    assert "dager uten vedtatt plan" in warning[1] and "Start sluttevalueringen" in warning[1]


def test_a_reader_sees_every_section_but_no_form(
    client: TestClient, engine, plan_with_records
) -> None:
    add_user(engine, "leser", Role.READER)
    log_in(client, "leser")
    for section in ("", "/tiltak", "/prosess", "/varsler", "/dokumenter", "/historikk"):
        response = client.get(f"/planer/{plan_with_records}{section}")
        assert response.status_code == 200, section
        assert "/vedtak/nytt" not in response.text and "Send på nytt" not in response.text


def test_another_municipality_sees_no_section(
    client: TestClient, engine, plan_with_records
) -> None:
    add_user(engine, "oslo", Role.COORDINATOR, kommune="0301")
    log_in(client, "oslo")
    for section in ("", "/tiltak", "/prosess", "/varsler", "/dokumenter", "/historikk"):
        assert client.get(f"/planer/{plan_with_records}{section}").status_code == 403, section
    assert client.get("/planer/finnes-ikke/tiltak").status_code == 404


def test_measures_filter_by_service_status_and_area_and_sort_by_deadline(
    coordinator: TestClient, plan_with_records
) -> None:
    path = f"/planer/{plan_with_records}/tiltak"

    def refs(**params: str) -> list[str]:
        page = coordinator.get(path, params=params).text
        return re.findall(r"<tr><td>([\d.]+)</td>", page)

    assert refs() == ["1.1", "1.2", "2.1"]
    assert refs(sorter="frist") == ["1.2", "1.1", "2.1"]
    assert refs(tjeneste="NAV (kommunal del)") == ["1.2"]
    assert refs(status="in_progress") == ["1.1"]
    assert refs(omrade="Samarbeid") == ["2.1"]
    page = coordinator.get(path, params={"status": "done"}).text
    assert "1 av 3 tiltak" in page and "Fullført" in page  # the light has words too
    assert "<td>Samarbeid</td><td>1</td><td>0</td><td>10\xa0%</td>" in page


def test_the_process_page_lists_decisions_consultations_and_involvement(
    coordinator: TestClient, plan_with_records
) -> None:
    page = coordinator.get(f"/planer/{plan_with_records}/prosess").text
    assert "Kommunestyret" in page and "2027/5" in page and "Mandat for" not in page
    assert "Ungdomsrådet" in page and "Tatt inn som tiltak 2.1" in page and "01.04.2027" in page
    assert "Skole, NAV, politiet" in page


def test_notifications_show_masked_addresses_and_resend_only_failed(
    coordinator: TestClient, engine, plan_with_records
) -> None:
    ids = outbox(engine, plan_with_records)
    page = coordinator.get(f"/planer/{plan_with_records}/varsler").text
    assert "veldig-hemmelig" not in page and "json://127.0.0.1" in page
    assert "Feilet" in page and "Sendt" in page and "Kan ikke leveres" in page
    assert page.count("Send på nytt") == 1
    token = csrf(coordinator, "/")
    path = f"/planer/{plan_with_records}/varsler/{{}}/send-igjen"
    response = coordinator.post(
        path.format(ids["failed"]), data={"csrftoken": token}, follow_redirects=False
    )
    assert response.status_code == 303
    with session_scope(engine) as session:
        assert session.get(OutboxEntry, ids["failed"]).status == OutboxStatus.PENDING
        (row,) = session.scalars(select(AuditEntry).where(AuditEntry.entity == "outbox_entry"))
        assert (row.actor, row.old_value, row.new_value) == ("web:koord", "failed", "pending")
    for status in ("sent", "undeliverable", "failed"):  # the failed one is pending now
        again = coordinator.post(path.format(ids[status]), data={"csrftoken": token})
        assert again.status_code == 409, status
    with session_scope(engine) as session:
        assert session.get(OutboxEntry, ids["sent"]).status == OutboxStatus.SENT


def test_resend_is_refused_to_readers_others_and_without_csrf(
    client: TestClient, engine, plan_with_records
) -> None:
    ids = outbox(engine, plan_with_records)
    path = f"/planer/{plan_with_records}/varsler/{ids['failed']}/send-igjen"
    add_user(engine, "leser", Role.READER)
    add_user(engine, "oslo", Role.COORDINATOR, kommune="0301")
    add_user(engine, "koord2", Role.COORDINATOR)
    for user in ("leser", "oslo"):
        log_in(client, user)
        assert client.post(path, data={"csrftoken": csrf(client, "/")}).status_code == 403
    log_in(client, "koord2")
    assert client.post(path, data={}).status_code == 403  # no CSRF token
    with session_scope(engine) as session:
        assert session.get(OutboxEntry, ids["failed"]).status == OutboxStatus.FAILED


def test_a_message_about_another_plan_cannot_be_resent_here(
    coordinator: TestClient, engine, plan_with_records
) -> None:
    from tests.factories import make_plan

    with session_scope(engine) as session:
        other = make_plan(session, slug="3911-annen-2027").slug
    ids = outbox(engine, other)
    response = coordinator.post(
        f"/planer/{plan_with_records}/varsler/{ids['failed']}/send-igjen",
        data={"csrftoken": csrf(coordinator, "/")},
    )
    assert response.status_code == 404


def test_a_report_is_made_now_and_downloaded_in_three_formats(
    coordinator: TestClient, engine, plan_with_records
) -> None:
    response = coordinator.post(
        f"/planer/{plan_with_records}/dokumenter",
        data={"kind": "status", "csrftoken": csrf(coordinator, "/")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = coordinator.get(f"/planer/{plan_with_records}/dokumenter").text
    assert "Rapporten er laget." in page
    links = re.findall(rf'href="(/planer/{plan_with_records}/dokumenter/\d+)"', page)
    assert len(links) == 3
    types = {}
    for link in links:
        download = coordinator.get(link)
        assert download.status_code == 200
        assert download.headers["content-disposition"].startswith('attachment; filename="status-')
        types[download.headers["content-disposition"].rsplit(".", 1)[1].rstrip('"')] = (
            download.headers["content-type"]
        )
    assert types == {
        "html": "text/html; charset=utf-8",
        "md": "text/markdown; charset=utf-8",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }


def test_documents_are_refused_to_readers_making_and_other_municipalities(
    client: TestClient, engine, plan_with_records
) -> None:
    add_user(engine, "leser", Role.READER)
    add_user(engine, "oslo", Role.COORDINATOR, kommune="0301")
    log_in(client, "leser")
    made = client.post(
        f"/planer/{plan_with_records}/dokumenter",
        data={"kind": "status", "csrftoken": csrf(client, "/")},
    )
    assert made.status_code == 403
    with session_scope(engine) as session:
        from planvakt.core.clock import local_today
        from planvakt.documents import store

        _, documents = store.generate(
            session, plans.find_plan(session, plan_with_records), local_today(), formats=["md"]
        )
        document_id = documents[0].id
    assert client.get(f"/planer/{plan_with_records}/dokumenter/{document_id}").status_code == 200
    log_in(client, "oslo")
    assert client.get(f"/planer/{plan_with_records}/dokumenter/{document_id}").status_code == 403
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(GeneratedDocument)) == 1


def test_making_a_report_needs_the_csrf_token(
    coordinator: TestClient, engine, plan_with_records
) -> None:
    response = coordinator.post(f"/planer/{plan_with_records}/dokumenter", data={"kind": "status"})
    assert response.status_code == 403
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(GeneratedDocument)) == 0


def test_the_history_names_the_user_newest_first_fifty_to_a_page(
    coordinator: TestClient, engine, plan_with_records
) -> None:
    token = csrf(coordinator, "/")
    response = coordinator.post(
        f"/planer/{plan_with_records}/sjekkpunkter/behovsvurdering",
        data={"evidence": "Sak 2027/1", "csrftoken": token},
    )
    assert response.status_code == 200
    with session_scope(engine) as session:
        total = session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.plan_id == plans.find_plan(session, plan_with_records).id)
        )
    assert total > 50
    first = coordinator.get(f"/planer/{plan_with_records}/historikk").text
    rows = re.findall(r"<tr><td>\d\d\.\d\d\.\d{4} \d\d:\d\d</td><td>([^<]*)</td>", first)
    assert len(rows) == 50 and rows[0] == "koord"
    assert "Sak 2027/1" in first and f"side 1 av {-(-total // 50)}" in first
    second = coordinator.get(f"/planer/{plan_with_records}/historikk", params={"side": "2"}).text
    assert len(re.findall(r"<tr><td>\d\d\.\d\d", second)) == total - 50
    assert coordinator.get(f"/planer/{plan_with_records}/historikk?side=x").status_code == 200


def test_the_history_never_holds_a_secret(
    coordinator: TestClient, engine, plan_with_records
) -> None:
    outbox(engine, plan_with_records)
    with session_scope(engine) as session:
        values = session.scalars(select(AuditEntry.new_value)).all()
    assert not any(v and "veldig-hemmelig" in v for v in values)
    assert "veldig-hemmelig" not in coordinator.get(f"/planer/{plan_with_records}/historikk").text


def test_evidence_with_a_national_id_is_refused_at_the_field(
    coordinator: TestClient, engine, faerder
) -> None:
    before = row_counts(engine)
    response = coordinator.post(
        f"/planer/{faerder}/sjekkpunkter/behovsvurdering",
        data={
            "evidence": f"Elev {VALID_FNR}",
            "csrftoken": csrf(coordinator, f"/planer/{faerder}"),
        },
    )
    assert response.status_code == 422
    match = re.search(
        r'id="bevis-behovsvurdering"[^>]*aria-describedby="bevis-behovsvurdering-feil"',
        response.text,
    )
    assert match and "aria-invalid" in match.group(0)
    error = re.search(r'id="bevis-behovsvurdering-feil">([^<]*)<', response.text).group(1)
    assert "fødselsnummer" in error and "Dokumentasjon" in error
    assert row_counts(engine) == before
