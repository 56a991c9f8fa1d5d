"""What politicians and the public may see of a plan (planvakt.core.disclosure): a
consultation response exempt from public access is recorded with its legal basis and shown
to the coordinator, and never reaches a report, the public page or a calendar feed; counts
about people below the threshold are shown as «under 5» there."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from docx import Document as WordDocument
from fastapi.testclient import TestClient
from sqlalchemy import select

from models import Consultation, Role
from planvakt.cli.app import main
from planvakt.core.db import session_scope
from planvakt.core.disclosure import OUTPUTS, Audience, small_count
from planvakt.core.errors import ValidationError
from planvakt.core.languages import texts
from planvakt.core.settings import reset_settings
from planvakt.documents import ics
from planvakt.documents import store as documents
from planvakt.documents.render import render_docx, render_html, render_markdown
from planvakt.exchange import plan_export, plan_import
from planvakt.exchange.measures import import_measures
from planvakt.services import feeds, plans, recipients, records, revision, tokens, users
from planvakt.services.batches import report_batch
from planvakt.views.consultations import response_count
from planvakt.views.report import build_report
from tests.factories import make_plan, measures_csv
from tests.web.conftest import add_user, csrf, log_in

EXEMPT_BODY = "Privatperson Unntaksen"
EXEMPT_EFFECT = "Tiltak 2.4 justert etter innspill UNNTATT-7731"
BASIS = "offentleglova § 13 jf. forvaltningsloven § 13"
EXEMPT_DATES = (date(2026, 10, 7), date(2026, 11, 18), date(2026, 11, 11))  # sent, due, in
PUBLIC_BODY = "Eldrerådet"
PUBLIC_EFFECT = "Nytt tiltak om møteplasser for eldre og unge"
UNDER_5 = "Høringssvar mottatt: under 5."
TODAY = date(2027, 4, 15)
MEASURES = [
    {"id": "1.1", "innsatsområde": "Kunnskap", "tiltak": "Kurs for lærere",
     "ansvarlig_enhet": "grunnskole", "frist": "30.06.2027", "status": "pågår"},
    {"id": "1.2", "innsatsområde": "Kunnskap", "tiltak": "Temadag for ansatte",
     "ansvarlig_enhet": "helsestasjon", "frist": "31.10.2027"},
    *[
        {"id": f"2.{i}", "innsatsområde": "Samarbeid", "tiltak": f"Samarbeidstiltak {i}",
         "ansvarlig_enhet": "barnevern", "frist": "31.12.2027"}
        for i in range(1, 4)
    ],
]  # fmt: skip


def _date_forms(day: date) -> tuple[str, ...]:
    """A date as any planvakt output writes it (short, ISO, iCalendar)."""
    return (day.strftime("%d.%m.%Y"), day.isoformat(), day.strftime("%Y%m%d"))


HIDDEN = (
    EXEMPT_BODY,
    "UNNTATT-7731",
    "offentleglova § 13",
    *(form for day in EXEMPT_DATES for form in _date_forms(day)),
)


def assert_hidden(text: str, where: str) -> None:
    for secret in HIDDEN:
        assert secret not in text, f"{secret!r} in {where}"


def add_response(
    session, plan, body: str, sent: date, received: date, effect: str, basis: str | None = None
) -> None:
    """A consulted body (six weeks to answer) and its response, exempt when ``basis``."""
    deadline = sent + timedelta(weeks=6)
    records.add_consultation(session, plan, body=body, sent_on=sent, deadline=deadline)
    records.record_response(
        session,
        plan,
        body,
        received_on=received,
        effect=effect,
        exempt_from_public=basis is not None,
        exempt_basis=basis,
    )


def consulted_plan(session):
    """Færder's plan with five measures and a body that has not answered yet."""
    plan = make_plan(session)
    import_measures(session, plan, measures_csv(MEASURES), "tiltak.csv")
    plan = plans.find_plan(session, plan.slug)
    records.add_consultation(
        session, plan, body="Ungdomsrådet", sent_on=date(2027, 4, 1), deadline=date(2027, 5, 13)
    )
    return plan


def disclosure_plan(session, *, adopted: bool = False):
    """:func:`consulted_plan` with one public and one exempt response: one public response
    is counted, so «under 5»."""
    plan = consulted_plan(session)
    add_response(session, plan, PUBLIC_BODY, date(2027, 4, 1), date(2027, 4, 10), PUBLIC_EFFECT)
    sent, _, received = EXEMPT_DATES
    add_response(session, plan, EXEMPT_BODY, sent, received, EXEMPT_EFFECT, BASIS)
    if adopted:
        revision.record_adoption(
            session,
            plan,
            body="kommunestyret",
            decided_on=date(2027, 4, 12),
            case_number="2027/31",
            period_start=date(2027, 5, 1),
            period_end=date(2031, 4, 30),
        )
    return plan


def docx_text(content: bytes) -> str:
    doc = WordDocument(io.BytesIO(content))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(lines)


# --- recording an exempt response -----------------------------------------------------------


@pytest.mark.parametrize(
    ("exempt", "basis", "code"),
    [
        (True, None, "consultation.exempt_needs_basis"),
        (True, "   ", "consultation.exempt_needs_basis"),
        (False, BASIS, "consultation.basis_needs_exempt"),
        (True, "fordi svaret er personlig", "consultation.basis_no_provision"),
        (True, "offentleglova § 13 " + "x" * 200, "field.string_too_long"),
    ],
)
def test_an_exempt_response_without_a_legal_basis_is_refused(
    session, exempt: bool, basis: str | None, code: str
) -> None:
    plan = make_plan(session)
    records.add_consultation(
        session, plan, body="NAV", sent_on=date(2027, 4, 1), deadline=date(2027, 5, 13)
    )
    with pytest.raises(ValidationError) as refused:
        records.record_response(
            session,
            plan,
            "NAV",
            received_on=date(2027, 4, 9),
            effect=None,
            exempt_from_public=exempt,
            exempt_basis=basis,
        )
    assert refused.value.code == code
    assert plan.current_edition.consultations[-1].response_received_on is None


def test_the_basis_is_stored_with_the_exempt_response(session) -> None:
    plan = disclosure_plan(session)
    (entry,) = [c for c in plan.current_edition.consultations if c.body == EXEMPT_BODY]
    assert entry.exempt and entry.exempt_from_public and entry.exempt_basis == BASIS


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line_asks_for_the_basis_and_shows_it(engine, capsys) -> None:
    with session_scope(engine) as session:
        slug = make_plan(session).slug
    assert run(capsys, "record", "consultation", slug, "--body", "NAV", "--sent", "01.04.2026",
               "--deadline", "13.05.2026")[0] == 0  # fmt: skip
    response = ("record", "response", slug, "--body", "NAV", "--received", "09.04.2026")
    code, _, err = run(capsys, *response, "--exempt")
    assert code != 0 and "må ha hjemmel" in err and "offentleglova § 13" in err
    code, _, err = run(capsys, *response, "--basis", BASIS)
    assert code != 0 and "ikke merket unntatt offentlighet" in err
    code, out, _ = run(capsys, *response, "--exempt", "--basis", BASIS)
    assert code == 0 and f"unntatt offentlighet ({BASIS})" in out
    with session_scope(engine) as session:
        (entry,) = plans.find_plan(session, slug).current_edition.consultations
        assert entry.exempt_from_public and entry.exempt_basis == BASIS


def test_the_plan_file_carries_the_basis_and_refuses_an_exempt_entry_without_one(engine) -> None:
    with session_scope(engine) as session:
        plan = disclosure_plan(session)
        slug, text = plan.slug, plan_export.dump(plan_export.export_plan(plan), "yaml")
    assert f"exempt_basis: {BASIS}" in text
    with session_scope(engine) as session:
        session.delete(plans.find_plan(session, slug))
    with session_scope(engine) as session:
        entries = plan_import.import_plan(session, text, "plan.yaml").current_edition.consultations
        (entry,) = [c for c in entries if c.body == EXEMPT_BODY]
        assert entry.exempt_from_public and entry.exempt_basis == BASIS
    with session_scope(engine) as session:
        session.delete(plans.find_plan(session, slug))
    without = text.replace(f"exempt_basis: {BASIS}", "exempt_basis: null")
    with session_scope(engine) as session, pytest.raises(ValidationError) as refused:
        plan_import.import_plan(session, without, "plan.yaml")
    assert "'editions.0.consultations.2': et svar unntatt offentlighet må ha hjemmel" in str(
        refused.value
    )


def test_an_entry_stored_exempt_before_a_basis_was_required_stops_the_export(session) -> None:
    plan = disclosure_plan(session)
    (entry,) = [c for c in plan.current_edition.consultations if c.body == EXEMPT_BODY]
    entry.exempt_basis = None  # as a row from before migration 0009 holds it
    with pytest.raises(ValidationError) as refused:
        plan_export.export_plan(plan)
    assert refused.value.code == "export.exempt_without_basis"
    assert EXEMPT_BODY in str(refused.value) and "--basis" in str(refused.value)


# --- counting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "nb", "en"),
    [(0, "under 5", "fewer than 5"), (4, "under 5", "fewer than 5"), (5, "5", "5"),
     (1200, "1\xa0200", "1,200")],
)  # fmt: skip
def test_a_small_count_about_people_is_shown_as_under_five(count: int, nb: str, en: str) -> None:
    assert small_count(count, texts("nb")) == nb
    assert small_count(count, texts("nn")) == nb
    assert small_count(count, texts("en")) == en


def test_the_threshold_is_a_setting(monkeypatch) -> None:
    monkeypatch.setenv("PLANVAKT_SMALL_COUNT_THRESHOLD", "10")
    reset_settings()
    try:
        assert small_count(9, texts("nb")) == "under 10" and small_count(10, texts("nb")) == "10"
    finally:
        monkeypatch.delenv("PLANVAKT_SMALL_COUNT_THRESHOLD")
        reset_settings()


def _entries(public: int, exempt: int, pending: int = 0) -> list[Consultation]:
    def entry(i: int, answered: bool, basis: str | None) -> Consultation:
        return Consultation(
            body=f"Instans {i}",
            sent_on=date(2027, 4, 1),
            deadline=date(2027, 5, 13),
            response_received_on=date(2027, 4, 20) if answered else None,
            exempt_from_public=basis is not None,
            exempt_basis=basis,
        )

    return (
        [entry(i, True, None) for i in range(public)]
        + [entry(100 + i, True, BASIS) for i in range(exempt)]
        + [entry(200 + i, False, None) for i in range(pending)]
    )


@pytest.mark.parametrize(
    ("public", "exempt", "pending", "received", "told"),
    [
        (1, 1, 1, 1, None),  # one exempt: neither told nor counted
        (6, 2, 0, 6, None),  # not 8: the six listed would give the two away
        (6, 5, 0, 11, 5),  # five or more: told
        (0, 7, 3, 7, 7),
        (0, 0, 2, 0, None),  # sent, not answered
    ],
)
def test_exempt_responses_are_told_only_when_they_are_not_few(
    public: int, exempt: int, pending: int, received: int, told: int | None
) -> None:
    count = response_count(_entries(public, exempt, pending))
    assert (count.received, count.exempt, count.threshold) == (received, told, 5)


def test_an_entry_flagged_exempt_without_a_basis_is_still_hidden() -> None:
    (legacy,) = _entries(0, 1)
    legacy.exempt_basis = None
    assert legacy.exempt and response_count([legacy]).received == 0


# --- the political documents --------------------------------------------------------------


def test_no_report_shows_the_exempt_response_and_small_counts_read_under_five(session) -> None:
    plan = disclosure_plan(session)
    for kind in ("status", "yearly"):
        report = build_report(plan, TODAY, kind=kind)
        assert [c.body for c in report.consultations] == ["Ungdomsrådet", PUBLIC_BODY]
        for name, text in (
            ("html", render_html(report)),
            ("md", render_markdown(report)),
            ("docx", docx_text(render_docx(report))),
            ("snapshot", json.dumps(report.snapshot(), default=str, ensure_ascii=False)),
        ):
            assert_hidden(text, f"{kind} {name}")
            assert PUBLIC_BODY in text and PUBLIC_EFFECT in text, (kind, name)
            if name != "snapshot":
                assert UNDER_5 in text, (kind, name)
                assert "Svar som er unntatt offentlighet, gjengis ikke" in text, (kind, name)


def test_stored_reports_and_their_prefect_artifacts_hide_the_exempt_response(engine) -> None:
    with session_scope(engine) as session:
        plan = disclosure_plan(session)
        plan_id = plan.id
        _, stored = documents.generate(session, plan, TODAY, kind="yearly")
        for document in stored:
            text = (
                docx_text(document.content)
                if document.format == "docx"
                else document.content.decode("utf-8")
            )
            assert_hidden(text, f"stored {document.format}")
            assert_hidden(document.snapshot, f"snapshot of the {document.format}")
            assert UNDER_5 in text
    (made,) = report_batch([plan_id], TODAY, force=True)
    assert_hidden(made.markdown, "Prefect markdown artifact")
    assert_hidden(json.dumps(made.measures, ensure_ascii=False), "Prefect table artifact")
    assert UNDER_5 in made.markdown


def test_many_exempt_responses_are_told_as_a_number(session) -> None:
    plan = consulted_plan(session)
    for i in range(5):
        body = f"Instans unntatt {i}"
        add_response(session, plan, body, date(2027, 4, 1), date(2027, 4, 9), "x", BASIS)
    for i in range(2):
        body = f"Instans offentlig {i}"
        add_response(session, plan, body, date(2027, 4, 1), date(2027, 4, 9), "Tatt inn")
    report = build_report(plan, TODAY)
    line = "Høringssvar mottatt: 7, hvorav 5 unntatt offentlighet."
    assert line in render_html(report) and line in render_markdown(report)
    assert line in docx_text(render_docx(report))
    assert "Instans unntatt" not in render_html(report)


def test_the_calendar_feeds_hide_the_exempt_response(session) -> None:
    plan = disclosure_plan(session)
    service = recipients.find_service(session, "3911", "slt-koordinator")
    assert_hidden(ics.plan_feed(plan).decode("utf-8"), "plan feed")
    assert_hidden(ics.service_feed(session, service).decode("utf-8"), "service feed")


# --- the public page, the API's documents and the coordinator's page -----------------------


@pytest.fixture
def client(engine) -> Iterator[TestClient]:
    from planvakt.web.app import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


def test_the_public_page_hides_the_exempt_response_and_shows_small_counts_as_under_five(
    client: TestClient, engine
) -> None:
    with session_scope(engine) as session:
        slug = disclosure_plan(session, adopted=True).slug
    page = client.get(f"/offentlig/{slug}")
    assert page.status_code == 200
    assert_hidden(page.text, "public page")
    assert UNDER_5 in page.text
    assert PUBLIC_BODY not in page.text and PUBLIC_EFFECT not in page.text  # count only
    # Measures are about the plan, not people: counted as they are (five here).
    assert "<dt>Tiltak</dt><dd>5</dd>" in page.text


def test_what_the_api_and_a_calendar_link_hand_out_hides_the_exempt_response(
    client: TestClient, engine
) -> None:
    with session_scope(engine) as session:
        plan = disclosure_plan(session)
        slug = plan.slug
        documents.generate(session, plan, TODAY)
        feed = feeds.issue_token(session, created_by="test", plan=plan).token
    add_user(engine, "koord", Role.COORDINATOR)
    with session_scope(engine) as session:
        user = users.find_user(session, "koord")
        _, secret = tokens.create_token(session, user.id, "test")
    headers = {"Authorization": f"Bearer {secret}"}
    listed = client.get(f"/api/v1/plans/{slug}/documents", headers=headers).json()
    assert {d["format"] for d in listed} == {"html", "md", "docx"}
    for item in listed:
        got = client.get(f"/api/v1/plans/{slug}/documents/{item['id']}", headers=headers)
        assert got.status_code == 200
        text = docx_text(got.content) if item["format"] == "docx" else got.text
        assert_hidden(text, f"API document {item['format']}")
        assert UNDER_5 in text
    calendar = client.get(f"/api/v1/plans/{slug}/calendar.ics", headers=headers)
    assert calendar.status_code == 200
    assert_hidden(calendar.text, "API calendar")
    subscribed = client.get(f"/kalender/{feed}.ics")
    assert subscribed.status_code == 200
    assert_hidden(subscribed.text, "calendar link")


def test_the_coordinator_sees_the_exempt_entry_with_its_basis(client: TestClient, engine) -> None:
    with session_scope(engine) as session:
        slug = disclosure_plan(session).slug
    add_user(engine, "koord", Role.COORDINATOR)
    log_in(client, "koord")
    page = client.get(f"/planer/{slug}/prosess").text
    assert EXEMPT_BODY in page and EXEMPT_EFFECT in page
    assert f"unntatt offentlighet, {BASIS}" in page
    assert "11.11.2026" in page  # the date it came in


def test_the_response_form_asks_for_the_basis_at_its_field(client: TestClient, engine) -> None:
    with session_scope(engine) as session:
        slug = consulted_plan(session).slug
    add_user(engine, "koord", Role.COORDINATOR)
    log_in(client, "koord")
    path = f"/planer/{slug}/horing/svar"
    form = {"body": "Ungdomsrådet", "received_on": "2027-04-09", "exempt_from_public": "on"}

    def post(data: dict[str, str]):
        return client.post(
            path, data={**data, "csrftoken": csrf(client, path)}, follow_redirects=False
        )

    refused = post(form)
    assert refused.status_code == 422
    assert 'id="f-exempt_basis"' in refused.text and "må ha hjemmel" in refused.text
    assert post({**form, "exempt_basis": BASIS}).status_code == 303
    with session_scope(engine) as session:
        (entry,) = plans.find_plan(session, slug).current_edition.consultations
        assert entry.exempt_from_public and entry.exempt_basis == BASIS


# --- the list of outputs ---------------------------------------------------------------------

# Each political or public output, and the test above that renders it.
CHECKED: dict[str, Callable[..., None]] = {
    "status_report": test_no_report_shows_the_exempt_response_and_small_counts_read_under_five,
    "yearly_report": test_stored_reports_and_their_prefect_artifacts_hide_the_exempt_response,
    "report_measures_table": test_stored_reports_and_their_prefect_artifacts_hide_the_exempt_response,
    "public_page": test_the_public_page_hides_the_exempt_response_and_shows_small_counts_as_under_five,
    "plan_feed": test_the_calendar_feeds_hide_the_exempt_response,
    "service_feed": test_the_calendar_feeds_hide_the_exempt_response,
}  # fmt: skip


def test_every_political_and_public_output_is_checked_here() -> None:
    outside = {o.name for o in OUTPUTS if o.audience is not Audience.INTERNAL}
    assert outside == set(CHECKED)
    assert len({o.name for o in OUTPUTS}) == len(OUTPUTS)


def test_every_exempt_flag_is_read_through_the_model(session) -> None:
    """The documents ask ``Consultation.exempt``; a flag without a basis hides as well."""
    plan = disclosure_plan(session)
    (entry,) = [c for c in plan.current_edition.consultations if c.body == EXEMPT_BODY]
    entry.exempt_basis = None
    session.flush()
    stored = session.scalars(select(Consultation).where(Consultation.body == EXEMPT_BODY)).one()
    assert stored.exempt
    assert_hidden(render_html(build_report(plan, TODAY)), "report of a legacy entry")
