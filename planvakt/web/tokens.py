"""The profile page (``/profil``): the user's language, and personal API tokens (make one,
see it once, revoke it).

A new token goes from the POST to the next GET (POST → redirect → GET) encrypted in the
signed session cookie, and is dropped from it as soon as it has been shown.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from planvakt.core.errors import ValidationError
from planvakt.core.languages import LANGUAGE_NAMES, LANGUAGES
from planvakt.core.messages import error_message
from planvakt.notify.secrets import decrypt, encrypt
from planvakt.services import tokens, users
from planvakt.web.deps import CurrentUser, Id, forget_user, page, request_texts, transaction
from planvakt.web.pages import done

router = APIRouter()

NEW_TOKEN = "ny_api_nokkel"  # the session key of a token made but not yet shown


@router.get("/profil")
def profile_page(request: Request, user: CurrentUser) -> Response:
    sealed = request.session.pop(NEW_TOKEN, None)
    response = _profile(request, user.id, new_token=decrypt(sealed) if sealed else None)
    if sealed:
        response.headers["Cache-Control"] = "no-store"  # the token must not stay in a cache
    return response


@router.post("/profil/api-nokler")
def create_token(
    request: Request, user: CurrentUser, name: Annotated[str, Form(max_length=400)] = ""
) -> Response:
    try:
        with transaction(request) as session:
            _, secret = tokens.create_token(session, user.id, name)
    except ValidationError as error:
        # The form again, with the error at the name field (nothing was stored).
        return _profile(request, user.id, status_code=422, error=error, name=name)
    request.session[NEW_TOKEN] = encrypt(secret)
    return RedirectResponse("/profil#ny-nokkel", status_code=303)


@router.post("/profil/sprak")
def choose_language(
    request: Request, user: CurrentUser, language: Annotated[str, Form(max_length=10)] = ""
) -> Response:
    """The language of the user's own pages (bokmål, nynorsk or English)."""
    with transaction(request) as session:
        users.set_language(session, user.id, language)
    forget_user(user.id)  # the next page is in the new language, not in five seconds
    request.state.user = None
    return done(request, "/profil#sprak", request_texts(request).gettext("Språket er lagret."))


@router.post("/profil/api-nokler/{token_id}/trekk-tilbake")
def revoke_token(request: Request, user: CurrentUser, token_id: Id) -> Response:
    with transaction(request) as session:
        tokens.revoke_token(session, user.id, token_id)
    return RedirectResponse("/profil#api-nokler", status_code=303)


def _profile(
    request: Request,
    user_id: int,
    *,
    status_code: int = 200,
    new_token: str | None = None,
    error: ValidationError | None = None,
    name: str = "",
) -> Response:
    with transaction(request, read_only=True) as session:
        rows = tokens.list_tokens(session, user_id)
    tx = request_texts(request)
    return page(
        request,
        "profile.html.j2",
        status_code,
        title=tx.gettext("Profil og API-nøkler"),
        tokens=rows,
        new_token=new_token,
        error=error_message(error, tx.language) if error else None,
        languages=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        chosen_language=tx.language,
        flash=request.session.pop("flash", None),
        token_name=name,  # (``name`` is render()'s own argument)
        api_base=str(request.base_url).rstrip("/") + "/api/v1",
    )
