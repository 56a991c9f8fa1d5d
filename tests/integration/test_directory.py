"""The shipped directory: municipalities with their official names in every language,
counties → RVTS/KORUS with the source of each mapping, and finding a municipality by number
or any of its names."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from models import Actor, AuditEntry, Municipality
from planvakt.cli.app import main
from planvakt.core.db import session_scope
from planvakt.core.errors import Location, NotFoundError, PlanvaktError, ValidationError
from planvakt.core.resources import DATA_DIR
from planvakt.services.directory import (
    get_municipality,
    load_directory,
    set_official_name,
)
from planvakt.services.directory_names import read_official_names
from planvakt.services.plans import find_plan
from planvakt.views.overview import overview
from planvakt.views.plan import plan_view
from tests.factories import make_plan, write


def test_directory_holds_357_municipalities_with_their_regions(session) -> None:
    assert session.scalar(select(func.count()).select_from(Municipality)) == 357
    faerder = get_municipality(session, "3911")
    assert (faerder.name, faerder.county_name) == ("Færder", "Vestfold")
    assert (faerder.rvts_id, faerder.korus_id) == ("RVTS_SOR", "KORUS_SOR")
    assert get_municipality(session, "301").name == "Oslo"  # leading zero added


def test_verify_marks_are_kept_and_flagged(session) -> None:
    rvts_nord = session.get(Actor, "RVTS_NORD")
    assert "[verify]" in rvts_nord.coverage
    assert rvts_nord.unverified
    assert not session.get(Actor, "KORUS_SOR").unverified
    assert get_municipality(session, "0301").regions_unverified


def test_loading_the_directory_again_changes_nothing(session) -> None:
    before = session.scalar(select(func.count()).select_from(AuditEntry))
    load_directory(session)
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_unknown_municipality_number_is_a_clear_error(session) -> None:
    with pytest.raises(NotFoundError, match="ukjent kommunenummer '9999'"):
        get_municipality(session, "9999")


# --- official names in several languages ---------------------------------------------------


@pytest.fixture
def names_restored(engine: Engine) -> Iterator[None]:
    """The directory outlives a test: put back every municipality's official name."""
    with session_scope(engine) as session:
        saved = {
            m.number: (m.official_name, m.official_name_confirmed)
            for m in session.scalars(select(Municipality))
        }
    yield
    with session_scope(engine) as session:
        for m in session.scalars(select(Municipality)):
            m.official_name, m.official_name_confirmed = saved[m.number]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "key",
    [
        "5612",
        "Kautokeino",
        "Guovdageaidnu",
        "guovdageaidnu",
        " KAUTOKEINO ",
        "Guovdageaidnu – Kautokeino",
        "Guovdageaidnu - Kautokeino",
    ],
)
def test_kautokeino_is_found_by_either_name(session, key: str) -> None:
    kautokeino = get_municipality(session, key)
    assert kautokeino.number == "5612"
    assert kautokeino.official_name == "Guovdageaidnu – Kautokeino"
    assert kautokeino.display_name == "Guovdageaidnu – Kautokeino"


@pytest.mark.parametrize(
    ("key", "number"),
    [
        ("Snåsa", "5041"),
        ("Snåase", "5041"),
        ("snasa", "5041"),  # without diacritics: still only one municipality
        ("Snaase", "5041"),
        ("Karasjok", "5610"),
        ("Karasjohka", "5610"),
        ("Porsangu", "5622"),  # Porsáŋgu
        ("Kaivuono", "5540"),
        ("Hattfjelldal", "1826"),
        ("Herøy (Nordland)", "1818"),
        ("Faerder", "3911"),
    ],
)
def test_any_form_finds_the_municipality(session, key: str, number: str) -> None:
    assert get_municipality(session, key).number == number


def test_a_name_two_municipalities_share_is_refused_naming_both(session) -> None:
    with pytest.raises(ValidationError) as err:
        get_municipality(session, "Herøy")
    assert err.value.code == "municipality.ambiguous"
    assert str(err.value) == (
        "«Herøy» passer til flere kommuner: 1515 Herøy (Møre og Romsdal), 1818 Herøy "
        "(Nordland); oppgi kommunenummeret"
    )


def test_an_unknown_name_is_a_clear_error(session) -> None:
    with pytest.raises(NotFoundError) as err:
        get_municipality(session, "Atlantis")
    assert err.value.code == "municipality.name_not_found"
    assert "«Atlantis»" in str(err.value)


def test_a_municipality_with_one_name_has_no_official_name(session) -> None:
    faerder = get_municipality(session, "3911")
    assert faerder.official_name is None and faerder.display_name == "Færder"


def test_the_plan_title_uses_the_full_official_name(session) -> None:
    plan = make_plan(session, municipality_numbers=["Kautokeino"])
    assert plan.title == (
        "Handlingsplan mot radikalisering og voldelig ekstremisme – Guovdageaidnu – Kautokeino"
    )
    assert plan.slug == "5612-guovdageaidnu-2027"  # the id stays plain ASCII


def test_a_joint_plan_joins_the_full_names(session) -> None:
    plan = make_plan(session, municipality_numbers=["5612", "Karasjok"], slug="indre-finnmark")
    assert plan.title.endswith("– Guovdageaidnu – Kautokeino og Kárášjohka – Karasjok")


def test_the_dashboard_and_the_plan_page_name_the_municipality_in_full(session) -> None:
    make_plan(session, municipality_numbers=["5612", "3911"], slug="felles-plan")
    (row,) = overview(session, date(2027, 1, 4), municipalities=["5612"])
    assert row.municipalities == ["Guovdageaidnu – Kautokeino", "Færder"]
    view = plan_view(find_plan(session, "felles-plan"), date(2027, 1, 4))
    assert view.municipalities == ["Guovdageaidnu – Kautokeino", "Færder"]


def test_a_reload_restores_shipped_names_and_keeps_confirmed_ones(
    engine: Engine, names_restored
) -> None:
    with session_scope(engine) as session:
        get_municipality(session, "5041").official_name = "Snåase"  # not confirmed
        set_official_name(session, get_municipality(session, "5610"), "Kárášjohka - Karasjok")
        set_official_name(session, get_municipality(session, "0301"), "Oslo")
    with session_scope(engine) as session:
        load_directory(session)
    with session_scope(engine) as session:
        assert get_municipality(session, "Snåsa").official_name == "Snåase – Snåsa"
        karasjok = get_municipality(session, "5610")
        assert (karasjok.official_name, karasjok.official_name_confirmed) == (
            "Kárášjohka – Karasjok",
            True,
        )
        oslo = get_municipality(session, "0301")
        assert (oslo.official_name, oslo.official_name_confirmed) == (None, True)
        audited = session.scalars(
            select(AuditEntry.field).where(
                AuditEntry.entity == "municipality", AuditEntry.entity_id == "5610"
            )
        ).all()
        assert "official_name_confirmed" in audited


def test_an_official_name_without_the_municipalitys_name_is_refused(session) -> None:
    with pytest.raises(ValidationError) as err:
        set_official_name(
            session, get_municipality(session, "5612"), "Kautokeino – Guovdageaidnu X"
        )
    assert err.value.code == "directory.official_name_without_name"
    assert "«Guovdageaidnu»" in str(err.value)


# --- where each RVTS/KORUS mapping comes from -------------------------------------------------


def test_every_mapping_shows_its_source_or_stays_unverified(session) -> None:
    faerder = get_municipality(session, "3911")
    # both centres sourced, but RVTS Sør's county list is not confirmed (domain-brief §2.1)
    assert faerder.regions_unverified
    assert faerder.regions_source == (
        "RVTS: https://www.yumpu.com/no/document/view/67520393/arsrapport-2022 (RVTS Sør annual "
        "report 2022); KORUS: https://www.korus-sor.no/slt/ (Agder, Telemark, Buskerud and "
        "Vestfold) — the RVTS Sør county list is not confirmed in a retrieved excerpt "
        "(domain-brief §2.1)"
    )
    bergen = get_municipality(session, "4601")  # Vestland: nothing sources the mapping
    assert bergen.regions_unverified and bergen.regions_source == ""
    tromso = get_municipality(session, "5501")  # only RVTS Nord is sourced
    assert tromso.regions_unverified
    assert tromso.regions_source.startswith("RVTS: https://rvtsnord.no/")
    assert tromso.regions_source.endswith("; KORUS: ingen kilde")
    unsourced = session.scalars(select(Municipality).where(Municipality.regions_source == "")).all()
    assert unsourced and all(m.regions_unverified for m in unsourced)


def test_buskerud_is_unverified_and_says_why(session) -> None:
    drammen = get_municipality(session, "3301")
    assert (drammen.county_name, drammen.rvts_id, drammen.korus_id) == (
        "Buskerud",
        "RVTS_OST",
        "KORUS_SOR",
    )
    assert drammen.regions_unverified
    assert "— [verify] RVTS Øst or RVTS Sør?" in drammen.regions_source
    assert "§9 item 3" in drammen.regions_source


def copy_data(tmp_path: Path, **replaced: str) -> Path:
    """The shipped data files in ``tmp_path``, some replaced by the texts given."""
    for name in ("actors.csv", "regions.yaml", "kommuner.csv", "malform.csv", "official_names.csv"):
        key = name.replace(".", "_")
        if key in replaced:
            write(tmp_path / name, replaced[key])
        else:
            (tmp_path / name).write_bytes((DATA_DIR / name).read_bytes())
    return tmp_path


def test_a_mapping_without_a_source_stays_unverified_whatever_verify_says(
    engine: Engine, tmp_path: Path
) -> None:
    regions = (DATA_DIR / "regions.yaml").read_text("utf-8")
    # Vestland marked confirmed, but without a source.
    regions = regions.replace(
        "  korus: KORUS_VEST_BERGEN\n  verify: true", "  korus: KORUS_VEST_BERGEN\n  verify: false"
    )
    # Agder confirmed with an RVTS source only.
    start = regions.index('"42":')
    agder = regions[start:]
    agder_without_korus = agder.replace(
        "    korus: https://www.korus-sor.no/slt/ (Agder, Telemark, Buskerud and Vestfold)\n", "", 1
    )
    regions = regions[:start] + agder_without_korus
    data = copy_data(tmp_path, regions_yaml=regions)
    try:
        with session_scope(engine) as session:
            load_directory(session, data)
        with session_scope(engine) as session:
            bergen = get_municipality(session, "4601")
            assert bergen.regions_unverified and bergen.regions_source == ""
            arendal = get_municipality(session, "4203")
            assert arendal.regions_unverified
            assert arendal.regions_source.startswith("RVTS: https://www.yumpu.com/")
    finally:
        with session_scope(engine) as session:
            load_directory(session)


@pytest.mark.parametrize(
    ("replacement", "code", "field"),
    [
        ("county: Vestland\n  rvts: RVTS_VEST\n  korus: KORUS_VEST_BERGEN\n  sourse: x",
         "field.extra_forbidden", "46.sourse"),
        ("county: Vestland\n  rvts: RVTS_VESTLAND\n  korus: KORUS_VEST_BERGEN",
         "directory.actor_unknown", "46.rvts"),
    ],
)  # fmt: skip
def test_a_broken_regions_file_is_refused(
    session, tmp_path: Path, replacement: str, code: str, field: str
) -> None:
    regions = (DATA_DIR / "regions.yaml").read_text("utf-8")
    regions = regions.replace(
        "county: Vestland\n  rvts: RVTS_VEST\n  korus: KORUS_VEST_BERGEN", replacement
    )
    with pytest.raises(PlanvaktError) as err:
        load_directory(session, copy_data(tmp_path, regions_yaml=regions))
    found = err.value.errors[0] if err.value.errors else err.value
    assert found.code == code
    assert found.location is not None and found.location.field == field


HEADER = "kommunenummer,official_name,forms,source\n"


@pytest.mark.parametrize(
    ("row", "code", "field"),
    [
        ("5612,Guovdageaidnu – Kautokeino,se:Guovdageaidnu|no:Kautokeino,x",
         "directory.official_name_language", "forms"),
        ("5612,Kautokeino – Guovdageaidnu,se:Guovdageaidnu|nb:Kautokeino,x",
         "directory.official_name_forms", "official_name"),
        ("5612,Kautokeino,nb:Kautokeino,x", "directory.official_name_without_name",
         "official_name"),
        ("9999,A – B,nb:A|se:B,x", "directory.official_name_number", "kommunenummer"),
    ],
)  # fmt: skip
def test_a_broken_official_names_file_is_refused(
    session, tmp_path: Path, row: str, code: str, field: str
) -> None:
    data = copy_data(tmp_path, official_names_csv=HEADER + row + "\n")
    with pytest.raises(ValidationError) as err:
        load_directory(session, data)
    assert err.value.code == code
    assert err.value.location == Location("official_names.csv", row=2, field=field)


def test_a_municipality_listed_twice_is_refused(session, tmp_path: Path) -> None:
    row = "5612,Guovdageaidnu – Kautokeino,se:Guovdageaidnu|nb:Kautokeino,x\n"
    with pytest.raises(ValidationError) as err:
        load_directory(session, copy_data(tmp_path, official_names_csv=HEADER + row + row))
    assert err.value.code == "directory.official_name_repeated"
    assert err.value.location is not None and err.value.location.row == 3


def test_the_shipped_official_names_match_the_municipality_list() -> None:
    with (DATA_DIR / "kommuner.csv").open(encoding="utf-8-sig") as handle:
        names = {row["kommunenummer"]: row["kommune"] for row in csv.DictReader(handle)}
    shipped = read_official_names(DATA_DIR / "official_names.csv", names)
    # The form kommuner.csv holds is the first in the official order (SSB Klass 131).
    assert all(names[n] == entry.forms[0][1] for n, entry in shipped.items())
    # The municipalities of the Sami administrative area and the Kven/Sami names in Troms
    # and Finnmark are all there, with the language of each form.
    assert {"5612", "5610", "5628", "5636", "5540", "5518", "5512", "5041", "5043", "1826",
            "1875", "5622", "5544", "5538", "5503", "1841", "1870", "1853"} <= set(shipped)  # fmt: skip
    assert shipped["5540"].forms == (("se", "Gáivuotna"), ("nb", "Kåfjord"), ("fkv", "Kaivuono"))
    assert shipped["5622"].official_name == "Porsanger – Porsáŋgu – Porsanki"
    assert all(entry.source.startswith("SSB Klass 131 https://") for entry in shipped.values())


# --- the command line ---------------------------------------------------------------------


@pytest.mark.parametrize("key", ["Kautokeino", "Guovdageaidnu", "5612"])
def test_kommune_show_finds_kautokeino_by_either_name(engine, capsys, key: str) -> None:
    code, out, err = run(capsys, "kommune", "show", key)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "5612 Guovdageaidnu – Kautokeino, Finnmark fylke"
    assert lines[1] == "RVTS: RVTS Nord [verify: ikke bekreftet]"
    assert lines[3].startswith("kilde for RVTS/KORUS: RVTS: https://rvtsnord.no/")
    assert lines[3].endswith(" [verify: ikke bekreftet]")


def test_kommune_show_says_when_a_mapping_has_no_source(engine, capsys) -> None:
    code, out, err = run(capsys, "kommune", "show", "Bergen")
    assert code == 0, err
    assert "kilde for RVTS/KORUS: ikke bekreftet: ingen kilde" in out.splitlines()
    code, out, err = run(capsys, "kommune", "show", "3911")
    assert "kilde for RVTS/KORUS: RVTS: https://www.yumpu.com/" in out
    assert "[verify" in out.split("kilde for RVTS/KORUS")[1].splitlines()[0]
    code, out, err = run(capsys, "kommune", "show", "Kautokeino")  # KORUS Nord: no source
    assert "; KORUS: ingen kilde [verify: ikke bekreftet]" in out


def test_kommune_show_refuses_an_ambiguous_name(engine, capsys) -> None:
    code, out, err = run(capsys, "kommune", "show", "Våler")
    assert code != 0 and out == ""
    assert "3114 Våler (Østfold), 3419 Våler (Innlandet); oppgi kommunenummeret" in err


def test_kommune_name_sets_a_confirmed_official_name(engine, capsys, names_restored) -> None:
    code, out, err = run(capsys, "kommune", "name", "Kvænangen", "Kvænangen - Návuotna - Naavuono")
    assert code == 0, err
    assert out == "5546 Kvænangen – Návuotna – Naavuono: offisielt navn satt av deg\n"
    code, out, err = run(capsys, "kommune", "show", "Naavuono")
    assert out.startswith("5546 Kvænangen – Návuotna – Naavuono, Troms fylke\n"), err


def test_plan_create_takes_a_municipality_by_name(engine, capsys) -> None:
    code, out, err = run(
        capsys, "plan", "create", "--kommune", "Kautokeino", "--start", "2027-01-04"
    )
    assert code == 0, err
    assert "opprettet plan 5612-guovdageaidnu-2027" in out
    code, out, err = run(capsys, "plan", "list")
    assert "Guovdageaidnu – Kautokeino" in out
