"""The shipped directory: 357 municipalities, counties → RVTS/KORUS, national actors."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Actor, Municipality
from planvakt.core.errors import Location, NotFoundError, ValidationError
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
            "name_nb": row["name_nb"],
            "name_en": row["name_en"],
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
        _upsert(session, municipalities, row["kommunenummer"], Municipality, values)
    session.flush()
    return DirectoryCounts(len(rows), len(actors))


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


def get_municipality(session: Session, number: str) -> Municipality:
    """The municipality with this kommunenummer, or a clear error."""
    municipality = session.get(Municipality, number.strip().zfill(4))
    if municipality is None:
        raise NotFoundError("municipality.not_found", number=number)
    return municipality
