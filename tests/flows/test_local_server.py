"""`nianbao server start|stop|status`: a real background Prefect server that drafts reuse and that stops when idle."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flows.local_server import Activity
from nianbao.season.cityserver import free_port
from nianbao.season.localserver import LOG, load_local, stop_local

from .test_draft_flow import nianbao
from .test_embedded import DRAFT_STEPS


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    """Return the Prefect home `nianbao()` runs with; a server started there is stopped afterwards."""
    yield tmp_path / "ph"
    stop_local(tmp_path / "ph")


def _last_draft(api: str) -> tuple[Any, set[str]]:
    """Return the last flow run on the server at `api` and the names of its steps."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.client.schemas.sorting import FlowRunSort
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: api}), get_client(sync_client=True) as client:
        (run,) = client.read_flow_runs(sort=FlowRunSort.START_TIME_DESC, limit=1)
        tasks = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run.id]))
        )
    return run, {t.name.rsplit("-", 1)[0] for t in tasks}


@pytest.mark.slow
@pytest.mark.server
def test_drafts_are_recorded_on_the_started_server_until_it_is_stopped(
    tmp_path: Path, home: Path
) -> None:
    """Started in the background, the server is found by status, a second start and the draft,
    which records its run and every step there and says so; stop ends it by its PID."""
    port = free_port()
    start = nianbao(["server", "start", "--port", str(port), "--idle-minutes", "2"], tmp_path)
    assert start.returncode == 0, start.stderr
    assert f"浏览器打开：http://127.0.0.1:{port}" in start.stdout
    server = load_local(home)
    assert server is not None
    assert f"运行中（PID {server.daemon.pid}）" in nianbao(["server", "status"], tmp_path).stdout
    again = nianbao(["server", "start", "--port", str(port)], tmp_path)
    assert again.stdout.startswith("已在运行，未重复启动"), again.stdout

    draft = nianbao(["draft", "--year", "2022", "--out", str(tmp_path / "o")], tmp_path)
    assert draft.returncode == 0, draft.stderr
    assert f"运行记录：本机 Prefect 服务器 http://127.0.0.1:{port}\n" in draft.stdout
    run, steps = _last_draft(f"http://127.0.0.1:{port}/api")
    assert run.name.startswith("草稿-2022-")
    assert run.state.is_completed()
    assert steps == DRAFT_STEPS

    stop = nianbao(["server", "stop"], tmp_path)
    assert stop.stdout == f"本机 Prefect 服务器：已停止（PID {server.daemon.pid}）\n"
    assert not server.daemon.running
    assert "未运行" in nianbao(["server", "status"], tmp_path).stdout


@pytest.mark.slow
@pytest.mark.server
def test_an_idle_server_stops_by_itself_and_drafts_go_on_without_it(
    tmp_path: Path, home: Path
) -> None:
    """With nothing asked of it for its idle time the server stops and says so in its log; the
    next draft starts its own temporary API, as with no server at all."""
    start = nianbao(
        ["server", "start", "--port", str(free_port()), "--idle-minutes", "0.1"], tmp_path
    )
    assert start.returncode == 0, start.stderr
    server = load_local(home)
    assert server is not None
    deadline = time.monotonic() + 60
    while server.daemon.running and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not server.daemon.running, "空闲后未自动停止"
    assert "空闲0.1分钟，自动停止" in (home / LOG).read_text("utf-8")
    draft = nianbao(["draft", "--year", "2022", "--out", str(tmp_path / "o")], tmp_path)
    assert draft.returncode == 0, draft.stderr
    assert "运行记录" not in draft.stdout


def test_a_busy_port_stops_nothing_and_says_which(tmp_path: Path) -> None:
    """The port is taken: one Chinese line naming it, exit code 1."""
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        run = nianbao(["server", "start", "--port", str(port)], tmp_path)
    assert (run.returncode, run.stderr) == (
        1,
        f"错误：端口 {port} 已被占用：请用 --port 换一个端口\n",
    )


def test_the_server_is_busy_while_a_request_or_a_connection_is_open() -> None:
    """Idle time counts from the end of the last request; a websocket left open (a UI page, a
    serve process) keeps the server busy however long it lasts."""

    async def scenario() -> list[float]:
        release = asyncio.Event()

        async def app(scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] == "websocket":
                await release.wait()

        activity = Activity(app)
        await activity({"type": "http"}, None, None)
        after_request = activity.idle_for()
        connection = asyncio.create_task(activity({"type": "websocket"}, None, None))
        await asyncio.sleep(0.05)
        while_open = activity.idle_for()
        release.set()
        await connection
        await asyncio.sleep(0.05)
        return [after_request, while_open, activity.idle_for()]

    after_request, while_open, after_close = asyncio.run(scenario())
    assert after_request < 0.05
    assert while_open == 0.0
    assert 0.05 <= after_close < 1
