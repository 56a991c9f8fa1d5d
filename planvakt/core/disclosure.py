"""Who reads what planvakt makes, and what politicians and the public may see of a plan.

Every output has one audience (:data:`OUTPUTS` is the list):

- **internal** — the municipality's own staff, logged in or holding their own token: the
  dashboard, the JSON API, the plan and measure exports, reminders and escalations, the
  command line. They see everything the plan holds, exempt entries with their legal basis.
- **political** — politicians and the municipal case system: the status and yearly
  reports (HTML, Markdown, Word), stored and published as Prefect artifacts. A report laid
  before a political body becomes a public record, so it follows the public rules.
- **public** — anyone: the public page of an adopted plan, and the calendar feeds (their
  link is a bearer token that may be passed on, so they are treated as public).

Political and public outputs follow two rules.

**Exempt consultation entries never appear.** A consultation entry marked exempt from public
access (:attr:`models.records.Consultation.exempt`, with its legal basis) is left out whole:
not its body, its dates, its response or its effect.

**Counts about people are suppressed when small.** A count is *about people* when what it
counts comes from, or stands for, people outside the plan's own work: consultation
responses (a public consultation may be answered by private persons, and an exempt response
nearly always concerns someone), and the exempt responses among them; a count of
participants would be one too (planvakt records participants as organisations and roles and
counts none). Counts of what the plan itself is made of — measures per status, light or
focus area, checkpoints, phases, decisions, meetings, days late, progress — are about the
plan: a measure is not a person, and the documents list the measures one by one anyway, so
they are shown as they are. A count about people below ``small_count_threshold``
(``PLANVAKT_SMALL_COUNT_THRESHOLD``, default 5) is shown as «under 5», zero included (so that
«under 5» never tells whether there are any): :func:`small_count`, in templates the filter
``small_count``.

The responses line says «N svar, hvorav M unntatt offentlighet» only when M is not small.
When M is small the exempt responses are left out of N too, not folded into it: the public
responses are listed one by one, so a total that counted the exempt ones would give M away by
subtraction. A fixed sentence beside the line says that exempt responses are not shown and,
when fewer than the threshold, not counted; it stands whether or not there are any, so it
tells nothing (:mod:`planvakt.views.consultations`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from planvakt.core.languages import Texts
from planvakt.core.settings import get_settings


class Audience(StrEnum):
    INTERNAL = "internal"
    POLITICAL = "political"
    PUBLIC = "public"


@dataclass(frozen=True)
class Output:
    """Something planvakt makes for someone to read."""

    name: str
    audience: Audience
    made_by: str  # where it is made


OUTPUTS: tuple[Output, ...] = (
    Output(
        "status_report",
        Audience.POLITICAL,
        "planvakt.documents.render (html, md, docx), stored by planvakt.documents.store, "
        "published as the Prefect artifact status-<plan>",
    ),
    Output("yearly_report", Audience.POLITICAL, "the same, with kind='yearly'"),
    Output(
        "report_measures_table",
        Audience.POLITICAL,
        "the Prefect artifact status-<plan>-tiltak (planvakt.services.batches): measures only",
    ),
    Output("public_page", Audience.PUBLIC, "planvakt.views.public, /offentlig/<plan>"),
    Output("plan_feed", Audience.PUBLIC, "planvakt.documents.ics.plan_feed, /kalender/<token>"),
    Output(
        "service_feed", Audience.PUBLIC, "planvakt.documents.ics.service_feed, /kalender/<token>"
    ),
    Output("dashboard", Audience.INTERNAL, "planvakt.web: every page behind the login"),
    Output(
        "api",
        Audience.INTERNAL,
        "planvakt.web.api (/api/v1, personal tokens); the reports it hands out are the "
        "political documents above",
    ),
    Output("plan_export", Audience.INTERNAL, "planvakt.exchange.plan_export (YAML/JSON)"),
    Output("measures_sheet", Audience.INTERNAL, "planvakt.exchange.measure_sheet (xlsx/CSV)"),
    Output("digests", Audience.INTERNAL, "planvakt.notify.messages: reminders, escalations"),
    Output("command_line", Audience.INTERNAL, "planvakt.cli: plan show, lists"),
)


def threshold() -> int:
    """The smallest count about people that politicians and the public may see as it is."""
    return get_settings().small_count_threshold


def is_small(count: int) -> bool:
    """Whether ``count``, a count about people, is too small to show."""
    return count < threshold()


def small_count(count: int, tx: Texts) -> str:
    """A count about people as politicians and the public see it: «under 5» when small."""
    if is_small(count):
        return tx.gettext("under {count}").format(count=tx.number(threshold()))
    return tx.number(count)
