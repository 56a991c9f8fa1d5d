"""The demo's measures as a workbook kept the way a municipality keeps one.

``planvakt/data/demo/faerder-tiltak.xlsx`` is made here from ``faerder-tiltak.csv`` (the
same measures): a title row merged across the columns, an empty row, the header in everyday
words, real date cells, progress as a percentage, statuses as people write them. It is the
example the README points coordinators to, and the test that it imports like the CSV keeps
the two from drifting apart. Regenerate it with ``python -m planvakt.demo.sheet [OUT]``.
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from models.measure import MeasureStatus
from planvakt.core.resources import DATA_DIR
from planvakt.exchange.measure_sheet import MeasureRow, read_measure_sheet

DEMO_SHEET_CSV = DATA_DIR / "demo" / "faerder-tiltak.csv"
DEMO_SHEET_XLSX = DATA_DIR / "demo" / "faerder-tiltak.xlsx"
TITLE = "Handlingsplan mot radikalisering og voldelig ekstremisme 2027–2030 – Færder kommune"
SHEET_NAME = "Tiltak"
HEADER_ROW = 3  # the title, an empty row, then the header
DATE_FORMAT = "dd.mm.yyyy"

# Status as a coordinator writes it (each is one of models.measure.MEASURE_STATUS_WORDS).
STATUS_WRITTEN = {
    MeasureStatus.PLANNED: "Ikke startet",
    MeasureStatus.IN_PROGRESS: "Under arbeid",
    MeasureStatus.DONE: "Ferdig",
    MeasureStatus.POSTPONED: "Utsatt",
    MeasureStatus.CLOSED: "Avsluttet",
}


@dataclass(frozen=True)
class _Column:
    header: str
    width: int
    value: Callable[[MeasureRow], str | float | date | None]
    number_format: str | None = None
    wrap: bool = False


COLUMNS: Sequence[_Column] = (
    _Column("Nr", 6, lambda m: m.ref),
    _Column("Innsatsområde", 24, lambda m: m.focus_area, wrap=True),
    _Column("Tiltak", 40, lambda m: m.title, wrap=True),
    _Column("Beskrivelse", 50, lambda m: m.description, wrap=True),
    _Column("Ansvarlig", 22, lambda m: m.owner, wrap=True),
    _Column("Samarbeidspartnere", 28, lambda m: m.partners, wrap=True),
    _Column("Start", 12, lambda m: m.start_date, number_format=DATE_FORMAT),
    _Column("Frist", 12, lambda m: m.deadline, number_format=DATE_FORMAT),
    _Column("Ressurser", 24, lambda m: m.resources, wrap=True),
    _Column("Indikator", 32, lambda m: m.indicator, wrap=True),
    _Column("Status", 14, lambda m: STATUS_WRITTEN[m.status]),
    _Column("Framdrift", 11, lambda m: m.progress / 100, number_format="0%"),
)


def demo_measures(csv_path: Path = DEMO_SHEET_CSV) -> list[MeasureRow]:
    """The demo's measures, read from its CSV by the importer's own reader.

    Raises:
        ValidationError: the CSV has a row the importer refuses (it never should).
    """
    sheet = read_measure_sheet(csv_path.read_bytes(), str(csv_path))
    if sheet.errors:
        raise sheet.errors[0]
    return [measure for _, measure in sheet.measures]


def build_demo_workbook(csv_path: Path = DEMO_SHEET_CSV) -> bytes:
    """The demo's measures as an .xlsx workbook a coordinator could have made by hand."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_NAME
    last = get_column_letter(len(COLUMNS))

    sheet["A1"] = TITLE
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(f"A1:{last}1")
    sheet.row_dimensions[1].height = 24

    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E2F3")
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width

    measures = demo_measures(csv_path)
    for number, measure in enumerate(measures, start=HEADER_ROW + 1):
        for index, column in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=number, column=index, value=column.value(measure))
            if column.number_format is not None:
                cell.number_format = column.number_format
            cell.alignment = Alignment(vertical="top", wrap_text=column.wrap)

    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + len(measures)}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m planvakt.demo.sheet [OUT]``: write the demo workbook (by default over the
    shipped one)."""
    parser = argparse.ArgumentParser(prog="python -m planvakt.demo.sheet", description=__doc__)
    parser.add_argument("out", nargs="?", type=Path, default=DEMO_SHEET_XLSX)
    args = parser.parse_args(argv)
    args.out.write_bytes(build_demo_workbook())


if __name__ == "__main__":
    main()
