"""planvakt's data model (SQLAlchemy 2) and its pure domain rules.

Nothing in this package imports Prefect; the rules are tested without a database.
"""

from models.audit import AuditEntry, PrivacyViolation
from models.base import Base
from models.calendar import OffsetUnit
from models.directory import Actor, Contact, Municipality, Service, ServiceAlias
from models.documents import GeneratedDocument, PoliticalMeeting
from models.feeds import FeedToken
from models.lifecycle import PhaseKey, PhaseStatus
from models.measure import MEASURE_STATUS_LABELS, Measure, MeasureStatus, MeasureUpdate
from models.notification import (
    Digest,
    Notice,
    NotificationTarget,
    OutboxEntry,
    OutboxStatus,
    SweepRun,
)
from models.plan import Checkpoint, Edition, Phase, Plan, PlanMunicipality
from models.records import Consultation, DecisionKind, InvolvementRecord, PoliticalDecision
from models.users import ApiToken, Role, User, UserRole

__all__ = [
    "ApiToken",
    "Role",
    "User",
    "UserRole",
    "MEASURE_STATUS_LABELS",
    "Actor",
    "AuditEntry",
    "Base",
    "Checkpoint",
    "Consultation",
    "Contact",
    "DecisionKind",
    "Digest",
    "Edition",
    "FeedToken",
    "GeneratedDocument",
    "PoliticalMeeting",
    "InvolvementRecord",
    "Measure",
    "MeasureStatus",
    "MeasureUpdate",
    "Municipality",
    "Notice",
    "NotificationTarget",
    "OffsetUnit",
    "OutboxEntry",
    "OutboxStatus",
    "Phase",
    "PhaseKey",
    "PhaseStatus",
    "Plan",
    "PlanMunicipality",
    "PoliticalDecision",
    "PrivacyViolation",
    "Service",
    "ServiceAlias",
    "SweepRun",
]
