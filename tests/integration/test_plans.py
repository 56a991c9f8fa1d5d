from datetime import date

import pytest
from sqlalchemy import select

from models import AuditEntry, PhaseStatus, Plan
from models.calendar import is_business_day
from planvakt.core.errors import ConflictError, NotFoundError, ValidationError
from planvakt.services import plans, records
from tests.factories import make_plan

TODAY = date(2027, 6, 1)


def test_new_plan_has_six_phases_with_dated_checkpoints(session) -> None:
    plan = make_plan(session)
    edition = plan.current_edition
    assert plan.slug == "3911-faerder-2027"
    assert plan.title.endswith("– Færder")
    assert [p.status for p in edition.phases] == ["active"] + ["pending"] * 5
    assert edition.phases[0].started_on == date(2027, 1, 4)
    checkpoints = [c for p in edition.phases for c in p.checkpoints]
    assert len(checkpoints) >= 25
    assert all(is_business_day(c.due_date) for c in checkpoints)
    assert all(c.responsible is not None for c in checkpoints)
    for earlier, later in zip(edition.phases, edition.phases[1:], strict=False):
        assert later.planned_start > earlier.planned_end


def test_joint_plan_belongs_to_several_municipalities(session) -> None:
    plan = make_plan(session, municipality_numbers=["3911", "3905"])
    assert [m.number for m in plan.municipalities] == ["3911", "3905"]
    assert plan.title.endswith("Færder og Tønsberg")


def test_same_plan_id_twice_is_a_conflict(session) -> None:
    make_plan(session)
    with pytest.raises(ConflictError, match="finnes allerede"):
        make_plan(session)


def test_completing_required_checkpoints_opens_the_next_phase_from_that_day(session) -> None:
    plan = make_plan(session)
    first = plan.current_edition.phases[0]
    required = [c for c in first.checkpoints if c.required and c.decision_kind is None]
    last_day = date(2027, 2, 15)
    records.add_decision(
        session,
        plan,
        body="formannskapet",
        decided_on=date(2027, 2, 10),
        kind="mandate",
        case_number="2027/14",
        summary=None,
        today=TODAY,
    )
    changes = []
    for cp in required:
        changes = plans.complete_checkpoint(
            session, plan, cp.key, on=last_day, today=TODAY, evidence="Sak 12/27"
        )
    assert [c.completed for c in changes] == ["initiering"]
    second = plan.current_edition.phases[1]
    assert first.status == PhaseStatus.DONE and first.completed_on == last_day
    assert second.status == PhaseStatus.ACTIVE and second.started_on == last_day
    assert second.planned_start == last_day
    dialog = next(c for c in second.checkpoints if c.key == "dialogmote-tjenester")
    assert dialog.due_date == date(2027, 4, 1)  # 15 Feb + 45 days
    mandate = next(c for c in first.checkpoints if c.decision_kind == "mandate")
    assert (mandate.done_on, mandate.evidence) == (
        date(2027, 2, 10),
        "formannskapet 10.02.2027, sak 2027/14",
    )


def test_gate_not_met_while_a_required_checkpoint_is_open(session) -> None:
    plan = make_plan(session)
    changes = plans.complete_checkpoint(
        session, plan, "behovsvurdering", on=date(2027, 1, 10), today=TODAY
    )
    assert changes == []
    assert plan.current_edition.current_phase.key == "initiering"


def test_checkpoint_errors(session) -> None:
    plan = make_plan(session)
    with pytest.raises(NotFoundError, match="sjekkpunktet 'finnes-ikke'"):
        plans.complete_checkpoint(session, plan, "finnes-ikke", on=TODAY, today=TODAY)
    with pytest.raises(ValidationError, match="framtiden"):
        plans.complete_checkpoint(
            session, plan, "behovsvurdering", on=date(2027, 7, 1), today=TODAY
        )
    plans.complete_checkpoint(session, plan, "behovsvurdering", on=TODAY, today=TODAY)
    with pytest.raises(ConflictError, match="allerede"):
        plans.complete_checkpoint(session, plan, "behovsvurdering", on=TODAY, today=TODAY)


def test_every_change_is_audited_with_old_and_new_value(session) -> None:
    plan = make_plan(session)
    plans.complete_checkpoint(
        session, plan, "behovsvurdering", on=date(2027, 1, 12), today=TODAY, evidence="Notat"
    )
    session.flush()
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "checkpoint", AuditEntry.action == "update")
    ).all()
    done = next(e for e in entries if e.field == "done_on")
    assert (done.old_value, done.new_value, done.actor) == (None, "2027-01-12", "test")
    assert done.at.tzinfo is not None
    assert session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "plan", AuditEntry.action == "create")
    ).one()


def test_audit_entries_name_their_plan_even_for_automatic_phase_changes(engine) -> None:
    from planvakt.core.db import session_scope
    from planvakt.services.batches import review_batch

    with session_scope(engine) as session:
        plan_ids = [
            make_plan(session, municipality_numbers=[k], start=date(2027, 1, 4)).id
            for k in ("3911", "3905")
        ]
        for plan_id in plan_ids:  # checkpoints recorded done without passing the gate
            plan = session.get(Plan, plan_id)
            for cp in plan.current_edition.phases[0].checkpoints:
                cp.done_on = date(2027, 3, 1)
    review_batch(plan_ids, date(2027, 3, 2))
    with session_scope(engine) as session:
        changed = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "phase", AuditEntry.field == "status")
        ).all()
        assert sorted(e.plan_id for e in changed) == sorted(
            plan_ids * 2
        )  # initiering done, involvering active
        done = session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "checkpoint", AuditEntry.field == "done_on"
            )
        ).all()
        assert {e.plan_id for e in done} == set(plan_ids)
