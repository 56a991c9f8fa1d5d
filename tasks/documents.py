"""Tasks that make status documents."""

from __future__ import annotations

from datetime import date
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE

from planvakt.services import batches


@task(name="lag-statusrapporter", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[2, 10])
def make_status_reports(
    plan_ids: list[int], today: date, force: bool = False
) -> list[dict[str, Any]]:
    """Make, store and return the status reports due for a batch of plans."""
    return batches.report_batch(plan_ids, today, force=force)
