"""The ``planvakt`` command line (bokmål help; ``PLANVAKT_LANGUAGE=en`` for English).

Errors are one clear line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from sqlalchemy.exc import OperationalError, ProgrammingError

from models.dates import parse_date
from planvakt.cli import documents as cli_documents
from planvakt.cli import engine as cli_engine
from planvakt.cli import sheets as cli_sheets
from planvakt.cli import web as cli_web
from planvakt.cli.errors import render_error
from planvakt.cli.home import prepare_home
from planvakt.cli.output import out, warn_if_case_note
from planvakt.core.clock import local_today
from planvakt.core.db import get_engine, session_scope
from planvakt.core.errors import PlanvaktError
from planvakt.core.i18n import plan_show_labels, t
from planvakt.core.migrate import upgrade
from planvakt.core.render import render
from planvakt.core.settings import get_settings
from planvakt.exchange import plan_export, plan_import
from planvakt.exchange.templates import load_template
from planvakt.services import directory, plans
from planvakt.views.plan import plan_view


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {t('error')}: {message}\n")


if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[_Parser]


def _date(text: str) -> date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


# --- commands ---------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> None:
    prepare_home(args.demo)


def cmd_db_upgrade(_args: argparse.Namespace) -> None:
    upgrade(get_engine())
    out("databasen er oppdatert")


def cmd_plan_create(args: argparse.Namespace) -> None:
    template = load_template(args.template)
    with session_scope() as session:
        plan = plans.create_plan(
            session,
            municipality_numbers=args.kommune,
            template=template,
            start=args.start,
            title=args.title,
            slug=args.slug,
            language=get_settings().language,
        )
        edition = plan.current_edition
        count = sum(len(p.checkpoints) for p in edition.phases)
        first_due = min(c.due_date for p in edition.phases for c in p.checkpoints)
        out(
            f"opprettet plan {plan.slug}: {len(edition.phases)} faser, {count} sjekkpunkter, "
            f"første frist {first_due:%d.%m.%Y}"
        )


def cmd_plan_list(_args: argparse.Namespace) -> None:
    with session_scope() as session:
        found = plans.list_plans(session)
        if not found:
            out("ingen planer ennå (opprett med 'planvakt plan create')")
        for plan in found:
            phase = plan.current_edition.current_phase
            out(
                f"{plan.slug}\t{', '.join(m.name for m in plan.municipalities)}\t"
                f"{phase.name_nb if phase else 'fullført'}\t{plan.title}"
            )


def cmd_plan_show(args: argparse.Namespace) -> None:
    settings = get_settings()
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        view = plan_view(
            plan,
            args.today or local_today(),
            risk_window_days=settings.risk_window_days,
            language=settings.language,
        )
    out(render("text/plan_show.txt.j2", plan=view, labels=plan_show_labels()))


def cmd_plan_export(args: argparse.Namespace) -> None:
    fmt = args.format or ("json" if args.output and args.output.suffix == ".json" else "yaml")
    with session_scope() as session:
        text = plan_export.dump(plan_export.export_plan(plans.find_plan(session, args.plan)), fmt)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        out(f"skrev {args.output}")
    else:
        sys.stdout.write(text)


def cmd_plan_import(args: argparse.Namespace) -> None:
    with session_scope() as session:
        plan = plan_import.import_plan_file(session, args.file)
        out(f"importerte plan {plan.slug}")


def cmd_checkpoint_done(args: argparse.Namespace) -> None:
    warn_if_case_note(args.evidence)
    today = local_today()
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        changes = plans.complete_checkpoint(
            session, plan, args.checkpoint, on=args.on or today, today=today, evidence=args.evidence
        )
        out(f"sjekkpunktet '{args.checkpoint}' er fullført")
        for change in changes:
            out(f"fase: {change.describe()}")


def cmd_measure_update(args: argparse.Namespace) -> None:
    warn_if_case_note(args.comment)
    today = local_today()
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        update = plans.report_measure(
            session,
            plan,
            args.ref,
            on=args.on or today,
            today=today,
            status=args.status,
            progress=args.progress,
            comment=args.comment,
            reported_by=args.by,
        )
        out(f"tiltak {args.ref}: {update.status}, {update.progress} %")


def cmd_template_check(args: argparse.Namespace) -> None:
    template = load_template(str(args.file))
    out(
        f"malen '{template.key}' er gyldig: {len(template.phases)} faser, "
        f"{template.checkpoint_count} sjekkpunkter"
    )


def cmd_kommune_show(args: argparse.Namespace) -> None:
    with session_scope() as session:
        m = directory.get_municipality(session, args.number)
        note = " [verify: ikke bekreftet]" if m.regions_unverified else ""
        out(f"{m.number} {m.name}, {m.county_name} fylke")
        out(f"RVTS: {m.rvts.name_nb if m.rvts else '–'}{note}")
        out(f"KORUS: {m.korus.name_nb if m.korus else '–'}{note}")


# --- parser -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="planvakt", description=t("prog"))
    groups = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(
        sub: Subparsers,
        name: str,
        key: str,
        handler: Callable[[argparse.Namespace], None],
    ) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = sub.add_parser(name, help=t(key), description=t(key))
        p.set_defaults(handler=handler)
        return p

    def group(name: str) -> Subparsers:
        p = groups.add_parser(name, help=t(name), description=t(name))
        return p.add_subparsers(dest="subcommand", required=True, parser_class=_Parser)

    p = command(groups, "init", "init", cmd_init)
    p.add_argument("--demo", action="store_true", help=t("init.demo"))

    db = group("db")
    command(db, "upgrade", "db.upgrade", cmd_db_upgrade)

    plan = group("plan")
    p = command(plan, "create", "plan.create", cmd_plan_create)
    p.add_argument("--kommune", action="append", required=True, help=t("arg.kommune"))
    p.add_argument("--template", default="default", help=t("arg.template"))
    p.add_argument("--start", type=_date, required=True, help=t("arg.start"))
    p.add_argument("--title", help=t("arg.title"))
    p.add_argument("--slug", help=t("arg.slug"))
    command(plan, "list", "plan.list", cmd_plan_list)
    p = command(plan, "show", "plan.show", cmd_plan_show)
    p.add_argument("plan", help=t("arg.plan"))
    p.add_argument("--today", type=_date, help=t("arg.today"))
    p = command(plan, "export", "plan.export", cmd_plan_export)
    p.add_argument("plan", help=t("arg.plan"))
    p.add_argument("--format", choices=["yaml", "json"], help=t("arg.format"))
    p.add_argument("--output", "-o", type=Path, help=t("arg.output"))
    p = command(plan, "import", "plan.import", cmd_plan_import)
    p.add_argument("file", type=Path, help=t("arg.file"))

    cli_sheets.add_commands(groups, command, group)

    measure = group("measure")
    p = command(measure, "update", "measure.update", cmd_measure_update)
    p.add_argument("plan", help=t("arg.plan"))
    p.add_argument("ref", help=t("arg.ref"))
    p.add_argument("--status", help=t("arg.status"))
    p.add_argument("--progress", type=int, help=t("arg.progress"))
    p.add_argument("--comment", help=t("arg.comment"))
    p.add_argument("--on", type=_date, help=t("arg.on"))
    p.add_argument("--by", help=t("arg.by"))

    checkpoint = group("checkpoint")
    p = command(checkpoint, "done", "checkpoint.done", cmd_checkpoint_done)
    p.add_argument("plan", help=t("arg.plan"))
    p.add_argument("checkpoint", help=t("arg.checkpoint"))
    p.add_argument("--on", type=_date, help=t("arg.on"))
    p.add_argument("--evidence", help=t("arg.evidence"))

    template = group("template")
    p = command(template, "check", "template.check", cmd_template_check)
    p.add_argument("file", type=Path, help=t("arg.file"))

    cli_engine.add_commands(groups, command, group, _date)
    cli_documents.add_commands(groups, command, group, _date)
    cli_web.add_commands(groups, command, group)

    kommune = group("kommune")
    p = command(kommune, "show", "kommune.show", cmd_kommune_show)
    p.add_argument("number", help=t("arg.kommune"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``planvakt`` command; returns the process exit code."""
    try:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as exit_:  # --help, or a usage error already printed as one line
            return int(exit_.code or 0)
        args.handler(args)
    except PlanvaktError as exc:
        sys.stderr.write(render_error(exc) + "\n")
        return exc.exit_code
    except (OperationalError, ProgrammingError) as exc:
        missing_table = "no such table" in str(exc) or "does not exist" in str(exc)
        sys.stderr.write(f"planvakt: feil: {t('no_db') if missing_table else t('db_down')}\n")
        return 3
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if _safe() and get_settings().debug:
            raise
        sys.stderr.write(
            f"planvakt: uventet feil ({type(exc).__name__}); "
            "kjør med PLANVAKT_DEBUG=1 for detaljer\n"
        )
        return 70
    return 0


def _safe() -> bool:
    """Whether settings load (an invalid setting must still produce its own one-line error)."""
    try:
        get_settings()
    except PlanvaktError:
        return False
    return True


if __name__ == "__main__":
    raise SystemExit(main())
