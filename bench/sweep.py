"""Benchmark: the daily sweep at national scale, with and without the Prefect server.

Builds 357 municipalities with one active plan each (40 checkpoints, 40 measures per plan,
every service with an e-mail address at a local SMTP sink), then times one sweep called
directly and one orchestrated by a real `prefect server start`, and counts the task runs.

    .venv/bin/python bench/sweep.py [--plans 357] [--database-url URL]

Targets (issue 3): the orchestrated sweep finishes in under 60 s on 2 cores with fewer than
400 task runs, and costs less than 3x the direct call. Talks only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from national import HOME, TODAY, build  # noqa: E402


def reset_outbox() -> None:
    from sqlalchemy import delete

    from models import Digest, Notice, OutboxEntry
    from planvakt.core.db import session_scope

    with session_scope() as session:
        for table in (OutboxEntry, Notice, Digest):
            session.execute(delete(table))


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    from planvakt.demo.mailsink import free_port

    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("prefect")),
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(240):
        try:
            with urllib.request.urlopen(f"{api}/health", timeout=1):
                return server, api
        except OSError:
            time.sleep(0.5)
    raise SystemExit("Prefect server did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=357)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.database_url:
        os.environ["PLANVAKT_DATABASE_URL"] = args.database_url

    from planvakt.demo.mailsink import MailSink

    with MailSink() as sink:
        t0 = time.perf_counter()
        build(args.plans, sink.url)
        print(f"built {args.plans} plans in {time.perf_counter() - t0:.1f} s (home {HOME})")

        from planvakt.services.sweep import DirectSteps, run_sweep

        t0 = time.perf_counter()
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            with cProfile.Profile() as profile:
                direct = run_sweep(DirectSteps(), TODAY)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
        else:
            direct = run_sweep(DirectSteps(), TODAY)
        direct_s = time.perf_counter() - t0
        print(
            f"direct:       {direct_s:6.1f} s  notices {direct.notices}, digests {direct.digests}, "
            f"sent {direct.delivery.sent}, failed {direct.delivery.failed}"
        )
        mails_direct = len(sink.messages)

        reset_outbox()
        server, api = start_server()
        os.environ["PREFECT_API_URL"] = api
        try:
            from prefect.client.orchestration import get_client

            from flows.sweep import daily_sweep

            t0 = time.perf_counter()
            orchestrated = daily_sweep(today=TODAY)
            orchestrated_s = time.perf_counter() - t0
            with get_client(sync_client=True) as client:
                task_runs = 0
                while page := client.read_task_runs(limit=200, offset=task_runs):
                    task_runs += len(page)
                flow_runs = client.count_flow_runs()
        finally:
            server.terminate()
            server.wait()
        print(
            f"orchestrated: {orchestrated_s:6.1f} s  notices {orchestrated.notices}, digests "
            f"{orchestrated.digests}, sent {orchestrated.delivery.sent}, "
            f"failed {orchestrated.delivery.failed}"
        )
        print(
            f"task runs {task_runs}, flow runs {flow_runs}, ratio {orchestrated_s / direct_s:.2f}x, "
            f"e-mails received {mails_direct} + {len(sink.messages) - mails_direct}"
        )
        ok = orchestrated_s < 60 and task_runs < 400 and orchestrated_s < 3 * direct_s
        print("targets met" if ok else "TARGETS MISSED")


if __name__ == "__main__":
    main()
