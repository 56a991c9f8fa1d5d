"""What plan creation makes of the template's timing: yearly checkpoints (one per year of
their phase's span, derived again when the phase is replanned), checkpoints counted from the
consultation deadline, the edition's consultation period, and the HKH variant."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from models.calendar import due_date
from models.gates import consultation_deadline
from models.yearly import yearly_dates, yearly_due
from planvakt.core.db import session_scope
from planvakt.exchange.templates import load_template
from planvakt.services import plans
from planvakt.services.plans import sync_yearly_checkpoints
from planvakt.services.revision import record_adoption
from tests.factories import advance_to, make_plan, write

GRANTS = {"tilskudd-soknad": "12-01", "tilskudd-rapport": "04-01"}


def _yearly(phase) -> dict[str, object]:
    return {c.key: c for c in phase.checkpoints if c.yearly_on is not None}


def test_a_yearly_checkpoint_is_one_checkpoint_per_year_of_its_phase(session) -> None:
    plan = make_plan(session)
    implementation = plan.current_edition.phase("gjennomforing")
    found = _yearly(implementation)
    expected = {
        f"{key}-{day.year}": day
        for key, month_day in GRANTS.items()
        for day in yearly_dates(implementation.planned_start, implementation.planned_end, month_day)
    }
    assert set(found) == set(expected) and len(found) == 8  # four years, two deadlines
    for key, day in expected.items():
        cp = found[key]
        assert cp.due_date == yearly_due(day) and cp.due_date <= day
        assert not cp.required and cp.yearly_on == GRANTS[key[:-5]]
        assert cp.titles["nb"].endswith(f" ({day.year})")
        assert cp.titles["nn"].startswith("Søknad om statleg tilskot") or cp.titles[
            "nn"
        ].startswith("Rapport om bruken av statleg tilskot")
    other_phases = [p for p in plan.current_edition.phases if p.key != "gjennomforing"]
    assert not any(c.yearly_on for p in other_phases for c in p.checkpoints)
    assert "tilskudd-soknad" not in {c.key for c in implementation.checkpoints}


def test_replanning_keeps_done_years_and_derives_the_open_ones_again(session) -> None:
    plan = make_plan(session)
    implementation = plan.current_edition.phase("gjennomforing")
    first = min(_yearly(implementation).values(), key=lambda c: c.due_date)
    first.done_on, first.evidence = first.due_date, "Søknad sendt"
    # The adoption moves the implementation a year later.
    implementation.planned_start += timedelta(days=365)
    implementation.planned_end += timedelta(days=365)
    sync_yearly_checkpoints(implementation)
    session.flush()
    found = _yearly(implementation)
    assert found[first.key] is first and first.done_on is not None  # done: kept
    open_ = {k for k, c in found.items() if c.done_on is None}
    assert open_ == {
        f"{key}-{day.year}"
        for key, month_day in GRANTS.items()
        for day in yearly_dates(implementation.planned_start, implementation.planned_end, month_day)
        if f"{key}-{day.year}" != first.key
    }
    for key in open_:  # due on their own year's date again
        month, day = map(int, GRANTS[key[:-5]].split("-"))
        assert found[key].due_date == yearly_due(date(int(key[-4:]), month, day))
    positions = [c.position for c in implementation.checkpoints]
    assert len(positions) == len(set(positions))
    sync_yearly_checkpoints(implementation)  # again: nothing changes
    assert set(_yearly(implementation)) == set(found)


def test_the_adoption_dates_the_grant_deadlines_in_the_plan_period(session) -> None:
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
    implementation = plan.current_edition.phase("gjennomforing")
    years = {k: c.due_date for k, c in _yearly(implementation).items()}
    assert years == {
        f"{key}-{day.year}": yearly_due(day)
        for key, month_day in GRANTS.items()
        for day in yearly_dates(implementation.planned_start, implementation.planned_end, month_day)
    }
    assert "tilskudd-soknad-2030" in years and "tilskudd-rapport-2030" in years


def test_what_follows_the_consultation_counts_from_its_planned_deadline(session) -> None:
    plan = make_plan(session)
    edition = plan.current_edition
    assert edition.hearing_weeks == 6
    involvement = edition.phase("involvering")
    due = {c.key: c.due_date for c in involvement.checkpoints}
    deadline = consultation_deadline(due["horing-sendt"], 6)
    assert due["horingsoppsummering"] == due_date(deadline, 18)
    assert due["revidert-plan"] == due_date(deadline, 38)
    assert due["revidert-plan"] <= involvement.planned_end
    anchored = {c.key: c.anchor for c in involvement.checkpoints if c.anchor}
    assert anchored == {
        "horingsoppsummering": "consultation_deadline",
        "revidert-plan": "consultation_deadline",
    }


def test_the_consultation_period_comes_from_the_template(session, tmp_path: Path) -> None:
    variant = write(
        tmp_path / "atte-uker.yaml",
        "extends: default\nkey: atte-uker\ndefaults:\n  hearing_weeks: 8\n",
    )
    plan = make_plan(session, template=load_template(str(variant)))
    edition = plan.current_edition
    assert edition.hearing_weeks == 8
    due = {c.key: c.due_date for c in edition.phase("involvering").checkpoints}
    assert due["horingsoppsummering"] == due_date(consultation_deadline(due["horing-sendt"], 8), 18)


def test_a_plan_is_created_from_the_hkh_variant(engine, capsys) -> None:
    from planvakt.cli.app import main

    code = main(
        ["plan", "create", "--kommune", "3911", "--start", "2027-01-04", "--template", "hkh"]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    with session_scope(engine) as session:
        edition = plans.find_plan(session, "3911-faerder-2027").current_edition
        assert edition.template_key == "hkh"
        involvement = edition.phase("involvering")
        assert involvement.duration_days == 330
        keys = {c.key for c in involvement.checkpoints}
        assert {"hkh-innledende-konsultasjon", "hkh-rapport", "kartlegging-pst"} <= keys
        report = plans.find_checkpoint(plans.find_plan(session, "3911-faerder-2027"), "hkh-rapport")
        sending = plans.find_checkpoint(
            plans.find_plan(session, "3911-faerder-2027"), "horing-sendt"
        )
        assert report.due_date < sending.due_date
