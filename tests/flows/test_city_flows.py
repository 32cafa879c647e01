"""The city's flows under Prefect: one task per step, however many districts have published."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nianbao.profile.loading import load_catalogue
from nianbao.rollup.location import Location
from nianbao.rollup.package import Content, publish_content

from ..conftest import INPUTS, PROFILE, ROOT
from ..nianbao.rollup.districts import district_content, sample_content
from .conftest import read_run

pytestmark = pytest.mark.slow

CITY = ROOT / "templates_docx" / "city"


@pytest.fixture(scope="module")
def sample() -> Content:
    """Return what the sample district publishes for 2022."""
    return sample_content(INPUTS / "2022", load_catalogue(PROFILE))


def task_names(state: Any) -> Counter[str]:
    """Return how many task runs of each task the flow run that ended in `state` made."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    run = read_run(state)
    only = FlowRunFilter(id=FlowRunFilterId(any_=[run.id]))
    with get_client(sync_client=True) as client:
        tasks = client.read_task_runs(flow_run_filter=only)
    return Counter(t.task_key.rsplit("-", 1)[0] for t in tasks)


def published(folder: Path, sample: Content, districts: int) -> Location:
    """Return a location where the first `districts` districts of the city's roster published."""
    location = Location(folder)
    for n, unit in enumerate(load_catalogue(CITY).units[:districts], 1):
        publish_content(district_content(sample, unit.name, n), location)
    return location


def _flows() -> list[tuple[str, Callable[..., Any]]]:
    from flows.city import collect_packages, draft_city_report

    return [("collect", collect_packages), ("draft-city", draft_city_report)]


@pytest.mark.parametrize("which", ["collect", "draft-city"])
def test_a_city_flow_runs_the_same_tasks_for_three_districts_as_for_ten(
    prefect_backend: None, sample: Content, tmp_path: Path, which: str
) -> None:
    """The steps are tasks, the districts are not: each step runs once for 3 districts and for 10."""
    flow = dict(_flows())[which]
    counts = []
    for districts in (3, 10):
        location = published(tmp_path / f"share-{districts}", sample, districts)
        out = tmp_path / f"out-{districts}"
        state = flow(location.url, 2022, str(CITY), str(out), return_state=True)
        assert state.is_completed(), state.message
        counts.append(task_names(state))
    few, all_ten = counts
    assert few == all_ten
    assert len(few) >= 2
    assert set(few.values()) == {1}  # one run of each step
