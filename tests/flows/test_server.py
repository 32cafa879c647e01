"""A real `prefect server` with `python -m flows.serve`: schedules registered, one run triggered."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from nianbao.core.clock import OFFICE_TZ
from nianbao.profile.catalogue import Catalogue
from nianbao.season.schedule import (
    DRAFT_SLOT,
    STATUS_SLOT,
    Slot,
    report_year,
    season_rrule,
    season_runs,
)

from ..conftest import INPUTS, PROFILE
from .conftest import SJF_D10

pytestmark = [pytest.mark.slow, pytest.mark.server]

STATUS = "submission-status/season-status"
DRAFT = "draft-annual-report/season-draft"
GRACE_S = 15
# Let the scheduler fill a whole year ahead (default: 3 runs or 100 days), whatever today is.
SCHEDULER = {
    "PREFECT_SERVER_SERVICES_SCHEDULER_MIN_SCHEDULED_TIME": "P366D",
    "PREFECT_SERVER_SERVICES_SCHEDULER_MAX_SCHEDULED_TIME": "P366D",
    "PREFECT_SERVER_SERVICES_SCHEDULER_MAX_RUNS": "300",
}


@dataclass
class Served:
    """The running server and serve process, and where the served flows read and write."""

    api: str
    started: datetime
    project: Path
    logs: list[Path]
    procs: dict[str, subprocess.Popen[bytes]]
    server_env: dict[str, str]

    @property
    def port(self) -> int:
        """Return the port the server listens on."""
        return int(self.api.rsplit(":", 1)[1].split("/")[0])

    def log_tail(self) -> str:
        """Return the end of every process log, for assertion messages."""
        return "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in self.logs
        )

    def start_server(self) -> None:
        """Start the server with the project's own start code (`nianbao server`) and wait for it."""
        cmd = [sys.executable, "-m", "nianbao", "server", "--host", "127.0.0.1"]
        cmd += ["--port", str(self.port)]
        self.procs["server"] = _start(cmd, self.server_env, self.logs[0], self.project.parent)
        _wait_healthy(self.api, self.procs["server"])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _clean_env(**extra: str) -> dict[str, str]:
    """Return this process's environment without Prefect/nianbao settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NIANBAO_"))}
    return env | {"PREFECT_SERVER_ANALYTICS_ENABLED": "false"} | extra


def _start(cmd: list[str], env: dict[str, str], log: Path, cwd: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:  # a restarted process appends to its log
        return subprocess.Popen(
            cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group we started, wait, then SIGKILL it after the grace period."""
    for sig, wait in ((signal.SIGTERM, GRACE_S), (signal.SIGKILL, GRACE_S)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)  # start_new_session: the group id is the child's pid
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # children of an exited parent (flow runs)
        return


def _wait_healthy(api: str, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"prefect server exited with {proc.returncode}")
        try:
            if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError("prefect server did not answer /api/health")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """Start the server as the project does (`nianbao server`: UI on, home in the project's
    .prefect/) and `python -m flows.serve` on a copy of the 2022 inputs."""
    root = tmp_path_factory.mktemp("served")
    project = root / "project"
    shutil.copytree(INPUTS / "2022", project / "inputs" / "2022")
    shutil.copytree(PROFILE, project / "templates_docx" / "default")
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    logs = [root / "server.log", root / "serve.log"]
    server_env = _clean_env(NIANBAO_HOME=str(project), **SCHEDULER)
    del server_env["PREFECT_SERVER_ANALYTICS_ENABLED"]  # the project's start code turns it off
    served = Served(api, datetime.now(UTC), project, logs, {}, server_env)
    t0 = time.perf_counter()
    try:
        served.start_server()
        print(f"\n[server test] server healthy after {time.perf_counter() - t0:.1f}s")
        serve_env = _clean_env(
            PREFECT_API_URL=api,
            PREFECT_HOME=str(root / "client-home"),
            PREFECT_RUNNER_POLL_FREQUENCY="1",
            NIANBAO_HOME=str(project),
        )
        served.started = datetime.now(UTC)
        served.procs["serve"] = _start(
            [sys.executable, "-m", "flows.serve"], serve_env, logs[1], root
        )
        yield served
    finally:
        for what in ("serve", "server"):  # serve first, then the server
            if proc := served.procs.get(what):
                t_stop = time.perf_counter()
                _stop(proc)
                print(f"\n[server test] {what} stopped in {time.perf_counter() - t_stop:.1f}s")
        print(f"\n[server test] wall time incl. shutdown: {time.perf_counter() - t0:.1f}s")
    assert all(p.poll() is not None for p in served.procs.values())


def test_the_ui_is_told_the_api_of_the_port_the_server_listens_on(served: Served) -> None:
    """The settings the UI reads (/ui-settings) name this server's port, not 127.0.0.1:4200; the
    database is in the project's .prefect/; no telemetry is attempted; the URL to open is printed."""
    settings = httpx.get(f"http://127.0.0.1:{served.port}/ui-settings", timeout=10).json()
    assert settings["api_url"] == served.api
    assert httpx.get(f"http://127.0.0.1:{served.port}/", timeout=10).status_code == 200
    assert (served.project / ".prefect" / "prefect.db").is_file()
    log = served.logs[0].read_text("utf-8")
    assert log.startswith(f"浏览器打开：http://127.0.0.1:{served.port}\n"), log
    assert "ERROR" not in log
    assert "telemetry" not in log.lower()


async def _deployment(client: Any, name: str, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return await client.read_deployment_by_name(name)
        except Exception:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)


async def _scheduled_starts(client: Any, deployment_id: Any, timeout: float = 60) -> list[datetime]:
    """Return the expected start times of the auto-scheduled runs once the scheduler is done."""
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.client.schemas.sorting import FlowRunSort

    deadline, last = time.monotonic() + timeout, -1
    while True:
        runs = await client.read_flow_runs(
            deployment_filter=DeploymentFilter(id={"any_": [deployment_id]}),
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))
            ),
            sort=FlowRunSort.EXPECTED_START_TIME_ASC,
            limit=200,
        )
        starts = [r.expected_start_time for r in runs if r.auto_scheduled]
        if (starts and len(starts) == last) or time.monotonic() > deadline:
            return starts
        last = len(starts)
        await asyncio.sleep(1.5)


@pytest.mark.parametrize(("name", "slot"), [(STATUS, STATUS_SLOT), (DRAFT, DRAFT_SLOT)])
def test_served_deployments_schedule_the_season_runs(served: Served, name: str, slot: Slot) -> None:
    """The server holds the Asia/Shanghai season rule and its SCHEDULED runs are exactly `season_runs`."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    async def read() -> tuple[Any, list[datetime]]:
        async with get_client() as client:
            dep = await _deployment(client, name)
            return dep, await _scheduled_starts(client, dep.id)

    t0 = time.perf_counter()
    with temporary_settings({PREFECT_API_URL: served.api}):
        dep, starts = asyncio.run(read())
    print(
        f"\n[server test] {name}: deployment and {len(starts)} scheduled runs read in "
        f"{time.perf_counter() - t0:.1f}s"
    )
    assert not dep.paused, served.log_tail()
    rule = season_rrule(slot, served.started.astimezone(OFFICE_TZ).year)
    assert [(s.slug, s.schedule.rrule, s.schedule.timezone) for s in dep.schedules] == [
        (f"{slot.name}-season", rule, "Asia/Shanghai")
    ]
    assert len(starts) >= 55, "a year ahead holds one whole season (about 60 working days)"
    assert starts == season_runs(slot, starts[0], len(starts))
    assert starts[0] in season_runs(slot, served.started, 2)


def test_triggered_status_run_completes_with_artifacts(
    served: Served, catalogue: Catalogue
) -> None:
    """`run_deployment` of the status flow completes through serve; table, summary and xlsx exist."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: served.api}):
        asyncio.run(_read_deployment(STATUS))
        t0 = time.perf_counter()
        run = run_deployment(STATUS, parameters={"year": 2022}, timeout=120, poll_interval=1)
        wall = time.perf_counter() - t0

        async def artifacts() -> list[Any]:
            async with get_client() as client:
                return list(
                    await client.read_artifacts(
                        artifact_filter=ArtifactFilter(
                            flow_run_id=ArtifactFilterFlowRunId(any_=[run.id])
                        )
                    )
                )

        found = {a.key: a for a in asyncio.run(artifacts())}
    print(
        f"\n[server test] triggered status run: {wall:.1f}s from trigger to "
        f"{run.state.type.value if run.state else '?'} (flow run itself {run.total_run_time})"
    )
    assert run.state is not None
    assert run.state.is_completed(), served.log_tail()
    assert (found["status-2022"].type, found["status-summary-2022"].type) == ("table", "markdown")
    table = json.loads(str(found["status-2022"].data))
    assert table[0] == table[0] | {"单位": "查山乡", "状态": "未提交"}  # missing units first
    assert len(table) == sum(1 for u in catalogue.units if catalogue.codes_for(u.id))
    summary = str(found["status-summary-2022"].data)
    assert "未提交：查山乡" in summary
    assert "2023年3月31日" in summary  # the profile's deadline for the 2022 report
    assert (served.project / "outputs" / "2022" / "报送情况.xlsx").is_file()
    assert found["findings-2022"].type == "table"
    assert SJF_D10 in json.loads(str(found["findings-2022"].data))
    counts = "应报送30个单位：未提交1个，有错误1个，已提交28个"
    assert run.name.startswith("报送情况-2022-")
    assert run.state.message == counts
    lines = served.logs[1].read_text("utf-8").splitlines()
    assert lines.count(f"{run.name}：{counts}") == 1, served.log_tail()  # one line per run


async def _read_deployment(name: str) -> None:
    from prefect.client.orchestration import get_client

    async with get_client() as client:
        await _deployment(client, name)


def test_scheduled_parameters_report_last_year_even_before_any_submission(
    served: Served, catalogue: Catalogue
) -> None:
    """The deployment's own parameters (year None): last year, no folder yet, so all 未提交."""
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    year = report_year()
    assert not (served.project / "inputs" / str(year)).exists()
    with temporary_settings({PREFECT_API_URL: served.api}):
        run = run_deployment(STATUS, timeout=120, poll_interval=1)
    assert run.state is not None
    assert run.state.is_completed(), served.log_tail()
    assert run.parameters == {"year": None, "deadline": None}
    status = served.project / "outputs" / str(year) / "报送情况.xlsx"
    assert status.is_file()
    assert _states(status) == ["未提交"] * sum(
        1 for u in catalogue.units if catalogue.codes_for(u.id)
    )


def _states(book: Path) -> list[str]:
    """Return the 状态 column of 报送情况.xlsx."""
    from openpyxl import load_workbook

    sheet = load_workbook(book, read_only=True)["报送情况"]
    return [str(row[1]) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_a_server_restart_is_one_chinese_line_in_the_serve_terminal(served: Served) -> None:
    """The server is stopped (by its PID) and started again: the serve terminal says so in one
    Chinese line, without a traceback, and serve goes on running triggered runs."""
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.connection import RECONNECTING

    with temporary_settings({PREFECT_API_URL: served.api}):
        asyncio.run(_read_deployment(STATUS))  # serve is up and connected
    _stop(served.procs["server"])
    served.start_server()
    deadline = time.monotonic() + 60
    while RECONNECTING not in served.logs[1].read_text("utf-8") and time.monotonic() < deadline:
        time.sleep(1)
    with temporary_settings({PREFECT_API_URL: served.api}):
        run = run_deployment(STATUS, parameters={"year": 2022}, timeout=120, poll_interval=1)
    assert run.state is not None
    assert run.state.is_completed(), served.log_tail()
    text = served.logs[1].read_text("utf-8")
    assert text.count(RECONNECTING) == 1, served.log_tail()
    assert "Traceback" not in text
