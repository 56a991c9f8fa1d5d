"""Errors as data: stable codes, params and locations; words only from the message table."""

import ast
import pickle
import re
from datetime import date
from pathlib import Path

import pydantic
import pytest

from models.dates import parse_date
from models.fields import FieldProblem, Progress, Title
from models.privacy import PersonalDataFound
from planvakt.cli.errors import render_error
from planvakt.cli.language import Words
from planvakt.core import messages
from planvakt.core.errors import (
    ConflictError,
    ImportErrors,
    Location,
    NotFoundError,
    PlanvaktError,
    PrivacyError,
    ValidationError,
)
from planvakt.core.languages import LANGUAGES, Language, texts
from planvakt.core.messages import error_payload, error_text, message
from planvakt.exchange.files import field_error
from tests.factories import VALID_FNR

ROOT = Path(__file__).resolve().parents[2]


def _row_error(row: int, column: str, field: str) -> ValidationError:
    return ValidationError(
        "field.missing", location=Location("tiltak.csv", row=row, column=column, field=field)
    )


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            NotFoundError("plan.not_found", ref="x"),
            "fant ingen plan 'x' (se 'planvakt plan list')",
        ),
        (
            ValidationError("date.in_future", date=date(2027, 6, 2)),
            "datoen 02.06.2027 er i framtiden",
        ),
        (
            ValidationError("measure.progress_range", progress=140),
            "fremdrift må være mellom 0 og 100 (fikk 140)",
        ),
        (
            ValidationError(
                "sheet.column_missing", location=Location("t.csv", row=1), columns=["a", "b"]
            ),
            "t.csv, rad 1: overskriftsraden mangler kolonne: a, b",
        ),
        (
            ValidationError("file.yaml_invalid", location=Location("p.yaml", line=3), reason="x"),
            "p.yaml, linje 3: ugyldig YAML: x",
        ),
        (
            ValidationError(
                "field.string_too_long",
                location=Location("p.yaml", line=9, field="plan.title"),
                max_length=200,
            ),
            "p.yaml, linje 9, felt 'plan.title': er for lang (maks 200 tegn)",
        ),
        (_row_error(3, "frist", "deadline"), "tiltak.csv, rad 3, kolonne 'frist': mangler"),
        (
            ValidationError("field.missing", location=Location(field="title")),
            "felt 'title': mangler",
        ),
    ],
)
def test_an_error_is_one_bokmal_line_from_its_code_params_and_location(
    error: PlanvaktError, expected: str
) -> None:
    assert str(error) == expected
    assert error_text(error, "nb") == expected


def test_code_params_and_location_are_data() -> None:
    where = Location("tiltak.csv", row=3, column="frist", field="deadline")
    error = ValidationError("field.value_error", location=where, reason="ugyldig dato")
    assert error.code == "field.value_error"
    assert error.params == {"reason": "ugyldig dato"}
    assert (error.location.row, error.location.column, error.location.field) == (
        3,
        "frist",
        "deadline",
    )
    assert error.message == "ugyldig dato"
    assert error.exit_code == 65


@pytest.mark.parametrize(
    ("error", "exit_code"),
    [
        (NotFoundError("plan.not_found", ref="x"), 4),
        (ConflictError("plan.exists", slug="x"), 5),
        (PrivacyError("privacy.national_id", field="title"), 65),
    ],
)
def test_exit_codes_follow_the_kind_of_error(error: PlanvaktError, exit_code: int) -> None:
    assert error.exit_code == exit_code


def test_a_text_without_a_code_is_its_own_message() -> None:
    error = ValidationError("oppgi --plan eller --service")
    assert (error.code, error.params, str(error)) == (
        "text",
        {"text": "oppgi --plan eller --service"},
        "oppgi --plan eller --service",
    )


def test_import_errors_list_each_error_with_its_own_row_and_field() -> None:
    errors = [_row_error(2, "tiltak", "title"), _row_error(5, "frist", "deadline")]
    summary = ImportErrors(errors, source="tiltak.csv")
    assert summary.code == "import.failed"
    assert summary.location == Location("tiltak.csv")
    assert [(e.location.row, e.location.field) for e in summary.errors if e.location] == [
        (2, "title"),
        (5, "deadline"),
    ]
    assert str(summary) == (
        "tiltak.csv: 2 feil, ingenting ble lagret: "
        "rad 2, kolonne 'tiltak': mangler; rad 5, kolonne 'frist': mangler"
    )


def test_a_long_import_summary_shows_ten_and_counts_the_rest() -> None:
    summary = ImportErrors([_row_error(n, "id", "ref") for n in range(2, 15)], source="tiltak.csv")
    text = str(summary)
    assert text.startswith(
        "tiltak.csv: 13 feil, ingenting ble lagret: rad 2, kolonne 'id': mangler; "
    )
    assert text.count("mangler") == 10 and text.endswith(" (+3 flere)")


def test_error_payload_has_code_message_location_and_params() -> None:
    error = ConflictError(
        "checkpoint.already_done",
        location=Location(field="checkpoint"),
        key="mandat",
        done_on=date(2027, 3, 1),
    )
    assert error_payload(error, "nb") == {
        "code": "checkpoint.already_done",
        "message": "sjekkpunktet 'mandat' ble allerede fullført 01.03.2027",
        "location": {
            "source": None,
            "line": None,
            "row": None,
            "column": None,
            "field": "checkpoint",
            "value": None,
        },
        "params": {"key": "mandat", "done_on": "2027-03-01"},
    }
    assert error_payload(NotFoundError("plan.not_found", ref="x"), "nb")["location"] is None


def test_error_payload_of_an_import_lists_every_error() -> None:
    errors = [_row_error(n, "id", "ref") for n in range(2, 15)]
    payload = error_payload(ImportErrors(errors, source="tiltak.csv"), "nb")
    assert payload["code"] == "import.failed"
    assert payload["message"].startswith("13 feil, ingenting ble lagret: rad 2, kolonne 'id'")
    assert payload["location"]["source"] == "tiltak.csv"
    assert len(payload["errors"]) == 13  # all of them, not only the ten of the summary line
    first = payload["errors"][0]
    assert (first["code"], first["message"]) == ("field.missing", "mangler")
    assert first["location"] == {
        "source": "tiltak.csv",
        "line": None,
        "row": 2,
        "column": "id",
        "field": "ref",
        "value": None,
    }


def test_templates_are_translated_through_the_catalog_of_the_language() -> None:
    for language in LANGUAGES:
        for code, source in messages.NB.items():
            assert messages.template(code, language) == texts(language).gettext(source)
    assert messages.template("no.such_code", "nn") is None
    assert not hasattr(messages, "register_language")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "p.yaml, linje 2: fant ingen plan 'x' (se 'planvakt plan list')"),
        ("nn", "p.yaml, linje 2: fann ingen plan «x» (sjå «planvakt plan list»)"),
        ("en", "p.yaml, line 2: no plan 'x' found (see 'planvakt plan list')"),
    ],
)
def test_an_error_and_its_location_are_rendered_in_the_language_asked_for(
    language: Language, expected: str
) -> None:
    error = NotFoundError("plan.not_found", location=Location("p.yaml", line=2), ref="x")
    assert error_text(error, language) == expected
    assert error_payload(error, language)["message"] == expected.split(": ", 1)[1]
    assert str(error) == "p.yaml, linje 2: fant ingen plan 'x' (se 'planvakt plan list')"


def test_an_unknown_code_shows_its_reason_and_never_fails() -> None:
    assert message("field.url_scheme", {"reason": "URL scheme should be 'http'"}, "nb") == (
        "URL scheme should be 'http'"
    )
    assert message("field.string_too_long", {}, "nb") == "er for lang (maks {max_length} tegn)"


def test_errors_survive_pickling_with_code_params_and_location() -> None:
    error = ImportErrors([_row_error(3, "frist", "deadline")], source="t.csv")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is ImportErrors
    assert (copy.code, copy.location, str(copy)) == (error.code, error.location, str(error))
    assert copy.errors[0].location == error.errors[0].location


def test_the_privacy_guard_says_what_the_message_table_says() -> None:
    guard = PersonalDataFound("description")
    assert (guard.code, guard.params) == ("privacy.national_id", {"field": "description"})
    assert str(guard) == message(guard.code, guard.params, "nb")
    stored = PersonalDataFound("title", table="plans")
    assert str(stored) == message(stored.code, stored.params, "nb")


class _Form(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    title: Title
    progress: Progress = 0


@pytest.mark.parametrize(
    ("data", "code", "params", "text"),
    [
        ({}, "field.missing", {}, "mangler"),
        (
            {"title": "x", "progress": 140},
            "field.less_than_equal",
            {"le": 100},
            "kan være høyst 100",
        ),
        (
            {"title": "x", "farge": 1},
            "field.extra_forbidden",
            {},
            "ukjent nøkkel (ikke tillatt her)",
        ),
        (
            {"title": f"Gjelder {VALID_FNR}"},
            "privacy.national_id",
            {"field": "title"},
            "feltet 'title' inneholder et fødselsnummer",
        ),
    ],
)
def test_pydantic_errors_become_coded_field_errors(
    data: dict[str, object], code: str, params: dict[str, object], text: str
) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        _Form.model_validate(data)
    error = field_error(caught.value.errors()[0], Location("skjema", field="x"))
    assert (error.code, error.params) == (code, params)
    assert error.message.startswith(text)
    assert VALID_FNR not in str(error)


def test_the_command_line_prints_one_line_from_the_same_table() -> None:
    line = render_error(NotFoundError("plan.not_found", ref="x"), Words("nb"))
    assert line == "planvakt: feil: fant ingen plan 'x' (se 'planvakt plan list')"
    line = render_error(NotFoundError("plan.not_found", ref="x"), Words("nn"))
    assert line == "planvakt: feil: fann ingen plan «x» (sjå «planvakt plan list»)"


_RAISED_CODE = re.compile(
    r"(?:Error|ImportErrors|PersonalDataFound|PrivacyViolation)\(\s*\"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)\""
)


def test_every_code_raised_in_the_source_has_a_bokmal_text() -> None:
    used: set[str] = set()
    for folder in ("planvakt", "models"):
        for path in (ROOT / folder).rglob("*.py"):
            used.update(_RAISED_CODE.findall(path.read_text("utf-8")))
    assert len(used) > 40
    assert sorted(used - set(messages.NB)) == []


_RAISED_LITERAL = re.compile(
    r"raise\s+([\w.]*(?:Error|Failed|Unavailable|Errors))\(\s*(f?)\"([^\"]*)\""
)
# Python's own exceptions: pydantic validators report a rule with ValueError (it becomes a
# coded field.value_error), argparse with ArgumentTypeError (a usage line of the CLI).
_BUILTIN = {"ValueError", "TypeError", "argparse.ArgumentTypeError", "ArgumentTypeError"}
_CODE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")


def test_planvakt_errors_are_raised_with_a_code_never_with_words() -> None:
    """Words belong to the edges: a raise site names a code (and params), never a text."""
    texts = []
    for folder in ("planvakt", "flows", "tasks"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:  # run by the operator's `db upgrade`, in English
                continue
            for name, is_f, first in _RAISED_LITERAL.findall(path.read_text("utf-8")):
                if name not in _BUILTIN and (is_f or not _CODE.fullmatch(first)):
                    texts.append(f"{path.relative_to(ROOT)}: {name}({first!r})")
    assert texts == []


def _field_problems(path: Path) -> list[tuple[str, str]]:
    """(code, bokmål text) of every ``FieldProblem("code", N_("text"), …)`` in a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "FieldProblem":
            code, text = node.args[0], node.args[1]
            assert isinstance(code, ast.Constant) and isinstance(text, ast.Call)
            assert getattr(text.func, "id", "") == "N_", f"{path}: the text is not marked"
            found.append((code.value, ast.literal_eval(text.args[0])))
    return found


def test_every_field_problem_of_the_models_says_what_the_message_table_says() -> None:
    """A validator's refusal is shown from its code; its own text (what pydantic sees) must
    be the same bokmål template, so no user reads two versions of one rule."""
    problems = [
        p for path in sorted((ROOT / "models").rglob("*.py")) for p in _field_problems(path)
    ]
    assert len(problems) >= 10
    assert [(code, text) for code, text in problems if messages.NB.get(code) != text] == []


@pytest.mark.parametrize(
    ("text", "code", "shown"),
    [
        ("31.02.2027", "date.nonexistent", "datoen '31.02.2027' finnes ikke"),
        ("2027/12/31", "date.invalid", "ugyldig dato '2027/12/31' (bruk dd.mm.åååå"),
    ],
)
def test_a_date_that_does_not_parse_is_a_coded_problem(text: str, code: str, shown: str) -> None:
    with pytest.raises(FieldProblem) as caught:
        parse_date(text)
    assert (caught.value.code, caught.value.params) == (code, {"value": text})
    assert str(caught.value).startswith(shown)
    assert message(code, caught.value.params, "nb") == str(caught.value)
