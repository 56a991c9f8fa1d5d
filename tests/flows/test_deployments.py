"""prefect.yaml: the deployments, their schedules in Europe/Oslo, and daylight saving."""

import asyncio
import importlib
from datetime import UTC, datetime

import yaml
from prefect import Flow
from prefect.server.schemas.schedules import CronSchedule, RRuleSchedule

from models.calendar import is_business_day
from planvakt.ops.runner import REPO_ROOT

PROJECT = yaml.safe_load((REPO_ROOT / "prefect.yaml").read_text("utf-8"))
DEPLOYMENTS = {d["name"]: d for d in PROJECT["deployments"]}


def _dates(schedule, start: datetime, n: int) -> list[datetime]:
    return asyncio.run(schedule.get_dates(n=n, start=start))


def test_every_deployment_points_at_a_flow_in_the_process_pool() -> None:
    assert set(DEPLOYMENTS) == {
        "daglig-fristsjekk",
        "livssyklus",
        "arlig-rullering",
        "statusrapport",
        "send-utboks",
    }
    for deployment in DEPLOYMENTS.values():
        # A module path ("package.module.flow", no file and colon): a worker imports it from
        # the installed package, after the (empty) pull step.
        assert ":" not in deployment["entrypoint"]
        module, _, name = deployment["entrypoint"].rpartition(".")
        assert isinstance(getattr(importlib.import_module(module), name), Flow)
        assert deployment["work_pool"]["name"] == "planvakt"
        for schedule in deployment.get("schedules", []):
            assert schedule["timezone"] == "Europe/Oslo" and schedule["slug"]


def test_no_deployment_needs_a_pull_step_or_a_source_checkout() -> None:
    assert PROJECT["pull"] == [] and not PROJECT["build"] and not PROJECT["push"]
    assert all("pull" not in d for d in DEPLOYMENTS.values())
    # No {{ … }} templating: nothing that only `planvakt up` would set.
    assert "{{" not in (REPO_ROOT / "prefect.yaml").read_text("utf-8")


def test_first_business_day_run_of_summer_time_2027_is_tuesday_30_march_at_0500_utc() -> None:
    (spec,) = DEPLOYMENTS["daglig-fristsjekk"]["schedules"]
    runs = _dates(
        CronSchedule(cron=spec["cron"], timezone=spec["timezone"]),
        datetime(2027, 3, 26, tzinfo=UTC),
        5,
    )
    local = [(r.date().isoformat(), r.hour, r.utcoffset().total_seconds() / 3600) for r in runs]
    assert local[:3] == [("2027-03-26", 7, 1.0), ("2027-03-29", 7, 2.0), ("2027-03-30", 7, 2.0)]
    business = [
        r for r in runs if is_business_day(r.date()) and r.utcoffset().total_seconds() == 7200
    ]
    assert business[0].astimezone(UTC) == datetime(2027, 3, 30, 5, 0, tzinfo=UTC)
    assert not is_business_day(runs[0].date()) and not is_business_day(
        runs[1].date()
    )  # Good Friday, Easter Monday


def test_yearly_revision_rrule_has_an_explicit_dtstart_and_runs_in_january() -> None:
    (spec,) = DEPLOYMENTS["arlig-rullering"]["schedules"]
    assert spec["rrule"].startswith("DTSTART:")
    runs = _dates(
        RRuleSchedule(rrule=spec["rrule"], timezone=spec["timezone"]),
        datetime(2027, 1, 1, tzinfo=UTC),
        6,
    )
    assert [r.date().isoformat() for r in runs] == [
        "2027-01-15",
        "2027-01-18",
        "2027-01-19",
        "2027-01-20",
        "2027-01-21",
        "2028-01-17",
    ]
    assert {r.hour for r in runs} == {8}


def test_nightly_lifecycle_run_does_not_notify() -> None:
    assert DEPLOYMENTS["livssyklus"]["parameters"] == {"notify": False}
