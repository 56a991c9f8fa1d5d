"""The coordinator's forms: decisions, adoption, consultations, involvement, measures, reminder policy, notification addresses, spreadsheet upload."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
