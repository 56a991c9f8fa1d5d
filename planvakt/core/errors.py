"""The one error hierarchy of planvakt.

Domain code raises these; the command line prints ``str(error)`` as one line and exits
non-zero; flows let them propagate so that Prefect marks the run failed.
"""

from __future__ import annotations


class PlanvaktError(Exception):
    """Base class of every error planvakt reports to a user."""

    exit_code = 1


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
    """Input is invalid. ``location`` names file, line/row and field where known."""

    exit_code = 65

    def __init__(self, message: str, *, location: str | None = None) -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


class PrivacyError(ValidationError):
    """Free text contains personal data planvakt must never hold."""


class ImportErrors(ValidationError):
    """Several validation errors found in one file; nothing was stored."""

    def __init__(self, errors: list[ValidationError], *, source: str) -> None:
        self.errors = errors
        shown = "; ".join(_relative(e, source) for e in errors[:10])
        more = f" (+{len(errors) - 10} flere)" if len(errors) > 10 else ""
        super().__init__(
            f"{len(errors)} feil, ingenting ble lagret: {shown}{more}", location=source
        )


def _relative(error: ValidationError, source: str) -> str:
    """An error's text without the file name the summary already gives."""
    location = (error.location or "").removeprefix(source).removeprefix(", ")
    return f"{location}: {error.message}" if location else error.message
