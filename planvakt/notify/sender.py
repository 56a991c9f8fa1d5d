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


_REQUEST_PATH = re.compile(r'"([A-Z]+) /\S*')  # urllib3: "POST /hook/<secret> HTTP/1.1"


class _RedactUrls(logging.Filter):
    """Log lines of Apprise and of the HTTP library under it with every URL and request
    path (and so every token or password in one) removed, whatever the log level."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = _URL.sub("<url>", record.getMessage())
        record.msg, record.args = _REQUEST_PATH.sub(r'"\1 <path>', text), None
        return True


logging.getLogger("apprise").setLevel(logging.WARNING)
for _name in ("apprise", "urllib3.connectionpool"):
    logging.getLogger(_name).addFilter(_RedactUrls())


class NotificationError(PlanvaktError):
    """A message could not be delivered (the reason, never the URL)."""


def _instantiate(url: str) -> apprise.plugins.NotifyBase:
    plugin = apprise.Apprise.instantiate(url.strip())
    if plugin is None:
        raise ValidationError("target.url_unsupported")
    return plugin


def scheme_of(url: str) -> str:
    return url.strip().split("://", 1)[0].lower()


def mask(url: str) -> str:
    """A form of the URL safe to show: secrets starred, query parameters dropped."""
    full = str(_instantiate(url).url(privacy=True))  # type: ignore[no-untyped-call]
    shown = full.split("?", 1)[0]
    if scheme_of(url) in _EMAIL_SCHEMES:
        return shown  # the path is the recipient's address
    # Webhooks keep their secret in the path (…/hooks/<token>): show only where it goes.
    scheme, _, rest = shown.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme}://{host}/…" if slash and path else shown


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
        raise NotificationError("target.url_invalid")
    email = scheme_of(url) in _EMAIL_SCHEMES
    with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as log:  # type: ignore[no-untyped-call]
        ok = client.notify(
            body=html if email else text,
            title=title,
            body_format=apprise.NotifyFormat.HTML if email else apprise.NotifyFormat.TEXT,
        )
    if not ok:
        raise NotificationError("target.send_failed", detail=_reason(log.getvalue()))


def _reason(log: str) -> str:
    """The service's own words (", then: …"), with every URL removed; empty if none."""
    lines = [_URL.sub("<url>", line.strip()) for line in log.splitlines() if line.strip()]
    return (": " + " | ".join(lines[-3:]))[:1000] if lines else ""
