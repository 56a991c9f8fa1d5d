"""The command line in bokmål, nynorsk and English: chosen by PLANVAKT_LANGUAGE or the locale,
for help (argparse's own words too), results and errors."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator

import pytest

from planvakt.cli.app import build_parser, main
from planvakt.cli.argparse_texts import argparse_in
from planvakt.cli.language import Words, cli_language
from planvakt.core.languages import Language

LANGUAGE_VARIABLES = ("PLANVAKT_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

# Words that are bokmål and never nynorsk, and Norwegian words that are never English.
BOKMAL_ONLY = {
    "ikke", "hvis", "hva", "hvem", "hvor", "fra", "noe", "noen", "også", "bare", "ble",
    "dager", "uker", "måneder", "ennå", "navn", "tjeneste", "tjenesten", "tjenestens",
    "enhet", "enheter", "enhetens", "lagret", "lagrede", "opprettet", "valgfritt", "valg",
    "bruker", "brukere", "kjør", "kjøringer", "planer", "fremdrift", "høring", "høringer",
    "ansvarlig", "sjekkpunkter", "hjemmemappe", "regneark", "dagers", "deres",
}  # fmt: skip
NORWEGIAN = {
    "ikke", "ikkje", "og", "eller", "fra", "frå", "med", "som", "skal", "må", "på", "ein",
    "eit", "ett", "bruk", "valg", "val", "vis", "lag", "planer", "planar", "tiltak", "fil",
    "dato", "fase", "faser", "sjekkpunkt", "kommunenummer", "argumenter", "kommando",
}  # fmt: skip


@pytest.fixture(autouse=True)
def _no_language_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in LANGUAGE_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _words(text: str) -> set[str]:
    """The lower-case words of help text, without option names (``--kommune``) and
    metavars of one upper-case word (argparse's convention)."""
    text = re.sub(r"--?[\w-]+", " ", text)
    return {w.lower() for w in re.findall(r"[^\W\d_]+", text) if not w.isupper()}


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """The parser and every parser of a command or group under it."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from _parsers(sub)


def _all_help(language: Language) -> dict[str, str]:
    """Every parser's ``--help`` in ``language``, by the command it belongs to."""
    words = Words(language)
    with argparse_in(words):
        return {p.prog: p.format_help() for p in _parsers(build_parser(words))}


def _help_texts(language: Language) -> dict[tuple[str, str], str | None]:
    """(command, option or argument) → its help text, for every command of the parser."""
    words = Words(language)
    found: dict[tuple[str, str], str | None] = {}
    with argparse_in(words):
        for parser in _parsers(build_parser(words)):
            for action in parser._actions:
                name = "/".join(action.option_strings) or action.dest
                found[(parser.prog, name)] = action.help
                if isinstance(action, argparse._SubParsersAction):
                    for choice in action._choices_actions:
                        found[(parser.prog, f"command {choice.dest}")] = choice.help
    return found


@pytest.mark.parametrize(
    ("environment", "language"),
    [
        ({}, "nb"),
        ({"PLANVAKT_LANGUAGE": "nn"}, "nn"),
        ({"PLANVAKT_LANGUAGE": "nynorsk"}, "nn"),
        ({"PLANVAKT_LANGUAGE": "en", "LANG": "nn_NO.UTF-8"}, "en"),
        ({"LANG": "nn_NO.UTF-8"}, "nn"),
        ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "nb_NO.UTF-8"}, "en"),
        ({"LC_ALL": "nn_NO.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "nn"),
        ({"LC_ALL": "C", "LANG": "nn_NO.UTF-8"}, "nb"),
        ({"LANG": "POSIX"}, "nb"),
        ({"LANG": "de_DE.UTF-8"}, "nb"),
        ({"LANG": "no_NO.UTF-8"}, "nb"),
        ({"PLANVAKT_LANGUAGE": "", "LANG": "en_US.UTF-8"}, "en"),
    ],
)
def test_the_language_comes_from_planvakt_language_else_the_locale_else_bokmal(
    environment: dict[str, str], language: str
) -> None:
    assert cli_language(environment) == language


@pytest.mark.parametrize(
    ("variable", "value", "first_line", "expected"),
    [
        ("PLANVAKT_LANGUAGE", "nn", "bruk: planvakt [-h] KOMMANDO ...", "val:"),
        ("LANG", "nn_NO.UTF-8", "bruk: planvakt [-h] KOMMANDO ...", "éin av kommandoane under"),
        ("PLANVAKT_LANGUAGE", "en", "usage: planvakt [-h] COMMAND ...", "options:"),
        ("LC_MESSAGES", "en_GB.UTF-8", "usage: planvakt [-h] COMMAND ...", "show this help"),
    ],
)
def test_help_speaks_the_chosen_language(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variable: str,
    value: str,
    first_line: str,
    expected: str,
) -> None:
    monkeypatch.setenv(variable, value)
    code, out, _ = run(capsys, "--help")
    assert code == 0 and out.splitlines()[0] == first_line
    assert expected in out
    code, out, _ = run(capsys, "plan", "create", "--help")
    assert code == 0 and out.splitlines()[0].startswith(first_line.split(" planvakt")[0])


def test_nynorsk_help_has_no_bokmal_and_english_help_no_norwegian() -> None:
    for prog, text in _all_help("nn").items():
        assert not _words(text) & BOKMAL_ONLY, (prog, sorted(_words(text) & BOKMAL_ONLY))
    for prog, text in _all_help("en").items():
        assert not _words(text) & NORWEGIAN, (prog, sorted(_words(text) & NORWEGIAN))
    nynorsk = " ".join(_all_help("nn")["planvakt plan create"].split())
    assert (
        "kommunenummer eller namn (gjenta for ein interkommunal plan; den første leier)" in nynorsk
    )
    english = " ".join(_all_help("en")["planvakt plan create"].split())
    assert "start a plan process from a template" in english


def test_every_command_and_option_has_help_in_each_language_and_it_is_translated() -> None:
    helps = {language: _help_texts(language) for language in ("nb", "nn", "en")}
    assert len(helps["nb"]) > 200  # every command and option of every group
    assert helps["nb"].keys() == helps["nn"].keys() == helps["en"].keys()
    missing = [key for key, text in helps["nb"].items() if not text or text == argparse.SUPPRESS]
    assert missing == []
    same = [key for key, text in helps["nb"].items() if helps["en"][key] == text]
    assert same == []
    assert helps["nn"][("planvakt", "-h/--help")] == "vis denne hjelpeteksten og avslutt"


def test_a_usage_error_is_one_line_in_the_chosen_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PLANVAKT_LANGUAGE", "nn")
    code, out, err = run(capsys, "plan", "show")
    assert (code, out) == (2, "")
    assert err == "planvakt plan show: feil: desse argumenta manglar: plan\n"
    monkeypatch.setenv("PLANVAKT_LANGUAGE", "en")
    code, _, err = run(capsys, "plan", "create", "--kommune", "3911", "--start", "31.02.2027")
    assert code == 2
    assert err == (
        "planvakt plan create: error: argument --start: the date '31.02.2027' does not exist\n"
    )


def test_an_error_in_nynorsk_is_nynorsk(
    engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANG", "nn_NO.UTF-8")
    code, out, err = run(capsys, "plan", "show", "finst-ikkje")
    assert (code, out) == (4, "")
    assert err == "planvakt: feil: fann ingen plan «finst-ikkje» (sjå «planvakt plan list»)\n"


@pytest.mark.parametrize(
    ("language", "none", "one", "two"),
    [
        ("nb", "ingen planer ennå", "1 plan", "2 planer"),
        ("nn", "ingen planar enno", "1 plan", "2 planar"),
        ("en", "no plans yet", "1 plan", "2 plans"),
    ],
)
def test_plan_list_counts_plans_in_singular_and_plural(
    engine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    language: str,
    none: str,
    one: str,
    two: str,
) -> None:
    monkeypatch.setenv("PLANVAKT_LANGUAGE", language)
    assert run(capsys, "plan", "list")[1].startswith(none)
    for start in ("2027-01-04", "2028-01-03"):
        code, out, err = run(capsys, "plan", "create", "--kommune", "3911", "--start", start)
        assert code == 0, err
        expected = one if start.startswith("2027") else two
        code, out, _ = run(capsys, "plan", "list")
        assert code == 0 and out.splitlines()[-1] == expected


def test_results_and_plan_show_follow_the_language(
    engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PLANVAKT_LANGUAGE", "nn")
    code, out, err = run(capsys, "plan", "create", "--kommune", "3911", "--start", "2027-01-04")
    assert code == 0, err
    assert out.startswith("oppretta plan 3911-faerder-2027: 6 fasar, ")
    code, out, err = run(capsys, "plan", "show", "3911-faerder-2027", "--today", "2027-01-05")
    assert code == 0, err
    assert "Noverande fase: " in out and "Fasar" in out and "ingen tiltak registrerte enno" in out
    assert not _words(out) & {"ikke", "nåværende", "faser", "sjekkpunkter", "ennå"}
    monkeypatch.setenv("PLANVAKT_LANGUAGE", "en")
    code, out, err = run(capsys, "plan", "show", "3911-faerder-2027", "--today", "2027-01-05")
    assert code == 0, err
    assert "Current phase: " in out and "Phases" in out and "no measures recorded yet" in out
