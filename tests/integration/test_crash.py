"""A sender killed halfway: the re-run sends exactly what is missing; only the message in
flight at the kill may go twice, and the outbox marks it as possibly duplicated."""

import os
import signal
import subprocess
import sys
import time
from datetime import date

from sqlalchemy import select

from models import OutboxEntry, OutboxStatus, Service
from planvakt.core.db import session_scope
from planvakt.core.settings import get_settings, reset_settings
from planvakt.services import batches, recipients
from tests.factories import make_plan
from tests.sinks import HttpSink


def test_killed_sender_rerun_sends_exactly_the_missing_half(engine, monkeypatch) -> None:
    with HttpSink(mode="hang") as http:
        with session_scope(engine) as session:
            for kommune in ("3911", "3905", "3907", "3909"):
                make_plan(session, municipality_numbers=[kommune], start=date(2027, 1, 4))
                for service in session.scalars(
                    select(Service).where(Service.municipality_number == kommune)
                ):
                    recipients.add_target(
                        session, http.url(f"k{kommune}/{service.key}"), service=service
                    )
            plan_ids = [p for ids in batches.active_plans_by_phase(session).values() for p in ids]
        entries = batches.review_batch(plan_ids, date(2027, 3, 5)).entries
        total = len(entries)
        assert total >= 8
        http.hang_after = total // 2

        env = {
            **os.environ,
            "PLANVAKT_SEND_CONCURRENCY": "1",
            "PLANVAKT_HOME": str(get_settings().resolved_home),
        }
        sender = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from planvakt.services.batches import deliver_all; deliver_all()",
            ],
            env=env,
        )
        deadline = time.monotonic() + 60
        while len(http.received) <= total // 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        sender.send_signal(signal.SIGKILL)  # killed while the next send is in flight
        sender.wait()
        assert len(http.received) == total // 2 + 1

        with session_scope(engine) as session:
            statuses = [e.status for e in session.scalars(select(OutboxEntry))]
        assert statuses.count(OutboxStatus.SENT) == total // 2
        assert statuses.count(OutboxStatus.SENDING) == 1

        http.mode = "ok"
        monkeypatch.setenv("PLANVAKT_OUTBOX_LEASE_SECONDS", "0")  # the dead sender's lease is over
        reset_settings()
        try:
            rerun = batches.deliver_all()
        finally:
            reset_settings()
        assert (rerun.sent, rerun.failed, rerun.skipped) == (total - total // 2, 0, 0)

    received = [p["title"] + "|" + p["message"] for p in http.received]
    assert len(received) == total + 1
    with session_scope(engine) as session:
        done = session.scalars(select(OutboxEntry)).all()
        assert all(e.status == OutboxStatus.SENT for e in done)
        duplicated = [e for e in done if e.possibly_duplicate]
        assert len(duplicated) == 1 and duplicated[0].attempts == 2
