"""The public page of an adopted plan (``/offentlig/<plan>``): no login, nothing internal,
in the plan's language whoever reads it.

A plan that has not been adopted (no adoption decision) has no public page: 404, the same
answer as for a plan that does not exist.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from planvakt.core.clock import local_today
from planvakt.core.errors import NotFoundError
from planvakt.core.languages import texts
from planvakt.core.settings import get_settings
from planvakt.services import plans
from planvakt.views.public import page_language, public_plan
from planvakt.web.deps import page, transaction

router = APIRouter()


@router.get("/offentlig/{slug}")
def public_page(request: Request, slug: str) -> Response:
    try:
        with transaction(request, read_only=True) as session:
            plan = plans.find_plan(session, slug)
            language = page_language(plan)
            view = public_plan(
                plan,
                local_today(),
                risk_window_days=get_settings().risk_window_days,
                tx=texts(language),
            )
    except NotFoundError:
        view = None
    if view is None:
        raise HTTPException(status_code=404)
    return page(request, "public.html.j2", language=language, title=view.title, p=view)
