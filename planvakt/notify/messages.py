"""Digest messages: one per recipient per run, in bokmål (default) or English.

Rendered from typed views with the one Jinja2 environment: plain text for chat/SMS/webhooks,
HTML (autoescaped) for e-mail.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from models import Notice, Plan
from models.dates import format_date
from models.reminders import URGENCY, NoticeKind
from planvakt.core.render import render
from planvakt.core.settings import Settings


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class DigestLine:
    kind: str
    label: str
    title: str
    owner: str
    due: str
    plan_title: str
    link: str
    late: bool


@dataclass(frozen=True)
class DigestView:
    recipient: str
    run_date: str
    intro: str
    lines: list[DigestLine]
    late_count: int
    dashboard_url: str
    footer: str
    language: str


def kind_label(kind: NoticeKind, days_late: int, language: str) -> str:
    """'Frist om 7 dager', 'Frist i dag', 'Forsinket 1 dag' … for one digest line.

    ``days_late`` counts from the deadline to the day the message goes out (negative before
    it), so a reminder caught up after a missed day still says the truth.
    """
    n = abs(days_late)
    en = language == "en"
    days = (
        (f"{n} day" if n == 1 else f"{n} days") if en else (f"{n} dag" if n == 1 else f"{n} dager")
    )
    if kind in (NoticeKind.REMINDER, NoticeKind.DUE):
        if days_late < -1:
            return f"Due in {days}" if en else f"Frist om {days}"
        if days_late == -1:
            return "Due tomorrow" if en else "Frist i morgen"
        if days_late == 0:
            return "Due today" if en else "Frist i dag"
        return f"{days} late" if en else f"Forsinket {days}"
    if kind == NoticeKind.GATE:
        if days_late < 0:
            return f"Phase due to finish in {days}" if en else f"Fasen skal være ferdig om {days}"
        if days_late == 0:
            return "Phase due to finish today" if en else "Fasen skal være ferdig i dag"
        return f"Phase {days} over time" if en else f"Fasen er {days} over tiden"
    labels = {
        NoticeKind.OVERDUE: (f"Forsinket {days}", f"{days} late"),
        NoticeKind.ESCALATION: (f"Eskalert: forsinket {days}", f"Escalated: {days} late"),
        NoticeKind.ESCALATION_ADMIN: (
            f"Eskalert til administrativ ledelse: forsinket {days}",
            f"Escalated to administrative leadership: {days} late",
        ),
        NoticeKind.NUDGE: ("Mangler statusoppdatering", "No status update"),
        NoticeKind.YEARLY_STATUS: (
            "Årlig rullering: rapporter status",
            "Yearly revision: report status",
        ),
    }
    nb_label, en_label = labels[kind]
    return en_label if en else nb_label


LATE_KINDS = {NoticeKind.OVERDUE, NoticeKind.ESCALATION, NoticeKind.ESCALATION_ADMIN}


def _most_urgent(notices: Iterable[Notice]) -> list[Notice]:
    best: dict[tuple[int, str], Notice] = {}
    for n in notices:
        key = (n.plan_id, n.item)
        if key not in best or URGENCY[NoticeKind(n.kind)] > URGENCY[NoticeKind(best[key].kind)]:
            best[key] = n
    return sorted(
        best.values(),
        key=lambda n: (-URGENCY[NoticeKind(n.kind)], n.due_date or n.trigger_date, n.title),
    )


def _late_on(notice: Notice, run_date: date) -> int:
    """Days from the deadline to the day the message goes out (negative before it)."""
    return (run_date - notice.due_date).days if notice.due_date else notice.days_late


def render_digest(
    recipient: str,
    notices: list[Notice],
    plans: dict[int, Plan],
    run_date: date,
    settings: Settings,
) -> Message:
    """Render one recipient's digest: one line per item, the most urgent reason first."""
    language = settings.language
    base = settings.dashboard_url.rstrip("/")
    lines = [
        DigestLine(
            kind=n.kind,
            label=kind_label(NoticeKind(n.kind), _late_on(n, run_date), language),
            title=n.title,
            owner=n.owner or "",
            due=format_date(n.due_date, language) if n.due_date else "",
            plan_title=plans[n.plan_id].title,
            link=f"{base}/planer/{plans[n.plan_id].slug}",
            late=NoticeKind(n.kind) in LATE_KINDS
            or (n.due_date is not None and run_date > n.due_date),
        )
        for n in _most_urgent(notices)
    ]
    late = sum(1 for line in lines if line.late)
    if language == "en":
        subject = f"planvakt: {len(lines)} items need attention" + (
            f", {late} late" if late else ""
        )
        intro = (
            f"To {recipient}: these deadlines in the action plan against radicalisation "
            "need attention."
        )
        footer = "Sent by planvakt. Reply to your coordinator if something is wrong."
    else:
        subject = f"planvakt: {len(lines)} {'sak' if len(lines) == 1 else 'saker'} å følge opp" + (
            f", {late} forsinket" if late else ""
        )
        intro = (
            f"Til {recipient}: disse fristene i handlingsplanen mot radikalisering og "
            "voldelig ekstremisme trenger oppfølging."
        )
        footer = "Sendt av planvakt. Ta kontakt med koordinatoren hvis noe er feil."
    view = DigestView(
        recipient, format_date(run_date, language), intro, lines, late, base, footer, language
    )
    return Message(
        subject=subject,
        text=render("messages/digest.txt.j2", digest=view),
        html=render("messages/digest.html.j2", digest=view),
    )
