"""Prefect's environment for planvakt: its home inside the planvakt home, no telemetry.

Call :func:`configure` before Prefect is imported; it only fills in what is not set, so an
operator's own ``PREFECT_*`` settings win.
"""

from __future__ import annotations

import os

from planvakt.core.settings import get_settings

DEFAULT_API_URL = "http://127.0.0.1:4200/api"  # where `planvakt up` serves Prefect by default


def prefect_defaults(api_url: str | None = None) -> dict[str, str]:
    settings = get_settings()
    values = {
        "PREFECT_HOME": str(settings.prefect_home),
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
        "PLANVAKT_HOME": str(settings.resolved_home),
    }
    if api_url:
        values["PREFECT_API_URL"] = api_url
    return values


def configure(api_url: str | None = None) -> None:
    """Set Prefect's defaults in this process's environment (existing values win)."""
    for key, value in prefect_defaults(api_url).items():
        os.environ.setdefault(key, value)


def api_url() -> str:
    """The Prefect API this process talks to: ``PREFECT_API_URL``, else ``planvakt up``'s."""
    configure(DEFAULT_API_URL)
    return os.environ["PREFECT_API_URL"].rstrip("/")
