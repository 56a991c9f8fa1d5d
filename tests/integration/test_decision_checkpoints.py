"""Checkpoints done by a political decision: recording the decision completes them with the
decision as evidence; checking them off is refused with how to record it instead."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from models import DecisionKind, PhaseStatus
from planvakt.cli.app import main
from planvakt.core.db import session_scope
from planvakt.core.errors import ValidationError
from planvakt.exchange.templates import load_template
from planvakt.services import plans, records
from planvakt.services.revision import record_adoption
from tests.factories import advance_to, make_plan, write

TODAY = date(2027, 6, 1)
MANDATE = "politisk-vedtak-oppstart"


def _mandate(session, plan, on: date = date(2027, 2, 10), **kwargs):
    values = {
        "body": "formannskapet",
        "decided_on": on,
        "kind": "mandate",
        "case_number": "2027/14",
        "summary": None,
    }
    return records.add_decision(session, plan, **{**values, **kwargs})


def test_checking_off_the_mandate_is_refused_with_how_to_record_the_decision(session) -> None:
    plan = make_plan(session)
    with pytest.raises(ValidationError) as err:
        plans.complete_checkpoint(session, plan, MANDATE, on=TODAY, today=TODAY, evidence="ok")
    assert err.value.code == "checkpoint.decision_bound"
    assert "planvakt record decision 3911-faerder-2027 --kind mandate" in str(err.value)
    checkpoint = plans.find_checkpoint(plan, MANDATE)
    assert checkpoint.done_on is None and checkpoint.evidence is None


def test_checking_off_the_adoption_is_refused_with_how_to_record_it(session) -> None:
    plan = make_plan(session)
    with pytest.raises(ValidationError) as err:
        plans.complete_checkpoint(
            session, plan, "vedtak-kommunestyre", on=TODAY, today=TODAY, evidence="ok"
        )
    assert err.value.code == "checkpoint.adoption_bound"
    assert "planvakt decision adopt 3911-faerder-2027" in str(err.value)


def test_recording_the_mandate_completes_its_checkpoint_with_the_decision_as_evidence(
    session,
) -> None:
    plan = make_plan(session)
    _mandate(session, plan)
    checkpoint = plans.find_checkpoint(plan, MANDATE)
    assert checkpoint.done_on == date(2027, 2, 10)
    assert checkpoint.evidence == "formannskapet 10.02.2027, sak 2027/14"
    # A second mandate decision (a changed mandate) is recorded; the checkpoint stays as it was.
    _mandate(session, plan, on=date(2027, 3, 3), case_number="2027/30")
    assert len(plan.current_edition.decisions) == 2
    assert checkpoint.evidence == "formannskapet 10.02.2027, sak 2027/14"


def test_the_mandate_decision_passes_the_gate_when_it_is_the_last_one(session) -> None:
    plan = make_plan(session)
    first = plan.current_edition.phases[0]
    for cp in first.checkpoints:
        if cp.required and cp.decision_kind is None:
            plans.complete_checkpoint(session, plan, cp.key, on=date(2027, 3, 1), today=TODAY)
    assert first.status == PhaseStatus.ACTIVE  # waits for the political decision
    _mandate(session, plan, on=date(2027, 3, 8), today=TODAY)
    assert first.status == PhaseStatus.DONE and first.completed_on == date(2027, 3, 8)
    assert plan.current_edition.current_phase.key == "involvering"


def test_without_today_the_gate_is_left_to_the_caller(session) -> None:
    plan = make_plan(session)
    first = plan.current_edition.phases[0]
    for cp in first.checkpoints:
        if cp.required and cp.decision_kind is None:
            plans.complete_checkpoint(session, plan, cp.key, on=date(2027, 3, 1), today=TODAY)
    _mandate(session, plan, on=date(2027, 3, 8))
    assert first.status == PhaseStatus.ACTIVE
    [change] = plans.advance_phases(plan.current_edition, TODAY)
    assert (change.completed, change.on) == ("initiering", date(2027, 3, 8))


@pytest.mark.parametrize(
    ("language", "evidence"),
    [
        ("nn", "formannskapet 10.02.2027, sak 2027/14"),
        ("en", "formannskapet 10.02.2027, case 2027/14"),
    ],
)
def test_the_evidence_is_in_the_plans_language(session, language: str, evidence: str) -> None:
    plan = make_plan(session, language=language)
    _mandate(session, plan)
    assert plans.find_checkpoint(plan, MANDATE).evidence == evidence


@pytest.mark.parametrize(
    ("body", "case_number", "code"),
    [
        # the kommunedirektør's approval alone is not a political decision
        ("kommunedirektøren", "2027/14", "decision.not_political"),
        ("ordføreren", "2027/14", "decision.not_political"),
        ("formannskapet", None, "decision.case_required"),
        ("kommunestyret", "  ", "decision.case_required"),
    ],
)
def test_a_mandate_must_be_a_political_decision_with_a_case_number(
    session, body: str, case_number: str | None, code: str
) -> None:
    plan = make_plan(session)
    with pytest.raises(ValidationError) as refused:
        _mandate(session, plan, body=body, case_number=case_number)
    assert refused.value.code == code
    assert plans.find_checkpoint(plan, MANDATE).done_on is None


def test_an_adoption_must_be_a_political_decision_with_a_case_number(session) -> None:
    plan = make_plan(session, start=date(2026, 1, 5))
    for body, case_number in (("kommunedirektøren", "2026/88"), ("kommunestyret", None)):
        with pytest.raises(ValidationError):
            record_adoption(
                session,
                plan,
                body=body,
                decided_on=date(2026, 12, 10),
                case_number=case_number,
                period_start=date(2027, 1, 1),
                period_end=date(2030, 12, 31),
            )
    assert plan.current_edition.period_end is None


def test_another_kind_of_decision_completes_nothing(session) -> None:
    plan = make_plan(session)
    _mandate(session, plan, kind="other")
    assert plans.find_checkpoint(plan, MANDATE).done_on is None


def test_the_adoption_completes_the_council_decision_checkpoint(session) -> None:
    plan = make_plan(session, start=date(2026, 1, 5))
    advance_to(session, plan, "vedtak")
    record_adoption(
        session,
        plan,
        body="kommunestyret",
        decided_on=date(2026, 12, 10),
        case_number="2026/88",
        period_start=date(2027, 1, 1),
        period_end=date(2030, 12, 31),
    )
    checkpoint = plans.find_checkpoint(plan, "vedtak-kommunestyre")
    assert checkpoint.done_on == date(2026, 12, 10)
    assert checkpoint.evidence == "kommunestyret 10.12.2026, sak 2026/88"


def test_a_report_decision_completes_a_checkpoint_bound_to_a_report(
    session, tmp_path: Path
) -> None:
    variant = write(
        tmp_path / "rapport.yaml",
        "extends: default\nkey: rapport\nphases:\n  - key: gjennomforing\n    checkpoints:\n"
        "      - key: arsrapport-1\n        decision: report\n",
    )
    plan = make_plan(session, template=load_template(str(variant)), start=date(2026, 1, 5))
    assert plan.current_edition.template_key == "rapport"
    report = plans.find_checkpoint(plan, "arsrapport-1")
    assert report.decision_kind == DecisionKind.REPORT
    _mandate(session, plan)  # a mandate does not complete a report
    assert report.done_on is None
    _mandate(session, plan, kind="report", body="kommunestyret", on=date(2028, 6, 20))
    assert (report.done_on, report.evidence) == (
        date(2028, 6, 20),
        "kommunestyret 20.06.2028, sak 2027/14",
    )


# --- the command line -------------------------------------------------------------------


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line_refuses_checking_off_and_records_the_decision(engine, capsys) -> None:
    run(capsys, "plan", "create", "--kommune", "3911", "--start", "2026-01-05")
    slug = "3911-faerder-2026"
    code, _, err = run(capsys, "checkpoint", "done", slug, MANDATE, "--on", "10.02.2026")
    assert code == 65
    assert f"planvakt record decision {slug} --kind mandate" in err
    code, out, err = run(
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
    )
    assert code == 0, err
    assert f"sjekkpunktet '{MANDATE}' er fullført" in out
    with session_scope(engine) as session:
        checkpoint = plans.find_checkpoint(plans.find_plan(session, slug), MANDATE)
        assert checkpoint.evidence == "formannskapet 10.02.2026, sak 2026/14"
