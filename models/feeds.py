"""Calendar subscriptions: the secret tokens of the ICS feed URLs a coordinator hands out.

A feed is either a plan's (every open deadline of the plan) or a service's (every open
deadline the service owns across its municipality's plans). Only the SHA-256 of a token is
stored; a revoked token stays listed (with ``revoked_at``) and no longer opens its feed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class FeedToken(Base):
    """The token of one calendar feed URL (``/kalender/<token>.ics``), stored as a hash."""

    __tablename__ = "feed_token"
    __table_args__ = (
        # A feed is a plan's or a service's, never both, never neither.
        CheckConstraint("(plan_id IS NULL) <> (service_id IS NULL)", name="one_target"),
    )
    __privacy_exempt__ = {"token_hash": "SHA-256 of the token in hex: its digits are chance"}
    __secret_columns__ = ("token_hash",)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))  # a username, for the audit trail
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def audit_label(self) -> str:
        target = (
            f"plan#{self.plan_id}" if self.plan_id is not None else f"tjeneste#{self.service_id}"
        )
        return f"Kalenderabonnement#{self.id} ({target})"
