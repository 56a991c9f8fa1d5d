"""People who log in to the dashboard, their roles per municipality, and their API tokens.

Staff data is minimal: a username, an optional display name, and per municipality a role.
Passwords and tokens are stored only as hashes and are never written to the audit log.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import SHORT_TEXT, Base, UTCDateTime, utcnow


class Role(StrEnum):
    """What a user may do in one municipality."""

    ADMIN = "admin"  # everything, also users and notification addresses
    COORDINATOR = "coordinator"  # everything of the municipality's plans
    SERVICE_OWNER = "service_owner"  # the measures of one service
    READER = "reader"  # read only (leadership, politicians)


class User(Base):
    """A local account. ``failed_logins`` and ``locked_until`` throttle password guessing."""

    __tablename__ = "app_user"
    __privacy_exempt__ = {"password_hash": "a one-way hash of the password, never shown"}
    __secret_columns__ = ("password_hash",)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(SHORT_TEXT))
    password_hash: Mapped[str] = mapped_column(String(300))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The dashboard's language for this user (nb, nn or en); None means bokmål.
    language: Mapped[str | None] = mapped_column(String(2))

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", lazy="selectin", cascade="all, delete-orphan"
    )

    def audit_label(self) -> str:
        return f"Bruker {self.username}"


class UserRole(Base):
    """A user's role in one municipality (a service owner's also names the service)."""

    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("user_id", "municipality_number", "role", "service_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    municipality_number: Mapped[str] = mapped_column(ForeignKey("municipality.number"))
    role: Mapped[str] = mapped_column(String(20))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))

    user: Mapped[User] = relationship(back_populates="roles", lazy="raise")

    def audit_label(self) -> str:
        # An audit record's label (stored as written, like every audit label), not shown text.
        return f"Rolle {self.role} i {self.municipality_number}, bruker#{self.user_id}"


class ApiToken(Base):
    """A personal token for scripts: only its SHA-256 is stored; revoked tokens stay listed."""

    __tablename__ = "api_token"
    __privacy_exempt__ = {"token_hash": "SHA-256 of the token in hex: its digits are chance"}
    __secret_columns__ = ("token_hash",)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(SHORT_TEXT))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def audit_label(self) -> str:
        return f"API-nøkkel#{self.id} {self.name}"
