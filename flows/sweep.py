"""The daily deadline sweep (weekdays, morning, Europe/Oslo).

Reviews every active plan of every municipality, writes what is due to the outbox, and sends
it: one digest per recipient. Messages go out on business days only; on a weekend or public
holiday the sweep still keeps the phases current but sends nothing, and what fell due then
goes out on the next business day. Safe to re-run: nothing is sent twice. The order of the
steps is :func:`planvakt.services.sweep.run_sweep`'s.
"""

from __future__ import annotations

from datetime import date

from prefect import flow
from prefect.artifacts import create_markdown_artifact
from prefect.logging import get_run_logger

from flows.lifecycle import PrefectSteps
from models.dates import format_date
from planvakt.core.clock import local_today
from planvakt.notify.outbox import DeliveryFailed
from planvakt.services.sweep import SweepResult, run_sweep


@flow(name="daglig-fristsjekk")
def daily_sweep(today: date | None = None) -> SweepResult:
    """Review all active plans for ``today`` (default: today in Europe/Oslo) and notify."""
    result = run_sweep(PrefectSteps(), today or local_today())
    create_markdown_artifact(
        key="daglig-fristsjekk",
        markdown=_summary(result),
        description="Resultatet av dagens fristsjekk",
    )
    get_run_logger().info(
        "fristsjekk %s: %d planer, %d nye varselgrunner", result.today, result.plans, result.notices
    )
    if result.delivery and result.delivery.failed:
        raise DeliveryFailed("delivery.failed", count=result.delivery.failed)
    return result


def _summary(result: SweepResult) -> str:
    changes = "\n".join(f"- {c}" for c in result.phase_changes) or "- ingen"
    delivery = result.delivery
    sent = f"sendt {delivery.sent}, feilet {delivery.failed}" if delivery else "ingenting å sende"
    return (
        f"# Daglig fristsjekk {format_date(result.today)}\n\n"
        f"{'Virkedag' if result.business_day else 'Ikke virkedag: ingen varsler sendes'}\n\n"
        f"- planer gjennomgått: {result.plans}\n"
        f"- nye varselgrunner: {result.notices}\n"
        f"- sammendrag skrevet: {result.digests}\n"
        f"- utboks: {sent}\n\n"
        f"## Faseoverganger\n{changes}\n"
    )
