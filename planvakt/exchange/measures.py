"""Import measures (tiltak) from CSV as municipalities keep them in spreadsheets.

UTF-8 with or without BOM, comma or semicolon, dates as ``dd.mm.yyyy`` or ISO. Headers in
bokmål or English. The sheet arrives as text or bytes plus a source name (file or upload).
Errors carry the source, row, column and field as data; one bad row stores nothing.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
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
from planvakt.core.errors import ImportErrors, Location, ValidationError
from planvakt.exchange.files import decode, field_error, read_file

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
    # "40 %" → "40"; pydantic then parses the number, or reports int_parsing for "mye".
    if isinstance(value, str):
        text = value.strip().rstrip("%").strip()
        return text or 0
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


@dataclass(frozen=True)
class Sheet:
    """The validated rows of one spreadsheet and the header names its columns have."""

    source: str
    rows: list[tuple[int, MeasureRow]]
    columns: dict[str, str] = field(default_factory=dict)  # field → header as written

    def location(self, row: int, name: str | None = None) -> Location:
        """The location of field ``name`` (of :class:`MeasureRow`) in ``row``."""
        column = self.columns.get(name, COLUMNS[name][0]) if name in COLUMNS else name
        return Location(self.source, row=row, column=column, field=name)


def read_sheet(data: str | bytes, source: str) -> Sheet:
    """Read and validate every row; raise :class:`ImportErrors` listing every bad row.

    Args:
        data: the CSV as text or UTF-8 bytes (a BOM is allowed).
        source: its name in error locations (file or upload name).
    """
    text = decode(data, source)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ValidationError("file.empty", location=Location(source))
    delimiter = max((";", ",", "\t"), key=lines[0].count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader)
    fields = _map_header(header, source)
    sheet = Sheet(
        source,
        rows=[],
        columns={f: name.strip() for f, name in zip(fields, header, strict=True) if f},
    )
    errors: list[ValidationError] = []
    first_row: dict[str, int] = {}
    for values in reader:
        row_no = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(fields):
            errors.append(
                ValidationError(
                    "csv.column_count",
                    location=sheet.location(row_no),
                    count=len(values),
                    expected=len(fields),
                )
            )
            continue
        data_row = {f: v for f, v in zip(fields, values, strict=True) if f is not None}
        try:
            row = MeasureRow.model_validate(data_row)
        except pydantic.ValidationError as exc:
            for err in exc.errors():
                name = str(err["loc"][0]) if err["loc"] else None
                errors.append(field_error(err, sheet.location(row_no, name)))
            continue
        if row.ref in first_row:
            errors.append(
                ValidationError(
                    "csv.ref_repeated",
                    location=sheet.location(row_no, "ref"),
                    ref=row.ref,
                    first_row=first_row[row.ref],
                )
            )
            continue
        first_row[row.ref] = row_no
        sheet.rows.append((row_no, row))
    if errors:
        raise ImportErrors(errors, source=source)
    if not sheet.rows:
        raise ValidationError("csv.no_measures", location=Location(source))
    return sheet


def _map_header(header: list[str], source: str) -> list[str | None]:
    fields: list[str | None] = []
    for name in header:
        normalised = _normalise_header(name)
        if not normalised:
            fields.append(None)
            continue
        where = Location(source, row=1, column=name.strip())
        field_name = _ALIASES.get(normalised)
        if field_name is None:
            known = [aliases[0] for aliases in COLUMNS.values()]
            raise ValidationError(
                "csv.column_unknown", location=where, column=name.strip(), known=known
            )
        if field_name in fields:
            raise ValidationError(
                "csv.column_repeated",
                location=Location(source, row=1, column=name.strip(), field=field_name),
                column=name.strip(),
            )
        fields.append(field_name)
    missing = [COLUMNS[f][0] for f in REQUIRED if f not in fields]
    if missing:
        raise ValidationError(
            "csv.column_missing", location=Location(source, row=1), columns=missing
        )
    return fields


def import_measures(session: Session, plan: Plan, data: str | bytes, source: str) -> ImportResult:
    """Create or update the measures of the plan's current edition from a CSV sheet.

    A measure id (``id`` column) that already exists is updated; every change is audited.

    Args:
        session: the caller's session (not committed here).
        plan: the plan whose current edition receives the measures.
        data: the CSV as text or UTF-8 bytes.
        source: its name in error locations (file or upload name).
    """
    sheet, owners = _checked_sheet(session, plan, data, source)
    rows = sheet.rows
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


def _checked_sheet(
    session: Session, plan: Plan, data: str | bytes, source: str
) -> tuple[Sheet, dict[str, Service]]:
    """The validated sheet and the owner lookup; every unknown owner is an error."""
    sheet = read_sheet(data, source)
    owners = _owner_lookup(session, plan)
    errors: list[ValidationError] = []
    for row_no, row in sheet.rows:
        if _normalise_owner(row.owner) not in owners:
            errors.append(
                ValidationError(
                    "csv.owner_unknown",
                    location=sheet.location(row_no, "owner"),
                    owner=row.owner,
                    known=sorted({s.key for s in owners.values()}),
                )
            )
    if errors:
        raise ImportErrors(errors, source=source)
    return sheet, owners


@dataclass(frozen=True)
class FieldChange:
    """One field an import would change: its name and the old and new value as text."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class PreviewRow:
    """What an import would do to one measure: ``new``, ``changed`` or ``unchanged``."""

    row: int
    ref: str
    title: str
    action: str
    changes: list[FieldChange]


@dataclass(frozen=True)
class ImportPreview:
    """What :func:`import_measures` would do with a sheet; nothing is stored."""

    source: str
    rows: list[PreviewRow]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return str(value)


def preview_measures(session: Session, plan: Plan, data: str | bytes, source: str) -> ImportPreview:
    """What importing the sheet would create and change, validated exactly as
    :func:`import_measures` validates it, without changing anything.

    Raises:
        ImportErrors: the same errors the import would raise, each with row and column.
    """
    sheet, owners = _checked_sheet(session, plan, data, source)
    existing = {m.ref: m for m in plan.current_edition.measures}
    rows = []
    for row_no, row in sheet.rows:
        owner = owners[_normalise_owner(row.owner)]
        measure = existing.get(row.ref)
        if measure is None:
            rows.append(PreviewRow(row_no, row.ref, row.title, "new", []))
            continue
        values = row.model_dump(exclude={"owner"})
        values["status"] = row.status.value
        changes = [
            FieldChange(name, _shown(getattr(measure, name)), _shown(value))
            for name, value in values.items()
            if getattr(measure, name) != value
        ]
        if measure.owner_service_id != owner.id:
            changes.append(FieldChange("owner", measure.owner.name, owner.name))
        rows.append(
            PreviewRow(row_no, row.ref, row.title, "changed" if changes else "unchanged", changes)
        )
    return ImportPreview(source, rows)


def import_measures_file(session: Session, plan: Plan, path: Path) -> ImportResult:
    """:func:`import_measures` from a CSV file."""
    return import_measures(session, plan, read_file(path), str(path))


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
