"""The planvakt command line, run in-process like a user would call it."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from planvakt.cli.app import main
from planvakt.core.settings import reset_settings
from planvakt.exchange.templates import TEMPLATE_DIR
from tests.factories import VALID_FNR, measures_csv, write


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_demo_leaves_a_faerder_plan_that_plan_show_prints(engine, capsys) -> None:
    code, out, _ = run(capsys, "init", "--demo")
    assert code == 0 and "357 kommuner" in out
    code, out, _ = run(capsys, "plan", "list")
    assert "3911-faerder-demo" in out
    code, out, err = run(capsys, "plan", "show", "3911-faerder-demo")
    assert code == 0, err
    assert "Handlingsplan mot radikalisering og voldelig ekstremisme – Færder" in out
    for phase in (
        "Initiering",
        "Involvering",
        "Politisk forankring",
        "Vedtak",
        "Gjennomføring",
        "Evaluering og rullering",
    ):
        assert phase in out
    assert "Tiltak (12;" in out and "Forsinket" in out and "fullført" in out
    code, out, _ = run(capsys, "init", "--demo")  # idempotent
    assert code == 0


def test_plan_lifecycle_through_the_command_line(engine, capsys, tmp_path: Path) -> None:
    code, out, err = run(
        capsys,
        "plan",
        "create",
        "--kommune",
        "3911",
        "--template",
        "default",
        "--start",
        "2026-01-05",
    )
    assert code == 0, err
    assert "opprettet plan 3911-faerder-2026: 6 faser" in out
    csv_path = write(
        tmp_path / "tiltak.csv",
        measures_csv(
            [
                {
                    "id": "1",
                    "innsatsområde": "Kunnskap",
                    "tiltak": "Kurs",
                    "ansvarlig_enhet": "grunnskole",
                    "frist": "17.05.2027",
                }
            ]
        ),
    )
    code, out, err = run(capsys, "measures", "import", "3911-faerder-2026", str(csv_path))
    assert (code, out.splitlines()[0]) == (
        0,
        f"importerte {csv_path} til plan 3911-faerder-2026: 1 nytt, 0 endrede og 0 uendrede tiltak",
    ), err
    code, out, err = run(
        capsys,
        "measure",
        "update",
        "3911-faerder-2026",
        "1",
        "--status",
        "pågår",
        "--progress",
        "30",
        "--on",
        "04.02.2026",
        "--by",
        "rektor",
    )
    assert code == 0, err
    code, out, err = run(
        capsys,
        "checkpoint",
        "done",
        "3911-faerder-2026",
        "behovsvurdering",
        "--on",
        "2026-01-06",
        "--evidence",
        "Notat 1/27",
    )
    assert code == 0 and "fullført" in out, err
    export = tmp_path / "plan.json"
    code, out, err = run(capsys, "plan", "export", "3911-faerder-2026", "-o", str(export))
    assert code == 0, err
    data = yaml.safe_load(export.read_text("utf-8"))
    assert data["editions"][0]["measures"][0]["updates"][0]["progress"] == 30
    code, out, err = run(capsys, "plan", "import", str(export))
    assert code == 5 and "finnes allerede" in err


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (
            ["plan", "create", "--kommune", "9999", "--start", "2027-01-04"],
            4,
            "ukjent kommunenummer '9999'",
        ),
        (
            ["plan", "create", "--kommune", "3911", "--start", "31.02.2027"],
            2,
            "datoen '31.02.2027' finnes ikke",
        ),
        (
            ["plan", "create", "--kommune", "3911", "--start", "2027-01-04", "--template", "fancy"],
            4,
            "ukjent mal 'fancy'",
        ),
        (
            [
                "plan",
                "create",
                "--kommune",
                "3911",
                "--start",
                "2027-01-04",
                "--title",
                f"Plan {VALID_FNR}",
            ],
            65,
            "fødselsnummer",
        ),
        (["plan", "show", "finnes-ikke"], 4, "fant ingen plan 'finnes-ikke'"),
        (["measure", "update", "x", "1"], 4, "fant ingen plan 'x'"),
        (["plan", "import", "/no/such/file.yaml"], 65, "filen finnes ikke"),
        (["plan", "wat"], 2, "planvakt plan: feil: argumentet KOMMANDO: ugyldig valg: 'wat'"),
        (["plan", "show"], 2, "planvakt plan show: feil: disse argumentene mangler: plan"),
        (["measure", "update", "x", "1", "--progress", "mye"], 2, "«mye» er ikke et heltall"),
    ],
)
def test_errors_are_one_line_on_stderr_without_traceback(
    engine, capsys, args, code: int, expected: str
) -> None:
    exit_code, out, err = run(capsys, *args)
    assert exit_code == code
    assert expected in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert VALID_FNR not in err


def test_own_template_with_unknown_key_is_refused_and_nothing_is_stored(
    engine, capsys, tmp_path: Path
) -> None:
    data = yaml.safe_load((TEMPLATE_DIR / "default.yaml").read_text("utf-8"))
    data["phases"][1]["varighet"] = 10
    path = write(tmp_path / "mal.yaml", yaml.safe_dump(data, allow_unicode=True))
    code, _, err = run(
        capsys,
        "plan",
        "create",
        "--kommune",
        "3911",
        "--start",
        "2027-01-04",
        "--template",
        str(path),
    )
    assert code == 65 and "felt 'phases.1.varighet'" in err and "ukjent nøkkel" in err
    code, out, _ = run(capsys, "plan", "list")
    assert "ingen planer" in out
    code, out, _ = run(capsys, "template", "check", str(TEMPLATE_DIR / "default.yaml"))
    assert code == 0 and "6 faser" in out


def test_database_not_initialised_is_explained(monkeypatch, capsys, tmp_path: Path) -> None:
    monkeypatch.setenv("PLANVAKT_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    reset_settings()
    from planvakt.core.db import reset_engine

    reset_engine()
    try:
        code, _, err = run(capsys, "plan", "list")
    finally:
        reset_engine()
        reset_settings()
    assert code == 3 and "kjør 'planvakt db upgrade'" in err and "'planvakt init'" in err


def test_invalid_setting_is_one_line(monkeypatch, capsys) -> None:
    monkeypatch.setenv("PLANVAKT_TIMEZONE", "Mars/Olympus")
    reset_settings()
    try:
        code, _, err = run(capsys, "plan", "list")
    finally:
        monkeypatch.delenv("PLANVAKT_TIMEZONE")
        reset_settings()
    assert code == 78 and len(err.strip().splitlines()) == 1
    assert err == (
        "planvakt: feil: ugyldig innstilling PLANVAKT_TIMEZONE: ukjent tidssone 'Mars/Olympus'\n"
    )


def test_help_is_bokmal_by_default_when_run_as_a_program() -> None:
    nb = subprocess.run(
        [sys.executable, "-m", "planvakt.cli", "plan", "--help"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    assert nb.returncode == 0, nb.stderr
    assert nb.stdout.startswith("bruk: planvakt plan [-h] KOMMANDO ...")
    assert "start en planprosess fra en mal" in nb.stdout and "valg:" in nb.stdout
