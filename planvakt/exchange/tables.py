"""A spreadsheet as rows of cells, read from .xlsx or CSV bytes within stated limits.

The format is read from the bytes, not the name: a workbook is a zip file, anything else is
text. Every limit is stated here and each is checked before the thing it bounds is read into
memory, so no import holds more than :data:`MAX_FILE_BYTES` of file, :data:`MAX_UNPACKED_BYTES`
of unpacked workbook and :data:`MAX_ROWS` × :data:`MAX_COLUMNS` cells of at most
:data:`MAX_CELL_CHARS` characters. The workbook parts that are read whole, not streamed, have
limits of their own (styles, shared strings, the workbook part …), since a few megabytes of
some of them cost a hundred times that in memory once parsed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from models.base import LONG_TEXT
from planvakt.core.errors import Location, ValidationError

MAX_FILE_BYTES = 5 * 1024 * 1024
"""The largest spreadsheet file an import reads (a plan's measures take a few kilobytes)."""
MAX_UNPACKED_BYTES = 25 * 1024 * 1024
"""The largest a workbook may be once unpacked (all its zip members together)."""
MAX_ZIP_MEMBERS = 1000
MAX_ROWS = 5000
"""The last spreadsheet row that may hold a value (title rows and the header included)."""
MAX_COLUMNS = 52
"""Columns A–AZ are read; anything to the right of them is never read or stored."""
MAX_CELL_CHARS = LONG_TEXT
"""The longest text one cell may hold (a measure's longest field)."""

MIB = 1024 * 1024
MAX_SHEET_XML_BYTES = MAX_UNPACKED_BYTES
"""The largest one worksheet (``xl/worksheets/*.xml``) may be unpacked; it is streamed."""
MAX_SHARED_STRINGS_BYTES = 10 * MIB
"""The largest the shared strings (every text of the workbook, read whole) may be unpacked."""
MAX_STYLES_BYTES = 2 * MIB
"""The largest ``xl/styles.xml`` may be unpacked: openpyxl makes an object of every style
entry, so a few megabytes of ``<xf/>`` cost hundreds of megabytes of memory."""
MAX_PART_BYTES = 1 * MIB
"""The largest any other part that is read whole may be unpacked: the workbook part, the
content types and the document properties."""
MAX_RELATIONSHIPS_BYTES = 4 * MIB
"""The largest a relationships part (``*.rels``) may be unpacked: read whole, and a sheet
has one relationship per hyperlink (5 000 links take about 1 MB)."""

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary Excel format (and .doc)
ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
"""The stream a password-protected .xlsx has in its OLE container (same magic as .xls)."""


@dataclass(frozen=True)
class Formula:
    """A workbook cell that holds a formula; planvakt never evaluates or stores one."""

    text: str


class ShownNumber(float):
    """A workbook number with the text its cell's format shows: ``1.1`` formatted ``0.00``
    shows as ``1.10`` (so a measure number typed as a number keeps its decimals)."""

    shown: str

    def __new__(cls, value: float, shown: str) -> ShownNumber:
        number = super().__new__(cls, value)
        number.shown = shown
        return number


CellValue = str | int | float | date | Formula | None


@dataclass(frozen=True)
class Row:
    """One spreadsheet row: its number as the spreadsheet shows it, and its cells A, B, …"""

    number: int
    cells: tuple[CellValue, ...]

    def is_empty(self) -> bool:
        return all(c is None or (isinstance(c, str) and not c.strip()) for c in self.cells)


@dataclass(frozen=True)
class ReadAs:
    """How a file was read, so that nothing about it is guessed silently.

    ``kind`` is ``xlsx`` or ``csv``; a CSV has its ``encoding`` and ``delimiter``, a
    workbook the ``sheet`` read.
    """

    kind: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


@dataclass(frozen=True)
class Table:
    """The non-empty rows of one sheet, and how they were read."""

    source: str
    read_as: ReadAs
    rows: list[Row] = field(default_factory=list)


def column_letter(index: int) -> str:
    """``0`` → ``A``, ``27`` → ``AB``: a column as the spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_text(value: CellValue) -> str:
    """A cell as the text a spreadsheet shows (``2.0`` → ``2``, a date as ``dd.mm.åååå``)."""
    if value is None:
        return ""
    if isinstance(value, Formula):
        return value.text
    if isinstance(value, ShownNumber):
        return value.shown
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return str(value)


def check_cell_length(value: str, source: str, row: int, column: int) -> None:
    if len(value) > MAX_CELL_CHARS:
        raise ValidationError(
            "sheet.cell_too_long",
            location=Location(source, row=row, column=column_letter(column)),
            length=len(value),
            max=MAX_CELL_CHARS,
        )


def check_row_number(number: int, source: str) -> None:
    if number > MAX_ROWS:
        raise ValidationError("sheet.too_many_rows", location=Location(source), max=MAX_ROWS)
