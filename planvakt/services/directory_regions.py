"""``regions.yaml``: which RVTS and KORUS serve a county, and where that comes from.

A mapping is confirmed only when a source names both centres and the file does not mark it
``verify: true``; without a source it stays unverified whatever ``verify`` says. The sources
(and the note saying why a sourced mapping is still doubtful) become the municipality's
``regions_source``: empty when nothing sources the mapping.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from pydantic import BaseModel, ConfigDict, RootModel

from planvakt.core.errors import Location, ValidationError
from planvakt.exchange.files import load_file

# The centres of a mapping, with the label their source gets in ``regions_source``.
CENTRES = (("rvts", "RVTS"), ("korus", "KORUS"))


class Sources(BaseModel):
    """Where the county's RVTS and its KORUS mapping come from (a URL and what it says)."""

    model_config = ConfigDict(extra="forbid")

    rvts: str = ""
    korus: str = ""


class Region(BaseModel):
    """One county's mapping."""

    model_config = ConfigDict(extra="forbid")

    county: str
    rvts: str
    korus: str
    source: Sources = Sources()
    verify: bool = True
    note: str = ""

    @property
    def unverified(self) -> bool:
        """Marked for checking, or a centre without a source."""
        return self.verify or not all(getattr(self.source, key).strip() for key, _ in CENTRES)

    @property
    def source_text(self) -> str:
        """``RVTS: …; KORUS: …`` and the note; empty when no centre has a source (a centre
        without one says «ingen kilde», data like the sources themselves)."""
        texts = [(label, getattr(self.source, key).strip()) for key, label in CENTRES]
        if not any(text for _, text in texts):
            return ""
        parts = [f"{label}: {text or 'ingen kilde'}" for label, text in texts]
        note = self.note.strip()
        return "; ".join(parts) + (f" — {note}" if note else "")


class RegionsFile(RootModel[dict[str, Region]]):
    """The whole file: fylkesnummer → mapping."""


def read_regions(path: Path, actors: Collection[str]) -> dict[str, Region]:
    """The mappings per fylkesnummer; an unknown actor id is an error naming the county."""
    regions = load_file(path, RegionsFile).root
    for county, region in regions.items():
        for key, _ in CENTRES:
            if getattr(region, key) not in actors:
                raise ValidationError(
                    "directory.actor_unknown",
                    location=Location(path.name, field=f"{county}.{key}"),
                    actor=getattr(region, key),
                )
    return regions
