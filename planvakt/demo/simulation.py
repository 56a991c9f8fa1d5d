"""`planvakt demo`: a year of Færder's plan, simulated day by day on a clock (no sleeping).

The demo runs in a database of its own and sends every message to a local SMTP server on
127.0.0.1 that keeps each e-mail as an ``.eml`` file. Simulated people act on a fixed,
repeatable pattern: most checkpoints are done on their due day, some late (so overdue
reminders and escalations go out), one service never reports status (nudges); where a
political decision completes a checkpoint (the mandate, the adoption) the decision is
recorded (:mod:`planvakt.demo.people`). Each day runs the same logic as the daily sweep; in
January the yearly revision opens.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import DecisionKind, Notice, OutboxEntry, OutboxStatus, Plan, Service
from models.calendar import is_business_day
from models.lifecycle import PhaseKey
from models.measure import MeasureStatus
from planvakt.core.db import get_engine, reset_engine, session_scope
from planvakt.core.languages import SOURCE, Language, texts
from planvakt.core.migrate import upgrade
from planvakt.core.resources import DATA_DIR
from planvakt.core.settings import get_settings, settings_override
from planvakt.demo.mailsink import MailSink
from planvakt.demo.people import act_on
from planvakt.exchange import measures as measures_csv
from planvakt.exchange.templates import load_template
from planvakt.services import plans, recipients
from planvakt.services.directory import load_directory
from planvakt.services.sweep import DirectSteps, run_revision, run_sweep

SLUG = "3911-faerder-simulering"
SILENT_SERVICE = "kultur-fritid"  # never reports status: shows the nudges
LEADERS = ("barnevern", "nav", "grunnskole", "utekontakt")
REVISION_DAYS = range(15, 22)  # 15–21 January, weekdays, as the deployment's schedule
EVIDENCE = "Simulert dokumentasjon"  # what a simulated owner writes when checking off


@dataclass
class SimulationReport:
    start: date
    end: date
    phase_changes: list[str] = field(default_factory=list)
    notices_by_kind: Counter[str] = field(default_factory=Counter)
    sent: int = 0
    failed: int = 0
    revision_opened: date | None = None
    adopted: date | None = None
    mail_folder: Path | None = None
    smtp: str = ""


def _delay(key: str) -> int:
    """Days after the due date a simulated owner completes a checkpoint (repeatable)."""
    if key.startswith("uttalelse-eldrerad"):
        return 32  # very late: escalates to administrative leadership
    bucket = zlib.crc32(key.encode()) % 6
    return 9 if bucket == 0 else -3 if bucket == 1 else 0


def simulate(
    start: date,
    days: int,
    folder: Path,
    echo: Callable[[str], None],
    language: Language = SOURCE,
) -> SimulationReport:
    """Run the simulation in its own SQLite database under ``folder``; ``echo`` tells the
    operator what runs, in ``language`` (the plan's own texts are in the plan's language)."""
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "planvakt-demo.db"
    database.unlink(missing_ok=True)
    mail = folder / "epost"
    for old in mail.glob("*.eml"):
        old.unlink()
    report = SimulationReport(start, start + timedelta(days=days - 1), mail_folder=mail)
    with (
        settings_override(database_url=f"sqlite:///{database}", send_retries=0),
        MailSink(folder=mail) as sink,
    ):
        report.smtp = f"127.0.0.1:{sink.port}"
        try:
            upgrade(get_engine())
            with session_scope(actor="demo") as session:
                load_directory(session)
                _set_up(session, sink, start)
            tx = texts(language)
            echo(
                tx.ngettext(
                    "simulerer {days} dag fra {start}; e-post til SMTP på {smtp}",
                    "simulerer {days} dager fra {start}; e-post til SMTP på {smtp}",
                    days,
                ).format(days=days, start=tx.date(start, "short"), smtp=report.smtp)
            )
            for offset in range(days):
                _one_day(start + timedelta(days=offset), report)
            with session_scope(actor="demo") as session:
                kinds = session.execute(select(Notice.kind, func.count()).group_by(Notice.kind))
                report.notices_by_kind.update({kind: count for kind, count in kinds})
                rows = session.execute(
                    select(OutboxEntry.status, func.count()).group_by(OutboxEntry.status)
                )
                statuses: dict[str, int] = {status: count for status, count in rows}
            report.sent = statuses.get(OutboxStatus.SENT.value, 0)
            report.failed = statuses.get(OutboxStatus.FAILED.value, 0)
        finally:
            reset_engine()
    return report


def _set_up(session: Session, sink: MailSink, start: date) -> None:
    # Started ten months ago: initiation and involvement are done, political anchoring opens.
    plan_start = start - timedelta(days=300)
    plan = plans.create_plan(
        session,
        municipality_numbers=["3911"],
        template=load_template("default"),
        start=plan_start,
        slug=SLUG,
    )
    for service in session.scalars(select(Service).where(Service.municipality_number == "3911")):
        recipients.add_target(
            session, sink.url(f"{service.key}@faerder.example.org"), service=service
        )
        if service.key in LEADERS:
            leader = recipients.add_contact(session, service, role="leder")
            recipients.add_target(
                session, sink.url(f"leder.{service.key}@faerder.example.org"), contact=leader
            )
    for phase_key in (PhaseKey.INITIATION, PhaseKey.INVOLVEMENT):
        phase = plan.current_edition.phase(phase_key)
        for cp in sorted(phase.checkpoints, key=lambda c: c.due_date):
            if cp.done_on is None:
                on = min(cp.due_date, start - timedelta(days=1))
                act_on(session, plan, phase_key, cp, on=on, today=on)
    measures_csv.import_measures_file(session, plan, DATA_DIR / "demo" / "faerder-tiltak.csv")


def _one_day(day: date, report: SimulationReport) -> None:
    with session_scope(actor="demo") as session:
        plan = plans.find_plan(session, SLUG)
        _people_act(session, plan, day, report)
    report.phase_changes += run_sweep(DirectSteps(), day).phase_changes
    if (
        day.month == 1
        and day.day in REVISION_DAYS
        and run_revision(DirectSteps(), day).revision_rounds
    ):
        report.revision_opened = day


def _people_act(session: Session, plan: Plan, day: date, report: SimulationReport) -> None:
    if not is_business_day(day):  # people work on business days
        return
    edition = plan.current_edition
    for phase in edition.phases:
        if phase.status != "active":
            continue
        for cp in edition.gate_checkpoints(phase):
            if cp.done_on is None and cp.due_date + timedelta(days=_delay(cp.key)) <= day:
                adoption = cp.decision_kind == DecisionKind.ADOPTION
                changes = act_on(session, plan, phase.key, cp, on=day, today=day, evidence=EVIDENCE)
                report.phase_changes += [c.describe(plan.language) for c in changes]
                if adoption:
                    report.adopted = day
    if day.day <= 7 and day.weekday() == 0:  # owners report on the first Monday of a month
        for m in edition.measures:
            if m.owner.key == SILENT_SERVICE or MeasureStatus(m.status).finished:
                continue
            done = m.deadline is not None and m.deadline <= day + timedelta(days=7)
            plans.report_measure(
                session,
                plan,
                m.ref,
                on=day,
                today=day,
                status=MeasureStatus.DONE if done else MeasureStatus.IN_PROGRESS,
                progress=100 if done else min(95, m.progress + 10),
                reported_by="enhetsleder",
            )


def run_demo(
    days: int, start: date | None, echo: Callable[[str], None], language: Language = SOURCE
) -> SimulationReport:
    """Simulate ``days`` days from ``start`` (1 March 2027 by default) in the home's demo
    folder; ``echo`` and ``language`` as for :func:`simulate`."""
    folder = get_settings().resolved_home / "demo"
    return simulate(start or date(2027, 3, 1), days, folder, echo, language)
