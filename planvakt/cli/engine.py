"""Command-line commands of the engine: run the system, the sweep, the demo, notification
addresses, contacts, the outbox and the adoption decision."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from planvakt.cli.home import prepare_home
from planvakt.cli.output import out
from planvakt.core.clock import local_today
from planvakt.core.db import session_scope
from planvakt.core.errors import PlanvaktError, ValidationError
from planvakt.core.i18n import t
from planvakt.core.settings import get_settings
from planvakt.notify.outbox import DeliveryResult
from planvakt.ops import deployments
from planvakt.services import plans, policy, recipients, revision
from planvakt.services.sweep import DirectSteps, run_sweep
from planvakt.views.outbox import outbox_rows

Command = Callable[[Any, str, str, Callable[[argparse.Namespace], None]], argparse.ArgumentParser]
Group = Callable[[str], Any]


def cmd_up(args: argparse.Namespace) -> None:
    from planvakt.ops import runner

    prepare_home(with_demo=not args.no_demo)
    settings = get_settings()
    runner.up(
        settings.resolved_home,
        port=args.port,
        web_port=args.web_port or settings.web_port,
        echo=out,
    )


def cmd_sweep(args: argparse.Namespace) -> None:
    today = args.today or local_today()
    if not args.direct:
        outcome = deployments.run_sweep(args.today)
        out(
            f"fristsjekk {today:%d.%m.%Y} kjørt av Prefect: {outcome.state} ({outcome.ui_url or outcome.id})"
        )
        if outcome.summary:
            out(outcome.summary)
        if not outcome.completed:
            raise PlanvaktError(
                "prefect.run_not_completed", state=outcome.state, url=outcome.ui_url or outcome.id
            )
        return
    result = run_sweep(DirectSteps(), today)
    delivery = result.delivery or DeliveryResult(0, 0, 0)
    out(
        f"fristsjekk {today:%d.%m.%Y}: {result.plans} planer, {result.notices} nye varselgrunner, "
        f"{result.digests} sammendrag; sendt {delivery.sent}, feilet {delivery.failed}"
    )
    for change in result.phase_changes:
        out(f"  {change}")


def cmd_demo(args: argparse.Namespace) -> None:
    from planvakt.demo.simulation import run_demo

    report = run_demo(args.days, args.start, out)
    out(f"simulert {report.start:%d.%m.%Y}–{report.end:%d.%m.%Y} for Færder (3911):")
    for change in report.phase_changes:
        out(f"  fase: {change}")
    if report.adopted:
        out(f"  planen vedtatt i kommunestyret {report.adopted:%d.%m.%Y}")
    if report.revision_opened:
        out(f"  årlig rullering åpnet {report.revision_opened:%d.%m.%Y}")
    kinds = ", ".join(f"{kind} {n}" for kind, n in report.notices_by_kind.most_common())
    out(f"  varselgrunner: {kinds}")
    out(f"  e-post sendt: {report.sent}, feilet: {report.failed}")
    out(f"  e-postene ligger i {report.mail_folder} (.eml, åpnes i et e-postprogram)")


def _owner(session: Session, args: argparse.Namespace) -> dict[str, Any]:
    """``service=`` or ``contact=`` for the recipients API, from --contact or --service."""
    if args.contact is not None:
        return {"contact": recipients.find_contact(session, args.contact)}
    if not args.service:
        raise ValidationError("cli.service_or_contact")
    return {"service": recipients.find_service(session, args.kommune, args.service)}


def cmd_notify_add(args: argparse.Namespace) -> None:
    with session_scope() as session:
        target = recipients.add_target(session, args.url, **_owner(session, args))
        out(f"varslingsadresse {target.id} lagret: {target.url_masked}")


def cmd_notify_list(args: argparse.Namespace) -> None:
    with session_scope() as session:
        for row in recipients.list_targets(session, args.kommune):
            out(f"{row.id}\t{row.owner}\t{row.url_masked}")


def cmd_notify_test(args: argparse.Namespace) -> None:
    with session_scope() as session:
        for masked in recipients.send_test(session, **_owner(session, args)):
            out(f"testmelding sendt til {masked}")


def cmd_notify_remove(args: argparse.Namespace) -> None:
    with session_scope() as session:
        recipients.remove_target(session, args.id)
        out(f"varslingsadresse {args.id} slettet")


def cmd_contact_add(args: argparse.Namespace) -> None:
    with session_scope() as session:
        service = recipients.find_service(session, args.kommune, args.service)
        contact = recipients.add_contact(
            session, service, role=args.role, name=args.name, email=args.email
        )
        out(f"kontakt {contact.id} lagt til ({contact.role})")


def cmd_outbox(args: argparse.Namespace) -> None:
    with session_scope() as session:
        rows = outbox_rows(session, status=args.status, limit=args.limit)
    for row in rows:
        dup = " (mulig duplikat)" if row.possibly_duplicate else ""
        out(
            f"{row.id}\t{row.run_date:%d.%m.%Y}\t{row.status}{dup}\t{row.attempts} forsøk\t"
            f"{row.subject}\t{row.address or '–'}\t{row.last_error or ''}"
        )


def _days(text: str) -> tuple[int, ...]:
    try:
        days = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' er ikke en liste med dager, f.eks. 14,7,1"
        ) from None
    if not days or any(d < 1 for d in days):
        raise argparse.ArgumentTypeError("dagene må være hele tall fra 1 og oppover, f.eks. 14,7,1")
    return days


# command-line option → policy field
POLICY_OPTIONS = {
    "days_before": "days_before",
    "overdue_every": "overdue_repeat_days",
    "escalate_leader": "escalate_leader_days",
    "escalate_admin": "escalate_admin_days",
    "gate_warning": "gate_warning_days",
    "nudge_every": "nudge_repeat_days",
}


def cmd_plan_policy(args: argparse.Namespace) -> None:
    changes = {
        field: getattr(args, option)
        for option, field in POLICY_OPTIONS.items()
        if getattr(args, option) is not None
    }
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        try:
            view = policy.set_policy(plan, changes, get_settings(), reset=args.reset)
        except ValidationError as exc:
            field = exc.location.field if exc.location else None
            option = next((o for o, f in POLICY_OPTIONS.items() if f == field), "")
            flag = "--" + option.replace("_", "-")
            raise ValidationError("cli.policy_invalid", option=flag, reason=exc.message) from None
    rules = view.policy
    out(f"varslingsregler for {view.slug}" + (" (egne)" if view.own else " (standard)") + ":")
    out(f"  påminnelser {', '.join(map(str, rules.days_before))} dager før fristen og på dagen")
    out(f"  forsinket: ny melding hver {rules.overdue_repeat_days}. dag")
    out(
        f"  eskalering til leder og koordinator etter {rules.escalate_leader_days} dager, "
        f"til administrativ ledelse etter {rules.escalate_admin_days} dager"
    )
    out(
        f"  fasevarsel {rules.gate_warning_days} dager før fasen skal være ferdig; "
        f"purring på manglende status hver {rules.nudge_repeat_days}. dag"
    )


def cmd_decision_adopt(args: argparse.Namespace) -> None:
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        revision.record_adoption(
            session,
            plan,
            body=args.body,
            decided_on=args.date,
            case_number=args.case,
            period_start=args.period_start,
            period_end=args.period_end,
            reporting_rhythm_months=args.rhythm,
            evaluation_due=args.evaluation,
        )
        out(
            f"vedtak registrert; planperiode {args.period_start:%d.%m.%Y}–{args.period_end:%d.%m.%Y}"
        )


def add_commands(
    groups: Any, command: Command, group: Group, date_type: Callable[[str], Any]
) -> None:
    p = command(groups, "up", "up", cmd_up)
    p.add_argument("--port", type=int, default=4200, help=t("arg.port"))
    p.add_argument("--web-port", type=int, help=t("arg.web_port"))
    p.add_argument("--no-demo", action="store_true", help=t("arg.no_demo"))

    p = command(groups, "sweep", "sweep", cmd_sweep)
    p.add_argument("--today", type=date_type, help=t("arg.sweep_today"))
    p.add_argument("--direct", action="store_true", help=t("arg.direct"))

    p = command(groups, "demo", "demo", cmd_demo)
    p.add_argument("--days", type=int, default=365, help=t("arg.days"))
    p.add_argument("--start", type=date_type, help=t("arg.start"))

    notify = group("notify")
    p = command(notify, "add", "notify.add", cmd_notify_add)
    p.add_argument("url", help=t("arg.url"))
    p.add_argument("--kommune", default="3911", help=t("arg.kommune"))
    p.add_argument("--service", help=t("arg.service"))
    p.add_argument("--contact", type=int, help=t("arg.contact"))
    p = command(notify, "list", "notify.list", cmd_notify_list)
    p.add_argument("--kommune", default="3911", help=t("arg.kommune"))
    p = command(notify, "test", "notify.test", cmd_notify_test)
    p.add_argument("--kommune", default="3911", help=t("arg.kommune"))
    p.add_argument("--service", help=t("arg.service"))
    p.add_argument("--contact", type=int, help=t("arg.contact"))
    p = command(notify, "remove", "notify.remove", cmd_notify_remove)
    p.add_argument("id", type=int)

    contact = group("contact")
    p = command(contact, "add", "contact.add", cmd_contact_add)
    p.add_argument("--kommune", default="3911", help=t("arg.kommune"))
    p.add_argument("--service", required=True, help=t("arg.service"))
    p.add_argument("--role", required=True, help=t("arg.role"))
    p.add_argument("--name")
    p.add_argument("--email")

    p = command(groups, "outbox", "outbox", cmd_outbox)
    p.add_argument("--status", choices=["pending", "sending", "sent", "failed", "undeliverable"])
    p.add_argument("--limit", type=int, default=50)

    p = command(groups, "policy", "policy", cmd_plan_policy)
    p.add_argument("plan", help=t("arg.plan"))
    p.add_argument("--days-before", type=_days, help=t("arg.days_before"))
    p.add_argument("--overdue-every", type=int)
    p.add_argument("--escalate-leader", type=int)
    p.add_argument("--escalate-admin", type=int)
    p.add_argument("--gate-warning", type=int)
    p.add_argument("--nudge-every", type=int)
    p.add_argument("--reset", action="store_true", help=t("arg.reset"))

    decision = group("decision")
    p = command(decision, "adopt", "decision.adopt", cmd_decision_adopt)
    p.add_argument("plan", help=t("arg.plan"))
    p.add_argument("--body", default="kommunestyret")
    p.add_argument("--date", type=date_type, required=True)
    p.add_argument("--case")
    p.add_argument("--period-start", type=date_type, required=True)
    p.add_argument("--period-end", type=date_type, required=True)
    p.add_argument("--rhythm", type=int, default=12, help=t("arg.rhythm"))
    p.add_argument("--evaluation", type=date_type)
