"""One flow per lifecycle phase.

Each takes the plans currently in its phase (in batches, one task run per batch) and, on a
given day: passes each plan through its gate when every required checkpoint is done (the
next phase opens with dates from that day), and writes the reminders, escalations, gate
warnings and nudges due that day to the outbox. What differs between phases is the
template's checkpoints; the rules live in ``models``.
"""

from __future__ import annotations

from datetime import date

from prefect import Flow, flow

from models.lifecycle import PhaseKey
from planvakt.core.settings import get_settings
from planvakt.services.batches import BatchResult, chunked
from tasks.plans import review_plans


def _review(plan_ids: list[int], today: date, notify: bool) -> BatchResult:
    futures = [
        review_plans.submit(batch, today, notify)
        for batch in chunked(plan_ids, get_settings().plan_batch_size)
    ]
    total = BatchResult()
    for future in futures:
        total.add(future.result())
    return total


@flow(name="fase-initiering")
def initiering(plan_ids: list[int], today: date, notify: bool = True) -> BatchResult:
    """Initiering: needs assessment, case document, pådriver, mandate, working group."""
    return _review(plan_ids, today, notify)


@flow(name="fase-involvering")
def involvering(plan_ids: list[int], today: date, notify: bool = True) -> BatchResult:
    """Involvering: mapping, dialogue meetings, draft plan, public consultation (høring)."""
    return _review(plan_ids, today, notify)


@flow(name="fase-politisk-forankring")
def politisk_forankring(plan_ids: list[int], today: date, notify: bool = True) -> BatchResult:
    """Politisk forankring: briefings, politiråd, statements from the statutory councils."""
    return _review(plan_ids, today, notify)


@flow(name="fase-vedtak")
def vedtak(plan_ids: list[int], today: date, notify: bool = True) -> BatchResult:
    """Vedtak: case document, committee, council decision, publication and distribution."""
    return _review(plan_ids, today, notify)


@flow(name="fase-gjennomforing")
def gjennomforing(plan_ids: list[int], today: date, notify: bool = True) -> BatchResult:
    """Gjennomføring: measures with owners and deadlines, status at the reporting rhythm."""
    return _review(plan_ids, today, notify)


@flow(name="fase-revisjon")
def revisjon(plan_ids: list[int], today: date, notify: bool = True) -> BatchResult:
    """Revisjon: owners report, the coordinator evaluates, the yearly report goes to the
    political level; the final revision opens the next cycle."""
    return _review(plan_ids, today, notify)


PHASE_FLOWS: dict[str, Flow[[list[int], date, bool], BatchResult]] = {
    PhaseKey.INITIATION: initiering,
    PhaseKey.INVOLVEMENT: involvering,
    PhaseKey.POLITICAL_ANCHORING: politisk_forankring,
    PhaseKey.ADOPTION: vedtak,
    PhaseKey.IMPLEMENTATION: gjennomforing,
    PhaseKey.REVISION: revisjon,
}
