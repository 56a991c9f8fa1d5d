"""The shipped directory: 357 municipalities with their målform, counties → RVTS/KORUS,
national actors."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Actor, Municipality
from models.directory import Malform
from planvakt.core.errors import Location, NotFoundError, ValidationError
from planvakt.core.languages import as_language, texts
from planvakt.core.resources import DATA_DIR

# "[verify]" or "[verify <what>]" (e.g. "[verify Bufdir as implementer]") in any field.
VERIFY_MARK = "[verify"


@dataclass(frozen=True)
class DirectoryCounts:
    municipalities: int
    actors: int


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def load_directory(session: Session, data_dir: Path = DATA_DIR) -> DirectoryCounts:
    """Insert or update actors and municipalities from the shipped data files.

    Idempotent: running it again changes only what differs (and audits that).
    """
    actors = {a.id: a for a in session.scalars(select(Actor))}
    for row in _rows(data_dir / "actors.csv"):
        values = {
            "level": row["level"],
            "names": {
                column.removeprefix("name_"): text
                for column, text in row.items()
                if column.startswith("name_") and text
            },
            "type": row["type"],
            "coverage": row["coverage"],
            "role_in_plan_work": row["role_in_plan_work"],
            "offers": row["offers"],
            "source": row["source"],
            "unverified": any(VERIFY_MARK in v for v in row.values()),
        }
        _upsert(session, actors, row["id"], Actor, {"id": row["id"], **values})

    regions: dict[str, dict[str, Any]] = yaml.safe_load(
        (data_dir / "regions.yaml").read_text("utf-8")
    )
    municipalities = {m.number: m for m in session.scalars(select(Municipality))}
    malforms = _malforms(data_dir / "malform.csv")
    rows = _rows(data_dir / "kommuner.csv")
    for row in rows:
        county = row["fylkesnummer"]
        region = regions.get(county)
        if region is None:
            raise ValidationError(
                "directory.county_missing", location=Location("regions.yaml"), county=county
            )
        for key in ("rvts", "korus"):
            if region[key] not in actors:
                raise ValidationError(
                    "directory.actor_unknown",
                    location=Location("regions.yaml", field=f"{county}.{key}"),
                    actor=region[key],
                )
        values = {
            "number": row["kommunenummer"],
            "name": row["kommune"],
            "county_number": county,
            "county_name": row["fylke"],
            "rvts_id": region["rvts"],
            "korus_id": region["korus"],
            "regions_unverified": bool(region.get("verify", True)),
        }
        existing = municipalities.get(row["kommunenummer"])
        if existing is None or not existing.malform_confirmed:
            # An operator's confirmed målform is never overwritten by the shipped data.
            values.update(malforms.get(row["kommunenummer"], _NO_MALFORM))
        _upsert(session, municipalities, row["kommunenummer"], Municipality, values)
    session.flush()
    return DirectoryCounts(len(rows), len(actors))


# A municipality the målform file does not list: nøytral (the plan defaults to bokmål).
_NO_MALFORM: dict[str, Any] = {
    "malform": Malform.NOYTRAL.value,
    "malform_source": "",
    "malform_confirmed": False,
}


def _malforms(path: Path) -> dict[str, dict[str, Any]]:
    """The shipped målform per kommunenummer (``malform.csv``)."""
    found: dict[str, dict[str, Any]] = {}
    for line, row in enumerate(_rows(path), start=2):
        value = row["malform"].strip()
        if value not in {m.value for m in Malform}:
            raise ValidationError(
                "municipality.malform_unknown",
                location=Location(path.name, row=line, field="malform"),
                value=value,
                allowed=[m.value for m in Malform],
            )
        found[row["kommunenummer"]] = {
            "malform": value,
            "malform_source": row["source"].strip(),
            "malform_confirmed": row["confirmed"].strip().lower() == "true",
        }
    return found


def _upsert(
    session: Session, existing: dict[str, Any], key: str, cls: type, values: dict[str, Any]
) -> None:
    obj = existing.get(key)
    if obj is None:
        obj = cls(**values)
        session.add(obj)
        existing[key] = obj
        return
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)


def set_malform(
    session: Session,
    municipality: Municipality,
    malform: str,
    *,
    source: str | None = None,
    today: date,
    language: str = "nb",
) -> Municipality:
    """Set a municipality's målform as confirmed by an operator (audited); a reload of the
    directory keeps it.

    Args:
        malform: ``bokmal``, ``nynorsk`` or ``noytral`` (also ``bokmål``, ``nøytral``).
        source: where the value comes from; by default «satt av operatør» and the date.
        today: the date of the default source.
        language: the language of the default source text (the operator's).
    """
    value = parse_malform(malform)
    if value is None:
        raise ValidationError(
            "municipality.malform_unknown", value=malform, allowed=[m.value for m in Malform]
        )
    tx = texts(as_language(language))
    municipality.malform = value.value
    municipality.malform_source = (source or "").strip() or tx.gettext(
        "satt av operatør {date}"
    ).format(date=tx.date(today, "short"))
    municipality.malform_confirmed = True
    session.flush()
    return municipality


def parse_malform(text: str) -> Malform | None:
    """``bokmal``/``bokmål``, ``nynorsk``, ``noytral``/``nøytral`` → a :class:`Malform`."""
    word = text.strip().lower().replace("å", "a").replace("ø", "o")
    return next((m for m in Malform if m.value == word), None)


def get_municipality(session: Session, number: str) -> Municipality:
    """The municipality with this kommunenummer, or a clear error."""
    municipality = session.get(Municipality, number.strip().zfill(4))
    if municipality is None:
        raise NotFoundError("municipality.not_found", number=number)
    return municipality
