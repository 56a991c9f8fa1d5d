"""The shipped example workbook: made by its generator, and imports as the shipped CSV does."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl
from sqlalchemy import Engine

from models import Measure
from planvakt.core.db import session_scope
from planvakt.demo.sheet import DEMO_SHEET_CSV, DEMO_SHEET_XLSX, build_demo_workbook
from planvakt.exchange import measures as measure_sheets
from tests.factories import make_plan

FIELDS = (
    "ref",
    "focus_area",
    "title",
    "description",
    "partners",
    "start_date",
    "deadline",
    "resources",
    "indicator",
    "status",
    "progress",
)


def _workbook_cells(data: bytes) -> dict[str, Any]:
    """Everything a reader of the workbook sees: per sheet its layout, and per cell its value,
    type, number format, font, fill and alignment."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    seen: dict[str, Any] = {}
    for sheet in book.worksheets:
        seen[sheet.title] = {
            "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
            "freeze": sheet.freeze_panes,
            "filter": sheet.auto_filter.ref,
            "widths": {k: d.width for k, d in sorted(sheet.column_dimensions.items())},
            "cells": {
                cell.coordinate: (
                    cell.value,
                    cell.data_type,
                    cell.number_format,
                    cell.font.b,
                    cell.font.sz,
                    cell.fill.fgColor.rgb,
                    cell.alignment.wrap_text,
                    cell.alignment.vertical,
                )
                for row in sheet.iter_rows()
                for cell in row
            },
        }
    return seen


def test_shipped_workbook_is_what_the_generator_makes() -> None:
    shipped = _workbook_cells(DEMO_SHEET_XLSX.read_bytes())
    assert shipped == _workbook_cells(build_demo_workbook())
    cells = shipped["Tiltak"]["cells"]
    assert cells["A1"][0].startswith("Handlingsplan mot radikalisering")
    assert shipped["Tiltak"]["merged"] == ["A1:L1"]
    assert cells["A3"][0] == "Nr" and cells["L3"][0] == "Framdrift"
    assert isinstance(cells["G4"][0], date)  # Start as a real date cell
    assert (cells["L4"][0], cells["L4"][2]) == (0.4, "0%")  # Framdrift 40 %
    assert {cells[f"K{n}"][0] for n in range(4, 16)} == {"Ikke startet", "Under arbeid"}


def _measures(plan_measures: list[Measure]) -> dict[str, tuple[object, ...]]:
    return {m.ref: (*(getattr(m, name) for name in FIELDS), m.owner.key) for m in plan_measures}


def test_shipped_workbook_imports_the_same_measures_as_the_shipped_csv(engine: Engine) -> None:
    with session_scope(engine) as session:
        from_xlsx = make_plan(session, slug="3911-xlsx")
        from_csv = make_plan(session, slug="3911-csv")
        xlsx = measure_sheets.import_measures_file(session, from_xlsx, DEMO_SHEET_XLSX)
        csv = measure_sheets.import_measures_file(session, from_csv, DEMO_SHEET_CSV)

        assert (xlsx.read_as.kind, xlsx.read_as.sheet, xlsx.header_row) == ("xlsx", "Tiltak", 3)
        assert (xlsx.created, xlsx.ignored, xlsx.errors) == (12, [], [])
        assert xlsx.new_units == csv.new_units == []  # every owner is a service of Færder
        imported = _measures(from_xlsx.current_edition.measures)
        assert len(imported) == 12
        assert imported == _measures(from_csv.current_edition.measures)
        assert imported["1.1"][5:7] == (date(2026, 9, 1), date(2027, 6, 30))
        assert imported["1.1"][9:] == ("in_progress", 40, "grunnskole")
