"""The one adapter around Apprise.

Apprise reports failure by returning False; this adapter raises instead, so a task retries
and the outbox records the error. URLs are secrets: they are never logged, and errors and
displays only ever carry a masked form.
"""

from __future__ import annotations

import logging
import re

import apprise

from planvakt.core.errors import PlanvaktError, ValidationError

_EMAIL_SCHEMES = {"mailto", "mailtos"}
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)

logging.getLogger("apprise").setLevel(logging.WARNING)


class NotificationError(PlanvaktError):
    """A message could not be delivered (the reason, never the URL)."""


def _instantiate(url: str) -> apprise.plugins.NotifyBase:
    plugin = apprise.Apprise.instantiate(url.strip())
    if plugin is None:
        raise ValidationError(
            "ugyldig varslingsadresse: Apprise kjenner ikke formatet (adressen vises ikke "
            "fordi den kan inneholde hemmeligheter); se https://github.com/caronc/apprise/wiki"
        )
    return plugin


def scheme_of(url: str) -> str:
    return url.strip().split("://", 1)[0].lower()


def mask(url: str) -> str:
    """A form of the URL safe to show: secrets starred, query parameters dropped."""
    return str(_instantiate(url).url(privacy=True)).split("?", 1)[0]


def validate(url: str) -> str:
    """Refuse an invalid Apprise URL with a clear error; return its masked form."""
    return mask(url)


def send(url: str, *, title: str, text: str, html: str) -> None:
    """Send one message; e-mail gets the HTML body (with a plain-text part), other
    channels the plain text.

    Raises:
        NotificationError: the service refused or could not be reached.
    """
    client = apprise.Apprise()
    if not client.add(_instantiate(url)):
        raise NotificationError("ugyldig varslingsadresse")
    email = scheme_of(url) in _EMAIL_SCHEMES
    with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as log:
        ok = client.notify(
            body=html if email else text,
            title=title,
            body_format=apprise.NotifyFormat.HTML if email else apprise.NotifyFormat.TEXT,
        )
    if not ok:
        raise NotificationError(_reason(log.getvalue()))


def _reason(log: str) -> str:
    """The service's own words, with every URL removed."""
    lines = [_URL.sub("<url>", line.strip()) for line in log.splitlines() if line.strip()]
    return ("sending feilet: " + " | ".join(lines[-3:]))[:1000] if lines else "sending feilet"
