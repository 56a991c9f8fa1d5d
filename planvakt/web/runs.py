"""«Kjør nå»: start a Prefect deployment for a plan and follow the run."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
