"""The consultation deadline (høringsfrist) counts from the day the consultation was sent,
and the checkpoints after the consultation follow the latest deadline."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from models import Checkpoint, Plan
from models.calendar import due_date
from models.gates import consultation_deadline
from planvakt.cli.app import main
from planvakt.core.db import session_scope
from planvakt.core.errors import ValidationError
from planvakt.services import plans, records
from planvakt.services.plans import find_plan
from tests.factories import advance_to, make_plan

START = date(2026, 1, 5)
SUMMARY, REVISED = "horingsoppsummering", "revidert-plan"


def anchored(plan: Plan, key: str) -> Checkpoint:
    checkpoint = plans.find_checkpoint(plan, f"involvering/{key}")
    assert checkpoint.anchor == "consultation_deadline"
    return checkpoint


def consult(session: Session, plan: Plan, body: str, sent_on: date, **deadline: date) -> date:
    return records.add_consultation(session, plan, body=body, sent_on=sent_on, **deadline).deadline


def test_the_deadline_is_the_consultation_period_from_the_day_it_was_sent(session) -> None:
    plan = make_plan(session, start=START)
    assert plan.current_edition.hearing_weeks == 6
    assert consult(session, plan, "Ungdomsrådet", date(2026, 9, 1)) == date(2026, 10, 13)
    # sent late, still six full weeks: 12 January 2027 (not an offset from the phase start)
    assert consult(session, plan, "Eldrerådet", date(2026, 12, 1)) == date(2027, 1, 12)
    # six weeks on is Christmas Day: the next business day
    assert consult(session, plan, "Politiet", date(2026, 11, 13)) == date(2026, 12, 28)
    # a longer deadline than the period is kept
    later = date(2027, 2, 1)
    assert consult(session, plan, "PPT", date(2026, 12, 1), deadline=later) == later


def test_a_shorter_deadline_is_refused_naming_the_earliest_date(session) -> None:
    plan = make_plan(session, start=START)
    plan.current_edition.hearing_weeks = 8
    with pytest.raises(ValidationError) as refused:
        consult(session, plan, "Ungdomsrådet", date(2026, 9, 1), deadline=date(2026, 10, 13))
    assert refused.value.code == "consultation.deadline_too_early"
    assert "8 uker" in str(refused.value) and "tidligst være 27.10.2026" in str(refused.value)
    assert plan.current_edition.consultations == []
    assert consult(session, plan, "Ungdomsrådet", date(2026, 9, 1)) == date(2026, 10, 27)


def test_the_checkpoints_after_the_consultation_follow_the_latest_deadline(session) -> None:
    plan = make_plan(session, start=START)
    summary, revised = anchored(plan, SUMMARY), anchored(plan, REVISED)
    planned = summary.due_date
    consult(session, plan, "Ungdomsrådet", date(2026, 9, 1))  # deadline 13 October
    assert summary.due_date == date(2026, 11, 2)  # + 18 days = Saturday 31 October → Monday
    assert revised.due_date == date(2026, 11, 20)  # + 38 days
    assert summary.due_date != planned
    # sent again later: both move to the new, latest deadline (12 January 2027)
    consult(session, plan, "Eldrerådet", date(2026, 12, 1))
    assert (summary.due_date, revised.due_date) == (date(2027, 2, 1), date(2027, 2, 19))
    # an earlier deadline does not pull them back
    consult(session, plan, "PPT", date(2026, 10, 1))
    assert summary.due_date == date(2027, 2, 1)
    # a done checkpoint keeps its date
    plans.complete_checkpoint(
        session, plan, f"involvering/{SUMMARY}", on=date(2027, 1, 20), today=date(2027, 1, 20)
    )
    consult(session, plan, "NAV", date(2027, 1, 4), deadline=date(2027, 3, 1))
    assert summary.due_date == date(2027, 2, 1) and revised.due_date == date(2027, 4, 8)


def test_before_any_consultation_they_keep_the_planned_date_and_move_with_the_phase(
    session,
) -> None:
    plan = make_plan(session, start=START)
    summary = anchored(plan, SUMMARY)
    sending = plans.find_checkpoint(plan, "involvering/horing-sendt")
    planned = summary.due_date
    # initiation done early: the involvement phase and its checkpoints are planned again,
    # the summary 18 days after the deadline planned from the (new) sending day
    advance_to(session, plan, "involvering")
    assert summary.due_date < planned
    assert summary.due_date == due_date(consultation_deadline(sending.due_date, 6), 18)


def test_replanning_keeps_them_on_the_deadline_once_a_consultation_exists(session) -> None:
    plan = make_plan(session, start=START)
    # recorded early (the consultation on the mandate, say), before initiation is done
    consult(session, plan, "Ungdomsrådet", date(2026, 2, 2))  # deadline 16 March 2026
    summary = anchored(plan, SUMMARY)
    assert summary.due_date == date(2026, 4, 7)  # + 18 days is Good Friday: after Easter
    advance_to(session, plan, "involvering")  # the phase is planned again from its start
    assert summary.due_date == date(2026, 4, 7)


def test_the_command_line_computes_the_deadline_when_none_is_given(engine, capsys) -> None:
    assert main(["plan", "create", "--kommune", "3911", "--start", "2026-01-05"]) == 0
    capsys.readouterr()
    slug = "3911-faerder-2026"
    args = ["record", "consultation", slug, "--body", "Ungdomsrådet", "--sent", "01.09.2026"]
    assert main(args) == 0
    assert "frist 13.10.2026" in capsys.readouterr().out
    assert main([*args[:4], "Eldrerådet", *args[5:], "--deadline", "01.10.2026"]) != 0
    err = capsys.readouterr().err
    assert "6 uker" in err and "tidligst være 13.10.2026" in err
    with session_scope(engine) as session:
        plan = find_plan(session, slug)
        assert [c.body for c in plan.current_edition.consultations] == ["Ungdomsrådet"]
        assert anchored(plan, SUMMARY).due_date == date(2026, 11, 2)


def test_a_consultation_sent_in_the_future_is_refused(session) -> None:
    plan = make_plan(session)
    with pytest.raises(ValidationError) as refused:
        records.add_consultation(
            session, plan, body="Ungdomsrådet", sent_on=date(2027, 9, 2), today=date(2027, 9, 1)
        )
    assert refused.value.code == "date.in_future"
    assert plan.current_edition.consultations == []
