"""Encryption of stored secrets (notification URLs) with a Fernet key.

The key comes from ``PLANVAKT_SECRET_KEY`` or, by default, from ``secret.key`` in the
planvakt home (created on first use, readable by the owner only). Back it up with the
database: without it the stored notification URLs cannot be read.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken

from planvakt.core.errors import SettingsError
from planvakt.core.settings import get_settings


@lru_cache(maxsize=1)
def _fernet() -> Fernet:
    settings = get_settings()
    if settings.secret_key is not None:
        key = settings.secret_key.get_secret_value().encode()
    else:
        path = settings.resolved_home / "secret.key"
        if not path.exists():
            settings.resolved_home.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(Fernet.generate_key())
        key = path.read_bytes().strip()
    try:
        return Fernet(key)
    except ValueError:
        raise SettingsError("settings.secret_key_invalid") from None


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise SettingsError("settings.secret_key_lost") from None


def derived_key(purpose: str) -> str:
    """A key for ``purpose`` (e.g. signing the dashboard's session cookies), derived from
    the one secret key, so that every host sharing that key also shares this one."""
    settings = get_settings()
    if settings.secret_key is not None:
        base = settings.secret_key.get_secret_value().encode()
    else:
        _fernet()  # creates the key file on first use
        base = (settings.resolved_home / "secret.key").read_bytes().strip()
    return hmac.new(base, f"planvakt:{purpose}".encode(), hashlib.sha256).hexdigest()
