"""Sending the outbox: a flow of its own, so that an operator can also run it alone."""

from __future__ import annotations

from prefect import flow
from prefect.artifacts import create_table_artifact
from prefect.logging import get_run_logger

from planvakt.core.db import session_scope
from planvakt.core.languages import SOURCE, texts
from planvakt.core.settings import get_settings
from planvakt.notify.outbox import DeliveryFailed, DeliveryResult, status_counts
from planvakt.services.batches import chunked
from planvakt.views.history import OUTBOX_STATUS
from tasks.delivery import deliverable_entries, send_entries


@flow(name="send-utboks")
def deliver_outbox(raise_on_failure: bool = True) -> DeliveryResult:
    """Send every deliverable outbox entry in batches, retrying failures with backoff.

    Entries that still fail stay ``failed`` in the outbox and are tried again by the next
    run; the run then ends as failed so that the operator sees it.
    """
    settings = get_settings()
    tx = texts(SOURCE)  # for operators: bokmål
    sender = send_entries.with_options(
        retries=settings.send_retries,
        retry_delay_seconds=[
            settings.send_retry_delay_seconds * 4**i for i in range(settings.send_retries)
        ]
        or 0,
    )
    entry_ids = deliverable_entries()
    states = [
        sender(batch, return_state=True) for batch in chunked(entry_ids, settings.send_batch_size)
    ]
    with session_scope(actor="outbox") as session:
        counts = status_counts(session, entry_ids)
    create_table_artifact(
        key="utboks-siste-kjoring",
        table=[
            {
                tx.gettext("status"): tx.gettext(OUTBOX_STATUS.get(status, status)),
                tx.gettext("antall"): n,
            }
            for status, n in sorted(counts.items())
        ],
        description=tx.gettext("Utfallet av siste sending fra utboksen"),
    )
    sent, failed = counts.get("sent", 0), counts.get("failed", 0)
    result = DeliveryResult(sent=sent, failed=failed, skipped=len(entry_ids) - sent - failed)
    get_run_logger().info("utboks: sendt %d, feilet %d", result.sent, result.failed)
    if raise_on_failure and any(state.is_failed() for state in states):
        raise DeliveryFailed("delivery.failed", count=result.failed)
    return result
