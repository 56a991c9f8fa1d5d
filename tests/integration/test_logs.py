"""No secret reaches a log line: not the stored notification URLs (tokens, passwords),
whether a send succeeds or fails, whatever level Apprise logs at."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from sqlalchemy import select

from models import Service
from planvakt.cli.app import main
from planvakt.core.db import session_scope
from planvakt.core.settings import reset_settings
from planvakt.demo.mailsink import MailSink, free_port
from planvakt.services import recipients
from planvakt.services.sweep import DirectSteps, run_sweep
from tests.factories import make_plan
from tests.sinks import HttpSink

TOKEN = "hemmelig-token-4711"
PASSWORD = "hemmelig-passord-4711"


@pytest.fixture
def one_try(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PLANVAKT_SEND_RETRIES", "0")
    reset_settings()
    yield
    reset_settings()


def test_no_secret_in_any_log_line_or_output(engine, one_try, caplog, capsys) -> None:
    caplog.set_level(logging.DEBUG)  # everything, Apprise's debug lines included
    caplog.set_level(logging.DEBUG, logger="apprise")
    closed = free_port()
    with MailSink() as mail, HttpSink(mode="fail") as failing, HttpSink() as http:
        with session_scope(engine) as session:
            make_plan(session, start=date(2027, 1, 4))
            slt = session.scalars(
                select(Service).where(
                    Service.municipality_number == "3911", Service.key == "slt-koordinator"
                )
            ).one()
            for url in (
                http.url(f"hook/{TOKEN}"),  # secret in the path, as webhooks have
                f"json://planvakt:{PASSWORD}@127.0.0.1:{failing.port}/hook?token={TOKEN}",
                f"mailtos://planvakt:{PASSWORD}@127.0.0.1:{closed}?from=a@example.org&to=b@example.org",
                mail.url("slt@example.org"),
            ):
                recipients.add_target(session, url, service=slt)
        result = run_sweep(DirectSteps(), date(2027, 1, 18))  # behovsvurdering due today
        assert result.delivery is not None and result.delivery.sent == 2
        assert result.delivery.failed == 2
        for command in (
            ["notify", "list"],
            ["outbox"],
            ["notify", "test", "--service", "slt-koordinator"],
        ):
            main(command)
    printed = capsys.readouterr()
    everything = caplog.text + printed.out + printed.err
    assert caplog.records, "the sweep logs what it does"
    assert "feilet" in caplog.text  # failures are logged …
    for secret in (TOKEN, PASSWORD):
        assert secret not in everything  # … without the secrets of their addresses
