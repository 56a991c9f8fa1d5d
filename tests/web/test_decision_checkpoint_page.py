"""The plan page with a checkpoint done by a political decision: no «Fullført i dag» form,
a link to record the decision instead; recording it completes the checkpoint."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from planvakt.core.db import session_scope
from planvakt.services import plans
from tests.factories import advance_to
from tests.web.conftest import csrf

MANDATE = "politisk-vedtak-oppstart"


def _row(page: str, title_start: str) -> str:
    """The table row of the checkpoint whose title starts with ``title_start``."""
    match = re.search(rf"<tr>\s*<td>{re.escape(title_start)}.*?</tr>", page, re.S)
    assert match, title_start
    return match.group(0)


def test_the_mandate_is_recorded_as_a_decision_not_checked_off(
    coordinator: TestClient, engine, faerder: str
) -> None:
    page = coordinator.get(f"/planer/{faerder}").text
    mandate = _row(page, "Politisk vedtak om oppstart og mandat")
    assert f"/sjekkpunkter/{MANDATE}" not in mandate and "Fullført i dag" not in mandate
    assert f'href="/planer/{faerder}/vedtak/nytt?type=mandate"' in mandate
    assert "Fullføres når det politiske vedtaket registreres" in mandate
    other = _row(page, "Behovsvurdering gjennomført")
    assert "/sjekkpunkter/behovsvurdering" in other and "Fullført i dag" in other
    form = coordinator.get(f"/planer/{faerder}/vedtak/nytt?type=mandate").text
    assert re.search(r'<option value="mandate"[^>]*selected', form)
    report = coordinator.get(f"/planer/{faerder}/vedtak/nytt?type=report").text
    assert re.search(r'<option value="report"[^>]*selected', report)

    token = csrf(coordinator, f"/planer/{faerder}")
    refused = coordinator.post(
        f"/planer/{faerder}/sjekkpunkter/{MANDATE}",
        data={"evidence": "godkjent av kommunedirektøren", "csrftoken": token},
        follow_redirects=False,
    )
    assert refused.status_code == 422
    recorded = coordinator.post(
        f"/planer/{faerder}/vedtak/nytt",
        data={
            "body": "formannskapet",
            "decided_on": "2027-02-10",
            "case_number": "2027/14",
            "kind": "mandate",
            "csrftoken": token,
        },
        follow_redirects=False,
    )
    assert recorded.status_code == 303
    with session_scope(engine) as session:
        checkpoint = plans.find_checkpoint(plans.find_plan(session, faerder), MANDATE)
        assert checkpoint.evidence == "formannskapet 10.02.2027, sak 2027/14"
    mandate = _row(coordinator.get(f"/planer/{faerder}").text, "Politisk vedtak om oppstart")
    assert "Fullført 10.02.2027" in mandate and "vedtak/nytt" not in mandate


def test_the_adoption_links_to_the_adoption_form(
    coordinator: TestClient, engine, faerder: str
) -> None:
    with session_scope(engine) as session:
        advance_to(session, plans.find_plan(session, faerder), "vedtak")
    page = coordinator.get(f"/planer/{faerder}").text
    adoption = _row(page, "Vedtak i kommunestyret")
    assert f'href="/planer/{faerder}/vedtak/vedtakelse"' in adoption
    assert "/sjekkpunkter/vedtak-kommunestyre" not in adoption
    assert "Fullføres når kommunestyrets vedtak av planen registreres" in adoption
