"""A plan's reminder policy: the settings' defaults, overridden per plan.

Changing it merges the new values into the plan's own overrides and validates the result
as a whole, so a plan never stores a policy the sweep cannot use.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError as PydanticError

from models import Plan
from models.reminders import ReminderPolicy
from planvakt.core.errors import Location, ValidationError
from planvakt.core.settings import Settings
from planvakt.exchange.files import field_error

log = logging.getLogger(__name__)

POLICY_FIELDS = tuple(ReminderPolicy.model_fields)


@dataclass(frozen=True)
class PolicyView:
    """The policy in force for a plan, and whether the plan has its own overrides."""

    slug: str
    own: bool
    policy: ReminderPolicy


def policy_for(plan: Plan, settings: Settings) -> ReminderPolicy:
    """The plan's reminder policy: settings' defaults, overridden per plan."""
    defaults = {
        "days_before": settings.reminder_days_before,
        "overdue_repeat_days": settings.overdue_repeat_days,
        "escalate_leader_days": settings.escalate_leader_days,
        "escalate_admin_days": settings.escalate_admin_days,
        "gate_warning_days": settings.gate_warning_days,
        "nudge_repeat_days": settings.nudge_repeat_days,
    }
    return ReminderPolicy.model_validate({**defaults, **_own_rules(plan)})


def _own_rules(plan: Plan) -> dict[str, Any]:
    """The plan's own overrides, without any that the policy's bounds now refuse (stored by an
    older version, such as a reminder 15038512363 days before): the default stands for those
    until the plan's policy is changed."""
    own = dict(plan.reminder_policy or {})
    try:
        ReminderPolicy.model_validate(own)
    except PydanticError as exc:
        refused = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
        log.warning("plan %s: ignoring reminder rules out of bounds: %s", plan.slug, refused)
        own = {key: value for key, value in own.items() if key not in refused}
    return own


def set_policy(
    plan: Plan, changes: dict[str, Any], settings: Settings, *, reset: bool = False
) -> PolicyView:
    """Change a plan's reminder policy (``reset`` first drops its own overrides).

    Raises:
        ValidationError: a value is invalid; ``location.field`` names the policy field.
    """
    unknown = sorted(set(changes) - set(POLICY_FIELDS))
    if unknown:
        raise ValidationError(
            "policy.field_unknown", location=Location(field=unknown[0]), field=unknown[0]
        )
    if reset:
        plan.reminder_policy = None
    if changes:
        overrides = {**_own_rules(plan), **changes}
        try:
            ReminderPolicy.model_validate(overrides)
        except PydanticError as exc:
            error = exc.errors()[0]
            field = str(error["loc"][0]) if error["loc"] else ""
            raise field_error(error, Location(field=field or None)) from None
        plan.reminder_policy = {
            k: list(v) if isinstance(v, tuple) else v for k, v in overrides.items()
        }
    return view_policy(plan, settings)


def view_policy(plan: Plan, settings: Settings) -> PolicyView:
    """The policy in force for ``plan``."""
    return PolicyView(plan.slug, bool(plan.reminder_policy), policy_for(plan, settings))
