"""Spreadsheet files in and out: .xlsx or CSV, told apart by their bytes.

:func:`read_tables` is the one way in (a file's bytes, an upload or a test's text); the
limits it enforces are stated in :mod:`planvakt.exchange.tables`. :func:`write_sheet` is the
one way out, as a sheet a leader opens in Excel without fixing anything.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from planvakt.core.errors import Location, ValidationError
from planvakt.exchange import text_sheets, workbooks
from planvakt.exchange.tables import (
    ENCRYPTION_INFO,
    MAX_FILE_BYTES,
    XLS_MAGIC,
    XLSX_MAGIC,
    Table,
)
from planvakt.exchange.workbooks import FORMULA_START, Column

FORMATS = ("xlsx", "csv")


def read_limited(path: Path) -> bytes:
    """The bytes of a spreadsheet file, refused before reading if over :data:`MAX_FILE_BYTES`."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise too_large(source)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ValidationError("file.not_found", location=Location(source=source)) from None
    except IsADirectoryError:
        raise ValidationError("file.not_found", location=Location(source=source)) from None
    except OSError as exc:
        raise ValidationError(
            "file.unreadable", location=Location(source=source), reason=exc.strerror
        ) from None
    if len(data) > MAX_FILE_BYTES:  # the file grew while it was read
        raise too_large(source)
    return data


def too_large(source: str) -> ValidationError:
    return ValidationError(
        "sheet.too_large", location=Location(source), max_mb=MAX_FILE_BYTES // (1024 * 1024)
    )


def read_tables(data: str | bytes, source: str, sheet: str | None = None) -> Iterator[Table]:
    """The sheets of a workbook (only ``sheet`` if named), or the one table of a CSV.

    Args:
        data: the file's bytes, or text (a CSV).
        source: the name errors give (file or upload name).
        sheet: a workbook's sheet to read; by default every sheet, in order.

    Raises:
        ValidationError: the file is too large, not a spreadsheet, in an unknown encoding,
            or breaks a limit; the message says which.
    """
    if len(data) > MAX_FILE_BYTES:
        raise too_large(source)
    if isinstance(data, bytes) and data.startswith(XLSX_MAGIC):
        yield from workbooks.read_workbook(data, source, sheet)
        return
    if isinstance(data, bytes) and data.startswith(XLS_MAGIC):
        # A password-protected .xlsx is an OLE container too, with an EncryptionInfo stream
        # (its name is in the container's directory, which may lie anywhere in the file).
        code = "sheet.encrypted" if ENCRYPTION_INFO in data else "sheet.xls"
        raise ValidationError(code, location=Location(source))
    if source.lower().endswith((".xlsx", ".xlsm")):
        raise ValidationError("sheet.not_xlsx", location=Location(source))
    yield text_sheets.read_csv(data, source)


def format_for(path: str | Path) -> str:
    """``xlsx`` or ``csv`` from a file name; anything else is an error naming both."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValidationError("sheet.format_unknown", location=Location(str(path)), formats=FORMATS)
    return suffix


def write_sheet(
    fmt: str, title: str, columns: Sequence[Column], rows: Sequence[Sequence[object]]
) -> bytes:
    """The sheet as .xlsx bytes, or as CSV the way Norwegian Excel reads it: UTF-8 with BOM,
    ``;``, CRLF, dates ``dd.mm.åååå``, percentages ``40 %``. Text that a spreadsheet would
    run as a formula (``=``, ``+``, ``-``, ``@`` first) is neutralised."""
    if fmt == "xlsx":
        return workbooks.write_workbook(title, columns, rows)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralised(c.header) for c in columns])
    for values in rows:
        writer.writerow([_csv_cell(c, v) for c, v in zip(columns, values, strict=True)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(column: Column, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if column.kind == "percent":
        return f"{value} %"
    return neutralised(str(value))


def neutralised(text: str) -> str:
    """``=SUM(A1)`` → ``'=SUM(A1)``: text that a spreadsheet would run as a formula.

    A text that already starts with ``'`` before such a sign gets one more, so that
    :func:`unneutralised` gives back exactly the text that was written.
    """
    return "'" + text if _formula_like(text) else text


def unneutralised(text: str) -> str:
    """The inverse of :func:`neutralised`, so that export → import changes nothing."""
    if text.startswith("'") and _formula_like(text[1:]):
        return text[1:]
    return text


def _formula_like(text: str) -> bool:
    """``=1``, ``'=1``, ``''=1`` …: a formula sign after any number of quote marks."""
    return text.lstrip("'").startswith(FORMULA_START)
