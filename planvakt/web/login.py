"""Logging in and out with a local username and password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from planvakt.core.messages import message
from planvakt.services import users
from planvakt.web.auth import end_session, start_session
from planvakt.web.deps import page, request_texts, transaction

router = APIRouter()


@router.get("/logg-inn")
def login_form(request: Request, neste: str = "/") -> Response:
    title = request_texts(request).gettext("Logg inn")
    return page(request, "login.html.j2", title=title, next=_local(neste), error=None)


@router.post("/logg-inn")
def log_in_with_password(
    request: Request,
    username: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=200)],
    neste: Annotated[str, Form()] = "/",
) -> Response:
    with transaction(request) as session:
        user = users.authenticate(session, username, password)
    if user is None:
        tx = request_texts(request)
        error = message("auth.failed", {}, tx.language)
        title = tx.gettext("Logg inn")
        return page(request, "login.html.j2", 401, title=title, next=_local(neste), error=error)
    start_session(request, user)
    return RedirectResponse(_local(neste), status_code=303)


@router.post("/logg-ut")
def log_out(request: Request) -> Response:
    end_session(request)
    return RedirectResponse("/logg-inn", status_code=303)


def _local(target: str) -> str:
    """Only a path on this site (no open redirect to another host)."""
    return target if target.startswith("/") and not target.startswith("//") else "/"
