"""Errors in words at the command line's edge: one line on stderr, in the user's language."""

from __future__ import annotations

from planvakt.core.errors import PlanvaktError
from planvakt.core.i18n import t
from planvakt.core.messages import error_text
from planvakt.core.settings import get_settings


def render_error(exc: PlanvaktError) -> str:
    """The one line the command line prints for ``exc`` (without the newline).

    ``planvakt: feil: tiltak.csv, rad 3, felt 'frist': ugyldig dato …``. Invalid settings
    must still print their own error, so the language falls back to bokmål then.
    """
    try:
        language, word = get_settings().language, t("error")
    except PlanvaktError:
        language, word = "nb", "feil"
    return f"planvakt: {word}: {error_text(exc, language)}"
