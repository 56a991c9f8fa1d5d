from datetime import date

import pytest

from models.traffic import (
    LIGHT_LABELS,
    Light,
    MeasureState,
    checkpoint_light,
    expected_progress,
    light_label,
    measure_light,
    phase_light,
    roll_up,
    worst,
)

TODAY = date(2027, 6, 1)


def m(
    start=date(2027, 1, 1),
    deadline=date(2027, 12, 31),
    finished=False,
    progress=50,
    last=date(2027, 5, 1),
):
    return MeasureState(start, deadline, finished, progress, last)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (m(), Light.GREEN),
        (m(finished=True, deadline=date(2027, 1, 31)), Light.GREEN),  # done beats overdue
        (m(deadline=date(2027, 5, 31)), Light.RED),  # overdue
        (m(deadline=date(2027, 5, 31), last=None), Light.RED),  # red beats grey
        (m(deadline=date(2027, 6, 10)), Light.YELLOW),  # due within 14 days
        (m(deadline=date(2027, 6, 15)), Light.YELLOW),  # exactly 14 days
        (m(deadline=date(2027, 6, 16), progress=90), Light.GREEN),
        (m(deadline=date(2027, 6, 16)), Light.YELLOW),  # 91 % of time gone, 50 % done
        (m(progress=10), Light.YELLOW),  # 41 % of time gone, 10 % done: behind
        (m(progress=25), Light.GREEN),  # within tolerance
        (m(last=date(2026, 5, 1)), Light.GREY),  # no report in a year
        (m(last=None, start=date(2026, 5, 1)), Light.GREY),  # never reported since start
        (m(last=None, start=date(2027, 7, 1)), Light.GREEN),  # not started yet
        (m(start=None, deadline=None, last=None), Light.GREEN),
    ],
)
def test_measure_traffic_light(state: MeasureState, expected: Light) -> None:
    assert measure_light(state, TODAY, risk_window_days=14, reporting_rhythm_days=365) == expected


@pytest.mark.parametrize(
    ("due", "done_on", "expected"),
    [
        (date(2027, 5, 31), None, Light.RED),
        (date(2027, 5, 31), date(2027, 5, 30), Light.GREEN),
        (date(2027, 6, 1), None, Light.YELLOW),  # due today
        (date(2027, 6, 20), None, Light.GREEN),
    ],
)
def test_checkpoint_traffic_light(due, done_on, expected) -> None:
    assert checkpoint_light(due, done_on, TODAY, risk_window_days=14) == expected


@pytest.mark.parametrize(
    ("planned_end", "completed", "lights", "expected"),
    [
        (date(2027, 5, 1), date(2027, 4, 30), [Light.RED], Light.GREEN),  # done phase
        (date(2027, 5, 31), None, [Light.GREEN], Light.RED),  # ran over
        (date(2027, 9, 1), None, [Light.GREEN, Light.RED], Light.RED),
        (date(2027, 9, 1), None, [Light.GREEN, Light.YELLOW], Light.YELLOW),
        (date(2027, 6, 10), None, [Light.GREEN], Light.YELLOW),  # about to run over
        (date(2027, 9, 1), None, [], Light.GREEN),
    ],
)
def test_phase_traffic_light(planned_end, completed, lights, expected) -> None:
    assert phase_light(planned_end, completed, lights, TODAY, risk_window_days=14) == expected


def test_expected_progress_is_share_of_time_passed() -> None:
    assert expected_progress(date(2027, 1, 1), date(2027, 1, 11), date(2027, 1, 6)) == 50
    assert expected_progress(date(2027, 1, 1), date(2027, 1, 11), date(2026, 1, 1)) == 0
    assert expected_progress(date(2027, 1, 1), date(2027, 1, 1), date(2027, 1, 1)) == 100


def test_roll_up_counts_lights_and_averages_progress() -> None:
    summary = roll_up([(Light.GREEN, 100), (Light.RED, 0), (Light.RED, 50)])
    assert summary.counts == {Light.GREEN: 1, Light.YELLOW: 0, Light.RED: 2, Light.GREY: 0}
    assert summary.progress == 50
    assert summary.total == 3
    assert roll_up([]).progress == 0


def test_worst_light_wins() -> None:
    assert worst([Light.GREEN, Light.GREY]) == Light.GREY
    assert worst([Light.GREY, Light.YELLOW]) == Light.YELLOW
    assert worst([]) == Light.GREEN


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("nb", ["På sporet", "Risiko", "Forsinket", "Ikke rapportert"]),
        ("nn", ["På sporet", "Risiko", "Forseinka", "Ikkje rapportert"]),
        ("en", ["On track", "At risk", "Overdue", "Not reported"]),
    ],
)
def test_every_light_has_a_text_label_in_every_language(language, labels) -> None:
    from planvakt.core.languages import texts

    assert set(LIGHT_LABELS) == set(Light)
    assert [texts(language).gettext(light_label(light)) for light in Light] == labels
