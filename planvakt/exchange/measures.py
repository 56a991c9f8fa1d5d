"""Measures (tiltak) in and out of spreadsheets: preview, all-or-nothing import, export.

:func:`preview_measures` says row by row what an import would add, change, leave alone or
refuse; :func:`import_measures` does exactly that or, if any row is refused, nothing, and
raises every error at once. :func:`export_measures` writes the sheet that imports back
without changes. The dashboard's upload and the command line share these functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from models import Measure, Plan, Service
from models.measure import MEASURE_STATUS_NAMES, MeasureStatus
from planvakt.core import messages
from planvakt.core.errors import ImportErrors, ValidationError
from planvakt.core.languages import Language, Texts, as_language, texts
from planvakt.exchange.measure_sheet import (
    SHOWN_HEADERS,
    IgnoredColumn,
    MeasureRow,
    MeasureSheet,
    read_measure_sheet,
)
from planvakt.exchange.spreadsheets import read_limited, write_sheet
from planvakt.exchange.tables import ReadAs
from planvakt.exchange.units import UnitLookup, normal_name, shown_owner, unit_lookup
from planvakt.exchange.workbooks import Column

__all__ = [
    "ImportReport",
    "MeasureRow",
    "export_measures",
    "import_measures",
    "import_measures_file",
    "preview_measures",
]


@dataclass(frozen=True)
class FieldChange:
    """One field an import would change: its name and the old and new value as text."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class RowOutcome:
    """What the import does with one row: ``new``, ``changed``, ``unchanged`` or ``refused``."""

    row: int
    ref: str
    title: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    errors: list[ValidationError] = field(default_factory=list)


@dataclass(frozen=True)
class ImportReport:
    """What an import of one sheet does (or, for a preview, would do) to one plan."""

    source: str
    read_as: ReadAs
    header_row: int
    ignored: list[IgnoredColumn]
    new_units: list[str]  # units the sheet names that the directory did not know
    rows: list[RowOutcome]
    untouched: int  # measures of the plan that the sheet does not name (left as they are)
    errors: list[ValidationError] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # rows that name no measure («Sum»)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def created(self) -> int:
        return self.count("new")

    @property
    def updated(self) -> int:
        return self.count("changed")


def preview_measures(
    session: Session, plan: Plan, data: str | bytes, source: str, sheet: str | None = None
) -> ImportReport:
    """What importing the sheet would do, row by row, refused rows included; stores nothing.

    Raises:
        ValidationError: only when the file cannot be read as a measures sheet at all.
    """
    report, _ = _plan_import(session, plan, read_measure_sheet(data, source, sheet))
    return report


def import_measures(
    session: Session, plan: Plan, data: str | bytes, source: str, sheet: str | None = None
) -> ImportReport:
    """Create or update the measures of the plan's current edition from a sheet, all or
    nothing; create the units it names that the directory does not know.

    A measure whose number (``Nr``) exists is updated in the fields the sheet has a column
    for (a blank cell clears its field; a column the sheet lacks leaves it as it is); a new
    measure gets the defaults for the columns the sheet lacks. Every change is audited. The
    caller owns the transaction.

    Args:
        session: the caller's session (not committed here).
        plan: the plan whose current edition receives the measures.
        data: the sheet: .xlsx bytes, or CSV as bytes or text.
        source: its name in errors (file or upload name).
        sheet: the workbook sheet to read; by default the first with a measures header.

    Raises:
        ImportErrors: every refused row's errors, each with row, column and value.
    """
    report, rows = _plan_import(session, plan, read_measure_sheet(data, source, sheet))
    if report.errors:
        raise ImportErrors(report.errors, source=source)
    _apply(session, plan, rows)
    return report


def import_measures_file(
    session: Session, plan: Plan, path: Path, sheet: str | None = None
) -> ImportReport:
    """:func:`import_measures` from a file (read only up to the stated size limit)."""
    return import_measures(session, plan, read_limited(path), str(path), sheet)


@dataclass(frozen=True)
class _Planned:
    row: MeasureRow
    owner: Service | str  # a known service, or the name of a unit to create
    existing: Measure | None
    present: frozenset[str]  # the fields the sheet has a column for


_DATES = ("start_date", "deadline")


def _plan_import(
    session: Session, plan: Plan, sheet: MeasureSheet
) -> tuple[ImportReport, tuple[UnitLookup, list[_Planned]]]:
    lookup = unit_lookup(session, plan)
    existing = {m.ref: m for m in plan.current_edition.measures}
    present = frozenset(sheet.columns)
    outcomes: list[RowOutcome] = []
    planned: list[_Planned] = []
    clashes: list[ValidationError] = []
    for sheet_row in sheet.rows:
        if sheet_row.measure is None:
            outcomes.append(
                RowOutcome(
                    sheet_row.number,
                    sheet_row.ref,
                    sheet_row.title,
                    "refused",
                    errors=sheet_row.errors,
                )
            )
            continue
        row = sheet_row.measure
        measure = existing.get(row.ref)
        clash = None if measure is None else _dates_clash(sheet, sheet_row.number, row, measure)
        if clash is not None:
            clashes.append(clash)
            outcomes.append(
                RowOutcome(sheet_row.number, row.ref, row.title, "refused", errors=[clash])
            )
            continue
        owner = lookup.resolve(row.owner)
        planned.append(_Planned(row, owner, measure, present))
        if measure is None:
            outcomes.append(RowOutcome(sheet_row.number, row.ref, row.title, "new"))
            continue
        changes = _changes(measure, row, owner, present)
        action = "changed" if changes else "unchanged"
        outcomes.append(RowOutcome(sheet_row.number, row.ref, row.title, action, changes))
    named = {p.row.ref for p in planned} | {o.ref for o in outcomes if o.ref}
    report = ImportReport(
        source=sheet.source,
        read_as=sheet.read_as,
        header_row=sheet.header_row,
        ignored=sheet.ignored,
        new_units=list(lookup.new.values()),
        rows=outcomes,
        untouched=sum(1 for ref in existing if ref not in named),
        errors=sheet.errors + clashes,
        skipped=sheet.skipped,
    )
    return report, (lookup, planned)


def _dates_clash(
    sheet: MeasureSheet, number: int, row: MeasureRow, measure: Measure
) -> ValidationError | None:
    """A sheet with a Frist column but no Start (or the reverse) keeps the measure's other
    date: the error if the deadline would then come before the start."""
    kept = [name for name in _DATES if name not in sheet.columns]
    if len(kept) != 1:
        return None  # both dates come from the row (checked there) or neither changes
    start = measure.start_date if "start_date" in kept else row.start_date
    deadline = measure.deadline if "deadline" in kept else row.deadline
    if start is None or deadline is None or deadline >= start:
        return None
    name = "deadline" if "start_date" in kept else "start_date"
    value = deadline if name == "deadline" else start
    return ValidationError(
        "measure.deadline_before_start",
        location=sheet.location(number, name, f"{value:%d.%m.%Y}"),
        deadline=deadline,
        start=start,
    )


def _columns(row: MeasureRow, present: frozenset[str] | None = None) -> dict[str, object]:
    """The measure's stored values from the row: every field, or only those in ``present``
    (an existing measure keeps the fields the sheet has no column for)."""
    values = row.model_dump(exclude={"owner"})
    values["status"] = row.status.value
    if present is None:
        return values
    return {name: value for name, value in values.items() if name in present}


def _changes(
    measure: Measure, row: MeasureRow, owner: Service | str, present: frozenset[str]
) -> list[FieldChange]:
    changes = [
        FieldChange(name, _shown(getattr(measure, name)), _shown(value))
        for name, value in _columns(row, present).items()
        if getattr(measure, name) != value
    ]
    if isinstance(owner, str) or measure.owner_service_id != owner.id:
        new_name = owner if isinstance(owner, str) else owner.name
        changes.append(FieldChange("owner", measure.owner.name, new_name))
    return changes


_STATUS_VALUES = {s.value for s in MeasureStatus}


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, str) and value in _STATUS_VALUES:
        return MEASURE_STATUS_NAMES[MeasureStatus(value)]  # bokmål: the edge translates it
    return str(value)


def _apply(session: Session, plan: Plan, planned: tuple[UnitLookup, list[_Planned]]) -> None:
    lookup, rows = planned
    created = lookup.create_new(session)
    edition = plan.current_edition
    for item in rows:
        owner = item.owner if isinstance(item.owner, Service) else created[normal_name(item.owner)]
        values = _columns(item.row, None if item.existing is None else item.present)
        if item.existing is None:
            edition.measures.append(Measure(owner=owner, **values))
            continue
        for name, value in values.items():
            if getattr(item.existing, name) != value:
                setattr(item.existing, name, value)
        if item.existing.owner_service_id != owner.id:
            item.existing.owner = owner
    session.flush()


DELIMITER_WORDS = {";": "read_as.semicolon", ",": "read_as.comma", "\t": "read_as.tab"}


def describe_read_as(read_as: ReadAs, language: Language) -> str:
    """``CSV, Windows-1252, semikolon`` or ``Excel-arbeidsbok, arket «Tiltak»``."""
    if read_as.kind == "xlsx":
        return messages.message("read_as.xlsx", {"sheet": read_as.sheet}, language)
    delimiter = messages.message(DELIMITER_WORDS[read_as.delimiter or ";"], {}, language)
    return messages.message(
        "read_as.csv", {"encoding": read_as.encoding, "delimiter": delimiter}, language
    )


# --- export -------------------------------------------------------------------------------

# field → (width, kind) of its exported column; the header is the field's shown name.
EXPORT_COLUMNS: tuple[tuple[str, int | None, str], ...] = (
    ("ref", None, "text"),
    ("focus_area", None, "text"),
    ("title", None, "text"),
    ("description", 60, "text"),
    ("owner", None, "text"),
    ("partners", None, "text"),
    ("start_date", None, "date"),
    ("deadline", None, "date"),
    ("resources", None, "text"),
    ("indicator", None, "text"),
    ("status", None, "text"),
    ("progress", None, "percent"),
)


def export_columns(tx: Texts) -> list[Column]:
    """The exported sheet's columns, headed in the language of ``tx``."""
    return [
        Column(tx.gettext(SHOWN_HEADERS[name]), kind=kind, width=width)
        for name, width, kind in EXPORT_COLUMNS
    ]


def export_measures(session: Session, plan: Plan, fmt: str) -> bytes:
    """The measures of the plan's current edition as an .xlsx (``fmt="xlsx"``) or CSV sheet,
    in the order of their numbers (``T2`` before ``T10``), headed and worded in the plan's
    language (every header and status word reads back on import)."""
    tx = texts(as_language(plan.language))
    lookup = unit_lookup(session, plan)
    measures = sorted(plan.current_edition.measures, key=lambda m: _natural(m.ref))
    rows = [[_cell(m, name, lookup, tx) for name, _, _ in EXPORT_COLUMNS] for m in measures]
    return write_sheet(fmt, tx.gettext("Tiltak"), export_columns(tx), rows)


def _cell(measure: Measure, name: str, lookup: UnitLookup, tx: Texts) -> object:
    if name == "owner":
        return shown_owner(measure.owner, lookup)
    if name == "status":
        return tx.gettext(MEASURE_STATUS_NAMES[MeasureStatus(measure.status)])
    return getattr(measure, name)


def _natural(ref: str) -> list[tuple[int, int | str]]:
    return [(0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", ref) if p]
