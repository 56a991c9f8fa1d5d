"""Command-line commands for spreadsheets: import (or preview) and export a plan's measures,
and the units a sheet names with their aliases."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planvakt.cli.language import Words
from planvakt.cli.output import out
from planvakt.cli.parsing import Commands, Subparsers
from planvakt.cli.sheet_report import error_lines, import_lines, preview_lines
from planvakt.core.db import session_scope
from planvakt.core.errors import ImportErrors, Location, PlanvaktError, ValidationError
from planvakt.exchange import measures, spreadsheets
from planvakt.exchange.tables import MAX_FILE_BYTES
from planvakt.exchange.units import normal_name
from planvakt.services import directory, plans, units


def cmd_measures_import(args: argparse.Namespace, w: Words) -> None:
    if args.dry_run:
        _preview(args, w)
        return
    source = str(args.file)
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        try:
            report = measures.import_measures_file(session, plan, args.file, args.sheet)
        except ImportErrors as exc:
            sys.stderr.write("".join(line + "\n" for line in error_lines(exc.errors, w)))
            raise PlanvaktError(
                "cli.import_refused", location=Location(source=source), count=len(exc.errors)
            ) from None
        kommune = plan.lead_municipality.number
        created = [(name, units.find_unit(session, kommune, name).key) for name in report.new_units]
        lines = import_lines(report, plan.slug, created, kommune, w)
    for line in lines:
        out(line)


def _preview(args: argparse.Namespace, w: Words) -> None:
    """The dry run: the report of what the import would do; the transaction is rolled back."""
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        data = spreadsheets.read_limited(args.file)
        report = measures.preview_measures(session, plan, data, str(args.file), args.sheet)
        lines = preview_lines(report, plan.slug, w)
        session.rollback()  # a preview stores nothing, whatever a lower layer did
    for line in lines:
        out(line)
    if report.errors:
        raise PlanvaktError(
            "cli.preview_refused", location=Location(source=report.source), count=len(report.errors)
        )


def cmd_measures_export(args: argparse.Namespace, w: Words) -> None:
    fmt = args.format or spreadsheets.format_for(args.out)
    with session_scope(read_only=True) as session:
        plan = plans.find_plan(session, args.plan)
        data = measures.export_measures(session, plan, fmt)
        count = len(plan.current_edition.measures)
    try:
        args.out.write_bytes(data)
    except OSError as exc:
        raise ValidationError(
            "file.unwritable", location=Location(source=str(args.out)), reason=exc.strerror
        ) from None
    out(
        w._(
            "skrev {path} ({count})",
            path=args.out,
            count=w.ngettext("{n} tiltak", "{n} tiltak", count),
        )
    )


def cmd_unit_list(args: argparse.Namespace, w: Words) -> None:
    with session_scope(read_only=True) as session:
        municipality = directory.get_municipality(session, args.kommune)
        rows = units.list_units(session, args.kommune)
    out(
        w._(
            "enheter i {number} {name} ({count}):",
            number=municipality.number,
            name=municipality.name,
            count=len(rows),
        )
    )
    new = w._("[ny]")
    for row in rows:
        columns = [
            row.key,
            row.name + (f" {new}" if row.unconfirmed else ""),
            w.ngettext("{n} varslingsadresse", "{n} varslingsadresser", row.addresses),
        ]
        if row.aliases:
            aliases = ", ".join(f"«{a}»" for a in row.aliases)
            columns.append(w._("alias: {aliases}", aliases=aliases))
        out("\t".join(columns))
    if any(row.unconfirmed for row in rows):
        out(
            w._(
                "{new} = opprettet av en regnearkimport; varsler til den registreres som ikke "
                "levert til den får en adresse: planvakt notify add URL --kommune {kommune} "
                "--service NØKKEL",
                new=new,
                kommune=municipality.number,
            )
        )


def cmd_unit_alias_add(args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        alias = units.add_alias(session, args.kommune, args.alias, args.unit)
        target = units.find_unit(session, args.kommune, args.unit)
        replaced = [
            row
            for row in units.list_units(session, args.kommune)
            if row.unconfirmed and row.key != target.key and normal_name(row.name) == alias.alias
        ]
        out(
            w._(
                "alias «{alias}» → {key} lagret i kommune {kommune}",
                alias=alias.written,
                key=target.key,
                kommune=alias.municipality_number,
            )
        )
        for row in replaced:
            out(
                w._(
                    "den nye enheten {unit} har samme navn; neste import av arket flytter "
                    "tiltakene dens til {key}",
                    unit=row.key,
                    key=target.key,
                )
            )


def cmd_unit_alias_remove(args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        key = units.remove_alias(session, args.kommune, args.alias)
    written = " ".join(args.alias.split())
    out(w._("alias «{alias}» fjernet (pekte til {key})", alias=written, key=key))


def add_commands(c: Commands, groups: Subparsers) -> None:
    """The spreadsheet and unit commands, with help in the language of ``c``."""
    w = c.w
    plan_id, file_meta = w._("plan-id"), w._("FIL")
    kommune_meta, kommune_help = w._("kommunenr"), w._("kommunenummer, f.eks. 3911")
    alias_meta = w._("navn")
    alias_help = w._("navnet slik regnearket skriver det, f.eks. «Politirådet i Færder»")

    measures_group = c.group(
        groups, "measures", w._("tiltak i bulk: importer og eksporter regneark")
    )
    p = c.command(
        measures_group,
        "import",
        w._(
            "importer tiltak fra et regneark (.xlsx eller CSV): alt eller ingenting; "
            "ukjente ansvarlige blir nye enheter"
        ),
        cmd_measures_import,
    )
    p.add_argument("plan", help=plan_id)
    p.add_argument(
        "file",
        type=Path,
        metavar=w._("fil"),
        help=w._(
            "regnearket: .xlsx eller .csv (høyst {max_mb} MB)",
            max_mb=MAX_FILE_BYTES // (1024 * 1024),
        ),
    )
    p.add_argument(
        "--sheet",
        metavar=w._("ARK"),
        help=w._("arket i arbeidsboken (standard: det første med tiltakskolonner)"),
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help=w._(
            "vis rad for rad hva importen ville gjort, uten å lagre noe "
            "(avslutter med kode 1 om arket ville blitt avvist)"
        ),
    )
    p = c.command(
        measures_group,
        "export",
        w._("eksporter planens tiltak som regneark (.xlsx eller CSV) som kan importeres igjen"),
        cmd_measures_export,
    )
    p.add_argument("plan", help=plan_id)
    p.add_argument(
        "--out",
        "-o",
        type=Path,
        required=True,
        metavar=file_meta,
        help=w._("filen som skrives, f.eks. tiltak.xlsx eller tiltak.csv"),
    )
    p.add_argument(
        "--format",
        choices=spreadsheets.FORMATS,
        help=w._("xlsx eller csv (standard: fra filnavnet)"),
    )

    unit = c.group(groups, "unit", w._("enheter i en kommune og aliasene regneark bruker for dem"))
    p = c.command(
        unit,
        "list",
        w._("list kommunens enheter: nøkkel, navn, nye enheter, varslingsadresser og alias"),
        cmd_unit_list,
    )
    p.add_argument("kommune", metavar=kommune_meta, help=kommune_help)
    alias = c.group(unit, "alias", w._("alias: andre navn et regneark bruker på en enhet"))
    p = c.command(
        alias, "add", w._("la et navn i regneark bety en eksisterende enhet"), cmd_unit_alias_add
    )
    p.add_argument("kommune", metavar=kommune_meta, help=kommune_help)
    p.add_argument("alias", metavar=alias_meta, help=alias_help)
    p.add_argument(
        "unit",
        metavar=w._("enhet"),
        help=w._("enhetens nøkkel eller navn, f.eks. politirad"),
    )
    p = c.command(alias, "remove", w._("fjern et alias"), cmd_unit_alias_remove)
    p.add_argument("kommune", metavar=kommune_meta, help=kommune_help)
    p.add_argument("alias", metavar=alias_meta, help=alias_help)
