"""The plan's measures as a spreadsheet to download: ``tiltak.xlsx`` for Excel and
``tiltak.csv`` (UTF-8 with BOM, ``;``), for anyone who may read the plan. The sheet imports
back without changes, so a leader can correct it and the coordinator upload it again."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from planvakt.exchange.measures import export_measures
from planvakt.services import plans
from planvakt.web.deps import transaction
from planvakt.web.plan_access import PlanAccess, ReadablePlan

router = APIRouter()

MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@router.get("/planer/{slug}/tiltak.xlsx")
def measures_xlsx(request: Request, plan: ReadablePlan) -> Response:
    return _sheet(request, plan, "xlsx")


@router.get("/planer/{slug}/tiltak.csv")
def measures_csv(request: Request, plan: ReadablePlan) -> Response:
    return _sheet(request, plan, "csv")


def _sheet(request: Request, plan: PlanAccess, fmt: str) -> Response:
    with transaction(request, read_only=True) as session:
        content = export_measures(session, plans.find_plan(session, plan.slug), fmt)
    return Response(
        content,
        media_type=MEDIA_TYPES[fmt],
        headers={
            # The slug is lower-case letters, digits and '-', so it needs no quoting.
            "Content-Disposition": f'attachment; filename="{plan.slug}-tiltak.{fmt}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
