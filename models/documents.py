"""Generated documents (records of what was sent) and political meeting dates."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import LONG_TEXT, Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from models.plan import Edition


class GeneratedDocument(Base):
    """A status or yearly report exactly as it was made: content, hash, and the data
    snapshot it was made from. Never changed after it is written."""

    __tablename__ = "generated_document"
    __audited__ = False  # a record of its own; its rows are never updated
    # The snapshot is checked: it is what the sealed document says, and it cannot be
    # corrected afterwards. The content is bytes (rendered from the same data).
    __privacy_exempt__ = {"sha256": "checksum of the content in hex: its digits are chance"}

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    edition_number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # status / yearly
    format: Mapped[str] = mapped_column(String(10))  # html / md / docx
    language: Mapped[str] = mapped_column(String(2))
    report_date: Mapped[date] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    snapshot: Mapped[str] = mapped_column(Text)  # JSON of the report content model


class PoliticalMeeting(Base):
    """A political meeting where the plan is on the agenda; a status report goes out before it."""

    __tablename__ = "political_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(String(100))  # formannskapet, kommunestyret, politirådet …
    meeting_date: Mapped[date] = mapped_column(Date, index=True)
    note: Mapped[str | None] = mapped_column(String(LONG_TEXT))

    edition: Mapped[Edition] = relationship(back_populates="meetings", lazy="raise")

    def audit_label(self) -> str:
        return f"Møte#{self.id} {self.body} {self.meeting_date}"
