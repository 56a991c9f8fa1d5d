"""The ``planvakt`` command line, in bokmål, nynorsk or English.

The language is decided once per call (:func:`planvakt.cli.language.cli_language`:
``PLANVAKT_LANGUAGE``, else ``LC_ALL``/``LC_MESSAGES``/``LANG``, else bokmål) and passed to
everything that prints: help, argparse's own words, results and errors. Errors are one clear
line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import OperationalError, ProgrammingError

from models.directory import MALFORM_NAMES, Malform, Municipality
from models.measure import MEASURE_STATUS_NAMES, MeasureStatus
from planvakt.cli import documents as cli_documents
from planvakt.cli import engine as cli_engine
from planvakt.cli import sheets as cli_sheets
from planvakt.cli import web as cli_web
from planvakt.cli.argparse_texts import argparse_in
from planvakt.cli.errors import render_error
from planvakt.cli.home import prepare_home
from planvakt.cli.language import Words, cli_language
from planvakt.cli.output import out, takes_free_text, warn_if_case_note
from planvakt.cli.parsing import Commands, Parser
from planvakt.core.clock import local_today
from planvakt.core.db import get_engine, session_scope
from planvakt.core.errors import PlanvaktError
from planvakt.core.languages import LANGUAGES
from planvakt.core.migrate import upgrade
from planvakt.core.render import render
from planvakt.core.settings import get_settings
from planvakt.exchange import plan_export, plan_import
from planvakt.exchange.templates import load_template
from planvakt.services import directory, plans, revision
from planvakt.views.plan import plan_view

# --- commands ---------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace, w: Words) -> None:
    prepare_home(args.demo, w)


def cmd_db_upgrade(_args: argparse.Namespace, w: Words) -> None:
    upgrade(get_engine())
    out(w._("databasen er oppdatert"))


def cmd_plan_create(args: argparse.Namespace, w: Words) -> None:
    template = load_template(args.template)
    with session_scope() as session:
        plan = plans.create_plan(
            session,
            municipality_numbers=args.kommune,
            template=template,
            start=args.start,
            title=args.title,
            slug=args.slug,
            language=args.language,
        )
        edition = plan.current_edition
        count = sum(len(p.checkpoints) for p in edition.phases)
        first_due = min(c.due_date for p in edition.phases for c in p.checkpoints)
        out(
            w._(
                "opprettet plan {slug}: {phases}, {checkpoints}, første frist {date}",
                slug=plan.slug,
                phases=w.ngettext("{n} fase", "{n} faser", len(edition.phases)),
                checkpoints=w.ngettext("{n} sjekkpunkt", "{n} sjekkpunkter", count),
                date=w.date(first_due),
            )
        )


def cmd_plan_list(_args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        found = plans.list_plans(session)
        if not found:
            out(w._("ingen planer ennå (opprett med 'planvakt plan create')"))
            return
        for plan in found:
            phase = plan.current_edition.current_phase
            municipalities = w.texts.join(m.display_name for m in plan.municipalities)
            shown = phase.name(w.language) if phase else w._("alle faser fullført")
            out(f"{plan.slug}\t{municipalities}\t{shown}\t{plan.title}")
        out(w.ngettext("{n} plan", "{n} planer", len(found)))


def cmd_plan_show(args: argparse.Namespace, w: Words) -> None:
    settings = get_settings()
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        view = plan_view(
            plan,
            args.today or local_today(),
            risk_window_days=settings.risk_window_days,
            language=w.language,
        )
    out(render("text/plan_show.txt.j2", w.language, plan=view))


def cmd_plan_next_edition(args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        edition = revision.start_next_edition(session, plan, args.today or local_today())
        out(
            w._(
                "utgave {number} av {slug} startet {date}; utgave {previous} er avsluttet og "
                "ligger som historikk",
                number=edition.number,
                slug=plan.slug,
                date=w.date(edition.started_on),
                previous=edition.number - 1,
            )
        )


def cmd_plan_export(args: argparse.Namespace, w: Words) -> None:
    fmt = args.format or ("json" if args.output and args.output.suffix == ".json" else "yaml")
    with session_scope() as session:
        text = plan_export.dump(plan_export.export_plan(plans.find_plan(session, args.plan)), fmt)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        out(w._("skrev {path}", path=args.output))
    else:
        sys.stdout.write(text)


def cmd_plan_import(args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        plan = plan_import.import_plan_file(session, args.file)
        out(w._("importerte plan {slug}", slug=plan.slug))


def cmd_checkpoint_done(args: argparse.Namespace, w: Words) -> None:
    warn_if_case_note(w, args.evidence)
    today = local_today()
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        changes = plans.complete_checkpoint(
            session, plan, args.checkpoint, on=args.on or today, today=today, evidence=args.evidence
        )
        out(w._("sjekkpunktet '{key}' er fullført", key=args.checkpoint))
        for change in changes:
            out(w._("fase: {change}", change=change.describe(w.language)))


def cmd_measure_update(args: argparse.Namespace, w: Words) -> None:
    warn_if_case_note(w, args.comment)
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
        status = w._(MEASURE_STATUS_NAMES[MeasureStatus(update.status)])
        out(
            w._(
                "tiltak {ref}: {status}, {progress} %",
                ref=args.ref,
                status=status,
                progress=update.progress,
            )
        )


def cmd_template_check(args: argparse.Namespace, w: Words) -> None:
    template = load_template(str(args.file))
    out(
        w._(
            "malen '{key}' er gyldig: {phases}, {checkpoints}",
            key=template.key,
            phases=w.ngettext("{n} fase", "{n} faser", len(template.phases)),
            checkpoints=w.ngettext("{n} sjekkpunkt", "{n} sjekkpunkter", template.checkpoint_count),
        )
    )


def cmd_kommune_show(args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        m = directory.get_municipality(session, args.number)
        note = " " + w._("[verify: ikke bekreftet]") if m.regions_unverified else ""
        out(
            w._(
                "{number} {name}, {county} fylke",
                number=m.number,
                name=m.display_name,
                county=m.county_name,
            )
        )
        out(f"RVTS: {m.rvts.name(w.language) if m.rvts else '–'}{note}")
        out(f"KORUS: {m.korus.name(w.language) if m.korus else '–'}{note}")
        out(_regions_source_line(m, w))
        out(_malform_line(m, w))


def _regions_source_line(m: Municipality, w: Words) -> str:
    if not m.regions_source:
        return w._("kilde for RVTS/KORUS: ikke bekreftet: ingen kilde")
    line = w._("kilde for RVTS/KORUS: {source}", source=m.regions_source)
    return f"{line} {w._('[verify: ikke bekreftet]')}" if m.regions_unverified else line


def _malform_line(m: Municipality, w: Words) -> str:
    line = w._(
        "målform: {malform} (kilde: {source})",
        malform=w._(MALFORM_NAMES[Malform(m.malform)]),
        source=m.malform_source or "–",
    )
    return line if m.malform_confirmed else f"{line} {w._('[verify: ikke bekreftet]')}"


def cmd_kommune_set(args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        m = directory.get_municipality(session, args.number)
        directory.set_malform(
            session, m, args.malform, source=args.source, today=local_today(), language=w.language
        )
        out(f"{m.number} {m.name}: {_malform_line(m, w)}")


def cmd_kommune_name(args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        m = directory.get_municipality(session, args.number)
        directory.set_official_name(session, m, args.name)
        out(
            w._("{number} {name}: offisielt navn satt av deg", number=m.number, name=m.display_name)
        )


def cmd_plan_language(args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        plan = plans.find_plan(session, args.plan)
        changed = plans.set_plan_language(session, plan, args.language)
        name = w._(plans.LANGUAGE_NAMES[plan.language])
        if changed:
            out(w._("planen {slug} er nå på {language}", slug=plan.slug, language=name))
        else:
            out(w._("planen {slug} er allerede på {language}", slug=plan.slug, language=name))


# --- parser -----------------------------------------------------------------------------


def build_parser(w: Words) -> argparse.ArgumentParser:
    """The whole command line's parser, with every help text in the language of ``w``."""
    parser = Parser(
        prog="planvakt",
        description=w._(
            "planvakt – automatisk pådriver for kommunens handlingsplan mot radikalisering og "
            "voldelig ekstremisme"
        ),
    )
    c = Commands(w)
    groups = c.subcommands(parser)
    plan_id, date_meta, file_meta = w._("plan-id"), w._("DATO"), w._("FIL")

    p = c.command(
        groups,
        "init",
        w._("opprett hjemmemappe og database, kjør migreringer, last kommunekatalogen"),
        cmd_init,
    )
    p.add_argument(
        "--demo", action="store_true", help=w._("lag også en demoplan for Færder (3911)")
    )

    db = c.group(groups, "db", w._("databasevedlikehold"))
    c.command(db, "upgrade", w._("oppgrader databasen til nyeste skjema"), cmd_db_upgrade)

    plan = c.group(groups, "plan", w._("planer: opprett, vis, eksporter, importer"))
    p = c.command(plan, "create", w._("start en planprosess fra en mal"), cmd_plan_create)
    p.add_argument(
        "--kommune",
        action="append",
        required=True,
        metavar=w._("KOMMUNE"),
        help=w._("kommunenummer eller navn (gjenta for en interkommunal plan; den første leder)"),
    )
    p.add_argument(
        "--template",
        default="default",
        metavar=w._("MAL"),
        help=w._("malnøkkel eller sti til en YAML-fil (standard: default)"),
    )
    p.add_argument(
        "--start",
        type=c.date,
        required=True,
        metavar=date_meta,
        help=w._("startdato (dd.mm.åååå eller åååå-mm-dd)"),
    )
    p.add_argument("--title", metavar=w._("TITTEL"), help=w._("plantittel (standard: fra malen)"))
    p.add_argument(
        "--slug", metavar=w._("ID"), help=w._("plan-id (standard: kommunenummer-navn-år)")
    )
    p.add_argument(
        "--language",
        choices=LANGUAGES,
        help=w._(
            "planens språk: nb (bokmål), nn (nynorsk) eller en (engelsk); "
            "standard: kommunens målform"
        ),
    )
    p = c.command(
        plan,
        "language",
        w._("bytt språket planen skriver påminnelser, rapporter og sider på"),
        cmd_plan_language,
    )
    p.add_argument("plan", help=plan_id)
    p.add_argument(
        "language",
        choices=LANGUAGES,
        metavar=w._("SPRÅK"),
        help=w._("nb (bokmål), nn (nynorsk) eller en (engelsk)"),
    )
    c.command(plan, "list", w._("list alle planer"), cmd_plan_list)
    p = c.command(plan, "show", w._("vis status for en plan"), cmd_plan_show)
    p.add_argument("plan", help=plan_id)
    p.add_argument(
        "--today", type=c.date, metavar=date_meta, help=w._("vis status som på denne datoen")
    )
    p = c.command(
        plan,
        "next-edition",
        w._(
            "start neste utgave (rullering) av planen når sluttevalueringen er i gang, så den "
            "nye planen kan vedtas før planperioden slutter"
        ),
        cmd_plan_next_edition,
    )
    p.add_argument("plan", help=plan_id)
    p.add_argument(
        "--today", type=c.date, metavar=date_meta, help=w._("startdato (standard: i dag)")
    )
    p = c.command(plan, "export", w._("eksporter en hel plan som YAML eller JSON"), cmd_plan_export)
    p.add_argument("plan", help=plan_id)
    p.add_argument(
        "--format", choices=["yaml", "json"], help=w._("filformat (standard: fra filnavnet)")
    )
    p.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar=file_meta,
        help=w._("skriv til fil i stedet for standard ut"),
    )
    p = c.command(plan, "import", w._("importer en hel plan fra YAML eller JSON"), cmd_plan_import)
    p.add_argument("file", type=Path, metavar=w._("fil"), help=w._("planfilen (.yaml eller .json)"))

    cli_sheets.add_commands(c, groups)

    measure = c.group(groups, "measure", w._("ett tiltak"))
    p = c.command(measure, "update", w._("rapporter status på et tiltak"), cmd_measure_update)
    takes_free_text(p, w)
    p.add_argument("plan", help=plan_id)
    p.add_argument("ref", metavar=w._("tiltak"), help=w._("tiltakets nummer, f.eks. T1 eller 2.3"))
    p.add_argument(
        "--status",
        help=w._("planlagt, pågår, fullført, utsatt eller avsluttet (også nynorsk og engelsk)"),
    )
    p.add_argument(
        "--progress",
        type=c.integer,
        metavar=w._("PROSENT"),
        help=w._("fremdrift i prosent (0–100)"),
    )
    p.add_argument(
        "--comment",
        metavar=w._("TEKST"),
        help=w._("kommentar (ingen personopplysninger)"),
    )
    p.add_argument(
        "--on", type=c.date, metavar=date_meta, help=w._("rapportens dato (standard: i dag)")
    )
    p.add_argument("--by", metavar=w._("ROLLE"), help=w._("rollen som rapporterer, f.eks. rektor"))

    checkpoint = c.group(groups, "checkpoint", w._("sjekkpunkter"))
    p = c.command(checkpoint, "done", w._("merk et sjekkpunkt som fullført"), cmd_checkpoint_done)
    takes_free_text(p, w)
    p.add_argument("plan", help=plan_id)
    p.add_argument(
        "checkpoint",
        metavar=w._("sjekkpunkt"),
        help=w._("sjekkpunktets nøkkel (eller fase/nøkkel)"),
    )
    p.add_argument(
        "--on",
        type=c.date,
        metavar=date_meta,
        help=w._("datoen det ble fullført (standard: i dag)"),
    )
    p.add_argument(
        "--evidence",
        metavar=w._("TEKST"),
        help=w._("dokumentasjon: referanse, saksnummer e.l."),
    )

    template = c.group(groups, "template", w._("planmaler"))
    p = c.command(template, "check", w._("kontroller en egen planmal"), cmd_template_check)
    p.add_argument("file", type=Path, metavar=w._("fil"), help=w._("malen (en YAML-fil)"))

    cli_engine.add_commands(c, groups)
    cli_documents.add_commands(c, groups)
    cli_web.add_commands(c, groups)

    kommune = c.group(groups, "kommune", w._("kommunekatalogen"))
    kommune_meta = w._("kommune")
    kommune_help = w._("kommunenummer eller navn, f.eks. 3911 eller Kautokeino")
    p = c.command(kommune, "show", w._("vis en kommune med fylke, RVTS og KORUS"), cmd_kommune_show)
    p.add_argument("number", metavar=kommune_meta, help=kommune_help)
    p = c.command(
        kommune,
        "name",
        w._("sett kommunens fulle offisielle navn (bekreftet av deg)"),
        cmd_kommune_name,
    )
    p.add_argument("number", metavar=kommune_meta, help=kommune_help)
    p.add_argument(
        "name",
        metavar=w._("navn"),
        help=w._(
            "navneformene i offisiell rekkefølge skilt med « – », f.eks. "
            "«Guovdageaidnu – Kautokeino»; bare navnet om kommunen ikke har flere former"
        ),
    )
    p = c.command(kommune, "set", w._("sett kommunens målform (bekreftet av deg)"), cmd_kommune_set)
    p.add_argument("number", metavar=kommune_meta, help=kommune_help)
    p.add_argument(
        "--malform",
        required=True,
        choices=[m.value for m in Malform],
        help=w._("bokmal, nynorsk eller noytral"),
    )
    p.add_argument(
        "--source",
        metavar=w._("TEKST"),
        help=w._("hvor opplysningen kommer fra (standard: «satt av operatør» og dagens dato)"),
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``planvakt`` command; returns the process exit code."""
    w = Words(cli_language())
    try:
        with argparse_in(w):
            try:
                args = build_parser(w).parse_args(argv)
            except SystemExit as exit_:  # --help, or a usage error already printed as one line
                return int(exit_.code or 0)
        args.handler(args, w)
    except PlanvaktError as exc:
        sys.stderr.write(render_error(exc, w) + "\n")
        return exc.exit_code
    except (OperationalError, ProgrammingError) as exc:
        missing_table = "no such table" in str(exc) or "does not exist" in str(exc)
        problem = (
            w._(
                "databasen mangler tabeller: kjør 'planvakt db upgrade' "
                "(ny database: 'planvakt init')"
            )
            if missing_table
            else w._("får ikke kontakt med databasen")
        )
        sys.stderr.write(w._("planvakt: feil: {message}", message=problem) + "\n")
        return 3
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if _safe() and get_settings().debug:
            raise
        sys.stderr.write(
            w._(
                "planvakt: uventet feil ({kind}); kjør med PLANVAKT_DEBUG=1 for detaljer",
                kind=type(exc).__name__,
            )
            + "\n"
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
