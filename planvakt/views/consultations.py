"""The consultation register (høring) as politicians and the public may see it.

Entries exempt from public access are left out whole, and the responses are counted as
:mod:`planvakt.core.disclosure` says: the exempt ones are told only when they are not few,
and are otherwise left out of the count as well (the listed responses would give a total
that included them away).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from models import Consultation
from planvakt.core.disclosure import is_small, threshold


@dataclass(frozen=True)
class ResponseCount:
    """The responses a political or public reader is told of (show both counts with the
    ``small_count`` filter).

    Attributes:
        received: the public responses, and the exempt ones too when ``exempt`` is told.
        exempt: the exempt responses; None when too few to tell.
        threshold: counts below it are shown as «under N» (the sentence about exempt
            responses names it).
    """

    received: int
    exempt: int | None
    threshold: int


def disclosed(consultations: Iterable[Consultation]) -> list[Consultation]:
    """The entries a political or public document may show: every one not exempt."""
    return [c for c in consultations if not c.exempt]


def response_count(consultations: Iterable[Consultation]) -> ResponseCount:
    """How many responses a political or public document says came in."""
    entries = list(consultations)
    exempt = sum(1 for c in entries if c.exempt)
    public = sum(1 for c in disclosed(entries) if c.response_received_on is not None)
    if exempt and not is_small(exempt):
        return ResponseCount(public + exempt, exempt, threshold())
    return ResponseCount(public, None, threshold())
