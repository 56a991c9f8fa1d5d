"""Outbox and notifications against real local servers (SMTP sink and HTTP receiver)."""

import threading
from datetime import date

import pytest
from sqlalchemy import select, text

from models import Contact, Digest, Notice, NotificationTarget, OutboxEntry, OutboxStatus, Service
from models.reminders import NoticeKind
from planvakt.core.db import session_scope
from planvakt.core.errors import ValidationError
from planvakt.core.settings import reset_settings
from planvakt.demo.mailsink import MailSink, free_port
from planvakt.notify.outbox import DeliveryResult
from planvakt.services import batches, recipients
from planvakt.services.sweep import DirectSteps, SweepResult, run_sweep
from planvakt.views.history import plan_notifications
from tests.factories import make_plan
from tests.sinks import HttpSink


def sweep(today: date) -> SweepResult:
    """The daily sweep in this process (the same steps as the flow)."""
    return run_sweep(DirectSteps(), today)


# The demo-like plan: started 4 Jan 2027; "behovsvurdering" is due 18 Jan 2027 (14 days).
START = date(2027, 1, 4)


@pytest.fixture
def fast_retries(monkeypatch):
    monkeypatch.setenv("PLANVAKT_SEND_RETRIES", "0")
    reset_settings()
    yield
    reset_settings()


def _services(session) -> dict[str, Service]:
    return {
        s.key: s
        for s in session.scalars(select(Service).where(Service.municipality_number == "3911"))
    }


def _plan_with_targets(engine, mail: MailSink, http: HttpSink | None = None) -> None:
    with session_scope(engine) as session:
        make_plan(session, start=START)
        services = _services(session)
        for key in ("slt-koordinator", "kommunedirektor", "kommunikasjon"):
            recipients.add_target(
                session, mail.url(f"{key}@faerder.example.org"), service=services[key]
            )
        if http is not None:
            recipients.add_target(
                session, http.url(token="hemmelig-token"), service=services["slt-koordinator"]
            )
        leader = recipients.add_contact(session, services["kommunedirektor"], role="leder")
        recipients.add_target(session, mail.url("leder@faerder.example.org"), contact=leader)


def _statuses(engine) -> dict[str, int]:
    with session_scope(engine) as session:
        rows = session.execute(
            text("SELECT status, COUNT(*) FROM outbox_entry GROUP BY status")
        ).all()
    return {status: n for status, n in rows}


def test_digest_reaches_smtp_and_http_with_due_items(engine, fast_retries) -> None:
    with MailSink() as mail, HttpSink() as http:
        _plan_with_targets(engine, mail, http)
        result = sweep(date(2027, 1, 18))  # behovsvurdering due today
        assert result.delivery == DeliveryResult(sent=2, failed=0, skipped=0)
        (message,) = [m for m in mail.messages if m["To"] == "slt-koordinator@faerder.example.org"]
        assert message["Subject"] == "planvakt: 1 frist å følge opp"
        plain = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        # e-mail's plain part is made from the HTML (one line per paragraph or break)
        assert "- Frist i dag: Behovsvurdering gjennomført" in plain
        assert "Frist: 18. januar 2027. Ansvarlig: SLT-koordinator" in plain
        assert "Handlingsplan mot radikalisering og voldelig ekstremisme – Færder" in html
        assert "http://127.0.0.1:8000/planer/3911-faerder-2027" in html
        (posted,) = http.received
        assert posted["title"] == "planvakt: 1 frist å følge opp"
        assert "Frist i dag: Behovsvurdering gjennomført" in posted["message"]


def test_a_nynorsk_plans_digest_is_in_nynorsk(engine, fast_retries) -> None:
    with MailSink() as mail:
        with session_scope(engine) as session:
            plan = make_plan(session, municipality_numbers=["4640"], start=START)  # Sogndal
            assert plan.language == "nn"  # from the municipality's målform, no option given
            service = recipients.find_service(session, "4640", "slt-koordinator")
            recipients.add_target(session, mail.url("slt@sogndal.example.org"), service=service)
        sweep(date(2027, 1, 18))
        (message,) = mail.messages
        assert message["Subject"] == "planvakt: 1 frist å følgje opp"
        plain = message.get_body(("plain",)).get_content()
        assert "Dette må følgjast opp (per 18. januar 2027):" in plain
        assert "- Frist i dag: " in plain
        assert "Ansvarleg: SLT-koordinator" in plain and "Opne planvakt: " in plain
        assert "Skriv ikkje opplysningar om enkeltpersonar i svar." in plain
        assert '<html lang="nn">' in message.get_body(("html",)).get_content()


def test_same_day_twice_sends_nothing_more(engine, fast_retries) -> None:
    with MailSink() as mail:
        _plan_with_targets(engine, mail)
        sweep(date(2027, 1, 18))
        first = len(mail.messages)
        again = sweep(date(2027, 1, 18))
        assert first == 1 and len(mail.messages) == 1
        assert again.notices == 0 and again.delivery.sent == 0


def test_escalations_after_seven_and_thirty_days(engine, fast_retries) -> None:
    with MailSink() as mail:
        _plan_with_targets(engine, mail)
        sweep(date(2027, 1, 25))  # behovsvurdering 7 days late
        to = sorted(m["To"] for m in mail.messages)
        assert "slt-koordinator@faerder.example.org" in to  # owner and coordinator
        slt = next(m for m in mail.messages if m["To"] == "slt-koordinator@faerder.example.org")
        assert (  # the coordinator owns it too: one line, the escalation
            "er mer enn 7 dager på overtid og er derfor sendt videre til leder og koordinator"
            in slt.get_body(("plain",)).get_content()
        )
        sweep(date(2027, 2, 17))  # 30 days late
        admin = [m for m in mail.messages if m["To"] == "kommunedirektor@faerder.example.org"]
        assert any(
            # mixed with the director's own late items: the line says it was escalated
            "Eskalert til administrativ ledelse: 30 dager på overtid"
            in m.get_body(("plain",)).get_content()
            for m in admin
        )


def test_leader_contact_gets_the_escalation_of_its_service(engine, fast_retries) -> None:
    with MailSink() as mail:
        _plan_with_targets(engine, mail)
        # saksframlegg-behov (kommunedirektor) is due 3 Feb 2027; 7 days late on 10 Feb
        sweep(date(2027, 2, 10))
        leader = [m for m in mail.messages if m["To"] == "leder@faerder.example.org"]
        assert len(leader) == 1
        assert "Saksframlegg om behov for plan" in leader[0].get_body(("plain",)).get_content()


def test_smtp_down_records_failure_and_next_run_delivers(engine, fast_retries) -> None:
    port = free_port()
    with session_scope(engine) as session:
        make_plan(session, start=START)
        services = _services(session)
        recipients.add_target(
            session,
            f"mailto://127.0.0.1:{port}?from=planvakt@example.org&to=slt@faerder.example.org",
            service=services["slt-koordinator"],
        )
    down = sweep(date(2027, 1, 18))
    assert down.delivery.failed == 1
    with session_scope(engine) as session:
        entry = session.scalars(select(OutboxEntry)).one()
        assert entry.status == OutboxStatus.FAILED and entry.attempts == 1
        assert "Connection" in entry.last_error and "mailto" not in entry.last_error
    with MailSink(port=port) as mail:
        again = sweep(date(2027, 1, 19))
        assert again.delivery.sent == 1
        assert (
            len(mail.messages) == 1
            and "Behovsvurdering" in mail.messages[0].get_body(("plain",)).get_content()
        )
    assert _statuses(engine) == {"sent": 1}


def test_two_senders_at_once_send_each_message_once(engine, fast_retries) -> None:
    with MailSink() as mail:
        with session_scope(engine) as session:
            for kommune in ("3911", "3905", "3907"):
                make_plan(session, municipality_numbers=[kommune], start=START)
                for service in session.scalars(
                    select(Service).where(Service.municipality_number == kommune)
                ):
                    recipients.add_target(
                        session, mail.url(f"{service.key}@k{kommune}.example.org"), service=service
                    )
            plan_ids = [p for ids in batches.active_plans_by_phase(session).values() for p in ids]
        queued = batches.review_batch(plan_ids, date(2027, 3, 5))  # due, late and escalated items
        assert len(queued.entries) >= 6
        results: list[DeliveryResult] = []
        threads = [
            threading.Thread(target=lambda: results.append(batches.deliver_all())) for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sum(r.sent for r in results) == len(queued.entries)
        assert len(mail.messages) == len(queued.entries)
        assert len({m["To"] for m in mail.messages}) == len(queued.entries)  # one digest each
        assert _statuses(engine) == {"sent": len(queued.entries)}


def test_recipient_without_address_is_recorded_as_undeliverable(engine, fast_retries) -> None:
    with session_scope(engine) as session:
        make_plan(session, start=START)
    sweep(date(2027, 1, 18))
    with session_scope(engine) as session:
        entry = session.scalars(select(OutboxEntry)).one()
        assert entry.status == OutboxStatus.UNDELIVERABLE
        assert entry.last_error == "ingen varslingsadresse registrert for SLT-koordinator"
        # the plan's notifications name the status in the viewer's language
        plan_id = session.scalars(select(Notice.plan_id)).first()
        labels = {
            language: [row.status_label for row in plan_notifications(session, plan_id, language)]
            for language in ("nb", "nn", "en")
        }
        assert labels == {
            "nb": ["kan ikke leveres"],
            "nn": ["kan ikkje leverast"],
            "en": ["undeliverable"],
        }
        # Monday: Sunday's "due tomorrow" and today's "due today" share one digest
        notices = session.scalars(select(Notice).order_by(Notice.trigger_date)).all()
        assert [(n.kind, n.trigger_date) for n in notices] == [
            (NoticeKind.REMINDER, date(2027, 1, 17)),
            (NoticeKind.DUE, date(2027, 1, 18)),
        ]
        assert {n.digest_id for n in notices} == {entry.digest_id}


def test_invalid_url_is_refused_and_secrets_are_stored_encrypted(engine) -> None:
    with session_scope(engine) as session:
        make_plan(session, start=START)
        service = _services(session)["barnevern"]
        with pytest.raises(ValidationError, match="ugyldig varslingsadresse") as err:
            recipients.add_target(session, "mailto://bad address with spaces", service=service)
        assert "bad address" not in str(err.value)
        recipients.add_target(
            session, "json://127.0.0.1:9/hook?token=topp-hemmelig", service=service
        )
    with engine.connect() as conn:
        dump = "\n".join(
            str(row)
            for table in ("notification_target", "audit_entry")
            for row in conn.execute(text(f"SELECT * FROM {table}"))
        )
    assert "topp-hemmelig" not in dump
    with session_scope(engine) as session:
        target = session.scalars(select(NotificationTarget)).one()
        assert target.url_masked == "json://127.0.0.1:9/…"  # a webhook path may hold its token
        assert target.service_id == service.id
        _ = session.scalars(select(Contact)).all()
        _ = session.scalars(select(Digest)).all()


def test_a_missed_day_is_caught_up_the_next_business_day(engine, fast_retries) -> None:
    with MailSink() as mail:
        _plan_with_targets(engine, mail)
        sweep(date(2027, 1, 15))  # Friday: nothing due yet
        # Monday 18 January (behovsvurdering due) the sweep does not run; Tuesday catches up
        sweep(date(2027, 1, 19))
        (message,) = [m for m in mail.messages if m["To"] == "slt-koordinator@faerder.example.org"]
        # caught up: the label counts from the day it goes out
        assert (
            "1 dag på overtid: Behovsvurdering gjennomført"
            in message.get_body(("plain",)).get_content()
        )
