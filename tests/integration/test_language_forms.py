"""Every document and message a plan sends speaks one language, the plan's.

Renders each kind — status report (HTML, Markdown, Word), yearly report, reminder and
escalation digests (subject, text, HTML), every notice label, calendar feeds — for a plan in
nynorsk, bokmål and English whose own texts (measures, decisions) are written in that
language, and looks for word forms that belong to another language: bokmål-only forms in
nynorsk, nynorsk-only forms in bokmål, English in either, Norwegian in English.
"""

from __future__ import annotations

import html
import io
import re
from datetime import UTC, datetime

import icalendar
import pytest
from docx import Document as WordDocument

from models.reminders import NoticeKind
from planvakt.documents import ics
from planvakt.documents.render import render_docx, render_html, render_markdown
from planvakt.notify.messages import kind_label
from planvakt.services import plans, recipients
from planvakt.views.report import StatusReport, build_report
from tests.documents_fixture import (
    ESCALATION_DAY,
    REMINDER_DAY,
    TODAY,
    USER_TEXTS,
    digest_plan,
    fixed_plan,
)
from tests.integration.test_documents import digests_on

# Forms that are not nynorsk (each checked against Nynorskordboka: «også», «mellom»,
# «etter», «eller», «derfor» and the noun «laget» are good nynorsk too, so not listed).
NOT_NYNORSK = [
    "ikke",
    "hvis",
    "fremdrift",
    "ansvarlig",
    "hvem",
    "hva",
    "nåværende",
    "forsinket",
    "dager",
    "dagene",
    "uker",
    "måneder",
    "frister",
    "sjekkpunkter",
    "tjeneste",
    "tjenesten",
    "uttalelse",
    "høring",
    "høringer",
    "utsatt",
    "avsluttet",
    "vedtatt",
    "noe",
    "noen",
    "fra",
    "siden",
    "forrige",
    "endringer",
    "ledelse",
    "leder",
    "mangler",
    "årlig",
    "følges",
    "meldingen",
    "være",
    "hvor",
    "mye",
    "utgave",
    "fasene",
    "ressurser",
    "gjennomsnittlig",
    "innhold",
    "virkning",
    "enhet",
    "eller hvis",
    "ansvarlig enhet",
]
# Forms that are not bokmål. «framdrift» and the a-endings («meldinga») are good bokmål too.
NOT_BOKMAL = [
    "ikkje",
    "kven",
    "ansvarleg",
    "noverande",
    "forseinka",
    "dagar",
    "dagane",
    "veker",
    "månader",
    "fristar",
    "eining",
    "teneste",
    "tenesta",
    "frå",
    "dei",
    "korleis",
    "kva",
    "noko",
    "sidan",
    "førre",
    "endringar",
    "leiing",
    "høyring",
    "manglar",
    "årleg",
    "følgje",
    "vere",
    "utgåve",
    "fasane",
    "ressursar",
    "gjennomsnittleg",
    "innhald",
    "verknad",
]
ENGLISH = [
    "the",
    "and",
    "of",
    "deadline",
    "deadlines",
    "overdue",
    "measure",
    "measures",
    "progress",
    "due",
    "late",
    "none",
    "done",
    "in_progress",
    "undeliverable",
    "reminder",
    "escalated",
    "phase",
    "checkpoint",
    "owner",
    "summary",
    "today",
]
NORWEGIAN = [
    "ikke",
    "ikkje",
    "og",
    "på",
    "frist",
    "frister",
    "fristar",
    "tiltak",
    "sjekkpunkt",
    "sjekkpunkter",
    "dager",
    "dagar",
    "fremdrift",
    "framdrift",
    "ansvarlig",
    "ansvarleg",
    "kommune",
    "fylke",
    "ingen",
    "til",
    "av",
    "med",
    "er",
    "fra",
    "frå",
    "planlagt",
    "pågår",
    "forsinket",
    "forseinka",
    "høring",
    "høyring",
    "rapport",
    "statusrapport",
    "årsrapport",
]
WRONG = {
    "nn": NOT_NYNORSK + ENGLISH,
    "nb": NOT_BOKMAL + ENGLISH,
    "en": NORWEGIAN,
}
LANGUAGES = ["nn", "nb", "en"]


def wrong_words(text: str, language: str) -> list[str]:
    """The listed forms of other languages found as whole words (any case) in ``text``."""
    text = re.sub(r"https?://\S+", " ", text)  # addresses are not words
    return sorted(
        {
            word
            for word in WRONG[language]
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE)
        }
    )


def visible(page: str) -> str:
    """The text a reader sees in an HTML page (styles, tags and entities resolved)."""
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def docx_words(content: bytes) -> str:
    doc = WordDocument(io.BytesIO(content))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def calendar_words(content: bytes) -> str:
    feed = icalendar.Calendar.from_ical(content)
    words = [str(feed["X-WR-CALNAME"])]
    for event in feed.walk("VEVENT"):
        words += [str(event["SUMMARY"]), str(event["DESCRIPTION"])]
    return "\n".join(words)


def report_texts(report: StatusReport) -> dict[str, str]:
    return {
        "html": visible(render_html(report)),
        "md": render_markdown(report),
        "docx": docx_words(render_docx(report)),
    }


def assert_in_language(texts: dict[str, str], language: str) -> None:
    found = {kind: wrong_words(text, language) for kind, text in texts.items()}
    assert not any(found.values()), f"words of another language in {language}: {found}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_status_report_with_changes_speaks_the_plans_language(session, tmp_path, language) -> None:
    plan = fixed_plan(session, tmp_path, language)
    before = build_report(plan, TODAY)
    plans.report_measure(session, plan, "2.1", on=TODAY, today=TODAY, status="pågår", progress=10)
    # the report before: in the phase before, with a measure since removed, one not yet made
    previous = before.snapshot()
    previous["phase"] = before.phases[0].name
    previous["measures"]["9.9"] = previous["measures"].pop("4.1")
    report = build_report(plan, TODAY, previous=previous)
    assert report.language == language and report.late and report.upcoming
    assert len(report.changes) == 5 and report.decisions and report.consultations
    assert_in_language(report_texts(report), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_yearly_report_speaks_the_plans_language(session, tmp_path, language) -> None:
    plan = fixed_plan(session, tmp_path, language)
    words = USER_TEXTS[language]
    report = build_report(
        plan, TODAY, kind="yearly", evaluation=words.comment, proposal=words.decision
    )
    assert report.yearly and report.kind == "yearly"
    assert_in_language(report_texts(report), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_reminder_and_escalation_digests_speak_the_plans_language(
    session, tmp_path, language
) -> None:
    plan = digest_plan(session, tmp_path, language)
    texts: dict[str, str] = {}
    for day in (REMINDER_DAY, ESCALATION_DAY):
        for name, digest in digests_on(session, plan, day).items():
            key = f"{day}/{name}"
            texts[f"{key}/subject"] = digest.subject
            texts[f"{key}/text"] = digest.body_text
            texts[f"{key}/html"] = visible(digest.body_html)
    assert len(texts) >= 6
    assert_in_language(texts, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_notice_label_speaks_the_language(language) -> None:
    labels = {
        f"{kind}/{days}": kind_label(kind, days, language)
        for kind in NoticeKind
        for days in (-14, -1, 0, 1, 30)
    }
    assert len(set(labels.values())) > 10
    assert_in_language(labels, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_calendar_feeds_speak_the_plans_language(session, tmp_path, language) -> None:
    plan = fixed_plan(session, tmp_path, language)
    stamp = datetime(2027, 4, 15, tzinfo=UTC)
    service = recipients.find_service(session, USER_TEXTS[language].municipality, "grunnskole")
    texts = {
        "plan": calendar_words(ics.plan_feed(plan, stamp)),
        "service": calendar_words(ics.service_feed(session, service, stamp)),
    }
    assert "VEVENT" not in texts["plan"] and texts["plan"].count("\n") > 10
    assert_in_language(texts, language)


def test_the_word_check_finds_what_it_looks_for() -> None:
    assert wrong_words("Frist om 14 dager. Ansvarlig: NAV", "nn") == ["ansvarlig", "dager"]
    assert wrong_words("Ingen fristar dei neste dagane", "nb") == ["dagane", "dei", "fristar"]
    assert wrong_words("Due in 3 days, see https://x/frist", "nb") == ["due"]
    assert wrong_words("Measure 1.2: deadline på overtid", "en") == ["på"]
    assert wrong_words("Høyringsfrist (minst seks veker)", "nn") == []
