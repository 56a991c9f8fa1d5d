"""Command-line commands of the engine: run the system, the sweep, the demo, notification
addresses, contacts, the outbox and the adoption decision."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy.orm import Session

from models.notification import OutboxStatus
from models.records import DecisionKind
from models.reminders import NoticeKind
from planvakt.cli.home import prepare_home
from planvakt.cli.language import Words
from planvakt.cli.output import out
from planvakt.cli.parsing import Commands, Subparsers
from planvakt.core.clock import local_today
from planvakt.core.db import session_scope
from planvakt.core.errors import PlanvaktError, ValidationError
from planvakt.core.languages import N_
from planvakt.core.settings import get_settings
from planvakt.notify.outbox import DeliveryResult
from planvakt.ops import deployments
from planvakt.services import plans, policy, recipients, revision
from planvakt.services.sweep import DirectSteps, run_sweep
from planvakt.views.history import OUTBOX_STATUS
from planvakt.views.outbox import outbox_rows

# What a kind of notice is called (bokmål; translated where shown).
NOTICE_KIND_NAMES: dict[str, str] = {
    NoticeKind.YEARLY_STATUS: N_("årlig statusforespørsel"),
    NoticeKind.NUDGE: N_("purring på status"),
    NoticeKind.REMINDER: N_("påminnelse"),
    NoticeKind.GATE: N_("fasevarsel"),
    NoticeKind.DUE: N_("frist i dag"),
    NoticeKind.OVERDUE: N_("på overtid"),
    NoticeKind.ESCALATION: N_("eskalering"),
    NoticeKind.ESCALATION_ADMIN: N_("eskalering til administrativ ledelse"),
}


def cmd_up(args: argparse.Namespace, w: Words) -> None:
    from planvakt.ops import runner

    prepare_home(not args.no_demo, w)
    settings = get_settings()
    runner.up(
        settings.resolved_home,
        port=args.port,
        web_port=args.web_port or settings.web_port,
        echo=out,
        language=w.language,
    )


def cmd_sweep(args: argparse.Namespace, w: Words) -> None:
    today = args.today or local_today()
    if not args.direct:
        outcome = deployments.run_sweep(args.today)
        out(
            w._(
                "fristsjekk {date} kjørt av Prefect: {state} ({run})",
                date=w.date(today),
                state=outcome.state,
                run=outcome.ui_url or outcome.id,
            )
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
        w._(
            "fristsjekk {date}: {plans}, {notices}, {digests}; sendt {sent}, feilet {failed}",
            date=w.date(today),
            plans=w.ngettext("{n} plan", "{n} planer", result.plans),
            notices=w.ngettext("{n} ny varselgrunn", "{n} nye varselgrunner", result.notices),
            digests=w.ngettext("{n} sammendrag", "{n} sammendrag", result.digests),
            sent=delivery.sent,
            failed=delivery.failed,
        )
    )
    for change in result.phase_changes:
        out(f"  {change}")


def cmd_demo(args: argparse.Namespace, w: Words) -> None:
    from planvakt.demo.simulation import run_demo

    report = run_demo(args.days, args.start, out, w.language)
    out(
        w._(
            "simulert {start}–{end} for Færder (3911):",
            start=w.date(report.start),
            end=w.date(report.end),
        )
    )
    for change in report.phase_changes:
        out("  " + w._("fase: {change}", change=change))
    if report.adopted:
        out("  " + w._("planen vedtatt i kommunestyret {date}", date=w.date(report.adopted)))
    if report.revision_opened:
        out("  " + w._("årlig rullering åpnet {date}", date=w.date(report.revision_opened)))
    kinds = ", ".join(
        f"{w._(NOTICE_KIND_NAMES.get(kind, kind))} {n}"
        for kind, n in report.notices_by_kind.most_common()
    )
    out("  " + w._("varselgrunner: {kinds}", kinds=kinds or "–"))
    out(
        "  " + w._("e-post sendt: {sent}, feilet: {failed}", sent=report.sent, failed=report.failed)
    )
    out(
        "  "
        + w._(
            "e-postene ligger i {folder} (.eml, åpnes i et e-postprogram)",
            folder=report.mail_folder,
        )
    )


def _owner(session: Session, args: argparse.Namespace) -> dict[str, Any]:
    """``service=`` or ``contact=`` for the recipients API, from --contact or --service."""
    if args.contact is not None:
        return {"contact": recipients.find_contact(session, args.contact)}
    if not args.service:
        raise ValidationError("cli.service_or_contact")
    return {"service": recipients.find_service(session, args.kommune, args.service)}


def cmd_notify_add(args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        target = recipients.add_target(session, args.url, **_owner(session, args))
        out(w._("varslingsadresse {id} lagret: {address}", id=target.id, address=target.url_masked))


def cmd_notify_list(args: argparse.Namespace, _w: Words) -> None:
    with session_scope() as session:
        for row in recipients.list_targets(session, args.kommune):
            out(f"{row.id}\t{row.owner}\t{row.url_masked}")


def cmd_notify_test(args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        for masked in recipients.send_test(session, **_owner(session, args), language=w.language):
            out(w._("testmelding sendt til {address}", address=masked))


def cmd_notify_remove(args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        recipients.remove_target(session, args.id)
        out(w._("varslingsadresse {id} slettet", id=args.id))


def cmd_contact_add(args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        service = recipients.find_service(session, args.kommune, args.service)
        contact = recipients.add_contact(
            session, service, role=args.role, name=args.name, email=args.email
        )
        out(w._("kontakt {id} lagt til ({role})", id=contact.id, role=contact.role))


def cmd_outbox(args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        rows = outbox_rows(session, status=args.status, limit=args.limit)
    for row in rows:
        status = w._(OUTBOX_STATUS.get(row.status, row.status))
        dup = " " + w._("(mulig duplikat)") if row.possibly_duplicate else ""
        attempts = w.ngettext("{n} forsøk", "{n} forsøk", row.attempts)
        out(
            f"{row.id}\t{w.date(row.run_date)}\t{status}{dup}\t{attempts}\t"
            f"{row.subject}\t{row.address or '–'}\t{row.last_error or ''}"
        )


def _days_type(w: Words) -> Any:
    def days(text: str) -> tuple[int, ...]:
        try:
            values = tuple(int(part) for part in text.split(",") if part.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                w._("«{value}» er ikke en liste med dager, f.eks. 14,7,1", value=text)
            ) from None
        if not values or any(d < 1 for d in values):
            raise argparse.ArgumentTypeError(
                w._("dagene må være hele tall fra 1 og oppover, f.eks. 14,7,1")
            )
        return values

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


def cmd_plan_policy(args: argparse.Namespace, w: Words) -> None:
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
            reason = w.message(exc.code, **exc.params)
            raise ValidationError("cli.policy_invalid", option=flag, reason=reason) from None
    rules = view.policy
    out(
        w._("varslingsregler for {slug} (egne):", slug=view.slug)
        if view.own
        else w._("varslingsregler for {slug} (standard):", slug=view.slug)
    )
    before = w.texts.join(map(str, rules.days_before))
    out("  " + w._("påminnelser {days} dager før fristen og på dagen", days=before))
    out(
        "  "
        + w.ngettext(
            "på overtid: ny melding hver dag",
            "på overtid: ny melding hver {n}. dag",
            rules.overdue_repeat_days,
        )
    )
    out(
        "  "
        + w._(
            "eskalering til leder og koordinator etter {leader}, "
            "til administrativ ledelse etter {admin}",
            leader=w.ngettext("{n} dag", "{n} dager", rules.escalate_leader_days),
            admin=w.ngettext("{n} dag", "{n} dager", rules.escalate_admin_days),
        )
    )
    out(
        "  "
        + w._(
            "fasevarsel {days} før fasen skal være ferdig; purring på manglende status {every}",
            days=w.ngettext("{n} dag", "{n} dager", rules.gate_warning_days),
            every=w.ngettext("hver dag", "hver {n}. dag", rules.nudge_repeat_days),
        )
    )


def cmd_decision_adopt(args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        bound = plans.decision_checkpoint(plan.current_edition, DecisionKind.ADOPTION)
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
            today=local_today(),
        )
        out(
            w._(
                "vedtak registrert; planperiode {start}–{end}",
                start=w.date(args.period_start),
                end=w.date(args.period_end),
            )
        )
        if bound is not None:
            out(w._("sjekkpunktet '{key}' er fullført", key=bound.key))


def add_commands(c: Commands, groups: Subparsers) -> None:
    """The engine's commands, with help in the language of ``c``."""
    w = c.w
    date_meta, days_meta = w._("DATO"), w._("DAGER")
    kommune_help = w._("kommunenummer, f.eks. 3911 (standard: 3911)")
    service_help = w._("tjenestens nøkkel, f.eks. barnevern")
    contact_help = w._("kontaktens nummer (se 'planvakt contact add')")

    p = c.command(
        groups,
        "up",
        w._("start hele planvakt: Prefect-server, arbeider, planlagte kjøringer og dashbordet"),
        cmd_up,
    )
    p.add_argument(
        "--port",
        type=c.integer,
        default=4200,
        metavar=w._("PORT"),
        help=w._("porten Prefect-serveren lytter på (standard: 4200)"),
    )
    p.add_argument(
        "--web-port", type=c.integer, metavar=w._("PORT"), help=w._("porten dashbordet lytter på")
    )
    p.add_argument("--no-demo", action="store_true", help=w._("ikke lag demoplanen"))

    p = c.command(
        groups, "sweep", w._("kjør fristsjekken én gang (for en valgfri dato)"), cmd_sweep
    )
    p.add_argument(
        "--today", type=c.date, metavar=date_meta, help=w._("kjør som om det var denne datoen")
    )
    p.add_argument(
        "--direct", action="store_true", help=w._("kjør i denne prosessen, uten Prefect")
    )

    p = c.command(
        groups,
        "demo",
        w._("simuler et år for demokommunen med e-post til en lokal SMTP-server"),
        cmd_demo,
    )
    p.add_argument(
        "--days",
        type=c.integer,
        default=365,
        metavar=days_meta,
        help=w._("antall dager å simulere (standard: 365)"),
    )
    p.add_argument(
        "--start",
        type=c.date,
        metavar=date_meta,
        help=w._("første dag i simuleringen (standard: 01.03.2027)"),
    )

    notify = c.group(groups, "notify", w._("varslingsadresser (Apprise-URL-er)"))
    p = c.command(
        notify,
        "add",
        w._("legg til en varslingsadresse for en tjeneste eller kontakt"),
        cmd_notify_add,
    )
    p.add_argument("url", help=w._("Apprise-URL-en (mailto://, msteams://, slack://, json:// …)"))
    p.add_argument("--kommune", default="3911", metavar=w._("KOMMUNENR"), help=kommune_help)
    p.add_argument("--service", metavar=w._("NØKKEL"), help=service_help)
    p.add_argument("--contact", type=c.integer, metavar=w._("NR"), help=contact_help)
    p = c.command(notify, "list", w._("list varslingsadresser (maskert)"), cmd_notify_list)
    p.add_argument("--kommune", default="3911", metavar=w._("KOMMUNENR"), help=kommune_help)
    p = c.command(notify, "test", w._("send en testmelding"), cmd_notify_test)
    p.add_argument("--kommune", default="3911", metavar=w._("KOMMUNENR"), help=kommune_help)
    p.add_argument("--service", metavar=w._("NØKKEL"), help=service_help)
    p.add_argument("--contact", type=c.integer, metavar=w._("NR"), help=contact_help)
    p = c.command(notify, "remove", w._("slett en varslingsadresse"), cmd_notify_remove)
    p.add_argument(
        "id",
        type=c.integer,
        metavar=w._("nr"),
        help=w._("adressens nummer (se 'planvakt notify list')"),
    )

    contact = c.group(groups, "contact", w._("kontakter (rollebaserte)"))
    p = c.command(contact, "add", w._("legg til en kontakt i en tjeneste"), cmd_contact_add)
    p.add_argument("--kommune", default="3911", metavar=w._("KOMMUNENR"), help=kommune_help)
    p.add_argument("--service", required=True, metavar=w._("NØKKEL"), help=service_help)
    p.add_argument("--role", required=True, metavar=w._("ROLLE"), help=w._("rolle, f.eks. leder"))
    p.add_argument(
        "--name",
        metavar=w._("NAVN"),
        help=w._("navn (valgfritt: kontakter er roller, ikke personer)"),
    )
    p.add_argument(
        "--email",
        metavar=w._("E-POST"),
        help=w._("e-postadresse (valgfri; varsler går til varslingsadressene)"),
    )

    p = c.command(
        groups, "outbox", w._("vis utboksen: sendte, ventende og feilede varsler"), cmd_outbox
    )
    p.add_argument(
        "--status",
        choices=[s.value for s in OutboxStatus],
        help=w._(
            "bare varsler med denne statusen: pending (venter), sending (sendes), sent (sendt), "
            "failed (feilet) eller undeliverable (kan ikke leveres)"
        ),
    )
    p.add_argument(
        "--limit",
        type=c.integer,
        default=50,
        metavar=w._("ANTALL"),
        help=w._("høyst så mange varsler, de nyeste først (standard: 50)"),
    )

    p = c.command(
        groups, "policy", w._("vis eller endre varslingsreglene for en plan"), cmd_plan_policy
    )
    p.add_argument("plan", help=w._("plan-id"))
    p.add_argument(
        "--days-before",
        type=_days_type(w),
        metavar=days_meta,
        help=w._("påminnelser så mange dager før fristen, f.eks. 14,7,1"),
    )
    p.add_argument(
        "--overdue-every",
        type=c.integer,
        metavar=days_meta,
        help=w._("på overtid: ny melding med så mange dagers mellomrom"),
    )
    p.add_argument(
        "--escalate-leader",
        type=c.integer,
        metavar=days_meta,
        help=w._("eskaler til leder og koordinator så mange dager etter fristen"),
    )
    p.add_argument(
        "--escalate-admin",
        type=c.integer,
        metavar=days_meta,
        help=w._("eskaler til administrativ ledelse så mange dager etter fristen"),
    )
    p.add_argument(
        "--gate-warning",
        type=c.integer,
        metavar=days_meta,
        help=w._("varsle koordinatoren så mange dager før en fase skal være ferdig"),
    )
    p.add_argument(
        "--nudge-every",
        type=c.integer,
        metavar=days_meta,
        help=w._("purre på manglende status på tiltak med så mange dagers mellomrom"),
    )
    p.add_argument("--reset", action="store_true", help=w._("tilbake til standardreglene"))

    decision = c.group(groups, "decision", w._("politiske vedtak"))
    p = c.command(
        decision,
        "adopt",
        w._("registrer kommunestyrets vedtak av planen (planperiode, rapportering)"),
        cmd_decision_adopt,
    )
    p.add_argument("plan", help=w._("plan-id"))
    p.add_argument(
        "--body",
        default="kommunestyret",
        metavar=w._("ORGAN"),
        help=w._("organet som vedtok planen (standard: kommunestyret)"),
    )
    p.add_argument(
        "--date", type=c.date, required=True, metavar=date_meta, help=w._("vedtaksdatoen")
    )
    p.add_argument("--case", metavar=w._("SAKSNR"), help=w._("saksnummeret, f.eks. 2027/123"))
    p.add_argument(
        "--period-start",
        type=c.date,
        required=True,
        metavar=date_meta,
        help=w._("første dag i planperioden"),
    )
    p.add_argument(
        "--period-end",
        type=c.date,
        required=True,
        metavar=date_meta,
        help=w._("siste dag i planperioden"),
    )
    p.add_argument(
        "--rhythm",
        type=c.integer,
        default=12,
        metavar=w._("MÅNEDER"),
        help=w._("rapporteringsrytme i måneder (standard: 12)"),
    )
    p.add_argument(
        "--evaluation",
        type=c.date,
        metavar=date_meta,
        help=w._("når evalueringen skal være ferdig (standard: fra planperioden)"),
    )
