import pytest
from sqlalchemy import func, select

from models import Actor, AuditEntry, Municipality
from planvakt.core.errors import NotFoundError
from planvakt.services.directory import get_municipality, load_directory


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
