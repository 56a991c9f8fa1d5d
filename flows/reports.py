"""The status report run: a status report for every active plan when one is due (monthly,
and before each political meeting recorded on the plan), stored as records and published
as Prefect artifacts: ``status-<plan>`` (Markdown) and ``status-<plan>-tiltak`` (table)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from prefect import flow
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.logging import get_run_logger

from planvakt.core.clock import local_today
from planvakt.core.db import session_scope
from planvakt.core.languages import as_language, texts
from planvakt.core.settings import get_settings
from planvakt.services.batches import chunked, current_phase_of
from tasks.documents import make_status_reports
from tasks.plans import active_plans_by_phase


@dataclass(frozen=True)
class ReportRun:
    """How many plans were looked at, and the plans that got a report."""

    plans: int
    reports: list[str]


@flow(name="statusrapport")
def status_report(
    today: date | None = None, force: bool = False, plan: str | None = None
) -> ReportRun:
    """Make the status reports that are due today (all of them with ``force``); with
    ``plan`` only that plan's (the dashboard's «Kjør nå» for one plan)."""
    today = today or local_today()
    if plan is None:
        by_phase = active_plans_by_phase()
    else:
        with session_scope(actor="planvakt-flow") as session:
            by_phase = current_phase_of(session, plan)
    plan_ids = [plan_id for ids in by_phase.values() for plan_id in ids]
    futures = [
        make_status_reports.submit(batch, today, force)
        for batch in chunked(sorted(plan_ids), get_settings().plan_batch_size)
    ]
    made = [report for future in futures for report in future.result()]
    for report in made:
        tx = texts(as_language(report.language))  # each plan's artifacts in its language
        day = tx.date(today, "short")
        create_markdown_artifact(
            key=f"status-{report.slug}",
            markdown=report.markdown,
            description=tx.gettext("Statusrapport {date}: {title}").format(
                date=day, title=report.title
            ),
        )
        create_table_artifact(
            key=f"status-{report.slug}-tiltak",
            table=report.measures,
            description=tx.gettext("Tiltak {date}: {title}").format(date=day, title=report.title),
        )
    get_run_logger().info("%d statusrapporter av %d planer", len(made), len(plan_ids))
    return ReportRun(plans=len(plan_ids), reports=[r.slug for r in made])
