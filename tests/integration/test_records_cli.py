"""Recording meetings, consultations and decisions from the command line."""

from planvakt.cli.app import main
from planvakt.core.db import session_scope
from planvakt.services.plans import find_plan
from tests.factories import VALID_FNR


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_coordinator_records_the_process(engine, capsys) -> None:
    run(capsys, "plan", "create", "--kommune", "3911", "--start", "2026-01-05")
    slug = "3911-faerder-2026"
    assert (
        run(
            capsys,
            "record",
            "involvement",
            slug,
            "--date",
            "09.04.2026",
            "--kind",
            "dialogmøte",
            "--participants",
            "ungdomsrådet, skolene, tros- og livssynssamfunn",
            "--summary",
            "Over 80 deltakere",
        )[0]
        == 0
    )
    assert (
        run(
            capsys,
            "record",
            "consultation",
            slug,
            "--body",
            "Ungdomsrådet",
            "--sent",
            "01.09.2026",
            "--deadline",
            "13.10.2026",
        )[0]
        == 0
    )
    code, out, err = run(
        capsys,
        "record",
        "response",
        slug,
        "--body",
        "ungdomsrådet",
        "--received",
        "10.10.2026",
        "--effect",
        "Nytt tiltak om fritidsklubber",
    )
    assert code == 0, err
    assert (
        run(
            capsys,
            "record",
            "decision",
            slug,
            "--body",
            "formannskapet",
            "--date",
            "10.02.2026",
            "--case",
            "2026/14",
            "--summary",
            "Mandat vedtatt",
        )[0]
        == 0
    )
    with session_scope(engine) as session:
        edition = find_plan(session, slug).current_edition
        assert [r.kind for r in edition.involvements] == ["dialogmøte"]
        (consultation,) = edition.consultations
        assert str(
            consultation.response_received_on
        ) == "2026-10-10" and consultation.effect.startswith("Nytt tiltak")
        assert [(d.kind, d.case_number) for d in edition.decisions] == [("mandate", "2026/14")]


def test_bad_records_are_refused_and_nothing_is_stored(engine, capsys) -> None:
    run(capsys, "plan", "create", "--kommune", "3911", "--start", "2026-01-05")
    slug = "3911-faerder-2026"
    cases = [
        (
            [
                "record",
                "consultation",
                slug,
                "--body",
                "PPT",
                "--sent",
                "01.09.2026",
                "--deadline",
                "01.08.2026",
            ],
            "høringsfristen 01.08.2026 er for kort",
        ),
        (
            ["record", "response", slug, "--body", "NAV", "--received", "01.09.2026"],
            "står ikke på høringslisten",
        ),
        (
            [
                "record",
                "involvement",
                slug,
                "--date",
                "01.09.2026",
                "--kind",
                "møte",
                "--participants",
                f"elev {VALID_FNR}",
            ],
            "fødselsnummer",
        ),
        (
            [
                "record",
                "decision",
                slug,
                "--body",
                "kommunestyret",
                "--date",
                "01.09.2026",
                "--kind",
                "adoption",
            ],
            "ugyldig valg: 'adoption'",
        ),
    ]
    for args, expected in cases:
        code, _, err = run(capsys, *args)
        assert code != 0 and expected in err and VALID_FNR not in err, err
    with session_scope(engine) as session:
        edition = find_plan(session, slug).current_edition
        assert (
            edition.involvements == [] and edition.consultations == [] and edition.decisions == []
        )


def test_text_that_reads_like_case_notes_gets_a_warning(engine, capsys) -> None:
    run(capsys, "plan", "create", "--kommune", "3911", "--start", "2026-01-05")
    code, _, err = run(
        capsys,
        "record",
        "involvement",
        "3911-faerder-2026",
        "--date",
        "01.03.2026",
        "--kind",
        "møte",
        "--participants",
        "skole, barnevern",
        "--summary",
        "Bekymringsmelding om eleven drøftet",
    )
    assert code == 0 and "advarsel" in err and "systemnivå" in err
    code, _, err = run(
        capsys,
        "record",
        "involvement",
        "3911-faerder-2026",
        "--date",
        "02.03.2026",
        "--kind",
        "møte",
        "--participants",
        "skole, barnevern",
        "--summary",
        "Felles rutine gjennomgått",
    )
    assert code == 0 and err == ""
