"""«Mine tiltak»: a service owner's measures, with a short status form each."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
