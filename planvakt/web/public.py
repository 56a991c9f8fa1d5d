"""The public page of an adopted plan (no login): focus areas, measures, progress."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
