"""Process records: involvement (meetings/dialogue), consultation (høring), political decisions."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import LONG_TEXT, SHORT_TEXT, Base
from models.fields import FieldProblem
from models.texts import N_

if TYPE_CHECKING:
    from models.plan import Edition


class DecisionKind(StrEnum):
    MANDATE = "mandate"  # mandat: the decision to make the plan
    ADOPTION = "adoption"  # vedtak of the plan, fixes period, reporting, evaluation
    REPORT = "report"  # a status/yearly report taken note of
    OTHER = "other"


# Words that name a political body of a municipality (kommunestyre, formannskap, politiråd,
# utvalg …), in bokmål, nynorsk and English. A decision of the mandate or the adoption must
# come from one: the kommunedirektør's or the mayor's approval alone is not a political
# decision (domain-brief §4.2, §7: «politisk vedtak»).
_POLITICAL_BODY = re.compile(
    r"kommunestyre|bystyre|formannskap|byråd|politiråd|utvalg|utval|komit[eé]|fellesnemnd|"
    r"council|committee",
    re.IGNORECASE,
)

# The kinds of decision that must be political, with a case number (saksnummer).
POLITICAL_KINDS = frozenset({DecisionKind.MANDATE, DecisionKind.ADOPTION})


def is_political_body(body: str) -> bool:
    """Whether ``body`` names a political body (see :data:`_POLITICAL_BODY`)."""
    return bool(_POLITICAL_BODY.search(body))


class InvolvementRecord(Base):
    """A meeting or dialogue: participants as organisations/roles, never persons of concern."""

    __tablename__ = "involvement_record"

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

    @property
    def exempt(self) -> bool:
        """Exempt from public access: left out of every political and public document
        (:mod:`planvakt.core.disclosure`). Either mark counts, so an entry stored before its
        basis was required stays hidden too."""
        return self.exempt_from_public or bool(self.exempt_basis)

    def audit_label(self) -> str:
        return f"Høring#{self.id} {self.body}"


# A legal basis names a provision: «offentleglova § 13», «offl. §13», «paragraf 13».
_PROVISION = re.compile(r"(§|\bparagraf)\s*\d", re.IGNORECASE)


def check_exempt_basis(exempt: bool, basis: str | None) -> str | None:
    """The legal basis of an exemption from public access, stripped (None when not exempt).

    An entry is exempt only with a basis that names a provision, e.g. «offentleglova § 13 jf.
    forvaltningsloven § 13»; a basis without the exemption is refused as well, so the two
    never disagree.

    Raises:
        FieldProblem: ``consultation.exempt_needs_basis``, ``consultation.basis_needs_exempt``,
            ``field.string_too_long`` or ``consultation.basis_no_provision``.
    """
    basis = (basis or "").strip() or None
    if exempt and basis is None:
        raise FieldProblem(
            "consultation.exempt_needs_basis",
            N_(
                "et svar unntatt offentlighet må ha hjemmel, "
                "f.eks. «offentleglova § 13 jf. forvaltningsloven § 13»"
            ),
        )
    if basis is not None and not exempt:
        raise FieldProblem(
            "consultation.basis_needs_exempt",
            N_("hjemmel for unntak er oppgitt, men svaret er ikke merket unntatt offentlighet"),
        )
    if basis is not None and len(basis) > SHORT_TEXT:
        raise FieldProblem(
            "field.string_too_long",
            N_("er for lang (maks {max_length} tegn)"),
            max_length=SHORT_TEXT,
        )
    if basis is not None and not _PROVISION.search(basis):
        raise FieldProblem(
            "consultation.basis_no_provision",
            N_(
                "hjemmelen «{basis}» viser ikke til en paragraf, "
                "f.eks. «offentleglova § 13 jf. forvaltningsloven § 13»"
            ),
            basis=basis,
        )
    return basis


class PoliticalDecision(Base):
    """A political decision (mandate, adoption …) with body, date and case number."""

    __tablename__ = "political_decision"

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
