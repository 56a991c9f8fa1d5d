"""How a coordinator's form runs: show it (with the plan's breadcrumbs), read it, call one
service function on the loaded plan in one transaction, and redirect — or show the form
again with each error at its field."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from models import Plan
from planvakt.core.errors import PlanvaktError
from planvakt.core.languages import Texts
from planvakt.services import plans
from planvakt.web.deps import request_texts, transaction
from planvakt.web.formkit import (
    FormInput,
    FormSpec,
    errors_of,
    form_values,
    render_form,
)
from planvakt.web.pages import done
from planvakt.web.plan_access import PlanAccess

FormValues = Annotated[dict[str, str], Depends(form_values)]
Action = Callable[[Session, Plan], Any]


def crumbs(plan: PlanAccess, tx: Texts) -> list[tuple[str, str]]:
    """The breadcrumbs above a plan's form: the overview, then the plan."""
    return [("/", tx.gettext("Oversikt")), (f"/planer/{plan.slug}", plan.title)]


def show(
    request: Request,
    plan: PlanAccess,
    spec: FormSpec,
    values: Mapping[str, str],
    errors: Mapping[str, str] | None = None,
) -> Response:
    return render_form(request, spec, values, errors, crumbs=crumbs(plan, request_texts(request)))


def submit(
    request: Request,
    plan: PlanAccess,
    form: FormInput,
    action: Action,
    *,
    then: str,
    message: str | Callable[[Any], str],
    codes: Mapping[str, str] | None = None,
) -> Response:
    """Run ``action`` on the loaded plan in one transaction and redirect to ``then`` (warning
    there when the form's free text reads like a case note); show the form again with the
    errors of its fields (those found reading it, or the service's).

    ``message`` is the confirmation, or a function making it from what ``action`` returned
    (what the service stored, such as a computed deadline)."""
    if not form.ok:
        return show(request, plan, form.spec, form.raw, form.errors)
    try:
        with transaction(request) as session:
            result = action(session, plans.find_plan(session, plan.slug))
            confirmation = message(result) if callable(message) else message
    except PlanvaktError as exc:
        return show(request, plan, form.spec, form.raw, errors_of(exc, form.spec, codes=codes))
    return done(request, then, confirmation, written=written(form))


def written(form: FormInput) -> list[str]:
    """The free text of a form (its text fields and text areas): what the case-note warning
    reads."""
    return [form.raw.get(f.name, "") for f in form.spec.fields if f.kind in ("text", "textarea")]
