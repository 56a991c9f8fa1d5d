"""Calendar feeds (ICS) with secret tokens, and their management."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
