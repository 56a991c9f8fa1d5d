"""`planvakt up`: the whole system on one machine.

Starts a local Prefect server (SQLite in the planvakt home, telemetry off), creates the
``process`` work pool, applies the deployments of ``prefect.yaml`` and starts a worker, then
waits. Ctrl-C stops everything cleanly (a Prefect worker needs a second SIGINT).

Only applying the deployments needs the source checkout (its ``prefect.yaml``); the server
and the worker run from the installed package in the caller's working directory, like a
worker started with ``prefect worker start`` on another machine.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from planvakt.core.errors import PlanvaktError
from planvakt.core.languages import SOURCE, Language, texts
from planvakt.ops.prefect_env import prefect_defaults

WORK_POOL = "planvakt"
# The checkout that holds prefect.yaml (`planvakt up` applies its deployments). The only
# place planvakt looks at its source tree: everything it reads at run time is a resource.
REPO_ROOT = Path(__file__).resolve().parents[2]
PREFECT_FILE = REPO_ROOT / "prefect.yaml"


class StartupError(PlanvaktError):
    """A part of the system did not start."""


def _prefect() -> list[str]:
    return [str(Path(sys.executable).with_name("prefect"))]


def _wait_healthy(
    url: str,
    process: subprocess.Popen[bytes],
    part: str,
    timeout: float = 120,
    stop: threading.Event | None = None,
) -> None:
    """Wait until ``url`` answers 200 (``process`` must stay alive meanwhile)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not (stop is not None and stop.is_set()):
        if process.poll() is not None:
            raise StartupError("startup.stopped", part=part)
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    if stop is not None and stop.is_set():
        return  # stopped by the user while starting
    raise StartupError("startup.timeout", part=part, seconds=round(timeout))


def _stop(process: subprocess.Popen[bytes], signals: list[int], timeout: float = 15) -> None:
    for sig in signals:
        if process.poll() is not None:
            return
        process.send_signal(sig)
        try:
            process.wait(timeout=timeout / len(signals))
        except subprocess.TimeoutExpired:
            continue
    if process.poll() is None:
        process.kill()
        process.wait()


def up(
    home: Path,
    *,
    port: int = 4200,
    web_port: int = 8000,
    echo: Callable[[str], None] = print,
    language: Language = SOURCE,
) -> int:
    """Start server, pool, deployments and worker; block until Ctrl-C or a part dies.

    Args:
        echo: prints a line of progress for the operator.
        language: the language of that progress and of the errors' words.
    """
    tx = texts(language)
    if not PREFECT_FILE.is_file():
        raise StartupError("startup.no_prefect_file", path=str(PREFECT_FILE))
    # Ctrl-C (SIGINT to the whole terminal group) or SIGTERM (a service manager) stops
    # everything cleanly, also when the shell started us with SIGINT ignored.
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    api_url = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, **prefect_defaults(api_url)}
    logs = home / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    server_log = (logs / "prefect-server.log").open("ab")
    worker_log = (logs / "prefect-worker.log").open("ab")
    web_log = (logs / "dashboard.log").open("ab")
    server = subprocess.Popen(
        [*_prefect(), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    worker: subprocess.Popen[bytes] | None = None
    web = subprocess.Popen(
        [sys.executable, "-m", "planvakt.cli", "serve", "--port", str(web_port)],
        env=env,
        stdout=web_log,
        stderr=subprocess.STDOUT,
    )
    try:
        echo(tx.gettext("starter Prefect-server på {url} …").format(url=f"http://127.0.0.1:{port}"))
        _wait_healthy(f"{api_url}/health", server, tx.gettext("Prefect-serveren"), stop=stop)
        if stop.is_set():
            return 0
        subprocess.run(
            [*_prefect(), "work-pool", "create", WORK_POOL, "--type", "process", "--overwrite"],
            env=env,
            cwd=REPO_ROOT,
            check=True,
            capture_output=True,
        )
        deploy = subprocess.run(
            [*_prefect(), "--no-prompt", "deploy", "--all", "--prefect-file", str(PREFECT_FILE)],
            env=env,
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
        )
        if deploy.returncode != 0:
            raise StartupError(
                "startup.deploy_failed", output=deploy.stdout[-500:] + deploy.stderr[-500:]
            )
        worker = subprocess.Popen(
            [*_prefect(), "worker", "start", "--pool", WORK_POOL, "--type", "process"],
            env=env,
            stdout=worker_log,
            stderr=subprocess.STDOUT,
        )
        _wait_healthy(
            f"http://127.0.0.1:{web_port}/healthz", web, tx.gettext("Dashbordet"), stop=stop
        )
        echo(tx.gettext("dashbordet: {url}").format(url=f"http://127.0.0.1:{web_port}"))
        echo(
            tx.gettext("planvakt kjører: Prefect-UI {url}, logger i {logs}").format(
                url=f"http://127.0.0.1:{port}", logs=logs
            )
        )
        echo(
            tx.gettext(
                "deployments: daglig-fristsjekk (hverdager 07:00), livssyklus (02:30), "
                "arlig-rullering (januar), statusrapport (hverdager 06:00), send-utboks. "
                "Stopp med Ctrl-C."
            )
        )
        parts = (server, worker, web)
        while all(part.poll() is None for part in parts) and not stop.is_set():
            stop.wait(1)
        if not stop.is_set():
            raise StartupError("startup.part_died", logs=str(logs))
        echo(tx.gettext("stopper …"))
        return 0
    finally:
        if worker is not None:
            _stop(worker, [signal.SIGINT, signal.SIGINT, signal.SIGTERM])
        _stop(web, [signal.SIGTERM])
        _stop(server, [signal.SIGTERM])
        server_log.close()
        worker_log.close()
        web_log.close()
