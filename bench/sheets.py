"""Benchmark: the preview of a measures import at the row limit, in memory and time.

Writes a 5 000-row measures sheet (the header and 4 999 measures with every column filled,
as the export writes them) as .xlsx and as CSV, previews each against the Færder plan (read,
validate, compare; nothing stored), and prints the file size, the peak of Python memory
allocated during the preview (tracemalloc) and the time (median of three runs, without
tracemalloc). Also times the refusal of a workbook whose styles part is over its limit.

    .venv/bin/python bench/sheets.py [--rows 5000]

Memory, not time, is what the limits bound: the peak of a legitimate sheet at the row limit
should stay well under 200 MB. Talks to nothing; everything lives in a temporary home.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

HOME = Path(tempfile.mkdtemp(prefix="planvakt-bench-sheets-"))
os.environ.update(PLANVAKT_HOME=str(HOME), DO_NOT_TRACK="1")

MIB = 1024 * 1024
OWNERS = ("grunnskole", "barnevern", "nav", "utekontakt", "SLT-koordinator", "Politirådet")
STATUSES = ("planlagt", "pågår", "fullført", "utsatt", "avsluttet")


def sheet(fmt: str, rows: int) -> bytes:
    """A measures sheet of ``rows`` spreadsheet rows, written as the export writes one."""
    from planvakt.core.languages import texts
    from planvakt.exchange.measures import EXPORT_COLUMNS, export_columns
    from planvakt.exchange.spreadsheets import write_sheet

    values = []
    for n in range(1, rows):
        start = date(2027, 1, 4) + timedelta(days=n % 300)
        values.append(
            [
                f"{n // 100 + 1}.{n % 100 + 1}",
                f"Innsatsområde {n % 7 + 1}",
                f"Tiltak nummer {n}: kurs og dialogmøter for ansatte og foreldre",
                "Beskrivelse av tiltaket, med mål, målgruppe og gjennomføring. " * 3,
                OWNERS[n % len(OWNERS)],
                "Barnehage, RVTS Sør, politiet",
                start,
                start + timedelta(days=180),
                "NOK 20 000 innenfor driftsbudsjett",
                "Andel ansatte som har gjennomført kurs",
                STATUSES[n % len(STATUSES)],
                n % 101,
            ]
        )
    assert len(EXPORT_COLUMNS) == len(values[0])
    return write_sheet(fmt, "Tiltak", export_columns(texts("nb")), values)


def styles_bomb() -> bytes:
    """A small workbook whose styles part unpacks to 23 MB (380 000 style entries)."""
    base = sheet("xlsx", 3)
    xfs = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' * 380_000
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/styles.xml":
                content = content.replace(b"</cellXfs>", xfs + b"</cellXfs>")
            target.writestr(info.filename, content)
    return out.getvalue()


def measure(run: Callable[[], object]) -> tuple[float, float]:
    """(peak MiB traced during one run, median seconds of three untraced runs)."""
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    times = []
    for _ in range(3):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return peak / MIB, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()

    from planvakt.core.db import get_engine, session_scope
    from planvakt.core.errors import ValidationError
    from planvakt.core.migrate import upgrade
    from planvakt.exchange.measures import preview_measures
    from planvakt.exchange.templates import load_template
    from planvakt.services.directory import load_directory
    from planvakt.services.plans import create_plan, find_plan

    upgrade(get_engine())
    with session_scope() as session:
        load_directory(session)
        slug = create_plan(
            session,
            municipality_numbers=["3911"],
            template=load_template("default"),
            start=date(2027, 1, 4),
        ).slug

    def preview(data: bytes, name: str) -> Callable[[], object]:
        def run() -> object:
            with session_scope(read_only=True) as session:
                report = preview_measures(session, find_plan(session, slug), data, name)
                assert report.count("new") == args.rows - 1, report.errors[:3]
                session.rollback()
                return report

        return run

    def refused(data: bytes) -> Callable[[], object]:
        def run() -> object:
            with session_scope(read_only=True) as session:
                try:
                    preview_measures(session, find_plan(session, slug), data, "bomb.xlsx")
                except ValidationError as exc:
                    assert exc.code == "sheet.part_too_large", exc
                    return exc
            raise AssertionError("the styles bomb was not refused")

        return run

    print(f"preview of a {args.rows}-row measures sheet (Python {sys.version.split()[0]})")
    for fmt in ("xlsx", "csv"):
        data = sheet(fmt, args.rows)
        peak, seconds = measure(preview(data, f"tiltak.{fmt}"))
        print(
            f"{fmt:5} {len(data) / 1024:7.0f} KiB: peak {peak:6.1f} MiB traced, "
            f"{seconds:5.2f} s (median of 3)"
        )
    bomb = styles_bomb()
    peak, seconds = measure(refused(bomb))
    print(
        f"styles bomb {len(bomb) / 1024:.0f} KiB (23 MB unpacked), refused: "
        f"peak {peak:.1f} MiB traced, {seconds:.3f} s"
    )


if __name__ == "__main__":
    main()
