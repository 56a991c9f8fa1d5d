"""The shipped directory: 357 municipalities with their målform and official names in
several languages, counties → RVTS/KORUS with their sources, national actors."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Actor, Municipality
from models.directory import Malform
from planvakt.core.errors import Location, NotFoundError, ValidationError
from planvakt.core.languages import as_language, texts
from planvakt.core.resources import DATA_DIR
from planvakt.services.directory_names import (
    SEPARATOR,
    check_official_name,
    match_name,
    read_official_names,
)
from planvakt.services.directory_regions import read_regions

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

    Municipalities get their county's RVTS/KORUS with the mapping's source
    (``regions.yaml``), their målform (``malform.csv``) and their full official name where
    it has several forms (``official_names.csv``); a målform or an official name an operator
    confirmed is kept. A data file that does not hold together is refused with the row or
    field that is wrong. Idempotent: running it again changes only what differs (and
    audits that).
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

    regions = read_regions(data_dir / "regions.yaml", actors)
    municipalities = {m.number: m for m in session.scalars(select(Municipality))}
    malforms = _malforms(data_dir / "malform.csv")
    rows = _rows(data_dir / "kommuner.csv")
    official_names = read_official_names(
        data_dir / "official_names.csv", {row["kommunenummer"]: row["kommune"] for row in rows}
    )
    for row in rows:
        number, county = row["kommunenummer"], row["fylkesnummer"]
        region = regions.get(county)
        if region is None:
            raise ValidationError(
                "directory.county_missing", location=Location("regions.yaml"), county=county
            )
        values = {
            "number": number,
            "name": row["kommune"],
            "county_number": county,
            "county_name": row["fylke"],
            "rvts_id": region.rvts,
            "korus_id": region.korus,
            "regions_unverified": region.unverified,
            "regions_source": region.source_text,
        }
        existing = municipalities.get(number)
        # What an operator confirmed is never overwritten by the shipped data.
        if existing is None or not existing.malform_confirmed:
            values.update(malforms.get(number, _NO_MALFORM))
        if existing is None or not existing.official_name_confirmed:
            official = official_names.get(number)
            values["official_name"] = official.official_name if official else None
        _upsert(session, municipalities, number, Municipality, values)
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


def set_official_name(session: Session, municipality: Municipality, name: str) -> Municipality:
    """Set a municipality's full official name as confirmed by an operator (audited); a
    reload of the directory keeps it.

    Args:
        name: the forms joined by dashes («Guovdageaidnu – Kautokeino»); one of them must be
            the municipality's name. The name alone means it has no other official form.
    """
    official = check_official_name(name, municipality.name)
    municipality.official_name = None if SEPARATOR not in official else official
    municipality.official_name_confirmed = True
    session.flush()
    return municipality


def get_municipality(session: Session, key: str) -> Municipality:
    """The municipality with this kommunenummer («5612», «301») or one of its official names
    («Kautokeino», «Guovdageaidnu», «guovdageaidnu – kautokeino»; diacritics may be left
    out where that leaves one municipality: «Snasa»), or a clear error.

    This is the one lookup of a municipality a user names: the command line, plan creation
    and the web dashboard all go through it.
    """
    text = key.strip()
    if text.isdigit():
        municipality = session.get(Municipality, text.zfill(4))
        if municipality is None:
            raise NotFoundError("municipality.not_found", number=key)
        return municipality
    found = match_name(text, session.scalars(select(Municipality)))
    if not found:
        raise NotFoundError("municipality.name_not_found", name=text)
    if len(found) > 1:
        raise ValidationError(
            "municipality.ambiguous",
            name=text,
            candidates=[f"{m.number} {m.display_name}" for m in found],
        )
    return found[0]
