"""The case-note warning on the dashboard and in the API: free text that reads like notes
about an individual is stored, and the page the user lands on (or the API's answer) says so,
in the user's language, once. Ordinary plan text gets no warning. The reminder policy's
bounds are shown at their fields."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from models import Role
from planvakt.core.db import session_scope
from planvakt.core.languages import texts
from planvakt.services import plans, tokens, users
from planvakt.services.privacy import CASE_NOTE_WARNING
from tests.factories import VALID_FNR
from tests.web.conftest import add_user, csrf, log_in
from tests.web.test_forms import MEASURE, error_at, post, with_measures

CASE_NOTE = "Guten har sagt at han skal skyte skulen."
ORDINARY = "Rutine for bekymringsmelding til barnevernet revidert."
WARNING_START = "teksten ser ut som opplysninger om en enkeltperson"


def _warned(page: str) -> bool:
    return 'id="personvern-advarsel"' in page and WARNING_START in page


def _consultation(client: TestClient, slug: str) -> None:
    sent = {"body": "Ungdomsrådet", "sent_on": "2027-04-01", "deadline": "2027-05-13"}
    assert post(client, f"/planer/{slug}/horing/ny", sent).status_code == 303


# Each form with free text: (path, fields with the text to check, a setup before posting).
Setup = Callable[[TestClient, str, object], None]


def _nothing(_client: TestClient, _slug: str, _engine: object) -> None:
    return None


def _a_consultation(client: TestClient, slug: str, _engine: object) -> None:
    _consultation(client, slug)


def _measures(_client: TestClient, slug: str, engine: object) -> None:
    with_measures(engine, slug)


FORMS: list[tuple[str, str, dict[str, str], str, Setup]] = [
    (
        "decision summary",
        "vedtak/nytt",
        {
            "body": "Formannskapet",
            "decided_on": "2027-03-01",
            "case_number": "2027/12",
            "kind": "other",
        },
        "summary",
        _nothing,
    ),
    (
        "adoption summary",
        "vedtak/vedtakelse",
        {
            "body": "Kommunestyret",
            "decided_on": "2027-06-14",
            "case_number": "2027/40",
            "period_start": "2027-07-01",
            "period_end": "2030-06-30",
            "reporting_rhythm_months": "12",
        },
        "summary",
        _nothing,
    ),
    (
        "consultation response",
        "horing/svar",
        {"body": "Ungdomsrådet", "received_on": "2027-05-10"},
        "effect",
        _a_consultation,
    ),
    (
        "involvement summary",
        "medvirkning/ny",
        {"held_on": "2027-02-02", "kind": "Dialogmøte", "participants": "Skole, NAV"},
        "summary",
        _nothing,
    ),
    (
        "new measure description",
        "tiltak/nytt",
        {k: v for k, v in MEASURE.items()},
        "description",
        _nothing,
    ),
    (
        "changed measure description",
        "tiltak/1.1/endre",
        {k: v for k, v in MEASURE.items() if k != "ref"},
        "description",
        _measures,
    ),
]


@pytest.mark.parametrize(
    ("path", "values", "field", "setup"),
    [
        pytest.param(path, values, field, setup, id=name)
        for name, path, values, field, setup in FORMS
    ],
)
def test_a_form_that_stores_a_case_note_warns_on_the_page_it_leads_to(
    coordinator: TestClient, engine, faerder, path: str, values: dict, field: str, setup: Setup
) -> None:
    setup(coordinator, faerder, engine)
    response = post(coordinator, f"/planer/{faerder}/{path}", {**values, field: CASE_NOTE})
    assert response.status_code == 303, response.text
    landed = coordinator.get(response.headers["location"]).text
    assert _warned(landed)
    assert not _warned(coordinator.get(response.headers["location"]).text)  # once
    again = post(coordinator, f"/planer/{faerder}/{path}", {**values, field: ORDINARY})
    if again.status_code == 303:  # a second record of the same kind may be refused
        assert not _warned(coordinator.get(again.headers["location"]).text)


def test_checkpoint_evidence_that_reads_like_a_case_note_is_warned_about(
    coordinator: TestClient, faerder
) -> None:
    path = f"/planer/{faerder}/sjekkpunkter/behovsvurdering"
    token = csrf(coordinator, f"/planer/{faerder}")
    done = coordinator.post(
        path,
        data={"evidence": "Jenta må hentes av politiet etter trusler.", "csrftoken": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    page = coordinator.get(done.headers["location"]).text
    assert "Sjekkpunktet er fullført." in page and _warned(page)


def test_the_warning_is_in_the_users_language(coordinator: TestClient, faerder) -> None:
    token = csrf(coordinator, "/profil")
    chosen = coordinator.post(
        "/profil/sprak", data={"language": "nn", "csrftoken": token}, follow_redirects=False
    )
    assert chosen.status_code == 303
    values = {"held_on": "2027-02-02", "kind": "Dialogmøte", "participants": "Skule, NAV"}
    response = post(
        coordinator, f"/planer/{faerder}/medvirkning/ny", {**values, "summary": CASE_NOTE}
    )
    page = coordinator.get(response.headers["location"]).text
    nynorsk = texts("nn").gettext(CASE_NOTE_WARNING)
    assert nynorsk != CASE_NOTE_WARNING and nynorsk in page and "særlovane" in page


def test_a_status_report_that_reads_like_a_case_note_is_warned_about(
    client: TestClient, engine, faerder
) -> None:
    with_measures(engine, faerder)
    add_user(engine, "skole", Role.SERVICE_OWNER, service="grunnskole")
    log_in(client, "skole")

    def report(comment: str) -> str:
        response = client.post(
            f"/mine-tiltak/{faerder}/1.1",
            data={"csrftoken": csrf(client, "/mine-tiltak"), "comment": comment},
            follow_redirects=False,
        )
        assert response.status_code == 303
        return client.get(response.headers["location"]).text

    page = report("Eleven i 8A (født 2011) har delt voldelige videoer.")
    assert "Statusen er lagret." in page and _warned(page)
    page = report("Første kurs holdt for alle lærere.")
    assert "Statusen er lagret." in page and not _warned(page)


def test_the_api_answers_a_status_report_with_its_warnings(
    client: TestClient, engine, faerder
) -> None:
    with_measures(engine, faerder)
    with session_scope(engine) as session:
        user = users.find_user(session, "koord")
        _, secret = tokens.create_token(session, user.id, "test")
    headers = {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}
    path = f"/api/v1/plans/{faerder}/measures/1.1"
    warned = client.patch(path, json={"comment": CASE_NOTE}, headers=headers)
    assert warned.status_code == 200, warned.text
    assert warned.json()["warnings"] == [texts("en").gettext(CASE_NOTE_WARNING)]
    assert "reads like information about an individual" in warned.json()["warnings"][0]
    quiet = client.patch(path, json={"comment": ORDINARY, "progress": 10}, headers=headers)
    assert quiet.status_code == 200 and quiet.json()["warnings"] == []
    with session_scope(engine) as session:
        measure = plans.find_measure(plans.find_plan(session, faerder), "1.1")
        assert [u.comment for u in measure.updates][-2:] == [CASE_NOTE, ORDINARY]


def test_a_reminder_policy_out_of_bounds_is_refused_at_its_field(
    coordinator: TestClient, engine, faerder
) -> None:
    values = {
        "days_before": VALID_FNR,
        "overdue_repeat_days": "7",
        "escalate_leader_days": "7",
        "escalate_admin_days": "400",
        "gate_warning_days": "14",
        "nudge_repeat_days": "30",
    }
    response = post(coordinator, f"/planer/{faerder}/varslingsregler", values)
    assert response.status_code == 422
    assert error_at(response.text, "days_before") == "kan være høyst 365"
    values["days_before"] = "14, 7, 1"
    response = post(coordinator, f"/planer/{faerder}/varslingsregler", values)
    assert error_at(response.text, "escalate_admin_days") == "kan være høyst 365"
    values["days_before"] = ", ".join(map(str, range(11, 0, -1)))
    response = post(coordinator, f"/planer/{faerder}/varslingsregler", values)
    assert error_at(response.text, "days_before") == "kan ha høyst 10 element"
    with session_scope(engine) as session:
        assert plans.find_plan(session, faerder).reminder_policy is None
