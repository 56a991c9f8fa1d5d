from datetime import date

import pytest

from models.reports import Change, changes_since, report_due
from planvakt.core.render import environment


@pytest.mark.parametrize(
    ("today", "last", "meetings", "due"),
    [
        (date(2027, 3, 15), None, [], True),  # never made
        (date(2027, 3, 15), date(2027, 2, 28), [], True),  # new month
        (date(2027, 3, 15), date(2027, 3, 1), [], False),  # already this month
        (date(2027, 3, 15), date(2027, 3, 1), [date(2027, 3, 24)], True),  # meeting in 9 days
        (
            date(2027, 3, 15),
            date(2027, 3, 12),
            [date(2027, 3, 24)],
            False,
        ),  # made inside the window
        (date(2027, 3, 15), date(2027, 3, 1), [date(2027, 4, 20)], False),  # meeting far away
        (date(2027, 3, 15), date(2027, 3, 1), [date(2027, 3, 10)], False),  # meeting passed
    ],
)
def test_report_due_monthly_and_before_meetings(today, last, meetings, due) -> None:
    assert report_due(today, last, meetings) is due


def test_changes_since_previous_report() -> None:
    before = {
        "phase": "Involvering",
        "checkpoints_done": ["A"],
        "measures": {
            "1": {"title": "Kurs", "status": "planlagt", "progress": 0},
            "2": {"title": "Rutine", "status": "pågår", "progress": 50},
        },
    }
    now = {
        "phase": "Politisk forankring",
        "checkpoints_done": ["A", "B"],
        "measures": {
            "1": {"title": "Kurs", "status": "pågår", "progress": 20},
            "3": {"title": "Foreldremøter", "status": "planlagt", "progress": 0},
        },
    }
    assert changes_since(before, now) == [
        Change(
            "Ny fase: {phase} (var {was})", {"phase": "Politisk forankring", "was": "Involvering"}
        ),
        Change("Sjekkpunkt fullført: {title}", {"title": "B"}),
        Change(
            "Tiltak {ref}: status {was} → {now}", {"ref": "1", "was": "planlagt", "now": "pågår"}
        ),
        Change("Tiltak {ref}: fremdrift {was} → {now}", {"ref": "1", "was": 0, "now": 20}),
        Change("Nytt tiltak {ref}: {title}", {"ref": "3", "title": "Foreldremøter"}),
        Change("Tiltak {ref} er fjernet", {"ref": "2"}),
    ]
    assert changes_since(None, now) == []
    assert changes_since({**now, "phase": "Revisjon"}, {**now, "phase": None}) == [
        Change("Alle faser er fullført (var {was})", {"was": "Revisjon"})
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", ["Tiltak 1: fremdrift 0\xa0% → 20\xa0%", "Ny fase: Vedtak (var Involvering)"]),
        ("nn", ["Tiltak 1: framdrift 0\xa0% → 20\xa0%", "Ny fase: Vedtak (var Involvering)"]),
        ("en", ["Measure 1: progress 0% → 20%", "New phase: Vedtak (was Involvering)"]),
    ],
)
def test_change_lines_are_written_in_the_reports_language(language, expected) -> None:
    from planvakt.core.languages import texts
    from planvakt.views.report import change_line

    lines = [
        Change("Tiltak {ref}: fremdrift {was} → {now}", {"ref": "1", "was": 0, "now": 20}),
        Change("Ny fase: {phase} (var {was})", {"phase": "Vedtak", "was": "Involvering"}),
    ]
    assert [change_line(line, texts(language)) for line in lines] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
        ("a | b", r"a \| b"),
        ("{{ 7*7 }}", r"{{ 7\*7 }}"),
        ("linje 1\nlinje 2", "linje 1 linje 2"),
        ("[lenke](x)", r"\[lenke\](x)"),
    ],
)
def test_markdown_filter_shows_text_literally(text: str, expected: str) -> None:
    assert environment().filters["md"](text) == expected
