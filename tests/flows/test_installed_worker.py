"""A worker installed from the wheel, without a source checkout, runs every deployment.

The wheel is built from a copy of the working tree and installed with ``pip install --target``
into a folder of its own: the dependencies come from the test environment, but planvakt,
models, flows, tasks and templates come only from the wheel (``PYTHONPATH`` wins over the
editable install of the checkout, whose finder is appended to ``sys.meta_path``). A worker
started the ordinary Prefect way (``prefect worker start --run-once``) in an empty folder
then runs one flow run of every deployment in ``prefect.yaml``, all at once.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import shutil
import subprocess
import sys
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PACKAGES = ("planvakt", "models", "flows", "tasks", "templates")
DEPLOYMENTS: list[dict[str, Any]] = yaml.safe_load((ROOT / "prefect.yaml").read_text("utf-8"))[
    "deployments"
]
# A fixed business day for every flow that takes `today` (Tuesday after Easter 2027).
TODAY = "2027-03-30"
# The run of this deployment imports with PYTHONVERBOSE, so that its output shows the file
# every module of the run was loaded from.
TRACED = "daglig-fristsjekk"

PROBE = """
import json, planvakt, models, flows, tasks, templates
from planvakt.core.render import environment
from planvakt.core.resources import DATA_DIR, TEMPLATE_DIR
from planvakt.core.migrate import MIGRATIONS_DIR
loader = environment().loader
print(json.dumps({
    "modules": [m.__file__ for m in (planvakt, models, flows, tasks, templates)],
    "resources": [str(DATA_DIR), str(TEMPLATE_DIR), str(MIGRATIONS_DIR)],
    "loader": [str(p) for p in loader.searchpath],
    "template": environment().get_template("messages/digest.txt.j2").filename,
}))
"""


@dataclass(frozen=True)
class Installed:
    wheel: Path
    site: Path


def _source_copy(target: Path) -> Path:
    """The working tree as a fresh clone would have it (tracked and untracked, not ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = ROOT / name
        if source.is_file():  # skip tracked files deleted in the working tree
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The project built as a wheel (from a copy, so no stale build/ is packaged) and
    installed without its dependencies into a folder of its own."""
    tmp = tmp_path_factory.mktemp("installed")
    source = _source_copy(tmp / "src")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(tmp / "dist"), str(source)], check=True)
    (wheel,) = (tmp / "dist").glob("planvakt-*.whl")
    site = tmp / "site"
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True)
    return Installed(wheel=wheel, site=site)


def _worker_env(site: Path, home: Path, database_url: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "PLANVAKT_", "PYTHON"))
    }
    from prefect.settings import PREFECT_API_URL

    env.update(
        PYTHONPATH=str(site),
        PREFECT_API_URL=str(PREFECT_API_URL.value()),
        PREFECT_HOME=str(home / "prefect"),
        PREFECT_LOGGING_LEVEL="INFO",
        PLANVAKT_DATABASE_URL=database_url,
        PLANVAKT_HOME=str(home / "planvakt"),
        DO_NOT_TRACK="1",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    return env


def _is_under(path: str | Path, folder: Path) -> bool:
    return Path(path).resolve().is_relative_to(folder.resolve())


def test_wheel_ships_every_template_data_file_and_migration(installed: Installed) -> None:
    shipped = set(zipfile.ZipFile(installed.wheel).namelist())
    expected = [
        *ROOT.glob("templates/**/*.j2"),
        *(p for p in ROOT.glob("planvakt/data/**/*") if p.is_file()),
        *ROOT.glob("planvakt/migrations/**/*.py"),
        *ROOT.glob("planvakt/migrations/*.mako"),
    ]
    assert len(expected) > 15
    names = [p.relative_to(ROOT).as_posix() for p in expected if "__pycache__" not in p.parts]
    assert [name for name in names if name not in shipped] == []
    assert not [name for name in shipped if name.startswith(("tests/", "bench/"))]


def test_installed_code_and_resources_come_from_the_wheel_not_the_checkout(
    installed: Installed, tmp_path: Path
) -> None:
    env = _worker_env(installed.site, tmp_path, "sqlite://")
    empty = tmp_path / "empty"
    empty.mkdir()
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=empty, capture_output=True, text=True
    )
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout)
    paths = [*found["modules"], *found["resources"], *found["loader"], found["template"]]
    assert all(_is_under(p, installed.site) for p in paths), paths


def _deploy_and_trigger(pool: str) -> dict[str, uuid.UUID]:
    """One deployment per entry of prefect.yaml in a new process pool, as `prefect deploy`
    would create it (same entrypoint, parameters, no pull step; without its schedules), and
    one flow run of each, due now (with a fixed ``today`` where the flow takes one).

    Returns the flow run ids by the deployments' full names.
    """
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.utilities.callables import parameter_schema
    from prefect.workers.process import ProcessWorker

    runs: dict[str, uuid.UUID] = {}
    with get_client(sync_client=True) as client:
        client.create_work_pool(
            WorkPoolCreate(
                name=pool,
                type="process",
                base_job_template=ProcessWorker.get_default_base_job_template(),
            )
        )
        for spec in DEPLOYMENTS:
            module, _, name = spec["entrypoint"].rpartition(".")
            flow = getattr(importlib.import_module(module), name)
            flow_id = client.create_flow_from_name(flow.name)
            deployment_id = client.create_deployment(
                flow_id=flow_id,
                name=spec["name"],
                entrypoint=spec["entrypoint"],
                work_pool_name=pool,
                parameters=spec.get("parameters", {}),
                parameter_openapi_schema=parameter_schema(flow).model_dump(),
                pull_steps=[],
                job_variables=({"env": {"PYTHONVERBOSE": "1"}} if spec["name"] == TRACED else {}),
            )
            takes_today = "today" in inspect.signature(flow.fn).parameters
            run = client.create_flow_run_from_deployment(
                deployment_id, parameters={"today": TODAY} if takes_today else {}
            )
            runs[f"{flow.name}/{spec['name']}"] = run.id
    return runs


# Packaging does not depend on the database: one backend (the `make up` default) keeps it fast.
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_worker_installed_from_the_wheel_runs_every_deployment(
    installed: Installed, engine: Engine, tmp_path: Path
) -> None:
    from prefect.client.orchestration import get_client

    pool = f"installert-{uuid.uuid4().hex[:8]}"
    flow_runs = _deploy_and_trigger(pool)
    empty = tmp_path / "empty"
    empty.mkdir()
    worker = subprocess.run(
        [str(BIN / "prefect"), "worker", "start", "--pool", pool, "--run-once"],
        env=_worker_env(installed.site, tmp_path, engine.url.render_as_string(False)),
        cwd=empty,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = worker.stdout + worker.stderr
    with get_client(sync_client=True) as client:
        states = {name: client.read_flow_run(run_id).state for name, run_id in flow_runs.items()}
    assert {name: state and state.type.value for name, state in states.items()} == {
        name: "COMPLETED" for name in flow_runs
    }, output[-8000:]

    # Where the traced run loaded planvakt's code from: the wheel's folder, never the checkout
    # (its dependencies come from the test environment, which may live inside the checkout).
    loaded = [
        Path(line.split("code object from ", 1)[1].strip("'"))
        for line in output.splitlines()
        if "code object from " in line
    ]
    from_wheel = {
        p.relative_to(installed.site).parts[0] for p in loaded if _is_under(p, installed.site)
    }
    assert from_wheel == set(PACKAGES)
    from_checkout = [p for p in loaded if _is_under(p, ROOT) and not _is_under(p, Path(sys.prefix))]
    assert from_checkout == []
