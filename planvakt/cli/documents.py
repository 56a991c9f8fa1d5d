"""Command-line commands for documents: status and yearly reports, meetings, calendar feeds."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from planvakt.cli.output import out, warn_if_case_note
from planvakt.core.clock import local_today
from planvakt.core.db import session_scope
from planvakt.core.errors import ValidationError
from planvakt.core.i18n import t
from planvakt.documents import ics
from planvakt.documents import store as documents
from planvakt.documents.render import FORMATS
from planvakt.services import plans, recipients, records

SUFFIX = {"html": ".html", "md": ".md", "docx": ".docx"}


def _write(path: Path | None, content: bytes, fmt: str) -> None:
    if path is None:
        if fmt == "docx":
            raise ValidationError("cli.docx_needs_file")
        sys.stdout.write(content.decode("utf-8"))
        return
    path.write_bytes(content)
    out(f"skrev {path}")


def cmd_report(args: argparse.Namespace) -> None:
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
        _write(args.output, document.content, args.format)
        out(
            f"dokument {document.id} lagret (sha256 {document.sha256[:12]}…)"
        ) if args.output else None


def cmd_report_list(args: argparse.Namespace) -> None:
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        for d in documents.list_documents(session, plan):
            out(
                f"{d.id}\t{d.report_date:%d.%m.%Y}\t{d.kind}\t{d.format}\t{d.sha256[:12]}\t{len(d.content)} byte"
            )


def cmd_report_get(args: argparse.Namespace) -> None:
    with session_scope() as session:
        document = documents.get_document(session, args.id)
        _write(args.output, document.content, document.format)


def cmd_meeting_add(args: argparse.Namespace) -> None:
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        records.add_meeting(session, plan, body=args.body, meeting_date=args.date, note=args.note)
        out(f"møte i {args.body} {args.date:%d.%m.%Y} registrert; statusrapport lages før møtet")


def cmd_involvement(args: argparse.Namespace) -> None:
    warn_if_case_note(args.participants, args.summary)
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
        out(f"{args.kind} {args.date:%d.%m.%Y} registrert")


def cmd_consultation(args: argparse.Namespace) -> None:
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        records.add_consultation(
            session, plan, body=args.body, sent_on=args.sent, deadline=args.deadline
        )
        out(f"høring til {args.body} registrert, frist {args.deadline:%d.%m.%Y}")


def cmd_consultation_response(args: argparse.Namespace) -> None:
    warn_if_case_note(args.effect)
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        records.record_response(
            session,
            plan,
            args.body,
            received_on=args.received,
            effect=args.effect,
            exempt_from_public=args.exempt,
        )
        out(f"høringssvar fra {args.body} registrert")


def cmd_decision_add(args: argparse.Namespace) -> None:
    warn_if_case_note(args.summary)
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        records.add_decision(
            session,
            plan,
            body=args.body,
            decided_on=args.date,
            kind=args.kind,
            case_number=args.case,
            summary=args.summary,
        )
        out(f"vedtak i {args.body} {args.date:%d.%m.%Y} registrert")


def cmd_ics(args: argparse.Namespace) -> None:
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
        out(f"skrev {args.output}")
    else:
        sys.stdout.write(content.decode("utf-8"))


def add_commands(
    groups: Any,
    command: Callable[..., argparse.ArgumentParser],
    group: Callable[[str], Any],
    date_type: Callable[[str], Any],
) -> None:
    p = command(groups, "report", "report.make", cmd_report)
    p.add_argument("--plan", required=True, help=t("arg.plan"))
    p.add_argument("--format", choices=FORMATS, default="html", help=t("arg.format"))
    p.add_argument("--kind", choices=documents.KINDS, default="status", help=t("arg.kind"))
    p.add_argument("--today", type=date_type, help=t("arg.today"))
    p.add_argument("--output", "-o", type=Path, help=t("arg.output"))
    p.add_argument("--evaluation", help=t("arg.evaluation"))
    p.add_argument("--proposal", help=t("arg.proposal"))
    reports = group("reports")
    p = command(reports, "list", "report.list", cmd_report_list)
    p.add_argument("--plan", required=True, help=t("arg.plan"))
    p = command(reports, "get", "report.get", cmd_report_get)
    p.add_argument("id", type=int)
    p.add_argument("--output", "-o", type=Path, help=t("arg.output"))

    meeting = group("meeting")
    p = command(meeting, "add", "meeting.add", cmd_meeting_add)
    p.add_argument("plan", help=t("arg.plan"))
    p.add_argument("--body", required=True)
    p.add_argument("--date", type=date_type, required=True)
    p.add_argument("--note")

    record = group("record")
    p = command(record, "involvement", "record.involvement", cmd_involvement)
    p.add_argument("plan", help=t("arg.plan"))
    p.add_argument("--date", type=date_type, required=True)
    p.add_argument("--kind", required=True, help=t("arg.meeting_kind"))
    p.add_argument("--participants", required=True, help=t("arg.participants"))
    p.add_argument("--summary")
    p = command(record, "consultation", "record.consultation", cmd_consultation)
    p.add_argument("plan", help=t("arg.plan"))
    p.add_argument("--body", required=True)
    p.add_argument("--sent", type=date_type, required=True)
    p.add_argument("--deadline", type=date_type, required=True)
    p = command(record, "response", "record.response", cmd_consultation_response)
    p.add_argument("plan", help=t("arg.plan"))
    p.add_argument("--body", required=True)
    p.add_argument("--received", type=date_type, required=True)
    p.add_argument("--effect")
    p.add_argument("--exempt", action="store_true", help=t("arg.exempt"))
    p = command(record, "decision", "record.decision", cmd_decision_add)
    p.add_argument("plan", help=t("arg.plan"))
    p.add_argument("--body", required=True)
    p.add_argument("--date", type=date_type, required=True)
    p.add_argument("--kind", default="mandate", choices=["mandate", "report", "other"])
    p.add_argument("--case")
    p.add_argument("--summary")

    p = command(groups, "ics", "ics", cmd_ics)
    p.add_argument("--plan", help=t("arg.plan"))
    p.add_argument("--kommune", default="3911", help=t("arg.kommune"))
    p.add_argument("--service", help=t("arg.service"))
    p.add_argument("--output", "-o", type=Path, help=t("arg.output"))
