"""asgi-csrf 0.11 checks the token of a multipart form (a file upload) with the
``FormParser(FileClass=...)`` call that python-multipart 0.0.26 removed, so every upload
fails with a TypeError (simonw/asgi-csrf#38; the fix proposed upstream, #39, replaces
``FileClass`` by an ``on_file`` callback). Older python-multipart versions carry known
vulnerabilities, so instead of pinning one, :func:`install` gives asgi-csrf the same check
written for the new API: the token field must come before any file, as before.

Remove this module when an asgi-csrf release supports python-multipart ≥ 0.0.26.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

import asgi_csrf
from python_multipart import FormParser

Receive = Callable[[], Awaitable[dict[str, Any]]]

# Our forms put the token first; a body without it in its first bytes has none, and is not
# buffered further (an unauthenticated client must not make the server hold a large body).
TOKEN_WITHIN_BYTES = 64 * 1024


async def _parse_multipart_form_data(
    boundary: bytes, receive: Receive
) -> tuple[str | None, Receive]:
    """The csrftoken field of a multipart body, read up to that field; the body is replayed."""
    messages: list[dict[str, Any]] = []

    def on_field(field: Any) -> None:
        if field.field_name == b"csrftoken":
            raise asgi_csrf.TokenFound(field.value.decode("utf-8"))

    def on_file(_file: Any) -> None:
        raise asgi_csrf.FileBeforeToken

    async def replay_receive() -> dict[str, Any]:
        return messages.pop(0) if messages else await receive()

    parser = FormParser("multipart/form-data", on_field, on_file, boundary=boundary)
    try:
        more_body = True
        read = 0
        while more_body and read <= TOKEN_WITHIN_BYTES:
            message = await receive()
            messages.append(message)
            body = message.get("body", b"")
            read += len(body)
            parser.write(body)
            more_body = message.get("more_body", False)
    except asgi_csrf.TokenFound as found:
        return str(found.args[0]), replay_receive
    return None, replay_receive


def install() -> None:
    """Use the check above when the installed python-multipart no longer takes FileClass."""
    if "FileClass" not in inspect.signature(FormParser.__init__).parameters:
        asgi_csrf._parse_multipart_form_data = _parse_multipart_form_data
