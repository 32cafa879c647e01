"""The city server for real: PostgreSQL, a Prefect server with basic auth on it and a process worker.

Started as `nianbao city-server start` starts it, deployments run through the worker, and at the end
everything started is stopped by PID with nothing left running or listening.
"""

from __future__ import annotations

import asyncio
import base64
import shutil
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest
from typer.testing import CliRunner

from flows.pool import register
from flows.serve import POOL_DRAFT_DEPLOYMENT
from nianbao.cli import app
from nianbao.season.cityserver import (
    DATABASE,
    POOL,
    SERVER,
    WORKER,
    Site,
    free_port,
    open_site,
    start_site,
    stop_site,
)
from nianbao.season.hosting import hosting

from ..conftest import INPUTS, PROFILE

pytestmark = [pytest.mark.slow, pytest.mark.server, pytest.mark.postgres]

POOL_DRAFT = f"draft-annual-report/{POOL_DRAFT_DEPLOYMENT}"
TUNING = {"PREFECT_WORKER_QUERY_SECONDS": "1", "PREFECT_WORKER_PREFETCH_SECONDS": "5"}


@dataclass
class City:
    """The running city server, the project its worker drafts in, and the client's own home."""

    site: Site
    root: Path
    project: Path
    client_home: Path
    started_s: float

    def settings(self, auth: str | None = "site") -> dict[Any, Any]:
        """Return the Prefect settings of a client on this machine (`auth` None: no auth string)."""
        from prefect.settings import PREFECT_API_AUTH_STRING, PREFECT_API_URL, PREFECT_HOME

        chosen = self.site.auth if auth == "site" else auth
        found: dict[Any, Any] = {PREFECT_API_URL: self.site.where.local_api_url}
        return found | {PREFECT_HOME: self.client_home, PREFECT_API_AUTH_STRING: chosen}

    def family(self) -> list[psutil.Process]:
        """Return every running process of the site: its daemons and all their descendants."""
        found = []
        for daemon in self.site.daemons.values():
            if proc := daemon.process():
                found += [proc, *proc.children(recursive=True)]
        return found


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def city(postgres: Path, reachable_tmp: Callable[[], Path]) -> Iterator[City]:
    """Start the city server in a temp folder on a copy of the 2022 inputs; stop it at the end."""
    root = reachable_tmp()
    project = root / "project"
    shutil.copytree(INPUTS / "2022", project / "inputs" / "2022")
    shutil.copytree(PROFILE, project / "templates_docx" / "default")
    site = open_site(root / "site", hosting("127.0.0.1", free_port()))
    t0 = time.perf_counter()
    start_site(site, project, register, TUNING)
    started_s = time.perf_counter() - t0
    print(f"\n[city server test] database, server and worker up in {started_s:.1f}s")
    try:
        yield City(site, root, project, root / "client-home", started_s)
    finally:
        stop_site(site)  # a no-op when the last test has stopped it


def test_a_deployment_runs_through_the_process_worker(city: City) -> None:
    """`run_deployment` of the pool's draft deployment completes in a flow-run process the worker
    started (not this test's process), writing the draft in the project the worker was given."""
    from prefect.deployments import run_deployment
    from prefect.settings import temporary_settings

    out = city.project / "outputs" / "2022"
    with temporary_settings(city.settings()):
        t0 = time.perf_counter()
        run = run_deployment(POOL_DRAFT, parameters={"year": 2022}, timeout=300, poll_interval=1)
    wall = time.perf_counter() - t0
    print(f"\n[city server test] deployment run through the worker: {wall:.1f}s")
    assert run.state is not None
    assert run.state.is_completed(), city.site.daemons[WORKER].log_tail()
    assert run.work_pool_name == POOL
    assert run.infrastructure_pid  # the flow-run process the worker started
    assert f"Flow run '{run.name}' - Beginning flow run" in city.site.daemons[WORKER].log_tail(
        20000
    )
    drafts = list(out.glob("*_草稿_*.docx"))
    assert len(drafts) == 1, sorted(p.name for p in out.iterdir())
    assert run.state.message.startswith(f"已生成新草稿 {drafts[0].name}")


def test_the_pool_is_a_process_pool_with_one_worker_and_draft_deployments_run_one_at_a_time(
    city: City,
) -> None:
    """The pool is of type process with exactly one online worker; the deployment's limit is 1."""
    from prefect.client.orchestration import get_client
    from prefect.settings import temporary_settings

    async def read() -> tuple[Any, list[Any], Any]:
        async with get_client() as client:
            pool = await client.read_work_pool(POOL)
            workers = await client.read_workers_for_work_pool(POOL)
            deployment = await client.read_deployment_by_name(POOL_DRAFT)
            return pool, workers, deployment

    with temporary_settings(city.settings()):
        pool, workers, deployment = asyncio.run(read())
    assert pool.type == "process"
    assert [(w.name, w.status.value) for w in workers] == [(f"{POOL}-worker", "ONLINE")]
    assert deployment.work_pool_name == POOL
    assert deployment.global_concurrency_limit is not None
    assert deployment.global_concurrency_limit.limit == 1


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

    assert asyncio.run(names()) == [POOL_DRAFT_DEPLOYMENT]
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
    assert all(_listening(port) for port in ports)
    pids = [city.site.daemons[part].pid for part in (WORKER, SERVER, DATABASE)]
    t0 = time.perf_counter()
    lines = stop_site(city.site)
    print(f"\n[city server test] stopped in {time.perf_counter() - t0:.1f}s")
    assert [line.split("：")[1] for line in lines] == [f"已停止（PID {p}）" for p in pids]
    assert not [p for p in family if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not any(_listening(port) for port in ports)
    assert not city.site.daemons
    leftovers = [
        p.info["pid"]
        for p in psutil.process_iter(["pid", "cmdline"])
        if str(city.root) in " ".join(p.info["cmdline"] or [])
    ]
    assert leftovers == []
