"""A measures import's report as the command line prints it: the preview row by row, the
outcome of a real import, and every error on a line of its own."""

from __future__ import annotations

from collections.abc import Sequence

from planvakt.cli.errors import render_error
from planvakt.cli.language import Words
from planvakt.core.errors import PlanvaktError, ValidationError
from planvakt.core.languages import N_
from planvakt.exchange.measure_sheet import SHOWN_HEADERS
from planvakt.exchange.measures import ImportReport, RowOutcome, describe_read_as

# What the import does with a row (bokmål; translated where shown).
ACTION_WORDS = {
    "new": N_("ny"),
    "changed": N_("endres"),
    "unchanged": N_("uendret"),
    "refused": N_("avvist"),
}
INDENT = "    "


def preview_lines(report: ImportReport, plan: str, w: Words) -> list[str]:
    """What an import of the sheet would do, in words: how it was read, then row by row."""
    none = w._("ingen")
    ignored = ", ".join(f"{c.letter} «{c.header}»" for c in report.ignored)
    new_units = ", ".join(f"«{name}»" for name in report.new_units)
    lines = [
        w._(
            "prøvekjøring: {source} til plan {plan}; ingenting lagres",
            source=report.source,
            plan=plan,
        ),
        w._("lest som: {read_as}", read_as=describe_read_as(report.read_as, w.language)),
        w._("overskriftsrad: {row}", row=report.header_row),
        w._("ignorerte kolonner: {columns}", columns=ignored or none),
        w._("nye enheter (opprettes uten varslingsadresse): {units}", units=new_units or none),
        w._("tiltak i planen som arket ikke nevner (røres ikke): {count}", count=report.untouched),
    ]
    if report.skipped:
        lines.append(_skipped_line(report.skipped, w))
    above = _above_header(report)
    if above:
        lines.append(w._("feil over overskriftsraden:"))
        lines.extend(INDENT + w.error(e, within=report.source) for e in above)
    for row in report.rows:
        lines.extend(_row_lines(row, report.source, w))
    counts = ", ".join(
        f"{w._(word)} {report.count(action)}" for action, word in ACTION_WORDS.items()
    )
    lines.append(w._("sum: {counts}", counts=counts))
    return lines


def _row_lines(row: RowOutcome, source: str, w: Words) -> list[str]:
    word = w._(ACTION_WORDS[row.action])
    number = str(row.row).ljust(4)
    where = w._("rad {row}", row=number)
    lines = [f"{where}  {word:<7}  {row.ref or '–'}  {row.title or '–'}"]
    for change in row.changes:
        header = SHOWN_HEADERS.get(change.field)
        name = w._(header) if header else change.field
        # A status is shown by its bokmål name, which is also its message id.
        old, new = (
            (w._(change.old), w._(change.new))
            if change.field == "status"
            else (change.old, change.new)
        )
        lines.append(f"{INDENT}{name}: «{old}» → «{new}»")
    lines.extend(INDENT + w.error(e, within=source) for e in row.errors)
    return lines


def _skipped_line(rows: Sequence[int], w: Words) -> str:
    """The rows that name no measure (a «Sum» row): skipped, and said so."""
    return w.ngettext(
        "hoppet over {n} rad uten Nr, Tiltak og Ansvarlig (sum eller tom): rad {rows}",
        "hoppet over {n} rader uten Nr, Tiltak og Ansvarlig (sum eller tom): rad {rows}",
        len(rows),
        rows=", ".join(str(row) for row in rows),
    )


def _above_header(report: ImportReport) -> list[ValidationError]:
    """The sheet's errors that belong to no measure row (title rows above the header)."""
    in_rows = {id(e) for row in report.rows for e in row.errors}
    return [e for e in report.errors if id(e) not in in_rows]


def import_lines(
    report: ImportReport, plan: str, new_units: Sequence[tuple[str, str]], kommune: str, w: Words
) -> list[str]:
    """The outcome of a real import; ``new_units`` are the created units' (name, key)."""
    lines = [
        w._(
            "importerte {source} til plan {plan}: {created}, {updated} og {unchanged} tiltak",
            source=report.source,
            plan=plan,
            created=w.ngettext("{n} nytt", "{n} nye", report.created),
            updated=w.ngettext("{n} endret", "{n} endrede", report.updated),
            unchanged=w.ngettext("{n} uendret", "{n} uendrede", report.count("unchanged")),
        )
    ]
    if report.untouched:
        lines.append(
            w.ngettext(
                "{n} tiltak i planen står ikke i arket og er ikke endret",
                "{n} tiltak i planen står ikke i arket og er ikke endret",
                report.untouched,
            )
        )
    if report.ignored:
        columns = ", ".join(f"{c.letter} «{c.header}»" for c in report.ignored)
        lines.append(w._("ignorerte kolonner: {columns}", columns=columns))
    if report.skipped:
        lines.append(_skipped_line(report.skipped, w))
    for name, key in new_units:
        lines.append(
            w._(
                "ny enhet uten varslingsadresse: {name} (nøkkel {key}); "
                "legg til en adresse eller et alias",
                name=name,
                key=key,
            )
        )
    if new_units:
        lines.append(
            INDENT
            + w._(
                "adresse: planvakt notify add URL --kommune {kommune} --service NØKKEL; "
                "alias: planvakt unit alias add {kommune} NAVN ENHET (gjelder fra neste import)",
                kommune=kommune,
            )
        )
    return lines


def error_lines(errors: Sequence[PlanvaktError], w: Words) -> list[str]:
    """Every error of a refused import, one line each, in the command line's error form."""
    return [render_error(e, w) for e in errors]
