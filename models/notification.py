"""Notification tables: where messages go (targets) and what was sent (notice, digest, outbox).

Operational records, not plan content: they are not written to the audit log
(``__audited__ = False``); their own columns record every attempt.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import LONG_TEXT, SHORT_TEXT, Base, UTCDateTime, utcnow


class OutboxStatus(StrEnum):
    PENDING = "pending"  # written, not yet tried
    SENDING = "sending"  # claimed by a sender; if that sender dies it may have gone out
    SENT = "sent"
    FAILED = "failed"  # last attempt failed; tried again by the next run
    UNDELIVERABLE = "undeliverable"  # the recipient has no notification address


class NotificationTarget(Base):
    """An Apprise URL of a service or a contact. The URL is a secret: stored encrypted,
    shown only masked."""

    __tablename__ = "notification_target"
    __table_args__ = (
        CheckConstraint("(service_id IS NULL) <> (contact_id IS NULL)", name="service_xor_contact"),
    )
    __privacy_exempt__ = {
        "url_encrypted": "ciphertext; the address is checked in clear before it is encrypted"
    }
    __secret_columns__ = ("url_encrypted",)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    scheme: Mapped[str] = mapped_column(String(20))
    url_encrypted: Mapped[str] = mapped_column(Text)
    url_masked: Mapped[str] = mapped_column(String(SHORT_TEXT))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def audit_label(self) -> str:
        return f"Varslingsadresse#{self.id} {self.url_masked}"


class Notice(Base):
    """One reason to tell one recipient about one item on one day.

    ``dedup_key`` (recipient, item, kind, trigger day) is unique: however often or however
    concurrently the sweep runs, a notice exists once and belongs to exactly one digest.
    """

    __tablename__ = "notice"
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(300), unique=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    recipient: Mapped[str] = mapped_column(String(40), index=True)  # "service:12" / "contact:3"
    item: Mapped[str] = mapped_column(String(60))  # "checkpoint:7" / "measure:4" / "phase:2"
    kind: Mapped[str] = mapped_column(String(30))
    trigger_date: Mapped[date] = mapped_column(Date)
    run_date: Mapped[date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(SHORT_TEXT))
    owner: Mapped[str | None] = mapped_column(String(SHORT_TEXT))
    due_date: Mapped[date | None] = mapped_column(Date)
    days_late: Mapped[int] = mapped_column(Integer, default=0)
    digest_id: Mapped[int | None] = mapped_column(
        ForeignKey("digest.id", ondelete="SET NULL"), index=True
    )


class Digest(Base):
    """One message to one recipient for one run: every notice due, rendered once."""

    __tablename__ = "digest"
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(40), index=True)
    run_date: Mapped[date] = mapped_column(Date, index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entries: Mapped[list[OutboxEntry]] = relationship(
        back_populates="digest", lazy="raise", cascade="all, delete-orphan"
    )


class OutboxEntry(Base):
    """A digest on its way to one target: every attempt, its result and error."""

    __tablename__ = "outbox_entry"
    __table_args__ = (UniqueConstraint("digest_id", "target_id"),)
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    digest_id: Mapped[int] = mapped_column(ForeignKey("digest.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int | None] = mapped_column(
        ForeignKey("notification_target.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(15), default=OutboxStatus.PENDING.value, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(LONG_TEXT))
    possibly_duplicate: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    digest: Mapped[Digest] = relationship(back_populates="entries", lazy="raise")
    target: Mapped[NotificationTarget | None] = relationship(lazy="selectin")


class SweepRun(Base):
    """A business day whose sweep has written its notices: the next sweep catches up on the
    days after it, so a day the sweep did not run is not forgotten."""

    __tablename__ = "sweep_run"
    __audited__ = False

    run_date: Mapped[date] = mapped_column(Date, primary_key=True)
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
