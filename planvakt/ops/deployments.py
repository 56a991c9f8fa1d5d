"""Running planvakt's Prefect deployments on demand: ``planvakt sweep`` waits for the run's
end, the dashboard's «Kjør nå» starts one and follows it. The run is carried out by the
system's worker and shows in the Prefect UI like a scheduled one."""

from __future__ import annotations

import logging
import urllib.request
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from planvakt.core.errors import NotFoundError, PlanvaktError
from planvakt.ops import prefect_env

if TYPE_CHECKING:
    from prefect.client.schemas.objects import FlowRun

log = logging.getLogger(__name__)

SWEEP = "daglig-fristsjekk/daglig-fristsjekk"
LIFECYCLE = "livssyklus/livssyklus"
STATUS_REPORT = "statusrapport/statusrapport"
FINAL_STATES = frozenset({"COMPLETED", "FAILED", "CRASHED", "CANCELLED"})


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

    @property
    def final(self) -> bool:
        """The run has ended (completed, failed, crashed or cancelled): nothing will change."""
        return self.state in FINAL_STATES


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


def start(
    deployment: str, parameters: dict[str, Any], *, tags: list[str] | None = None
) -> RunOutcome:
    """Start a run of ``deployment`` and return at once (the worker carries it out).

    Raises:
        PrefectUnavailable: the Prefect API does not answer, or the deployment is missing.
    """
    url = prefect_env.api_url()
    ensure_reachable(url)
    from prefect.client.schemas.objects import FlowRun
    from prefect.deployments import run_deployment
    from prefect.exceptions import ObjectNotFound

    try:
        # _sync: the synchronous form even where an event loop is set on this thread
        # (Prefect would otherwise return a coroutine); this function is synchronous.
        run = run_deployment(  # type: ignore[call-arg]
            deployment, parameters=parameters, timeout=0, as_subflow=False, tags=tags, _sync=True
        )
        assert isinstance(run, FlowRun)
    except ObjectNotFound:
        raise PrefectUnavailable(
            "prefect.deployment_missing", deployment=deployment, url=url
        ) from None
    log.info("flow run %s (%s) of %s started", run.name, run.id, deployment)
    return _outcome(run)


def read_run(run_id: str) -> tuple[RunOutcome, list[str]]:
    """A flow run's state now, and its tags.

    Raises:
        PrefectUnavailable: the Prefect API does not answer.
        NotFoundError: no flow run has this id.
    """
    url = prefect_env.api_url()
    ensure_reachable(url)
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    try:
        uuid = UUID(run_id)
    except ValueError:
        raise NotFoundError("run.not_found", id=run_id) from None
    try:
        with get_client(sync_client=True) as client:
            run = client.read_flow_run(uuid)
    except ObjectNotFound:
        raise NotFoundError("run.not_found", id=run_id) from None
    return _outcome(run), list(run.tags)


def _outcome(run: FlowRun) -> RunOutcome:
    from prefect.utilities.urls import url_for

    state = run.state.type.value if run.state else "PENDING"
    # Without PREFECT_UI_URL the UI is where the API is, without its /api.
    ui = prefect_env.api_url().removesuffix("/api")
    return RunOutcome(str(run.id), run.name, state, url_for(run, default_base_url=ui), None)
