"""Real local receivers for notification tests: a JSON webhook receiver on 127.0.0.1.

(The SMTP sink is planvakt's own ``planvakt.mailsink.MailSink``.)
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class HttpSink:
    """Collects JSON posts. ``mode`` is "ok", "fail" (HTTP 500) or "hang" (never answers
    the request after ``hang_after`` requests were answered)."""

    def __init__(self, mode: str = "ok", hang_after: int = 0) -> None:
        self.mode = mode
        self.hang_after = hang_after
        self.received: list[dict[str, Any]] = []
        self.release = threading.Event()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                payload = json.loads(body or b"{}")
                with lock:
                    sink.received.append(payload)
                    count = len(sink.received)
                if sink.mode == "hang" and count > sink.hang_after:
                    sink.release.wait(60)
                status = 500 if sink.mode == "fail" else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> HttpSink:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def url(self, path: str = "hook", **params: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return f"json://127.0.0.1:{self.port}/{path}" + (f"?{query}" if query else "")
