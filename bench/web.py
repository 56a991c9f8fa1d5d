"""Benchmark: the dashboard under load at national scale (issue 9).

Builds the national data set (357 municipalities, one active plan each with 40 checkpoints
and 40 measures; see ``national.py``), starts the dashboard as ``planvakt serve`` does (one
uvicorn process, log level info) on loopback in a subprocess, logs in, then measures

- the plan page of one plan (40 measures) at 16 concurrent keep-alive connections for a fixed
  time: requests/s, p50 and p99 latency (a small threaded client here, or Debian's ``wrk``
  with ``--client wrk`` if installed);
- the overview of all 357 plans for a user with a grant in every municipality: time to
  render, sequentially.

    cd bench && ../.venv/bin/python web.py [--plans 357] [--seconds 20] [--client python|wrk]
    cd bench && ../.venv/bin/python web.py --database-url postgresql+psycopg://…/empty_db
    cd bench && ../.venv/bin/python web.py --profile   # py-spy: where the server's time goes

Targets: plan page >= 200 req/s with p99 < 100 ms; overview < 200 ms. Talks only to
127.0.0.1; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from national import HOME, build  # noqa: E402  (sets the benchmark's planvakt home first)

PASSWORD = "bench-passord-123"
CONNECTIONS = 16


def add_users(plans: int) -> tuple[str, str]:
    """A coordinator of the first plan and a regional user with a grant everywhere; returns
    the first plan's slug and the municipality numbers' count."""
    from sqlalchemy import select

    from models import Plan, Role
    from planvakt.core.db import session_scope
    from planvakt.services import users
    from planvakt.views.loading import PLAN_LIST

    with session_scope(actor="bench") as session:
        all_plans = list(session.scalars(select(Plan).order_by(Plan.id).options(*PLAN_LIST)))
        first = all_plans[0]
        kommune = first.municipalities[0].number
        users.add_user(session, "koordinator", PASSWORD, role=Role.COORDINATOR, kommune=kommune)
        regional = users.add_user(
            session, "regional", PASSWORD, role=Role.COORDINATOR, kommune=kommune
        )
        user = users.find_user(session, regional.username)
        for plan in all_plans[1:plans]:
            users.grant_role(session, user, role=Role.READER, kommune=plan.municipalities[0].number)
        return first.slug, str(len(all_plans))


def start_server(port: int) -> subprocess.Popen[bytes]:
    log = (HOME / "web.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "planvakt.cli",
            "serve",  # as `planvakt up` starts it: uvicorn, PLANVAKT_WEB_WORKERS processes
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=log,
    )
    for _ in range(200):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("the dashboard did not start")


def log_in(port: int, username: str) -> str:
    """The Cookie header of a logged-in session (CSRF token from the login form)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/logg-inn")
    response = connection.getresponse()
    body = response.read().decode()
    cookies = _cookies(response)
    token = re.search(r'name="csrftoken" value="([^"]+)"', body)
    assert token, "no CSRF token on the login page"
    form = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrftoken": token.group(1)}
    )
    connection.request(
        "POST",
        "/logg-inn",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        },
    )
    response = connection.getresponse()
    response.read()
    assert response.status == 303, f"login failed: {response.status}"
    cookies.update(_cookies(response))
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    found = {}
    for header in response.headers.get_all("set-cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def get(connection: http.client.HTTPConnection, path: str, cookie: str) -> float:
    started = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    response.read()
    assert response.status == 200, f"{path}: {response.status}"
    return time.perf_counter() - started


def load(port: int, path: str, cookie: str, seconds: float) -> tuple[float, list[float]]:
    """``CONNECTIONS`` threads, each with one keep-alive connection, for ``seconds``."""
    latencies: list[list[float]] = [[] for _ in range(CONNECTIONS)]
    start_at = time.perf_counter() + 0.5
    stop_at = start_at + seconds

    def worker(mine: list[float]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < start_at:
            time.sleep(0.01)
        while time.perf_counter() < stop_at:
            mine.append(get(connection, path, cookie))
        connection.close()

    threads = [threading.Thread(target=worker, args=(mine,)) for mine in latencies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    elapsed = max(time.perf_counter(), stop_at) - start_at
    flat = sorted(x for mine in latencies for x in mine)
    return len(flat) / elapsed, flat


def load_wrk(port: int, path: str, cookie: str, seconds: float) -> str:
    wrk = shutil.which("wrk")
    assert wrk, "wrk is not installed (apt-get install wrk)"
    run = subprocess.run(
        [
            wrk,
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{int(seconds)}s",
            "--latency",
            "-H",
            f"Cookie: {cookie}",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    return run.stdout


def percentile(sorted_values: list[float], p: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def profile(server: subprocess.Popen[bytes], seconds: float, work: Callable[[], object]) -> None:
    """Where the server's time goes while ``work`` runs: py-spy samples every thread of the
    server process; prints the functions with the most samples, inclusive and own."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    raw = HOME / f"profile-{time.monotonic_ns()}.txt"  # py-spy leaves out idle threads
    recorder = subprocess.Popen(
        [
            spy,
            "record",
            "--pid",
            str(server.pid),
            "--format",
            "raw",
            "--output",
            str(raw),
            "--duration",
            str(int(seconds) + 2),
            "--rate",
            "200",
            "--nonblocking",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1)
    work()
    recorder.wait(seconds + 60)
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [f for f in stack.split(";") if "(" in f]
        if not frames:
            continue
        n = int(count)
        total += n
        own[_frame(frames[-1])] += n
        for name in {_frame(f) for f in frames}:
            inclusive[name] += n
    print(f"server samples while busy: {total} ({raw})")
    for title, counter in (("inclusive", inclusive), ("own", own)):
        print(f"-- top 25 by {title} time")
        for name, n in counter.most_common(25):
            print(f"{100 * n / max(total, 1):5.1f} %  {name}")


def _frame(frame: str) -> str:
    """``function (path/to/module.py:line)`` without the line and the venv's prefix."""
    name, _, where = frame.partition(" (")
    where = re.sub(r":\d+\)$", "", where)
    where = re.sub(r"^.*site-packages/", "", where).replace(str(Path.cwd().parent) + "/", "")
    return f"{name} ({where})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=357)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--client", choices=["python", "wrk"], default="python")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default SQLite)")
    args = parser.parse_args()
    if args.database_url:
        os.environ["PLANVAKT_DATABASE_URL"] = args.database_url

    from planvakt.demo.mailsink import MailSink, free_port

    with MailSink() as sink:
        t0 = time.perf_counter()
        build(args.plans, sink.url)
        slug, count = add_users(args.plans)
    print(f"built {count} plans in {time.perf_counter() - t0:.1f} s (home {HOME})")

    port = free_port()
    server = start_server(port)
    try:
        plan_cookie = log_in(port, "koordinator")
        overview_cookie = log_in(port, "regional")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        plan_path = f"/planer/{slug}"
        if args.profile:
            print("== plan page under load")
            profile(server, 10, lambda: load(port, plan_path, plan_cookie, 10))
            print("== overview, one at a time")
            profile(server, 10, lambda: [get(connection, "/", overview_cookie) for _ in range(20)])
            return
        single = sorted(get(connection, plan_path, plan_cookie) for _ in range(30))
        print(f"plan page, one at a time: median {statistics.median(single) * 1000:.1f} ms")

        if args.client == "wrk":
            print(load_wrk(port, plan_path, plan_cookie, args.seconds))
            plan_ok = None
        else:
            rate, latencies = load(port, plan_path, plan_cookie, args.seconds)
            p50, p99 = percentile(latencies, 50) * 1000, percentile(latencies, 99) * 1000
            print(
                f"plan page, {CONNECTIONS} connections, {args.seconds:.0f} s: {rate:.0f} req/s, "
                f"p50 {p50:.1f} ms, p99 {p99:.1f} ms ({len(latencies)} requests)"
            )
            plan_ok = rate >= 200 and p99 < 100

        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        get(connection, "/", overview_cookie)  # warm
        overview = sorted(get(connection, "/", overview_cookie) for _ in range(20))
        body_rows = _overview_rows(connection, overview_cookie)
        median = statistics.median(overview) * 1000
        print(
            f"overview of {body_rows} plans, one at a time (20): median {median:.0f} ms, "
            f"max {overview[-1] * 1000:.0f} ms"
        )
        overview_ok = median < 200
    finally:
        server.terminate()
        server.wait(10)
    verdict = {True: "met", False: "MISSED", None: "see wrk output"}
    print(f"plan page target {verdict[plan_ok]}; overview target {verdict[overview_ok]}")


def _overview_rows(connection: http.client.HTTPConnection, cookie: str) -> str:
    connection.request("GET", "/", headers={"Cookie": cookie})
    body = connection.getresponse().read().decode()
    found = re.search(r"(\d+) av (\d+) planer", body)
    return found.group(2) if found else "?"


if __name__ == "__main__":
    main()
