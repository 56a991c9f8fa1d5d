"""``/healthz``: is the database reachable, and the Prefect API (as JSON, for monitoring)."""

from __future__ import annotations

import urllib.request

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from planvakt.core.db import get_engine
from planvakt.ops import prefect_env

router = APIRouter()


@router.get("/healthz")
def healthz() -> JSONResponse:
    checks = {"database": _database(), "prefect": _prefect()}
    healthy = checks["database"] == "ok"  # the dashboard works without Prefect, degraded
    status = "ok" if all(v == "ok" for v in checks.values()) else "degraded" if healthy else "down"
    return JSONResponse({"status": status, **checks}, status_code=200 if healthy else 503)


def _database() -> str:
    try:
        with get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means: not reachable
        return f"feil: {type(exc).__name__}"
    return "ok"


def _prefect() -> str:
    url = prefect_env.api_url()
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return "ok" if response.status == 200 else f"feil: HTTP {response.status}"
    except OSError as exc:
        return f"feil: {type(exc).__name__}"
