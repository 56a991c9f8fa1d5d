"""Tasks that make status documents."""

from __future__ import annotations

from datetime import date

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from planvakt.services import batches
from planvakt.services.batches import ReportMade


@task(name="lag-statusrapporter", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[2, 10])
def make_status_reports(plan_ids: list[int], today: date, force: bool = False) -> list[ReportMade]:
    """Make, store and return the status reports due for a batch of plans."""
    made = batches.report_batch(plan_ids, today, force=force)
    get_run_logger().info("%d av %d planer fikk statusrapport", len(made), len(plan_ids))
    return made
