"""Directory tables: municipalities, national/regional actors, services and contacts."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text, UniqueConstraint, func
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from models.base import SHORT_TEXT, Base
from models.texts import N_, pick


class Malform(StrEnum):
    """A municipality's official written form (målform, språkvedtak under språklova § 11)."""

    BOKMAL = "bokmal"
    NYNORSK = "nynorsk"
    NOYTRAL = "noytral"  # språkleg nøytral: answers in the form it is written to


# The målform as people read it (bokmål, translated where shown).
MALFORM_NAMES: dict[Malform, str] = {
    Malform.BOKMAL: N_("bokmål"),
    Malform.NYNORSK: N_("nynorsk"),
    Malform.NOYTRAL: N_("nøytral"),
}


def plan_language(malform: str) -> str:
    """The language a plan of a municipality with this målform gets by default: nynorsk
    → ``nn``; bokmål and nøytral → ``nb``."""
    return "nn" if malform == Malform.NYNORSK else "nb"


class Actor(Base):
    """A national or regional actor (RVTS, KORUS, directorates …) from the shipped directory.

    ``unverified`` is true when the source data carries a ``[verify]`` mark; the mark stays
    in the text too, so every view shows it.
    """

    __tablename__ = "actor"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    level: Mapped[str] = mapped_column(String(1))  # N national, R regional, L local role
    # The actor's name per language ({"nb": …, "en": …}); read with name().
    names: Mapped[dict[str, str]] = mapped_column(JSON)
    type: Mapped[str] = mapped_column(String(SHORT_TEXT))
    coverage: Mapped[str] = mapped_column(Text)
    role_in_plan_work: Mapped[str] = mapped_column(Text)
    offers: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    unverified: Mapped[bool] = mapped_column(Boolean, default=False)

    def name(self, language: str) -> str:
        """The name in ``language``, falling back to bokmål, then any (:func:`pick`)."""
        return pick(self.names, language)

    def audit_label(self) -> str:
        return f"Actor {self.id}"


class Municipality(Base):
    """A kommune (2024 structure) with its county, its målform and the RVTS/KORUS that
    serve it.

    ``malform`` comes with its ``malform_source``; ``malform_confirmed`` is false for a
    value the shipped data could not source, and true once an operator has set it (a
    reload of the directory never overwrites a confirmed value). ``official_name`` and
    ``official_name_confirmed`` work the same way. ``regions_unverified`` is true for a
    county-to-RVTS/KORUS mapping no source confirms; ``regions_source`` names the source.
    """

    __tablename__ = "municipality"

    number: Mapped[str] = mapped_column(String(4), primary_key=True)  # kommunenummer
    name: Mapped[str] = mapped_column(String(100))
    # The full official name when it has forms in several languages
    # («Guovdageaidnu – Kautokeino»); None when the name is all of it.
    official_name: Mapped[str | None] = mapped_column(String(200))
    # Set by an operator: a reload of the directory keeps it (as malform_confirmed).
    official_name_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    county_number: Mapped[str] = mapped_column(String(2))
    county_name: Mapped[str] = mapped_column(String(100))
    rvts_id: Mapped[str | None] = mapped_column(ForeignKey("actor.id"))
    korus_id: Mapped[str | None] = mapped_column(ForeignKey("actor.id"))
    regions_unverified: Mapped[bool] = mapped_column(Boolean, default=True)
    # Where the RVTS/KORUS mapping comes from; empty means unsourced (and unverified).
    regions_source: Mapped[str] = mapped_column(Text, default="")
    malform: Mapped[str] = mapped_column(String(10), default=Malform.NOYTRAL.value)
    malform_source: Mapped[str] = mapped_column(Text, default="")
    malform_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)

    # The small directory is loaded eagerly: whoever reads a municipality or a service
    # needs its advisers or contacts (reports, recipients), unlike the plan graph.
    rvts: Mapped[Actor | None] = relationship(foreign_keys=[rvts_id], lazy="selectin")
    korus: Mapped[Actor | None] = relationship(foreign_keys=[korus_id], lazy="selectin")

    @hybrid_property
    def display_name(self) -> str:
        """The name as titles and lists show it: the full official name when there is one
        («Guovdageaidnu – Kautokeino»), else the name."""
        return self.official_name or self.name

    @display_name.inplace.expression
    @classmethod
    def _display_name_expression(cls) -> ColumnElement[str]:
        return func.coalesce(cls.official_name, cls.name)

    def audit_label(self) -> str:
        return f"Kommune {self.number} {self.name}"


class Service(Base):
    """A municipal unit or external partner that owns checkpoints or measures."""

    __tablename__ = "service"
    __table_args__ = (UniqueConstraint("municipality_number", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(ForeignKey("municipality.number"), index=True)
    key: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(SHORT_TEXT))
    external: Mapped[bool] = mapped_column(Boolean, default=False)
    # Created by a spreadsheet import from a name the directory did not know; true until
    # the coordinator gives it a notification address (reminders to it are undeliverable).
    unconfirmed: Mapped[bool] = mapped_column(Boolean, default=False)

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="service", lazy="selectin", cascade="all, delete-orphan"
    )

    def audit_label(self) -> str:
        return f"Tjeneste {self.municipality_number}/{self.key}"


class ServiceAlias(Base):
    """Another name a municipality uses for one of its services (``Politirådet`` → SLT).

    A spreadsheet import reads an owner through these before it creates a new unit.
    ``alias`` is compared in its normal form (:func:`planvakt.exchange.units.normal_name`);
    ``written`` is the name as the coordinator gave it.
    """

    __tablename__ = "service_alias"
    __table_args__ = (UniqueConstraint("municipality_number", "alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(ForeignKey("municipality.number"))
    alias: Mapped[str] = mapped_column(String(SHORT_TEXT))
    written: Mapped[str] = mapped_column(String(SHORT_TEXT))
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )

    service: Mapped[Service] = relationship(lazy="raise")

    def audit_label(self) -> str:
        return f"Alias {self.municipality_number}/{self.written}"


class Contact(Base):
    """A role-based contact of a service. Staff data is kept minimal: role first."""

    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(100))  # e.g. "leder", "SLT-koordinator"
    name: Mapped[str | None] = mapped_column(String(SHORT_TEXT))
    email: Mapped[str | None] = mapped_column(String(254))

    service: Mapped[Service] = relationship(back_populates="contacts", lazy="raise")

    def audit_label(self) -> str:
        return f"Kontakt #{self.id} ({self.role})"
