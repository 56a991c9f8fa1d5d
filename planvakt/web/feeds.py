"""Calendar subscriptions: the coordinator's page that issues, revokes and re-issues a plan's
and its services' feed URLs, and the feed itself (``/kalender/<token>.ics``, no login).

The full URL is shown once, in the answer to the POST that issued it (never stored, never
redirected through a URL or a cookie); the request log leaves the token out of the path.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from models import FeedToken, Plan, Service
from planvakt.services import feeds, plans
from planvakt.views.feeds import plan_feeds, plan_services
from planvakt.views.loading import PLAN_FULL, PLAN_LIST
from planvakt.web.deps import Access, Id, UserAccess, page, request_texts, transaction

router = APIRouter()


def coordinated_plan(request: Request, slug: str, access: UserAccess) -> str:
    """The plan's slug if the user coordinates one of its municipalities; 403 otherwise."""
    with transaction(request) as session:
        plan = plans.find_plan(session, slug, PLAN_LIST)
        if not access.can_coordinate([m.number for m in plan.municipalities]):
            raise HTTPException(status_code=403)
    return plan.slug


CoordinatedPlan = Annotated[str, Depends(coordinated_plan)]


def managed_services(plan: Plan, access: Access) -> list[Service]:
    """The plan's services whose calendars this user may manage: those of the municipalities
    the user coordinates. (A service's calendar covers every plan of its municipality, so in
    a joint plan a partner's coordinator must not issue or revoke the lead's.)"""
    return [s for s in plan_services(plan) if access.can_coordinate([s.municipality_number])]


@router.get("/planer/{slug}/kalendere")
def calendars_page(request: Request, slug: CoordinatedPlan, access: UserAccess) -> Response:
    with transaction(request, read_only=True) as session:
        plan = plans.find_plan(session, slug, PLAN_FULL)
        view = plan_feeds(session, plan, managed_services(plan, access))
    title = request_texts(request).gettext("Kalenderabonnement – {plan}").format(plan=view.title)
    return page(request, "feeds.html.j2", title=title, v=view)


@router.post("/planer/{slug}/kalendere/plan")
def issue_plan_feed(request: Request, slug: CoordinatedPlan, access: UserAccess) -> Response:
    with transaction(request) as session:
        plan = plans.find_plan(session, slug, PLAN_LIST)
        issued = feeds.issue_token(session, plan=plan, created_by=access.user.username)
        name, title = plan.title, plan.title
    return _issued(request, slug, title, name, issued)


@router.post("/planer/{slug}/kalendere/tjeneste/{service_id}")
def issue_service_feed(
    request: Request, slug: CoordinatedPlan, service_id: Id, access: UserAccess
) -> Response:
    with transaction(request) as session:
        plan = plans.find_plan(session, slug, PLAN_FULL)
        service = _plan_service(managed_services(plan, access), service_id)
        issued = feeds.issue_token(session, service=service, created_by=access.user.username)
        name, title = service.name, plan.title
    return _issued(request, slug, title, name, issued)


@router.post("/planer/{slug}/kalendere/{token_id}/trekk-tilbake")
def revoke_feed(
    request: Request, slug: CoordinatedPlan, token_id: Id, access: UserAccess
) -> Response:
    with transaction(request) as session:
        plan = plans.find_plan(session, slug, PLAN_FULL)
        row = feeds.get_token(session, token_id)
        if not _belongs(row, plan.id, managed_services(plan, access)):
            raise HTTPException(status_code=404)
        feeds.revoke_token(session, row)
    return RedirectResponse(f"/planer/{slug}/kalendere", status_code=303)


@router.get("/kalender/{token}.ics", name="calendar_feed")
def calendar_feed(request: Request, token: str) -> Response:
    """The feed a calendar program subscribes to: no login, the token is the key."""
    if len(token) > 100:
        raise HTTPException(status_code=404)
    with transaction(request, read_only=True) as session:
        feed = feeds.open_feed(session, token)
    return Response(
        feed.content,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": f'inline; filename="{feed.filename}"',
            "Cache-Control": "private, max-age=300",
            "X-Robots-Tag": "noindex",
        },
    )


def _plan_service(services: list[Service], service_id: int) -> Service:
    service = next((s for s in services if s.id == service_id), None)
    if service is None:
        raise HTTPException(status_code=404)
    return service


def _belongs(row: FeedToken, plan_id: int, services: list[Service]) -> bool:
    return row.plan_id == plan_id or row.service_id in {s.id for s in services}


def _issued(
    request: Request, slug: str, plan_title: str, name: str, issued: feeds.IssuedToken
) -> Response:
    url = str(request.url_for("calendar_feed", token=issued.token))
    response = page(
        request,
        "feed_issued.html.j2",
        title=request_texts(request).gettext("Ny kalenderadresse"),
        slug=slug,
        plan_title=plan_title,
        target_name=name,
        url=url,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
