"""The JSON API under ``/api/v1``: a sub-application with its own OpenAPI schema
(``/api/v1/openapi.json``), authenticated by personal tokens only
(``Authorization: Bearer <token>``, made on ``/profil``), and answering every error as JSON
(:func:`planvakt.core.messages.error_payload`). Messages and labels are in the token user's
language (their choice on ``/profil``), else the one ``Accept-Language`` asks for, else bokmål.

Routes read the same typed views as the pages and write through the same services as the
forms, under the same rules: a user reads the plans of their municipalities; a measure is
reported on by a coordinator of the plan's municipality or the owner of the measure's service.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from models import Plan
from models.traffic import Light
from planvakt.core.clock import local_today
from planvakt.core.db import session_scope
from planvakt.core.errors import (
    Location,
    NotFoundError,
    PlanvaktError,
    PrivacyError,
    ValidationError,
)
from planvakt.core.languages import SOURCE, Language, texts
from planvakt.core.messages import error_payload
from planvakt.core.settings import get_settings
from planvakt.documents import ics
from planvakt.documents.store import get_document
from planvakt.exchange.files import field_error, field_path
from planvakt.services import feeds, plans
from planvakt.services.privacy import case_note_warning
from planvakt.services.tokens import TokenRefused, authenticate_token
from planvakt.services.users import UserRow
from planvakt.views import api as api_views
from planvakt.views.loading import PLAN_FULL, PLAN_LIST, PLAN_REVIEW, PlanOptions
from planvakt.views.overview import overview
from planvakt.views.plan import PlanView, plan_view
from planvakt.views.words import light_text
from planvakt.web.api_models import (
    CheckpointOut,
    DecisionOut,
    DocumentOut,
    ErrorOut,
    FeedOut,
    MeasureOut,
    MeasurePatch,
    MeasureReportOut,
    PlanOut,
    PlanSummaryOut,
    checkpoints_of,
)
from planvakt.web.deps import Access, Id, accepted_language
from planvakt.web.errors import status_of

MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in (
        (401, "no token, or an unknown or revoked one"),
        (403, "not yours to read or change"),
        (404, "no such plan, measure or document"),
        (422, "invalid input (the location names the field)"),
    )
}

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="personal API token",
    description="A personal API token, made on /profil in the dashboard.",
)


class Forbidden(PlanvaktError):
    """The user may not read or change this (HTTP 403)."""


def api_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> UserRow:
    """The user of the bearer token (its use noted), or 401."""
    if credentials is None:
        raise TokenRefused("api.token_missing")
    with session_scope(actor="api") as session:
        user = authenticate_token(session, credentials.credentials)
    request.state.api_user = user  # the language of an error's message
    return user


ApiUser = Annotated[UserRow, Depends(api_user)]


def api_language(request: Request) -> Language:
    """The language of the answer: the token user's choice, else ``Accept-Language``, else
    bokmål (also for an error raised before the token was read)."""
    user: UserRow | None = getattr(request.state, "api_user", None)
    if user is not None and user.language is not None:
        return user.language
    return accepted_language(request.headers.get("accept-language")) or SOURCE


def _user_language(request: Request, _user: ApiUser) -> Language:
    return api_language(request)


ApiLanguage = Annotated[Language, Depends(_user_language)]
Slug = Annotated[str, Path(max_length=80, description="the plan's id (slug)")]
Ref = Annotated[str, Path(max_length=20, description="the measure's id in the plan")]


@contextmanager
def readable_plan(
    user: UserRow, slug: str, options: PlanOptions = PLAN_FULL
) -> Iterator[tuple[Session, Plan]]:
    """One transaction with a plan the user may read (403 for another municipality's)."""
    with session_scope(actor=f"api:{user.username}") as session:
        plan = plans.find_plan(session, slug, options)
        if not Access(user).can_read([m.number for m in plan.municipalities]):
            raise Forbidden("auth.forbidden")
        yield session, plan


def create_api() -> FastAPI:
    """The API application, mounted at ``/api/v1`` by :func:`planvakt.web.app.create_app`."""
    api = FastAPI(
        title="planvakt API",
        version="1",
        description=(
            "Plans, phases, checkpoints, measures, decisions and documents of the plans you "
            "may see. Errors: `{code, message, location, params}`; the message (and every "
            "label) is in the token user's language (nb, nn or en, chosen on /profil), else "
            "the first of Accept-Language that planvakt speaks, else nb."
        ),
        openapi_url="/openapi.json",
        docs_url=None,  # the interactive docs would load scripts from a CDN
        redoc_url=None,
        responses=ERRORS,
    )
    _routes(api)
    _error_handlers(api)
    return api


def _routes(api: FastAPI) -> None:  # noqa: C901 - one place that lists the API
    @api.get("/plans", response_model=list[PlanSummaryOut], tags=["plans"])
    def list_plans(user: ApiUser, language: ApiLanguage) -> list[PlanSummaryOut]:
        """The plans of the user's municipalities, with phase, traffic lights and deadlines."""
        labels = {light: light_text(light, texts(language)) for light in Light}
        with session_scope(actor=f"api:{user.username}") as session:
            rows = overview(
                session,
                local_today(),
                municipalities=Access(user).municipalities,
                risk_window_days=get_settings().risk_window_days,
                language=language,
            )
        return [PlanSummaryOut.of(row, labels) for row in rows]

    @api.get("/plans/{slug}", response_model=PlanOut, tags=["plans"])
    def get_plan(user: ApiUser, language: ApiLanguage, slug: Slug) -> PlanOut:
        """One plan: its phases and the checkpoints of the phase that is active now."""
        with readable_plan(user, slug, PLAN_REVIEW) as (_, plan):
            return PlanOut.of(_view(plan, language))

    @api.get("/plans/{slug}/checkpoints", response_model=list[CheckpointOut], tags=["plans"])
    def list_checkpoints(user: ApiUser, language: ApiLanguage, slug: Slug) -> list[CheckpointOut]:
        """Every checkpoint of the plan's current edition, phase by phase."""
        with readable_plan(user, slug, PLAN_REVIEW) as (_, plan):
            return checkpoints_of(_view(plan, language).phases)

    @api.get("/plans/{slug}/measures", response_model=list[MeasureOut], tags=["measures"])
    def list_measures(user: ApiUser, language: ApiLanguage, slug: Slug) -> list[MeasureOut]:
        """The measures (tiltak) of the plan's current edition."""
        with readable_plan(user, slug, PLAN_REVIEW) as (_, plan):
            return [MeasureOut.of(m) for m in _view(plan, language).measures]

    @api.get("/plans/{slug}/measures/{ref}", response_model=MeasureOut, tags=["measures"])
    def get_measure(user: ApiUser, language: ApiLanguage, slug: Slug, ref: Ref) -> MeasureOut:
        """One measure."""
        with readable_plan(user, slug, PLAN_REVIEW) as (_, plan):
            plans.find_measure(plan, ref)
            return _measure(plan, ref, language)

    @api.patch("/plans/{slug}/measures/{ref}", response_model=MeasureReportOut, tags=["measures"])
    def report_measure(
        user: ApiUser, language: ApiLanguage, slug: Slug, ref: Ref, body: MeasurePatch
    ) -> MeasureReportOut:
        """Report status, progress and a comment on a measure, as the service owner's form
        does (a coordinator of the plan's municipality or the owner of the measure's service).
        """
        today = local_today()
        with readable_plan(user, slug, PLAN_REVIEW) as (session, plan):
            measure = plans.find_measure(plan, ref)
            numbers = [m.number for m in plan.municipalities]
            if not Access(user).may_report(numbers, measure.owner_service_id):
                raise Forbidden("auth.forbidden")
            plans.report_measure(
                session,
                plan,
                ref,
                on=today,
                today=today,
                status=body.status,
                progress=body.progress,
                comment=(body.comment or "").strip() or None,
                reported_by=user.username,
            )  # its flush runs the privacy guard over the comment
            warning = case_note_warning(body.comment)
            return MeasureReportOut.model_validate(
                {
                    **_measure(plan, ref, language).model_dump(),
                    "warnings": [texts(language).gettext(warning)] if warning else [],
                }
            )

    @api.get("/plans/{slug}/decisions", response_model=list[DecisionOut], tags=["plans"])
    def list_decisions(user: ApiUser, slug: Slug) -> list[DecisionOut]:
        """The political decisions of the plan's current edition, oldest first."""
        with readable_plan(user, slug) as (_, plan):
            return [DecisionOut.of(d) for d in api_views.decisions(plan)]

    @api.get("/plans/{slug}/documents", response_model=list[DocumentOut], tags=["documents"])
    def list_documents(user: ApiUser, slug: Slug) -> list[DocumentOut]:
        """The status and yearly reports stored for the plan, oldest first."""
        with readable_plan(user, slug, PLAN_LIST) as (session, plan):
            return [DocumentOut.of(d, plan.slug) for d in api_views.documents(session, plan.id)]

    @api.get(
        "/plans/{slug}/documents/{document_id}",
        tags=["documents"],
        response_class=Response,
        responses={200: {"description": "the document as it was made (HTML, Markdown, Word)"}},
    )
    def download_document(user: ApiUser, slug: Slug, document_id: Id) -> Response:
        """One stored document, byte for byte as it was made."""
        with readable_plan(user, slug, PLAN_LIST) as (session, plan):
            document = get_document(session, document_id)
            if document.plan_id != plan.id:  # another plan's is not found through this one
                raise NotFoundError("document.not_found", id=document_id)
            name = f"{plan.slug}-{document.kind}-{document.report_date}.{document.format}"
            return Response(
                document.content,
                media_type=MEDIA_TYPES.get(document.format, "application/octet-stream"),
                headers={"Content-Disposition": f'attachment; filename="{name}"'},
            )

    @api.get(
        "/plans/{slug}/calendar.ics",
        tags=["feeds"],
        response_class=Response,
        responses={200: {"description": "the plan's deadlines as iCalendar (dates and titles)"}},
    )
    def plan_calendar(user: ApiUser, slug: Slug) -> Response:
        """The plan's calendar, as its subscription feed shows it, for a script."""
        with readable_plan(user, slug) as (_session, plan):
            content = ics.plan_feed(plan)
        return Response(content, media_type="text/calendar; charset=utf-8")

    @api.post("/plans/{slug}/feed", response_model=FeedOut, tags=["feeds"], status_code=201)
    def issue_plan_feed(request: Request, user: ApiUser, slug: Slug) -> FeedOut:
        """A new subscription URL for the plan's calendar (coordinator): shown only in this
        answer; the plan's previous URL stops working."""
        with readable_plan(user, slug, PLAN_LIST) as (session, plan):
            if not Access(user).can_coordinate([m.number for m in plan.municipalities]):
                raise Forbidden("auth.forbidden")
            issued = feeds.issue_token(session, created_by=user.username, plan=plan)
        base = str(request.base_url).rstrip("/").removesuffix("/api/v1")
        return FeedOut(url=f"{base}/kalender/{issued.token}.ics")


def _view(plan: Plan, language: Language) -> PlanView:
    return plan_view(
        plan, local_today(), risk_window_days=get_settings().risk_window_days, language=language
    )


def _measure(plan: Plan, ref: str, language: Language) -> MeasureOut:
    return next(MeasureOut.of(m) for m in _view(plan, language).measures if m.ref == ref)


def _error_handlers(api: FastAPI) -> None:
    @api.exception_handler(PlanvaktError)
    async def planvakt_error(request: Request, exc: PlanvaktError) -> Response:
        return error_response(exc, language=api_language(request))

    @api.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        found = [
            field_error(
                e, Location(source=str(e["loc"][0]), field=field_path(e["loc"][1:]) or None)
            )
            for e in exc.errors()
        ]
        error = ValidationError("request.invalid")
        error.errors = found
        return error_response(error, language=api_language(request))

    @api.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 405:
            error = PlanvaktError("api.method_not_allowed", method=request.method)
        else:
            error = PlanvaktError("api.not_found")
        return error_response(error, exc.status_code, language=api_language(request))


def error_response(
    error: PlanvaktError, status_code: int | None = None, *, language: Language = SOURCE
) -> JSONResponse:
    """An error as JSON with its status: 401, 403, 404, 409, 422 (the privacy guard's
    refusal names the field it found in), its message in ``language``."""
    if isinstance(error, PrivacyError) and error.location is None and "field" in error.params:
        error.location = Location(field=str(error.params["field"]))
    status = status_code or _status(error)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(error_payload(error, language), status_code=status, headers=headers)


def _status(error: PlanvaktError) -> int:
    if isinstance(error, TokenRefused):
        return 401
    if isinstance(error, Forbidden):
        return 403
    return status_of(error)
