"""Measures (tiltak) and their status-update history."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import LONG_TEXT, SHORT_TEXT, Base, UTCDateTime, utcnow
from models.directory import Service
from models.fields import FieldProblem
from models.texts import N_

if TYPE_CHECKING:
    from models.plan import Edition


class MeasureStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    POSTPONED = "postponed"
    CLOSED = "closed"

    @property
    def finished(self) -> bool:
        return self in (MeasureStatus.DONE, MeasureStatus.CLOSED)


# The name of each status in bokmål, translated where it is shown
# (``texts(language).gettext(MEASURE_STATUS_NAMES[status])``).
MEASURE_STATUS_NAMES: dict[MeasureStatus, str] = {
    MeasureStatus.PLANNED: N_("planlagt"),
    MeasureStatus.IN_PROGRESS: N_("pågår"),
    MeasureStatus.DONE: N_("fullført"),
    MeasureStatus.POSTPONED: N_("utsatt"),
    MeasureStatus.CLOSED: N_("avsluttet"),
}

# Deprecated: (bokmål, English) pairs from before the catalogs; use MEASURE_STATUS_NAMES and
# translate. Kept until the last caller has moved.
MEASURE_STATUS_LABELS: dict[MeasureStatus, tuple[str, str]] = {
    MeasureStatus.PLANNED: ("planlagt", "planned"),
    MeasureStatus.IN_PROGRESS: ("pågår", "in progress"),
    MeasureStatus.DONE: ("fullført", "done"),
    MeasureStatus.POSTPONED: ("utsatt", "postponed"),
    MeasureStatus.CLOSED: ("avsluttet", "closed"),
}


# Everyday words for each status, as spreadsheets and people write them (bokmål, nynorsk,
# English). Compared after :func:`status_word` (case, spaces and punctuation ignored).
MEASURE_STATUS_WORDS: dict[MeasureStatus, tuple[str, ...]] = {
    MeasureStatus.PLANNED: (
        "planlagt",
        "ikke startet",
        "ikke påbegynt",
        "ikkje starta",
        "ikkje påbyrja",
        "ny",
        "ikke begynt",
        "ikkje byrja",
        "planned",
        "not started",
        "to do",
    ),
    MeasureStatus.IN_PROGRESS: (
        "pågår",
        "under arbeid",
        "startet",
        "starta",
        "påbegynt",
        "påbyrja",
        "i gang",
        "igangsatt",
        "sett i gang",
        "in progress",
        "ongoing",
        "started",
        "pågående",
        "løpende",
        "kontinuerlig",
        "fortløpende",
        "løpande",
        "kontinuerleg",
        "fortløpande",
    ),
    MeasureStatus.DONE: (
        "fullført",
        "ferdig",
        "gjennomført",
        "utført",
        "ferdigstilt",
        "levert",
        "done",
        "completed",
        "complete",
        "finished",
    ),
    MeasureStatus.POSTPONED: (
        "utsatt",
        "utsett",
        "på vent",
        "satt på vent",
        "sett på vent",
        "postponed",
        "on hold",
        "deferred",
        "avventer",
        "venter",
        "ventar",
    ),
    MeasureStatus.CLOSED: (
        "avsluttet",
        "avslutta",
        "avlyst",
        "avbrutt",
        "stoppet",
        "stoppa",
        "lagt bort",
        "closed",
        "cancelled",
        "canceled",
        "discontinued",
        "ikke aktuelt",
        "ikkje aktuelt",
        "utgår",
        "utgått",
        "not applicable",
    ),
}


def status_word(text: str) -> str:
    """``"Ikke-startet "`` → ``"ikke startet"``: how status words are compared."""
    letters = "".join(c if c.isalnum() else " " for c in text.casefold())
    return " ".join(letters.split())


_STATUS_BY_WORD = {
    status_word(word): status
    for status, words in MEASURE_STATUS_WORDS.items()
    for word in (*words, status.value)
}


def parse_measure_status(text: str) -> MeasureStatus:
    """Read a status as people write it: ``pågår``, ``Under arbeid``, ``Ikkje starta``,
    ``Ferdig``, ``in progress``, ``in_progress``.

    Raises:
        FieldProblem: ``measure.status_unknown``, naming the five statuses and a few of
            the everyday words (the README lists them all).
    """
    status = _STATUS_BY_WORD.get(status_word(text))
    if status is None:
        raise FieldProblem(
            "measure.status_unknown",
            N_(
                "ukjent status '{value}'; bruk planlagt, pågår, fullført, utsatt eller "
                "avsluttet (også vanlige ord som «ikke startet», «under arbeid», «ferdig»; "
                "se README)"
            ),
            value=text.strip(),
        )
    return status


class Measure(Base):
    """A tiltak: owned by one service, with partners, dates, indicator and progress."""

    __tablename__ = "measure"
    __table_args__ = (
        UniqueConstraint("edition_id", "ref"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    ref: Mapped[str] = mapped_column(String(20))  # the municipality's own id, e.g. "T1" or "2.3"
    focus_area: Mapped[str] = mapped_column(String(SHORT_TEXT))  # innsatsområde
    title: Mapped[str] = mapped_column(String(SHORT_TEXT))
    description: Mapped[str | None] = mapped_column(String(LONG_TEXT))
    owner_service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    partners: Mapped[str | None] = mapped_column(String(LONG_TEXT))
    start_date: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    resources: Mapped[str | None] = mapped_column(String(LONG_TEXT))
    indicator: Mapped[str | None] = mapped_column(String(LONG_TEXT))
    status: Mapped[str] = mapped_column(String(20), default=MeasureStatus.PLANNED.value)
    progress: Mapped[int] = mapped_column(Integer, default=0)

    edition: Mapped[Edition] = relationship(back_populates="measures", lazy="raise")
    owner: Mapped[Service] = relationship(lazy="raise_on_sql")
    updates: Mapped[list[MeasureUpdate]] = relationship(
        back_populates="measure",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="(MeasureUpdate.reported_on, MeasureUpdate.id)",
    )

    @property
    def last_reported_on(self) -> date | None:
        return self.updates[-1].reported_on if self.updates else None

    def audit_label(self) -> str:
        return f"Tiltak {self.ref}"


class MeasureUpdate(Base):
    """A status report on a measure by its owner: the history behind status and progress."""

    __tablename__ = "measure_update"
    __table_args__ = (CheckConstraint("progress >= 0 AND progress <= 100", name="progress_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measure.id", ondelete="CASCADE"), index=True
    )
    reported_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    progress: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(String(LONG_TEXT))
    reported_by: Mapped[str | None] = mapped_column(String(100))  # a role, not a person
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    measure: Mapped[Measure] = relationship(back_populates="updates", lazy="raise")

    def audit_label(self) -> str:
        return f"Statusoppdatering#{self.id}"
