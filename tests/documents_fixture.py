"""A fixed plan on a fixed date for document tests (golden files)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from models import Consultation, DecisionKind, Plan, PoliticalDecision, PoliticalMeeting
from planvakt.exchange import measures as measures_csv
from planvakt.services import plans, recipients
from tests.factories import make_plan, write
from tests.factories import measures_csv as csv_text

TODAY = date(2027, 4, 15)
HOSTILE_TITLE = "<script>alert(1)</script> {{ 7*7 }} & «sitat»"
SECRET = "superhemmelig-passord-123"


def fixed_plan(session: Session, tmp_path: Path) -> Plan:
    """Færder, started 4 Jan 2027: initiation done in March, involvement running."""
    plan = make_plan(session, start=date(2027, 1, 4))
    for cp in plan.current_edition.phases[0].checkpoints:
        if cp.required:
            plans.complete_checkpoint(
                session,
                plan,
                f"initiering/{cp.key}",
                on=date(2027, 3, 10),
                today=TODAY,
                evidence="Sak 2027/14",
            )
    rows = [
        {
            "id": "1.1",
            "innsatsområde": "Kunnskap og kompetanse",
            "tiltak": "Kurs for lærere",
            "ansvarlig_enhet": "grunnskole",
            "start": "04.01.2027",
            "frist": "30.06.2027",
            "status": "pågår",
            "fremdrift": "40",
        },
        {
            "id": "1.2",
            "innsatsområde": "Kunnskap og kompetanse",
            "tiltak": HOSTILE_TITLE,
            "ansvarlig_enhet": "nav",
            "start": "01.02.2027",
            "frist": "31.03.2027",
            "status": "pågår",
            "fremdrift": "20",
        },
        {
            "id": "2.1",
            "innsatsområde": "Samarbeid og samordning",
            "tiltak": "Rutine for bekymring",
            "ansvarlig_enhet": "slt-koordinator",
            "start": "04.01.2027",
            "frist": "30.04.2027",
            "status": "planlagt",
            "fremdrift": "0",
        },
        {
            "id": "3.1",
            "innsatsområde": "Forebygge og reintegrere",
            "tiltak": "Oppsøkende arbeid",
            "ansvarlig_enhet": "utekontakt",
            "start": "04.01.2026",
            "frist": "31.12.2028",
            "status": "pågår",
            "fremdrift": "30",
        },
        {
            "id": "4.1",
            "innsatsområde": "Forebygge via internett",
            "tiltak": "Digital dømmekraft",
            "ansvarlig_enhet": "grunnskole",
            "start": "04.01.2027",
            "frist": "20.03.2027",
            "status": "fullført",
            "fremdrift": "100",
        },
    ]
    measures_csv.import_measures_file(session, plan, write(tmp_path / "tiltak.csv", csv_text(rows)))
    plans.report_measure(
        session, plan, "1.1", on=date(2027, 4, 1), today=TODAY, progress=45, comment="God framdrift"
    )
    edition = plan.current_edition
    edition.decisions.append(
        PoliticalDecision(
            body="formannskapet",
            decided_on=date(2027, 2, 10),
            case_number="2027/14",
            kind=DecisionKind.MANDATE.value,
            summary="Mandat for arbeidet vedtatt",
        )
    )
    edition.consultations.append(
        Consultation(body="Ungdomsrådet", sent_on=date(2027, 4, 1), deadline=date(2027, 5, 13))
    )
    edition.meetings.append(PoliticalMeeting(body="formannskapet", meeting_date=date(2027, 4, 28)))
    service = recipients.find_service(session, "3911", "slt-koordinator")
    recipients.add_target(session, f"json://bruker:{SECRET}@127.0.0.1:9/hook", service=service)
    session.flush()
    return plan
