"""Personal API tokens: create and revoke (the profile page)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
