"""Small factories for tests: real objects through the real operations."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

import models
from models import Plan
from planvakt.demo.people import act_on
from planvakt.exchange.templates import load_template
from planvakt.services import plans

# A published example of a valid fødselsnummer (python-stdnum's documentation) and a valid
# D-nummer computed for tests. Never use a number that could identify a real person here.
VALID_FNR = "15108695088"
VALID_DNR = "55108695071"


def make_plan(session: Session, **overrides: Any) -> Plan:
    values: dict[str, Any] = {
        "municipality_numbers": ["3911"],
        "template": load_template("default"),
        "start": date(2027, 1, 4),
    }
    values.update(overrides)
    return plans.create_plan(session, **values)


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows per table: proves an operation left the database as it was."""
    with Session(engine) as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in models.Base.metadata.sorted_tables
        }


def measures_csv(rows: list[dict[str, str]], *, delimiter: str = ";", bom: bool = True) -> str:
    header = [
        "id",
        "innsatsområde",
        "tiltak",
        "beskrivelse",
        "ansvarlig_enhet",
        "start",
        "frist",
        "status",
        "fremdrift",
    ]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    return ("\ufeff" if bom else "") + out.getvalue()


def sheet_csv(rows: list[list[object]], *, delimiter: str = ";", line_end: str = "\n") -> str:
    """A CSV text of ``rows`` as they stand (the first row is whatever the sheet starts with)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=line_end)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return out.getvalue()


def workbook(
    *sheets: tuple[str, list[list[object]]], merged: dict[str, str] | None = None
) -> bytes:
    """An .xlsx written by openpyxl: one sheet per ``(name, rows)``, rows from row 1.

    Args:
        sheets: each sheet's name and rows; a value may be a date, number, text, a formula
            (text starting with ``=``) or ``(value, number_format)``.
        merged: cell ranges to merge, by sheet name (``{"Tiltak": "A1:G1"}``).
    """
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for number, values in enumerate(rows, start=1):
            for column, value in enumerate(values, start=1):
                if isinstance(value, tuple):
                    value, number_format = value
                    sheet.cell(number, column).number_format = number_format
                if value is not None:
                    sheet.cell(number, column).value = value
        if merged and name in merged:
            sheet.merge_cells(merged[name])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def status_report_markdown(session: Session, plan_ref: str, today: date) -> str:
    """The plan's status report as Markdown, built from the plan as stored."""
    from planvakt.documents.render import render_markdown
    from planvakt.views.report import build_report

    return render_markdown(build_report(plans.find_plan(session, plan_ref), today))


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def advance_to(session: Session, plan: Plan, phase_key: str) -> None:
    """Complete every required checkpoint, on its due date, until ``phase_key`` is current;
    one done by a political decision gets the decision recorded (:func:`finish_checkpoint`)."""
    edition = plan.current_edition
    while edition.current_phase is not None and edition.current_phase.key != phase_key:
        phase = edition.current_phase
        for cp in edition.gate_checkpoints(phase):
            if cp.done_on is None and cp.required:
                finish_checkpoint(
                    session, plan, phase.key, cp, on=cp.due_date, today=date(2040, 1, 1)
                )


def finish_checkpoint(
    session: Session,
    plan: Plan,
    phase_key: str,
    checkpoint: models.Checkpoint,
    *,
    on: date,
    today: date,
    evidence: str | None = None,
) -> list[plans.PhaseChange]:
    """Complete a checkpoint the way it must be done: the mandate or the adoption by
    recording the political decision (as the demo's people do), any other checked off."""
    return act_on(session, plan, phase_key, checkpoint, on=on, today=today, evidence=evidence)
