"""A plan holding everything the public page and the calendar feeds must never show: staff
contact data, a notification URL, checkpoint evidence, measure comments and descriptions,
internal meeting notes and decision summaries (used by test_public and test_feeds)."""

from __future__ import annotations

from datetime import date

from planvakt.core.db import session_scope
from planvakt.exchange.measures import import_measures
from planvakt.services import plans, recipients, records, revision
from tests.factories import make_plan, measures_csv

CONTACT_NAME = "Kari Nordmann-Kontakt"
CONTACT_EMAIL = "kari.kontakt@faerder.kommune.no"
TARGET_URL = "json://127.0.0.1:9/hemmelig-varslingsadresse"
EVIDENCE = "BEVIS-intern-journalpost-77"
COMMENT = "KOMMENTAR-intern-vurdering"
DESCRIPTION = "BESKRIVELSE-intern-detalj"
MEETING_NOTE = "NOTAT-internt-formøte"
DECISION_SUMMARY = "VEDTAKSNOTAT-internt"
SECRETS = (
    CONTACT_NAME,
    CONTACT_EMAIL,
    TARGET_URL,
    "hemmelig-varslingsadresse",
    EVIDENCE,
    COMMENT,
    DESCRIPTION,
    MEETING_NOTE,
    DECISION_SUMMARY,
)
TODAY = date(2026, 11, 2)

# Focus area «Kunnskap» has 3 measures, «Samarbeid» 5, «Oppvekst» 1.
MEASURES = [
    {"id": "1.1", "innsatsområde": "Kunnskap", "tiltak": "Kurs for lærere",
     "ansvarlig_enhet": "grunnskole", "frist": "30.06.2027", "beskrivelse": DESCRIPTION},
    {"id": "1.2", "innsatsområde": "Kunnskap", "tiltak": "Foreldremøter om nettvett",
     "ansvarlig_enhet": "grunnskole", "frist": "30.09.2027", "status": "fullført"},
    {"id": "1.3", "innsatsområde": "Kunnskap", "tiltak": "Temadag for ansatte",
     "ansvarlig_enhet": "helsestasjon", "frist": "31.10.2027"},
    *[
        {"id": f"2.{i}", "innsatsområde": "Samarbeid", "tiltak": f"Samarbeidstiltak {i}",
         "ansvarlig_enhet": "barnevern", "frist": "31.12.2027"}
        for i in range(1, 6)
    ],
    {"id": "3.1", "innsatsområde": "Oppvekst", "tiltak": "Fritidstilbud",
     "ansvarlig_enhet": "kultur-fritid", "frist": "31.12.2028"},
]  # fmt: skip


def plan_with_secrets(engine, *, adopted: bool = True, slug: str = "3911-offentlig-2027") -> str:
    """Create the plan; returns its slug."""
    with session_scope(engine) as session:
        plan = make_plan(session, slug=slug, start=date(2026, 1, 5))
        import_measures(session, plan, measures_csv(MEASURES), "tiltak.csv")
        plan = plans.find_plan(session, slug)
        plans.complete_checkpoint(
            session, plan, "behovsvurdering", on=TODAY, today=TODAY, evidence=EVIDENCE
        )
        plans.report_measure(
            session, plan, "1.1", on=TODAY, today=TODAY, progress=30, comment=COMMENT
        )
        school = plans.find_measure(plan, "1.1").owner
        contact = recipients.add_contact(
            session, school, role="rektor", name=CONTACT_NAME, email=CONTACT_EMAIL
        )
        recipients.add_target(session, TARGET_URL, contact=contact)
        records.add_meeting(session, plan, body="Kommunestyret", meeting_date=date(2027, 3, 4),
                            note=MEETING_NOTE)  # fmt: skip
        if adopted:
            revision.record_adoption(
                session,
                plan,
                body="Kommunestyret",
                decided_on=date(2026, 10, 15),
                case_number="2026/88",
                period_start=date(2027, 1, 1),
                period_end=date(2030, 12, 31),
                summary=DECISION_SUMMARY,
            )
    return slug
