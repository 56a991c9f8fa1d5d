"""Documents from the command line: report, stored reports, meetings, calendar files."""

from pathlib import Path

import icalendar

from planvakt.cli.app import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_reports_meetings_and_calendars_from_the_command_line(
    engine, capsys, tmp_path: Path
) -> None:
    run(capsys, "init", "--demo")
    slug = "3911-faerder-demo"
    code, out, err = run(
        capsys, "meeting", "add", slug, "--body", "formannskapet", "--date", "10.12.2026"
    )
    assert code == 0, err
    html = tmp_path / "status.html"
    code, out, err = run(
        capsys,
        "report",
        "--plan",
        slug,
        "--format",
        "html",
        "-o",
        str(html),
        "--today",
        "01.12.2026",
    )
    assert code == 0 and "dokument 1 lagret" in out, err
    assert html.read_text("utf-8").startswith("<!DOCTYPE html>")
    code, out, _ = run(capsys, "report", "--plan", slug, "--format", "md", "--today", "01.12.2026")
    assert out.startswith("# Statusrapport: Handlingsplan mot radikalisering")
    code, _, err = run(capsys, "report", "--plan", slug, "--format", "docx")
    assert code == 65 and "--output" in err
    code, out, _ = run(capsys, "reports", "list", "--plan", slug)
    assert [line.split("\t")[3] for line in out.strip().splitlines()] == ["html", "md"]
    again = tmp_path / "again.html"
    run(capsys, "reports", "get", "1", "-o", str(again))
    assert again.read_bytes() == html.read_bytes()
    code, out, _ = run(capsys, "ics", "--plan", slug)
    calendar = icalendar.Calendar.from_ical(out)
    assert any(
        str(e["SUMMARY"]).startswith("Politisk møte: formannskapet")
        for e in calendar.walk("VEVENT")
    )
    code, out, _ = run(capsys, "ics", "--service", "grunnskole")
    assert {
        str(e["SUMMARY"]).split(":")[0] for e in icalendar.Calendar.from_ical(out).walk("VEVENT")
    } == {"Frist tiltak 1.1", "Frist tiltak 4.1"}
    code, _, err = run(capsys, "ics")
    assert code == 65 and "--plan eller --service" in err
    code, out, _ = run(capsys, "kommune", "show", "0301")
    assert "RVTS: RVTS Øst [verify: ikke bekreftet]" in out
