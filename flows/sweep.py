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
from planvakt.core.clock import local_today
from planvakt.core.languages import SOURCE, Texts, texts
from planvakt.notify.outbox import DeliveryFailed
from planvakt.services.sweep import SweepResult, run_sweep


@flow(name="daglig-fristsjekk")
def daily_sweep(today: date | None = None) -> SweepResult:
    """Review all active plans for ``today`` (default: today in Europe/Oslo) and notify."""
    result = run_sweep(PrefectSteps(), today or local_today())
    create_markdown_artifact(
        key="daglig-fristsjekk",
        markdown=_summary(result),
        description=texts(SOURCE).gettext("Resultatet av dagens fristsjekk"),
    )
    get_run_logger().info(
        "fristsjekk %s: %d planer, %d nye varselgrunner", result.today, result.plans, result.notices
    )
    if result.delivery and result.delivery.failed:
        raise DeliveryFailed("delivery.failed", count=result.delivery.failed)
    return result


def _summary(result: SweepResult, tx: Texts | None = None) -> str:
    """The run's summary for operators, in bokmål (each phase change in its plan's language)."""
    tx = tx or texts(SOURCE)
    changes = "\n".join(f"- {c}" for c in result.phase_changes) or "- " + tx.gettext("ingen")
    delivery = result.delivery
    sent = (
        tx.gettext("sendt {sent}, feilet {failed}").format(
            sent=delivery.sent, failed=delivery.failed
        )
        if delivery
        else tx.gettext("ingenting å sende")
    )
    day = (
        tx.gettext("Virkedag")
        if result.business_day
        else tx.gettext("Ikke virkedag: ingen varsler sendes")
    )
    lines = [
        "# " + tx.gettext("Daglig fristsjekk {date}").format(date=tx.date(result.today)),
        "",
        day,
        "",
        "- " + tx.gettext("planer gjennomgått: {count}").format(count=result.plans),
        "- " + tx.gettext("nye varselgrunner: {count}").format(count=result.notices),
        "- " + tx.gettext("sammendrag skrevet: {count}").format(count=result.digests),
        "- " + tx.gettext("utboks: {outcome}").format(outcome=sent),
        "",
        "## " + tx.gettext("Faseoverganger"),
        changes,
    ]
    return "\n".join(lines) + "\n"
