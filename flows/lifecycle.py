"""The lifecycle flow: runs each plan's current phase flow.

For one plan (``plan="3911-faerder-2027"``), e.g. right after a coordinator recorded
something, or for every active plan: the nightly run keeps every plan's phase and dates
current (``notify=False``), and the daily sweep (``flows/sweep.py``) also notifies.
The order of the steps is :mod:`planvakt.services.sweep`'s; here each step is a Prefect run.
"""

from __future__ import annotations

from datetime import date

from prefect import flow

from flows.delivery import deliver_outbox
from flows.phases import PHASE_FLOWS
from planvakt.core.clock import local_today
from planvakt.core.db import session_scope
from planvakt.core.settings import get_settings
from planvakt.notify.outbox import DeliveryResult
from planvakt.services.batches import BatchResult, chunked, current_phase_of
from planvakt.services.sweep import SweepResult, run_lifecycle
from tasks import plans as plan_tasks


class PrefectSteps:
    """Each step of a sweep as a Prefect run: phase flows, tasks, the outbox flow."""

    def active_plans_by_phase(self) -> dict[str, list[int]]:
        return plan_tasks.active_plans_by_phase()

    def review(self, phase_key: str, plan_ids: list[int], today: date, notify: bool) -> BatchResult:
        return PHASE_FLOWS[phase_key](plan_ids, today, notify)

    def open_revision(self, plan_ids: list[int], today: date) -> BatchResult:
        futures = [
            plan_tasks.open_revision.submit(batch, today)
            for batch in chunked(plan_ids, get_settings().plan_batch_size)
        ]
        total = BatchResult()
        for future in futures:
            total.add(future.result())
        return total

    def record_sweep(self, today: date) -> None:
        plan_tasks.record_sweep(today)

    def deliver(self) -> DeliveryResult:
        return deliver_outbox(raise_on_failure=False)


@flow(name="livssyklus")
def lifecycle(
    plan: str | None = None, today: date | None = None, notify: bool = False
) -> SweepResult:
    """Advance one plan (or all active plans) by running the flow of its current phase."""
    today = today or local_today()
    steps = PrefectSteps()
    by_phase = None
    if plan is not None:
        with session_scope(actor="planvakt-flow") as session:
            by_phase = current_phase_of(session, plan)
    batch = run_lifecycle(steps, today, notify=notify, by_phase=by_phase)
    delivery = steps.deliver() if notify and plan is not None else None
    return SweepResult(today, notify, batch, delivery)
