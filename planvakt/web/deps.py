"""Request dependencies: the database session, the logged-in user, access to a plan, the
language of the answer, and rendering a page (with the CSRF token every form carries)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Path, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from models.users import Role
from planvakt.core.db import session_scope
from planvakt.core.languages import SOURCE, Language, Texts, parse_language, texts
from planvakt.core.render import render
from planvakt.services import users
from planvakt.services.users import UserRow
from planvakt.web.auth import session_user_id


@contextmanager
def transaction(request: Request, *, read_only: bool = False) -> Iterator[Session]:
    """One transaction, committed before the route answers (so a page never reports a
    change that was not stored); the audit log names the logged-in user. Pages that only
    read say so (``read_only``): they then never wait for a writer."""
    actor = request.session.get("username") or "web"
    with session_scope(actor=f"web:{actor}", read_only=read_only) as session:
        yield session


class LoginRequired(HTTPException):
    """No one is logged in: pages answer with a redirect to the login page."""

    def __init__(self) -> None:
        super().__init__(status_code=401)


# A user read from the database is trusted this long (per process): a page then needs no
# query for it. Disabling a user or changing a role takes effect within this time.
USER_SECONDS = 5.0
_users: dict[int, tuple[float, UserRow]] = {}
_users_lock = threading.Lock()


def forget_users() -> None:
    """Drop the remembered users (tests that reuse ids; a process that must re-read now)."""
    with _users_lock:
        _users.clear()


def forget_user(user_id: int) -> None:
    """Read this user again on the next request (after a change the next page must show)."""
    with _users_lock:
        _users.pop(user_id, None)


def _known_user(request: Request, user_id: int) -> UserRow | None:
    now = time.monotonic()
    with _users_lock:
        known = _users.get(user_id)
    if (
        known is not None
        and known[0] > now
        and known[1].username == request.session.get("username")
    ):
        return known[1]
    with transaction(request, read_only=True) as session:
        user = users.get_user(session, user_id)
    with _users_lock:
        if user is None:
            _users.pop(user_id, None)
        else:
            _users[user_id] = (now + USER_SECONDS, user)
    return user


def current_user(request: Request) -> UserRow:
    """The logged-in user, or :class:`LoginRequired`."""
    user_id = session_user_id(request)
    user = _known_user(request, user_id) if user_id is not None else None
    if user is None:
        request.session.clear()
        raise LoginRequired()
    request.state.user = user  # for page(): the nav shows what the user's roles open
    return user


CurrentUser = Annotated[UserRow, Depends(current_user)]
# A row id in a path or form: a positive number that fits the database's integer column
# (a larger one is a 422, not an overflow inside the database driver).
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


@dataclass(frozen=True)
class Access:
    """What a user may see and do, from their grants."""

    user: UserRow

    @property
    def municipalities(self) -> set[str]:
        return {g.municipality for g in self.user.grants}

    def can_read(self, municipalities: list[str]) -> bool:
        return bool(self.municipalities & set(municipalities))

    def may_report(self, municipalities: list[str], owner_service_id: int) -> bool:
        """Whether the user may report status on a measure: a coordinator (or admin) of one
        of the plan's municipalities, or the owner of the measure's own service."""
        return self.can_coordinate(municipalities) or any(
            g.role is Role.SERVICE_OWNER
            and g.municipality in municipalities
            and g.service_id == owner_service_id
            for g in self.user.grants
        )

    def can_coordinate(self, municipalities: list[str]) -> bool:
        return any(
            g.municipality in municipalities and g.role in (Role.ADMIN, Role.COORDINATOR)
            for g in self.user.grants
        )


def access(user: CurrentUser) -> Access:
    return Access(user)


UserAccess = Annotated[Access, Depends(access)]


def accepted_language(header: str | None) -> Language | None:
    """The first language planvakt speaks among an ``Accept-Language`` header's entries,
    in the order of their weights (``nn-NO,nn;q=0.9,en;q=0.5``); None if there is none."""
    weighted: list[tuple[float, int, str]] = []
    for index, entry in enumerate((header or "").split(",")[:20]):
        tag, _, parameters = entry.strip().partition(";")
        weight = 1.0
        name, _, value = parameters.strip().partition("=")
        if name.strip() == "q":
            try:
                weight = float(value)
            except ValueError:
                weight = 0.0
        if tag and weight > 0:
            weighted.append((-weight, index, tag.strip()))
    for _, _, tag in sorted(weighted):
        found = parse_language(tag)
        if found is not None:
            return found
    return None


def request_language(request: Request) -> Language:
    """The language of the answer to ``request``: the logged-in user's choice (profile
    page), else the browser's (``Accept-Language``), else bokmål.

    Pages without login that belong to a plan (its public page) use the plan's language
    instead; they pass it to :func:`page` themselves.
    """
    user: UserRow | None = getattr(request.state, "user", None)
    if user is None and "session" in request.scope:
        user_id = session_user_id(request)
        user = _known_user(request, user_id) if user_id is not None else None
    if user is not None and user.language is not None:
        return user.language
    return accepted_language(request.headers.get("accept-language")) or SOURCE


def request_texts(request: Request) -> Texts:
    """The words and formats of :func:`request_language`."""
    return texts(request_language(request))


def page(
    request: Request,
    template: str,
    status_code: int = 200,
    *,
    language: Language | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render ``templates/web/<template>`` with the user, the CSRF token and ``context``, in
    ``language`` (by default the request's, :func:`request_language`)."""
    csrftoken = request.scope.get("csrftoken")
    user: UserRow | None = getattr(request.state, "user", None)
    html = render(
        f"web/{template}",
        language or request_language(request),
        csrftoken=csrftoken() if csrftoken else "",
        username=request.session.get("username"),
        path=request.url.path,
        reports_measures=user is not None and any(g.role is not Role.READER for g in user.grants),
        **context,
    )
    return HTMLResponse(html, status_code=status_code)
