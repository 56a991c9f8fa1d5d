"""Spreadsheets at the command line: preview row by row, all-or-nothing import with every
error, export that imports back unchanged, and the units (with aliases) a sheet names."""

from pathlib import Path

import pytest
from sqlalchemy import select

from models import Measure, Service
from planvakt.cli.app import main
from planvakt.core.db import session_scope
from tests.factories import VALID_FNR, make_plan, row_counts, write

PLAN = "3911-faerder-2027"
HEADER = "Nr;Innsatsområde;Tiltak;Ansvarlig;Frist;Status;Fremdrift;Kommentar"
FIRST = [
    "T1;Kunnskap;Kurs for ansatte;grunnskole;01.06.2027;Ikke startet;0;",
    "T2;Samarbeid;Foreldremøter;SLT-koordinator;01.09.2027;Under arbeid;40 %;",
    "T3;Samarbeid;Dialogmøter;barnevern;;;;",
    "T4;Forebygging;Uteteam;utekontakt;;;;",
]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def sheet(path: Path, rows: list[str], *, title: str | None = None) -> Path:
    lines = ([f"{title};;;;;;;"] if title else []) + [HEADER, *rows]
    return write(path, "\r\n".join(lines) + "\r\n", encoding="utf-8-sig")


@pytest.fixture
def plan(engine) -> str:
    with session_scope(engine) as session:
        make_plan(session)
    return PLAN


@pytest.fixture
def imported(plan: str, capsys, tmp_path: Path) -> str:
    """The plan with four measures imported from a sheet."""
    code, _, err = run(capsys, "measures", "import", plan, str(sheet(tmp_path / "a.csv", FIRST)))
    assert code == 0, err
    return plan


def owners(engine) -> dict[str, str]:
    with session_scope(engine) as session:
        query = select(Measure.ref, Service.key).join(
            Service, Measure.owner_service_id == Service.id
        )
        return {ref: key for ref, key in session.execute(query)}


def test_dry_run_shows_new_changed_unchanged_and_refused_rows_and_stores_nothing(
    engine, imported: str, capsys, tmp_path: Path
) -> None:
    rows = [
        "T1;Kunnskap;Kurs for ansatte;grunnskole;01.06.2027;Ikke startet;0;",  # unchanged
        "T2;Samarbeid;Foreldremøter;SLT-koordinator;01.10.2027;Ferdig;100 %;",  # changed
        "T3;Samarbeid;Dialogmøter;barnevern;31.02.2027;;;",  # refused: no such date
        "T5;Kunnskap;Nytt kurs;Politirådet i Færder;;;;intern merknad",  # new, new unit
    ]
    path = sheet(tmp_path / "b.csv", rows, title="Handlingsplan 2027–2030")
    before = row_counts(engine)
    code, out, err = run(capsys, "measures", "import", imported, str(path), "--dry-run")
    assert row_counts(engine) == before
    lines = out.splitlines()
    assert lines[:6] == [
        f"prøvekjøring: {path} til plan {imported}; ingenting lagres",
        "lest som: CSV, UTF-8 (BOM), semikolonseparert",
        "overskriftsrad: 2",
        "ignorerte kolonner: H «Kommentar»",
        "nye enheter (opprettes uten varslingsadresse): «Politirådet i Færder»",
        "tiltak i planen som arket ikke nevner (røres ikke): 1",
    ]
    assert lines[6:] == [
        "rad 3     uendret  T1  Kurs for ansatte",
        "rad 4     endres   T2  Foreldremøter",
        "    Frist: «01.09.2027» → «01.10.2027»",
        "    Status: «pågår» → «fullført»",
        "    Fremdrift: «40» → «100»",
        "rad 5     avvist   T3  Dialogmøter",
        "    rad 5, kolonne 'Frist', verdi «31.02.2027»: datoen '31.02.2027' finnes ikke",
        "rad 6     ny       T5  Nytt kurs",
        "sum: ny 1, endres 1, uendret 1, avvist 1",
    ]
    # the import would be refused: exit 1 with one summary line
    assert code == 1
    assert err.splitlines() == [
        f"planvakt: feil: {path}: 1 feil (se over); en import av arket ville bli avvist, "
        "rett feilene først"
    ]
    code, out, _ = run(capsys, "unit", "list", "3911")
    assert "politiradet-i-faerder" not in out


def test_dry_run_of_a_clean_sheet_exits_0_and_creates_no_unit(
    engine, plan: str, capsys, tmp_path: Path
) -> None:
    path = sheet(tmp_path / "c.csv", [*FIRST, "T9;Kunnskap;Kurs;Ny enhet;;;;"])
    before = row_counts(engine)
    code, out, err = run(capsys, "measures", "import", plan, str(path), "--dry-run")
    assert (code, err) == (0, "")
    assert "nye enheter (opprettes uten varslingsadresse): «Ny enhet»" in out
    assert out.splitlines()[-1] == "sum: ny 5, endres 0, uendret 0, avvist 0"
    assert row_counts(engine) == before


def test_refused_import_prints_every_error_on_its_own_line_and_stores_nothing(
    engine, imported: str, capsys, tmp_path: Path
) -> None:
    rows = [f"B{i};Område;Tiltak {i};barnevern;{i}.13.2027;;;" for i in range(1, 15)]
    rows.append("B15;Område;Tiltak 15;barnevern;;Rar status;;")
    rows.append(f"B16;Område;Tiltak 16;barnevern;;;;{VALID_FNR}")
    path = sheet(tmp_path / "bad.csv", [*FIRST, *rows])
    before = row_counts(engine)
    code, out, err = run(capsys, "measures", "import", imported, str(path))
    assert row_counts(engine) == before
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert len(lines) == 17  # 16 errors, then the summary
    for i, line in enumerate(lines[:14], start=1):
        row = i + 5  # the header is row 1, the four good rows 2–5
        assert line == (
            f"planvakt: feil: {path}, rad {row}, kolonne 'Frist', verdi «{i}.13.2027»: "
            f"datoen '{i}.13.2027' finnes ikke"
        )
    assert "rad 20, kolonne 'Status', verdi «Rar status»: ukjent status" in lines[14]
    assert "rad 21, kolonne 'Kommentar'" in lines[15] and "fødselsnummer" in lines[15]
    assert lines[16] == (
        f"planvakt: feil: {path}: 16 feil (hver står på en linje over); "
        "importen ble ikke gjort, ingenting er lagret"
    )
    assert VALID_FNR not in err and "flere" not in err


def test_import_reports_counts_and_every_unit_it_created(
    engine, imported: str, capsys, tmp_path: Path
) -> None:
    rows = [
        FIRST[0],
        FIRST[1].replace("Under arbeid", "Ferdig"),
        "T5;Samarbeid;Politiråd;Politirådet i Færder;;;;",
        "T6;Samarbeid;Nettverk;Kommunedirektørens stab;;;;",
        "T7;Samarbeid;Møte;politirådet i  færder;;;;",
    ]
    code, out, err = run(
        capsys, "measures", "import", imported, str(sheet(tmp_path / "d.csv", rows))
    )
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].endswith(f"til plan {imported}: 3 nye, 1 endret og 1 uendret tiltak")
    assert lines[1] == "2 tiltak i planen står ikke i arket og er ikke endret"
    assert lines[2] == "ignorerte kolonner: H «Kommentar»"
    assert lines[3:5] == [
        "ny enhet uten varslingsadresse: Politirådet i Færder (nøkkel politiradet-i-faerder); "
        "legg til en adresse eller et alias",
        "ny enhet uten varslingsadresse: Kommunedirektørens stab "
        "(nøkkel kommunedirektorens-stab); legg til en adresse eller et alias",
    ]
    assert owners(engine)["T7"] == "politiradet-i-faerder"

    code, out, _ = run(capsys, "unit", "list", "3911")
    assert code == 0
    listed = out.splitlines()
    assert "politiradet-i-faerder\tPolitirådet i Færder [ny]\t0 varslingsadresser" in listed
    assert "kommunedirektorens-stab\tKommunedirektørens stab [ny]\t0 varslingsadresser" in listed
    assert "grunnskole\tGrunnskole\t0 varslingsadresser" in listed
    assert listed[-1].startswith("[ny] = opprettet av en regnearkimport")

    # the coordinator gives the new unit an address: it is confirmed
    url = "json://127.0.0.1:9/enhet"
    code, _, err = run(
        capsys, "notify", "add", url, "--kommune", "3911", "--service", "politiradet-i-faerder"
    )
    assert code == 0, err
    code, out, _ = run(capsys, "unit", "list", "3911")
    assert "politiradet-i-faerder\tPolitirådet i Færder\t1 varslingsadresse" in out.splitlines()


def test_alias_maps_a_sheet_name_to_an_existing_unit_and_creates_none(
    engine, imported: str, capsys, tmp_path: Path
) -> None:
    code, out, err = run(
        capsys, "unit", "alias", "add", "3911", "Politirådet i Færder", "Politirådet"
    )
    assert (code, out) == (0, "alias «Politirådet i Færder» → politirad lagret i kommune 3911\n"), (
        err
    )
    services = row_counts(engine)["service"]
    rows = [*FIRST, "T5;Samarbeid;Politiråd;POLITIRÅDET I FÆRDER;;;;"]
    code, out, err = run(
        capsys, "measures", "import", imported, str(sheet(tmp_path / "e.csv", rows))
    )
    assert code == 0, err
    assert "ny enhet" not in out
    assert row_counts(engine)["service"] == services
    assert owners(engine)["T5"] == "politirad"
    code, out, _ = run(capsys, "unit", "list", "3911")
    assert "politirad\tPolitirådet\t0 varslingsadresser\talias: «Politirådet i Færder»" in out

    code, out, err = run(capsys, "unit", "alias", "remove", "3911", "politirådet i færder")
    assert (code, out) == (0, "alias «politirådet i færder» fjernet (pekte til politirad)\n"), err
    code, out, _ = run(capsys, "unit", "list", "3911")
    assert "alias:" not in out


def test_alias_for_a_unit_an_import_created_moves_its_measures_at_the_next_import(
    engine, imported: str, capsys, tmp_path: Path
) -> None:
    path = sheet(tmp_path / "f.csv", [*FIRST, "T5;Samarbeid;Politiråd;Politirådet i Færder;;;;"])
    assert run(capsys, "measures", "import", imported, str(path))[0] == 0
    assert owners(engine)["T5"] == "politiradet-i-faerder"
    code, out, err = run(
        capsys, "unit", "alias", "add", "3911", "Politirådet i Færder", "politirad"
    )
    assert code == 0, err
    assert "neste import av arket flytter tiltakene dens til politirad" in out
    code, out, _ = run(capsys, "measures", "import", imported, str(path), "--dry-run")
    assert "    Ansvarlig: «Politirådet i Færder» → «Politirådet»" in out.splitlines()
    assert run(capsys, "measures", "import", imported, str(path))[0] == 0
    assert owners(engine)["T5"] == "politirad"


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (["add", "3911", "Politirådet", "slt-koordinator"], 5, "allerede navnet eller nøkkelen"),
        (["add", "3911", "SLT koordinator", "barnevern"], 5, "til enheten 'slt-koordinator'"),
        (["add", "3911", "Barnevern", "barnevern"], 5, "et alias må være et annet navn"),
        (["add", "3911", "SLT", "barnevern"], 5, "aliaset «slt» finnes allerede i kommune 3911"),
        (["add", "3911", "Rådet", "finnes-ikke"], 4, "kjente nøkler: barnehage, barnevern"),
        (["add", "3911", " -- ", "barnevern"], 65, "skriv aliaset"),
        (["add", "3911", "x" * 201, "barnevern"], 65, "høyst 200 tegn"),
        (["add", "3911", f"Enhet {VALID_FNR}", "barnevern"], 65, "fødselsnummer"),
        (["add", "9999", "Rådet", "barnevern"], 4, "ukjent kommunenummer '9999'"),
        (["remove", "3911", "Ukjent"], 4, "fant ikke aliaset «Ukjent» i kommune 3911"),
    ],
)
def test_alias_errors_are_one_clear_line(
    engine, plan: str, capsys, args: list[str], code: int, expected: str
) -> None:
    assert run(capsys, "unit", "alias", "add", "3911", "slt", "slt-koordinator")[0] == 0
    before = row_counts(engine)
    exit_code, out, err = run(capsys, "unit", "alias", *args)
    assert (exit_code, out) == (code, "")
    assert expected in err and len(err.strip().splitlines()) == 1
    assert VALID_FNR not in err
    assert row_counts(engine) == before


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_export_imports_back_unchanged(
    engine, imported: str, capsys, tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"tiltak.{suffix}"
    code, out, err = run(capsys, "measures", "export", imported, "--out", str(target))
    assert (code, out) == (0, f"skrev {target} (4 tiltak)\n"), err
    code, out, err = run(capsys, "measures", "import", imported, str(target), "--dry-run")
    assert code == 0, err
    rows = [line for line in out.splitlines() if line.startswith("rad ")]
    assert len(rows) == 4 and all("  uendret  " in row for row in rows)
    assert out.splitlines()[-1] == "sum: ny 0, endres 0, uendret 4, avvist 0"


def test_export_format_option_overrides_the_suffix_and_sheet_option_names_the_sheet(
    engine, imported: str, capsys, tmp_path: Path
) -> None:
    target = tmp_path / "tiltak.data"
    code, _, err = run(
        capsys, "measures", "export", imported, "-o", str(target), "--format", "xlsx"
    )
    assert code == 0, err
    assert target.read_bytes().startswith(b"PK\x03\x04")
    code, out, err = run(
        capsys, "measures", "import", imported, str(target), "--sheet", "Tiltak", "--dry-run"
    )
    assert code == 0, err
    assert "lest som: Excel-arbeidsbok, arket «Tiltak»" in out
    code, _, err = run(capsys, "measures", "import", imported, str(target), "--sheet", "Annet")
    assert code == 65 and "arbeidsboken har ikke arket «Annet» (den har: Tiltak)" in err


def test_export_with_an_unknown_suffix_is_refused_and_writes_nothing(
    engine, imported: str, capsys, tmp_path: Path
) -> None:
    target = tmp_path / "tiltak.txt"
    code, out, err = run(capsys, "measures", "export", imported, "--out", str(target))
    assert (code, out) == (65, "")
    assert err == f"planvakt: feil: {target}: ukjent filtype; bruk xlsx, csv\n"
    assert not target.exists()
