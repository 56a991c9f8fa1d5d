"""CSV as Excel and other programs write it: the encoding and separator found, never guessed.

Encodings: UTF-8 with or without BOM, UTF-16 with BOM (Excel's «Unicode-tekst») and
Windows-1252 (Excel's «CSV (semikolonseparert)» on a Norwegian Windows). A file that is not
valid UTF-8 is read as Windows-1252 only when every character is one a Norwegian sheet
plausibly holds; otherwise it is refused with the first byte that does not fit. A file in
the old Mac encoding (Mac Roman) decodes as Windows-1252 with ``¿ ¾ Œ`` where ``ø æ å``
belong: those signs beside letters refuse it as a Mac file.
Separators: ``;``, ``,`` or tab, whichever splits the first rows into columns most often.
A quote that never closes (it would take the rest of the file into one cell) is refused,
naming the row where it opened.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import string

from planvakt.core.errors import Location, ValidationError
from planvakt.exchange.tables import (
    MAX_COLUMNS,
    ReadAs,
    Row,
    Table,
    check_cell_length,
    check_row_number,
)

DELIMITERS = (";", ",", "\t")
SAMPLE_ROWS = 30
END_MARK = "\x01"  # a control character, so never in a text that is read (see _CONTROL)

# Characters a Norwegian spreadsheet holds beyond ASCII, in the Windows-1252 range.
_PLAUSIBLE = set(
    string.printable
    + "ÆØÅæøåÄÖÜäöüÉÈÊËéèêëÁÀÂáàâÓÒÔóòôÍÌÎíìîÚÙÛúùûÑñÇçÝýÿßÐðÞþŠšŽžŒœŸ"
    + "\u00a0–—‘’‚“”„…•€§°±×÷µ²³¹·©®™«»½¼¾¶†‡‰¢£¥¤¦¨¬¯´¸ªº¿¡"
) - set("\x0b\x0c")
_IMPLAUSIBLE = re.compile("[^" + re.escape("".join(sorted(_PLAUSIBLE))) + "]")
# Mac Roman's ø, æ, å, Ø as Windows-1252 reads them (¿, ¾, Œ, ¯) next to a letter, and its Æ
# (®) between two letters: a Mac file, not Windows-1252 text (Mac Roman's Å is not valid
# Windows-1252 at all).
_MAC_ROMAN = re.compile(r"(?<=[^\W\d_])[¿¾Œ¯]|[¿¾Œ¯](?=[^\W\d_])|(?<=[^\W\d_])®(?=[^\W\d_])")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read in.

    Raises:
        ValidationError: ``sheet.encoding`` naming the first byte and line that fit neither
            UTF-8 nor Windows-1252, or ``sheet.binary`` for control characters.
    """
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = _strict(data[3:], "utf-8", source), "UTF-8 (BOM)"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = _strict(data, "utf-16", source), "UTF-16"
    else:
        try:
            text, encoding = data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError as exc:
            text, encoding = _windows_1252(data, source, exc), "Windows-1252"
    _refuse_control_characters(text, source)
    return text, encoding


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _encoding_error(data, exc, source) from None


def _windows_1252(data: bytes, source: str, utf8_error: UnicodeDecodeError) -> str:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise _encoding_error(data, utf8_error, source) from None
    found = _IMPLAUSIBLE.search(text)  # one byte is one character in Windows-1252
    if found is not None:
        index = found.start()
        line = text[:index].count("\n") + 1
        raise ValidationError(
            "sheet.encoding", location=Location(source, line=line), byte=f"0x{data[index]:02x}"
        )
    mac = _MAC_ROMAN.search(text)
    if mac is not None:
        line = text[: mac.start()].count("\n") + 1
        raise ValidationError(
            "sheet.encoding_mac", location=Location(source, line=line), char=mac.group()
        )
    return text


def _encoding_error(data: bytes, exc: UnicodeDecodeError, source: str) -> ValidationError:
    line = data[: exc.start].count(b"\n") + 1
    return ValidationError(
        "sheet.encoding", location=Location(source, line=line), byte=f"0x{data[exc.start]:02x}"
    )


def _refuse_control_characters(text: str, source: str) -> None:
    found = _CONTROL.search(text)
    if found is not None:
        line = text[: found.start()].count("\n") + 1
        raise ValidationError("sheet.binary", location=Location(source, line=line))


def pick_delimiter(text: str) -> str:
    """The separator that splits the most of the first rows into two or more columns."""

    def score(delimiter: str) -> int:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = 0
        try:
            for _, values in zip(range(SAMPLE_ROWS), reader, strict=False):
                rows += len([v for v in values if v.strip()]) >= 2
        except csv.Error:
            return -1
        return rows

    return max(DELIMITERS, key=score)  # max keeps the first of equals: ';' before ','


def read_csv(data: str | bytes, source: str) -> Table:
    """The non-empty rows of a CSV text or file, numbered as a spreadsheet shows them.

    A quoted field may hold separators and line breaks; it stays one cell of one row, its
    line breaks as ``\n`` whichever the file used.
    """
    if isinstance(data, bytes):
        text, encoding = decode_text(data, source)
    else:
        text, encoding = data.removeprefix("\ufeff"), "UTF-8"
        _refuse_control_characters(text, source)
    delimiter = pick_delimiter(text)
    table = Table(source, ReadAs("csv", encoding=encoding, delimiter=delimiter))
    # The end mark is a line of its own after the text: it comes back as a row of its own,
    # unless a quote that never closes has taken it into its field with the rest of the file.
    lines = itertools.chain(io.StringIO(text, newline=""), [END_MARK])
    reader = csv.reader(lines, delimiter=delimiter)
    number = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error:  # a field over csv's own limit (128 KiB) or a broken quote
            raise ValidationError(
                "sheet.csv_invalid", location=Location(source, row=number + 1)
            ) from None
        if values == [END_MARK]:
            break
        if values and values[-1].endswith(END_MARK):  # the row where the quote opened
            raise ValidationError("sheet.csv_invalid", location=Location(source, row=number + 1))
        number += 1
        row = Row(number, tuple(_cell(v) for v in values[:MAX_COLUMNS]))
        if row.is_empty():
            continue
        check_row_number(number, source)
        for column, value in enumerate(values[:MAX_COLUMNS]):
            check_cell_length(value, source, number, column)
        table.rows.append(row)
    return table


def _cell(value: str) -> str | None:
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value or None
