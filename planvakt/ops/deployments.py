"""Running planvakt's Prefect deployments on demand (``planvakt sweep``, later the
dashboard's «Kjør nå»): the run is carried out by the system's worker, shows in the Prefect
UI like a scheduled one, and this module waits for its end."""

from __future__ import annotations

import logging
import urllib.request
from dataclasses import dataclass
from datetime import date
from typing import Any

from planvakt.core.errors import PlanvaktError
from planvakt.ops import prefect_env

log = logging.getLogger(__name__)

SWEEP = "daglig-fristsjekk/daglig-fristsjekk"


class PrefectUnavailable(PlanvaktError):
    """The Prefect server does not answer."""

    exit_code = 69


@dataclass(frozen=True)
class RunOutcome:
    """A finished (or still running) flow run: its state, its page and its summary."""

    id: str
    name: str
    state: str
    ui_url: str | None
    summary: str | None  # the Markdown artifact the run published, if any

    @property
    def completed(self) -> bool:
        return self.state == "COMPLETED"


def ensure_reachable(url: str, timeout: float = 3) -> None:
    """Raise :class:`PrefectUnavailable` unless the Prefect API answers its health check."""
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as response:
            if response.status == 200:
                return
    except OSError:
        pass
    raise PrefectUnavailable("prefect.unreachable", url=url)


def run_and_wait(
    deployment: str, parameters: dict[str, Any], *, artifact_key: str | None = None
) -> RunOutcome:
    """Start a run of ``deployment`` and wait until it ends (a worker must be running)."""
    url = prefect_env.api_url()
    ensure_reachable(url)
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        ArtifactFilterKey,
    )
    from prefect.client.schemas.objects import FlowRun
    from prefect.deployments import run_deployment
    from prefect.exceptions import ObjectNotFound
    from prefect.utilities.urls import url_for

    try:
        run = run_deployment(deployment, parameters=parameters, poll_interval=1, as_subflow=False)
        assert isinstance(run, FlowRun)  # the synchronous form, called outside an event loop
    except ObjectNotFound:
        raise PrefectUnavailable(
            "prefect.deployment_missing", deployment=deployment, url=url
        ) from None
    summary = None
    if artifact_key:
        with get_client(sync_client=True) as client:
            found = client.read_artifacts(
                artifact_filter=ArtifactFilter(
                    flow_run_id=ArtifactFilterFlowRunId(any_=[run.id]),
                    key=ArtifactFilterKey(any_=[artifact_key]),
                )
            )
        summary = str(found[0].data) if found else None
    state = run.state.type.value if run.state else "UNKNOWN"
    log.info("flow run %s (%s) ended %s", run.name, run.id, state)
    return RunOutcome(str(run.id), run.name, state, url_for(run), summary)


def run_sweep(today: date | None) -> RunOutcome:
    """The daily sweep through its deployment."""
    parameters = {"today": today.isoformat()} if today else {}
    return run_and_wait(SWEEP, parameters, artifact_key="daglig-fristsjekk")
