"""«Kjør nå»: a coordinator starts the deadline check or a status report for one plan through
its Prefect deployment, and follows the run on its own page until it ends.

The run is carried out by the system's worker like a scheduled one (and shows in the
Prefect UI, which every run page links to). It is tagged with the plan, so that its page
is shown only to those who may read that plan. When Prefect does not answer, the pages say
so instead of failing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from planvakt.core.errors import ValidationError
from planvakt.core.languages import N_
from planvakt.ops import deployments
from planvakt.ops.deployments import PrefectUnavailable
from planvakt.web.deps import UserAccess, page, request_texts
from planvakt.web.plan_access import CoordinatedPlan, readable_plan

router = APIRouter()

PLAN_TAG = "plan:"  # the tag that names the plan a dashboard run is for
KIND_TAG = "kjoring:"  # and the tag that names what was started
REFRESH_SECONDS = 3


@dataclass(frozen=True)
class RunKind:
    """What «Kjør nå» can start: a deployment and its parameters for one plan."""

    key: str
    label: str  # bokmål, translated where shown
    deployment: str
    notify: bool = False

    def parameters(self, slug: str) -> dict[str, Any]:
        if self.deployment == deployments.LIFECYCLE:
            return {"plan": slug, "notify": self.notify}
        return {"plan": slug, "force": True}


KINDS = {
    kind.key: kind
    for kind in (
        # The daily sweep's work for this plan: phases moved on, reminders and escalations
        # written to the outbox and sent (nothing is sent twice on the same day).
        RunKind("fristsjekk", N_("Fristsjekk"), deployments.LIFECYCLE, notify=True),
        RunKind("statusrapport", N_("Statusrapport"), deployments.STATUS_REPORT),
    )
}
STATE_LABELS = {
    "SCHEDULED": N_("Planlagt"),
    "PENDING": N_("Venter på arbeideren"),
    "RUNNING": N_("Kjører"),
    "PAUSED": N_("Satt på pause"),
    "CANCELLING": N_("Avbrytes"),
    "COMPLETED": N_("Fullført"),
    "FAILED": N_("Feilet"),
    "CRASHED": N_("Krasjet"),
    "CANCELLED": N_("Avbrutt"),
}


@router.post("/planer/{slug}/kjor")
def start_run(plan: CoordinatedPlan, kind: Annotated[str, Form(max_length=40)] = "") -> Response:
    chosen = KINDS.get(kind)
    if chosen is None:
        raise ValidationError("run.kind_unknown", kind=kind)
    with _prefect_down_explained():
        run = deployments.start(
            chosen.deployment,
            chosen.parameters(plan.slug),
            tags=["planvakt-dashbord", f"{PLAN_TAG}{plan.slug}", f"{KIND_TAG}{chosen.key}"],
        )
    return RedirectResponse(f"/kjoringer/{run.id}", status_code=303)


@router.get("/kjoringer/{run_id}")
def run_page(request: Request, run_id: str, access: UserAccess, oppdater: bool = True) -> Response:
    """The run's state; the page reloads itself every few seconds until the run has ended,
    unless the reader turned that off (``?oppdater=0``, WCAG 2.2.1)."""
    with _prefect_down_explained():
        run, tags = deployments.read_run(run_id[:64])
    slug = _tagged(tags, PLAN_TAG)
    if slug is None:
        raise HTTPException(status_code=403)  # not started from the dashboard for a plan
    plan = readable_plan(request, slug, access)  # 403 unless the user may read the plan
    kind = KINDS.get(_tagged(tags, KIND_TAG) or "")
    tx = request_texts(request)
    label = tx.gettext(kind.label if kind else N_("Kjøring"))
    state = STATE_LABELS.get(run.state)
    response = page(
        request,
        "run.html.j2",
        title=tx.gettext("{kind} for {plan}").format(kind=label, plan=plan.title),
        run=run,
        state=tx.gettext(state) if state else run.state.capitalize(),
        kind=label,
        plan=plan,
        refresh=REFRESH_SECONDS if oppdater and not run.final else None,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _tagged(tags: list[str], prefix: str) -> str | None:
    return next((t.removeprefix(prefix) for t in tags if t.startswith(prefix)), None)


@contextmanager
def _prefect_down_explained() -> Iterator[None]:
    """Say "Prefect does not answer" in the dashboard's words (a 503 page, not a 500)."""
    try:
        yield
    except PrefectUnavailable as error:
        if error.code != "prefect.unreachable":
            raise
        raise PrefectUnavailable("run.prefect_down", url=error.params.get("url")) from None
