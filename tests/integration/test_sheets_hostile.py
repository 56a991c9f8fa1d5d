"""Hostile sheets: each is refused (or, for formula-like text, neutralised) with one clear
line, nothing is stored, and no import reads past a stated limit. Every large file here is
built at test time, compressed where it is a workbook."""

import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from planvakt.core.db import session_scope
from planvakt.core.errors import ImportErrors, ValidationError
from planvakt.exchange import measures as sheets
from planvakt.exchange.tables import MAX_FILE_BYTES, MAX_ROWS
from planvakt.services.plans import find_plan
from tests.factories import make_plan, row_counts, sheet_csv, workbook

SLUG = "3911-faerder-2027"
HEADER = ["Nr", "Innsatsområde", "Tiltak", "Ansvarlig"]
ROW = ["T1", "Samarbeid", "Kurs", "PPT"]
SHEET_XML = "xl/worksheets/sheet1.xml"
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


def _patched(data: bytes, member: str, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with one member's bytes changed (compressed, as Excel would)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, change(content) if info.filename == member else content)
    return out.getvalue()


def _small_book() -> bytes:
    return workbook(("Tiltak", [HEADER, ROW]))


def _with_rows(count: int, *, poisoned_at: int) -> bytes:
    """A workbook of ``count`` measures whose row ``poisoned_at`` cannot be read at all: an
    import that refuses the sheet for its size never gets that far."""
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>T{n}</t></is></c></row>'
        if n != poisoned_at
        else f'<row r="{n}"><c r="A{n}"><v>ikke-et-tall</v></c></row>'
        for n in range(2, count + 2)
    )
    return _patched(
        workbook(("Tiltak", [HEADER])),
        SHEET_XML,
        lambda b: b.replace(b"</sheetData>", rows.encode() + b"</sheetData>"),
    )


def _with_doctype(member: str) -> bytes:
    def change(content: bytes) -> bytes:
        text = content.decode()
        start = text.index("?>") + 2 if text.startswith("<?xml") else 0
        return (
            text[:start] + LAUGHS + text[start:].replace("<t>Kurs</t>", "<t>&lol3;</t>")
        ).encode()

    return _patched(_small_book(), member, change)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def _bomb() -> bytes:
    """A workbook whose sheet unpacks to 30 MB of zeros from a few kilobytes."""
    zeros = b"\0" * (30 * 1024 * 1024)
    return _zip({"xl/workbook.xml": b"<workbook/>", SHEET_XML: zeros})


def _lying_bomb() -> bytes:
    """A small workbook whose sheet declares that it unpacks to almost 4 GB."""
    data = bytearray(_small_book())
    central = data.find(b"PK\x01\x02")  # each member's entry in the central directory
    while central != -1:
        name_length = int.from_bytes(data[central + 28 : central + 30], "little")
        if data[central + 46 : central + 46 + name_length] == SHEET_XML.encode():
            data[central + 24 : central + 28] = (0xFFFFFF00).to_bytes(4, "little")
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def _huge_cell_book() -> bytes:
    return _patched(
        _small_book(),
        SHEET_XML,
        lambda b: b.replace(b"<t>Kurs</t>", b"<t>" + b"a" * 20_000_000 + b"</t>"),
    )


def _formula_csv_rows(count: int, *, poisoned_at: int) -> bytes:
    rows = [HEADER] + [[f"T{n}", "Samarbeid", f"Tiltak {n}", "PPT"] for n in range(2, count + 2)]
    rows[poisoned_at - 1][2] = "x" * 200_000  # over the csv module's own field limit
    return sheet_csv(rows).encode()


# case: (file name, bytes, error code, words of the one-line message)
REFUSED: dict[str, tuple[str, Callable[[], bytes], str, str]] = {
    "50,000-row CSV": (
        "tiltak.csv",
        lambda: _formula_csv_rows(50_000, poisoned_at=40_000),
        "sheet.too_many_rows",
        f"planvakt leser høyst {MAX_ROWS} rader",
    ),
    "50,000-row workbook": (
        "tiltak.xlsx",
        lambda: _with_rows(50_000, poisoned_at=40_000),
        "sheet.too_many_rows",
        f"planvakt leser høyst {MAX_ROWS} rader",
    ),
    "20 MB cell in CSV": (
        "tiltak.csv",
        lambda: sheet_csv([HEADER, ["T1", "Samarbeid", "a" * 20_000_000, "PPT"]]).encode(),
        "sheet.too_large",
        "filen er for stor (høyst 5 MB)",
    ),
    "20 MB cell in a small workbook": (
        "tiltak.xlsx",
        _huge_cell_book,
        "sheet.cell_too_long",
        "rad 2, kolonne 'C': cellen har 20000000 tegn; høyst 4000 tegn per celle",
    ),
    "binary junk named .xlsx": (
        "tiltak.xlsx",
        lambda: bytes(range(256)) * 40,
        "sheet.not_xlsx",
        "filen er ikke en Excel-arbeidsbok (.xlsx)",
    ),
    "a Word document named .xlsx": (
        "tiltak.xlsx",
        lambda: _zip({"word/document.xml": b"<document/>"}),
        "sheet.not_xlsx",
        "filen er ikke en Excel-arbeidsbok (.xlsx)",
    ),
    "a broken zip named .xlsx": (
        "tiltak.xlsx",
        lambda: _small_book()[:300],
        "sheet.not_xlsx",
        "filen er ikke en Excel-arbeidsbok (.xlsx)",
    ),
    "random bytes as .csv": (
        "tiltak.csv",
        lambda: random.Random(10).randbytes(4096),
        "sheet.encoding",
        "filen er verken UTF-8 eller Windows-1252",
    ),
    "text with control characters as .csv": (
        "tiltak.csv",
        lambda: b"Nr;Tiltak\n1;\x00\x01\x02\n",
        "sheet.binary",
        "linje 2: filen inneholder binære data",
    ),
    "an old .xls": (
        "tiltak.xls",
        lambda: bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 1024,
        "sheet.xls",
        "det gamle Excel-formatet (.xls)",
    ),
    "zip bomb": ("tiltak.xlsx", _bomb, "sheet.unpacked_too_large", "høyst 25 MB"),
    "zip declaring a huge member": (
        "tiltak.xlsx",
        _lying_bomb,
        "sheet.unpacked_too_large",
        "høyst 25 MB",
    ),
    "entity expansion in the workbook XML": (
        "tiltak.xlsx",
        lambda: _with_doctype("xl/workbook.xml"),
        "sheet.xlsx_invalid",
        "Excel-arbeidsboken er skadet og kan ikke leses",
    ),
    "entity expansion in the sheet XML": (
        "tiltak.xlsx",
        lambda: _with_doctype(SHEET_XML),
        "sheet.xlsx_invalid",
        "Excel-arbeidsboken er skadet og kan ikke leses",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_hostile_sheet_is_refused_in_one_line_and_nothing_is_stored(engine, case: str) -> None:
    name, build, code, words = REFUSED[case]
    data = build()
    with session_scope(engine) as session:
        make_plan(session)
    before = row_counts(engine)
    with pytest.raises(ValidationError) as err, session_scope(engine) as session:
        sheets.import_measures(session, find_plan(session, SLUG), data, name)
    assert err.value.code == code
    assert words in str(err.value) and "\n" not in str(err.value)
    assert str(err.value).startswith(name)
    assert row_counts(engine) == before


def test_workbook_formulas_are_refused_naming_row_and_column(engine) -> None:
    data = workbook(
        (
            "Tiltak",
            [
                HEADER + ["Fremdrift"],
                ROW + ["=1+1"],
                ["T2", "A", '=HYPERLINK("http://x","Kurs")', "PPT"],
            ],
        )
    )
    with session_scope(engine) as session:
        make_plan(session)
    before = row_counts(engine)
    with pytest.raises(ImportErrors) as err, session_scope(engine) as session:
        sheets.import_measures(session, find_plan(session, SLUG), data, "tiltak.xlsx")
    found = [(e.code, e.location.row, e.location.column) for e in err.value.errors]
    assert found == [("sheet.formula", 2, "Fremdrift"), ("sheet.formula", 3, "Tiltak")]
    assert "rad 2, kolonne 'Fremdrift', verdi «=1+1»: cellen er en formel" in str(err.value)
    assert "\n" not in str(err.value)
    assert row_counts(engine) == before


def test_formula_text_in_csv_is_stored_as_text_and_exported_neutralised(engine) -> None:
    attack = "=cmd|' /C calc'!A0"
    data = sheet_csv([HEADER, ["T1", "Samarbeid", attack, "PPT"]]).encode()
    with session_scope(engine) as session:
        plan = make_plan(session)
        sheets.import_measures(session, plan, data, "tiltak.csv")
        [measure] = plan.current_edition.measures
        assert measure.title == attack
        csv_out = sheets.export_measures(session, plan, "csv").decode("utf-8-sig")
        xlsx_out = sheets.export_measures(session, plan, "xlsx")
    assert ";'=cmd|' /C calc'!A0;" in csv_out
    cell = openpyxl.load_workbook(io.BytesIO(xlsx_out))["Tiltak"]["C2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (attack, "s", True)


@pytest.mark.parametrize("dimension", ["A1:A1", "A1:AZ1048576"])
def test_a_sheet_dimension_that_lies_is_not_believed(engine, dimension: str) -> None:
    rows = [HEADER] + [[f"T{n}", "A", f"Tiltak {n}", "PPT"] for n in range(1, 11)]
    data = _patched(
        workbook(("Tiltak", rows)),
        SHEET_XML,
        lambda b: b.replace(
            b'<dimension ref="A1:D11"/>', f'<dimension ref="{dimension}"/>'.encode()
        ),
    )
    assert f'ref="{dimension}"'.encode() in zipfile.ZipFile(io.BytesIO(data)).read(SHEET_XML)
    with session_scope(engine) as session:
        plan = make_plan(session)
        report = sheets.import_measures(session, plan, data, "tiltak.xlsx")
        assert report.created == 10
        assert sorted(m.ref for m in plan.current_edition.measures)[:3] == ["T1", "T10", "T2"]


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "tiltak.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with session_scope(engine) as session:
        plan = make_plan(session)
        at_limit = tmp_path / "at-limit.csv"
        with at_limit.open("wb") as handle:
            handle.truncate(MAX_FILE_BYTES)
        with pytest.raises(ValidationError) as read:  # read, and refused for what it holds
            sheets.import_measures_file(session, plan, at_limit)
        assert read.value.code == "sheet.binary"

        def no_reading(*args: object, **kwargs: object) -> None:
            raise AssertionError("the file was opened")

        monkeypatch.setattr(Path, "open", no_reading)
        with pytest.raises(ValidationError) as err:
            sheets.import_measures_file(session, plan, path)
    assert err.value.code == "sheet.too_large"
    assert str(err.value) == f"{path}: filen er for stor (høyst 5 MB)"
