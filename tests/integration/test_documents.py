"""Status documents and digests: golden files (bokmål and nynorsk), traffic-light labels,
HTML validity, hostile text, secrets, records with hash and snapshot, yearly report,
calendar feeds, Word → PDF."""

import io
import os
import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import html5lib
import icalendar
import pytest
from docx import Document as WordDocument
from sqlalchemy import select

from models import Digest, GeneratedDocument, MeasureStatus
from models.privacy import find_identity_numbers
from planvakt.core.errors import ValidationError
from planvakt.core.settings import get_settings
from planvakt.documents import ics
from planvakt.documents import store as documents
from planvakt.documents.render import render_docx, render_html, render_markdown
from planvakt.notify.outbox import enqueue
from planvakt.notify.recipients import recipient_name
from planvakt.services import plans
from planvakt.services.review import review_plan
from planvakt.views.report import build_report
from tests.documents_fixture import (
    ESCALATION_DAY,
    HOSTILE_TITLE,
    REMINDER_DAY,
    SECRET,
    TODAY,
    digest_plan,
    fixed_plan,
)

GOLDEN = Path(__file__).parent.parent / "golden"
ARTIFACTS = Path(__file__).parent.parent.parent / "test-artifacts"


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a Word document, in order (the golden form of a .docx)."""
    doc = WordDocument(io.BytesIO(content))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(lines) + "\n"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("PLANVAKT_TEST_UPDATE_GOLDEN") == "1" or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"


@pytest.fixture
def report(session, tmp_path):
    plan = fixed_plan(session, tmp_path)
    return build_report(plan, TODAY)


def test_status_report_matches_golden_files(report) -> None:
    check_golden("status_report.html", render_html(report))
    check_golden("status_report.md", render_markdown(report))
    check_golden("status_report.docx.txt", docx_text(render_docx(report)))


def test_nynorsk_status_report_matches_golden_files(session, tmp_path) -> None:
    report = build_report(fixed_plan(session, tmp_path, "nn"), TODAY)
    assert report.language == "nn"  # the plan's language, with no option given
    check_golden("status_report.nn.html", render_html(report))
    check_golden("status_report.nn.md", render_markdown(report))
    check_golden("status_report.nn.docx.txt", docx_text(render_docx(report)))


def digests_on(session, plan, day) -> dict[str, Digest]:
    """The digests the day's review of ``plan`` writes, by recipient name."""
    settings = get_settings()
    enqueue(session, review_plan(session, plan, day, settings).notices, day, settings)
    found = session.scalars(select(Digest).where(Digest.run_date == day)).all()
    return {recipient_name(session, d.recipient): d for d in found}


def digest_text(digest: Digest) -> str:
    """The golden form of a digest: its subject, then its plain text."""
    return f"Subject: {digest.subject}\n\n{digest.body_text}"


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_reminder_and_escalation_digests_match_golden_files(session, tmp_path, language) -> None:
    plan = digest_plan(session, tmp_path, language)
    child_welfare = {"nb": "Barnevernstjenesten", "nn": "Barnevernstenesta"}[language]
    reminder = digests_on(session, plan, REMINDER_DAY)[child_welfare]
    check_golden(f"digest_reminder.{language}.txt", digest_text(reminder))
    escalation = digests_on(session, plan, ESCALATION_DAY)["Kommunedirektøren"]
    check_golden(f"digest_escalation.{language}.txt", digest_text(escalation))
    assert escalation.body_html.startswith(f'<!DOCTYPE html>\n<html lang="{language}">')


def test_every_traffic_light_carries_its_text_label(report) -> None:
    labels = {
        "green": "På sporet",
        "yellow": "Risiko",
        "red": "Forsinket",
        "grey": "Ikke rapportert",
    }
    html = render_html(report)
    spans = re.findall(r'<span class="light light-(\w+)">.*?</svg> ([^<]+)</span>', html)
    assert len(spans) == html.count('class="light light-') and spans
    assert all(labels[key] == label for key, label in spans)
    lights = [m.light for area in report.focus_areas for m in area.measures]
    assert {light.key for light in lights} >= {"green", "red"}
    markdown = render_markdown(report)
    doc = docx_text(render_docx(report))
    for light in lights:
        assert light.label == labels[light.key]
    for label in {light.label for light in lights}:
        assert label in markdown and label in doc


def test_html_is_valid_html5_and_self_contained(report) -> None:
    html = render_html(report)
    html5lib.HTMLParser(strict=True).parse(html)  # raises on any parse error
    assert "<svg" in html and "@page" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)  # no external resources


def test_hostile_text_appears_literally_and_harmlessly_in_every_format(report) -> None:
    html = render_html(report)
    assert (
        "<script>" not in html
        and "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} &amp; «sitat»" in html
    )
    markdown = render_markdown(report)
    assert (
        "<script>" not in markdown
        and r"\<script\>alert(1)\</script\> {{ 7\*7 }} & «sitat»" in markdown
    )
    assert HOSTILE_TITLE in docx_text(render_docx(report))
    assert "49" not in markdown.split("Kunnskap og kompetanse")[1].split("\n\n")[1]


def test_documents_never_contain_secrets_or_identity_numbers(report) -> None:
    for text in (render_html(report), render_markdown(report), docx_text(render_docx(report))):
        assert SECRET not in text and "json://" not in text
        assert find_identity_numbers(text) == []


def test_documents_are_stored_as_records_and_fetched_as_made(session, tmp_path) -> None:
    plan = fixed_plan(session, tmp_path)
    first, stored = documents.generate(session, plan, TODAY)
    assert [d.format for d in stored] == ["html", "md", "docx"]
    fetched = documents.get_document(session, stored[0].id)
    assert fetched.content == render_html(first).encode() and len(fetched.sha256) == 64
    assert '"checkpoints_done"' in fetched.snapshot
    plans.report_measure(session, plan, "2.1", on=TODAY, today=TODAY, status="pågår", progress=10)
    second, _ = documents.generate(session, plan, date(2027, 4, 20), formats=["md"])
    assert "Tiltak 2.1: status planlagt → pågår" in second.changes
    assert "Tiltak 2.1: fremdrift 0\xa0% → 10\xa0%" in second.changes
    assert "Tiltak 2.1: fremdrift 0 % → 10 %" in render_markdown(second)  # one line, spaces
    stored[0].content = b"endret"
    session.flush()
    with pytest.raises(ValidationError, match="sjekksummen"):
        documents.get_document(session, stored[0].id)
    with pytest.raises(ValidationError, match="ukjent format 'pdf'"):
        documents.generate(session, plan, TODAY, formats=["pdf"])


def test_yearly_report_has_status_per_measure_evaluation_and_proposal(session, tmp_path) -> None:
    plan = fixed_plan(session, tmp_path)
    report, (md,) = documents.generate(
        session,
        plan,
        TODAY,
        kind="yearly",
        formats=["md"],
        evaluation="Arbeidet er godt i gang.",
        proposal="Planen videreføres.",
    )
    text = md.content.decode()
    assert report.title == "Årsrapport 2027" and "## Årsstatus per tiltak" in text
    assert "01.04.2027: pågår 45 % – God framdrift" in text
    assert (
        "| 4.1 | Digital dømmekraft | Grunnskole | fullført 100\xa0% | ingen rapport | fullført |"
        in text
    )
    assert "Arbeidet er godt i gang." in text and "Planen videreføres." in text
    assert session.query(GeneratedDocument).filter_by(kind="yearly").count() == 1


def test_calendar_feed_has_one_event_per_dated_item_with_stable_uids(session, tmp_path) -> None:
    plan = fixed_plan(session, tmp_path)
    stamp = datetime(2027, 4, 15, tzinfo=UTC)
    feed = icalendar.Calendar.from_ical(ics.plan_feed(plan, stamp))
    events = {str(e["UID"]): e for e in feed.walk("VEVENT")}
    edition = plan.current_edition
    open_checkpoints = [
        c for p in edition.phases if p.status != "done" for c in p.checkpoints if c.done_on is None
    ]
    open_measures = [m for m in edition.measures if not MeasureStatus(m.status).finished]
    assert len(events) == len(open_checkpoints) + len(open_measures) + len(edition.meetings)
    measure = next(m for m in edition.measures if m.ref == "1.1")
    event = events[f"measure-{measure.id}@planvakt"]
    assert event.decoded("DTSTART") == date(2027, 6, 30) and event.decoded("DTEND") == date(
        2027, 7, 1
    )
    assert str(event["SUMMARY"]) == "Frist tiltak 1.1: Kurs for lærere (Færder)"
    assert feed["X-WR-TIMEZONE"] == "Europe/Oslo" and feed.walk("VTIMEZONE")
    measure.deadline = date(2027, 8, 31)  # moved: same UID, new date
    plans.report_measure(
        session, plan, "2.1", on=TODAY, today=TODAY, status="fullført"
    )  # done: gone
    again = {
        str(e["UID"]): e
        for e in icalendar.Calendar.from_ical(ics.plan_feed(plan, stamp)).walk("VEVENT")
    }
    assert again[f"measure-{measure.id}@planvakt"].decoded("DTSTART") == date(2027, 8, 31)
    done = next(m for m in edition.measures if m.ref == "2.1")
    assert f"measure-{done.id}@planvakt" not in again and len(again) == len(events) - 1
    service = measure.owner
    mine = icalendar.Calendar.from_ical(ics.service_feed(session, service, stamp)).walk("VEVENT")
    assert {str(e["SUMMARY"]) for e in mine} == {"Frist tiltak 1.1: Kurs for lærere (Færder)"}


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("PLANVAKT_TEST_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{tool} is required here but not installed")
        pytest.skip(f"{tool} not installed")
    return path


def test_word_document_converts_to_pdf_with_libreoffice(report, tmp_path) -> None:
    office = _require("libreoffice")
    source = tmp_path / "statusrapport.docx"
    source.write_bytes(render_docx(report))
    result = subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / "statusrapport.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stdout + result.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(pdf, ARTIFACTS / "statusrapport.pdf")


def test_unconfirmed_regional_advisers_stay_marked_in_reports(session) -> None:
    from models import Municipality
    from tests.factories import make_plan

    oslo = build_report(make_plan(session, municipality_numbers=["0301"]), TODAY)
    assert oslo.rvts == "RVTS Øst (ikke bekreftet)" and oslo.korus == "KORUS Oslo (ikke bekreftet)"
    assert "RVTS Øst (ikke bekreftet)" in render_html(oslo)
    plan = make_plan(session, municipality_numbers=["3911"], slug="faerder")
    # Vestfold: sourced, but RVTS Sør's county list is not confirmed (domain-brief §2.1)
    assert build_report(plan, TODAY).rvts == "RVTS Sør (ikke bekreftet)"
    vestfold = session.get(Municipality, "3911")
    vestfold.regions_unverified = False  # confirmed by an operator
    try:
        faerder = build_report(plan, TODAY)
    finally:
        vestfold.regions_unverified = True  # the shared directory as loaded
    assert (faerder.rvts, faerder.korus) == ("RVTS Sør", "KORUS Sør")


def test_english_report_on_request(session, tmp_path) -> None:
    report = build_report(fixed_plan(session, tmp_path), TODAY, language="en")
    markdown = render_markdown(report)
    assert "## Late – who must act" in markdown and "| Checkpoint |" in markdown
    assert "15 April 2027" in markdown and "On track" in markdown and "Sjekkpunkt" not in markdown
    assert markdown.startswith("# Status report: ") and "set by the adoption decision" in markdown


def test_who_made_each_document_is_in_the_plans_audit_history(engine, tmp_path) -> None:
    from sqlalchemy import select

    from models import AuditEntry
    from planvakt.core.db import session_scope

    with session_scope(engine, actor="web:koordinator") as session:
        plan = fixed_plan(session, tmp_path)
        _, stored = documents.generate(session, plan, TODAY)
        plan_id, ids = plan.id, {str(d.id) for d in stored}
    with session_scope(engine, read_only=True) as session:
        rows = session.scalars(
            select(AuditEntry).where(
                AuditEntry.plan_id == plan_id, AuditEntry.entity == "generated_document"
            )
        ).all()
    assert {r.entity_id for r in rows} == ids and {r.actor for r in rows} == {"web:koordinator"}
    assert all(r.new_value is None for r in rows)  # the content itself is not copied there
