"""A measures import's report as the command line prints it: the preview row by row, the
outcome of a real import, and every error on a line of its own."""

from __future__ import annotations

from collections.abc import Sequence

from planvakt.cli.errors import render_error
from planvakt.core.errors import PlanvaktError, ValidationError
from planvakt.core.messages import error_text
from planvakt.exchange.measure_sheet import SHOWN_HEADERS
from planvakt.exchange.measures import ImportReport, RowOutcome, describe_read_as

ACTION_WORDS = {"new": "ny", "changed": "endres", "unchanged": "uendret", "refused": "avvist"}
INDENT = "    "


def preview_lines(report: ImportReport, plan: str, language: str) -> list[str]:
    """What an import of the sheet would do, in words: how it was read, then row by row."""
    lines = [
        f"prøvekjøring: {report.source} til plan {plan}; ingenting lagres",
        f"lest som: {describe_read_as(report.read_as, language)}",
        f"overskriftsrad: {report.header_row}",
        "ignorerte kolonner: "
        + (", ".join(f"{c.letter} «{c.header}»" for c in report.ignored) or "ingen"),
        "nye enheter (opprettes uten varslingsadresse): "
        + (", ".join(f"«{name}»" for name in report.new_units) or "ingen"),
        f"tiltak i planen som arket ikke nevner (røres ikke): {report.untouched}",
    ]
    above = _above_header(report)
    if above:
        lines.append("feil over overskriftsraden:")
        lines.extend(INDENT + error_text(e, language, within=report.source) for e in above)
    for row in report.rows:
        lines.extend(_row_lines(row, report.source, language))
    counts = ", ".join(f"{word} {report.count(action)}" for action, word in ACTION_WORDS.items())
    lines.append(f"sum: {counts}")
    return lines


def _row_lines(row: RowOutcome, source: str, language: str) -> list[str]:
    word = ACTION_WORDS[row.action]
    lines = [f"rad {row.row:<4}  {word:<7}  {row.ref or '–'}  {row.title or '–'}"]
    lines.extend(
        f"{INDENT}{SHOWN_HEADERS.get(c.field, c.field)}: «{c.old}» → «{c.new}»" for c in row.changes
    )
    lines.extend(INDENT + error_text(e, language, within=source) for e in row.errors)
    return lines


def _above_header(report: ImportReport) -> list[ValidationError]:
    """The sheet's errors that belong to no measure row (title rows above the header)."""
    in_rows = {id(e) for row in report.rows for e in row.errors}
    return [e for e in report.errors if id(e) not in in_rows]


def import_lines(
    report: ImportReport, plan: str, new_units: Sequence[tuple[str, str]], kommune: str
) -> list[str]:
    """The outcome of a real import; ``new_units`` are the created units' (name, key)."""
    lines = [
        f"importerte {report.source} til plan {plan}: {report.created} nye, "
        f"{report.updated} endrede og {report.count('unchanged')} uendrede tiltak"
    ]
    if report.untouched:
        lines.append(f"{report.untouched} tiltak i planen står ikke i arket og er ikke endret")
    if report.ignored:
        lines.append(
            "ignorerte kolonner: " + ", ".join(f"{c.letter} «{c.header}»" for c in report.ignored)
        )
    for name, key in new_units:
        lines.append(
            f"ny enhet uten varslingsadresse: {name} (nøkkel {key}); "
            "legg til en adresse eller et alias"
        )
    if new_units:
        lines.append(
            f"{INDENT}adresse: planvakt notify add URL --kommune {kommune} --service NØKKEL; "
            f"alias: planvakt unit alias add {kommune} NAVN ENHET (gjelder fra neste import)"
        )
    return lines


def error_lines(errors: Sequence[PlanvaktError]) -> list[str]:
    """Every error of a refused import, one line each, in the command line's error form."""
    return [render_error(e) for e in errors]
