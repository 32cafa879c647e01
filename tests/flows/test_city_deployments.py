"""The city's deployments without a server: the pool, the schedules and parameters the flows accept."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from nianbao.core.clock import OFFICE_TZ
from nianbao.season.schedule import DRAFT_SLOT, day_after_cron


def bj(*args: int) -> datetime:
    """Return a Beijing-time datetime."""
    return datetime(*args, tzinfo=OFFICE_TZ)


@pytest.mark.parametrize(
    ("deadline", "start", "first"),
    [
        ("02-15", bj(2023, 1, 1), bj(2023, 2, 16, 9, 0)),
        ("02-15", bj(2023, 2, 16, 9, 1), bj(2024, 2, 16, 9, 0)),  # once a year
        ("02-28", bj(2024, 1, 1), bj(2024, 3, 1, 9, 0)),  # a leap year: not on 29 February
        ("02-28", bj(2023, 1, 1), bj(2023, 3, 1, 9, 0)),
        ("02-29", bj(2023, 1, 1), bj(2023, 3, 1, 9, 0)),  # every year, not only leap years
        ("03-31", bj(2023, 1, 1), bj(2023, 4, 1, 9, 0)),
        ("12-31", bj(2023, 6, 1), bj(2024, 1, 1, 9, 0)),
    ],
)
def test_the_city_drafts_the_morning_after_the_districts_deadline(
    deadline: str, start: datetime, first: datetime
) -> None:
    """Prefect's own evaluation of the cron line, in Asia/Shanghai, runs the day after `deadline`."""
    from prefect.server.schemas.schedules import CronSchedule

    sched = CronSchedule(cron=day_after_cron(deadline, DRAFT_SLOT), timezone="Asia/Shanghai")
    assert asyncio.run(sched.get_dates(n=1, start=start)) == [first]


def test_the_city_deployments_run_on_the_pool_with_valid_parameters() -> None:
    """collect (season schedule) and draft-city (deadline, one at a time) both read `location`."""
    from flows.city import collect_packages, draft_city_report
    from flows.serve import city_deployments
    from nianbao.season.cityserver import POOL

    collect, draft = city_deployments("/srv/报送")
    assert [(d.flow_name, d.name, d.entrypoint) for d in (collect, draft)] == [
        ("collect", "collect", "flows.city.collect_packages"),
        ("draft-city", "draft-city", "flows.city.draft_city_report"),
    ]
    assert {d.work_pool_name for d in (collect, draft)} == {POOL}
    assert [s.slug for s in collect.schedules] == ["collect-0800-season"]
    assert [s.slug for s in draft.schedules] == ["deadline"]
    assert (collect.concurrency_limit, draft.concurrency_limit) == (None, 1)
    assert "（02-15）次日9:00" in str(draft.description)
    for flow, deployment in ((collect_packages, collect), (draft_city_report, draft)):
        checked = flow.validate_parameters(deployment.parameters)
        assert checked == {"location": "/srv/报送", "year": None, "profile": "city", "out": None}
    with pytest.raises(Exception, match="location"):
        collect_packages.validate_parameters({"year": 2022})
