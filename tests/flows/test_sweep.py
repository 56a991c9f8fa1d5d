"""The daily sweep and the lifecycle, end to end under a real Prefect server, with messages
delivered to a real local SMTP server and a real local HTTP receiver."""

import threading
from datetime import date

from prefect.artifacts import Artifact
from sqlalchemy import select

from flows.lifecycle import lifecycle
from flows.revision import yearly_revision
from flows.sweep import daily_sweep
from models import OutboxEntry, OutboxStatus, Service
from planvakt.core.db import session_scope
from planvakt.demo.mailsink import MailSink, free_port
from planvakt.services import plans, recipients
from planvakt.services.sweep import SweepResult
from tests.factories import advance_to, make_plan
from tests.sinks import HttpSink

START = date(2027, 1, 4)


def _targets(session, mail: MailSink, http: HttpSink | None = None, kommune: str = "3911") -> None:
    for service in session.scalars(select(Service).where(Service.municipality_number == kommune)):
        recipients.add_target(
            session, mail.url(f"{service.key}@k{kommune}.example.org"), service=service
        )
    if http is not None:
        slt = recipients.find_service(session, kommune, "slt-koordinator")
        recipients.add_target(session, http.url("teams"), service=slt)


def _bodies(mail: MailSink, to: str) -> list[str]:
    return [m.get_body(("plain",)).get_content() for m in mail.messages if m["To"] == to]


def test_sweep_delivers_digests_and_a_second_run_sends_nothing(engine, quick_retries) -> None:
    with MailSink() as mail, HttpSink() as http:
        with session_scope(engine) as session:
            make_plan(session, start=START)
            _targets(session, mail, http)
        result = daily_sweep(today=date(2027, 1, 25))  # behovsvurdering (SLT) 7 days late
        assert result.plans == 1 and result.delivery.sent == 2
        (slt,) = _bodies(mail, "slt-koordinator@k3911.example.org")
        assert (
            "mer enn 7 dager på overtid og er derfor sendt videre til leder og koordinator" in slt
        )
        assert "- 7 dager på overtid: Behovsvurdering gjennomført" in slt
        assert "Frist: 18. januar 2027. Ansvarlig: SLT-koordinator" in slt
        assert "Handlingsplan mot radikalisering og voldelig ekstremisme – Færder" in slt
        (posted,) = http.received
        assert posted["title"] == "planvakt: 1 frist på overtid – til orientering"
        assert "Behovsvurdering gjennomført" in posted["message"]
        artifact = Artifact.get("daglig-fristsjekk")
        assert artifact is not None and "planer gjennomgått: 1" in str(artifact.data)

        again = daily_sweep(today=date(2027, 1, 25))
        assert again.notices == 0 and again.delivery is not None and again.delivery.sent == 0
        assert len(mail.messages) == 1 and len(http.received) == 1


def test_easter_monday_sends_nothing_and_tuesday_catches_up(engine, quick_retries) -> None:
    with MailSink() as mail:
        with session_scope(engine) as session:
            make_plan(session, start=date(2027, 1, 11))  # behovsvurdering due 25 Jan
            _targets(session, mail)
        monday = daily_sweep(today=date(2027, 3, 29))
        assert monday.notices == 0 and len(mail.messages) == 0
        tuesday = daily_sweep(today=date(2027, 3, 30))
        assert tuesday.delivery.sent >= 1
        assert len(mail.messages) == tuesday.delivery.sent


def test_two_sweeps_started_together_send_each_message_once(engine, quick_retries) -> None:
    with MailSink() as mail:
        with session_scope(engine) as session:
            for kommune in ("3911", "3905"):
                make_plan(session, municipality_numbers=[kommune], start=START)
                _targets(session, mail, kommune=kommune)
        results: list[SweepResult] = []
        runs = [
            threading.Thread(target=lambda: results.append(daily_sweep(today=date(2027, 3, 5))))
            for _ in range(2)
        ]
        for run in runs:
            run.start()
        for run in runs:
            run.join()
        assert len(results) == 2
        with session_scope(engine) as session:
            entries = session.scalars(select(OutboxEntry)).all()
        assert entries and all(e.status == OutboxStatus.SENT and e.attempts == 1 for e in entries)
        assert len(mail.messages) == len(entries)
        assert len({m["To"] for m in mail.messages}) == len(entries)


def test_smtp_down_fails_visibly_and_the_next_run_delivers(engine, quick_retries) -> None:
    port = free_port()
    with session_scope(engine) as session:
        make_plan(session, start=START)
        slt = recipients.find_service(session, "3911", "slt-koordinator")
        recipients.add_target(
            session,
            f"mailto://127.0.0.1:{port}?from=planvakt@example.org&to=slt@k3911.example.org",
            service=slt,
        )
    state = daily_sweep(today=date(2027, 1, 18), return_state=True)
    assert state.is_failed()
    with session_scope(engine) as session:
        (entry,) = session.scalars(select(OutboxEntry)).all()
        assert entry.status == OutboxStatus.FAILED and entry.attempts == 2  # first try + one retry
    with MailSink(port=port) as mail:
        result = daily_sweep(today=date(2027, 1, 19))
        assert result.delivery.sent == 1 and len(mail.messages) == 1


def test_lifecycle_moves_one_plan_through_its_gate(engine) -> None:
    with session_scope(engine) as session:
        plan = make_plan(session, start=START)
        for cp in plan.current_edition.phases[0].checkpoints:  # done, recorded without the gate
            cp.done_on = date(2027, 3, 1)
        slug = plan.slug
    result = lifecycle(plan=slug, today=date(2027, 3, 2))
    assert result.phase_changes == [f"{slug}: Initiering fullført 01.03.2027, Involvering åpnet"]
    with session_scope(engine) as session:
        assert plans.find_plan(session, slug).current_edition.current_phase.key == "involvering"


def test_yearly_revision_opens_the_round_and_asks_owners(engine, tmp_path, quick_retries) -> None:
    from planvakt.exchange import measures as measures_csv
    from tests.factories import measures_csv as csv_text
    from tests.factories import write

    with MailSink() as mail:
        with session_scope(engine) as session:
            plan = make_plan(session, start=date(2025, 1, 6))
            advance_to(session, plan, "gjennomforing")
            rows = [
                {
                    "id": "1",
                    "innsatsområde": "A",
                    "tiltak": "Kurs for lærere",
                    "ansvarlig_enhet": "grunnskole",
                }
            ]
            measures_csv.import_measures_file(
                session, plan, write(tmp_path / "m.csv", csv_text(rows))
            )
            _targets(session, mail)
        result = yearly_revision(today=date(2028, 1, 17))
        assert result.revision_rounds == 1
        (body,) = _bodies(mail, "grunnskole@k3911.example.org")
        assert "- Årlig rullering – rapporter status: Tiltak 1: Kurs for lærere" in body
        assert yearly_revision(today=date(2028, 1, 18)).revision_rounds == 0
