from datetime import date, timedelta

import pytest

from models import Notice, Plan
from planvakt.core.settings import get_settings
from planvakt.notify.messages import render_digest


def _notice(kind: str, title: str, days_late: int) -> Notice:
    run = date(2027, 5, 18)
    return Notice(
        plan_id=1,
        recipient="service:1",
        item=f"measure:{title}",
        kind=kind,
        trigger_date=run,
        run_date=run,
        title=title,
        owner="NAV",
        due_date=run - timedelta(days=days_late),
        days_late=days_late,
    )


def test_digest_is_escaped_in_html_and_literal_in_text() -> None:
    plan = Plan(id=1, slug="3911-faerder-2027", title="Handlingsplan – Færder")
    hostile = "<script>alert(1)</script> {{ 7*7 }}"
    message = render_digest(
        "NAV", [_notice("overdue", hostile, 7)], {1: plan}, date(2027, 5, 18), get_settings()
    )
    assert (
        "<script>" not in message.html
        and "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in message.html
    )
    assert f"Forsinket 7 dager: {hostile} (frist 11. mai 2027)" in message.text
    assert message.subject == "planvakt: 1 sak å følge opp, 1 forsinket"


def test_one_line_per_item_with_the_most_urgent_reason_first() -> None:
    plan = Plan(id=1, slug="p", title="Plan")
    notices = [
        _notice("reminder", "Kurs", -7),
        _notice("escalation", "Rutine", 7),
        _notice("overdue", "Rutine", 7),
    ]
    message = render_digest("NAV", notices, {1: plan}, date(2027, 5, 18), get_settings())
    lines = [line for line in message.text.splitlines() if line.startswith("- ")]
    assert lines == [
        "- Eskalert: forsinket 7 dager: Rutine (frist 11. mai 2027)",
        "- Frist om 7 dager: Kurs (frist 25. mai 2027)",
    ]


@pytest.mark.parametrize(
    ("kind", "days_late", "label"),
    [
        ("reminder", -14, "Frist om 14 dager"),
        ("reminder", -1, "Frist i morgen"),
        ("due", 0, "Frist i dag"),
        ("due", 1, "Forsinket 1 dag"),
        ("overdue", 7, "Forsinket 7 dager"),
        ("gate", -14, "Fasen skal være ferdig om 14 dager"),
        ("gate", 3, "Fasen er 3 dager over tiden"),
        ("escalation-admin", 30, "Eskalert til administrativ ledelse: forsinket 30 dager"),
    ],
)
def test_labels_count_from_the_day_the_message_goes_out(
    kind: str, days_late: int, label: str
) -> None:
    from models.reminders import NoticeKind
    from planvakt.notify.messages import kind_label

    assert kind_label(NoticeKind(kind), days_late, "nb") == label
