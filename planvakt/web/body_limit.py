"""ASGI middleware: a request body larger than the dashboard ever needs is refused (413)
before it is buffered — by its Content-Length when it gives one, else as it streams in.

The largest legitimate body is the confirmation of a spreadsheet upload: the sheet
(:data:`planvakt.exchange.tables.MAX_FILE_BYTES`) in base64 plus the form around it.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from planvakt.core.languages import N_, SOURCE, texts
from planvakt.exchange.tables import MAX_FILE_BYTES
from planvakt.web.deps import accepted_language

MAX_BODY_BYTES = MAX_FILE_BYTES * 4 // 3 + 256 * 1024
TOO_LARGE = N_("Forespørselen er for stor.")


class BodyTooLarge(HTTPException):
    """The body went past :data:`MAX_BODY_BYTES` while it was read: the app's exception
    handling answers 413 like any HTTP error."""

    def __init__(self) -> None:
        super().__init__(status_code=413, detail=TOO_LARGE)


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await _too_large(scope, receive, send)
            return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _too_large(scope, receive, send)


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    header = dict(scope["headers"]).get(b"accept-language", b"").decode("latin-1")
    text = texts(accepted_language(header) or SOURCE).gettext(TOO_LARGE)
    response: Any = PlainTextResponse(text, status_code=413)
    await response(scope, receive, send)
