"""The domain's own words in one language: measure statuses and traffic lights.

:mod:`models` names them in bokmål, the source language, marked for the catalogs (models
never import planvakt); the read models translate them here, for the language they are
built in (the viewer's on the dashboard, the plan's on its public page).
"""

from __future__ import annotations

from models.measure import MEASURE_STATUS_NAMES, MeasureStatus
from models.traffic import Light, light_label
from planvakt.core.languages import Texts


def light_text(light: Light, tx: Texts) -> str:
    """«På sporet», «Forseinka», «Overdue» …: a traffic light in words."""
    return tx.gettext(light_label(light))


def status_text(status: MeasureStatus | str, tx: Texts) -> str:
    """«pågår», «i gang», «in progress» …: a measure's status in words (lower case)."""
    return tx.gettext(MEASURE_STATUS_NAMES[MeasureStatus(status)])


def status_choices(tx: Texts) -> list[tuple[str, str]]:
    """(value, words) of every status, in the order a measure moves through them."""
    return [(status.value, status_text(status, tx)) for status in MeasureStatus]
