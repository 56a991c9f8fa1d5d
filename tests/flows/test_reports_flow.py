"""The status report flow: reports when due, stored, and published as keyed artifacts."""

import json
from datetime import date

from prefect.artifacts import Artifact
from sqlalchemy import func, select

from flows.reports import ReportRun, status_report
from models import GeneratedDocument
from planvakt.core.db import session_scope
from tests.documents_fixture import fixed_plan


def test_status_reports_are_made_when_due_and_published_as_artifacts(engine, tmp_path) -> None:
    with session_scope(engine) as session:
        plan = fixed_plan(session, tmp_path)  # a formannskap meeting on 28 April 2027
        slug = plan.slug
    first = status_report(today=date(2027, 4, 1))
    assert first == ReportRun(plans=1, reports=[slug])
    markdown = Artifact.get(f"status-{slug}")
    assert markdown is not None and "# Statusrapport: Handlingsplan mot radikalisering" in str(
        markdown.data
    )
    table = Artifact.get(f"status-{slug}-tiltak")
    assert table is not None
    rows = json.loads(str(table.data))
    assert {  # headed in the plan's language (Færder writes bokmål)
        "Nr": "1.1",
        "Tiltak": "Kurs for lærere",
        "Ansvarlig": "Grunnskole",
        "Frist": "2027-06-30",
        "Status": "pågår",
        "Fremdrift": 45,
        "Trafikklys": "På sporet",
    } in rows
    assert status_report(today=date(2027, 4, 5)).reports == []  # already made this month
    assert status_report(today=date(2027, 4, 15)).reports == [slug]  # 13 days before the meeting
    assert status_report(today=date(2027, 4, 16)).reports == []
    assert status_report(today=date(2027, 5, 3)).reports == [slug]  # a new month
    with session_scope(engine) as session:
        assert (
            session.scalar(select(func.count()).select_from(GeneratedDocument)) == 9
        )  # 3 reports × 3 formats
