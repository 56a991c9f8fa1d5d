"""Languages in the data: the municipalities' målform, a plan's language, and texts kept per
language (phase names, checkpoint titles, actor names) through migrations and plan files."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from alembic import command
from sqlalchemy import Engine, select

from models import Actor, AuditEntry, Municipality, Service
from planvakt.cli.app import main
from planvakt.core.db import session_scope
from planvakt.core.errors import ValidationError
from planvakt.core.migrate import alembic_config, upgrade
from planvakt.core.resources import DATA_DIR
from planvakt.exchange import plan_export, plan_import
from planvakt.services import directory, plans
from planvakt.services.review import review_plan
from planvakt.services.revision import open_revision_round
from tests.conftest import new_database
from tests.factories import advance_to, finish_checkpoint, make_plan, write

UNCONFIRMED = "planvakt-estimat, ikke kontrollert mot Språkrådets liste 10.12.2021 [verify]"


@pytest.fixture
def malform_restored(engine: Engine) -> Iterator[None]:
    """The directory outlives a test: put back the målform of every municipality."""
    with session_scope(engine) as session:
        saved = {
            m.number: (m.malform, m.malform_source, m.malform_confirmed)
            for m in session.scalars(select(Municipality))
        }
    yield
    with session_scope(engine) as session:
        for m in session.scalars(select(Municipality)):
            m.malform, m.malform_source, m.malform_confirmed = saved[m.number]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- målform ------------------------------------------------------------------------------


def test_shipped_malform_covers_every_municipality_once_and_is_unconfirmed() -> None:
    with (DATA_DIR / "kommuner.csv").open(encoding="utf-8-sig") as handle:
        numbers = [row["kommunenummer"] for row in csv.DictReader(handle)]
    with (DATA_DIR / "malform.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["kommunenummer"] for r in rows] == numbers
    assert len(numbers) == 357
    assert {r["malform"] for r in rows} == {"bokmal", "nynorsk", "noytral"}
    assert all(r["confirmed"] == "false" and r["source"] == UNCONFIRMED for r in rows)


@pytest.mark.parametrize(
    ("number", "malform"), [("4640", "nynorsk"), ("1577", "nynorsk"), ("3911", "bokmal")]
)
def test_directory_loads_the_malform_with_its_source(session, number: str, malform: str) -> None:
    municipality = directory.get_municipality(session, number)
    assert municipality.malform == malform
    assert municipality.malform_source == UNCONFIRMED
    assert not municipality.malform_confirmed


def test_kommune_show_prints_the_malform_and_that_it_is_unconfirmed(engine, capsys) -> None:
    code, out, err = run(capsys, "kommune", "show", "4640")
    assert code == 0, err
    line = next(x for x in out.splitlines() if x.startswith("målform"))
    assert line == f"målform: nynorsk (kilde: {UNCONFIRMED}) [verify: ikke bekreftet]"


def test_operator_sets_the_malform_and_a_reload_keeps_it(engine, capsys, malform_restored) -> None:
    code, out, err = run(capsys, "kommune", "set", "3911", "--malform", "nynorsk")
    assert code == 0, err
    assert "3911 Færder: målform: nynorsk (kilde: satt av operatør " in out
    with session_scope(engine) as session:
        directory.load_directory(session)
    with session_scope(engine) as session:
        faerder = directory.get_municipality(session, "3911")
        assert (faerder.malform, faerder.malform_confirmed) == ("nynorsk", True)
        assert faerder.malform_source.startswith("satt av operatør ")
        audited = session.scalars(
            select(AuditEntry.field).where(
                AuditEntry.entity == "municipality", AuditEntry.entity_id == "3911"
            )
        ).all()
        assert {"malform", "malform_source", "malform_confirmed"} <= set(audited)
    code, out, _ = run(capsys, "kommune", "show", "3911")
    assert "målform: nynorsk (kilde: satt av operatør" in out
    assert "[verify: ikke bekreftet]" not in out.split("målform")[1]


def test_set_malform_with_a_source_and_an_unknown_value(malform_restored, session) -> None:
    sogndal = directory.get_municipality(session, "4640")
    directory.set_malform(
        session, sogndal, "nøytral", source="Språkrådet 10.12.2021", today=date(2027, 1, 4)
    )
    assert (sogndal.malform, sogndal.malform_source) == ("noytral", "Språkrådet 10.12.2021")
    with pytest.raises(ValidationError) as err:
        directory.set_malform(session, sogndal, "riksmål", today=date(2027, 1, 4))
    assert err.value.code == "municipality.malform_unknown"


def test_malform_file_with_an_unknown_value_is_refused(session, tmp_path: Path) -> None:
    for name in ("actors.csv", "regions.yaml", "kommuner.csv"):
        (tmp_path / name).write_bytes((DATA_DIR / name).read_bytes())
    write(
        tmp_path / "malform.csv", "kommunenummer,malform,source,confirmed\n0301,riksmål,x,false\n"
    )
    with pytest.raises(ValidationError) as err:
        directory.load_directory(session, tmp_path)
    assert err.value.code == "municipality.malform_unknown"
    assert err.value.location is not None and err.value.location.row == 2


# --- a plan's language --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numbers", "language", "expected"),
    [
        (["4640"], None, "nn"),  # Sogndal writes nynorsk
        (["3911"], None, "nb"),  # Færder writes bokmål
        (["0301"], None, "nb"),  # nøytral → bokmål
        (["3911", "4640"], None, "nb"),  # a joint plan follows its lead …
        (["4640", "3911"], None, "nn"),
        (["3911", "4640"], "nn", "nn"),  # … unless it chooses
        (["4640"], "en", "en"),
    ],
)
def test_plan_language_defaults_from_the_lead_municipality(
    session, numbers: list[str], language: str | None, expected: str
) -> None:
    plan = make_plan(session, municipality_numbers=numbers, language=language)
    assert plan.language == expected


def test_a_nynorsk_plan_is_created_with_nynorsk_texts(session) -> None:
    plan = make_plan(session, municipality_numbers=["4640"])
    edition = plan.current_edition
    assert plan.title == "Handlingsplan mot radikalisering og valdeleg ekstremisme – Sogndal"
    assert edition.phase("revisjon").name(plan.language) == "Evaluering og rullering"
    services = {
        s.key: s.name
        for s in session.scalars(select(Service).where(Service.municipality_number == "4640"))
    }
    assert services["grunnskole"] == "Grunnskule"
    assert services["barnevern"] == "Barnevernstenesta"
    titles = {c.key: c for p in edition.phases for c in p.checkpoints}
    assert titles["padriver-utpekt"].title("nn") == "Pådrivar/koordinator peika ut"
    assert titles["padriver-utpekt"].title("nb") == "Pådriver/koordinator utpekt"
    assert titles["padriver-utpekt"].title("en") == "Driver/coordinator appointed"


def test_joint_plan_title_joins_the_names_in_its_language(session) -> None:
    plan = make_plan(session, municipality_numbers=["3911", "3905", "3907"], language="en")
    assert plan.title.endswith("– Færder, Tønsberg and Sandefjord")
    assert plan.slug == "3911-faerder-og-tonsberg-og-sandefjord-2027"


def test_plan_create_language_option_and_plan_language_command(engine, capsys) -> None:
    code, out, err = run(
        capsys, "plan", "create", "--kommune", "3911", "--kommune", "4640", "--start",
        "2027-01-04", "--language", "nn",
    )  # fmt: skip
    assert code == 0, err
    with session_scope(engine) as session:
        assert plans.find_plan(session, "3911-faerder-og-sogndal-2027").language == "nn"
    code, out, err = run(capsys, "plan", "language", "3911-faerder-og-sogndal-2027", "en")
    assert (code, out.strip()) == (0, "planen 3911-faerder-og-sogndal-2027 er nå på engelsk")
    code, out, _ = run(capsys, "plan", "language", "3911-faerder-og-sogndal-2027", "en")
    assert out.strip() == "planen 3911-faerder-og-sogndal-2027 er allerede på engelsk"
    code, _, err = run(capsys, "plan", "language", "3911-faerder-og-sogndal-2027", "de")
    assert code == 2 and "de" in err


def test_changing_a_plans_language_is_audited(session) -> None:
    plan = make_plan(session)
    assert plans.set_plan_language(session, plan, "nynorsk") is True
    assert plan.language == "nn"
    assert plans.set_plan_language(session, plan, "nn") is False
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "plan", AuditEntry.field == "language")
    ).all()
    assert [(e.old_value, e.new_value, e.plan_id) for e in entries] == [("nb", "nn", plan.id)]
    with pytest.raises(ValidationError) as err:
        plans.set_plan_language(session, plan, "sv")
    assert err.value.code == "plan.language_unknown"


def test_reminder_titles_are_in_the_plans_language(session) -> None:
    from planvakt.core.settings import get_settings

    plan = make_plan(session, municipality_numbers=["4640"])
    first = plan.current_edition.phases[0]
    due = min(c.due_date for c in first.checkpoints)
    review = review_plan(session, plan, due, get_settings())
    titles = {n.notice.title for n in review.notices}
    assert "Behovsvurdering gjennomført" in titles
    plans.set_plan_language(session, plan, "en")
    review = review_plan(session, plan, due, get_settings())
    assert "Needs assessment done" in {n.notice.title for n in review.notices}


def test_phase_change_is_described_in_the_language_asked_for(session) -> None:
    plan = make_plan(session, municipality_numbers=["4640"])
    first = plan.current_edition.phases[0]
    changes = []
    for cp in first.checkpoints:
        if cp.required:
            changes += finish_checkpoint(
                session, plan, first.key, cp, on=date(2027, 2, 1), today=date(2027, 2, 1)
            )
    [change] = changes
    assert change.describe("nb") == "Initiering fullført 01.02.2027, Involvering åpnet"
    english = change.describe("en")
    assert english.startswith("Initiation ") and "Stakeholder involvement" in english


def test_revision_round_and_next_edition_keep_every_language(session) -> None:
    plan = make_plan(session, municipality_numbers=["4640"])
    advance_to(session, plan, "gjennomforing")
    round_ = open_revision_round(session, plan, date(2028, 3, 1))
    assert round_ is not None
    revision = plan.current_edition.phase("revisjon")
    copied = next(c for c in revision.checkpoints if c.revision_round == 2028)
    assert copied.titles["nn"].endswith("(2028)") and copied.titles["en"].endswith("(2028)")
    assert copied.title("nn").startswith("Årsstatus frå alle tiltakseigarane")


# --- plan files ---------------------------------------------------------------------------


def test_plan_files_carry_the_language_and_the_texts_per_language(engine) -> None:
    with session_scope(engine) as session:
        text = plan_export.dump(
            plan_export.export_plan(make_plan(session, municipality_numbers=["4640"])), "yaml"
        )
        session.delete(plans.find_plan(session, "4640-sogndal-2027"))
    data = yaml.safe_load(text)
    assert data["plan"]["language"] == "nn"
    phase = data["editions"][0]["phases"][5]
    assert phase["names"] == {
        "nb": "Evaluering og rullering",
        "nn": "Evaluering og rullering",
        "en": "Evaluation and revision",
    }
    assert list(phase["checkpoints"][0]["titles"]) == ["nb", "nn", "en"]
    with session_scope(engine) as session:
        plan = plan_import.import_plan(session, text, "plan.yaml")
        assert plan.language == "nn"
        first = plan.current_edition.phases[0].checkpoints[0]
        assert first.titles == {
            "nb": "Behovsvurdering gjennomført",
            "nn": "Behovsvurdering gjennomført",
            "en": "Needs assessment done",
        }


def test_plan_file_of_an_earlier_version_is_read(engine) -> None:
    """Files written before 0008: name_nb/name_en, title_nb/title_en and no language."""
    with session_scope(engine) as session:
        data = yaml.safe_load(
            plan_export.dump(
                plan_export.export_plan(make_plan(session, municipality_numbers=["4640"])), "yaml"
            )
        )
        session.delete(plans.find_plan(session, "4640-sogndal-2027"))
    del data["plan"]["language"]
    for phase in data["editions"][0]["phases"]:
        names = phase.pop("names")
        phase["name_nb"], phase["name_en"] = names["nb"], names["en"]
        for cp in phase["checkpoints"]:
            titles = cp.pop("titles")
            cp["title_nb"], cp["title_en"] = titles["nb"], titles["en"]
    with session_scope(engine) as session:
        plan = plan_import.import_plan(
            session, yaml.safe_dump(data, allow_unicode=True), "gammel.yaml"
        )
        assert plan.language == "nn"  # as at creation: Sogndal writes nynorsk
        first = plan.current_edition.phases[0]
        assert first.names == {"nb": "Initiering", "en": "Initiation"}
        assert first.checkpoints[0].titles == {
            "nb": "Behovsvurdering gjennomført",
            "en": "Needs assessment done",
        }
        assert first.checkpoints[0].title("nn") == "Behovsvurdering gjennomført"  # nb fallback


def test_plan_file_with_empty_texts_is_refused(engine) -> None:
    with session_scope(engine) as session:
        data = yaml.safe_load(plan_export.dump(plan_export.export_plan(make_plan(session)), "yaml"))
        session.delete(plans.find_plan(session, "3911-faerder-2027"))
    data["editions"][0]["phases"][0]["checkpoints"][0]["titles"] = {}
    data["editions"][0]["phases"][1]["names"] = {"sv": "Inledning"}
    with pytest.raises(Exception) as err, session_scope(engine) as session:
        plan_import.import_plan(session, yaml.safe_dump(data, allow_unicode=True), "p.yaml")
    fields = {e.location.field for e in err.value.errors}  # type: ignore[attr-defined]
    assert "editions.0.phases.0.checkpoints.0.titles" in fields
    assert any(f and f.startswith("editions.0.phases.1.names") for f in fields)


# --- the migration -------------------------------------------------------------------------


def _downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_migration_0008_moves_the_texts_both_ways(backend, tmp_path: Path) -> None:
    _url, engine, cleanup = new_database(backend, tmp_path)
    try:
        upgrade(engine, "0007")
        meta = sa.MetaData()
        meta.reflect(engine)
        t = meta.tables
        with engine.begin() as conn:
            conn.execute(
                t["actor"].insert(),
                [
                    {
                        "id": "RVTS_VEST", "level": "R", "name_nb": "RVTS Vest",
                        "name_en": "RRC West", "type": "t", "coverage": "c",
                        "role_in_plan_work": "r", "offers": "o", "source": "s",
                        "unverified": False,
                    }
                ],
            )  # fmt: skip
            conn.execute(  # a municipality refers to the actor whose table changes
                t["municipality"].insert(),
                [{"number": "4640", "name": "Sogndal", "county_number": "46",
                  "county_name": "Vestland", "rvts_id": "RVTS_VEST", "korus_id": None,
                  "regions_unverified": True}],
            )  # fmt: skip
            conn.execute(
                t["plan"].insert(),
                [
                    {
                        "id": 1,
                        "slug": "p",
                        "title": "Plan",
                        "created_at": datetime(2027, 1, 4, tzinfo=UTC),
                    }
                ],
            )
            conn.execute(
                t["edition"].insert(),
                [{"id": 1, "plan_id": 1, "number": 1, "template_key": "default",
                  "started_on": date(2027, 1, 4), "reporting_rhythm_months": 12}],
            )  # fmt: skip
            conn.execute(
                t["phase"].insert(),
                [{"id": 1, "edition_id": 1, "key": "revisjon", "position": 6,
                  "name_nb": "Revisjon", "name_en": "Revision", "status": "pending",
                  "duration_days": 120, "planned_start": date(2031, 1, 1),
                  "planned_end": date(2031, 5, 1)}],
            )  # fmt: skip
            conn.execute(
                t["checkpoint"].insert(),
                [{"id": 1, "phase_id": 1, "key": "k", "position": 0,
                  "title_nb": "Vedtatt plan publisert", "title_en": "Adopted plan published",
                  "offset_days": 3, "offset_unit": "calendar", "due_date": date(2031, 1, 4),
                  "required": True}],
            )  # fmt: skip

        upgrade(engine, "0008")
        with engine.connect() as conn:
            phase = sa.table("phase", sa.column("names", sa.JSON()))
            checkpoint = sa.table("checkpoint", sa.column("titles", sa.JSON()))
            actor = sa.table("actor", sa.column("names", sa.JSON()))
            plan = sa.table("plan", sa.column("language", sa.String()))
            assert conn.scalar(sa.select(phase.c.names)) == {"nb": "Revisjon", "en": "Revision"}
            assert conn.scalar(sa.select(checkpoint.c.titles)) == {
                "nb": "Vedtatt plan publisert",
                "en": "Adopted plan published",
            }
            assert conn.scalar(sa.select(actor.c.names)) == {"nb": "RVTS Vest", "en": "RRC West"}
            assert conn.scalar(sa.select(plan.c.language)) == "nb"
            row = conn.execute(sa.text("SELECT rvts_id, malform FROM municipality")).one()
            assert tuple(row) == ("RVTS_VEST", "noytral")  # until the directory is loaded
        with engine.begin() as conn:  # a text only in nynorsk after the upgrade
            conn.execute(phase.update().values(names={"nn": "Evaluering og rullering"}))

        _downgrade(engine, "0007")
        with engine.connect() as conn:
            row = conn.execute(sa.text("SELECT name_nb, name_en FROM phase")).one()
            assert tuple(row) == ("Evaluering og rullering", "Evaluering og rullering")
            row = conn.execute(sa.text("SELECT title_nb, title_en FROM checkpoint")).one()
            assert tuple(row) == ("Vedtatt plan publisert", "Adopted plan published")
            row = conn.execute(sa.text("SELECT name_nb, name_en FROM actor")).one()
            assert tuple(row) == ("RVTS Vest", "RRC West")
        assert "language" not in {c["name"] for c in sa.inspect(engine).get_columns("plan")}
        upgrade(engine)  # and up again
        with engine.connect() as conn:
            assert conn.scalar(sa.select(phase.c.names)) == {
                "nb": "Evaluering og rullering",
                "en": "Evaluering og rullering",
            }
    finally:
        cleanup()  # type: ignore[operator]


def test_actor_names_are_read_per_language(session) -> None:
    rvts = session.get(Actor, "RVTS_SOR")
    assert rvts.name("nb") and rvts.name("en")
    assert rvts.name("nn") == rvts.name("nb")  # no nynorsk name in the directory: bokmål
    assert rvts.names == {"nb": rvts.name("nb"), "en": rvts.name("en")}
