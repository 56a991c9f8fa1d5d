"""What the demo's simulated people do with a checkpoint that is due: a political body
decides where a decision is what completes it, anyone else checks it off with evidence."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from models import Checkpoint, DecisionKind, Plan
from planvakt.services import plans, records
from planvakt.services.plans import PhaseChange
from planvakt.services.revision import record_adoption

# The demo's plan period: four years from the first of the month after the adoption.
PERIOD_YEARS = 4


def act_on(
    session: Session,
    plan: Plan,
    phase_key: str,
    checkpoint: Checkpoint,
    *,
    on: date,
    today: date,
    evidence: str | None = None,
) -> list[PhaseChange]:
    """Complete ``checkpoint`` on ``on`` the way it must be done and advance the phases
    (as of ``today``): a checkpoint done by a decision gets its decision recorded (the
    mandate and reports by the formannskap, the adoption by the kommunestyre, with a plan
    period of :data:`PERIOD_YEARS` years), any other is checked off with ``evidence``."""
    kind = checkpoint.decision_kind
    if kind is None:
        return plans.complete_checkpoint(
            session, plan, f"{phase_key}/{checkpoint.key}", on=on, today=today, evidence=evidence
        )
    if kind == DecisionKind.ADOPTION:
        period_start = adopted_period_start(on)
        record_adoption(
            session,
            plan,
            body="kommunestyret",
            decided_on=on,
            case_number=f"{on.year}/123",
            period_start=period_start,
            period_end=period_start.replace(year=period_start.year + PERIOD_YEARS)
            - timedelta(days=1),
        )
    else:
        records.add_decision(
            session,
            plan,
            body="formannskapet",
            decided_on=on,
            kind=kind,
            case_number=f"{on.year}/14",
            summary=None,
        )
    return plans.advance_phases(plan.current_edition, today)


def adopted_period_start(decided_on: date) -> date:
    """The first day of the month after the adoption: when the demo's plan period starts."""
    return (decided_on.replace(day=1) + timedelta(days=32)).replace(day=1)
