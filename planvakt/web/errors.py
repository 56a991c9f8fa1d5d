"""One place that maps errors to answers: a login page for the anonymous, a page with the
error's words for the rest (the error's own code and location stay available to forms)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from planvakt.core.errors import (
    ConflictError,
    NotFoundError,
    PlanvaktError,
    ValidationError,
)
from planvakt.core.messages import error_text, message
from planvakt.ops.deployments import PrefectUnavailable
from planvakt.web.deps import LoginRequired, page, request_texts

STATUS: dict[type[PlanvaktError], int] = {
    NotFoundError: 404,
    ConflictError: 409,
    ValidationError: 422,
    PrefectUnavailable: 503,
}


def status_of(error: PlanvaktError) -> int:
    """The HTTP status of an error of planvakt's hierarchy."""
    return next((code for cls, code in STATUS.items() if isinstance(error, cls)), 400)


def register(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        target = quote(request.url.path, safe="/")
        return RedirectResponse(f"/logg-inn?neste={target}", status_code=303)

    @app.exception_handler(PlanvaktError)
    async def planvakt_error(request: Request, exc: PlanvaktError) -> Response:
        tx = request_texts(request)
        text = error_text(exc, tx.language)
        return page(
            request, "error.html.j2", status_of(exc), title=tx.gettext("Feil"), message=text
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        tx = request_texts(request)
        code = {403: "auth.forbidden", 404: "page.not_found"}.get(exc.status_code)
        # Any other detail is a bokmål text of ours (marked where it is raised), or English.
        detail = str(exc.detail or "")
        text = message(code, {}, tx.language) if code else tx.gettext(detail) if detail else ""
        return page(
            request, "error.html.j2", exc.status_code, title=tx.gettext("Feil"), message=text
        )
