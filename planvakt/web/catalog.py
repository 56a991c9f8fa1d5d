"""«Katalog»: the RVTS and KORUS that serve the user's municipalities, and the national
actors; unconfirmed entries and mappings are marked «ikke bekreftet»."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from planvakt.views.catalog import catalog
from planvakt.web.deps import UserAccess, page, transaction

router = APIRouter()


@router.get("/katalog")
def catalog_page(request: Request, access: UserAccess) -> Response:
    with transaction(request, read_only=True) as session:
        view = catalog(session, access.municipalities)
    return page(request, "catalog.html.j2", title="Katalog", v=view)
