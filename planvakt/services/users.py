"""Local accounts of the dashboard: create, list, disable, change password, log in.

Passwords are hashed with Argon2 (argon2-cffi); only the hash is stored. Five failed
logins in a row lock an account for a quarter of an hour, so a password cannot be guessed
by trying; a locked account answers like a wrong password until the lock ends.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Service
from models.base import utcnow
from models.users import Role, User, UserRole
from planvakt.core.errors import ConflictError, Location, NotFoundError, ValidationError
from planvakt.core.languages import LANGUAGES, Language, parse_language
from planvakt.services.directory import get_municipality

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 10
MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
_hasher = PasswordHasher()
# A hash to verify against when the user does not exist, so that a wrong username takes
# as long as a wrong password (no user enumeration by timing).
_DUMMY_HASH = _hasher.hash("planvakt-ingen-bruker")


@dataclass(frozen=True)
class Grant:
    """One of a user's roles: in a municipality, for a service owner also the service."""

    municipality: str
    role: Role
    service_id: int | None = None


@dataclass(frozen=True)
class UserRow:
    """A user as listed and as the web app knows the logged-in person."""

    id: int
    username: str
    display_name: str | None
    disabled: bool
    grants: tuple[Grant, ...]
    language: Language | None = None  # the dashboard's language; None: not chosen (bokmål)


def _row(user: User) -> UserRow:
    grants = tuple(Grant(r.municipality_number, Role(r.role), r.service_id) for r in user.roles)
    language = parse_language(user.language)
    return UserRow(user.id, user.username, user.display_name, user.disabled, grants, language)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            "user.password_short", location=Location(field="password"), min=MIN_PASSWORD_LENGTH
        )


def find_user(session: Session, username: str) -> User:
    """A user by username."""
    user = session.scalars(select(User).where(User.username == username.strip().lower())).first()
    if user is None:
        raise NotFoundError("user.not_found", username=username)
    return user


def add_user(
    session: Session,
    username: str,
    password: str,
    *,
    role: Role,
    kommune: str,
    service_key: str | None = None,
    display_name: str | None = None,
) -> UserRow:
    """Create a local account with one role in one municipality."""
    name = username.strip().lower()
    if not name or len(name) > 80 or not all(c.isalnum() or c in "._-@" for c in name):
        raise ValidationError("user.username_invalid", location=Location(field="username"))
    if session.scalars(select(User.id).where(User.username == name)).first() is not None:
        raise ConflictError("user.exists", username=name)
    _check_password(password)
    user = User(username=name, display_name=display_name, password_hash=_hasher.hash(password))
    session.add(user)
    grant_role(session, user, role=role, kommune=kommune, service_key=service_key)
    return _row(user)


def grant_role(
    session: Session, user: User, *, role: Role, kommune: str, service_key: str | None = None
) -> None:
    """Give ``user`` a role in a municipality (a service owner's needs its service)."""
    municipality = get_municipality(session, kommune)
    service_id = None
    if role is Role.SERVICE_OWNER:
        if not service_key:
            raise ValidationError("user.service_missing", location=Location(field="service"))
        service = session.scalars(
            select(Service).where(
                Service.municipality_number == municipality.number, Service.key == service_key
            )
        ).first()
        if service is None:
            raise NotFoundError("service.not_found", key=service_key, kommune=kommune)
        service_id = service.id
    user.roles.append(
        UserRole(municipality_number=municipality.number, role=role.value, service_id=service_id)
    )
    session.flush()


def list_users(session: Session) -> list[UserRow]:
    """Every account, by username."""
    return [_row(u) for u in session.scalars(select(User).order_by(User.username))]


def set_disabled(session: Session, username: str, disabled: bool = True) -> UserRow:
    """Disable (or enable again) an account; a disabled account cannot log in."""
    user = find_user(session, username)
    user.disabled = disabled
    session.flush()
    return _row(user)


def set_language(session: Session, user_id: int, language: str) -> UserRow:
    """Set the language a user's dashboard speaks (``nb``, ``nn`` or ``en``; audited like
    every change). Bokmål, the default, is stored as the user's choice too.

    Raises:
        ValidationError: ``field.enum`` for a language planvakt does not speak.
        NotFoundError: ``user.not_found`` when the user is gone or disabled.
    """
    chosen = language if language in LANGUAGES else None
    if chosen is None:
        raise ValidationError(
            "field.enum", location=Location(field="language"), expected=", ".join(LANGUAGES)
        )
    user = session.get(User, user_id)
    if user is None or user.disabled:
        raise NotFoundError("user.not_found", username=str(user_id))
    if user.language != chosen:
        user.language = chosen
        session.flush()
    return _row(user)


def set_password(session: Session, username: str, password: str) -> None:
    """Set a new password; also lifts a login lock."""
    _check_password(password)
    user = find_user(session, username)
    user.password_hash = _hasher.hash(password)
    user.failed_logins, user.locked_until = 0, None
    session.flush()


def authenticate(
    session: Session, username: str, password: str, now: datetime | None = None
) -> UserRow | None:
    """The user with this username and password, or None: a wrong username or password, a
    locked or a disabled account look the same to the caller (the log tells them apart).

    Returns instead of raising so that the caller's transaction keeps the count of
    failures: after ``MAX_FAILED_LOGINS`` in a row the account is locked for
    ``LOCK_MINUTES``; a correct password during the lock is refused too.
    """
    now = now or utcnow()
    user = session.scalars(select(User).where(User.username == username.strip().lower())).first()
    if user is None:
        _verify(_DUMMY_HASH, password)
        log.info("innlogging avvist: ukjent brukernavn")
        return None
    if user.locked_until is not None and user.locked_until > now:
        log.warning("innlogging avvist: %s er låst til %s", user.username, user.locked_until)
        return None
    if not _verify(user.password_hash, password) or user.disabled:
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            user.failed_logins = 0
            log.warning("innlogging: %s låst etter for mange forsøk", user.username)
        log.info("innlogging avvist for %s", user.username)
        return None
    user.failed_logins, user.locked_until = 0, None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return _row(user)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def get_user(session: Session, user_id: int) -> UserRow | None:
    """The active user with this id (None if gone or disabled): what a session cookie names."""
    user = session.get(User, user_id)
    return _row(user) if user is not None and not user.disabled else None
