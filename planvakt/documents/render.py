"""Rendering one report content model to HTML (print-ready), Markdown and Word (.docx).

Every format speaks the report's language: the templates through the language's Jinja2
environment, the Word document through the same catalog (:func:`texts`). Reports are for
politicians (:mod:`planvakt.core.disclosure`): counts about people go through
``small_count`` in every format.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from docx import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from planvakt.core.disclosure import small_count
from planvakt.core.errors import ValidationError
from planvakt.core.languages import BABEL_LOCALES, Texts, as_language, texts
from planvakt.core.render import render
from planvakt.documents.labels import LIGHT_COLOURS, LIGHT_FILLS, PRINT_STYLE
from planvakt.views.plan import LightView
from planvakt.views.report import StatusReport

FORMATS = ("html", "md", "docx")


def render_html(report: StatusReport) -> str:
    """A print-ready HTML page (A4), self-contained: inline CSS and SVG, no external resources."""
    return render(
        "documents/status_report.html.j2",
        as_language(report.language),
        r=report,
        colours=LIGHT_COLOURS,
        style=PRINT_STYLE,
    )


def render_markdown(report: StatusReport) -> str:
    """The same content as Markdown: readable as plain text, usable as a Prefect artifact."""
    return render(
        "documents/status_report.md.j2",
        as_language(report.language),
        r=report,
    )


def render_bytes(report: StatusReport, fmt: str) -> bytes:
    """Render ``report`` in ``fmt`` (html, md or docx)."""
    if fmt == "html":
        return render_html(report).encode("utf-8")
    if fmt == "md":
        return render_markdown(report).encode("utf-8")
    if fmt == "docx":
        return render_docx(report)
    raise ValidationError("report.format_unknown", format=fmt)


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


def _responses_line(report: StatusReport, tx: Texts) -> str:
    """How many consultation responses came in, and the rule for the exempt ones."""
    n = report.responses
    received = small_count(n.received, tx)
    if n.exempt is None:
        line = tx.gettext("Høringssvar mottatt: {received}.").format(received=received)
    else:
        line = tx.gettext(
            "Høringssvar mottatt: {received}, hvorav {exempt} unntatt offentlighet."
        ).format(received=received, exempt=small_count(n.exempt, tx))
    rule = tx.gettext(
        "Svar som er unntatt offentlighet, gjengis ikke; er det færre enn {threshold} slike "
        "svar, er de heller ikke med i tallet."
    ).format(threshold=tx.number(n.threshold))
    return f"{line} {rule}"


def render_docx(report: StatusReport) -> bytes:
    """A Word document for the municipal case system: headings, tables, coloured lights with text.

    Its words come from the same catalog as the HTML and Markdown templates (the same
    bokmål msgids), in the report's language.
    """
    tx = texts(as_language(report.language))
    _ = tx.gettext

    def day(value: date | None) -> str:
        return tx.date(value, "short")

    measure = tx.pgettext("singular", "Tiltak")
    doc = WordDocument()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    doc.styles["Normal"].font.name = "Liberation Sans"
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.title = f"{report.title}: {report.plan_title}"
    doc.core_properties.language = BABEL_LOCALES[as_language(report.language)].replace("_", "-")
    doc.add_heading(f"{report.title}: {report.plan_title}", level=0)
    _table(
        doc,
        ["", ""],
        [
            [_("Kommune"), f"{tx.join(report.municipalities)} ({report.county})"],
            [_("Utgave"), str(report.edition)],
            [_("Planperiode"), report.period],
            [_("Nåværende fase"), report.current_phase],
            [_("Dato"), tx.date(report.today)],
            [_("Regionale ressurser"), f"{report.rvts}, {report.korus}"],
        ],
    )
    doc.add_heading(_("Fasene: planlagt og faktisk"), level=1)
    _table(
        doc,
        [_("Fase"), _("planlagt"), _("faktisk")],
        [
            [
                p.name,
                f"{day(p.planned_start)} – {day(p.planned_end)}",
                f"{day(p.started_on)} – {day(p.completed_on) if p.completed_on else '…'}"
                if p.started_on
                else "–",
            ]
            for p in report.phases
        ],
    )
    doc.add_heading(_("Oppsummering"), level=1)
    _table(
        doc,
        [_("Trafikklys"), _("Tiltak"), _("Sjekkpunkter i nåværende fase")],
        [[c.light.label, tx.number(c.measures), tx.number(c.checkpoints)] for c in report.counts],
        {0: [c.light for c in report.counts]},
    )
    doc.add_paragraph(f"{_('Gjennomsnittlig fremdrift')}: {tx.percent(report.mean_progress)}")
    doc.add_heading(_("Forsinket – hvem må handle"), level=1)
    if report.late:
        _table(
            doc,
            [_("Type"), _("Hva"), _("Ansvarlig"), _("Frist"), _("Dager på overtid")],
            [[i.kind, i.title, i.owner, day(i.due), tx.number(i.days_late)] for i in report.late],
        )
    else:
        doc.add_paragraph(_("Ingen."))
    doc.add_heading(_("Frister de neste 30 dagene"), level=1)
    if report.upcoming:
        _table(
            doc,
            [_("Type"), _("Hva"), _("Ansvarlig"), _("Frist")],
            [[i.kind, i.title, i.owner, day(i.due)] for i in report.upcoming],
        )
    else:
        doc.add_paragraph(_("Ingen."))
    if report.kind == "yearly":
        doc.add_heading(_("Årsstatus per tiltak"), level=1)
        _table(
            doc,
            [_("Nr."), measure, _("Ansvarlig"), _("Status"), _("Rapportert i året"), _("Videre")],
            [
                [
                    y.ref,
                    y.title,
                    y.owner,
                    f"{y.status} {tx.percent(y.progress)}",
                    y.reported,
                    y.outcome,
                ]
                for y in report.yearly
            ],
        )
        doc.add_heading(_("Koordinatorens evaluering"), level=2)
        doc.add_paragraph(report.evaluation or _("Ingen."))
        doc.add_heading(_("Forslag til politisk behandling"), level=2)
        doc.add_paragraph(report.proposal or _("Ingen."))
    doc.add_heading(_("Tiltak"), level=1)
    for area in report.focus_areas:
        doc.add_heading(area.name, level=2)
        _table(
            doc,
            [
                _("Nr."),
                measure,
                _("Ansvarlig"),
                _("Frist"),
                _("Status"),
                _("Fremdrift"),
                _("Sist rapportert"),
                _("Trafikklys"),
            ],
            [
                [
                    m.ref,
                    m.title,
                    m.owner,
                    day(m.deadline),
                    m.status,
                    tx.percent(m.progress),
                    day(m.last_reported),
                    m.light.label,
                ]
                for m in area.measures
            ],
            {7: [m.light for m in area.measures]},
        )
    doc.add_heading(_("Sjekkpunkter i nåværende fase"), level=1)
    if report.phase_checkpoints:
        optional = " " + _("(valgfritt)")
        _table(
            doc,
            [_("Hva"), _("Ansvarlig"), _("Frist"), _("Fullført"), _("Trafikklys")],
            [
                [
                    c.title + ("" if c.required else optional),
                    c.responsible or "–",
                    day(c.due),
                    day(c.done_on),
                    c.light.label,
                ]
                for c in report.phase_checkpoints
            ],
            {4: [c.light for c in report.phase_checkpoints]},
        )
    doc.add_heading(_("Politiske vedtak"), level=1)
    for d in report.decisions:
        doc.add_paragraph(
            _("{date} {body} (saksnr. {case}): {summary}").format(
                date=day(d.decided_on), body=d.body, case=d.case_number, summary=d.summary
            ),
            style="List Bullet",
        )
    if not report.decisions:
        doc.add_paragraph(_("Ingen."))
    doc.add_heading(_("Høringer"), level=1)
    doc.add_paragraph(_responses_line(report, tx))
    for c in report.consultations:
        line = _("{body}: sendt {sent}, frist {due}, svar {response}").format(
            body=c.body, sent=day(c.sent_on), due=day(c.deadline), response=c.response
        )
        doc.add_paragraph(f"{line}; {c.effect}" if c.effect else line, style="List Bullet")
    if not report.consultations:
        doc.add_paragraph(_("Ingen."))
    doc.add_heading(_("Endringer siden forrige rapport"), level=1)
    for line in report.changes or [_("Ingen.")]:
        doc.add_paragraph(line, style="List Bullet" if report.changes else None)
    labels = tx.join(c.light.label for c in report.counts)
    doc.add_paragraph(
        _("Laget av planvakt {date}.").format(date=tx.date(report.today))
        + " "
        + _("Trafikklysene har alltid tekst: {labels}.").format(labels=labels)
    )
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
