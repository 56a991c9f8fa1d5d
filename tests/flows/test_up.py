"""`planvakt up` starts the whole system: server, work pool, deployments, worker; a triggered
run completes on the worker; Ctrl-C stops everything."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from planvakt.demo.mailsink import free_port

BIN = Path(sys.executable).parent


def test_up_deploys_runs_on_the_worker_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "PLANVAKT_"))}
    env.update(
        PLANVAKT_HOME=str(tmp_path / "home"),
        DO_NOT_TRACK="1",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_WORKER_QUERY_SECONDS="2",
    )
    up = subprocess.Popen(
        [str(BIN / "planvakt"), "up", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own terminal-like process group
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            line = up.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("planvakt kjører"):
                break
        assert any(line.startswith("planvakt kjører") for line in lines), "".join(lines)

        prefect_env = {
            **env,
            "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
            "PREFECT_HOME": str(tmp_path / "home" / "prefect"),
        }
        listed = subprocess.run(
            [str(BIN / "prefect"), "deployment", "ls"],
            env=prefect_env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        for name in ("daglig-fristsjekk", "livssyklus", "arlig-rullering", "send-utboks"):
            assert name in listed.stdout
        inspected = subprocess.run(
            [str(BIN / "prefect"), "deployment", "inspect", "daglig-fristsjekk/daglig-fristsjekk"],
            env=prefect_env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert (
            "'cron': '0 7 * * 1-5'" in inspected.stdout
            and "'timezone': 'Europe/Oslo'" in inspected.stdout
        )
        # Applied from prefect.yaml as a module path without pull steps: any worker with the
        # package installed can run it, whatever its working directory.
        assert "'entrypoint': 'flows.sweep.daily_sweep'" in inspected.stdout
        assert "'pull_steps': []" in inspected.stdout
        run = subprocess.run(
            [
                str(BIN / "prefect"),
                "deployment",
                "run",
                "livssyklus/livssyklus",
                "--watch",
                "--watch-timeout",
                "120",
            ],
            env=prefect_env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert run.returncode == 0 and "Completed" in run.stdout, run.stdout + run.stderr
    finally:
        os.killpg(up.pid, signal.SIGINT)  # Ctrl-C: the whole group gets SIGINT
        rest, _ = up.communicate(timeout=60)
    assert up.returncode == 0, rest
    assert "stopper" in rest
    leftovers = subprocess.run(["pgrep", "-f", f"--port {port}"], capture_output=True, text=True)
    assert leftovers.stdout.strip() == ""
