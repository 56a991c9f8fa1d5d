"""The plan page's content, built once per change of the plan rather than per request.

Building a plan's :class:`~planvakt.views.report.StatusReport` loads the whole plan graph
and computes every light; a page is read far more often than a plan changes. Every change to
a plan writes an audit entry naming the plan (``models.audit``), and audit entries are never
removed, so the number of a plan's audit entries is its version (with the newest id: on
PostgreSQL ids are handed out at write time, so a transaction that commits late can add an
entry below the newest id, but never without raising the count). The cache answers from
memory while that version and the day are the same, and builds again the moment either moves. Each process keeps its own small cache; the
version query keeps them all correct.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import AuditEntry, Plan
from planvakt.core.languages import Language
from planvakt.views.loading import PLAN_FULL
from planvakt.views.report import StatusReport, build_report

Key = tuple[int, int, int | None, date, int, Language | None]


class ReportCache:
    """At most ``size`` built reports, the least recently used dropped first."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._items: OrderedDict[Key, StatusReport] = OrderedDict()
        self._lock = threading.Lock()

    def report(
        self,
        session: Session,
        plan_id: int,
        today: date,
        *,
        risk_window_days: int,
        language: Language | None = None,
    ) -> StatusReport:
        """The plan's status report content on ``today``, as of its newest change, in
        ``language`` (the viewer's; by default the plan's own)."""
        count, newest = session.execute(
            select(func.count(AuditEntry.id), func.max(AuditEntry.id)).where(
                AuditEntry.plan_id == plan_id
            )
        ).one()
        key = (plan_id, count, newest, today, risk_window_days, language)
        with self._lock:
            cached = self._items.get(key)
            if cached is not None:
                self._items.move_to_end(key)
                return cached
        plan = session.scalars(select(Plan).where(Plan.id == plan_id).options(*PLAN_FULL)).one()
        built = build_report(plan, today, risk_window_days=risk_window_days, language=language)
        with self._lock:
            self._items[key] = built
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return built

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


plan_reports = ReportCache()
