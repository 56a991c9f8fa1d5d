"""The yearly revision run (rullering), scheduled in January (Europe/Oslo).

Opens this year's revision round for every plan in implementation: creates the round's
checkpoints, asks each measure owner for a yearly status, and schedules the evaluation
before the plan period ends. Running it again the same year changes nothing. The order of
the steps is :func:`planvakt.services.sweep.run_revision`'s.
"""

from __future__ import annotations

from datetime import date

from prefect import flow
from prefect.logging import get_run_logger

from flows.lifecycle import PrefectSteps
from planvakt.core.clock import local_today
from planvakt.services.sweep import SweepResult, run_revision


@flow(name="arlig-rullering")
def yearly_revision(today: date | None = None) -> SweepResult:
    """Open the yearly revision round for every plan in implementation."""
    result = run_revision(PrefectSteps(), today or local_today())
    logger = get_run_logger()
    if not result.business_day:
        logger.info("%s er ikke en virkedag; ingenting gjort", result.today)
    else:
        logger.info("rullering åpnet for %d planer", result.revision_rounds)
    return result
