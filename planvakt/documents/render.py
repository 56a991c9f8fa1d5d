"""Rendering one report content model to HTML (print-ready), Markdown and Word (.docx)."""

from __future__ import annotations

import io
from typing import Any

from docx import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from models.dates import format_date
from planvakt.core.languages import as_language
from planvakt.core.render import render
from planvakt.documents.labels import LABELS, LIGHT_COLOURS, LIGHT_FILLS
from planvakt.views.plan import LightView
from planvakt.views.report import StatusReport

FORMATS = ("html", "md", "docx")


def render_html(report: StatusReport) -> str:
    """A print-ready HTML page (A4), self-contained: inline CSS and SVG, no external resources."""
    return render(
        "documents/status_report.html.j2",
        as_language(report.language),
        r=report,
        L=LABELS[report.language],
        colours=LIGHT_COLOURS,
    )


def render_markdown(report: StatusReport) -> str:
    """The same content as Markdown: readable as plain text, usable as a Prefect artifact."""
    return render(
        "documents/status_report.md.j2",
        as_language(report.language),
        r=report,
        L=LABELS[report.language],
    )


def render_bytes(report: StatusReport, fmt: str) -> bytes:
    """Render ``report`` in ``fmt`` (html, md or docx)."""
    if fmt == "html":
        return render_html(report).encode("utf-8")
    if fmt == "md":
        return render_markdown(report).encode("utf-8")
    if fmt == "docx":
        return render_docx(report)
    raise ValueError(f"ukjent format '{fmt}' (bruk html, md eller docx)")


# --- Word -------------------------------------------------------------------------------


def _shade(cell: _Cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _table(
    doc: Any,  # python-docx Document
    header: list[str],
    rows: list[list[str]],
    lights: dict[int, list[LightView]] | None = None,
) -> None:
    """A table with a header row; ``lights`` maps a column to the light of each row."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
        _shade(cell, "EEEEEE")
    for index, values in enumerate(rows):
        cells = table.add_row().cells
        for column, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.text = text
            if lights and column in lights:
                _shade(cell, LIGHT_FILLS[lights[column][index].key])


def _date(value: object) -> str:
    return value.strftime("%d.%m.%Y") if value else "–"  # type: ignore[attr-defined]


def render_docx(report: StatusReport) -> bytes:
    """A Word document for the municipal case system: headings, tables, coloured lights with text."""
    L = LABELS[report.language]
    doc = WordDocument()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    doc.styles["Normal"].font.name = "Liberation Sans"
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.title = f"{report.title}: {report.plan_title}"
    doc.core_properties.language = report.language
    doc.add_heading(f"{report.title}: {report.plan_title}", level=0)
    _table(
        doc,
        ["", ""],
        [
            [L["municipality"], f"{', '.join(report.municipalities)} ({report.county})"],
            [L["edition"], str(report.edition)],
            [L["period"], report.period],
            [L["phase"], report.current_phase],
            [L["date"], format_date(report.today, report.language)],
            [L["advisers"], f"{report.rvts}, {report.korus}"],
        ],
    )
    doc.add_heading(L["timeline"], level=1)
    _table(
        doc,
        [L["phase_col"], L["planned"], L["actual"]],
        [
            [
                p.name,
                f"{_date(p.planned_start)} – {_date(p.planned_end)}",
                f"{_date(p.started_on)} – {_date(p.completed_on) if p.completed_on else '…'}"
                if p.started_on
                else "–",
            ]
            for p in report.phases
        ],
    )
    doc.add_heading(L["summary"], level=1)
    _table(
        doc,
        [L["light"], L["measures"], L["checkpoints"]],
        [[c.light.label, str(c.measures), str(c.checkpoints)] for c in report.counts],
        {0: [c.light for c in report.counts]},
    )
    doc.add_paragraph(f"{L['mean_progress']}: {report.mean_progress} %")
    doc.add_heading(L["late"], level=1)
    if report.late:
        _table(
            doc,
            [L["kind"], L["what"], L["owner"], L["due"], L["days_late"]],
            [[i.kind, i.title, i.owner, _date(i.due), str(i.days_late)] for i in report.late],
        )
    else:
        doc.add_paragraph(L["none"])
    doc.add_heading(L["upcoming"], level=1)
    if report.upcoming:
        _table(
            doc,
            [L["kind"], L["what"], L["owner"], L["due"]],
            [[i.kind, i.title, i.owner, _date(i.due)] for i in report.upcoming],
        )
    else:
        doc.add_paragraph(L["none"])
    if report.kind == "yearly":
        doc.add_heading(L["yearly"], level=1)
        _table(
            doc,
            [L["ref"], L["measure"], L["owner"], L["status"], L["reported"], L["outcome"]],
            [
                [y.ref, y.title, y.owner, f"{y.status} {y.progress} %", y.reported, y.outcome]
                for y in report.yearly
            ],
        )
        doc.add_heading(L["evaluation"], level=2)
        doc.add_paragraph(report.evaluation or L["none"])
        doc.add_heading(L["proposal"], level=2)
        doc.add_paragraph(report.proposal or L["none"])
    doc.add_heading(L["measures"], level=1)
    for area in report.focus_areas:
        doc.add_heading(area.name, level=2)
        _table(
            doc,
            [
                L["ref"],
                L["measure"],
                L["owner"],
                L["due"],
                L["status"],
                L["progress"],
                L["last_update"],
                L["light"],
            ],
            [
                [
                    m.ref,
                    m.title,
                    m.owner,
                    _date(m.deadline),
                    m.status,
                    f"{m.progress} %",
                    _date(m.last_reported),
                    m.light.label,
                ]
                for m in area.measures
            ],
            {7: [m.light for m in area.measures]},
        )
    doc.add_heading(L["checkpoints"], level=1)
    if report.phase_checkpoints:
        _table(
            doc,
            [L["what"], L["owner"], L["due"], L["done"], L["light"]],
            [
                [c.title, c.responsible or "–", _date(c.due), _date(c.done_on), c.light.label]
                for c in report.phase_checkpoints
            ],
            {4: [c.light for c in report.phase_checkpoints]},
        )
    doc.add_heading(L["decisions"], level=1)
    for d in report.decisions:
        doc.add_paragraph(
            f"{_date(d.decided_on)} {d.body} ({L['case']} {d.case_number}): {d.summary}",
            style="List Bullet",
        )
    if not report.decisions:
        doc.add_paragraph(L["none"])
    doc.add_heading(L["consultations"], level=1)
    for c in report.consultations:
        doc.add_paragraph(
            f"{c.body}: {_date(c.sent_on)}–{_date(c.deadline)}, {c.response}. {c.effect}".strip(),
            style="List Bullet",
        )
    if not report.consultations:
        doc.add_paragraph(L["none"])
    doc.add_heading(L["changes"], level=1)
    for line in report.changes or [L["none"]]:
        doc.add_paragraph(line, style="List Bullet" if report.changes else None)
    doc.add_paragraph(
        f"{L['generated']} {format_date(report.today, report.language)}. {L['footer']}"
    )
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
