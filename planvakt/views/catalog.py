"""The catalog (Katalog): the RVTS and KORUS that serve the user's municipalities, and the
national actors, from the shipped directory.

An entry whose source data carries a ``[verify]`` mark (``Actor.unverified``), and a
county-to-region mapping not confirmed by a source (``Municipality.regions_unverified``),
stay marked as not confirmed («ikke bekreftet») wherever they are shown; the mapping shows
its source (``Municipality.regions_source``), or that it has none.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Actor, Municipality

NATIONAL = "N"
_URL = re.compile(r"https?://[^\s;,()<>«»]+[^\s;,()<>«».]")


@dataclass(frozen=True)
class TextPart:
    """A piece of a source text: a link, or the words around it."""

    text: str
    link: bool = False


def linked(text: str) -> list[TextPart]:
    """``text`` cut into its links (``https://…``) and the words between them."""
    parts: list[TextPart] = []
    end = 0
    for url in _URL.finditer(text):
        if url.start() > end:
            parts.append(TextPart(text[end : url.start()]))
        parts.append(TextPart(url.group(), link=True))
        end = url.end()
    if end < len(text):
        parts.append(TextPart(text[end:]))
    return parts


@dataclass(frozen=True)
class ActorEntry:
    id: str
    name: str
    type: str
    coverage: str
    role_in_plan_work: str
    offers: str
    source: str
    unverified: bool

    @property
    def source_is_link(self) -> bool:
        return self.source.startswith(("https://", "http://"))


@dataclass(frozen=True)
class MunicipalityAdvisers:
    number: str
    name: str  # the full official name where it has one («Guovdageaidnu – Kautokeino»)
    county: str
    rvts: ActorEntry | None
    korus: ActorEntry | None
    regions_unverified: bool  # the county → RVTS/KORUS mapping is not confirmed
    regions_source: list[TextPart]  # where the mapping comes from; empty when nothing does


@dataclass(frozen=True)
class CatalogView:
    municipalities: list[MunicipalityAdvisers]
    national: list[ActorEntry]


def _entry(actor: Actor, language: str) -> ActorEntry:
    return ActorEntry(
        id=actor.id,
        name=actor.name(language),
        type=actor.type,
        coverage=actor.coverage,
        role_in_plan_work=actor.role_in_plan_work,
        offers=actor.offers,
        source=actor.source,
        unverified=actor.unverified,
    )


def catalog(session: Session, municipalities: Collection[str], language: str = "nb") -> CatalogView:
    """The advisers of ``municipalities`` (kommunenummer) and every national actor, named
    in ``language`` where the directory has it."""
    rows = session.scalars(
        select(Municipality)
        .where(Municipality.number.in_(set(municipalities)))
        .order_by(Municipality.name)
    )
    advisers = [
        MunicipalityAdvisers(
            number=m.number,
            name=m.display_name,
            county=m.county_name,
            rvts=_entry(m.rvts, language) if m.rvts else None,
            korus=_entry(m.korus, language) if m.korus else None,
            regions_unverified=m.regions_unverified,
            regions_source=linked(m.regions_source),
        )
        for m in rows
    ]
    national = [
        _entry(a, language) for a in session.scalars(select(Actor).where(Actor.level == NATIONAL))
    ]
    return CatalogView(advisers, sorted(national, key=lambda a: a.name))
