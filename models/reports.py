"""Rules for status documents: when a report is due, and what changed since the last one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

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


def changes_since(previous: Mapping[str, Any] | None, current: Mapping[str, Any]) -> list[str]:
    """What changed between two report snapshots, in bokmål sentences.

    A snapshot has ``phase`` (name), ``measures`` ({ref: {title, status, progress}}) and
    ``checkpoints_done`` (titles).
    """
    if not previous:
        return []
    lines: list[str] = []
    if previous.get("phase") != current.get("phase"):
        lines.append(
            f"Ny fase: {current.get('phase') or 'alle faser fullført'} (var {previous.get('phase')})"
        )
    done_before = set(previous.get("checkpoints_done", []))
    lines += [
        f"Sjekkpunkt fullført: {title}"
        for title in current.get("checkpoints_done", [])
        if title not in done_before
    ]
    old = previous.get("measures", {})
    for ref, now in current.get("measures", {}).items():
        before = old.get(ref)
        if before is None:
            lines.append(f"Nytt tiltak {ref}: {now['title']}")
            continue
        if before["status"] != now["status"]:
            lines.append(f"Tiltak {ref}: status {before['status']} → {now['status']}")
        if before["progress"] != now["progress"]:
            lines.append(f"Tiltak {ref}: fremdrift {before['progress']} % → {now['progress']} %")
    lines += [f"Tiltak {ref} er fjernet" for ref in old if ref not in current.get("measures", {})]
    return lines
