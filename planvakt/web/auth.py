"""Who is logged in, behind one small interface.

Today a local username and password (:mod:`planvakt.services.users`, Argon2); single sign-on
(OpenID Connect with Entra ID or ID-porten) can take the place of :func:`log_in_with_password`
as another way to call :func:`start_session`, without touching the pages, which only ask
:func:`session_user_id`.
"""

from __future__ import annotations

from fastapi import Request

from planvakt.services.users import UserRow


def start_session(request: Request, user: UserRow) -> None:
    """Remember ``user`` in the signed session cookie (a fresh session: no fixation)."""
    request.session.clear()
    request.session.update({"user_id": user.id, "username": user.username})


def end_session(request: Request) -> None:
    request.session.clear()


def session_user_id(request: Request) -> int | None:
    value = request.session.get("user_id")
    return value if isinstance(value, int) else None
