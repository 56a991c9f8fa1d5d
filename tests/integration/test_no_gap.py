"""No gap between plans: the final «Evaluering og rullering» runs inside the last twelve
months of the plan period, the next edition may start once it runs, and `plan show` says
when the next plan is planned adopted and warns when that falls after the period ends."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from models import Measure, PhaseStatus, Plan
from planvakt.cli.app import main
from planvakt.core.db import session_scope
from planvakt.core.errors import ConflictError
from planvakt.services import plans
from planvakt.services.revision import open_revision_round, record_adoption, start_next_edition
from planvakt.views.plan import plan_view
from tests.factories import advance_to, make_plan

START = date(2026, 1, 5)
PERIOD_START, PERIOD_END = date(2027, 7, 1), date(2031, 6, 30)
EVALUATION = date(2030, 7, 1)  # a year before the period ends (30 June 2030 is a Sunday)


def adopt(session: Session, plan: Plan) -> None:
    record_adoption(
        session,
        plan,
        body="kommunestyret",
        decided_on=date(2027, 6, 17),
        case_number="2027/55",
        period_start=PERIOD_START,
        period_end=PERIOD_END,
    )


def revision_dates(plan: Plan) -> tuple[date, date]:
    revision = plan.current_edition.phase("revisjon")
    return revision.planned_start, revision.planned_end


def test_the_adoption_plans_the_final_evaluation_inside_the_last_twelve_months(session) -> None:
    plan = make_plan(session, start=START)
    adopt(session, plan)
    edition = plan.current_edition
    assert edition.evaluation_due == EVALUATION
    assert revision_dates(plan) == (EVALUATION, PERIOD_END)
    own = [c for c in edition.phase("revisjon").checkpoints if c.revision_round is None]
    assert min(c.due_date for c in own) == date(2030, 7, 22)  # 21 days into the evaluation
    assert max(c.due_date for c in own) <= PERIOD_END
    # the adoption phase passing its gate plans the implementation again, not the evaluation
    advance_to(session, plan, "gjennomforing")
    assert revision_dates(plan) == (EVALUATION, PERIOD_END)
    evaluation = plans.find_checkpoint(plan, "gjennomforing/evaluering-startet")
    assert evaluation.due_date == EVALUATION


def test_a_yearly_round_hands_the_final_evaluation_its_dates_back(session) -> None:
    plan = make_plan(session, start=START)
    adopt(session, plan)
    advance_to(session, plan, "gjennomforing")
    opened = open_revision_round(session, plan, date(2028, 1, 17))
    assert opened is not None and revision_dates(plan)[0] == date(2028, 1, 17)
    edition = plan.current_edition
    for cp in edition.gate_checkpoints(edition.phase("revisjon")):
        plans.complete_checkpoint(
            session, plan, f"revisjon/{cp.key}", on=date(2028, 3, 1), today=date(2028, 3, 1)
        )
    assert edition.current_phase.key == "gjennomforing"
    assert revision_dates(plan) == (EVALUATION, PERIOD_END)


def test_the_next_edition_starts_during_the_final_evaluation(session) -> None:
    plan = make_plan(session, start=START)
    adopt(session, plan)
    advance_to(session, plan, "gjennomforing")
    owner = plan.current_edition.phase("gjennomforing").checkpoints[0].responsible
    plan.current_edition.measures.extend(
        [
            Measure(ref="1", focus_area="A", title="Kurs", owner=owner, status="in_progress"),
            Measure(ref="2", focus_area="A", title="Rutine", owner=owner, status="done"),
        ]
    )
    session.flush()
    with pytest.raises(ConflictError) as refused:
        start_next_edition(session, plan, date(2029, 5, 2))
    assert refused.value.code == "edition.evaluation_not_started"
    advance_to(session, plan, "revisjon")  # the implementation is done: the final evaluation
    previous = plan.current_edition
    assert previous.phase("gjennomforing").completed_on == EVALUATION
    assert revision_dates(plan) == (EVALUATION, PERIOD_END)

    edition = start_next_edition(session, plan, date(2030, 9, 1))
    assert [e.number for e in plan.editions] == [1, 2] and plan.current_edition is edition
    assert previous.closed_on == date(2030, 9, 1)
    assert [p.status for p in previous.phases] == [PhaseStatus.DONE] * 6
    assert previous.phase("revisjon").completed_on == date(2030, 9, 1)
    assert any(c.done_on is None for c in previous.phase("revisjon").checkpoints)  # history
    assert edition.current_phase.key == "initiering" and edition.started_on == date(2030, 9, 1)
    assert edition.hearing_weeks == previous.hearing_weeks
    assert [m.ref for m in edition.measures] == ["1"]  # unfinished ones carried over
    assert all(c.done_on is None for p in edition.phases for c in p.checkpoints)
    with pytest.raises(ConflictError):
        start_next_edition(session, plan, date(2030, 9, 2))


def test_the_next_edition_may_start_once_the_evaluation_has_started(session) -> None:
    plan = make_plan(session, start=START)
    adopt(session, plan)
    advance_to(session, plan, "gjennomforing")
    plans.complete_checkpoint(
        session, plan, "gjennomforing/evaluering-startet", on=EVALUATION, today=EVALUATION
    )
    previous = plan.current_edition
    # other checkpoints of the implementation are still open: the gate is not met
    assert previous.phase("gjennomforing").status == PhaseStatus.ACTIVE
    assert previous.phase("revisjon").status == PhaseStatus.PENDING
    start_next_edition(session, plan, date(2030, 8, 1))
    assert previous.closed_on == date(2030, 8, 1)
    done, pending = PhaseStatus.DONE, PhaseStatus.PENDING
    assert [p.status for p in previous.phases] == [done] * 5 + [pending]
    assert plan.current_edition.number == 2


def test_the_plan_says_when_the_next_plan_is_adopted_and_warns_of_a_gap(session) -> None:
    plan = make_plan(session, start=START)
    assert plan_view(plan, date(2026, 3, 1)).next_plan is None  # no plan period yet
    adopt(session, plan)
    advance_to(session, plan, "gjennomforing")
    ahead = plan_view(plan, date(2028, 6, 1)).next_plan
    assert ahead is not None and not ahead.started
    # the next edition starts with the evaluation; its phases up to the adoption take longer
    # than the last twelve months, and are fitted into them
    durations = [p.duration_days for p in plan.current_edition.phases[:4]]
    assert sum(durations) > 365
    assert ahead.planned_on <= PERIOD_END and ahead.gap_days == 0
    # started late, with four months left: even at half length the phases do not fit
    late = plan_view(plan, date(2031, 3, 1)).next_plan
    assert late is not None and late.gap_days == (late.planned_on - PERIOD_END).days > 0
    advance_to(session, plan, "revisjon")
    start_next_edition(session, plan, date(2030, 7, 1))
    started = plan_view(plan, date(2030, 7, 2)).next_plan
    edition = plan.current_edition
    adoption = edition.phase("vedtak")
    assert started is not None and started.started
    assert (started.planned_on, started.period_end) == (adoption.planned_end, PERIOD_END)
    assert started.gap_days == 0 and adoption.planned_end <= PERIOD_END
    # shortened in proportion, checkpoints too; the implementation keeps its length
    fitted = [p.duration_days for p in edition.phases[:4]]
    assert all(f < d for f, d in zip(fitted, durations, strict=True))
    initiation = edition.phase("initiering")
    assert all(c.due_date <= initiation.planned_end for c in initiation.checkpoints)


def test_plan_show_warns_when_the_next_plan_is_adopted_after_the_period(engine, capsys) -> None:
    with session_scope(engine) as session:
        plan = make_plan(session, start=START)
        adopt(session, plan)
        slug = plan.slug
    # the final evaluation should have started on 30.06.2030: four months left
    assert main(["plan", "show", slug, "--today", "01.03.2031"]) == 0
    shown = capsys.readouterr().out
    with session_scope(engine) as session:
        ahead = plan_view(plans.find_plan(session, slug), date(2031, 3, 1)).next_plan
    assert ahead is not None and ahead.gap_days > 0
    planned = ahead.planned_on.strftime("%d.%m.%Y")
    assert f"Neste plan planlagt vedtatt: {planned}" in shown
    assert f"ADVARSEL: {ahead.gap_days} dager uten vedtatt plan" in shown
    assert "planperioden slutter 30.06.2031" in shown
    assert "Start sluttevalueringen og neste utgave tidligere." in shown


def test_no_warning_when_the_next_plan_is_adopted_in_time(engine, capsys) -> None:
    with session_scope(engine) as session:
        plan = make_plan(session, start=START)
        adopt(session, plan)  # the default template's phases, fitted into the last year
        slug = plan.slug
    assert main(["plan", "show", slug, "--today", "01.06.2028"]) == 0
    shown = capsys.readouterr().out
    assert "Neste plan planlagt vedtatt: " in shown and "ADVARSEL" not in shown


def test_plan_show_says_the_previous_plan_stays_in_force_until_the_next_is_adopted(
    engine, capsys
) -> None:
    with session_scope(engine) as session:
        plan = make_plan(session, start=START)
        adopt(session, plan)
        advance_to(session, plan, "revisjon")
        start_next_edition(session, plan, date(2030, 7, 1))
        slug = plan.slug
    assert main(["plan", "show", slug, "--today", "02.07.2030"]) == 0
    shown = capsys.readouterr().out
    assert "Gjeldende plan gjelder til 30.06.2031" in shown
    assert "Neste plan planlagt vedtatt: " in shown and "ADVARSEL" not in shown
