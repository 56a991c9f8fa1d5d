"""The dashboard's ASGI application: ``uvicorn --factory planvakt.web.app:create_app``."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Awaitable, Callable

from asgi_csrf import asgi_csrf
from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from planvakt.core.resources import TEMPLATE_DIR
from planvakt.core.settings import get_settings
from planvakt.notify.secrets import derived_key
from planvakt.web import (
    api,
    catalog,
    csrf_compat,
    errors,
    feeds,
    forms,
    health,
    login,
    owner,
    pages,
    public,
    runs,
    sheets,
    tokens,
)
from planvakt.web.body_limit import BodyLimit

log = logging.getLogger("planvakt.web")
SESSION_HOURS = 8


def create_app() -> FastAPI:
    """The dashboard with its middleware: signed session cookie, CSRF check, request log."""
    settings = get_settings()
    app = FastAPI(title="planvakt", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=TEMPLATE_DIR / "web" / "static"), name="static")
    for module in (login, pages, forms, owner, catalog, feeds, public, tokens, runs, health):
        app.include_router(module.router)
    app.include_router(sheets.router)  # the measures as a spreadsheet to download
    app.mount("/api/v1", api.create_api())  # its own OpenAPI schema and JSON errors
    errors.register(app)
    app.middleware("http")(_request_log)
    app.add_middleware(
        SessionMiddleware,
        secret_key=derived_key("web-session"),
        session_cookie="planvakt_okt",
        max_age=SESSION_HOURS * 3600,
        same_site="lax",
        https_only=settings.cookie_secure,
    )
    # Every form POST needs the token of the signed csrftoken cookie (double submit).
    csrf_compat.install()  # multipart (upload) forms with python-multipart >= 0.0.26
    app.add_middleware(
        asgi_csrf,
        signing_secret=derived_key("web-csrf"),
        cookie_secure=settings.cookie_secure,
        skip_if_scope=lambda scope: scope["path"] == "/healthz",
        # A request without cookies is let through by asgi-csrf (nothing to forge), but a
        # forged login would log the victim in as the attacker: the login form always checks.
        always_protect={"/logg-inn"},
    )
    # asgi-csrf lets a request with "Authorization: Bearer" through (an API script has no
    # cookie to forge). Only the API takes bearer tokens: elsewhere the header is dropped.
    app.add_middleware(BearerOnlyForApi)
    app.add_middleware(BodyLimit)  # outermost: nothing buffers a body over the limit
    _freeze_once()
    return app


_frozen = False


def _freeze_once() -> None:
    """Everything loaded when the first app is built lives as long as the process: keep it
    out of the garbage collector's full passes, which otherwise stall requests now and then
    (p99 134 → 37 ms in ``bench/web.py``). Garbage is collected first, so none is kept."""
    global _frozen
    if not _frozen:
        gc.collect()
        gc.freeze()
        _frozen = True


class BearerOnlyForApi:
    """ASGI middleware: the Authorization header reaches nothing but ``/api/``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith("/api/"):
            headers = [(k, v) for k, v in scope["headers"] if k != b"authorization"]
            scope = {**scope, "headers": headers}
        await self.app(scope, receive, send)


async def _request_log(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """One line per request: method, path (never the query, which may hold a token), status."""
    started = time.perf_counter()
    response = await call_next(request)
    log.info(
        "%s %s %d %.0f ms",
        request.method,
        _safe_path(request.url.path),
        response.status_code,
        (time.perf_counter() - started) * 1000,
    )
    return response


def _safe_path(path: str) -> str:
    """The path as logged: the secret token of a calendar feed URL is left out."""
    return "/kalender/…" if path.startswith("/kalender/") else path
