"""A measures sheet as people write it: the header found under any title rows, columns named
in bokmål, nynorsk or English, values in everyday words, every row validated.

Reading stores nothing and stops at nothing but a sheet it cannot read at all: every row
that cannot be taken is kept with its errors (row, column, value, reason), so a preview can
show it and an import can refuse the whole sheet naming each one. A row that names no
measure (no Nr, Tiltak or Ansvarlig: a «Sum» row) is skipped and listed; a blank
Innsatsområde (a merged cell, or «as above») takes the nearest one above it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated

import pydantic
from pydantic import BaseModel, BeforeValidator, ConfigDict, field_validator, model_validator

from models.dates import parse_date
from models.fields import (
    FieldProblem,
    MeasureRef,
    OptionalText,
    Progress,
    Title,
    check_deadline_after_start,
)
from models.measure import MeasureStatus, parse_measure_status
from models.privacy import find_identity_numbers
from planvakt.core.errors import Location, ValidationError
from planvakt.core.languages import N_
from planvakt.exchange.files import field_error
from planvakt.exchange.spreadsheets import read_tables, unneutralised
from planvakt.exchange.tables import (
    CellValue,
    Formula,
    ReadAs,
    Row,
    Table,
    cell_text,
    column_letter,
)

# Header names per field, in their normal form (:func:`header_key`): bokmål, nynorsk, English.
COLUMNS: dict[str, tuple[str, ...]] = {
    "ref": (
        "nr",
        "nummer",
        "id",
        "ref",
        "referanse",
        "tiltaksnummer",
        "tiltaksnr",
        "tiltakid",
        "tiltaknr",
        "lopenummer",
        "lopenr",
        "no",
        "number",
        "measureid",
    ),
    "focus_area": (
        "innsatsomrade",
        "omrade",
        "satsingsomrade",
        "satsningsomrade",
        "fokusomrade",
        "hovedomrade",
        "tema",
        "innsatsomrader",
        "focusarea",
        "area",
        "theme",
    ),
    "title": (
        "tiltak",
        "tiltaket",
        "tittel",
        "tiltaksnavn",
        "tiltaksnamn",
        "navn",
        "namn",
        "measure",
        "measures",
        "action",
        "title",
    ),
    "description": (
        "beskrivelse",
        "skildring",
        "omtale",
        "beskriving",
        "utdyping",
        "innhold",
        "innhald",
        "description",
        "details",
    ),
    "owner": (
        "ansvarlig",
        "ansvarleg",
        "ansvarligenhet",
        "ansvarlegeining",
        "ansvarligtjeneste",
        "ansvarlegteneste",
        "ansvar",
        "eier",
        "eigar",
        "tiltakseier",
        "tiltakseigar",
        "hovedansvarlig",
        "hovudansvarleg",
        "owner",
        "responsible",
        "responsibleunit",
    ),
    "partners": (
        "samarbeidspartnere",
        "samarbeidspartnarar",
        "samarbeidspartner",
        "samarbeidspartnar",
        "partnere",
        "partnarar",
        "samarbeid",
        "involverte",
        "medansvarlig",
        "medansvarleg",
        "partners",
        "partner",
    ),
    "start_date": ("start", "startdato", "oppstart", "fra", "fradato", "startdate", "from"),
    "deadline": (
        "frist",
        "tidsfrist",
        "sluttdato",
        "ferdiginnen",
        "ferdiginnan",
        "innen",
        "innan",
        "deadline",
        "duedate",
        "due",
        "enddate",
    ),
    "resources": (
        "ressurser",
        "ressursar",
        "ressurserfinansiering",
        "ressursarfinansiering",
        "finansiering",
        "budsjett",
        "kostnad",
        "okonomi",
        "resources",
        "budget",
        "funding",
        "cost",
    ),
    "indicator": (
        "indikator",
        "indikatorer",
        "indikatorar",
        "maalindikator",
        "malindikator",
        "maloppnaing",
        "resultatmal",
        "suksesskriterium",
        "suksesskriterier",
        "indicator",
        "target",
        "successcriteria",
    ),
    "status": ("status", "tilstand", "state"),
    "progress": (
        "fremdrift",
        "framdrift",
        "progresjon",
        "fremdriftprosent",
        "framdriftprosent",
        "prosent",
        "ferdigstilt",
        "progress",
        "completion",
        "percentcomplete",
    ),
}
REQUIRED = ("ref", "focus_area", "title", "owner")
# The name each field has in messages and exported sheets: bokmål, translated where shown
# (every translation is also one of the field's COLUMNS, so an exported sheet reads back).
SHOWN_HEADERS = {
    "ref": N_("Nr"),
    "focus_area": N_("Innsatsområde"),
    "title": N_("Tiltak"),
    "description": N_("Beskrivelse"),
    "owner": N_("Ansvarlig"),
    "partners": N_("Samarbeidspartnere"),
    "start_date": N_("Start"),
    "deadline": N_("Frist"),
    "resources": N_("Ressurser"),
    "indicator": N_("Indikator"),
    "status": N_("Status"),
    "progress": N_("Fremdrift"),
}
HEADER_SEARCH_ROWS = 30  # title rows a sheet may have above its header
_FIELD_OF = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# The fields that say a row is a measure: a row with none of them (a «Sum» row, a row of
# formulas) is skipped and listed, never refused.
KEY_FIELDS = ("ref", "title", "owner")
# What such a row may say in them instead (in :func:`header_key` form: «I alt:» is «ialt»).
SUM_WORDS = frozenset(
    ("sum", "summer", "totalt", "total", "ialt", "tilsammen", "samlet", "samla", "snitt")
    + ("gjennomsnitt", "average")
)


def header_key(text: str) -> str:
    """``Ansvarlig enhet (%)`` → ``ansvarligenhet``: case, spaces and punctuation ignored."""
    text = text.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in text if c.isalnum())


def header_field(text: str) -> str | None:
    """The field a header names: the whole header, else the header without its «(…)», else
    its part before a «/» (``Ansvarlig (enhet/tjeneste)`` → owner, ``Frist (dato)`` →
    deadline, ``Innsatsområde/mål`` → focus_area); None for a header no field has."""
    bare = _BRACKETED.sub(" ", text)
    for candidate in (text, bare, bare.split("/", 1)[0]):
        name = _FIELD_OF.get(header_key(candidate))
        if name is not None:
            return name
    return None


def one_line(text: str) -> str:
    """``"Ansvarlig\nenhet"`` → ``"Ansvarlig enhet"``: a cell as an error or a list quotes it."""
    return " ".join(text.split())


# --- values -------------------------------------------------------------------------------


def _date_or_none(value: object) -> object:
    if isinstance(value, str):
        return parse_date(one_line(value)) if value.strip() else None
    return value


def _status(value: object) -> object:
    if isinstance(value, str):
        return parse_measure_status(value) if value.strip() else MeasureStatus.PLANNED
    return value


def _progress(value: object) -> object:
    """``40``, ``40 %``, ``0,4`` and ``0.4`` are all 40 %; blank is 0; ``0,5 %`` is 0.5 %
    (rounded to a whole percent). What is not a number goes on to be refused as one."""
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        percent = text.endswith("%")
        text = text.removesuffix("%").replace(",", ".")
        if not text and not percent:
            return 0
        try:
            number = float(text)
        except ValueError:
            return value  # pydantic names it as not a whole number
        if not percent:
            number = _fraction_as_percent(number)
    elif isinstance(value, float):
        number = _fraction_as_percent(value)
    else:
        return value
    return round(number) if math.isfinite(number) else value


def _fraction_as_percent(number: float) -> float:
    return number * 100 if 0 < number < 1 else number


SheetDate = Annotated[date | None, BeforeValidator(_date_or_none)]


class MeasureRow(BaseModel):
    """One validated measure, as a sheet row or a form gives it."""

    model_config = ConfigDict(extra="forbid")

    ref: MeasureRef
    focus_area: Title
    title: Title
    description: OptionalText = None
    owner: Title
    partners: OptionalText = None
    start_date: SheetDate = None
    deadline: SheetDate = None
    resources: OptionalText = None
    indicator: OptionalText = None
    status: Annotated[MeasureStatus, BeforeValidator(_status)] = MeasureStatus.PLANNED
    progress: Annotated[Progress, BeforeValidator(_progress)] = 0

    @field_validator("owner")
    @classmethod
    def _owner_has_a_name(cls, value: str) -> str:
        """«!!!» or «???» names no unit: refused rather than made into a unit of that name."""
        if not any(c.isalnum() for c in value):
            raise FieldProblem(
                "sheet.owner_invalid", N_("ansvarlig må ha minst én bokstav eller ett tall")
            )
        return value

    @model_validator(mode="after")
    def _deadline_after_start(self) -> MeasureRow:
        check_deadline_after_start(self.start_date, self.deadline)
        return self


# --- the sheet ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IgnoredColumn:
    """A column whose header names no field: reported, never read."""

    letter: str
    header: str


@dataclass(frozen=True)
class SheetRow:
    """One row under the header: the measure it gives, or the errors that refuse it."""

    number: int
    measure: MeasureRow | None
    errors: list[ValidationError] = field(default_factory=list)
    ref: str = ""
    title: str = ""


@dataclass(frozen=True)
class MeasureSheet:
    """Every row of a measures sheet, read and validated; nothing stored."""

    source: str
    read_as: ReadAs
    header_row: int
    columns: dict[str, str]  # field → header as written
    ignored: list[IgnoredColumn]
    rows: list[SheetRow]
    above_header: list[ValidationError] = field(default_factory=list)  # title rows' errors
    skipped: list[int] = field(default_factory=list)  # rows that name no measure («Sum»)

    @property
    def errors(self) -> list[ValidationError]:
        return self.above_header + [e for row in self.rows for e in row.errors]

    def location(self, row: int, name: str | None, value: str | None = None) -> Location:
        """Where field ``name`` of ``row`` is: the column as its header is written."""
        column = self.columns.get(name, SHOWN_HEADERS.get(name, name)) if name else None
        shown = one_line(value) if value is not None else None
        return Location(self.source, row=row, column=column, field=name, value=shown)

    @property
    def measures(self) -> list[tuple[int, MeasureRow]]:
        return [(r.number, r.measure) for r in self.rows if r.measure is not None]


def read_measure_sheet(data: str | bytes, source: str, sheet: str | None = None) -> MeasureSheet:
    """Read a measures sheet from a workbook (the named sheet, or the first sheet that has a
    measures header) or a CSV.

    Raises:
        ValidationError: the file cannot be read, or no sheet has a header with the
            required columns (the message names them and what the best row had).
    """
    best: tuple[Table, Row, list[str | None]] | None = None
    for table in read_tables(data, source, sheet):
        found = _find_header(table)
        if found is not None and _has_required(found[1]):
            return _read_rows(table, *found)
        if found is not None and (best is None or _count(found[1]) > _count(best[2])):
            best = (table, *found)
    if best is None:
        raise ValidationError("sheet.header_missing", location=Location(source), known=_known())
    table, header, fields = best
    missing = [SHOWN_HEADERS[f] for f in REQUIRED if f not in fields]
    unknown = [
        f"«{written}»"
        for written, name in zip(_headers(header), fields, strict=False)
        if written and name is None
    ]
    if unknown:  # so that the user sees what the row has instead
        raise ValidationError(
            "sheet.column_missing_unknown",
            location=Location(source, row=header.number),
            columns=missing,
            unknown=unknown,
        )
    raise ValidationError(
        "sheet.column_missing", location=Location(source, row=header.number), columns=missing
    )


def _count(fields: list[str | None]) -> int:
    return sum(f is not None for f in fields)


def _has_required(fields: list[str | None]) -> bool:
    return all(f in fields for f in REQUIRED)


def _known() -> list[str]:
    return [SHOWN_HEADERS[f] for f in COLUMNS]


def _find_header(table: Table) -> tuple[Row, list[str | None]] | None:
    """The row among the first that names the most known columns (at least two)."""
    best: tuple[Row, list[str | None]] | None = None
    for row in table.rows[:HEADER_SEARCH_ROWS]:
        fields = [header_field(cell) if isinstance(cell, str) else None for cell in row.cells]
        if _count(fields) >= 2 and (best is None or _count(fields) > _count(best[1])):
            best = (row, fields)
    return best


def _read_rows(table: Table, header: Row, fields: list[str | None]) -> MeasureSheet:
    source = table.source
    columns: dict[str, str] = {}
    ignored: list[IgnoredColumn] = []
    headers = _headers(header)
    for index, (written, name) in enumerate(zip(headers, fields, strict=False)):
        if name is None:
            if written:
                ignored.append(IgnoredColumn(column_letter(index), written))
            continue
        if name in columns:
            raise ValidationError(
                "sheet.column_repeated",
                location=Location(source, row=header.number, column=written, field=name),
                column=written,
                first=columns[name],
            )
        columns[name] = written
    sheet = MeasureSheet(source, table.read_as, header.number, columns, ignored, rows=[])
    privacy = _privacy_errors(table, header.number, headers)
    first_row: dict[str, int] = {}
    numbers: set[int] = set()  # rows whose Nr is a number cell (1.10 and 1.1 are one number)
    area: str | None = None  # the nearest Innsatsområde above: a blank one takes it
    for row in table.rows:
        if row.number <= header.number:
            sheet.above_header.extend(privacy.get(row.number, []))
            continue
        errors = privacy.get(row.number, [])
        values = dict(zip(fields, row.cells, strict=False))
        if not errors and _names_no_measure(values):
            sheet.skipped.append(row.number)
            continue
        measure = None if errors else _measure(row, fields, sheet, errors, area)
        area = _area_below(values.get("focus_area"), area, sheet.read_as.kind == "csv")
        if _is_number(values.get("ref")):
            numbers.add(row.number)
        if measure is not None and measure.ref in first_row:
            first = first_row[measure.ref]
            errors.append(
                ValidationError(
                    "sheet.ref_repeated_number"
                    if numbers & {row.number, first}
                    else "sheet.ref_repeated",
                    location=sheet.location(row.number, "ref", measure.ref),
                    ref=measure.ref,
                    first_row=first,
                )
            )
            measure = None
        if measure is not None:
            first_row[measure.ref] = row.number
        sheet.rows.append(
            SheetRow(
                row.number,
                measure,
                errors,
                ref=_safe_text(values.get("ref")),
                title=_safe_text(values.get("title")),
            )
        )
    if not sheet.rows:
        raise ValidationError("sheet.no_measures", location=Location(source))
    return sheet


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _is_number(cell: object) -> bool:
    return isinstance(cell, int | float) and not isinstance(cell, bool)


def _names_no_measure(values: dict[str | None, CellValue]) -> bool:
    """Whether a row under the header names no measure: Nr, Tiltak and Ansvarlig are blank
    or say «Sum», «Totalt» … (a sum row, a row of formulas or numbers only)."""
    return all(
        _blank(cell) or (isinstance(cell, str) and header_key(cell) in SUM_WORDS)
        for cell in (values.get(name) for name in KEY_FIELDS)
    )


def _area_below(cell: CellValue, above: str | None, csv: bool) -> str | None:
    """The Innsatsområde a blank cell in the next rows takes: this row's, if it has one a
    measure may take (not a formula, nothing personal), else the one from above."""
    if _blank(cell) or isinstance(cell, Formula) or _personal(cell):
        return above
    text = _field_value("focus_area", cell, csv)
    return text if isinstance(text, str) else above


def _headers(header: Row) -> list[str]:
    """The header row's cells as one-line names; a header holding a fødselsnummer is
    named by nothing (its column letter stands in wherever it is named)."""
    return ["" if _personal(cell) else one_line(cell_text(cell)) for cell in header.cells]


def _personal(cell: CellValue) -> bool:
    """Whether a cell holds a fødselsnummer or D-nummer, also as a number that lost its
    leading zero (a spreadsheet shows 01018012345 typed into a number cell as 1018012345)."""
    if cell is None or isinstance(cell, date):
        return False
    text = cell_text(cell)
    if isinstance(cell, int | float) and not isinstance(cell, bool) and text.isdigit():
        text = text.zfill(11)
    return bool(find_identity_numbers(text))


def _safe_text(cell: CellValue) -> str:
    """A cell as a preview names its row (number, title): never personal data."""
    return "" if _personal(cell) else one_line(cell_text(cell))


def _privacy_errors(
    table: Table, header_row: int, headers: list[str]
) -> dict[int, list[ValidationError]]:
    """Every cell of the sheet that holds a fødselsnummer or D-nummer, by row: title rows
    and ignored columns too, since the coordinator must know the sheet holds one. A cell
    under the header is named by its column's header, any other by its column letter."""
    found: dict[int, list[ValidationError]] = {}
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            if _personal(cell):
                written = headers[index] if index < len(headers) else ""
                name = (written if row.number > header_row else "") or column_letter(index)
                found.setdefault(row.number, []).append(
                    ValidationError(
                        "privacy.national_id",
                        location=Location(table.source, row=row.number, column=name),
                        field=name,
                    )
                )
    return found


def _measure(
    row: Row,
    fields: list[str | None],
    sheet: MeasureSheet,
    errors: list[ValidationError],
    area: str | None,
) -> MeasureRow | None:
    """The row's measure, or None with its errors added; a blank Innsatsområde is ``area``."""
    values: dict[str, object] = {}
    reported: set[str] = set()  # fields already named by an error of their own
    for name, cell in zip(fields, row.cells, strict=False):
        if name is None or cell is None:
            continue
        if isinstance(cell, Formula) or (name == "ref" and isinstance(cell, date)):
            reported.add(name)
            code = "sheet.formula" if isinstance(cell, Formula) else "sheet.ref_date"
            errors.append(
                ValidationError(code, location=sheet.location(row.number, name, cell_text(cell)))
            )
            continue
        values[name] = _field_value(name, cell, sheet.read_as.kind == "csv")
    if area is not None and "focus_area" not in reported and _blank(values.get("focus_area")):
        values["focus_area"] = area
    try:
        measure = MeasureRow.model_validate(values)
    except pydantic.ValidationError as exc:
        for err in exc.errors():
            # the one check of the whole row is the deadline's: not before the start
            name = str(err["loc"][0]) if err["loc"] else "deadline"
            if name in reported:
                continue  # already named as a formula or a date
            shown = _shown(values.get(name)) if name else None
            errors.append(field_error(err, sheet.location(row.number, name, shown)))
        return None
    return None if errors else measure


def _field_value(name: str, cell: CellValue, csv: bool) -> object:
    """A cell as the field wants it: dates stay dates, progress numbers stay numbers, every
    other value is the text the spreadsheet shows. A CSV text that an export neutralised
    (``'=…``) reads back as written; a workbook's text cell is its text already."""
    if name in ("start_date", "deadline") and isinstance(cell, date):
        return cell
    if name == "progress" and isinstance(cell, int | float) and not isinstance(cell, bool):
        return cell
    text = cell_text(cell)
    return unneutralised(text) if csv else text


def _shown(value: object) -> str | None:
    """A value as an error quotes it (None when there is nothing to quote)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return str(value)
