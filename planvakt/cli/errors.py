"""Errors in words at the command line's edge: one line on stderr, in the command's language."""

from __future__ import annotations

from planvakt.cli.language import Words
from planvakt.core.errors import PlanvaktError


def render_error(exc: PlanvaktError, w: Words) -> str:
    """The one line the command line prints for ``exc`` (without the newline).

    ``planvakt: feil: tiltak.csv, rad 3, felt 'frist': ugyldig dato …``.
    """
    return w._("planvakt: feil: {message}", message=w.error(exc))
