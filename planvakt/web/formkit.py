"""Plain HTML forms: what a form shows (fields with labels), reading its values, and tying
each error to the field it is about (the summary on top links to the fields).

Values are read as text and turned into dates and numbers here, so a wrong date is shown
at its field like any other error instead of failing the request. A form's words (labels,
hints, its errors) are in the language of the request that shows it: the functions that
build a :class:`FormSpec` translate its texts and give it that language.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from models.dates import parse_date
from models.fields import FieldProblem
from planvakt.core import messages
from planvakt.core.errors import PlanvaktError
from planvakt.core.languages import SOURCE, Language
from planvakt.web.deps import page

GENERAL = ""  # the key of an error that belongs to no field


@dataclass(frozen=True)
class Field:
    """One form field: ``kind`` is text, textarea, date, number, select, checkbox or secret."""

    name: str
    label: str
    kind: str = "text"
    required: bool = False
    options: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    maxlength: int | None = None


@dataclass(frozen=True)
class FormSpec:
    """A whole form: its heading, the fields in order and the submit button's words."""

    title: str
    action: str
    fields: tuple[Field, ...]
    submit: str
    intro: str = ""
    back: str = ""  # where "Avbryt" leads
    language: Language = SOURCE  # the language of its words and of its errors

    def label(self, name: str) -> str:
        return next((f.label for f in self.fields if f.name == name), name)


@dataclass
class FormInput:
    """The submitted text of a form and the errors found while reading it."""

    raw: Mapping[str, str]
    spec: FormSpec
    errors: dict[str, str] = field(default_factory=dict)

    def text(self, name: str) -> str | None:
        """The stripped text of a field, None when blank (an error if it is required)."""
        value = self.raw.get(name, "").strip()
        spec = next((f for f in self.spec.fields if f.name == name), None)
        if not value:
            if spec is not None and spec.required:
                self.errors[name] = self._message("field.missing")
            return None
        if spec is not None and spec.maxlength and len(value) > spec.maxlength:
            self.errors[name] = self._message("field.string_too_long", max_length=spec.maxlength)
        return value

    def required_text(self, name: str) -> str:
        return self.text(name) or ""

    def date(self, name: str) -> datetime.date | None:
        text = self.text(name)
        if text is None:
            return None
        try:
            return parse_date(text)
        except FieldProblem as exc:
            self.errors[name] = self._message(exc.code, **exc.params)
            return None

    def required_date(self, name: str) -> datetime.date:
        return self.date(name) or datetime.date.min

    def integer(self, name: str) -> int | None:
        text = self.text(name)
        if text is None:
            return None
        try:
            return int(text)
        except ValueError:
            self.errors[name] = self._message("field.int_parsing")
            return None

    def flag(self, name: str) -> bool:
        return self.raw.get(name, "") in ("1", "on", "true", "ja")

    @property
    def ok(self) -> bool:
        return not self.errors

    def _message(self, code: str, **params: object) -> str:
        return messages.message(code, params, self.spec.language)


async def form_values(request: Request) -> dict[str, str]:
    """The submitted fields of a form as text (files are read elsewhere)."""
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str) and k != "csrftoken"}


def errors_of(
    error: PlanvaktError,
    spec: FormSpec,
    *,
    default: str = GENERAL,
    codes: Mapping[str, str] | None = None,
    aliases: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Each error (or each error of a summary) under the field it is about.

    The field is the error's ``location.field`` (or, for the privacy guard, the field it
    names), renamed by ``aliases`` where the service's name differs from the form's; else
    the field ``codes`` gives for the error's code; else ``default``.
    """
    found: dict[str, str] = {}
    for one in error.errors or [error]:
        name = one.location.field if one.location is not None else None
        if name is None and one.code.startswith("privacy."):
            name = str(one.params.get("field", ""))
        if name:
            name = (aliases or {}).get(name, name)
        if not name or name not in {f.name for f in spec.fields}:
            name = (codes or {}).get(one.code, default)
        if one.code.startswith("privacy."):
            text = messages.message(
                "privacy.national_id", {"field": spec.label(name)}, spec.language
            )
        else:
            text = messages.error_message(one, spec.language)
        found.setdefault(name, text)
    return found


def summary(spec: FormSpec, errors: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(field id, label, message) of every error, in the order of the form's fields."""
    rows = [(f"f-{f.name}", f.label, errors[f.name]) for f in spec.fields if f.name in errors]
    if GENERAL in errors:
        rows.insert(0, ("", "", errors[GENERAL]))
    return rows


def render_form(
    request: Request,
    spec: FormSpec,
    values: Mapping[str, str],
    errors: Mapping[str, str] | None = None,
    *,
    template: str = "forms/form.html.j2",
    **context: Any,
) -> HTMLResponse:
    """The form page: 200 when shown, 422 with each error at its field after a failed POST."""
    errors = dict(errors or {})
    return page(
        request,
        template,
        422 if errors else 200,
        title=spec.title,
        form=spec,
        values=dict(values),
        errors=errors,
        error_summary=summary(spec, errors),
        **context,
    )
