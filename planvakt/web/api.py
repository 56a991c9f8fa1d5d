"""The JSON API under /api/v1 (personal tokens, OpenAPI)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
