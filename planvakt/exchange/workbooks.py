"""Excel workbooks (.xlsx) in and out with openpyxl, hostile files kept out.

Reading: the zip's members are counted and their unpacked sizes summed before anything is
unpacked (Python's zip reader never unpacks more than a member declares), every XML member
that declares a DOCTYPE is refused before openpyxl sees it (Office never writes one; it is
how entity-expansion bombs start), sheet XML is parsed through defusedxml, the sheet is
streamed in read-only mode (rows a sheet skips cost nothing), and formulas are seen as
formulas (never evaluated). Dates come as dates, numbers as numbers; a number formatted as
a percentage comes as the text Excel shows (``40 %``).

Writing: a header row in bold, frozen, with a filter; column widths from the content; dates
as real dates; text that Excel would read as a formula is stored as text.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import openpyxl
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.cell.read_only import EMPTY_CELL
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from models.privacy import find_identity_numbers
from planvakt.core.errors import Location, PrivacyError, ValidationError
from planvakt.exchange.tables import (
    MAX_COLUMNS,
    MAX_PART_BYTES,
    MAX_RELATIONSHIPS_BYTES,
    MAX_SHARED_STRINGS_BYTES,
    MAX_SHEET_XML_BYTES,
    MAX_STYLES_BYTES,
    MAX_UNPACKED_BYTES,
    MAX_ZIP_MEMBERS,
    MIB,
    CellValue,
    Formula,
    ReadAs,
    Row,
    ShownNumber,
    Table,
    check_cell_length,
    check_row_number,
)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XML_SUFFIXES = (".xml", ".rels", ".vml")
CONTENT_TYPES = "[Content_Types].xml"
SHEET_NAME = "arknavn"  # what a privacy error names when a sheet's name holds a fødselsnummer
FIXED_DECIMALS = re.compile(r"0\.(0+)")  # a number format that shows that many decimals


def read_workbook(data: bytes, source: str, sheet: str | None) -> Iterator[Table]:
    """Each sheet of the workbook in order, or only the one named ``sheet``.

    Raises:
        ValidationError: the workbook breaks a limit or cannot be read; a sheet name (or
            the name asked for) holds a fødselsnummer (``privacy.national_id``, naming
            neither the sheet nor the number).
    """
    if sheet is not None:
        _refuse_personal_name(sheet, source)
    _check_archive(data, source)
    try:
        book = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception as exc:  # noqa: BLE001 - any failure of a hostile file is one answer
        raise _invalid(source, exc) from None
    try:
        names = list(book.sheetnames)
        for name in names:
            _refuse_personal_name(name, source)
        if sheet is not None and sheet not in names:
            raise ValidationError(
                "sheet.not_found", location=Location(source), sheet=sheet, sheets=names
            )
        for name in [sheet] if sheet is not None else names:
            worksheet = book[name]
            if not hasattr(worksheet, "iter_rows"):  # a chart sheet
                continue
            yield Table(source, ReadAs("xlsx", sheet=name), list(_rows(worksheet, source)))
    finally:
        book.close()


def _refuse_personal_name(name: str, source: str) -> None:
    """A sheet named after a person («Elev 15108695088») is never read, shown or echoed."""
    if find_identity_numbers(name):
        raise PrivacyError("privacy.national_id", location=Location(source), field=SHEET_NAME)


def _check_archive(data: bytes, source: str) -> None:
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise ValidationError("sheet.not_xlsx", location=Location(source)) from None
    unpacked = sum(m.file_size for m in members)
    if len(members) > MAX_ZIP_MEMBERS or unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            "sheet.unpacked_too_large",
            location=Location(source),
            max_mb=MAX_UNPACKED_BYTES // (1024 * 1024),
        )
    if not any(m.filename == "xl/workbook.xml" for m in members):
        raise ValidationError("sheet.not_xlsx", location=Location(source))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in members:
            if member.filename.lower().endswith(XML_SUFFIXES):
                _refuse_doctype(archive, member, source)
        _check_parts(archive, members, source)


# The parts openpyxl reads whole (not streamed), by name, and the most each may unpack to.
PART_LIMITS = {
    "xl/styles.xml": MAX_STYLES_BYTES,
    "xl/sharedstrings.xml": MAX_SHARED_STRINGS_BYTES,
    "xl/workbook.xml": MAX_PART_BYTES,
    CONTENT_TYPES.lower(): MAX_PART_BYTES,
    "xl/_rels/workbook.xml.rels": MAX_PART_BYTES,
    "docprops/core.xml": MAX_PART_BYTES,
    "docprops/custom.xml": MAX_PART_BYTES,
}
# The same parts found by their content type (a workbook may give them other names).
TYPE_LIMITS = {
    ".sharedStrings+xml": MAX_SHARED_STRINGS_BYTES,
    ".styles+xml": MAX_STYLES_BYTES,
    ".main+xml": MAX_PART_BYTES,  # the workbook part: .xlsx, .xlsm, templates
}


def _check_parts(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], source: str) -> None:
    """Refuse a part that would unpack to more than its own limit, before openpyxl reads any
    of it: the least of the limits of its name, of its content type, of a relationships part
    and of a worksheet (so a part cannot gain room by another name or type)."""
    by_type = _limits_by_type(archive, members)
    for member in members:
        name = member.filename.lower()
        limits = [PART_LIMITS.get(name), by_type.get(name)]
        if name.endswith(".rels"):
            limits.append(MAX_RELATIONSHIPS_BYTES)
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            limits.append(MAX_SHEET_XML_BYTES)
        limit = min((n for n in limits if n is not None), default=None)
        if limit is not None and member.file_size > limit:
            raise ValidationError(
                "sheet.part_too_large",
                location=Location(source),
                part=member.filename,
                size_mb=math.ceil(member.file_size / MIB),
                max_mb=limit // MIB,
            )


def _limits_by_type(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> dict[str, int]:
    """The limits of the parts that the content types name by type (lower-case names)."""
    manifest = next((m for m in members if m.filename == CONTENT_TYPES), None)
    if manifest is None or manifest.file_size > MAX_PART_BYTES:
        return {}  # a missing manifest is openpyxl's to report; a large one is refused
    try:
        root = fromstring(archive.read(manifest))
    except Exception:  # noqa: BLE001 - broken XML is openpyxl's to report, in context
        return {}
    limits: dict[str, int] = {}
    for element in root:
        part = element.get("PartName", "").lstrip("/").lower()
        kind = element.get("ContentType", "")
        for suffix, limit in TYPE_LIMITS.items():
            if part and kind.endswith(suffix):
                limits[part] = min(limit, limits.get(part, limit))
    return limits


def _refuse_doctype(archive: zipfile.ZipFile, member: zipfile.ZipInfo, source: str) -> None:
    """Parse the member up to its root element and refuse any DOCTYPE found before it.

    openpyxl reads some members with lxml (entities left unexpanded, but accepted); this
    makes every member meet the same rule. Only the prolog is parsed, not the document.
    """
    try:
        with archive.open(member) as stream:
            for _ in iterparse(stream, events=("start",), forbid_dtd=True):
                return
    except DefusedXmlException as exc:
        raise _invalid(source, exc) from None
    except Exception:  # noqa: BLE001 - broken XML is openpyxl's to report, in context
        return


def _invalid(source: str, exc: Exception) -> ValidationError:
    return ValidationError(
        "sheet.xlsx_invalid", location=Location(source), reason=type(exc).__name__
    )


def _rows(worksheet: Any, source: str) -> Iterator[Row]:
    worksheet.reset_dimensions()  # the stored size may be wrong; read what is there
    rows = worksheet.iter_rows(min_row=1, max_col=MAX_COLUMNS)
    number = 0
    skipped: object = None
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except ValidationError:
            raise
        except Exception as exc:  # noqa: BLE001 - broken XML inside a sheet
            raise _invalid(source, exc) from None
        number += 1
        if cells is skipped:  # openpyxl gives the rows a sheet skips as one shared tuple
            continue
        if all(cell is EMPTY_CELL for cell in cells):
            skipped = cells
            continue
        row = Row(number, tuple(_value(cell) for cell in cells))
        if row.is_empty():
            continue
        check_row_number(number, source)
        for column, value in enumerate(row.cells):
            if isinstance(value, str):
                check_cell_length(value, source, number, column)
        yield row


def _value(cell: Any) -> CellValue:
    value = getattr(cell, "value", None)
    if value is None:
        return None
    if getattr(cell, "data_type", None) == "f":
        return Formula(str(value))
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        number_format = getattr(cell, "number_format", None) or ""
        if "%" in number_format:
            return f"{value * 100:g} %"
        decimals = FIXED_DECIMALS.fullmatch(number_format)
        if decimals is not None and isinstance(value, float):
            return ShownNumber(value, f"{value:.{len(decimals.group(1))}f}")
        return value
    return str(value)


# --- writing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a written sheet: its header, and ``text``, ``date`` or ``percent``."""

    header: str
    kind: str = "text"
    width: int | None = None  # characters; by default from the content


DATE_FORMAT = "dd.mm.yyyy"
MAX_WIDTH = 60


def write_workbook(
    title: str, columns: Sequence[Column], rows: Sequence[Sequence[object]]
) -> bytes:
    """One sheet named ``title``: the header row, then ``rows`` (percentages as 0–100)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, values in enumerate(rows, start=2):
        for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            _write_cell(sheet.cell(row=number, column=index), column, value)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(column, rows, index - 1)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_cell(cell: Cell | MergedCell, column: Column, value: object) -> None:
    if value is None or value == "":
        return
    if column.kind == "date" and isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif column.kind == "percent" and isinstance(value, int | float):
        cell.value = value / 100
        cell.number_format = "0%"
    else:
        text = str(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl takes a text starting with '=' for a formula
        if text.startswith(FORMULA_START):
            cell.quotePrefix = True  # Excel keeps it text when the cell is edited
        if "\n" in text or len(text) > (column.width or MAX_WIDTH):
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _width(column: Column, rows: Sequence[Sequence[object]], index: int) -> int:
    if column.width is not None:
        return column.width
    longest = max(
        [len(column.header)]
        + [len(line) for row in rows for line in _shown(row[index], column).splitlines()]
    )
    return min(longest + 2, MAX_WIDTH)


def _shown(value: object, column: Column) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return "00.00.0000"
    if column.kind == "percent":
        return f"{value} %"
    return str(value)
