"""Traffic lights per measure, checkpoint and phase, and the progress roll-up.

Green: on track. Yellow: at risk — due within the risk window and not done, or progress
behind elapsed time. Red: overdue. Grey: not reported within the reporting rhythm.
Every light has a text label too: colour is never the only signal. The labels here are the
bokmål source texts, marked for the catalogs and translated where they are shown
(``texts(language).gettext(light_label(light))``); models never import planvakt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from models.texts import N_

# Progress may trail elapsed time by this many percentage points before it counts as risk.
PROGRESS_TOLERANCE = 20


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    GREY = "grey"


LIGHT_LABELS: dict[Light, str] = {
    Light.GREEN: N_("På sporet"),
    Light.YELLOW: N_("Risiko"),
    Light.RED: N_("Forsinket"),
    Light.GREY: N_("Ikke rapportert"),
}

# Order used when several lights combine into one: the most urgent wins.
_SEVERITY = {Light.GREEN: 0, Light.GREY: 1, Light.YELLOW: 2, Light.RED: 3}


def light_label(light: Light) -> str:
    """The light's text label in bokmål, the catalogs' source (translate it where shown)."""
    return LIGHT_LABELS[light]


@dataclass(frozen=True)
class MeasureState:
    start: date | None
    deadline: date | None
    finished: bool
    progress: int
    last_reported: date | None


def expected_progress(start: date, deadline: date, today: date) -> int:
    """Share of the measure's time that has passed, in percent (0–100)."""
    if deadline <= start:
        return 100 if today >= deadline else 0
    elapsed = (today - start).days / (deadline - start).days
    return max(0, min(100, round(elapsed * 100)))


def measure_light(
    m: MeasureState, today: date, *, risk_window_days: int, reporting_rhythm_days: int
) -> Light:
    """The traffic light of one measure on ``today``."""
    if m.finished:
        return Light.GREEN
    if m.deadline is not None and m.deadline < today:
        return Light.RED
    started = m.start is not None and m.start <= today
    if started:
        assert m.start is not None
        reported_since = m.last_reported or m.start
        if today - reported_since > timedelta(days=reporting_rhythm_days):
            return Light.GREY
    if m.deadline is not None and (m.deadline - today).days <= risk_window_days:
        return Light.YELLOW
    if started and m.deadline is not None:
        assert m.start is not None
        if m.progress < expected_progress(m.start, m.deadline, today) - PROGRESS_TOLERANCE:
            return Light.YELLOW
    return Light.GREEN


def checkpoint_light(
    due: date, done_on: date | None, today: date, *, risk_window_days: int
) -> Light:
    """The traffic light of one checkpoint on ``today``."""
    if done_on is not None:
        return Light.GREEN
    if due < today:
        return Light.RED
    if (due - today).days <= risk_window_days:
        return Light.YELLOW
    return Light.GREEN


def worst(lights: Iterable[Light]) -> Light:
    """Combine lights: the most urgent one wins; no lights at all is green."""
    return max(lights, key=_SEVERITY.__getitem__, default=Light.GREEN)


def phase_light(
    planned_end: date,
    completed_on: date | None,
    checkpoint_lights: Iterable[Light],
    today: date,
    *,
    risk_window_days: int,
) -> Light:
    """A phase's light: its checkpoints' worst light, red once the phase has run over."""
    if completed_on is not None:
        return Light.GREEN
    if planned_end < today:
        return Light.RED
    own = Light.YELLOW if (planned_end - today).days <= risk_window_days else Light.GREEN
    return worst([own, *checkpoint_lights])


@dataclass(frozen=True)
class RollUp:
    """Summary of many items: counts per light and mean progress in percent."""

    counts: dict[Light, int]
    progress: int
    total: int


def roll_up(items: Iterable[tuple[Light, int]]) -> RollUp:
    """Roll up ``(light, progress)`` pairs: counts per light and the mean progress."""
    pairs = list(items)
    counts = Counter(light for light, _ in pairs)
    mean = round(sum(p for _, p in pairs) / len(pairs)) if pairs else 0
    return RollUp({light: counts.get(light, 0) for light in Light}, mean, len(pairs))
