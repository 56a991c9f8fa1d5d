"""Loading per use: a list of plans costs a fixed number of statements, and loads neither
checkpoints nor measures; the full view of a plan still has everything it needs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, event, inspect, select
from sqlalchemy.exc import InvalidRequestError

from models import Measure, Service
from planvakt.core.db import session_scope
from planvakt.documents.ics import plan_feed
from planvakt.documents.render import render_bytes
from planvakt.exchange.plan_export import export_plan
from planvakt.services import plans
from planvakt.services.revision import record_adoption
from planvakt.views.plan import plan_view
from planvakt.views.report import build_report
from planvakt.views.report_cache import ReportCache
from tests.factories import make_plan

TODAY = date(2027, 6, 1)


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements run on ``engine`` inside the block."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def make_plans(engine: Engine, first: int, count: int) -> None:
    with session_scope(engine) as session:
        for i in range(first, first + count):
            numbers = ["3911", "3905"] if i % 3 == 0 else ["3911"]
            make_plan(session, municipality_numbers=numbers, slug=f"plan-{i:02d}")


def list_rows(engine: Engine) -> tuple[list[tuple[str, str, str | None]], list[str]]:
    """List every plan as a list page does, counting the statements it takes."""
    with statements(engine) as seen, session_scope(engine) as session:
        rows = []
        for plan in plans.list_plans(session):
            phase = plan.current_edition.current_phase
            municipalities = ", ".join(m.name for m in plan.municipalities)
            rows.append((plan.slug, municipalities, phase.name("nb") if phase else None))
            edition = plan.current_edition
            assert {"measures", "consultations", "decisions"} <= inspect(edition).unloaded
            assert all("checkpoints" in inspect(p).unloaded for p in edition.phases)
    return rows, seen


def test_listing_plans_takes_the_same_few_statements_for_5_and_20_plans(engine) -> None:
    make_plans(engine, 0, 5)
    five, five_statements = list_rows(engine)
    make_plans(engine, 5, 15)
    twenty, twenty_statements = list_rows(engine)

    assert len(five) == 5 and len(twenty) == 20
    assert twenty[3] == ("plan-03", "Færder, Tønsberg", "Initiering")
    assert len(twenty_statements) == len(five_statements)
    # plan, members, municipalities (+ their two advisers), editions, phases
    assert sum(s.lstrip().upper().startswith("SELECT") for s in twenty_statements) <= 7
    loaded = " ".join(twenty_statements).lower()
    assert "from checkpoint" not in loaded and "from measure" not in loaded


def test_a_list_does_not_load_checkpoints_on_the_quiet(session) -> None:
    make_plan(session)
    session.commit()
    session.expunge_all()
    (plan,) = plans.list_plans(session)
    with pytest.raises(InvalidRequestError, match="checkpoints"):
        _ = plan.current_edition.phases[0].checkpoints


def _plan_with_records(engine: Engine) -> None:
    with session_scope(engine) as session:
        plan = make_plan(session)
        owner = session.scalars(
            select(Service).where(Service.municipality_number == "3911")
        ).first()
        assert owner is not None
        plan.current_edition.measures.append(
            Measure(
                ref="T1",
                focus_area="Skole",
                title="Kurs for lærere",
                owner=owner,
                deadline=date(2028, 6, 1),
            )
        )
        session.flush()
        plans.report_measure(session, plan, "T1", on=TODAY, today=TODAY, progress=40)
        plans.complete_checkpoint(
            session, plan, plan.current_edition.phases[0].checkpoints[0].key, on=TODAY, today=TODAY
        )
        record_adoption(
            session,
            plan,
            body="kommunestyret",
            decided_on=TODAY,
            case_number="27/12",
            period_start=date(2028, 1, 1),
            period_end=date(2031, 12, 31),
        )


def test_the_full_plan_view_still_renders(engine) -> None:
    _plan_with_records(engine)
    with session_scope(engine) as session:
        plan = plans.find_plan(session, "3911-faerder-2027")
        view = plan_view(plan, TODAY)
        report = build_report(plan, TODAY)
        markdown = render_bytes(report, "md").decode("utf-8")
        exported = export_plan(plan)
        feed = plan_feed(plan)
    assert view.measures[0].ref == "T1" and view.measures[0].last_reported == TODAY
    assert view.current_phase == "Initiering"
    assert "Kurs for lærere" in markdown and "kommunestyret" in markdown
    assert exported.editions[0].measures[0].updates[0].progress == 40
    assert b"Frist tiltak T1" in feed


def test_a_plan_listed_first_loads_in_full_in_the_same_session(engine) -> None:
    _plan_with_records(engine)
    with session_scope(engine) as session:
        plans.list_plans(session)
        plan = plans.find_plan(session, "3911-faerder-2027")
        view = plan_view(plan, TODAY)
    assert [m.ref for m in view.measures] == ["T1"]
    assert sum(len(p.checkpoints) for p in view.phases) >= 25


def test_the_plan_page_report_is_built_once_per_change_of_the_plan(session) -> None:
    cache = ReportCache(size=4)
    plan = make_plan(session)
    session.flush()
    first = cache.report(session, plan.id, date(2027, 1, 20), risk_window_days=14)
    again = cache.report(session, plan.id, date(2027, 1, 20), risk_window_days=14)
    assert again is first  # nothing changed: from memory
    assert cache.report(session, plan.id, date(2027, 1, 21), risk_window_days=14) is not first
    plans.complete_checkpoint(
        session, plan, "behovsvurdering", on=date(2027, 1, 20), today=date(2027, 1, 20)
    )
    session.flush()
    changed = cache.report(session, plan.id, date(2027, 1, 20), risk_window_days=14)
    assert changed is not first
    done = [c for c in changed.phase_checkpoints if c.key == "behovsvurdering"]
    assert done and done[0].done_on == date(2027, 1, 20)


def test_a_change_committed_late_below_the_newest_id_still_refreshes_the_page(session) -> None:
    """PostgreSQL hands out ids at write time: a transaction that commits after a later one
    adds an audit entry *below* the newest id. The count of entries still moves."""
    from models import AuditEntry

    cache = ReportCache(size=4)
    plan = make_plan(session)
    session.flush()
    first = cache.report(session, plan.id, date(2027, 1, 20), risk_window_days=14)
    session.add(
        AuditEntry(
            id=-1,
            actor="test",
            action="update",
            entity="plan",
            entity_id=str(plan.id),
            label="late",
            plan_id=plan.id,
        )
    )
    session.flush()
    assert cache.report(session, plan.id, date(2027, 1, 20), risk_window_days=14) is not first
