"""Rules for status documents: when a report is due, and what changed since the last one.

The change lines are bokmål templates marked for the catalogs; the report view translates
them into the report's language (models never import planvakt).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from models.texts import N_

MEETING_LEAD_DAYS = 14  # a report goes out this long before a political meeting


def report_due(
    today: date,
    last_report: date | None,
    meetings: Iterable[date],
    lead_days: int = MEETING_LEAD_DAYS,
) -> bool:
    """A status report is due once a calendar month, and before each political meeting.

    Before a meeting means: the meeting is within ``lead_days`` and no report has been made
    since the window before it opened.
    """
    if last_report is None or (last_report.year, last_report.month) != (today.year, today.month):
        return True
    for meeting in meetings:
        opens = meeting - timedelta(days=lead_days)
        if opens <= today <= meeting and last_report < opens:
            return True
    return False


@dataclass(frozen=True)
class Change:
    """One line of «what changed since the previous report».

    ``text`` is a bokmål template (marked for the catalogs) with ``{name}`` placeholders;
    the view translates it into the report's language and fills in ``params`` — whole
    numbers are percentages and are formatted as such.
    """

    text: str
    params: Mapping[str, str | int] = field(default_factory=dict)


def changes_since(previous: Mapping[str, Any] | None, current: Mapping[str, Any]) -> list[Change]:
    """What changed between two report snapshots, as :class:`Change` lines.

    A snapshot has ``phase`` (name), ``measures`` ({ref: {title, status, progress}}) and
    ``checkpoints_done`` (titles).
    """
    if not previous:
        return []
    lines: list[Change] = []
    if previous.get("phase") != current.get("phase"):
        was = str(previous.get("phase"))
        if current.get("phase"):
            lines.append(
                Change(N_("Ny fase: {phase} (var {was})"), {"phase": current["phase"], "was": was})
            )
        else:
            lines.append(Change(N_("Alle faser er fullført (var {was})"), {"was": was}))
    done_before = set(previous.get("checkpoints_done", []))
    lines += [
        Change(N_("Sjekkpunkt fullført: {title}"), {"title": title})
        for title in current.get("checkpoints_done", [])
        if title not in done_before
    ]
    old = previous.get("measures", {})
    for ref, now in current.get("measures", {}).items():
        before = old.get(ref)
        if before is None:
            lines.append(
                Change(N_("Nytt tiltak {ref}: {title}"), {"ref": ref, "title": now["title"]})
            )
            continue
        if before["status"] != now["status"]:
            lines.append(
                Change(
                    N_("Tiltak {ref}: status {was} → {now}"),
                    {"ref": ref, "was": before["status"], "now": now["status"]},
                )
            )
        if before["progress"] != now["progress"]:
            lines.append(
                Change(
                    N_("Tiltak {ref}: fremdrift {was} → {now}"),
                    {"ref": ref, "was": int(before["progress"]), "now": int(now["progress"])},
                )
            )
    lines += [
        Change(N_("Tiltak {ref} er fjernet"), {"ref": ref})
        for ref in old
        if ref not in current.get("measures", {})
    ]
    return lines
