"""Command-line commands for spreadsheets: import (or preview) and export a plan's measures,
and the units a sheet names with their aliases."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from planvakt.cli.output import out
from planvakt.cli.sheet_report import error_lines, import_lines, preview_lines
from planvakt.core.db import session_scope
from planvakt.core.errors import ImportErrors, Location, PlanvaktError, ValidationError
from planvakt.core.i18n import t
from planvakt.core.settings import get_settings
from planvakt.exchange import measures, spreadsheets
from planvakt.exchange.tables import MAX_FILE_BYTES
from planvakt.exchange.units import normal_name
from planvakt.services import directory, plans, units

Command = Callable[[Any, str, str, Callable[[argparse.Namespace], None]], argparse.ArgumentParser]
Group = Callable[[str], Any]


def cmd_measures_import(args: argparse.Namespace) -> None:
    if args.dry_run:
        _preview(args)
        return
    source = str(args.file)
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        try:
            report = measures.import_measures_file(session, plan, args.file, args.sheet)
        except ImportErrors as exc:
            sys.stderr.write("".join(line + "\n" for line in error_lines(exc.errors)))
            raise PlanvaktError(
                "cli.import_refused", location=Location(source=source), count=len(exc.errors)
            ) from None
        kommune = plan.lead_municipality.number
        created = [(name, units.find_unit(session, kommune, name).key) for name in report.new_units]
        lines = import_lines(report, plan.slug, created, kommune)
    for line in lines:
        out(line)


def _preview(args: argparse.Namespace) -> None:
    """The dry run: the report of what the import would do; the transaction is rolled back."""
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        data = spreadsheets.read_limited(args.file)
        report = measures.preview_measures(session, plan, data, str(args.file), args.sheet)
        lines = preview_lines(report, plan.slug, get_settings().language)
        session.rollback()  # a preview stores nothing, whatever a lower layer did
    for line in lines:
        out(line)
    if report.errors:
        raise PlanvaktError(
            "cli.preview_refused", location=Location(source=report.source), count=len(report.errors)
        )


def cmd_measures_export(args: argparse.Namespace) -> None:
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
    out(f"skrev {args.out} ({count} tiltak)")


def cmd_unit_list(args: argparse.Namespace) -> None:
    with session_scope(read_only=True) as session:
        municipality = directory.get_municipality(session, args.kommune)
        rows = units.list_units(session, args.kommune)
    out(f"enheter i {municipality.number} {municipality.name} ({len(rows)}):")
    for row in rows:
        columns = [
            row.key,
            row.name + (" [ny]" if row.unconfirmed else ""),
            f"{row.addresses} varslingsadresse{'' if row.addresses == 1 else 'r'}",
        ]
        if row.aliases:
            columns.append("alias: " + ", ".join(f"«{a}»" for a in row.aliases))
        out("\t".join(columns))
    if any(row.unconfirmed for row in rows):
        out(
            "[ny] = opprettet av en regnearkimport; varsler til den registreres som ikke levert "
            "til den får en adresse: planvakt notify add URL "
            f"--kommune {municipality.number} --service NØKKEL"
        )


def cmd_unit_alias_add(args: argparse.Namespace) -> None:
    with session_scope() as session:
        alias = units.add_alias(session, args.kommune, args.alias, args.unit)
        target = units.find_unit(session, args.kommune, args.unit)
        replaced = [
            row
            for row in units.list_units(session, args.kommune)
            if row.unconfirmed and row.key != target.key and normal_name(row.name) == alias.alias
        ]
        out(f"alias «{alias.written}» → {target.key} lagret i kommune {alias.municipality_number}")
        for row in replaced:
            out(
                f"den nye enheten {row.key} har samme navn; neste import av arket flytter "
                f"tiltakene dens til {target.key}"
            )


def cmd_unit_alias_remove(args: argparse.Namespace) -> None:
    with session_scope() as session:
        key = units.remove_alias(session, args.kommune, args.alias)
    out(f"alias «{' '.join(args.alias.split())}» fjernet (pekte til {key})")


def add_commands(groups: Any, command: Command, group: Group) -> None:
    measures_group = group("measures")
    p = command(measures_group, "import", "measures.import", cmd_measures_import)
    p.add_argument("plan", help=t("arg.plan"))
    p.add_argument(
        "file",
        type=Path,
        help=t("arg.sheet_file").format(max_mb=MAX_FILE_BYTES // (1024 * 1024)),
    )
    p.add_argument("--sheet", help=t("arg.sheet"))
    p.add_argument("--dry-run", action="store_true", help=t("arg.dry_run"))
    p = command(measures_group, "export", "measures.export", cmd_measures_export)
    p.add_argument("plan", help=t("arg.plan"))
    p.add_argument("--out", "-o", type=Path, required=True, help=t("arg.out_sheet"))
    p.add_argument("--format", choices=spreadsheets.FORMATS, help=t("arg.sheet_format"))

    unit = group("unit")
    p = command(unit, "list", "unit.list", cmd_unit_list)
    p.add_argument("kommune", help=t("arg.municipality"))
    alias_parser = unit.add_parser("alias", help=t("unit.alias"), description=t("unit.alias"))
    alias = alias_parser.add_subparsers(
        dest="alias_command", required=True, parser_class=type(alias_parser)
    )
    p = command(alias, "add", "unit.alias.add", cmd_unit_alias_add)
    p.add_argument("kommune", help=t("arg.municipality"))
    p.add_argument("alias", help=t("arg.alias"))
    p.add_argument("unit", help=t("arg.unit"))
    p = command(alias, "remove", "unit.alias.remove", cmd_unit_alias_remove)
    p.add_argument("kommune", help=t("arg.municipality"))
    p.add_argument("alias", help=t("arg.alias"))
