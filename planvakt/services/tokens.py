"""Personal API tokens: a user creates them for scripts, lists and revokes their own.

A token is ``secrets.token_urlsafe(32)``, shown once when it is made; only its SHA-256 is
stored (a token has 256 random bits, so a plain hash is enough: nothing to guess, no salt
needed, and it can be looked up by its hash). Revoked tokens stay listed with the time they
were revoked. Functions take a ``Session`` and never commit; the caller owns the
transaction.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models.base import SHORT_TEXT, utcnow
from models.privacy import PersonalDataFound, check_free_text
from models.users import ApiToken, User
from planvakt.core.errors import (
    ConflictError,
    Location,
    NotFoundError,
    PlanvaktError,
    PrivacyError,
    ValidationError,
)
from planvakt.services.users import UserRow, get_user

log = logging.getLogger(__name__)

TOKEN_BYTES = 32
# ``last_used_at`` is written at most this often per token: a script calling in a loop
# does not turn every read into a write.
LAST_USED_GRANULARITY = timedelta(minutes=1)


class TokenRefused(PlanvaktError):
    """No token, or one that is unknown, revoked or belongs to a disabled user (HTTP 401)."""


@dataclass(frozen=True)
class TokenRow:
    """A token as its owner sees it (never the token itself, never its hash)."""

    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def _row(token: ApiToken) -> TokenRow:
    return TokenRow(token.id, token.name, token.created_at, token.last_used_at, token.revoked_at)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(session: Session, user_id: int, name: str) -> tuple[TokenRow, str]:
    """Make a new token for a user; returns it with its secret (shown once, never again).

    Raises:
        ValidationError: the name is empty, too long or holds a fødselsnummer (field ``name``).
    """
    name = " ".join(name.split())
    if not name:
        raise ValidationError("token.name_empty", location=Location(field="name"))
    if len(name) > SHORT_TEXT:
        raise ValidationError("token.name_long", location=Location(field="name"), max=SHORT_TEXT)
    try:
        check_free_text(name, field="name")
    except PersonalDataFound as exc:
        raise PrivacyError(exc.code, location=Location(field="name"), **exc.params) from None
    if session.get(User, user_id) is None:
        raise NotFoundError("user.not_found", username=f"#{user_id}")
    secret = secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken(user_id=user_id, name=name, token_hash=_hash(secret))
    session.add(token)
    session.flush()
    log.info("API-nøkkel #%d laget for bruker #%d", token.id, user_id)
    return _row(token), secret


def list_tokens(session: Session, user_id: int) -> list[TokenRow]:
    """A user's tokens, newest first (revoked ones too)."""
    query = select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id.desc())
    return [_row(t) for t in session.scalars(query)]


def revoke_token(session: Session, user_id: int, token_id: int) -> TokenRow:
    """Revoke one of the user's own tokens: it is refused from now on.

    Raises:
        NotFoundError: the user has no token with this id (another user's is not theirs).
        ConflictError: the token was revoked before.
    """
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user_id:
        raise NotFoundError("token.not_found", id=token_id)
    if token.revoked_at is not None:
        raise ConflictError("token.revoked", name=token.name)
    token.revoked_at = utcnow()
    session.flush()
    log.info("API-nøkkel #%d trukket tilbake", token.id)
    return _row(token)


def authenticate_token(session: Session, secret: str, now: datetime | None = None) -> UserRow:
    """The active user whose active token this is; notes when the token was used.

    Raises:
        TokenRefused: the token is unknown or revoked, or its user is disabled.
    """
    now = now or utcnow()
    token = session.scalars(select(ApiToken).where(ApiToken.token_hash == _hash(secret))).first()
    user = get_user(session, token.user_id) if token is not None else None
    if token is None or token.revoked_at is not None or user is None:
        log.info("API-kall avvist: ukjent eller tilbaketrukket nøkkel")
        raise TokenRefused("api.token_invalid")
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
        # A plain UPDATE, not an ORM change: using a token is not an audited edit.
        session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
    return user
