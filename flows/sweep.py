"""The daily deadline sweep (weekdays, morning, Europe/Oslo).

Reviews every active plan of every municipality, writes what is due to the outbox, and sends
it: one digest per recipient. Messages go out on business days only; on a weekend or public
holiday the sweep still keeps the phases current but sends nothing, and what fell due then
goes out on the next business day. Safe to re-run: nothing is sent twice.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from prefect import flow
from prefect.artifacts import create_markdown_artifact

from flows.delivery import deliver_outbox, summary
from flows.lifecycle import lifecycle
from models.calendar import is_business_day
from models.dates import format_date
from planvakt.core.clock import local_today
from planvakt.notify.outbox import DeliveryFailed
from tasks.plans import record_sweep


@flow(name="daglig-fristsjekk")
def daily_sweep(today: date | None = None) -> dict[str, Any]:
    """Review all active plans for ``today`` (default: today in Europe/Oslo) and notify."""
    today = today or local_today()
    business_day = is_business_day(today)
    result = lifecycle(today=today, notify=business_day)
    if business_day:
        record_sweep(today)
    delivery = deliver_outbox(raise_on_failure=False) if business_day else {}
    result["delivery"] = delivery
    changes = "\n".join(f"- {c}" for c in result["phase_changes"]) or "- ingen"
    create_markdown_artifact(
        key="daglig-fristsjekk",
        markdown=(
            f"# Daglig fristsjekk {format_date(today)}\n\n"
            f"{'Virkedag' if business_day else 'Ikke virkedag: ingen varsler sendes'}\n\n"
            f"- planer gjennomgått: {result['plans']}\n"
            f"- nye varselgrunner: {result['notices']}\n"
            f"- sammendrag skrevet: {result['digests']}\n"
            f"- utboks: {summary(delivery)}\n\n"
            f"## Faseoverganger\n{changes}\n"
        ),
        description="Resultatet av dagens fristsjekk",
    )
    if delivery.get("failed"):
        raise DeliveryFailed(
            f"{delivery['failed']} varsler feilet; de prøves igjen ved neste kjøring"
        )
    return result
