"""A fixed plan on a fixed date for document tests (golden files), in bokmål, nynorsk or
English: the same plan each time, with the user's own texts (measures, decisions) written
in the plan's language as a municipality of that language would write them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from models import Consultation, DecisionKind, Plan, PoliticalMeeting
from planvakt.exchange import measures as measures_csv
from planvakt.services import plans, recipients, records
from tests.factories import finish_checkpoint, make_plan, write
from tests.factories import measures_csv as csv_text

TODAY = date(2027, 4, 15)
HOSTILE_TITLE = "<script>alert(1)</script> {{ 7*7 }} & «sitat»"
SECRET = "superhemmelig-passord-123"


@dataclass(frozen=True)
class UserTexts:
    """What the municipality itself writes into the plan, in one language."""

    municipality: str
    areas: tuple[str, str, str, str]
    measures: tuple[str, str, str, str]  # 1.1, 2.1, 3.1, 4.1 (1.2 is hostile text)
    comment: str
    evidence: str
    body: str
    decision: str
    consultation_body: str


USER_TEXTS = {
    "nb": UserTexts(
        "3911",
        (
            "Kunnskap og kompetanse",
            "Samarbeid og samordning",
            "Forebygge og reintegrere",
            "Forebygge via internett",
        ),
        ("Kurs for lærere", "Rutine for bekymring", "Oppsøkende arbeid", "Digital dømmekraft"),
        "God framdrift",
        "Sak 2027/14",
        "formannskapet",
        "Mandat for arbeidet vedtatt",
        "Ungdomsrådet",
    ),
    "nn": UserTexts(
        "4640",
        (
            "Kunnskap og kompetanse",
            "Samarbeid og samordning",
            "Førebygging og reintegrering",
            "Førebygging på internett",
        ),
        (
            "Kurs for lærarar",
            "Rutine for bekymringsmeldingar",
            "Oppsøkjande arbeid",
            "Digital dømmekraft",
        ),
        "God framdrift",
        "Sak 2027/14",
        "formannskapet",
        "Mandat for arbeidet vedteke",
        "Ungdomsrådet",
    ),
    "en": UserTexts(
        "3911",
        ("Knowledge and skills", "Cooperation", "Prevention and reintegration", "Online"),
        ("Course for teachers", "Routine for concerns", "Outreach work", "Digital judgement"),
        "Good progress",
        "Case 2027/14",
        "executive committee",
        "Mandate for the work adopted",
        "Youth council",
    ),
}


def fixed_plan(session: Session, tmp_path: Path, language: str = "nb") -> Plan:
    """Færder (Sogndal in nynorsk), started 4 Jan 2027: initiation done in March,
    involvement running; its language is ``language``."""
    words = USER_TEXTS[language]
    plan = make_plan(
        session,
        municipality_numbers=[words.municipality],
        start=date(2027, 1, 4),
        language=language,
    )
    records.add_decision(  # the mandate: completes the political start decision
        session,
        plan,
        body=words.body,
        decided_on=date(2027, 2, 10),
        kind=DecisionKind.MANDATE,
        case_number="2027/14",
        summary=words.decision,
    )
    for cp in plan.current_edition.phases[0].checkpoints:
        if cp.required and cp.done_on is None:
            plans.complete_checkpoint(
                session,
                plan,
                f"initiering/{cp.key}",
                on=date(2027, 3, 10),
                today=TODAY,
                evidence=words.evidence,
            )
    rows = [
        {
            "id": "1.1",
            "innsatsområde": words.areas[0],
            "tiltak": words.measures[0],
            "ansvarlig_enhet": "grunnskole",
            "start": "04.01.2027",
            "frist": "30.06.2027",
            "status": "pågår",
            "fremdrift": "40",
        },
        {
            "id": "1.2",
            "innsatsområde": words.areas[0],
            "tiltak": HOSTILE_TITLE,
            "ansvarlig_enhet": "nav",
            "start": "01.02.2027",
            "frist": "31.03.2027",
            "status": "pågår",
            "fremdrift": "20",
        },
        {
            "id": "2.1",
            "innsatsområde": words.areas[1],
            "tiltak": words.measures[1],
            "ansvarlig_enhet": "slt-koordinator",
            "start": "04.01.2027",
            "frist": "30.04.2027",
            "status": "planlagt",
            "fremdrift": "0",
        },
        {
            "id": "3.1",
            "innsatsområde": words.areas[2],
            "tiltak": words.measures[2],
            "ansvarlig_enhet": "utekontakt",
            "start": "04.01.2026",
            "frist": "31.12.2028",
            "status": "pågår",
            "fremdrift": "30",
        },
        {
            "id": "4.1",
            "innsatsområde": words.areas[3],
            "tiltak": words.measures[3],
            "ansvarlig_enhet": "grunnskole",
            "start": "04.01.2027",
            "frist": "20.03.2027",
            "status": "fullført",
            "fremdrift": "100",
        },
    ]
    measures_csv.import_measures_file(session, plan, write(tmp_path / "tiltak.csv", csv_text(rows)))
    plans.report_measure(
        session, plan, "1.1", on=date(2027, 4, 1), today=TODAY, progress=45, comment=words.comment
    )
    edition = plan.current_edition
    edition.consultations.append(
        Consultation(
            body=words.consultation_body, sent_on=date(2027, 4, 1), deadline=date(2027, 5, 13)
        )
    )
    edition.meetings.append(PoliticalMeeting(body=words.body, meeting_date=date(2027, 4, 28)))
    service = recipients.find_service(session, words.municipality, "slt-koordinator")
    recipients.add_target(session, f"json://bruker:{SECRET}@127.0.0.1:9/hook", service=service)
    session.flush()
    return plan


DIGEST_MEASURES = {
    "nb": (
        "Opplæring av førstelinjen i NAV og barnevernet",
        "Uttalelse fra eldrerådet om tiltakene",
    ),
    "nn": ("Opplæring av førstelina i NAV og barnevernet", "Fråsegn frå eldrerådet om tiltaka"),
    "en": (
        "Training for front-line staff in NAV and child welfare",
        "Statement from the council for the elderly on the measures",
    ),
}
REMINDER_DAY = date(2027, 3, 1)  # 14 days before measure 1.2's deadline
ESCALATION_DAY = date(2027, 5, 14)  # 30 days after measure 2.2's deadline


def digest_plan(session: Session, tmp_path: Path, language: str = "nb") -> Plan:
    """A plan whose measure 1.2 (child welfare) is due 15 March 2027 and whose measure 2.2
    (political secretariat) was due 14 April 2027: a reminder on :data:`REMINDER_DAY`, an
    escalation to the chief executive on :data:`ESCALATION_DAY`."""
    words = USER_TEXTS[language]
    plan = make_plan(
        session,
        municipality_numbers=[words.municipality],
        start=date(2027, 1, 4),
        language=language,
    )
    for cp in plan.current_edition.phases[0].checkpoints:
        if cp.required:
            finish_checkpoint(
                session,
                plan,
                "initiering",
                cp,
                on=date(2027, 2, 26),
                today=date(2027, 2, 26),
                evidence=words.evidence,
            )
    first, second = DIGEST_MEASURES[language]
    rows = [
        {
            "id": "1.2",
            "innsatsområde": words.areas[0],
            "tiltak": first,
            "ansvarlig_enhet": "barnevern",
            "start": "04.01.2027",
            "frist": "15.03.2027",
            "status": "pågår",
            "fremdrift": "20",
        },
        {
            "id": "2.2",
            "innsatsområde": words.areas[1],
            "tiltak": second,
            "ansvarlig_enhet": "politisk-sekretariat",
            "start": "04.01.2027",
            "frist": "14.04.2027",
            "status": "planlagt",
            "fremdrift": "0",
        },
    ]
    measures_csv.import_measures_file(session, plan, write(tmp_path / "tiltak.csv", csv_text(rows)))
    session.flush()
    return plan
