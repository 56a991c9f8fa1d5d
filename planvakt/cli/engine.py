"""Command-line commands of the engine: run the system, the sweep, the demo, notification
addresses, contacts, the outbox and the adoption decision."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from models import Contact, Digest, NotificationTarget, OutboxEntry, Service
from planvakt.cli.output import out
from planvakt.core.clock import local_today
from planvakt.core.db import session_scope
from planvakt.core.errors import NotFoundError, ValidationError
from planvakt.core.i18n import t
from planvakt.core.settings import get_settings
from planvakt.exchange.files import describe
from planvakt.notify import recipients, secrets
from planvakt.notify import sender as notifier
from planvakt.services import plans, revision

Command = Callable[[Any, str, str, Callable[[argparse.Namespace], None]], argparse.ArgumentParser]
Group = Callable[[str], Any]


def cmd_up(args: argparse.Namespace) -> None:
    from planvakt.cli.app import prepare_home
    from planvakt.ops import runner

    prepare_home(with_demo=not args.no_demo)
    runner.up(get_settings().resolved_home, port=args.port, echo=out)


def cmd_sweep(args: argparse.Namespace) -> None:
    today = args.today or local_today()
    if args.direct:
        from planvakt.services.batches import sweep_direct

        result = sweep_direct(today)
    else:
        from planvakt.ops import prefect_env

        prefect_env.configure()
        from flows.sweep import daily_sweep

        result = daily_sweep(today=today)
    delivery = result.get("delivery") or {}
    out(
        f"fristsjekk {today:%d.%m.%Y}: {result['plans']} planer, {result['notices']} nye varselgrunner, "
        f"{result['digests']} sammendrag; sendt {delivery.get('sent', 0)}, feilet {delivery.get('failed', 0)}"
    )
    for change in result["phase_changes"]:
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


def _service(session: Any, args: argparse.Namespace) -> Service:
    return recipients.find_service(session, args.kommune, args.service)


def _contact(session: Any, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFoundError(f"fant ingen kontakt {contact_id}")
    return contact


def cmd_notify_add(args: argparse.Namespace) -> None:
    with session_scope() as session:
        if args.contact is not None:
            target = recipients.add_target(
                session, args.url, contact=_contact(session, args.contact)
            )
        else:
            target = recipients.add_target(session, args.url, service=_service(session, args))
        out(f"varslingsadresse {target.id} lagret: {target.url_masked}")


def cmd_notify_list(args: argparse.Namespace) -> None:
    with session_scope() as session:
        services = {
            s.id: s
            for s in session.scalars(
                select(Service).where(Service.municipality_number == args.kommune.zfill(4))
            )
        }
        query = select(NotificationTarget).order_by(NotificationTarget.id)
        for target in session.scalars(query):
            owner = services.get(target.service_id or -1)
            if target.contact_id is not None:
                contact = session.get(Contact, target.contact_id)
                owner = services.get(contact.service_id) if contact else None
                label = f"{owner.key}/{contact.role}" if owner and contact else None
            else:
                label = owner.key if owner else None
            if label:
                out(f"{target.id}\t{label}\t{target.url_masked}")


def cmd_notify_test(args: argparse.Namespace) -> None:
    with session_scope() as session:
        if args.contact is not None:
            ref = recipients.contact_ref(_contact(session, args.contact))
        else:
            ref = recipients.service_ref(_service(session, args))
        targets = recipients.targets_of(session, ref)
        name = recipients.recipient_name(session, ref)
        if not targets:
            raise ValidationError(
                f"{name} har ingen varslingsadresse (legg til med 'planvakt notify add')"
            )
        for target in targets:
            notifier.send(
                secrets.decrypt(target.url_encrypted),
                title="planvakt: testmelding",
                text=f"Dette er en testmelding fra planvakt til {name}.",
                html=f"<p>Dette er en testmelding fra planvakt til {name}.</p>",
            )
            out(f"testmelding sendt til {target.url_masked}")


def cmd_notify_remove(args: argparse.Namespace) -> None:
    with session_scope() as session:
        target = session.get(NotificationTarget, args.id)
        if target is None:
            raise NotFoundError(f"fant ingen varslingsadresse {args.id}")
        session.delete(target)
        out(f"varslingsadresse {args.id} slettet")


def cmd_contact_add(args: argparse.Namespace) -> None:
    with session_scope() as session:
        contact = recipients.add_contact(
            session, _service(session, args), role=args.role, name=args.name, email=args.email
        )
        out(f"kontakt {contact.id} lagt til ({contact.role})")


def cmd_outbox(args: argparse.Namespace) -> None:
    with session_scope() as session:
        query = (
            select(OutboxEntry, Digest)
            .join(Digest)
            .order_by(OutboxEntry.id.desc())
            .limit(args.limit)
        )
        if args.status:
            query = query.where(OutboxEntry.status == args.status)
        for entry, digest in session.execute(query):
            dup = " (mulig duplikat)" if entry.possibly_duplicate else ""
            where = entry.target.url_masked if entry.target else "–"
            out(
                f"{entry.id}\t{digest.run_date:%d.%m.%Y}\t{entry.status}{dup}\t{entry.attempts} forsøk\t"
                f"{digest.subject}\t{where}\t{entry.last_error or ''}"
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


POLICY_OPTIONS = {
    "days_before": "days_before",
    "overdue_every": "overdue_repeat_days",
    "escalate_leader": "escalate_leader_days",
    "escalate_admin": "escalate_admin_days",
    "gate_warning": "gate_warning_days",
    "nudge_every": "nudge_repeat_days",
}


def cmd_plan_policy(args: argparse.Namespace) -> None:
    from pydantic import ValidationError as PydanticError

    from models.reminders import ReminderPolicy
    from planvakt.services.review import policy_for

    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        changes = {
            field: getattr(args, option)
            for option, field in POLICY_OPTIONS.items()
            if getattr(args, option) is not None
        }
        if args.reset:
            plan.reminder_policy = None
        if changes:
            overrides = {**(plan.reminder_policy or {}), **changes}
            try:
                ReminderPolicy.model_validate(overrides)
            except PydanticError as exc:
                error = exc.errors()[0]
                option = next(
                    (o for o, f in POLICY_OPTIONS.items() if error["loc"] and f == error["loc"][0]),
                    "",
                )
                raise ValidationError(
                    f"ugyldig varslingsregel --{option.replace('_', '-')}: {describe(error)}"
                ) from None
            plan.reminder_policy = {
                k: list(v) if isinstance(v, tuple) else v for k, v in overrides.items()
            }
        policy = policy_for(plan, get_settings())
        out(
            f"varslingsregler for {plan.slug}"
            + (" (egne)" if plan.reminder_policy else " (standard)")
            + ":"
        )
        out(
            f"  påminnelser {', '.join(map(str, policy.days_before))} dager før fristen og på dagen"
        )
        out(f"  forsinket: ny melding hver {policy.overdue_repeat_days}. dag")
        out(
            f"  eskalering til leder og koordinator etter {policy.escalate_leader_days} dager, "
            f"til administrativ ledelse etter {policy.escalate_admin_days} dager"
        )
        out(
            f"  fasevarsel {policy.gate_warning_days} dager før fasen skal være ferdig; "
            f"purring på manglende status hver {policy.nudge_repeat_days}. dag"
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
