"""A local SMTP server that keeps what it receives (the demo's mailbox and the tests' sink).

Listens on 127.0.0.1 only. Each message is kept in memory and, if a folder is given,
written there as an ``.eml`` file that any mail program opens.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class _Handler:
    folder: Path | None
    messages: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self.lock:
            self.messages.append(message)
            if self.folder is not None:
                path = self.folder / f"{len(self.messages):05d}.eml"
                path.write_bytes(envelope.content)
        return "250 OK"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class MailSink:
    """Start with ``with MailSink(port=8025) as sink:``; read ``sink.messages``."""

    def __init__(self, port: int = 0, folder: Path | None = None) -> None:
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        self._handler = _Handler(folder)
        self._controller = Controller(self._handler, hostname="127.0.0.1", port=port or free_port())

    def __enter__(self) -> MailSink:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()

    @property
    def port(self) -> int:
        return int(self._controller.port)

    @property
    def messages(self) -> list[EmailMessage]:
        with self._handler.lock:
            return list(self._handler.messages)

    def url(self, to: str, sender: str = "planvakt@example.org") -> str:
        """An Apprise URL that delivers to this sink (no TLS, no login)."""
        return f"mailto://127.0.0.1:{self.port}?from={sender}&to={to}"
