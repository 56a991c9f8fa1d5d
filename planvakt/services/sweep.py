"""The order of the daily sweep, the lifecycle run and the yearly revision, written once.

The same order runs through Prefect (``flows/``: every step a flow or task run) and in
process (:class:`DirectSteps`: ``planvakt sweep --direct``, the demo's simulated clock, the
benchmarks). Only the way each step is carried out differs; what a sweep does, and in
which order, lives here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from models.calendar import is_business_day
from models.lifecycle import PhaseKey
from planvakt.core.db import session_scope
from planvakt.core.settings import get_settings
from planvakt.notify.outbox import DeliveryResult
from planvakt.services import batches
from planvakt.services.batches import BatchResult, chunked

log = logging.getLogger(__name__)


class SweepSteps(Protocol):
    """How each step of a sweep is carried out (in process, or as Prefect runs)."""

    def active_plans_by_phase(self) -> dict[str, list[int]]:
        """Ids of the active plans grouped by the key of their current phase."""
        ...

    def review(self, phase_key: str, plan_ids: list[int], today: date, notify: bool) -> BatchResult:
        """Advance and review the plans of one phase; queue their notices if ``notify``."""
        ...

    def open_revision(self, plan_ids: list[int], today: date) -> BatchResult:
        """Open this year's revision round for plans in implementation."""
        ...

    def record_sweep(self, today: date) -> None:
        """Remember that ``today``'s notices are written."""
        ...

    def deliver(self) -> DeliveryResult:
        """Send what the outbox holds."""
        ...


@dataclass(frozen=True)
class SweepResult:
    """What a sweep, a lifecycle run or a revision run did."""

    today: date
    business_day: bool
    batch: BatchResult = field(default_factory=BatchResult)
    delivery: DeliveryResult | None = None

    @property
    def plans(self) -> int:
        return self.batch.plans

    @property
    def notices(self) -> int:
        return self.batch.notices

    @property
    def digests(self) -> int:
        return self.batch.digests

    @property
    def phase_changes(self) -> list[str]:
        return self.batch.phase_changes

    @property
    def revision_rounds(self) -> int:
        return self.batch.revision_rounds


def run_lifecycle(
    steps: SweepSteps,
    today: date,
    *,
    notify: bool,
    by_phase: dict[str, list[int]] | None = None,
) -> BatchResult:
    """Run each active plan's current phase (all active plans, or those in ``by_phase``)."""
    groups = steps.active_plans_by_phase() if by_phase is None else by_phase
    total = BatchResult()
    for phase_key, plan_ids in groups.items():
        total.add(steps.review(phase_key, plan_ids, today, notify))
    log.info("livssyklus %s: %d planer, %d nye varselgrunner", today, total.plans, total.notices)
    return total


def run_sweep(steps: SweepSteps, today: date) -> SweepResult:
    """The daily sweep: keep every plan's phase current and, on a business day, queue
    what is due (catching up missed days), remember the day, and send the outbox.

    On a weekend or public holiday phases still move but nothing is queued or sent."""
    business_day = is_business_day(today)
    batch = run_lifecycle(steps, today, notify=business_day)
    if not business_day:
        return SweepResult(today, False, batch)
    steps.record_sweep(today)
    return SweepResult(today, True, batch, steps.deliver())


def run_revision(steps: SweepSteps, today: date) -> SweepResult:
    """The yearly revision: open this year's round for every plan in implementation, ask
    each measure owner for status, and send. Nothing happens on a non-business day."""
    if not is_business_day(today):
        return SweepResult(today, False)
    plan_ids = steps.active_plans_by_phase().get(PhaseKey.IMPLEMENTATION, [])
    batch = steps.open_revision(plan_ids, today) if plan_ids else BatchResult()
    return SweepResult(today, True, batch, steps.deliver())


class DirectSteps:
    """Every step in this process, without Prefect: the same batches as the flows."""

    def active_plans_by_phase(self) -> dict[str, list[int]]:
        with session_scope(actor="planvakt-flow") as session:
            return batches.active_plans_by_phase(session)

    def review(self, phase_key: str, plan_ids: list[int], today: date, notify: bool) -> BatchResult:
        total = BatchResult()
        for batch in chunked(plan_ids, get_settings().plan_batch_size):
            total.add(batches.review_batch(batch, today, notify=notify))
        return total

    def open_revision(self, plan_ids: list[int], today: date) -> BatchResult:
        total = BatchResult()
        for batch in chunked(plan_ids, get_settings().plan_batch_size):
            total.add(batches.revision_batch(batch, today))
        return total

    def record_sweep(self, today: date) -> None:
        batches.record_sweep(today)

    def deliver(self) -> DeliveryResult:
        return batches.deliver_all()
