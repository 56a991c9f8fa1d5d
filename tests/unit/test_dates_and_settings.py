from datetime import date

import pytest

from models.dates import parse_date
from planvakt.core.errors import SettingsError
from planvakt.core.settings import get_settings, reset_settings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17.05.2027", date(2027, 5, 17)),
        ("1.2.2027", date(2027, 2, 1)),
        ("2027-05-17", date(2027, 5, 17)),
        (" 31.12.2030 ", date(2030, 12, 31)),
    ],
)
def test_norwegian_and_iso_dates_are_read(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["2027/05/17", "17-05-2027", "32.01.2027", "29.02.2027", "mai 2027", ""]
)
def test_bad_dates_are_refused_with_the_accepted_formats(text: str) -> None:
    with pytest.raises(ValueError, match="dato"):
        parse_date(text)


def test_dates_are_written_the_way_of_each_language() -> None:
    from planvakt.core.languages import texts

    assert texts("nb").date(date(2027, 5, 17)) == "17. mai 2027"
    assert texts("nn").date(date(2027, 5, 17)) == "17. mai 2027"
    assert texts("en").date(date(2027, 5, 17)) == "17 May 2027"


@pytest.mark.parametrize(
    ("name", "value", "field"),
    [
        ("PLANVAKT_TIMEZONE", "Mars/Base", "PLANVAKT_TIMEZONE"),
        ("PLANVAKT_DATABASE_URL", "planvakt.db", "PLANVAKT_DATABASE_URL"),
        ("PLANVAKT_RISK_WINDOW_DAYS", "-3", "PLANVAKT_RISK_WINDOW_DAYS"),
    ],
)
def test_invalid_setting_gives_one_clear_error(
    monkeypatch, name: str, value: str, field: str
) -> None:
    monkeypatch.setenv(name, value)
    reset_settings()
    try:
        with pytest.raises(SettingsError, match=field):
            get_settings()
    finally:
        monkeypatch.delenv(name)
        reset_settings()


def test_default_database_is_sqlite_in_the_home(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PLANVAKT_HOME", str(tmp_path))
    reset_settings()
    try:
        settings = get_settings()
        assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'planvakt.db'}"
        assert settings.timezone == "Europe/Oslo" and not hasattr(settings, "language")
    finally:
        reset_settings()
