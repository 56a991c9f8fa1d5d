"""Digest messages: one per recipient per run, in the language of the plans it is about.

Rendered from typed views with the language's Jinja2 environment: plain text for
chat/SMS/webhooks, HTML (autoescaped) for e-mail. Every word comes from the catalogs
(bokmål msgids), dates and numbers are formatted for the language by Babel.

Which language: a digest speaks the language of the plans it covers (``plan.language``). A
recipient told about plans in different languages in one run gets one digest in bokmål
(the source language, which every Norwegian reader reads), never a mix of languages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from models import Notice, Plan
from models.reminders import URGENCY, NoticeKind
from planvakt.core.languages import Language, Texts, texts
from planvakt.core.render import render
from planvakt.core.settings import Settings
from planvakt.views.report import plan_language, shared_language


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str
    language: Language


@dataclass(frozen=True)
class DigestLine:
    kind: str
    label: str  # why this line is here: «Frist om 14 dager», «30 dager på overtid» …
    title: str
    detail: str  # «Frist: 15. mars 2027. Ansvarlig: NAV», or ""
    plan_title: str
    link: str
    late: bool


@dataclass(frozen=True)
class DigestView:
    recipient: str
    run_date: date
    intro: str
    lines: list[DigestLine]
    late_count: int
    plan_title: str  # the plan's title when every line is about one plan, else ""
    link: str  # that plan's page, else the dashboard
    language: Language


def kind_label(kind: NoticeKind, days_late: int, language: Language) -> str:
    """«Frist om 7 dager», «Frist i dag», «1 dag på overtid» … for one digest line.

    ``days_late`` counts from the deadline to the day the message goes out (negative before
    it), so a reminder caught up after a missed day still says the truth.
    """
    tx = texts(language)
    n = abs(days_late)
    if kind in (NoticeKind.REMINDER, NoticeKind.DUE, NoticeKind.OVERDUE):
        if days_late < -1:
            return tx.ngettext("Frist om {n} dag", "Frist om {n} dager", n).format(n=n)
        if days_late == -1:
            return tx.gettext("Frist i morgen")
        if days_late == 0:
            return tx.gettext("Frist i dag")
        return tx.ngettext("{n} dag på overtid", "{n} dager på overtid", n).format(n=n)
    if kind == NoticeKind.GATE:
        if days_late < 0:
            return tx.ngettext(
                "Fasen skal være ferdig om {n} dag", "Fasen skal være ferdig om {n} dager", n
            ).format(n=n)
        if days_late == 0:
            return tx.gettext("Fasen skal være ferdig i dag")
        return tx.ngettext(
            "Fasen er {n} dag på overtid", "Fasen er {n} dager på overtid", n
        ).format(n=n)
    if kind == NoticeKind.ESCALATION:
        return tx.ngettext(
            "Eskalert: {n} dag på overtid", "Eskalert: {n} dager på overtid", n
        ).format(n=n)
    if kind == NoticeKind.ESCALATION_ADMIN:
        return tx.ngettext(
            "Eskalert til administrativ ledelse: {n} dag på overtid",
            "Eskalert til administrativ ledelse: {n} dager på overtid",
            n,
        ).format(n=n)
    if kind == NoticeKind.NUDGE:
        return tx.gettext("Mangler statusoppdatering")
    return tx.gettext("Årlig rullering – rapporter status")


LATE_KINDS = {NoticeKind.OVERDUE, NoticeKind.ESCALATION, NoticeKind.ESCALATION_ADMIN}
ESCALATIONS = {NoticeKind.ESCALATION, NoticeKind.ESCALATION_ADMIN}


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


def _detail(tx: Texts, due: date | None, owner: str) -> str:
    """The deadline and the owner of one line, as far as they are known."""
    parts = []
    if due is not None:
        parts.append(tx.gettext("Frist: {date}.").format(date=tx.date(due)))
    if owner:
        parts.append(tx.gettext("Ansvarlig: {owner}").format(owner=owner))
    return " ".join(parts)


def digest_language(plans: Iterable[Plan]) -> Language:
    """The language of a digest about ``plans``: theirs if they agree, else bokmål."""
    return shared_language(plan_language(plan) for plan in plans)


def _intro(tx: Texts, kinds: set[NoticeKind], lines: int, days: int, run_date: str) -> str:
    """The sentence before the lines: why the recipient gets them."""
    if kinds == {NoticeKind.ESCALATION_ADMIN}:
        return tx.ngettext(
            "Dette punktet i handlingsplanen mot radikalisering og voldelig ekstremisme er "
            "mer enn {days} dager på overtid og er derfor sendt videre til administrativ "
            "ledelse (per {date}):",
            "Disse punktene i handlingsplanen mot radikalisering og voldelig ekstremisme er "
            "mer enn {days} dager på overtid og er derfor sendt videre til administrativ "
            "ledelse (per {date}):",
            lines,
        ).format(days=days, date=run_date)
    if kinds <= ESCALATIONS:
        return tx.ngettext(
            "Dette punktet i handlingsplanen mot radikalisering og voldelig ekstremisme er "
            "mer enn {days} dager på overtid og er derfor sendt videre til leder og "
            "koordinator (per {date}):",
            "Disse punktene i handlingsplanen mot radikalisering og voldelig ekstremisme er "
            "mer enn {days} dager på overtid og er derfor sendt videre til leder og "
            "koordinator (per {date}):",
            lines,
        ).format(days=days, date=run_date)
    return tx.gettext("Dette må følges opp (per {date}):").format(date=run_date)


def _subject(tx: Texts, escalation: bool, lines: int, late: int) -> str:
    if escalation:
        return tx.ngettext(
            "planvakt: {n} frist på overtid – til orientering",
            "planvakt: {n} frister på overtid – til orientering",
            lines,
        ).format(n=lines)
    subject = tx.ngettext(
        "planvakt: {n} frist å følge opp", "planvakt: {n} frister å følge opp", lines
    ).format(n=lines)
    if late:
        subject += tx.gettext(", {n} på overtid").format(n=late)
    return subject


def render_digest(
    recipient: str,
    notices: list[Notice],
    plans: dict[int, Plan],
    run_date: date,
    settings: Settings,
) -> Message:
    """Render one recipient's digest: one line per item, the most urgent reason first.

    The digest is in the language of the plans it is about when they share one, else in
    bokmål (:func:`digest_language`). A digest of escalations only says why the recipient
    is told (the item is long overdue and sent on to them) and asks for nothing.
    """
    urgent = _most_urgent(notices)
    language = digest_language(plans[n.plan_id] for n in urgent)
    tx = texts(language)
    base = settings.dashboard_url.rstrip("/")
    kinds = {NoticeKind(n.kind) for n in urgent}
    escalation = bool(kinds) and kinds <= ESCALATIONS
    lines = [
        DigestLine(
            kind=n.kind,
            # In a digest of escalations the intro says why; the line says how late.
            label=kind_label(
                NoticeKind.OVERDUE if escalation else NoticeKind(n.kind),
                _late_on(n, run_date),
                language,
            ),
            title=n.title,
            detail=_detail(tx, n.due_date, n.owner or ""),
            plan_title=plans[n.plan_id].title,
            link=f"{base}/planer/{plans[n.plan_id].slug}",
            late=NoticeKind(n.kind) in LATE_KINDS
            or (n.due_date is not None and run_date > n.due_date),
        )
        for n in urgent
    ]
    late = sum(1 for line in lines if line.late)
    one_plan = len({n.plan_id for n in urgent}) == 1
    days = min((_late_on(n, run_date) for n in urgent), default=0)
    view = DigestView(
        recipient=recipient,
        run_date=run_date,
        intro=_intro(tx, kinds, len(lines), days, tx.date(run_date)),
        lines=lines,
        late_count=late,
        plan_title=lines[0].plan_title if one_plan else "",
        link=lines[0].link if one_plan else base,
        language=language,
    )
    return Message(
        subject=_subject(tx, escalation, len(lines), late),
        text=render("messages/digest.txt.j2", language, digest=view),
        html=render("messages/digest.html.j2", language, digest=view),
        language=language,
    )
