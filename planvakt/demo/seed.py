"""The demo municipality: a plan for Færder (3911) part-way through involvement.

The demo plan started about 200 days before today so that it shows a realistic mix:
initiation completed, involvement running with some checkpoints done, one due soon and
some overdue, and measures in progress.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import PhaseKey, Plan, Role
from planvakt.core.resources import DATA_DIR
from planvakt.demo.people import act_on
from planvakt.exchange import measures as measures_csv
from planvakt.exchange.templates import load_template
from planvakt.services import plans, users

DEMO_KOMMUNE = "3911"
DEMO_SLUG = "3911-faerder-demo"
DEMO_MEASURES = DATA_DIR / "demo" / "faerder-tiltak.csv"


def demo_start(today: date) -> date:
    """The Monday on or before the day 200 days before ``today``."""
    start = today - timedelta(days=200)
    return start - timedelta(days=start.weekday())


def ensure_demo_plan(session: Session, *, today: date) -> Plan:
    """Create the demo plan unless it exists; return it."""
    existing = session.scalars(select(Plan).where(Plan.slug == DEMO_SLUG)).first()
    if existing is not None:
        return existing
    start = demo_start(today)
    plan = plans.create_plan(
        session,
        municipality_numbers=[DEMO_KOMMUNE],
        template=load_template("default"),
        start=start,
        slug=DEMO_SLUG,
    )
    _complete_phase(
        session, plan, PhaseKey.INITIATION, evidence="Sak 2026/14 i formannskapet", today=today
    )
    involvement = plan.current_edition.phase(PhaseKey.INVOLVEMENT)
    for key in ("dialogmote-tjenester", "kartlegging"):
        cp = next(c for c in involvement.checkpoints if c.key == key)
        plans.complete_checkpoint(
            session, plan, f"{PhaseKey.INVOLVEMENT}/{key}", on=min(cp.due_date, today), today=today
        )
    measures_csv.import_measures_file(session, plan, DEMO_MEASURES)
    return plan


def _complete_phase(
    session: Session, plan: Plan, phase_key: str, *, evidence: str, today: date
) -> None:
    phase = next(p for p in plan.current_edition.phases if p.key == phase_key)
    for cp in sorted(phase.checkpoints, key=lambda c: c.due_date):
        if cp.done_on is None and cp.due_date <= today:
            act_on(session, plan, phase_key, cp, on=cp.due_date, today=today, evidence=evidence)


DEMO_PASSWORD = "planvakt-demo"  # for the local demo only: printed by `planvakt up`
DEMO_USERS = (
    ("koordinator", Role.COORDINATOR, None),
    ("skole", Role.SERVICE_OWNER, "grunnskole"),
    ("leder", Role.READER, None),
)


def ensure_demo_users(session: Session) -> list[tuple[str, Role]]:
    """The demo's logins (one per role) in Færder, created unless they exist."""
    existing = {u.username for u in users.list_users(session)}
    for username, role, service in DEMO_USERS:
        if username not in existing:
            users.add_user(
                session,
                username,
                DEMO_PASSWORD,
                role=role,
                kommune=DEMO_KOMMUNE,
                service_key=service,
            )
    return [(username, role) for username, role, _ in DEMO_USERS]
