"""Plan-level work done in batches: one database transaction, and one Prefect task run, per
batch of plans — never per checkpoint or measure."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Edition, Phase, PhaseStatus, Plan, SweepRun
from models.base import utcnow
from planvakt.core.db import get_engine, session_scope
from planvakt.core.languages import N_, as_language, texts
from planvakt.core.settings import get_settings
from planvakt.documents.store import generate, is_due
from planvakt.notify.outbox import DeliveryResult, deliver, deliverable, enqueue
from planvakt.services.plans import find_plan
from planvakt.services.review import Review, review_plan, yearly_status_requests
from planvakt.services.revision import open_revision_round
from planvakt.views.loading import PLAN_FULL, PLAN_LIST, PLAN_REVIEW, PlanOptions

T = TypeVar("T")
log = logging.getLogger(__name__)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class BatchResult:
    """Plain, serialisable outcome of a batch (what tasks return)."""

    plans: int = 0
    phase_changes: list[str] = field(default_factory=list)
    notices: int = 0
    digests: int = 0
    entries: list[int] = field(default_factory=list)
    revision_rounds: int = 0

    def add(self, other: BatchResult) -> None:
        self.plans += other.plans
        self.phase_changes += other.phase_changes
        self.notices += other.notices
        self.digests += other.digests
        self.entries += other.entries
        self.revision_rounds += other.revision_rounds


def active_plans_by_phase(session: Session, plan_id: int | None = None) -> dict[str, list[int]]:
    """Plan ids grouped by the key of their current phase (the latest active one), for
    plans whose newest edition is open (or only ``plan_id``'s). One query, whatever the
    number of plans."""
    newest = (
        select(Edition.plan_id, func.max(Edition.number).label("number"))
        .group_by(Edition.plan_id)
        .subquery()
    )
    query = (
        select(Edition.plan_id, Phase.key, Phase.position)
        .join(newest, (newest.c.plan_id == Edition.plan_id) & (newest.c.number == Edition.number))
        .join(Phase, Phase.edition_id == Edition.id)
        .where(Phase.status == PhaseStatus.ACTIVE.value, Edition.closed_on.is_(None))
    )
    if plan_id is not None:
        query = query.where(Edition.plan_id == plan_id)
    current: dict[int, tuple[int, str]] = {}
    for plan_id, key, position in session.execute(query):
        if plan_id not in current or position > current[plan_id][0]:
            current[plan_id] = (position, key)
    grouped: dict[str, list[int]] = defaultdict(list)
    for plan_id in sorted(current):
        grouped[current[plan_id][1]].append(plan_id)
    return dict(grouped)


def current_phase_of(session: Session, ref: str) -> dict[str, list[int]]:
    """One plan (by slug or number) grouped like :func:`active_plans_by_phase`."""
    return active_plans_by_phase(session, find_plan(session, ref, PLAN_LIST).id)


def _load(session: Session, plan_ids: list[int], options: PlanOptions = PLAN_REVIEW) -> list[Plan]:
    """A batch of plans with what the work needs (the daily review's rules by default)."""
    query = select(Plan).where(Plan.id.in_(plan_ids)).order_by(Plan.id).options(*options)
    return list(session.scalars(query))


def review_batch(plan_ids: list[int], today: date, *, notify: bool = True) -> BatchResult:
    """Advance and review a batch of plans in one transaction; enqueue their notices."""
    settings = get_settings()
    result = BatchResult()
    with session_scope(actor="planvakt-flow") as session:
        last = session.scalar(select(func.max(SweepRun.run_date)).where(SweepRun.run_date < today))
        review = Review()
        languages: dict[str, str] = {}
        for plan in _load(session, plan_ids):
            review.extend(review_plan(session, plan, today, settings, last))
            languages[plan.slug] = plan.language
            result.plans += 1
        # For operators (the CLI, the run's summary): each plan's change in the plan's language.
        result.phase_changes = [
            f"{slug}: {c.describe(languages[slug])}" for slug, c in review.phase_changes
        ]
        if notify:
            queued = enqueue(session, review.notices, today, settings)
            result.notices, result.digests, result.entries = (
                queued.notices,
                queued.digests,
                queued.entries,
            )
    log.info("gjennomgang %s: %d planer, %d nye varselgrunner", today, result.plans, result.notices)
    return result


def revision_batch(plan_ids: list[int], today: date) -> BatchResult:
    """Open this year's revision round for a batch of plans and ask owners for status."""
    settings = get_settings()
    result = BatchResult()
    with session_scope(actor="planvakt-flow") as session:
        requests = []
        for plan in _load(session, plan_ids):
            result.plans += 1
            if open_revision_round(session, plan, today) is not None:
                result.revision_rounds += 1
                requests += yearly_status_requests(plan, today, session)
        queued = enqueue(session, requests, today, settings)
        result.notices, result.digests, result.entries = (
            queued.notices,
            queued.digests,
            queued.entries,
        )
    return result


def record_sweep(today: date) -> None:
    """Remember that ``today``'s notices are written (the next sweep catches up from here)."""
    with session_scope(actor="planvakt-flow") as session:
        if session.get(SweepRun, today) is None:
            session.add(SweepRun(run_date=today))


def deliver_all() -> DeliveryResult:
    """Send everything the outbox holds now, in this process (the sweep's direct steps)."""
    settings = get_settings()
    with session_scope(actor="outbox") as session:
        ids = deliverable(session, utcnow(), settings.outbox_lease_seconds)
    return deliver(get_engine(), ids, settings)


@dataclass(frozen=True)
class ReportMade:
    """A status report made by a report batch: what its Prefect artifacts show."""

    slug: str
    title: str
    markdown: str
    measures: list[dict[str, str | int]]  # columns headed in the plan's language
    language: str = "nb"  # the plan's: its artifacts are written in it


# The columns of a status report's measures table (the run's artifact), in bokmål.
MEASURE_COLUMNS = (
    N_("Nr"),
    N_("Tiltak"),
    N_("Ansvarlig"),
    N_("Frist"),
    N_("Status"),
    N_("Fremdrift"),
    N_("Trafikklys"),
)


def report_batch(plan_ids: list[int], today: date, *, force: bool = False) -> list[ReportMade]:
    """Make and store the status report of every plan in the batch that is due one
    (monthly, or before a political meeting); return what the artifacts need."""
    made: list[ReportMade] = []
    with session_scope(actor="planvakt-flow") as session:
        for plan in _load(session, plan_ids, PLAN_FULL):
            if not (force or is_due(session, plan, today)):
                continue
            report, stored = generate(session, plan, today)
            markdown = next(d for d in stored if d.format == "md").content.decode("utf-8")
            tx = texts(as_language(plan.language))
            columns = [tx.gettext(c) for c in MEASURE_COLUMNS]
            made.append(
                ReportMade(
                    slug=plan.slug,
                    title=plan.title,
                    markdown=markdown,
                    measures=[
                        dict(
                            zip(
                                columns,
                                (
                                    m.ref,
                                    m.title,
                                    m.owner,
                                    m.deadline.isoformat() if m.deadline else "",
                                    m.status,
                                    m.progress,
                                    m.light.label,
                                ),
                                strict=True,
                            )
                        )
                        for area in report.focus_areas
                        for m in area.measures
                    ],
                    language=tx.language,
                )
            )
    return made
