"""Tasks that send what the outbox holds."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from models.base import utcnow
from planvakt.core.db import get_engine, session_scope
from planvakt.core.settings import get_settings
from planvakt.notify import outbox
from planvakt.notify.outbox import DeliveryResult


@task(name="utboks-klar", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def deliverable_entries() -> list[int]:
    """Every outbox entry to send now: new, failed before, or abandoned by a dead sender."""
    with session_scope(actor="outbox") as session:
        ids = outbox.deliverable(session, utcnow(), get_settings().outbox_lease_seconds)
    get_run_logger().info("%d meldinger klare til sending", len(ids))
    return ids


@task(name="send-varsler", cache_policy=NO_CACHE)
def send_entries(entry_ids: list[int]) -> DeliveryResult:
    """Send a batch of outbox entries; raise if any failed so that the task is retried.

    Retries and their backoff are set by the caller from settings (``with_options``).
    """
    result = outbox.deliver(get_engine(), entry_ids, get_settings())
    get_run_logger().info(
        "sendt %d, feilet %d, hoppet over %d", result.sent, result.failed, result.skipped
    )
    if result.failed:
        raise outbox.DeliveryFailed("delivery.failed", count=result.failed)
    return result
