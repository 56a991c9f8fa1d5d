"""The one error hierarchy of planvakt.

Every error carries a stable ``code`` (``plan.not_found``), the ``params`` its message needs
and, where known, a :class:`Location` as data. Words come only from
:mod:`planvakt.core.messages`: ``str(error)`` is the bokmål line the command line prints, a
web form marks ``error.location.field``, and the JSON API sends
:func:`planvakt.core.messages.error_payload`. Flows let errors propagate so that Prefect marks
the run failed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from planvakt.core import messages
from planvakt.core.languages import SOURCE

_CODE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")


@dataclass(frozen=True)
class Location:
    """Where in the user's input an error is.

    Attributes:
        source: the file or upload name (``tiltak.csv``).
        line: 1-based line in a text document (YAML, JSON).
        row: 1-based row of a spreadsheet (the header is row 1).
        column: the spreadsheet column as its header names it.
        field: the field path in the data (``editions.0.measures.1.deadline``) or the field
            a row column maps to (``deadline``): what a form marks.
        value: the value as the user wrote it, when quoting it helps (never personal data).
    """

    source: str | None = None
    line: int | None = None
    row: int | None = None
    column: str | None = None
    field: str | None = None
    value: str | None = None


class PlanvaktError(Exception):
    """Base class of every error planvakt reports to a user.

    Args:
        code: a dotted code from the message table (``plan.not_found``). A text that is not a
            code is accepted as the message itself (code ``text``) for raise sites that have
            not been given a code yet.
        location: where in the input the error is, if it is about input (a text is taken
            as the source, for the same raise sites).
        **params: the values the message names.
    """

    exit_code = 1
    errors: Sequence[PlanvaktError] = ()  # the individual errors a summary stands for

    def __init__(
        self, code: str, /, *, location: Location | str | None = None, **params: object
    ) -> None:
        if _CODE.fullmatch(code) is None:
            code, params = "text", {"text": code, **params}
        self.code = code
        self.params: dict[str, object] = dict(params)
        # A text location is what raise sites without a code still pass: it names the source.
        self.location = Location(source=location) if isinstance(location, str) else location
        super().__init__(code)

    @property
    def message(self) -> str:
        """The bokmål message without its location (what a form shows beside the field)."""
        return messages.error_message(self, SOURCE)

    def __str__(self) -> str:
        return messages.error_text(self, SOURCE)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.code!r}, location={self.location!r}, **{self.params!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from state, not from __init__ arguments, so errors survive pickling
        # (task results, worker processes) with their code, params and location.
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(cls: type[PlanvaktError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class SettingsError(PlanvaktError):
    """A configuration value (environment or .env) is invalid."""

    exit_code = 78


class NotFoundError(PlanvaktError):
    """Something named by the user does not exist (plan, municipality, service …)."""

    exit_code = 4


class ConflictError(PlanvaktError):
    """The request conflicts with what is stored (duplicate key, wrong state)."""

    exit_code = 5


class ValidationError(PlanvaktError):
    """Input is invalid; ``location`` names file, line or row, column and field where known."""

    exit_code = 65


class PrivacyError(ValidationError):
    """Free text contains personal data planvakt must never hold."""


class ImportErrors(ValidationError):
    """Several validation errors found in one input; nothing was stored.

    Args:
        errors: every error found, each with its own location.
        source: the file or upload name.
    """

    def __init__(self, errors: Sequence[ValidationError], *, source: str) -> None:
        super().__init__("import.failed", location=Location(source=source))
        self.errors = list(errors)
