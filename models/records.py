"""Process records: involvement (meetings/dialogue), consultation (høring), political decisions."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import LONG_TEXT, SHORT_TEXT, Base

if TYPE_CHECKING:
    from models.plan import Edition


class DecisionKind(StrEnum):
    MANDATE = "mandate"  # mandat: the decision to make the plan
    ADOPTION = "adoption"  # vedtak of the plan, fixes period, reporting, evaluation
    REPORT = "report"  # a status/yearly report taken note of
    OTHER = "other"


class InvolvementRecord(Base):
    """A meeting or dialogue: participants as organisations/roles, never persons of concern."""

    __tablename__ = "involvement_record"
    __free_text__ = ("kind", "participants", "summary")

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(100))  # dialogmøte, arbeidsgruppemøte, …
    participants: Mapped[str] = mapped_column(String(LONG_TEXT))
    summary: Mapped[str | None] = mapped_column(String(LONG_TEXT))

    edition: Mapped[Edition] = relationship(back_populates="involvements", lazy="raise")

    def audit_label(self) -> str:
        return f"Medvirkning#{self.id} {self.held_on}"


class Consultation(Base):
    """One consulted body in a høring, with deadline, response and its effect on the plan."""

    __tablename__ = "consultation"
    __free_text__ = ("body", "effect")

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(String(SHORT_TEXT))
    sent_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    response_received_on: Mapped[date | None] = mapped_column(Date)
    effect: Mapped[str | None] = mapped_column(String(LONG_TEXT))
    exempt_from_public: Mapped[bool] = mapped_column(Boolean, default=False)
    # The legal basis of the exemption (e.g. «offentleglova § 13 jf. forvaltningsloven § 13»).
    exempt_basis: Mapped[str | None] = mapped_column(String(200))

    edition: Mapped[Edition] = relationship(back_populates="consultations", lazy="raise")

    def audit_label(self) -> str:
        return f"Høring#{self.id} {self.body}"


class PoliticalDecision(Base):
    """A political decision (mandate, adoption …) with body, date and case number."""

    __tablename__ = "political_decision"
    __free_text__ = ("body", "case_number", "summary")

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(String(100))  # kommunestyre, formannskap, politiråd …
    decided_on: Mapped[date] = mapped_column(Date)
    case_number: Mapped[str | None] = mapped_column(String(40))  # saksnummer, e.g. 2027/123
    kind: Mapped[str] = mapped_column(String(20), default=DecisionKind.OTHER.value)
    summary: Mapped[str | None] = mapped_column(String(LONG_TEXT))
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    reporting_rhythm_months: Mapped[int | None] = mapped_column(Integer)
    evaluation_due: Mapped[date | None] = mapped_column(Date)

    edition: Mapped[Edition] = relationship(back_populates="decisions", lazy="raise")

    def audit_label(self) -> str:
        return f"Vedtak#{self.id} {self.body} {self.decided_on}"
