from datetime import date, timedelta

import pytest

from models import Notice, Plan
from models.reminders import NoticeKind
from planvakt.core.settings import get_settings
from planvakt.notify.messages import kind_label, render_digest

RUN = date(2027, 5, 18)


def _notice(kind: str, title: str, days_late: int, plan_id: int = 1) -> Notice:
    return Notice(
        plan_id=plan_id,
        recipient="service:1",
        item=f"measure:{title}",
        kind=kind,
        trigger_date=RUN,
        run_date=RUN,
        title=title,
        owner="NAV",
        due_date=RUN - timedelta(days=days_late),
        days_late=days_late,
    )


def _plan(plan_id: int = 1, language: str = "nb", title: str = "Plan") -> Plan:
    return Plan(id=plan_id, slug=f"p{plan_id}", title=title, language=language)


def test_digest_is_escaped_in_html_and_literal_in_text() -> None:
    plan = _plan(title="Handlingsplan – Færder")
    hostile = "<script>alert(1)</script> {{ 7*7 }}"
    message = render_digest("NAV", [_notice("overdue", hostile, 7)], {1: plan}, RUN, get_settings())
    assert (
        "<script>" not in message.html
        and "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in message.html
    )
    assert f"- 7 dager på overtid: {hostile}\n  Frist: 11. mai 2027. Ansvarlig: NAV\n" in (
        message.text
    )
    assert message.subject == "planvakt: 1 frist å følge opp, 1 på overtid"


def test_one_line_per_item_with_the_most_urgent_reason_first() -> None:
    notices = [
        _notice("reminder", "Kurs", -7),
        _notice("escalation", "Rutine", 7),
        _notice("overdue", "Rutine", 7),
    ]
    message = render_digest("NAV", notices, {1: _plan()}, RUN, get_settings())
    lines = [line for line in message.text.splitlines() if line.startswith("- ")]
    assert lines == ["- Eskalert: 7 dager på overtid: Rutine", "- Frist om 7 dager: Kurs"]
    assert message.subject == "planvakt: 2 frister å følge opp, 1 på overtid"


@pytest.mark.parametrize(
    ("kind", "days_late", "label"),
    [
        ("reminder", -14, "Frist om 14 dager"),
        ("reminder", -2, "Frist om 2 dager"),
        ("reminder", -1, "Frist i morgen"),
        ("due", 0, "Frist i dag"),
        ("due", 1, "1 dag på overtid"),
        ("overdue", 7, "7 dager på overtid"),
        ("gate", -14, "Fasen skal være ferdig om 14 dager"),
        ("gate", 3, "Fasen er 3 dager på overtid"),
        ("gate", 1, "Fasen er 1 dag på overtid"),
        ("escalation-admin", 30, "Eskalert til administrativ ledelse: 30 dager på overtid"),
        ("nudge", 0, "Mangler statusoppdatering"),
        ("yearly-status", 0, "Årlig rullering – rapporter status"),
    ],
)
def test_labels_count_from_the_day_the_message_goes_out(
    kind: str, days_late: int, label: str
) -> None:
    assert kind_label(NoticeKind(kind), days_late, "nb") == label


@pytest.mark.parametrize(
    ("language", "kind", "days_late", "label"),
    [
        ("nn", "reminder", -14, "Frist om 14 dagar"),
        ("nn", "reminder", -1, "Frist i morgon"),
        ("nn", "overdue", 1, "1 dag på overtid"),
        ("nn", "escalation-admin", 30, "Eskalert til administrativ leiing: 30 dagar på overtid"),
        ("nn", "gate", -7, "Fasen skal vere ferdig om 7 dagar"),
        ("nn", "nudge", 0, "Manglar statusoppdatering"),
        ("en", "reminder", -14, "Due in 14 days"),
        ("en", "due", 1, "1 day overdue"),
        ("en", "escalation", 7, "Escalated: 7 days overdue"),
    ],
)
def test_labels_in_nynorsk_and_english(language, kind, days_late, label) -> None:
    assert kind_label(NoticeKind(kind), days_late, language) == label


def test_a_digest_speaks_the_language_of_its_plans() -> None:
    notices = [_notice("reminder", "Kurs", -14, plan_id=1), _notice("overdue", "Rutine", 3, 2)]
    both_nn = {1: _plan(1, "nn"), 2: _plan(2, "nn")}
    message = render_digest("NAV", notices, both_nn, RUN, get_settings())
    assert message.language == "nn" and message.subject == (
        "planvakt: 2 fristar å følgje opp, 1 på overtid"
    )
    assert "- Frist om 14 dagar: Kurs\n  Frist: 1. juni 2027. Ansvarleg: NAV\n" in message.text
    assert '<html lang="nn">' in message.html
    mixed = {1: _plan(1, "nn"), 2: _plan(2, "nb")}  # plans that disagree: bokmål
    message = render_digest("NAV", notices, mixed, RUN, get_settings())
    assert message.language == "nb" and "Frist om 14 dager: Kurs" in message.text
    # more than one plan: every line names its plan and links to it
    assert "  Plan: http://127.0.0.1:8000/planer/p2\n" in message.text


def test_a_digest_of_escalations_only_says_why_and_asks_for_nothing() -> None:
    notices = [_notice("escalation-admin", "Rutine", 30), _notice("escalation-admin", "Kurs", 31)]
    message = render_digest("Kommunedirektøren", notices, {1: _plan()}, RUN, get_settings())
    assert message.subject == "planvakt: 2 frister på overtid – til orientering"
    assert "Disse punktene i handlingsplanen" in message.text and "administrativ ledelse" in (
        message.text
    )
    assert "- 31 dager på overtid: Kurs" in message.text
