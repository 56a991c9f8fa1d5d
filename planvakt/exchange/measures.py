"""Import measures (tiltak) from CSV as municipalities keep them in spreadsheets.

UTF-8 with or without BOM, comma or semicolon, dates as ``dd.mm.yyyy`` or ISO. Headers in
bokmål or English. Errors name file, row and field; one bad row stores nothing.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

import pydantic
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Measure, Plan, Service
from models.dates import parse_date
from models.fields import OptionalText, Progress, Title, check_deadline_after_start
from models.measure import MeasureStatus, parse_measure_status
from planvakt.core.errors import ImportErrors, ValidationError
from planvakt.exchange.files import describe, read_text

COLUMNS: dict[str, tuple[str, ...]] = {
    "ref": ("id", "nr", "ref", "tiltaksnummer", "tiltak_id"),
    "focus_area": ("innsatsomrade", "focus_area", "omrade"),
    "title": ("tiltak", "title", "tittel"),
    "description": ("beskrivelse", "description"),
    "owner": ("ansvarlig_enhet", "ansvarlig", "eier", "owner", "tiltakseier"),
    "partners": ("samarbeidspartnere", "partnere", "partners"),
    "start_date": ("start", "startdato", "start_date"),
    "deadline": ("frist", "deadline", "sluttdato"),
    "resources": ("ressurser", "ressurser_finansiering", "resources"),
    "indicator": ("indikator", "maal_indikator", "mal_indikator", "indicator"),
    "status": ("status",),
    "progress": ("fremdrift", "fremdrift_prosent", "progress"),
}
REQUIRED = ("ref", "focus_area", "title", "owner")
_ALIASES = {alias: field for field, aliases in COLUMNS.items() for alias in aliases}


def _normalise_header(text: str) -> str:
    text = text.strip().lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "_".join(text.replace("/", " ").replace("-", " ").replace("%", " prosent").split())


def _date_or_none(value: object) -> object:
    if isinstance(value, str):
        return parse_date(value) if value.strip() else None
    return value


def _status(value: object) -> object:
    if isinstance(value, str):
        return parse_measure_status(value) if value.strip() else MeasureStatus.PLANNED
    return value


def _progress(value: object) -> object:
    if isinstance(value, str):
        text = value.strip().rstrip("%").strip()
        return int(text) if text else 0
    return value


CsvDate = Annotated[date | None, BeforeValidator(_date_or_none)]


class MeasureRow(BaseModel):
    """One validated spreadsheet row."""

    model_config = ConfigDict(extra="forbid")

    ref: str = Field(min_length=1, max_length=20, pattern=r"^[\w.\-]+$")
    focus_area: Title
    title: Title
    description: OptionalText = None
    owner: Title
    partners: OptionalText = None
    start_date: CsvDate = None
    deadline: CsvDate = None
    resources: OptionalText = None
    indicator: OptionalText = None
    status: Annotated[MeasureStatus, BeforeValidator(_status)] = MeasureStatus.PLANNED
    progress: Annotated[Progress, BeforeValidator(_progress)] = 0

    @model_validator(mode="after")
    def _deadline_after_start(self) -> MeasureRow:
        check_deadline_after_start(self.start_date, self.deadline)
        return self


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def read_rows(path: Path) -> list[tuple[int, MeasureRow]]:
    """Read and validate every row; raise :class:`ImportErrors` listing every bad row."""
    text = read_text(path)
    source = str(path)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ValidationError("filen er tom", location=source)
    header = lines[0]
    delimiter = max((";", ",", "\t"), key=header.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    fields = _map_header(next(reader), source)
    errors: list[ValidationError] = []
    rows: list[tuple[int, MeasureRow]] = []
    first_row: dict[str, int] = {}
    for values in reader:
        row_no = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(fields):
            errors.append(
                ValidationError(
                    f"har {len(values)} kolonner, overskriften har {len(fields)}",
                    location=f"{source}, rad {row_no}",
                )
            )
            continue
        data = {f: v for f, v in zip(fields, values, strict=True) if f is not None}
        try:
            row = MeasureRow.model_validate(data)
        except pydantic.ValidationError as exc:
            for err in exc.errors():
                column = _column_name(err["loc"])
                errors.append(
                    ValidationError(describe(err), location=f"{source}, rad {row_no}{column}")
                )
            continue
        if row.ref in first_row:
            errors.append(
                ValidationError(
                    f"tiltaks-id '{row.ref}' står også i rad {first_row[row.ref]}",
                    location=f"{source}, rad {row_no}, felt 'id'",
                )
            )
            continue
        first_row[row.ref] = row_no
        rows.append((row_no, row))
    if errors:
        raise ImportErrors(errors, source=source)
    if not rows:
        raise ValidationError("filen har ingen tiltak", location=source)
    return rows


def _map_header(header: list[str], source: str) -> list[str | None]:
    fields: list[str | None] = []
    for name in header:
        normalised = _normalise_header(name)
        if not normalised:
            fields.append(None)
            continue
        field = _ALIASES.get(normalised)
        if field is None:
            known = ", ".join(aliases[0] for aliases in COLUMNS.values())
            raise ValidationError(
                f"ukjent kolonne '{name.strip()}' (kjente kolonner: {known})",
                location=f"{source}, rad 1",
            )
        if field in fields:
            raise ValidationError(
                f"kolonnen '{name.strip()}' står to ganger", location=f"{source}, rad 1"
            )
        fields.append(field)
    missing = [COLUMNS[f][0] for f in REQUIRED if f not in fields]
    if missing:
        raise ValidationError(f"mangler kolonne: {', '.join(missing)}", location=f"{source}, rad 1")
    return fields


def _column_name(loc: tuple[int | str, ...]) -> str:
    if not loc:
        return ""
    field = str(loc[0])
    return f", felt '{COLUMNS[field][0]}'" if field in COLUMNS else f", felt '{field}'"


def import_measures(session: Session, plan: Plan, path: Path) -> ImportResult:
    """Create or update the measures of the plan's current edition from a CSV file.

    A measure id (``id`` column) that already exists is updated; every change is audited.
    """
    rows = read_rows(path)
    owners = _owner_lookup(session, plan)
    errors: list[ValidationError] = []
    for row_no, row in rows:
        if _normalise_owner(row.owner) not in owners:
            known = ", ".join(sorted({s.key for s in owners.values()}))
            errors.append(
                ValidationError(
                    f"ukjent tjeneste '{row.owner}' (kjente: {known})",
                    location=f"{path}, rad {row_no}, felt 'ansvarlig_enhet'",
                )
            )
    if errors:
        raise ImportErrors(errors, source=str(path))

    edition = plan.current_edition
    existing = {m.ref: m for m in edition.measures}
    created = updated = 0
    for _, row in rows:
        values = row.model_dump(exclude={"owner"})
        values["status"] = row.status.value
        owner = owners[_normalise_owner(row.owner)]
        measure = existing.get(row.ref)
        if measure is None:
            edition.measures.append(Measure(owner=owner, **values))
            created += 1
            continue
        changed = False
        for name, value in {**values, "owner_service_id": owner.id}.items():
            if getattr(measure, name) != value:
                setattr(measure, name, value)
                changed = True
        if changed:
            measure.owner = owner
            updated += 1
    session.flush()
    return ImportResult(created, updated)


def _normalise_owner(text: str) -> str:
    return " ".join(text.lower().split())


def _owner_lookup(session: Session, plan: Plan) -> dict[str, Service]:
    """Services of the plan's municipalities by key and by name (lead municipality wins)."""
    lookup: dict[str, Service] = {}
    for municipality in reversed(plan.municipalities):
        for service in session.scalars(
            select(Service).where(Service.municipality_number == municipality.number)
        ):
            lookup[_normalise_owner(service.key)] = service
            lookup[_normalise_owner(service.name)] = service
    return lookup
