"""Command-line commands for documents: status and yearly reports, meetings, calendar feeds."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planvakt.cli.language import Words
from planvakt.cli.output import out, takes_free_text, warn_if_case_note
from planvakt.cli.parsing import Commands, Subparsers
from planvakt.core.clock import local_today
from planvakt.core.db import session_scope
from planvakt.core.errors import ValidationError
from planvakt.documents import ics
from planvakt.documents import store as documents
from planvakt.documents.render import FORMATS
from planvakt.services import plans, recipients, records
from planvakt.views.history import KIND_NAMES

SUFFIX = {"html": ".html", "md": ".md", "docx": ".docx"}


def _write(path: Path | None, content: bytes, fmt: str, w: Words) -> None:
    if path is None:
        if fmt == "docx":
            raise ValidationError("cli.docx_needs_file")
        sys.stdout.write(content.decode("utf-8"))
        return
    path.write_bytes(content)
    out(w._("skrev {path}", path=path))


def cmd_report(args: argparse.Namespace, w: Words) -> None:
    warn_if_case_note(w, args.evaluation, args.proposal)
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        _, (document,) = documents.generate(
            session,
            plan,
            args.today or local_today(),
            kind=args.kind,
            formats=[args.format],
            evaluation=args.evaluation or "",
            proposal=args.proposal or "",
        )
        _write(args.output, document.content, args.format, w)
        if args.output:
            out(
                w._(
                    "dokument {id} lagret (sha256 {checksum}…)",
                    id=document.id,
                    checksum=document.sha256[:12],
                )
            )


def cmd_report_list(args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        for d in documents.list_documents(session, plan):
            kind = w._(KIND_NAMES.get(d.kind, d.kind))
            out(
                f"{d.id}\t{w.date(d.report_date)}\t{kind}\t{d.format}\t{d.sha256[:12]}\t"
                f"{len(d.content)} byte"
            )


def cmd_report_get(args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        document = documents.get_document(session, args.id)
        _write(args.output, document.content, document.format, w)


def cmd_meeting_add(args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        records.add_meeting(session, plan, body=args.body, meeting_date=args.date, note=args.note)
        out(
            w._(
                "møte i {body} {date} registrert; statusrapport lages før møtet",
                body=args.body,
                date=w.date(args.date),
            )
        )


def cmd_involvement(args: argparse.Namespace, w: Words) -> None:
    warn_if_case_note(w, args.participants, args.summary)
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        records.add_involvement(
            session,
            plan,
            held_on=args.date,
            kind=args.kind,
            participants=args.participants,
            summary=args.summary,
        )
        out(w._("{kind} {date} registrert", kind=args.kind, date=w.date(args.date)))


def cmd_consultation(args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        consultation = records.add_consultation(
            session,
            plan,
            body=args.body,
            sent_on=args.sent,
            deadline=args.deadline,
            today=local_today(),
        )
        out(
            w._(
                "høring til {body} registrert, frist {date}",
                body=args.body,
                date=w.date(consultation.deadline),
            )
        )


def cmd_consultation_response(args: argparse.Namespace, w: Words) -> None:
    warn_if_case_note(w, args.effect)
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        consultation = records.record_response(
            session,
            plan,
            args.body,
            received_on=args.received,
            effect=args.effect,
            exempt_from_public=args.exempt,
            exempt_basis=args.basis,
        )
        out(w._("høringssvar fra {body} registrert", body=args.body))
        if consultation.exempt_basis:
            out(
                w._(
                    "unntatt offentlighet ({basis}): vises ikke for politikere eller publikum",
                    basis=consultation.exempt_basis,
                )
            )


def cmd_decision_add(args: argparse.Namespace, w: Words) -> None:
    warn_if_case_note(w, args.summary)
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        bound = plans.decision_checkpoint(plan.current_edition, args.kind)
        records.add_decision(
            session,
            plan,
            body=args.body,
            decided_on=args.date,
            kind=args.kind,
            case_number=args.case,
            summary=args.summary,
            today=local_today(),
        )
        out(w._("vedtak i {body} {date} registrert", body=args.body, date=w.date(args.date)))
        if bound is not None:
            out(w._("sjekkpunktet '{key}' er fullført", key=bound.key))


def cmd_ics(args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        if args.plan:
            content = ics.plan_feed(plans.find_plan(session, args.plan))
        elif args.service:
            content = ics.service_feed(
                session, recipients.find_service(session, args.kommune, args.service)
            )
        else:
            raise ValidationError("cli.plan_or_service")
    if args.output:
        args.output.write_bytes(content)
        out(w._("skrev {path}", path=args.output))
    else:
        sys.stdout.write(content.decode("utf-8"))


def add_commands(c: Commands, groups: Subparsers) -> None:
    """The document commands, with help in the language of ``c``."""
    w = c.w
    plan_id, date_meta, file_meta = w._("plan-id"), w._("DATO"), w._("FIL")
    output_help = w._("skriv til fil i stedet for standard ut")
    body_meta, body_help = w._("ORGAN"), w._("organet, f.eks. formannskapet eller kommunestyret")

    p = c.command(
        groups, "report", w._("lag en rapport (lagres med sjekksum og datagrunnlag)"), cmd_report
    )
    takes_free_text(p, w)
    p.add_argument("--plan", required=True, metavar=w._("PLAN"), help=plan_id)
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="html",
        help=w._("filformat: html, md (Markdown) eller docx (Word); standard: html"),
    )
    p.add_argument(
        "--kind",
        choices=documents.KINDS,
        default="status",
        help=w._("status (statusrapport) eller yearly (årsrapport); standard: status"),
    )
    p.add_argument(
        "--today", type=c.date, metavar=date_meta, help=w._("rapportens dato (standard: i dag)")
    )
    p.add_argument("--output", "-o", type=Path, metavar=file_meta, help=output_help)
    p.add_argument(
        "--evaluation",
        metavar=w._("TEKST"),
        help=w._("koordinatorens evaluering (årsrapport)"),
    )
    p.add_argument(
        "--proposal",
        metavar=w._("TEKST"),
        help=w._("forslag til politisk behandling (årsrapport)"),
    )
    reports = c.group(groups, "reports", w._("lagrede statusrapporter og årsrapporter"))
    p = c.command(reports, "list", w._("list lagrede rapporter for en plan"), cmd_report_list)
    p.add_argument("--plan", required=True, metavar=w._("PLAN"), help=plan_id)
    p = c.command(
        reports, "get", w._("hent en lagret rapport nøyaktig slik den ble laget"), cmd_report_get
    )
    p.add_argument(
        "id",
        type=c.integer,
        metavar=w._("nr"),
        help=w._("rapportens nummer (se 'planvakt reports list')"),
    )
    p.add_argument("--output", "-o", type=Path, metavar=file_meta, help=output_help)

    meeting = c.group(groups, "meeting", w._("politiske møter der planen behandles"))
    p = c.command(meeting, "add", w._("registrer et politisk møte"), cmd_meeting_add)
    takes_free_text(p, w)
    p.add_argument("plan", help=plan_id)
    p.add_argument("--body", required=True, metavar=body_meta, help=body_help)
    p.add_argument("--date", type=c.date, required=True, metavar=date_meta, help=w._("møtedatoen"))
    p.add_argument("--note", metavar=w._("TEKST"), help=w._("merknad (ingen personopplysninger)"))

    record = c.group(groups, "record", w._("registrer prosessen: møter, høringer, vedtak"))
    p = c.command(
        record,
        "involvement",
        w._("registrer et møte eller dialogmøte (involvering)"),
        cmd_involvement,
    )
    takes_free_text(p, w)
    p.add_argument("plan", help=plan_id)
    p.add_argument("--date", type=c.date, required=True, metavar=date_meta, help=w._("møtedatoen"))
    p.add_argument(
        "--kind",
        required=True,
        metavar=w._("TYPE"),
        help=w._("type møte, f.eks. dialogmøte eller arbeidsgruppemøte"),
    )
    p.add_argument(
        "--participants",
        required=True,
        metavar=w._("TEKST"),
        help=w._("organisasjoner og roller (ingen enkeltpersoner)"),
    )
    p.add_argument(
        "--summary", metavar=w._("TEKST"), help=w._("kort referat (ingen personopplysninger)")
    )
    p = c.command(record, "consultation", w._("sett en instans på høringslisten"), cmd_consultation)
    p.add_argument("plan", help=plan_id)
    p.add_argument(
        "--body", required=True, metavar=body_meta, help=w._("høringsinstansen, f.eks. eldrerådet")
    )
    p.add_argument(
        "--sent",
        type=c.date,
        required=True,
        metavar=date_meta,
        help=w._("datoen høringen ble sendt"),
    )
    p.add_argument(
        "--deadline",
        type=c.date,
        metavar=date_meta,
        help=w._(
            "høringsfristen (standard: høringsperioden fra datoen den ble sendt, vanligvis seks "
            "uker, flyttet til neste virkedag; en kortere frist avvises)"
        ),
    )
    p = c.command(
        record,
        "response",
        w._("registrer et høringssvar og virkningen"),
        cmd_consultation_response,
    )
    takes_free_text(p, w)
    p.add_argument("plan", help=plan_id)
    p.add_argument(
        "--body",
        required=True,
        metavar=body_meta,
        help=w._("høringsinstansen som svarte (slik den står på høringslisten)"),
    )
    p.add_argument(
        "--received",
        type=c.date,
        required=True,
        metavar=date_meta,
        help=w._("datoen svaret kom"),
    )
    p.add_argument(
        "--effect",
        metavar=w._("TEKST"),
        help=w._("hva svaret førte til i planen (ingen personopplysninger)"),
    )
    p.add_argument("--exempt", action="store_true", help=w._("svaret er unntatt offentlighet"))
    p.add_argument(
        "--basis",
        metavar=w._("HJEMMEL"),
        help=w._(
            "hjemmelen for unntaket (påkrevd med --exempt), "
            "f.eks. «offentleglova § 13 jf. forvaltningsloven § 13»"
        ),
    )
    p = c.command(
        record,
        "decision",
        w._("registrer et politisk vedtak (mandat, rapport …)"),
        cmd_decision_add,
    )
    takes_free_text(p, w)
    p.add_argument("plan", help=plan_id)
    p.add_argument("--body", required=True, metavar=body_meta, help=body_help)
    p.add_argument(
        "--date", type=c.date, required=True, metavar=date_meta, help=w._("vedtaksdatoen")
    )
    p.add_argument(
        "--kind",
        default="mandate",
        choices=["mandate", "report", "other"],
        help=w._(
            "mandate (mandat), report (rapport tatt til orientering) eller other (annet); "
            "standard: mandate"
        ),
    )
    p.add_argument("--case", metavar=w._("SAKSNR"), help=w._("saksnummeret, f.eks. 2027/123"))
    p.add_argument(
        "--summary", metavar=w._("TEKST"), help=w._("kort om vedtaket (ingen personopplysninger)")
    )

    p = c.command(groups, "ics", w._("kalenderfil (ICS) for en plan eller en tjeneste"), cmd_ics)
    p.add_argument("--plan", metavar=w._("PLAN"), help=plan_id)
    p.add_argument(
        "--kommune",
        default="3911",
        metavar=w._("KOMMUNENR"),
        help=w._("kommunenummer, f.eks. 3911 (standard: 3911)"),
    )
    p.add_argument(
        "--service", metavar=w._("NØKKEL"), help=w._("tjenestens nøkkel, f.eks. barnevern")
    )
    p.add_argument("--output", "-o", type=Path, metavar=file_meta, help=output_help)
