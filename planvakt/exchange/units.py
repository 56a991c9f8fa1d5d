"""Who a sheet's «Ansvarlig» means: a service of the plan's municipalities by key, name or
an alias the coordinator keeps, or else a new unit the import creates.

A new unit belongs to the plan's lead municipality, is marked ``unconfirmed`` and has no
notification address, so reminders to it are recorded as undeliverable (never dropped)
until the coordinator gives it one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Plan, Service, ServiceAlias


def normal_name(text: str) -> str:
    """``SLT-koordinator `` → ``slt koordinator``, ``Politirådet`` → ``politiradet``: how
    unit names and aliases are compared (case, punctuation, æøå and accents aside)."""
    letters = "".join(c if c.isalnum() else " " for c in _folded(text))
    return " ".join(letters.split())


def unit_key(name: str) -> str:
    """A directory key from a unit's name: ``Politirådet`` → ``politiradet``."""
    text = _folded(name).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:50].strip("-")
    return key or "enhet"


def _folded(text: str) -> str:
    """``Kjærlighet på Tønsberg Café`` → ``kjaerlighet pa tonsberg cafe``: lower case, æøå
    spelt in ASCII, accents dropped (letters of other scripts are kept as they are)."""
    text = text.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass
class UnitLookup:
    """The services a plan's sheet may name, and the new units it names.

    ``resolve`` returns a known service, or the name of a unit to create. Services of the
    lead municipality win over a partner's of the same name; a partner's is also known as
    ``Grunnskole (Tønsberg)``.
    """

    municipality: str  # where new units go: the plan's lead municipality
    known: dict[str, Service]
    taken_keys: set[str]
    new: dict[str, str] = field(default_factory=dict)  # normal name → name as first written
    municipality_names: dict[str, str] = field(default_factory=dict)  # number → name

    def resolve(self, written: str) -> Service | str:
        name = normal_name(written)
        service = self.known.get(name)
        if service is not None:
            return service
        self.new.setdefault(name, written.strip())
        return self.new[name]

    def create_new(self, session: Session) -> dict[str, Service]:
        """Add every new unit to the directory; return them by normal name."""
        created: dict[str, Service] = {}
        for name, written in self.new.items():
            key = base = unit_key(written)
            suffix = 2
            while key in self.taken_keys:
                key = f"{base}-{suffix}"
                suffix += 1
            self.taken_keys.add(key)
            service = Service(
                municipality_number=self.municipality, key=key, name=written, unconfirmed=True
            )
            session.add(service)
            created[name] = service
            self.known[name] = service
        session.flush()
        return created


def unit_lookup(session: Session, plan: Plan) -> UnitLookup:
    """The services of the plan's municipalities by key, name and alias."""
    names = {m.number: m.name for m in plan.municipalities}
    numbers = list(names)
    lead = numbers[0]
    services = session.scalars(select(Service).where(Service.municipality_number.in_(numbers)))
    by_id: dict[int, Service] = {}
    known: dict[str, Service] = {}
    order = {number: index for index, number in enumerate(numbers)}
    for service in sorted(services, key=lambda s: -order[s.municipality_number]):
        by_id[service.id] = service
        known[normal_name(service.key)] = service
        known[normal_name(service.name)] = service
        known[normal_name(qualified_name(service, names))] = service
    aliases = session.scalars(
        select(ServiceAlias).where(ServiceAlias.municipality_number.in_(numbers))
    )
    for alias in sorted(aliases, key=lambda a: -order[a.municipality_number]):
        if alias.service_id in by_id:  # stored in normal form; again, should the form change
            known[normal_name(alias.alias)] = by_id[alias.service_id]
    taken = {s.key for s in by_id.values() if s.municipality_number == lead}
    return UnitLookup(lead, known, taken, municipality_names=names)


def qualified_name(service: Service, municipality_names: dict[str, str]) -> str:
    """``Grunnskole (Tønsberg)``: a service named with its municipality."""
    municipality = municipality_names.get(service.municipality_number)
    return f"{service.name} ({municipality or service.municipality_number})"


def shown_owner(service: Service, lookup: UnitLookup) -> str:
    """The name an exported sheet gives a measure's owner: the first of its name, its key
    and its name with its municipality that reads back as the same service."""
    qualified = qualified_name(service, lookup.municipality_names)
    for written in (service.name, service.key, qualified):
        if lookup.known.get(normal_name(written)) is service:
            return written
    return service.key
