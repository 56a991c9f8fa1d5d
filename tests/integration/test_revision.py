"""Adoption, the yearly revision round, and the next cycle."""

from datetime import date

import pytest

from models import PhaseStatus
from models.reminders import NoticeKind
from planvakt.core.errors import ConflictError, ValidationError
from planvakt.core.settings import get_settings
from planvakt.services import plans
from planvakt.services.batches import revision_batch
from planvakt.services.review import review_plan
from planvakt.services.revision import open_revision_round, record_adoption, start_next_edition
from tests.factories import advance_to, make_plan

START = date(2026, 1, 5)


def test_adoption_fixes_period_and_plans_the_implementation(session) -> None:
    plan = make_plan(session, start=START)
    record_adoption(
        session,
        plan,
        body="kommunestyret",
        decided_on=date(2027, 6, 17),
        case_number="2027/55",
        period_start=date(2027, 7, 1),
        period_end=date(2031, 6, 30),
    )
    edition = plan.current_edition
    implementation = edition.phase("gjennomforing")
    assert (edition.period_start, edition.period_end) == (date(2027, 7, 1), date(2031, 6, 30))
    assert implementation.duration_days == 1461
    assert edition.evaluation_due == date(2030, 7, 1)  # a year before the end (30 June is a Sunday)
    # the final «Evaluering og rullering» runs in the last twelve months, not after them
    revision = edition.phase("revisjon")
    assert (revision.planned_start, revision.planned_end) == (date(2030, 7, 1), date(2031, 6, 30))
    with pytest.raises(ConflictError):
        record_adoption(
            session,
            plan,
            body="kommunestyret",
            decided_on=date(2027, 6, 18),
            case_number="2027/56",
            period_start=date(2027, 7, 1),
            period_end=date(2031, 6, 30),
        )


def test_adoption_with_period_ending_before_it_starts_is_refused(session) -> None:
    plan = make_plan(session, start=START)
    with pytest.raises(ValidationError, match="planperioden"):
        record_adoption(
            session,
            plan,
            body="kommunestyret",
            decided_on=date(2027, 6, 17),
            case_number=None,
            period_start=date(2027, 7, 1),
            period_end=date(2027, 6, 1),
        )


def test_yearly_round_opens_beside_implementation_and_closes_back_into_it(session) -> None:
    plan = make_plan(session, start=START)
    advance_to(session, plan, "gjennomforing")
    edition = plan.current_edition
    day = date(2028, 1, 17)
    opened = open_revision_round(session, plan, day)
    assert opened is not None and opened.checkpoints == 5
    revision = edition.phase("revisjon")
    assert revision.status == PhaseStatus.ACTIVE and edition.current_phase.key == "revisjon"
    assert edition.phase("gjennomforing").status == PhaseStatus.ACTIVE
    round_cps = edition.gate_checkpoints(revision)
    assert {c.key for c in round_cps} == {
        f"{k}-2028"
        for k in (
            "arsstatus-tiltakseiere",
            "koordinator-evaluering",
            "tiltak-rullert",
            "arsrapport-politisk",
            "vedtak-rullering",
        )
    }
    assert min(c.due_date for c in round_cps) == date(2028, 2, 7)
    assert open_revision_round(session, plan, date(2028, 1, 18)) is None  # same year: nothing
    for cp in round_cps:
        changes = plans.complete_checkpoint(
            session, plan, f"revisjon/{cp.key}", on=date(2028, 3, 1), today=date(2028, 3, 1)
        )
    assert [(c.completed, c.opened) for c in changes] == [("revisjon", "gjennomforing")]
    assert edition.current_phase.key == "gjennomforing"
    assert open_revision_round(session, plan, date(2029, 1, 15)) is not None  # next year again


def test_revision_batch_asks_every_owner_of_an_unfinished_measure(session, tmp_path) -> None:
    from planvakt.exchange import measures as measures_csv
    from tests.factories import measures_csv as csv_text
    from tests.factories import write

    plan = make_plan(session, start=START)
    advance_to(session, plan, "gjennomforing")
    rows = [
        {"id": "1", "innsatsområde": "A", "tiltak": "Kurs", "ansvarlig_enhet": "grunnskole"},
        {
            "id": "2",
            "innsatsområde": "A",
            "tiltak": "Rutine",
            "ansvarlig_enhet": "nav",
            "status": "fullført",
        },
    ]
    measures_csv.import_measures_file(session, plan, write(tmp_path / "m.csv", csv_text(rows)))
    session.commit()
    result = revision_batch([plan.id], date(2028, 1, 17))
    assert result.revision_rounds == 1 and result.notices == 1
    again = revision_batch([plan.id], date(2028, 1, 18))
    assert again.revision_rounds == 0 and again.notices == 0


def test_final_revision_opens_the_next_cycle_with_unfinished_measures(session) -> None:
    plan = make_plan(session, start=START)
    advance_to(session, plan, "revisjon")
    edition = plan.current_edition
    assert edition.phase("gjennomforing").status == PhaseStatus.DONE
    for cp in edition.gate_checkpoints(edition.phase("revisjon")):
        plans.complete_checkpoint(
            session, plan, f"revisjon/{cp.key}", on=date(2030, 6, 1), today=date(2030, 6, 1)
        )
    assert edition.closed_on == date(2030, 6, 1)
    review_plan(session, plan, date(2030, 6, 2), get_settings())
    assert [e.number for e in plan.editions] == [1, 2]
    new = plan.current_edition
    assert new.current_phase.key == "initiering" and new.started_on == date(2030, 6, 1)
    with pytest.raises(ConflictError):
        start_next_edition(session, plan, date(2030, 6, 3))


def test_review_collects_measure_nudge_for_silent_owner(session, tmp_path) -> None:
    from planvakt.exchange import measures as measures_csv
    from tests.factories import measures_csv as csv_text
    from tests.factories import write

    plan = make_plan(session, start=START)
    rows = [
        {
            "id": "1",
            "innsatsområde": "A",
            "tiltak": "Kurs",
            "ansvarlig_enhet": "grunnskole",
            "start": "04.01.2027",
            "frist": "31.12.2029",
        }
    ]
    measures_csv.import_measures_file(session, plan, write(tmp_path / "m.csv", csv_text(rows)))
    review = review_plan(
        session, plan, date(2028, 1, 4), get_settings()
    )  # a year (365 days) silent
    kinds = [n.notice.kind for n in review.notices if n.notice.item.startswith("measure:")]
    assert kinds == [NoticeKind.NUDGE]
