"""Responsible units a sheet names that the directory does not know: created once as new,
unconfirmed units of the lead municipality, read through the coordinator's aliases, and
reminded through the outbox, where a unit without an address is recorded as undeliverable."""

from datetime import date

from sqlalchemy import func, select

from models import (
    Digest,
    Notice,
    NotificationTarget,
    OutboxEntry,
    OutboxStatus,
    Service,
    ServiceAlias,
)
from models.reminders import NoticeKind
from planvakt.core.db import session_scope
from planvakt.exchange import measures as sheets
from planvakt.exchange.units import normal_name
from planvakt.services.plans import find_plan
from planvakt.services.sweep import DirectSteps, run_sweep
from tests.factories import make_plan, row_counts, sheet_csv, status_report_markdown

SLUG = "3911-faerder-2027"
HEADER = ["Nr", "Innsatsområde", "Tiltak", "Ansvarlig", "Frist", "Status"]


def _sheet(*owners: str, deadline: str = "30.06.2027") -> bytes:
    rows = [
        [f"T{i}", "Samarbeid", f"Tiltak {i}", owner, deadline, "Under arbeid"]
        for i, owner in enumerate(owners, start=1)
    ]
    return sheet_csv([HEADER, *rows]).encode()


NEW_UNITS = ["Enhet for oppvekst", "Ungdomsrådet"]  # «Kommunedirektør» is kommunedirektor
SHEET = _sheet(
    "Kommunedirektør", "Enhet for oppvekst", "Politirådet", "enhet for  OPPVEKST", "Ungdomsrådet"
)


def _services(session) -> dict[str, Service]:
    return {
        s.key: s
        for s in session.scalars(select(Service).where(Service.municipality_number == "3911"))
    }


def test_unknown_units_are_created_once_as_unconfirmed_units_of_the_lead(engine) -> None:
    with session_scope(engine) as session:
        plan = make_plan(session)
        known = set(_services(session))
        report = sheets.import_measures(session, plan, SHEET, "tiltak.csv")
        assert report.new_units == NEW_UNITS
        created = {k: s for k, s in _services(session).items() if k not in known}
        assert sorted((s.key, s.name, s.unconfirmed) for s in created.values()) == [
            ("enhet-for-oppvekst", "Enhet for oppvekst", True),
            ("ungdomsradet", "Ungdomsrådet", True),
        ]
        ids = [s.id for s in created.values()]
        targets = select(func.count()).where(NotificationTarget.service_id.in_(ids))
        assert session.scalar(targets) == 0
        owners = {m.ref: m.owner.key for m in plan.current_edition.measures}
        assert owners == {
            "T1": "kommunedirektor",  # the plan's service, by its key (ø as o)
            "T2": "enhet-for-oppvekst",
            "T3": "politirad",  # a service the plan has, by its name
            "T4": "enhet-for-oppvekst",
            "T5": "ungdomsradet",
        }
        text = status_report_markdown(session, SLUG, date(2027, 3, 1))
    assert "| T2 | Tiltak 2 | Enhet for oppvekst | 30.06.2027 | pågår |" in text
    assert "| T5 | Tiltak 5 | Ungdomsrådet | 30.06.2027 | pågår |" in text


def test_a_second_import_creates_no_units(engine) -> None:
    with session_scope(engine) as session:
        sheets.import_measures(session, make_plan(session), SHEET, "tiltak.csv")
    before = row_counts(engine)
    with session_scope(engine) as session:
        report = sheets.import_measures(session, find_plan(session, SLUG), SHEET, "tiltak.csv")
        assert report.new_units == []
        assert {r.action for r in report.rows} == {"unchanged"}
    assert row_counts(engine) == before


def test_preview_names_the_new_units_and_creates_nothing(engine) -> None:
    with session_scope(engine) as session:
        make_plan(session)
    before = row_counts(engine)
    with session_scope(engine) as session:
        report = sheets.preview_measures(session, find_plan(session, SLUG), SHEET, "tiltak.csv")
    assert report.new_units == NEW_UNITS
    assert [r.action for r in report.rows] == ["new"] * 5
    assert row_counts(engine) == before


def test_an_alias_maps_a_name_to_an_existing_service(engine) -> None:
    with session_scope(engine) as session:
        plan = make_plan(session)
        school = _services(session)["grunnskole"]
        session.add(
            ServiceAlias(
                municipality_number="3911",
                alias=normal_name("Oppvekstsjefen"),
                written="Oppvekstsjefen",
                service_id=school.id,
            )
        )
        session.flush()
        report = sheets.import_measures(session, plan, _sheet(" OPPVEKSTSJEFEN "), "tiltak.csv")
        assert report.new_units == []
        [measure] = plan.current_edition.measures
        assert measure.owner_service_id == school.id


def test_a_reminder_to_a_new_unit_is_recorded_as_undeliverable(engine) -> None:
    with session_scope(engine) as session:
        plan = make_plan(session, start=date(2027, 1, 4))
        sheets.import_measures(
            session, plan, _sheet("Enhet for oppvekst", deadline="13.01.2027"), "tiltak.csv"
        )
        unit = _services(session)["enhet-for-oppvekst"]
        recipient = f"service:{unit.id}"
    run_sweep(DirectSteps(), date(2027, 1, 20))  # a Wednesday, seven days after the deadline
    with session_scope(engine) as session:
        notices = session.scalars(select(Notice).where(Notice.recipient == recipient)).all()
        # overdue to the owner, and escalated to its leader: the unit itself, having none
        assert sorted((n.kind, n.title, n.days_late) for n in notices) == [
            (NoticeKind.ESCALATION, "Tiltak T1: Tiltak 1", 7),
            (NoticeKind.OVERDUE, "Tiltak T1: Tiltak 1", 7),
        ]
        [digest_id] = {n.digest_id for n in notices}
        digest = session.get(Digest, digest_id)
        assert digest is not None and digest.recipient == recipient
        [entry] = session.scalars(select(OutboxEntry).where(OutboxEntry.digest_id == digest.id))
        assert (entry.status, entry.target_id, entry.last_error) == (
            OutboxStatus.UNDELIVERABLE,
            None,
            "ingen varslingsadresse registrert for Enhet for oppvekst",
        )
