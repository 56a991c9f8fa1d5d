"""The lifecycle flow: runs each plan's current phase flow.

For one plan (``plan="3911-faerder-2027"``), e.g. right after a coordinator recorded
something, or for every active plan: the nightly run keeps every plan's phase and dates
current (``notify=False``), and the daily sweep (``flows/sweep.py``) also notifies.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from prefect import flow

from flows.delivery import deliver_outbox
from flows.phases import PHASE_FLOWS
from planvakt.core.clock import local_today
from planvakt.core.db import session_scope
from planvakt.services.batches import BatchResult
from planvakt.services.plans import find_plan
from tasks.plans import active_plans_by_phase


@flow(name="livssyklus")
def lifecycle(
    plan: str | None = None, today: date | None = None, notify: bool = False
) -> dict[str, Any]:
    """Advance one plan (or all active plans) by running the flow of its current phase."""
    today = today or local_today()
    if plan is not None:
        with session_scope(actor="planvakt-flow") as session:
            found = find_plan(session, plan)
            phase = found.current_edition.current_phase
            by_phase = {phase.key: [found.id]} if phase else {}
    else:
        by_phase = active_plans_by_phase()
    total = BatchResult()
    for phase_key, plan_ids in by_phase.items():
        total.add(BatchResult(**PHASE_FLOWS[phase_key](plan_ids, today, notify)))
    result = total.as_dict()
    if notify and plan is not None:
        result["delivery"] = deliver_outbox()
    return result
