"""Setting up the planvakt home from the command line (``init`` and ``up``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import Plan
from planvakt.cli.output import out
from planvakt.core.clock import local_today
from planvakt.demo import seed as demo
from planvakt.services import setup


def prepare_home(with_demo: bool) -> None:
    """Create the home and database, migrate, load the directory, and the demo plan if asked."""
    ready = setup.prepare_home(_seed_demo if with_demo else None)
    out(f"planvakt klar i {ready.home}: {ready.municipalities} kommuner, {ready.actors} aktører")
    if ready.seeded_plan:
        out(f"demoplan: {ready.seeded_plan} (vis med 'planvakt plan show {ready.seeded_plan}')")
        logins = ", ".join(f"{name} ({role.value})" for name, role, _ in demo.DEMO_USERS)
        out(f"demobrukere i dashbordet: {logins}; passord «{demo.DEMO_PASSWORD}»")


def _seed_demo(session: Session) -> Plan:
    plan = demo.ensure_demo_plan(session, today=local_today())
    demo.ensure_demo_users(session)
    return plan
