"""The catalog: the municipality's RVTS and KORUS, and the national actors."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
