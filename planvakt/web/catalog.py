"""«Katalog»: the RVTS and KORUS that serve the user's municipalities, and the national
actors; unconfirmed entries and mappings are marked «ikke bekreftet»."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from planvakt.views.catalog import catalog
from planvakt.web.deps import UserAccess, page, request_texts, transaction

router = APIRouter()


@router.get("/katalog")
def catalog_page(request: Request, access: UserAccess) -> Response:
    tx = request_texts(request)
    with transaction(request, read_only=True) as session:
        view = catalog(session, access.municipalities, tx.language)
    return page(request, "catalog.html.j2", title=tx.gettext("Katalog"), v=view)
