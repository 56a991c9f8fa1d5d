"""The national data set for benchmarks: 357 municipalities, one active plan each.

Each plan has the default template's 40 checkpoints and 40 measures; every service has an
e-mail address at a local SMTP sink. Everything lives in a fresh temporary planvakt home.
"""

from __future__ import annotations

import csv
import os
import tempfile
from datetime import date
from pathlib import Path

HOME = Path(tempfile.mkdtemp(prefix="planvakt-bench-"))
os.environ.update(
    PLANVAKT_HOME=str(HOME),
    DO_NOT_TRACK="1",
    PREFECT_SERVER_ANALYTICS_ENABLED="false",
    PREFECT_HOME=str(HOME / "prefect"),
    PREFECT_LOGGING_LEVEL="WARNING",
    PLANVAKT_SEND_RETRIES="0",
)

START = date(2027, 1, 4)
TODAY = date(2027, 3, 5)  # several checkpoints due, late or escalated; measures due soon


def build(plans: int, sink_url) -> None:
    from sqlalchemy import select

    from models import Measure, Service
    from planvakt.core.db import get_engine, session_scope
    from planvakt.core.migrate import upgrade
    from planvakt.core.resources import DATA_DIR
    from planvakt.exchange.templates import load_template
    from planvakt.services import plans as plan_ops
    from planvakt.services import recipients
    from planvakt.services.directory import load_directory

    upgrade(get_engine())
    with session_scope() as session:
        load_directory(session)
    template = load_template("default")
    with (DATA_DIR / "kommuner.csv").open(encoding="utf-8") as handle:
        numbers = [row["kommunenummer"] for row in csv.DictReader(handle)][:plans]
    owners = [
        "grunnskole",
        "barnevern",
        "nav",
        "utekontakt",
        "kultur-fritid",
        "helsestasjon",
        "slt-koordinator",
    ]
    for number in numbers:
        with session_scope(actor="bench") as session:
            plan = plan_ops.create_plan(
                session, municipality_numbers=[number], template=template, start=START
            )
            services = {
                s.key: s
                for s in session.scalars(
                    select(Service).where(Service.municipality_number == number)
                )
            }
            for service in services.values():
                recipients.add_target(
                    session, sink_url(f"{service.key}@k{number}.example.org"), service=service
                )
            for i in range(40):
                plan.current_edition.measures.append(
                    Measure(
                        ref=f"T{i + 1}",
                        focus_area=f"Område {i % 5 + 1}",
                        title=f"Tiltak {i + 1}",
                        owner=services[owners[i % len(owners)]],
                        start_date=date(2027, 1, 4),
                        deadline=date(2027, 3, 5 + (i % 20)),
                        status="in_progress",
                        progress=(i * 7) % 100,
                    )
                )
