"""The yearly revision run (rullering), scheduled in January (Europe/Oslo).

Opens this year's revision round for every plan in implementation: creates the round's
checkpoints, asks each measure owner for a yearly status, and schedules the evaluation
before the plan period ends. Running it again the same year changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from prefect import flow

from flows.delivery import deliver_outbox
from models.calendar import is_business_day
from planvakt.core.clock import local_today
from planvakt.core.settings import get_settings
from planvakt.services.batches import BatchResult, chunked
from tasks.plans import active_plans_by_phase, open_revision


@flow(name="arlig-rullering")
def yearly_revision(today: date | None = None) -> dict[str, Any]:
    """Open the yearly revision round for every plan in implementation."""
    today = today or local_today()
    if not is_business_day(today):
        return {"skipped": f"{today.isoformat()} er ikke en virkedag"}
    plan_ids = active_plans_by_phase().get("gjennomforing", [])
    futures = [
        open_revision.submit(b, today) for b in chunked(plan_ids, get_settings().plan_batch_size)
    ]
    total = BatchResult()
    for future in futures:
        total.add(BatchResult(**future.result()))
    result = total.as_dict()
    result["delivery"] = deliver_outbox(raise_on_failure=False)
    return result
