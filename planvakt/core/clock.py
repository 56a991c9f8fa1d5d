"""Today's date in the configured time zone (Europe/Oslo); one place to ask."""

from __future__ import annotations

from datetime import date, datetime

from planvakt.core.settings import get_settings


def local_today() -> date:
    return datetime.now(get_settings().tz).date()
