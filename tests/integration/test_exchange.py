"""Whole-plan export/import: lossless round trip from a file, text or bytes, and every kind
of bad input refused with its own code, location and clear error while the database stays
as it was."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from models import Consultation, DecisionKind, InvolvementRecord
from planvakt.core.db import session_scope
from planvakt.core.errors import ConflictError, ImportErrors, PlanvaktError, ValidationError
from planvakt.exchange import measures as measures_csv
from planvakt.exchange import plan_export, plan_import
from planvakt.services import plans, records
from tests.factories import VALID_FNR, advance_to, make_plan, row_counts, write
from tests.factories import measures_csv as csv_text

TODAY = date(2027, 6, 1)


def _rich_plan(session, tmp_path: Path):
    plan = make_plan(session, municipality_numbers=["3911", "3905"])
    records.add_decision(  # completes the mandate's checkpoint
        session,
        plan,
        body="formannskapet",
        decided_on=date(2027, 2, 10),
        kind=DecisionKind.MANDATE,
        case_number="2027/14",
        summary="Mandat vedtatt",
    )
    for cp in plan.current_edition.phases[0].checkpoints:
        if cp.required and cp.done_on is None:
            plans.complete_checkpoint(
                session, plan, cp.key, on=date(2027, 3, 1), today=TODAY, evidence="Sak 2027/7"
            )
    rows = [
        {
            "id": "1.1",
            "innsatsområde": "Kunnskap",
            "tiltak": "Kurs for lærere",
            "ansvarlig_enhet": "grunnskole",
            "start": "01.02.2027",
            "frist": "30.06.2027",
            "status": "pågår",
            "fremdrift": "40",
        },
        {
            "id": "1.2",
            "innsatsområde": "Samarbeid",
            "tiltak": "Rutine «bekymring» & politi",
            "beskrivelse": "Linje 1",
            "ansvarlig_enhet": "SLT-koordinator",
            "frist": "2027-12-31",
        },
    ]
    measures_csv.import_measures(session, plan, csv_text(rows), "t.csv")
    plans.report_measure(
        session,
        plan,
        "1.1",
        on=date(2027, 5, 2),
        today=TODAY,
        progress=55,
        comment="God framdrift",
        reported_by="enhetsleder skole",
    )
    plan.reminder_policy = {"days_before": [21, 7], "escalate_leader_days": 5}
    edition = plan.current_edition
    edition.involvements.append(
        InvolvementRecord(
            held_on=date(2027, 4, 9),
            kind="dialogmøte",
            participants="ungdomsrådet, skole, politiet",
            summary="Over 80 deltakere",
        )
    )
    edition.consultations.append(
        Consultation(body="Ungdomsrådet", sent_on=date(2027, 8, 1), deadline=date(2027, 9, 12))
    )
    from models import PoliticalMeeting

    edition.meetings.append(
        PoliticalMeeting(body="formannskapet", meeting_date=date(2027, 9, 1), note="Orientering")
    )
    session.flush()
    return plan


def _import(session, tmp_path: Path, text: str, name: str, given_as: str):
    """Import one document given as a file, as text or as bytes (an upload)."""
    if given_as == "file":
        return plan_import.import_plan_file(session, write(tmp_path / name, text))
    data = text.encode("utf-8") if given_as == "bytes" else text
    return plan_import.import_plan(session, data, name)


@pytest.mark.parametrize("given_as", ["file", "text", "bytes"])
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_import_export_is_byte_identical(
    engine, tmp_path: Path, fmt: str, given_as: str
) -> None:
    with session_scope(engine) as session:
        first = plan_export.dump(plan_export.export_plan(_rich_plan(session, tmp_path)), fmt)
    with session_scope(engine) as session:
        session.delete(plans.find_plan(session, "3911-faerder-og-tonsberg-2027"))
    with session_scope(engine) as session:
        _import(session, tmp_path, first, f"plan.{fmt}", given_as)
    with session_scope(engine) as session:
        second = plan_export.dump(
            plan_export.export_plan(plans.find_plan(session, "3911-faerder-og-tonsberg-2027")), fmt
        )
    assert second == first
    assert "Rutine «bekymring» & politi" in first and "3905" in first


def test_json_upload_without_a_file_name_is_read_with_an_explicit_format(engine) -> None:
    with session_scope(engine) as session:
        text = plan_export.dump(plan_export.export_plan(make_plan(session)), "json")
        session.delete(plans.find_plan(session, "3911-faerder-2027"))
    with session_scope(engine) as session:
        plan = plan_import.import_plan(session, text.encode("utf-8"), "opplasting", fmt="json")
        assert plan.slug == "3911-faerder-2027"


def test_import_of_an_existing_plan_is_refused(engine, tmp_path: Path) -> None:
    with session_scope(engine) as session:
        path = write(
            tmp_path / "p.yaml",
            plan_export.dump(plan_export.export_plan(make_plan(session)), "yaml"),
        )
    before = row_counts(engine)
    with pytest.raises(ConflictError) as err, session_scope(engine) as session:
        plan_import.import_plan_file(session, path)
    assert err.value.code == "import.plan_exists"
    assert err.value.params == {"slug": "3911-faerder-2027"}
    assert row_counts(engine) == before


def _measure(d):
    return d["editions"][0]["measures"][0]


def _swap_phases(d):
    phases = d["editions"][0]["phases"]
    phases[1], phases[2] = phases[2], phases[1]


def _duplicate_measure(d):
    d["editions"][0]["measures"].append(dict(_measure(d)))


M0 = "editions.0.measures.0"

# case: (change, code, field path of the error, words of the message)
BAD_DOCUMENTS = {
    "unknown kommunenummer": (
        lambda d: d["plan"]["municipalities"].append("9999"),
        "import.municipality_unknown",
        "plan.municipalities.2",
        r"felt 'plan.municipalities.2'.*ukjent kommunenummer '9999'",
    ),
    "unknown service": (
        lambda d: _measure(d).update(owner="brannvesen"),
        "import.service_unknown",
        f"{M0}.owner",
        rf"felt '{M0}.owner'.*ukjent tjeneste 'brannvesen'",
    ),
    "deadline before start": (
        lambda d: _measure(d).update(start_date="2027-06-01", deadline="2027-05-01"),
        "measure.deadline_before_start",
        M0,
        "fristen 01.05.2027 er før start 01.06.2027",
    ),
    "duplicate measure id": (
        _duplicate_measure,
        "import.measure_ref_repeated",
        "editions.0.measures.0.ref",
        r"tiltaks-id '1.1' står flere ganger",
    ),
    "phase order broken": (
        _swap_phases,
        "template.phase_order",
        "editions.0",
        "fasene må være de seks i denne rekkefølgen",
    ),
    "fødselsnummer in a description": (
        lambda d: _measure(d).update(description=f"Gjelder {VALID_FNR}"),
        "privacy.national_id",
        f"{M0}.description",
        "fødselsnummer eller D-nummer",
    ),
    "wrong date format": (
        lambda d: _measure(d).update(deadline="31/12/2027"),
        "field.date_from_datetime_parsing",
        f"{M0}.deadline",
        rf"felt '{M0}.deadline'.*ugyldig dato",
    ),
    "empty title": (
        lambda d: _measure(d).update(title="  "),
        "field.string_too_short",
        f"{M0}.title",
        rf"felt '{M0}.title'.*kan ikke være tom",
    ),
    "over-long text": (
        lambda d: _measure(d).update(title="x" * 201),
        "field.string_too_long",
        f"{M0}.title",
        rf"felt '{M0}.title'.*for lang \(maks 200",
    ),
    "unknown key": (
        lambda d: _measure(d).update(prioritet="høy"),
        "field.extra_forbidden",
        f"{M0}.prioritet",
        rf"felt '{M0}.prioritet'.*ukjent nøkkel",
    ),
    "wrong format version": (
        lambda d: d.update(format="planvakt-plan/9"),
        "field.literal_error",
        "format",
        "felt 'format'.*ugyldig verdi",
    ),
    "bad reminder policy": (
        lambda d: d["plan"].update(reminder_policy={"days_before": [7], "skrik": True}),
        "field.extra_forbidden",
        "plan.reminder_policy.skrik",
        r"felt 'plan.reminder_policy.skrik'.*ukjent nøkkel",
    ),
    "progress out of range": (
        lambda d: _measure(d).update(progress=140),
        "field.less_than_equal",
        f"{M0}.progress",
        rf"felt '{M0}.progress'.*høyst 100",
    ),
}


@pytest.mark.parametrize("case", list(BAD_DOCUMENTS))
def test_bad_plan_file_is_refused_and_nothing_is_stored(engine, tmp_path: Path, case: str) -> None:
    change, code, field, expected = BAD_DOCUMENTS[case]
    with session_scope(engine) as session:
        document = plan_export.export_plan(_rich_plan(session, tmp_path)).model_dump(mode="json")
    document["plan"]["slug"] = "ny-plan"
    change(document)
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    before = row_counts(engine)
    with pytest.raises(ImportErrors, match=expected) as err, session_scope(engine) as session:
        plan_import.import_plan(session, text.encode("utf-8"), "bad.yaml")
    assert "bad.yaml" in str(err.value)
    assert VALID_FNR not in str(err.value)
    assert row_counts(engine) == before
    found = [e for e in err.value.errors if e.code == code]
    assert found, [e.code for e in err.value.errors]
    location = found[0].location
    assert location is not None
    assert (location.source, location.field, location.row) == ("bad.yaml", field, None)
    assert isinstance(location.line, int)
    assert text.splitlines()[location.line - 1].strip(), "the line exists in the document"


def test_each_error_of_a_plan_file_has_its_own_line_and_field(engine, tmp_path: Path) -> None:
    with session_scope(engine) as session:
        document = plan_export.export_plan(_rich_plan(session, tmp_path)).model_dump(mode="json")
    document["plan"]["slug"] = "ny-plan"
    _measure(document).update(title="", progress=140)
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    with pytest.raises(ImportErrors) as err, session_scope(engine) as session:
        plan_import.import_plan(session, text, "bad.yaml")
    by_field = {e.location.field: e for e in err.value.errors if e.location}
    assert by_field[f"{M0}.title"].code == "field.string_too_short"
    progress = by_field[f"{M0}.progress"]
    assert (progress.code, progress.params) == ("field.less_than_equal", {"le": 100})
    assert text.splitlines()[progress.location.line - 1].strip() == "progress: 140"
    assert str(err.value).startswith("bad.yaml: 2 feil, ingenting ble lagret: linje ")


@pytest.mark.parametrize(
    ("content", "encoding", "code", "line", "expected"),
    [
        (
            "format: planvakt-plan/1\nplan: [unclosed\n",
            "utf-8",
            "file.yaml_invalid",
            3,
            r"bad.yaml, linje \d+: ugyldig YAML",
        ),
        (
            "format: planvakt-plan/1\nplan:\n  title: Blåtur\n",
            "latin-1",
            "file.not_utf8",
            3,
            "bad.yaml, linje 3: filen er ikke UTF-8",
        ),
        ("", "utf-8", "file.empty", None, "bad.yaml: filen er tom"),
    ],
)
@pytest.mark.parametrize("given_as", ["file", "bytes"])
def test_unreadable_plan_file_is_refused(
    engine,
    tmp_path: Path,
    content: str,
    encoding: str,
    code: str,
    line: int | None,
    expected: str,
    given_as: str,
) -> None:
    before = row_counts(engine)
    with pytest.raises(ValidationError, match=expected) as err, session_scope(engine) as session:
        if given_as == "file":
            plan_import.import_plan_file(session, write(tmp_path / "bad.yaml", content, encoding))
        else:
            plan_import.import_plan(session, content.encode(encoding), "bad.yaml")
    assert err.value.code == code
    assert err.value.location is not None and err.value.location.line == line
    assert row_counts(engine) == before


def test_missing_plan_file_is_refused(engine, tmp_path: Path) -> None:
    with (
        pytest.raises(ValidationError, match="filen finnes ikke") as err,
        session_scope(engine) as session,
    ):
        plan_import.import_plan_file(session, tmp_path / "borte.yaml")
    assert err.value.code == "file.not_found"
    assert err.value.location is not None
    assert err.value.location.source == str(tmp_path / "borte.yaml")


def test_malformed_json_names_the_line(engine, tmp_path: Path) -> None:
    path = write(tmp_path / "bad.json", '{\n  "format": "planvakt-plan/1",\n  "plan": {,\n}')
    with (
        pytest.raises(PlanvaktError, match=r"bad.json, linje 3: ugyldig JSON") as err,
        session_scope(engine) as session,
    ):
        plan_import.import_plan_file(session, path)
    assert err.value.code == "file.json_invalid"
    assert err.value.location is not None and err.value.location.line == 3


def test_export_never_contains_contacts(engine, tmp_path: Path) -> None:
    from models import Contact

    with session_scope(engine) as session:
        plan = make_plan(session)
        plan.coordinator.contacts.append(
            Contact(role="SLT-koordinator", name="Kari Nordmann", email="kari@example.no")
        )
        session.flush()
        text = plan_export.dump(plan_export.export_plan(plan), "yaml")
    assert "kari@example.no" not in text and "Kari Nordmann" not in text


def test_plan_in_a_yearly_revision_round_round_trips(engine, tmp_path: Path) -> None:
    from planvakt.services.revision import open_revision_round

    with session_scope(engine) as session:
        plan = make_plan(session, start=date(2025, 1, 6))
        plan.current_edition.hearing_weeks = 8
        advance_to(session, plan, "gjennomforing")  # the adoption recorded on the way
        assert plan.current_edition.period_end is not None
        assert open_revision_round(session, plan, date(2027, 1, 18)) is not None
        first = plan_export.dump(plan_export.export_plan(plan), "yaml")
    with session_scope(engine) as session:
        session.delete(plans.find_plan(session, "3911-faerder-2025"))
    with session_scope(engine) as session:
        plan_import.import_plan(session, first, "plan.yaml")
    with session_scope(engine) as session:
        imported = plans.find_plan(session, "3911-faerder-2025")
        assert plan_export.dump(plan_export.export_plan(imported), "yaml") == first
        edition = imported.current_edition
        assert {c.revision_round for c in edition.gate_checkpoints(edition.phase("revisjon"))} == {
            2027
        }
        # What a checkpoint is done by and dated from, and the consultation period.
        assert edition.hearing_weeks == 8
        kinds = {c.key: c.decision_kind for p in edition.phases for c in p.checkpoints}
        assert kinds["politisk-vedtak-oppstart"] == "mandate"
        assert kinds["vedtak-kommunestyre"] == "adoption"
        implementation = edition.phase("gjennomforing").checkpoints
        assert {c.yearly_on for c in implementation if c.key.startswith("tilskudd-")} == {
            "12-01",
            "04-01",
        }
        anchored = {c.key for p in edition.phases for c in p.checkpoints if c.anchor}
        assert anchored == {"horingsoppsummering", "revidert-plan"}
    assert "revision_round: 2027" in first
    for field in ("decision_kind: mandate", "yearly_on: 04-01", "anchor: consultation_deadline"):
        assert field in first
    assert "hearing_weeks: 8" in first
