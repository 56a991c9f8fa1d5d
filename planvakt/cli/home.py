"""Setting up the planvakt home from the command line (``init`` and ``up``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import Plan
from planvakt.cli.language import Words
from planvakt.cli.output import out
from planvakt.cli.web import role_name
from planvakt.core.clock import local_today
from planvakt.demo import seed as demo
from planvakt.services import setup


def prepare_home(with_demo: bool, w: Words) -> None:
    """Create the home and database, migrate, load the directory, and the demo plan if asked."""
    ready = setup.prepare_home(_seed_demo if with_demo else None)
    out(
        w._(
            "planvakt klar i {home}: {municipalities}, {actors}",
            home=ready.home,
            municipalities=w.ngettext("{n} kommune", "{n} kommuner", ready.municipalities),
            actors=w.ngettext("{n} aktør", "{n} aktører", ready.actors),
        )
    )
    if ready.seeded_plan:
        out(w._("demoplan: {slug} (vis med 'planvakt plan show {slug}')", slug=ready.seeded_plan))
        logins = ", ".join(f"{name} ({role_name(role, w)})" for name, role, _ in demo.DEMO_USERS)
        out(
            w._(
                "demobrukere i dashbordet: {logins}; passord «{password}»",
                logins=logins,
                password=demo.DEMO_PASSWORD,
            )
        )


def _seed_demo(session: Session) -> Plan:
    plan = demo.ensure_demo_plan(session, today=local_today())
    demo.ensure_demo_users(session)
    return plan
