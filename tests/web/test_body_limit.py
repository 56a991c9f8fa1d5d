"""A body larger than the dashboard ever needs is refused before it is held in memory."""

from __future__ import annotations

from collections.abc import Iterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from planvakt.web.body_limit import MAX_BODY_BYTES, BodyLimit
from planvakt.web.csrf_compat import TOKEN_WITHIN_BYTES


def test_a_declared_length_over_the_limit_is_refused_before_reading(client) -> None:
    response = client.post(
        "/logg-inn",
        content=b"x" * 10,
        headers={"content-length": str(MAX_BODY_BYTES + 1), "content-type": "text/plain"},
    )
    assert response.status_code == 413


async def _echo(request: Request) -> PlainTextResponse:
    return PlainTextResponse(str(len(await request.body())))


def _chunks(total: int) -> Iterator[bytes]:
    for _ in range(total // 1000):
        yield b"x" * 1000


def test_a_streamed_body_over_the_limit_is_refused_as_it_arrives() -> None:
    app = BodyLimit(Starlette(routes=[Route("/", _echo, methods=["POST"])]), max_bytes=5000)
    with TestClient(app) as small:
        assert small.post("/", content=_chunks(4000)).text == "4000"
        assert small.post("/", content=_chunks(9000)).status_code == 413


def test_a_multipart_body_without_a_token_up_front_is_refused_unread(client) -> None:
    client.get("/logg-inn")  # the csrftoken cookie
    junk = b"y" * (TOKEN_WITHIN_BYTES * 4)
    response = client.post(
        "/planer/x/tiltak/last-opp",
        files={"file": ("t.csv", junk, "text/csv")},
    )
    assert response.status_code == 403
