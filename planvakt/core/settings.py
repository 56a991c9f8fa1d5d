"""The one settings object of planvakt (environment prefix ``PLANVAKT_``).

Nothing else in planvakt reads ``os.environ``; Prefect's own ``PREFECT_*`` settings stay
Prefect's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from models.fields import FieldProblem
from models.privacy import NATIONAL_ID_TEXT, PersonalDataFound, check_free_text
from models.reminders import MAX_POLICY_DAYS, MAX_REMINDERS, PolicyDays
from models.texts import N_
from planvakt.core.errors import SettingsError


class Settings(BaseSettings):
    """Runtime configuration, read from ``PLANVAKT_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="PLANVAKT_", extra="ignore")

    home: Path = Field(default=Path(".planvakt"), description="the database and state folder")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL")
    db_pool_size: int = Field(default=20, ge=1, le=200, description="kept connections per process")
    timezone: str = "Europe/Oslo"
    actor: str = Field(default="cli", description="Name written to the audit log")
    risk_window_days: int = Field(default=14, ge=0, le=365)
    debug: bool = Field(default=False, description="show tracebacks of unexpected errors")
    small_count_threshold: int = Field(
        default=5,
        ge=1,
        le=100,
        description="counts about people below this are shown as «under N» to politicians "
        "and the public (planvakt.core.disclosure)",
    )

    # Notifications
    secret_key: SecretStr | None = Field(
        default=None,
        description="Fernet key of the stored notification URLs (default: a key file in home)",
    )
    dashboard_url: str = "http://127.0.0.1:8000"
    # The dashboard (`planvakt serve`, started by `planvakt up`)
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8000, ge=1, le=65535)
    web_workers: int = Field(default=2, ge=1, le=32, description="dashboard processes")
    cookie_secure: bool = Field(default=False, description="send cookies over HTTPS only")
    # the defaults of every plan's reminder policy, within its bounds
    reminder_days_before: tuple[PolicyDays, ...] = Field(
        default=(14, 7, 1), max_length=MAX_REMINDERS
    )
    overdue_repeat_days: PolicyDays = 7
    escalate_leader_days: PolicyDays = 7
    escalate_admin_days: PolicyDays = 30
    gate_warning_days: int = Field(default=14, ge=0, le=MAX_POLICY_DAYS)
    nudge_repeat_days: PolicyDays = 30
    send_concurrency: int = Field(default=8, ge=1, le=64)
    send_retries: int = Field(default=2, ge=0, le=10)
    send_retry_delay_seconds: int = Field(default=30, ge=0)
    outbox_lease_seconds: int = Field(default=300, ge=0)
    plan_batch_size: int = Field(default=60, ge=1)
    send_batch_size: int = Field(default=500, ge=1)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise FieldProblem(
                "settings.timezone_unknown", N_("ukjent tidssone '{value}'"), value=value
            ) from exc
        return value

    @field_validator("actor")
    @classmethod
    def _no_identity_number(cls, value: str) -> str:
        # The actor is written to every audit entry of the process.
        try:
            check_free_text(value, field="PLANVAKT_ACTOR")
        except PersonalDataFound as exc:
            raise FieldProblem(exc.code, NATIONAL_ID_TEXT, **exc.params) from None
        return value

    @field_validator("database_url")
    @classmethod
    def _plausible_url(cls, value: str | None) -> str | None:
        if value is not None and "://" not in value:
            raise FieldProblem(
                "settings.database_url_invalid",
                N_("må være en SQLAlchemy-URL, f.eks. sqlite:///sti eller postgresql+psycopg://…"),
            )
        return value

    @property
    def resolved_home(self) -> Path:
        return self.home.expanduser().resolve()

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.resolved_home / 'planvakt.db'}"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def prefect_home(self) -> Path:
        return self.resolved_home / "prefect"


_override: Settings | None = None


@lru_cache(maxsize=1)
def _from_environment() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = "PLANVAKT_" + str(first["loc"][0]).upper() if first["loc"] else "PLANVAKT_*"
        cause = (first.get("ctx") or {}).get("error")
        if isinstance(cause, FieldProblem):  # our own words, translated where shown
            params: dict[str, Any] = {"setting": field, **cause.params}
            raise SettingsError(cause.code, **params) from None
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError("settings.invalid", setting=field, reason=message) from None


def get_settings() -> Settings:
    """Return the settings (cached); raise one clear :class:`SettingsError` if invalid."""
    return _override if _override is not None else _from_environment()


@contextmanager
def settings_override(**changes: Any) -> Iterator[Settings]:
    """Use the current settings with ``changes`` inside the block (the demo's own database)."""
    global _override
    previous = _override
    _override = get_settings().model_copy(update=changes)
    try:
        yield _override
    finally:
        _override = previous


def reset_settings() -> None:
    """Forget the cached settings (tests change the environment between cases)."""
    _from_environment.cache_clear()
