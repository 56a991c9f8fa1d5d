"""Tasks on plans: each one unit of database work over a batch of plans."""

from __future__ import annotations

from datetime import date

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from planvakt.core.db import session_scope
from planvakt.services import batches
from planvakt.services.batches import BatchResult


@task(name="aktive-planer", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def active_plans_by_phase() -> dict[str, list[int]]:
    """Ids of the active plans, grouped by their current phase."""
    with session_scope(actor="planvakt-flow") as session:
        grouped = batches.active_plans_by_phase(session)
    get_run_logger().info(
        "%d aktive planer i %d faser", sum(map(len, grouped.values())), len(grouped)
    )
    return grouped


@task(name="gjennomgå-planer", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[2, 10])
def review_plans(plan_ids: list[int], today: date, notify: bool = True) -> BatchResult:
    """Advance a batch of plans through met gates and write the notices due today to the
    outbox (idempotent: a notice already written is never written again)."""
    result = batches.review_batch(plan_ids, today, notify=notify)
    get_run_logger().info(
        "%d planer gjennomgått: %d faseoverganger, %d nye varselgrunner, %d sammendrag",
        result.plans,
        len(result.phase_changes),
        result.notices,
        result.digests,
    )
    return result


@task(name="åpne-rullering", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[2, 10])
def open_revision(plan_ids: list[int], today: date) -> BatchResult:
    """Open this year's revision round for a batch of plans and ask owners for status."""
    result = batches.revision_batch(plan_ids, today)
    get_run_logger().info(
        "rullering åpnet for %d av %d planer", result.revision_rounds, result.plans
    )
    return result


@task(name="fristsjekk-utfort", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def record_sweep(today: date) -> None:
    """Remember that today's notices are written, so the next sweep catches up from here."""
    batches.record_sweep(today)
