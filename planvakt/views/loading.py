"""What to load with a plan, per use: the loader options every plan query chooses from.

Relationships of the plan graph are ``lazy="raise"`` in :mod:`models` (only the lifecycle
spine — editions, phases, checkpoints — loads by default), so a query loads what its option
set names and an unplanned access fails loudly instead of quietly running one query per
row. Each set is a tuple to pass to ``select(Plan).options(*...)``.

This module sits with the read models (below services, documents and exchange) so that
every layer that queries plans can use the same sets.
"""

from __future__ import annotations

from sqlalchemy.orm import selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from models import Checkpoint, Edition, Measure, Phase, Plan, PlanMunicipality

PlanOptions = tuple[LoaderOption, ...]

_MEMBERS = selectinload(Plan.members).selectinload(PlanMunicipality.municipality)
_EDITIONS = selectinload(Plan.editions)
_CHECKPOINTS = (
    _EDITIONS.selectinload(Edition.phases)
    .selectinload(Phase.checkpoints)
    .selectinload(Checkpoint.responsible)
)
_MEASURES = _EDITIONS.selectinload(Edition.measures)

# A list page: slug, title, municipalities and the current phase of each plan (no
# checkpoints: reading them raises).
PLAN_LIST: PlanOptions = (
    _MEMBERS,
    _EDITIONS.selectinload(Edition.phases).raiseload(Phase.checkpoints),
)

# The daily review and the yearly revision round: gates, deadlines, measures and
# consultations, with the services that own them (their contacts come with a service).
PLAN_REVIEW: PlanOptions = (
    _MEMBERS,
    selectinload(Plan.coordinator),
    _CHECKPOINTS,
    _MEASURES.selectinload(Measure.owner),
    _MEASURES.selectinload(Measure.updates),
    _EDITIONS.selectinload(Edition.consultations),
)

# Everything: the plan view, status documents, calendar feeds and the plan export.
PLAN_FULL: PlanOptions = (
    *PLAN_REVIEW,
    _EDITIONS.selectinload(Edition.involvements),
    _EDITIONS.selectinload(Edition.meetings),
    _EDITIONS.selectinload(Edition.decisions),
)
