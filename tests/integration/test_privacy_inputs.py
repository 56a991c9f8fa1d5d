"""The privacy guard on ids and fields outside the ordinary text columns: a measure's id, a
plan's id, e-mail and notification addresses, the audit actor, API token names and the
inputs of a sealed report. Each is refused with the field named and the number never
repeated, and nothing is stored."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from models import (
    AuditEntry,
    Contact,
    GeneratedDocument,
    Measure,
    NotificationTarget,
    Plan,
    Role,
    User,
)
from models.audit import PrivacyViolation
from planvakt.cli.app import main
from planvakt.core.db import session_scope
from planvakt.core.errors import ImportErrors, PlanvaktError, PrivacyError
from planvakt.core.settings import get_settings, reset_settings
from planvakt.documents import store as documents
from planvakt.exchange.plan_export import export_plan
from planvakt.exchange.plan_import import import_plan
from planvakt.services import measures, plans, recipients, tokens, users
from planvakt.services.policy import policy_for
from tests.factories import VALID_DNR, VALID_FNR, make_plan, measures_csv

NBSP = "\u00a0"
# Written as people paste them: hyphen, no-break space, zero-width space, dots and slash.
FNR_HYPHEN = f"{VALID_FNR[:6]}-{VALID_FNR[6:]}"
FNR_NBSP = f"{VALID_FNR[:6]}{NBSP}{VALID_FNR[6:]}"
DNR_ZERO_WIDTH = f"{VALID_DNR[:6]}\u200b{VALID_DNR[6:]}"
FNR_DOTS = f"{VALID_FNR[:2]}.{VALID_FNR[2:4]}.{VALID_FNR[4:6]}/{VALID_FNR[6:]}"
FORMS = [FNR_HYPHEN, FNR_NBSP, DNR_ZERO_WIDTH, FNR_DOTS]
DIGITS = (VALID_FNR[:6], VALID_FNR[6:], VALID_DNR[:6], VALID_DNR[6:])


def _quiet(text: str) -> None:
    """A refusal never repeats the number, in any of its parts."""
    assert not any(part in text for part in DIGITS), text


def _refused(error: PlanvaktError, field: str) -> None:
    assert error.code.startswith("privacy.national_id"), error.code
    assert error.params["field"] == field
    _quiet(str(error))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


MEASURE = {
    "focus_area": "Kompetanse",
    "title": "Kurs for ansatte",
    "owner": "grunnskole",
}


@pytest.mark.parametrize("ref", FORMS)
def test_a_measure_id_with_an_identity_number_is_refused(engine, ref: str) -> None:
    with pytest.raises(ImportErrors) as err, session_scope(engine) as session:
        measures.create_measure(session, make_plan(session), {**MEASURE, "ref": ref})
    (error,) = err.value.errors
    assert error.location is not None and error.location.field == "ref"
    _refused(error, "ref")
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Measure)) == 0


@pytest.mark.parametrize(("path", "field"), [(("plan", "slug"), "slug"), (("ref",), "ref")])
def test_an_id_in_a_plan_file_is_refused(engine, path: tuple[str, ...], field: str) -> None:
    with session_scope(engine) as session:
        plan = make_plan(session)
        measures.create_measure(session, plan, {**MEASURE, "ref": "1.1"})
        data = export_plan(plan).model_dump(mode="json")
    data["plan"]["slug"] = "3911-faerder-2027b"
    (data["plan"] if path[0] == "plan" else data["editions"][0]["measures"][0])[field] = (
        f"x-{FNR_HYPHEN}"
    )
    with pytest.raises(ImportErrors) as err, session_scope(engine) as session:
        import_plan(session, json.dumps(data), "plan.json")
    (error,) = err.value.errors
    assert error.location is not None and error.location.field.endswith(field)
    _refused(error, field)


@pytest.mark.parametrize("slug", [FNR_HYPHEN, f"plan-{VALID_FNR}", f"{VALID_FNR}{NBSP}x"])
def test_a_plan_id_with_an_identity_number_is_refused_before_it_is_quoted(
    engine, slug: str
) -> None:
    with pytest.raises(PrivacyError) as err, session_scope(engine) as session:
        make_plan(session, slug=slug)
    _refused(err.value, "slug")
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Plan)) == 0


def test_a_plan_id_on_the_command_line_is_refused(engine, capsys) -> None:
    code, _, err = run(
        capsys, "plan", "create", "--kommune", "3911", "--start", "2027-01-04", "--slug", FNR_DOTS
    )
    assert code == 65 and "'slug'" in err and "fødselsnummer" in err
    _quiet(err)


@pytest.mark.parametrize("email", [f"{VALID_FNR}@kommune.no", f"ola.{FNR_HYPHEN}@kommune.no"])
def test_a_contact_email_with_an_identity_number_is_refused(engine, email: str) -> None:
    with pytest.raises(PrivacyError) as err, session_scope(engine) as session:
        plan = make_plan(session)
        service = recipients.find_service(session, "3911", plan.coordinator.key)
        recipients.add_contact(session, service, role="leder", email=email)
    _refused(err.value, "email")
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == 0


def test_a_notification_address_is_checked_before_it_is_encrypted(engine) -> None:
    url = f"mailto://smtp.kommune.no?to={VALID_FNR}@kommune.no"
    with pytest.raises(PrivacyError) as err, session_scope(engine) as session:
        plan = make_plan(session)
        service = recipients.find_service(session, "3911", plan.coordinator.key)
        recipients.add_target(session, url, service=service)
    _refused(err.value, "url")
    assert err.value.location is not None and err.value.location.field == "url"


@pytest.mark.parametrize("actor", [FNR_NBSP, f"web:{VALID_FNR}", f"Ola {DNR_ZERO_WIDTH}"])
def test_an_actor_with_an_identity_number_writes_nothing(engine, actor: str) -> None:
    with pytest.raises(PrivacyError) as err, session_scope(engine, actor=actor) as session:
        make_plan(session)
    _refused(err.value, "actor")
    assert err.value.params["table"] == "audit_entry"
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_the_actor_setting_is_refused_at_start(engine, capsys, monkeypatch) -> None:
    monkeypatch.setenv("PLANVAKT_ACTOR", f"saksbehandler {FNR_HYPHEN}")
    reset_settings()
    code, _, err = run(capsys, "plan", "list")
    assert code != 0 and "PLANVAKT_ACTOR" in err and "fødselsnummer" in err
    _quiet(err)


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("username", {"username": VALID_FNR}),
        ("display_name", {"username": "ola", "display_name": f"Ola {FNR_NBSP}"}),
    ],
)
def test_a_user_named_by_an_identity_number_is_refused(
    engine, field: str, values: dict[str, Any]
) -> None:
    with pytest.raises(PrivacyError) as err, session_scope(engine) as session:
        users.add_user(
            session,
            password="et langt passord 2027",
            role=Role.COORDINATOR,
            kommune="3911",
            **values,
        )
    _refused(err.value, field)


@pytest.mark.parametrize("name", FORMS)
def test_an_api_token_name_with_an_identity_number_is_refused(engine, name: str) -> None:
    with session_scope(engine) as session:
        user = users.add_user(
            session, "koord", "et langt passord 2027", role=Role.COORDINATOR, kommune="3911"
        )
    with pytest.raises(PrivacyError) as err, session_scope(engine) as session:
        tokens.create_token(session, user.id, f"Nøkkel {name}")
    _refused(err.value, "name")


@pytest.mark.parametrize("field", ["evaluation", "proposal"])
@pytest.mark.parametrize("written", FORMS)
def test_a_report_input_is_refused_before_the_document_is_sealed(
    engine, field: str, written: str
) -> None:
    with session_scope(engine) as session:
        make_plan(session)
    with pytest.raises(PrivacyError) as err, session_scope(engine) as session:
        plan = plans.find_plan(session, "3911-faerder-2027")
        documents.generate(
            session, plan, date(2027, 12, 1), kind="yearly", **{field: f"Se {written}."}
        )
    _refused(err.value, field)
    assert err.value.location is not None and err.value.location.field == field
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(GeneratedDocument)) == 0


def test_a_report_input_on_the_command_line_is_refused_and_nothing_is_written(
    engine, capsys, tmp_path
) -> None:
    run(capsys, "plan", "create", "--kommune", "3911", "--start", "2027-01-04")
    target = tmp_path / "rapport.md"
    code, _, err = run(
        capsys,
        "report",
        "--plan",
        "3911-faerder-2027",
        "--kind",
        "yearly",
        "--format",
        "md",
        "-o",
        str(target),
        "--proposal",
        f"Videreføre tiltaket for {FNR_NBSP}",
    )
    assert code == 65 and "'proposal'" in err
    _quiet(err)
    assert not target.exists()


def test_a_report_input_that_reads_like_a_case_note_is_warned_about(engine, capsys) -> None:
    run(capsys, "plan", "create", "--kommune", "3911", "--start", "2027-01-04")
    code, _, err = run(
        capsys,
        "report",
        "--plan",
        "3911-faerder-2027",
        "--format",
        "md",
        "--evaluation",
        "Guten har vore i kontakt med eit ekstremt miljø.",
    )
    assert code == 0 and "advarsel" in err and "taushetsplikt" in err


def test_a_changed_text_is_checked_also_in_place_and_in_every_language(engine) -> None:
    with session_scope(engine) as session:
        make_plan(session)
    with Session(engine) as session:
        plan = plans.find_plan(session, "3911-faerder-2027")
        checkpoint = plan.current_edition.phases[0].checkpoints[0]
        checkpoint.titles["nn"] = f"Mandat {DNR_ZERO_WIDTH}"
        flag_modified(checkpoint, "titles")
        with pytest.raises(PrivacyViolation) as err:
            session.flush()
        assert err.value.params == {"field": "titles", "table": "checkpoint"}
        session.rollback()
    with pytest.raises(PrivacyError), session_scope(engine) as session:
        plan = plans.find_plan(session, "3911-faerder-2027")
        plan.title = f"Plan for {FNR_DOTS}"


def test_a_number_stored_before_the_guard_can_be_corrected(engine) -> None:
    with session_scope(engine) as session:
        plan_id = make_plan(session).id
    legacy = f"Plan {FNR_NBSP}"
    with engine.begin() as conn:  # as an older version stored it, past the guard
        conn.execute(update(Plan).where(Plan.id == plan_id).values(title=legacy))
    with session_scope(engine) as session:
        plan = session.get(Plan, plan_id)
        assert plan is not None
        plan.language = "nn"  # an unrelated change: the stored title is not rechecked
        session.flush()
        plan.title = "Handlingsplan"
    with Session(engine) as session:
        change = session.scalars(
            select(AuditEntry).where(AuditEntry.field == "title").order_by(AuditEntry.id.desc())
        ).first()
        assert change is not None and change.new_value == "Handlingsplan"


# Written the ways the review found stored: two hyphens, an underscore, the date in
# brackets, four spaces, a comma, and marks that show as nothing (left-to-right mark,
# invisible separator, combining grapheme joiner, variation selector).
LOOSE_FORMS = {
    "two hyphens": f"{VALID_FNR[:6]}--{VALID_FNR[6:]}",
    "underscore": f"{VALID_FNR[:6]}_{VALID_FNR[6:]}",
    "date in brackets": f"({VALID_FNR[:6]}){VALID_FNR[6:]}",
    "four spaces": f"{VALID_FNR[:6]}    {VALID_FNR[6:]}",
    "comma": f"{VALID_FNR[:6]},{VALID_FNR[6:]}",
    "invisible marks": f"{VALID_DNR[:6]}\u200e\u2063\u034f\ufe0f{VALID_DNR[6:]}",
}
LOOSE = [pytest.param(form, id=name) for name, form in LOOSE_FORMS.items()]


def _count(engine, model: type) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.parametrize("written", LOOSE)
def test_a_loosely_written_plan_id_on_the_command_line_is_refused(
    engine, capsys, written: str
) -> None:
    code, _, err = run(
        capsys, "plan", "create", "--kommune", "3911", "--start", "2027-01-04", "--slug", written
    )
    assert code == 65 and "'slug'" in err and "fødselsnummer" in err
    _quiet(err)
    assert _count(engine, Plan) == 0


@pytest.mark.parametrize("written", LOOSE)
def test_a_loosely_written_measure_id_in_a_sheet_is_refused(
    engine, capsys, tmp_path, written: str
) -> None:
    run(capsys, "plan", "create", "--kommune", "3911", "--start", "2027-01-04")
    sheet = tmp_path / "tiltak.csv"
    sheet.write_text(
        measures_csv(
            [
                {
                    "id": written,
                    "innsatsområde": "Kompetanse",
                    "tiltak": "Kurs for ansatte",
                    "ansvarlig_enhet": "grunnskole",
                    "frist": "01.12.2027",
                }
            ]
        ),
        encoding="utf-8",
    )
    code, out, err = run(capsys, "measures", "import", "3911-faerder-2027", str(sheet))
    assert code != 0 and "fødselsnummer" in err
    _quiet(out + err)
    assert _count(engine, Measure) == 0


@pytest.mark.parametrize("written", LOOSE)
def test_a_loosely_written_measure_id_in_a_plan_file_is_refused(
    engine, capsys, tmp_path, written: str
) -> None:
    with session_scope(engine) as session:
        plan = make_plan(session)
        measures.create_measure(session, plan, {**MEASURE, "ref": "1.1"})
        data = export_plan(plan).model_dump(mode="json")
    data["plan"]["slug"] = "3911-faerder-2027b"
    data["editions"][0]["measures"][0]["ref"] = written
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, err = run(capsys, "plan", "import", str(path))
    assert code == 65 and "ref'" in err and "ingenting ble lagret" in err
    if re.fullmatch(r"[a-z0-9][a-z0-9_-]*", written):  # else refused as no key at all
        assert "fødselsnummer" in err
    _quiet(out + err)
    assert _count(engine, Plan) == 1


@pytest.mark.parametrize("written", LOOSE)
def test_a_loosely_written_user_name_is_refused(engine, capsys, monkeypatch, written: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("et langt passord 2027\n"))
    code, out, err = run(
        capsys, "user", "add", written, "--role", "coordinator", "--kommune", "3911"
    )
    assert code == 65 and "'username'" in err
    if re.fullmatch(r"[\w.@-]+", written):  # else refused as no user name at all
        assert "fødselsnummer" in err
    _quiet(out + err)
    assert _count(engine, User) == 0


@pytest.mark.parametrize("written", LOOSE)
def test_a_loosely_written_actor_setting_is_refused(
    engine, capsys, monkeypatch, written: str
) -> None:
    monkeypatch.setenv("PLANVAKT_ACTOR", written)
    reset_settings()
    code, _, err = run(capsys, "plan", "create", "--kommune", "3911", "--start", "2027-01-04")
    assert code != 0 and "PLANVAKT_ACTOR" in err and "fødselsnummer" in err
    _quiet(err)
    monkeypatch.delenv("PLANVAKT_ACTOR")
    reset_settings()
    assert _count(engine, Plan) == 0


@pytest.mark.parametrize("written", LOOSE)
def test_a_loosely_written_contact_address_is_refused(engine, capsys, written: str) -> None:
    run(capsys, "plan", "create", "--kommune", "3911", "--start", "2027-01-04")
    code, out, err = run(
        capsys,
        "contact",
        "add",
        "--service",
        "grunnskole",
        "--role",
        "leder",
        "--email",
        f"{written}@k.no",
    )
    assert code == 65 and "'email'" in err and "fødselsnummer" in err
    _quiet(out + err)
    assert _count(engine, Contact) == 0


@pytest.mark.parametrize("written", LOOSE)
def test_a_loosely_written_notification_address_is_refused(engine, capsys, written: str) -> None:
    run(capsys, "plan", "create", "--kommune", "3911", "--start", "2027-01-04")
    code, out, err = run(
        capsys,
        "notify",
        "add",
        f"mailto://smtp.k.no?to={written}@k.no",
        "--service",
        "grunnskole",
    )
    assert code == 65 and "'url'" in err and "fødselsnummer" in err
    _quiet(out + err)
    assert _count(engine, NotificationTarget) == 0


# A number stored as a number: the reminder policy is bounded, so a fødselsnummer typed as a
# number of days is refused like any other day count out of range.
@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        ("--days-before", VALID_FNR, "kan være høyst 365"),
        ("--days-before", "14,366", "kan være høyst 365"),
        ("--days-before", ",".join(map(str, range(1, 12))), "kan ha høyst 10 element"),
        ("--overdue-every", VALID_DNR, "kan være høyst 365"),
        ("--escalate-leader", "366", "kan være høyst 365"),
        ("--escalate-admin", VALID_FNR, "kan være høyst 365"),
        ("--gate-warning", "366", "kan være høyst 365"),
        ("--nudge-every", "366", "kan være høyst 365"),
    ],
)
def test_a_reminder_policy_out_of_bounds_is_refused(
    engine, capsys, option: str, value: str, reason: str
) -> None:
    run(capsys, "plan", "create", "--kommune", "3911", "--start", "2027-01-04")
    code, out, err = run(capsys, "policy", "3911-faerder-2027", option, value)
    assert code == 65 and f"ugyldig varslingsregel {option}: {reason}" in err
    _quiet(out + err)
    with session_scope(engine) as session:
        assert plans.find_plan(session, "3911-faerder-2027").reminder_policy is None


def test_a_reminder_policy_at_its_bounds_is_kept(engine, capsys) -> None:
    run(capsys, "plan", "create", "--kommune", "3911", "--start", "2027-01-04")
    days = ",".join(map(str, range(365, 355, -1)))
    code, out, err = run(
        capsys, "policy", "3911-faerder-2027", "--days-before", days, "--escalate-admin", "365"
    )
    assert code == 0 and "365, 364" in out and "etter 365 dager" in out, err
    with session_scope(engine) as session:
        policy = policy_for(plans.find_plan(session, "3911-faerder-2027"), get_settings())
    assert len(policy.days_before) == 10 and policy.escalate_admin_days == 365


def test_a_policy_stored_out_of_bounds_before_falls_back_and_can_be_changed(engine, capsys) -> None:
    with session_scope(engine) as session:
        plan_id = make_plan(session).id
    stored = {"days_before": [int(VALID_FNR)], "escalate_leader_days": 5}
    with engine.begin() as conn:  # as an older version stored it, past the bounds
        conn.execute(update(Plan).where(Plan.id == plan_id).values(reminder_policy=stored))
    with session_scope(engine) as session:
        plan = plans.find_plan(session, "3911-faerder-2027")
        policy = policy_for(plan, get_settings())
        assert policy.days_before == (14, 7, 1) and policy.escalate_leader_days == 5
    code, out, err = run(capsys, "policy", "3911-faerder-2027", "--escalate-admin", "60")
    assert code == 0 and "14, 7 og 1 dager før" in out and "etter 60 dager" in out, err
    _quiet(out + err)
    with session_scope(engine) as session:
        assert plans.find_plan(session, "3911-faerder-2027").reminder_policy == {
            "escalate_leader_days": 5,
            "escalate_admin_days": 60,
        }
