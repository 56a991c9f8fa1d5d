"""The coordinator's forms through the test client: each form stores through its service
and redirects, refuses readers, other municipalities' coordinators and posts without the
CSRF token, and shows every error at its field (422). The spreadsheet preview stores nothing.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from models import Role
from models.audit import AuditEntry
from planvakt.core.db import session_scope
from planvakt.core.settings import get_settings
from planvakt.exchange.measures import import_measures
from planvakt.exchange.tables import MAX_FILE_BYTES
from planvakt.services import plans, policy, recipients
from planvakt.web.upload import MAX_ENCODED
from tests.factories import VALID_FNR, measures_csv, row_counts
from tests.sinks import HttpSink
from tests.web.conftest import add_user, csrf, log_in

MEASURE = {
    "ref": "3.1",
    "focus_area": "Forebygging",
    "title": "Møteplass for ungdom",
    "description": "Åpen hall fredager",
    "owner": "kultur-fritid",
    "partners": "Frivillige",
    "start_date": "2027-02-01",
    "deadline": "2027-12-31",
    "resources": "Driftsbudsjett",
    "indicator": "Antall kvelder",
    "status": "planned",
    "progress": "0",
}
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
        "tiltak": "Fagdag",
        "ansvarlig_enhet": "nav",
        "frist": "31.03.2027",
    },
]


def error_at(page: str, field: str) -> str:
    """The message shown at a form field (and checks the field points at it)."""
    match = re.search(
        rf'<p class="ds-validation-message"[^>]*id="f-{field}-error">([^<]*)</p>', page
    )
    assert match, f"no error at {field}"
    assert re.search(
        rf'id="f-{field}"[^>]*aria-describedby="[^"]*f-{field}-error', page
    ) or re.search(rf'aria-describedby="[^"]*f-{field}-error"[^>]*id="f-{field}"', page), (
        f"{field} does not point at its error"
    )
    return match.group(1)


def post(client: TestClient, path: str, data: dict[str, str], **kwargs):
    token = csrf(client, "/")
    return client.post(path, data={**data, "csrftoken": token}, follow_redirects=False, **kwargs)


def audit(engine, entity: str) -> list[AuditEntry]:
    with session_scope(engine) as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.entity == entity)))


def with_measures(engine, slug: str) -> None:
    with session_scope(engine) as session:
        import_measures(session, plans.find_plan(session, slug), measures_csv(ROWS), "tiltak.csv")


# --- access: every POST route -------------------------------------------------------------


def routes(slug: str) -> list[str]:
    return [
        f"/planer/{slug}/vedtak/nytt",
        f"/planer/{slug}/vedtak/vedtakelse",
        f"/planer/{slug}/horing/ny",
        f"/planer/{slug}/horing/svar",
        f"/planer/{slug}/medvirkning/ny",
        f"/planer/{slug}/tiltak/nytt",
        f"/planer/{slug}/tiltak/1.1/endre",
        f"/planer/{slug}/varslingsregler",
        f"/planer/{slug}/tiltak/last-opp/bekreft",
        "/kommuner/3911/varslingsadresser",
        "/kommuner/3911/varslingsadresser/test",
        "/kommuner/3911/varslingsadresser/1/slett",
        "/kommuner/3911/kontakter",
    ]


FORM_PAGES = [
    "vedtak/nytt",
    "vedtak/vedtakelse",
    "horing/ny",
    "horing/svar",
    "medvirkning/ny",
    "tiltak/nytt",
    "tiltak/1.1/endre",
    "varslingsregler",
    "tiltak/last-opp",
]


@pytest.mark.parametrize("user", ["leser", "oslo"])
def test_readers_and_other_municipalities_get_403_everywhere(
    client: TestClient, engine, faerder, user
) -> None:
    with_measures(engine, faerder)
    add_user(engine, "leser", Role.READER)
    add_user(engine, "oslo", Role.COORDINATOR, kommune="0301")
    log_in(client, user)
    before = row_counts(engine)
    for path in routes(faerder):
        assert post(client, path, {"body": "Kommunestyret"}).status_code == 403, path
    for path in FORM_PAGES:
        assert client.get(f"/planer/{faerder}/{path}").status_code == 403, path
    assert client.get("/kommuner/3911/varslingsadresser").status_code == 403
    upload = client.post(
        f"/planer/{faerder}/tiltak/last-opp",
        data={"csrftoken": csrf(client, "/")},
        files={"file": ("t.csv", measures_csv(ROWS).encode(), "text/csv")},
    )
    assert upload.status_code == 403
    assert row_counts(engine) == before


def test_every_form_post_needs_the_csrf_token(coordinator: TestClient, engine, faerder) -> None:
    with_measures(engine, faerder)
    before = row_counts(engine)
    for path in routes(faerder):
        response = coordinator.post(path, data={"body": "Kommunestyret"}, follow_redirects=False)
        assert response.status_code == 403, path
    upload = coordinator.post(
        f"/planer/{faerder}/tiltak/last-opp",
        files={"file": ("t.csv", measures_csv(ROWS).encode(), "text/csv")},
    )
    assert upload.status_code == 403
    assert row_counts(engine) == before


def test_every_form_page_has_labelled_fields(coordinator: TestClient, engine, faerder) -> None:
    with_measures(engine, faerder)
    for path in FORM_PAGES:
        page = coordinator.get(f"/planer/{faerder}/{path}").text
        assert page.count("<h1") == 1, path
        for field_id in re.findall(
            r'<(?:input|select|textarea) class="ds-input"[^>]*id="([^"]+)"', page
        ):
            assert f'for="{field_id}"' in page, (path, field_id)


# --- decisions and adoption -----------------------------------------------------------------


def test_a_decision_is_recorded_and_audited_with_the_user(
    coordinator: TestClient, engine, faerder
) -> None:
    response = post(
        coordinator,
        f"/planer/{faerder}/vedtak/nytt",
        {
            "body": "Kommunestyret",
            "decided_on": "2027-03-01",
            "case_number": "2027/12",
            "kind": "mandate",
            "summary": "Mandat vedtatt",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/planer/{faerder}/prosess#vedtak"
    page = coordinator.get(response.headers["location"]).text
    assert "Vedtaket er registrert." in page
    assert "Kommunestyret" in page and "2027/12" in page and "Mandat vedtatt" in page
    (created,) = [a for a in audit(engine, "political_decision") if a.action == "create"]
    assert created.actor == "web:koord" and created.plan_id is not None


def test_a_decision_summary_with_a_national_id_is_refused_at_the_field(
    coordinator: TestClient, engine, faerder
) -> None:
    before = row_counts(engine)
    response = post(
        coordinator,
        f"/planer/{faerder}/vedtak/nytt",
        {
            "body": "Formannskapet",
            "decided_on": "2027-03-01",
            "kind": "other",
            "summary": f"Gjelder {VALID_FNR}",
        },
    )
    assert response.status_code == 422
    assert "fødselsnummer" in error_at(response.text, "summary")
    assert VALID_FNR in response.text  # the user's own text comes back to be corrected
    assert row_counts(engine) == before


def test_a_wrong_date_is_shown_at_its_field(coordinator: TestClient, faerder) -> None:
    response = post(
        coordinator,
        f"/planer/{faerder}/vedtak/nytt",
        {"body": "Formannskapet", "decided_on": "31.02.2027", "kind": "other"},
    )
    assert response.status_code == 422
    assert "finnes ikke" in error_at(response.text, "decided_on")
    assert 'href="#f-decided_on"' in response.text  # the summary links to the field


def test_the_plan_is_adopted_and_its_period_set(coordinator: TestClient, engine, faerder) -> None:
    data = {
        "body": "Kommunestyret",
        "decided_on": "2027-06-15",
        "case_number": "2027/40",
        "period_start": "2027-07-01",
        "period_end": "2031-06-30",
        "reporting_rhythm_months": "6",
    }
    assert post(coordinator, f"/planer/{faerder}/vedtak/vedtakelse", data).status_code == 303
    with session_scope(engine) as session:
        edition = plans.find_plan(session, faerder).current_edition
        assert edition.period_start == date(2027, 7, 1) and edition.reporting_rhythm_months == 6
    again = post(coordinator, f"/planer/{faerder}/vedtak/vedtakelse", data)
    assert again.status_code == 422 and "allerede et vedtak" in again.text


def test_an_adoption_period_ending_before_it_starts_is_shown_at_the_end(
    coordinator: TestClient, faerder
) -> None:
    response = post(
        coordinator,
        f"/planer/{faerder}/vedtak/vedtakelse",
        {
            "body": "Kommunestyret",
            "decided_on": "2027-06-15",
            "period_start": "2031-07-01",
            "period_end": "2027-06-30",
            "reporting_rhythm_months": "30",
        },
    )
    assert response.status_code == 422
    assert "slutte etter" in error_at(response.text, "period_end")


# --- consultation and involvement ---------------------------------------------------------


def test_a_consultation_body_and_its_response_with_effect(
    coordinator: TestClient, engine, faerder
) -> None:
    added = post(
        coordinator,
        f"/planer/{faerder}/horing/ny",
        {"body": "Ungdomsrådet", "sent_on": "2027-04-01", "deadline": "2027-05-13"},
    )
    assert added.status_code == 303
    assert "Ungdomsrådet" in coordinator.get(f"/planer/{faerder}/horing/svar").text
    answered = post(
        coordinator,
        f"/planer/{faerder}/horing/svar",
        {"body": "Ungdomsrådet", "received_on": "2027-05-10", "effect": "Tatt inn i tiltak 2.1"},
    )
    assert answered.status_code == 303
    page = coordinator.get(f"/planer/{faerder}/prosess").text
    assert "Tatt inn i tiltak 2.1" in page and "10.05.2027" in page


def test_a_consultation_without_a_deadline_gets_the_full_period(
    coordinator: TestClient, engine, faerder
) -> None:
    form = coordinator.get(f"/planer/{faerder}/horing/ny").text
    assert "fristen 6 uker etter at høringen ble sendt" in form
    added = post(
        coordinator,
        f"/planer/{faerder}/horing/ny",
        {"body": "Ungdomsrådet", "sent_on": "2027-04-01", "deadline": ""},
    )
    assert added.status_code == 303
    page = coordinator.get(added.headers["location"]).text
    assert "med høringsfrist 13.05.2027" in page  # the confirmation names it
    with session_scope(engine) as session:
        (consultation,) = plans.find_plan(session, faerder).current_edition.consultations
        assert consultation.deadline == date(2027, 5, 13)


def test_consultation_errors_are_shown_at_their_fields(coordinator: TestClient, faerder) -> None:
    early = post(
        coordinator,
        f"/planer/{faerder}/horing/ny",
        {"body": "Eldrerådet", "sent_on": "2027-04-01", "deadline": "2027-03-01"},
    )
    assert early.status_code == 422
    assert "tidligst være 13.05.2027" in error_at(early.text, "deadline")
    short = post(
        coordinator,
        f"/planer/{faerder}/horing/ny",
        {"body": "Eldrerådet", "sent_on": "2027-04-01", "deadline": "2027-05-01"},
    )
    assert "6 uker" in error_at(short.text, "deadline")
    post(
        coordinator,
        f"/planer/{faerder}/horing/ny",
        {"body": "Eldrerådet", "sent_on": "2027-04-01", "deadline": ""},
    )
    fnr = post(
        coordinator,
        f"/planer/{faerder}/horing/svar",
        {"body": "Eldrerådet", "received_on": "2027-04-20", "effect": f"Se {VALID_FNR}"},
    )
    assert fnr.status_code == 422
    assert "fødselsnummer" in error_at(fnr.text, "effect")


def test_an_involvement_record_is_added(coordinator: TestClient, engine, faerder) -> None:
    missing = post(
        coordinator,
        f"/planer/{faerder}/medvirkning/ny",
        {"held_on": "2027-02-02", "kind": "Dialogmøte"},
    )
    assert missing.status_code == 422
    assert error_at(missing.text, "participants") == "mangler"
    done = post(
        coordinator,
        f"/planer/{faerder}/medvirkning/ny",
        {"held_on": "2027-02-02", "kind": "Dialogmøte", "participants": "Skole, NAV, politiet"},
    )
    assert done.status_code == 303
    assert "Skole, NAV, politiet" in coordinator.get(f"/planer/{faerder}/prosess").text


# --- measures --------------------------------------------------------------------------------


def test_a_measure_is_created_and_edited(coordinator: TestClient, engine, faerder) -> None:
    created = post(coordinator, f"/planer/{faerder}/tiltak/nytt", MEASURE)
    assert created.status_code == 303, created.text
    form = coordinator.get(f"/planer/{faerder}/tiltak/3.1/endre").text
    assert 'value="Møteplass for ungdom"' in form
    changed = {
        **MEASURE,
        "title": "Møteplass for ungdom 13–18 år",
        "status": "in_progress",
        "progress": "30",
    }
    del changed["ref"]
    assert post(coordinator, f"/planer/{faerder}/tiltak/3.1/endre", changed).status_code == 303
    with session_scope(engine) as session:
        measure = plans.find_measure(plans.find_plan(session, faerder), "3.1")
        assert measure.title == "Møteplass for ungdom 13–18 år"
        assert (measure.status, measure.progress, measure.owner.key) == (
            "in_progress",
            30,
            "kultur-fritid",
        )
    titles = [a for a in audit(engine, "measure") if a.field == "title"]
    assert titles and titles[-1].actor == "web:koord"


def test_measure_errors_are_shown_at_their_fields(coordinator: TestClient, engine, faerder) -> None:
    before = row_counts(engine)
    fnr = post(
        coordinator,
        f"/planer/{faerder}/tiltak/nytt",
        {**MEASURE, "title": f"Oppfølging av {VALID_FNR}"},
    )
    assert fnr.status_code == 422
    assert "fødselsnummer" in error_at(fnr.text, "title")
    wrong = post(
        coordinator,
        f"/planer/{faerder}/tiltak/nytt",
        {**MEASURE, "start_date": "2028-01-01", "deadline": "2027-01-01"},
    )
    assert wrong.status_code == 422
    assert "før start" in error_at(wrong.text, "deadline")
    wrong = post(
        coordinator,
        f"/planer/{faerder}/tiltak/nytt",
        {**MEASURE, "deadline": "snart", "progress": "140", "owner": "ingen"},
    )
    assert "ugyldig dato" in error_at(wrong.text, "deadline")
    assert "100" in error_at(wrong.text, "progress")
    assert row_counts(engine) == before
    post(coordinator, f"/planer/{faerder}/tiltak/nytt", MEASURE)
    twice = post(coordinator, f"/planer/{faerder}/tiltak/nytt", MEASURE)
    assert twice.status_code == 422 and "allerede et tiltak" in error_at(twice.text, "ref")


def test_editing_an_unknown_measure_is_404(coordinator: TestClient, faerder) -> None:
    assert coordinator.get(f"/planer/{faerder}/tiltak/9.9/endre").status_code == 404


# --- reminder policy -------------------------------------------------------------------------


def test_the_reminder_policy_is_shown_and_changed(coordinator: TestClient, engine, faerder) -> None:
    page = coordinator.get(f"/planer/{faerder}/varslingsregler").text
    assert "(standard)" in page and 'value="14, 7, 1"' in page
    values = {name: value for value, name in re.findall(r'value="([^"]*)" id="f-(\w+)"', page)}
    assert values["escalate_admin_days"] == "30"
    values.update(days_before="10, 3", overdue_repeat_days="3")
    assert post(coordinator, f"/planer/{faerder}/varslingsregler", values).status_code == 303
    with session_scope(engine) as session:
        view = policy.view_policy(plans.find_plan(session, faerder), get_settings())
    assert view.own and view.policy.days_before == (10, 3) and view.policy.overdue_repeat_days == 3
    assert "(planens egne)" in coordinator.get(f"/planer/{faerder}/varslingsregler").text
    reset = post(coordinator, f"/planer/{faerder}/varslingsregler", {"reset": "1"})
    assert reset.status_code == 303
    with session_scope(engine) as session:
        assert not policy.view_policy(plans.find_plan(session, faerder), get_settings()).own


def test_policy_errors_are_shown_at_their_fields(coordinator: TestClient, faerder) -> None:
    values = {
        "days_before": "fjorten",
        "overdue_repeat_days": "0",
        "escalate_leader_days": "7",
        "escalate_admin_days": "30",
        "gate_warning_days": "14",
        "nudge_repeat_days": "mange",
    }
    response = post(coordinator, f"/planer/{faerder}/varslingsregler", values)
    assert response.status_code == 422
    assert "hele dager" in error_at(response.text, "days_before")
    assert "heltall" in error_at(response.text, "nudge_repeat_days")
    values.update(days_before="7", nudge_repeat_days="30")
    response = post(coordinator, f"/planer/{faerder}/varslingsregler", values)
    assert response.status_code == 422
    assert "minst 1" in error_at(response.text, "overdue_repeat_days")


# --- notification addresses ------------------------------------------------------------------


def test_addresses_are_added_masked_tested_and_removed(
    coordinator: TestClient, engine, faerder
) -> None:
    with HttpSink() as http:
        url = http.url(token="hemmelig-token")
        added = post(
            coordinator,
            "/kommuner/3911/varslingsadresser",
            {"target_owner": "service:slt-koordinator", "url": url},
        )
        assert added.status_code == 303
        page = coordinator.get("/kommuner/3911/varslingsadresser").text
        assert "hemmelig-token" not in page and url not in page
        assert "slt-koordinator" in page
        tested = post(
            coordinator,
            "/kommuner/3911/varslingsadresser/test",
            {"test_owner": "service:slt-koordinator"},
        )
        assert tested.status_code == 303
        assert http.received and http.received[0]["title"] == "planvakt: testmelding"
        assert "Testmelding sendt" in coordinator.get("/kommuner/3911/varslingsadresser").text
    with session_scope(engine) as session:
        (target,) = recipients.list_targets(session, "3911")
    removed = post(coordinator, f"/kommuner/3911/varslingsadresser/{target.id}/slett", {})
    assert removed.status_code == 303
    with session_scope(engine) as session:
        assert recipients.list_targets(session, "3911") == []
    assert all(a.field != "url_encrypted" for a in audit(engine, "notification_target"))


def test_a_bad_address_is_refused_at_the_field_and_never_shown_again(
    coordinator: TestClient, faerder
) -> None:
    secret = "nosuchscheme://user:topp-hemmelig@example.org"
    response = post(
        coordinator,
        "/kommuner/3911/varslingsadresser",
        {"target_owner": "service:barnevern", "url": secret},
    )
    assert response.status_code == 422
    assert "Apprise" in error_at(response.text, "url")
    assert "topp-hemmelig" not in response.text
    none = post(coordinator, "/kommuner/3911/varslingsadresser/test", {"test_owner": "service:nav"})
    assert none.status_code == 422
    assert "ingen varslingsadresse" in error_at(none.text, "test_owner")


def test_a_role_contact_is_added(coordinator: TestClient, faerder) -> None:
    empty = post(coordinator, "/kommuner/3911/kontakter", {"service": "barnevern", "role": " "})
    assert empty.status_code == 422 and error_at(empty.text, "role") == "mangler"
    added = post(coordinator, "/kommuner/3911/kontakter", {"service": "barnevern", "role": "leder"})
    assert added.status_code == 303
    page = coordinator.get("/kommuner/3911/varslingsadresser").text
    assert "leder – Barnevernstjenesten" in page and 'value="contact:' in page


def test_another_municipalitys_address_cannot_be_removed(
    client: TestClient, engine, faerder
) -> None:
    add_user(engine, "oslo", Role.COORDINATOR, kommune="0301")
    with session_scope(engine) as session:
        service = recipients.find_service(session, "3911", "barnevern")
        target = recipients.add_target(session, "mailto://a@example.org", service=service)
        target_id = target.id
    log_in(client, "oslo")
    response = post(client, f"/kommuner/0301/varslingsadresser/{target_id}/slett", {})
    assert response.status_code == 404
    with session_scope(engine) as session:
        assert len(recipients.list_targets(session, "3911")) == 1


# --- spreadsheet upload -------------------------------------------------------------------------


def upload(client: TestClient, slug: str, content: bytes, name: str = "tiltak.csv"):
    token = csrf(client, "/")
    return client.post(
        f"/planer/{slug}/tiltak/last-opp",
        data={"csrftoken": token},
        files={"file": (name, content, "text/csv")},
    )


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no hidden field {name}"
    return match.group(1)


def test_the_upload_previews_without_storing_then_confirms(
    coordinator: TestClient, engine, faerder
) -> None:
    with_measures(engine, faerder)
    rows = [
        {**ROWS[0], "fremdrift": "60"},  # changed
        ROWS[1],  # unchanged
        {
            "id": "2.1",
            "innsatsområde": "Samarbeid",
            "tiltak": "SLT-møter",
            "ansvarlig_enhet": "slt-koordinator",
        },
    ]
    before = row_counts(engine)
    preview = upload(coordinator, faerder, measures_csv(rows).encode())
    assert preview.status_code == 200
    assert "<dt>Nye tiltak</dt><dd>1</dd>" in preview.text
    assert "<dt>Endres</dt><dd>1</dd>" in preview.text
    assert "<dt>Uendret</dt><dd>1</dd>" in preview.text
    assert "Fremdrift: «40» → «60»" in preview.text
    assert "CSV, UTF-8" in preview.text  # how the file was read
    assert row_counts(engine) == before  # the preview stored nothing
    confirmed = post(
        coordinator,
        f"/planer/{faerder}/tiltak/last-opp/bekreft",
        {"data": hidden(preview.text, "data"), "name": "tiltak.csv"},
    )
    assert confirmed.status_code == 303
    stored = coordinator.get(confirmed.headers["location"]).text
    assert "Nye tiltak: 1, endret: 1, uendret: 1." in stored
    with session_scope(engine) as session:
        plan = plans.find_plan(session, faerder)
        assert plans.find_measure(plan, "1.1").progress == 60
        assert plans.find_measure(plan, "2.1").owner.key == "slt-koordinator"


def test_a_sheet_with_errors_lists_each_with_row_and_column(
    coordinator: TestClient, engine, faerder
) -> None:
    rows = [
        {**ROWS[0], "frist": "31.13.2027"},
        {**ROWS[1], "ansvarlig_enhet": "Ukjent etat"},  # a new unit, not an error
        {
            "id": "1.3",
            "innsatsområde": "Kunnskap",
            "tiltak": f"Samtale med {VALID_FNR}",
            "ansvarlig_enhet": "nav",
        },
    ]
    before = row_counts(engine)
    response = upload(coordinator, faerder, measures_csv(rows).encode())
    assert response.status_code == 422
    assert "rad 2, kolonne &#39;frist&#39;, verdi «31.13.2027»: datoen" in response.text
    assert (
        "rad 4, kolonne &#39;tiltak&#39;: feltet &#39;tiltak&#39; inneholder et fødselsnummer"
        in (response.text)
    )
    assert VALID_FNR not in response.text  # the refused row is shown without the number
    assert "Ukjent etat" in response.text  # listed as a unit that would be created
    assert 'name="data"' not in response.text and "Bekreft</button>" not in response.text
    assert row_counts(engine) == before


def test_a_sheet_over_the_limit_is_refused(coordinator: TestClient, engine, faerder) -> None:
    big = measures_csv(ROWS).encode() + b"#" * MAX_FILE_BYTES
    response = upload(coordinator, faerder, big)
    assert response.status_code == 422
    assert "for stor (høyst 5 MB)" in error_at(response.text, "file")
    tampered = post(
        coordinator,
        f"/planer/{faerder}/tiltak/last-opp/bekreft",
        {"data": "A" * (MAX_ENCODED + 4)},
    )
    assert tampered.status_code == 422 and "for stor (høyst 5 MB)" in tampered.text


def test_an_upload_without_a_file_asks_for_one(coordinator: TestClient, faerder) -> None:
    response = coordinator.post(
        f"/planer/{faerder}/tiltak/last-opp",
        data={"csrftoken": csrf(coordinator, "/")},
        files={"file": ("", b"", "text/csv")},
    )
    assert response.status_code == 422
    assert "velg et regneark" in error_at(response.text, "file")
