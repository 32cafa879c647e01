"""The city server for real: PostgreSQL, a Prefect server with basic auth on it and a process worker.

Started as `nianbao city-server start` starts it, deployments run through the worker, and at the end
everything started is stopped by PID with nothing left running or listening.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest
from docx import Document
from typer.testing import CliRunner

from flows.serve import CITY_DRAFT_DEPLOYMENT, COLLECT_DEPLOYMENT
from nianbao.cli import app
from nianbao.profile.loading import load_catalogue
from nianbao.season.cityserver import (
    DATABASE,
    POOL,
    SERVER,
    WORKER,
    stop_site,
)

from ..conftest import INPUTS
from .city_site import City, listening, running_city

pytestmark = [pytest.mark.slow, pytest.mark.server, pytest.mark.postgres]

COLLECT = f"collect/{COLLECT_DEPLOYMENT}"
DRAFT_CITY = f"draft-city/{CITY_DRAFT_DEPLOYMENT}"
# The sample share: 东湖区 once, 西关区 twice, 南湾区 damaged; 北岭县 and six more never publish.
STATES = {"东湖区": "已报送", "西关区": "已报送", "南湾区": "退回修改", "北岭县": "未报送"}
SAMPLE_ONLINE_ITEMS = 1538  # 平桥区's 2022 “一网通办”事项数, each district a multiple of it
CELL = re.compile(r"[A-Z]{1,3}[1-9][0-9]*")


@pytest.fixture(scope="module")
def city(postgres: Path, reachable_tmp: Callable[[], Path]) -> Iterator[City]:
    """Start the city server in a temp folder, its packages the sample share; stop it at the end."""
    with running_city(reachable_tmp()) as started:
        yield started


def _run(city: City, name: str) -> tuple[Any, dict[str, Any]]:
    """Run deployment `name` for 2022 through the worker; return the run and its artifacts by key."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
    from prefect.deployments import run_deployment
    from prefect.settings import temporary_settings

    with temporary_settings(city.settings()):
        t0 = time.perf_counter()
        run = run_deployment(name, parameters={"year": 2022}, timeout=300, poll_interval=1)
        print(f"\n[city server test] {name} through the worker: {time.perf_counter() - t0:.1f}s")

        async def artifacts() -> list[Any]:
            async with get_client() as client:
                only = ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run.id]))
                return list(await client.read_artifacts(artifact_filter=only))

        found = {a.key: a for a in asyncio.run(artifacts())}
    assert run.state is not None
    assert run.state.is_completed(), city.site.daemons[WORKER].log_tail()
    assert run.work_pool_name == POOL
    assert f"Flow run '{run.name}' - Beginning flow run" in city.site.daemons[WORKER].log_tail(
        50000
    )
    return run, found


def _states(artifact: Any) -> dict[str, str]:
    """Return district → state of a status table as the server gives it back."""
    rows = json.loads(str(artifact.data))
    assert len(rows) == len({row["县区"] for row in rows})  # one row a district
    return {row["县区"]: row["状态"] for row in rows}


def _all_states(city: City, state: str = "未报送") -> dict[str, str]:
    """Return every district of the city's roster in `state`."""
    return {u.name: state for u in load_catalogue(city.project / "templates_docx" / "city").units}


def test_collect_runs_through_the_worker_and_records_each_districts_state(city: City) -> None:
    """`collect` checks every revision (南湾区's damaged file sends it back), publishes the keyed
    table of states and writes 报送情况.xlsx in the project the worker was given."""
    run, artifacts = _run(city, COLLECT)
    assert run.name.startswith("收取数据包-2022-")
    assert run.state.message == "应报送10个县区：未报送7个，退回修改1个，已报送2个"
    table = artifacts["city-status-2022"]
    assert table.type == "table"
    assert _states(table).items() >= STATES.items()
    rows = {row["县区"]: row for row in json.loads(str(table.data))}
    assert _states(table) == _all_states(city) | STATES
    assert rows["西关区"]["采用版本"] == "2"
    assert "figures.json" in rows["南湾区"]["说明"]
    assert (city.project / "outputs" / "2022" / "报送情况.xlsx").is_file()


def test_draft_city_runs_through_the_worker_with_provenance_and_the_missing_districts(
    city: City,
) -> None:
    """`draft-city` drafts from 东湖区 and 西关区's revision 2: every city figure is in the draft
    with a value traced to the units' cells, the missing districts are listed in the checklist, and
    the status table read back from the server has each district's state (used packages 已采用)."""
    run, artifacts = _run(city, DRAFT_CITY)
    assert run.name.startswith("市级草稿-2022-")
    drafts = list((city.project / "outputs" / "2022").glob("*_草稿_*.docx"))
    assert len(drafts) == 1
    assert run.state.message.startswith(f"已生成新草稿 {drafts[0].name}")
    figures = json.loads(drafts[0].with_suffix(".figures.json").read_text("utf-8"))["figures"]
    cat = load_catalogue(city.project / "templates_docx" / "city")
    assert sorted(figures) == sorted(cat.indicators)
    unit_files = {p.name for p in (INPUTS / "2022").iterdir()}
    for code, fig in figures.items():  # every figure has its value and the unit cells beneath
        assert fig["value"] is not None, code
        assert fig["cells"], code
        assert all(c["file"] in unit_files and CELL.fullmatch(c["cell"]) for c in fig["cells"])
    online = figures["zwfw.online_items"]
    assert Decimal(online["value"]) == 5 * SAMPLE_ONLINE_ITEMS  # 东湖区 ×1, 西关区's revision 2 ×4
    assert "来源：东湖区，2022/东湖区/1［第1版" in online["comment"]
    assert "来源：西关区，2022/西关区/2［第2版" in online["comment"]
    doc = Document(str(drafts[0]))
    annex = {row.cells[1].text for table in doc.tables for row in table.rows[1:]}
    assert {i.name for i in cat.indicators.values()} <= annex
    text = [p.text for p in doc.paragraphs]
    missing = "南湾区、北岭县、白鹭县、青石县、清河县、临川县、安平县、长宁县"
    assert f"1. 未报送或数据包未采用的县区（8个）：{missing}" in text
    assert any(". 【退回修改】南湾区：第1版figures.json" in line for line in text)
    adopted = {"东湖区": "已采用", "西关区": "已采用"}
    assert _states(artifacts["city-status-2022"]) == _all_states(city) | STATES | adopted
    assert "北岭县" in str(artifacts["draft-2022"].data)


def test_the_pool_has_one_process_worker_and_the_city_deployments_as_declared(city: City) -> None:
    """The pool is of type process with exactly one online worker; both deployments read the site's
    packages; collect is scheduled in the season, draft-city the morning after the 02-15 deadline
    and runs one at a time."""
    from prefect.client.orchestration import get_client
    from prefect.settings import temporary_settings

    async def read() -> tuple[Any, list[Any], list[Any]]:
        async with get_client() as client:
            pool = await client.read_work_pool(POOL)
            workers = await client.read_workers_for_work_pool(POOL)
            found = [await client.read_deployment_by_name(n) for n in (COLLECT, DRAFT_CITY)]
            return pool, workers, found

    with temporary_settings(city.settings()):
        pool, workers, (collect, draft) = asyncio.run(read())
    assert pool.type == "process"
    assert [(w.name, w.status.value) for w in workers] == [(f"{POOL}-worker", "ONLINE")]
    for deployment in (collect, draft):
        assert deployment.work_pool_name == POOL
        assert deployment.parameters == {"location": city.site.packages, "year": None}
    assert [s.slug for s in collect.schedules] == ["collect-0800-season"]
    assert collect.global_concurrency_limit is None
    assert [(s.slug, s.schedule.cron, s.schedule.timezone) for s in draft.schedules] == [
        ("deadline", "0 9 16 2 *", "Asia/Shanghai")
    ]
    assert draft.global_concurrency_limit is not None
    assert draft.global_concurrency_limit.limit == 1


@pytest.mark.parametrize(
    "auth",
    [None, "nianbao:wrong-password", "someone:else"],
    ids=["no-auth-string", "wrong-password", "wrong-user"],
)
def test_a_client_without_the_auth_string_is_refused(city: City, auth: str | None) -> None:
    """Prefect's own client and a bare HTTP call get 401 without the server's string; with it, 200."""
    from prefect.client.orchestration import get_client
    from prefect.exceptions import PrefectHTTPStatusError
    from prefect.settings import temporary_settings

    with (
        temporary_settings(city.settings(auth)),
        get_client(sync_client=True) as client,
        pytest.raises(PrefectHTTPStatusError) as refused,
    ):
        client.read_work_pool(POOL)
    assert refused.value.response.status_code == 401
    url = f"{city.site.where.local_api_url}/work_pools/filter"
    headers = {"Authorization": "Basic " + base64.b64encode(auth.encode()).decode()} if auth else {}
    assert httpx.post(url, json={}, headers=headers, timeout=10).status_code == 401
    user, password = city.site.auth.split(":", 1)
    assert httpx.post(url, json={}, auth=(user, password), timeout=10).status_code == 200


def test_the_server_keeps_its_state_in_the_clusters_database(city: City) -> None:
    """Prefect's tables are in PostgreSQL (the deployment is a row there); no SQLite file exists."""
    import asyncpg

    async def names() -> list[str]:
        cluster = city.site.cluster
        conn = await asyncpg.connect(
            host="127.0.0.1",
            port=cluster.port,
            user="nianbao",
            password=cluster.password,
            database="prefect",
        )
        try:
            return [r["name"] for r in await conn.fetch("select name from deployment")]
        finally:
            await conn.close()

    assert sorted(asyncio.run(names())) == [COLLECT_DEPLOYMENT, CITY_DRAFT_DEPLOYMENT]
    assert not list(city.site.folder.rglob("*.db"))


def test_the_command_line_shows_the_running_parts_and_the_client_settings(city: City) -> None:
    """`nianbao city-server status` says each part runs with its PID; `env` prints the settings."""
    runner = CliRunner()
    folder = ["--folder", str(city.site.folder)]
    shown = runner.invoke(app, ["city-server", "status", *folder], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    for part in (DATABASE, SERVER, WORKER):
        assert f"运行中（PID {city.site.daemons[part].pid}）" in shown.output
    printed = runner.invoke(app, ["city-server", "env", *folder])
    assert printed.output.splitlines() == [
        f"export PREFECT_API_URL={city.site.where.api_url}",
        f"export PREFECT_API_AUTH_STRING={city.site.auth}",
    ]


def test_everything_started_is_stopped_and_nothing_is_left_listening(city: City) -> None:
    """Stop ends worker, server and database by PID: none of their processes (flow runs and
    PostgreSQL's backends included) is left, and neither port answers."""
    family = city.family()
    assert len(family) >= 3
    ports = (city.site.db_port, city.site.where.port)
    assert all(listening(port) for port in ports)
    pids = [city.site.daemons[part].pid for part in (WORKER, SERVER, DATABASE)]
    t0 = time.perf_counter()
    lines = stop_site(city.site)
    print(f"\n[city server test] stopped in {time.perf_counter() - t0:.1f}s")
    assert [line.split("：")[1] for line in lines] == [f"已停止（PID {p}）" for p in pids]
    assert not [p for p in family if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not any(listening(port) for port in ports)
    assert not city.site.daemons
    leftovers = [
        p.info["pid"]
        for p in psutil.process_iter(["pid", "cmdline"])
        if str(city.root) in " ".join(p.info["cmdline"] or [])
    ]
    assert leftovers == []
