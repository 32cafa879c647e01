"""The office's background server as drafts see it: found by its record, reused only when it answers, stopped by PID."""

from __future__ import annotations

import json
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from nianbao.core.errors import ServerError
from nianbao.season.cityserver import free_port
from nianbao.season.daemons import launch
from nianbao.season.localserver import (
    RECORD,
    load_local,
    reusable_api,
    start_local,
    status_lines,
    stop_local,
)

# Stands in for Prefect's server: answers 200 to every GET on the port it is given.
ANSWERING = [
    sys.executable,
    "-c",
    "import http.server, sys\n"
    "class H(http.server.BaseHTTPRequestHandler):\n"
    "    def do_GET(self):\n"
    "        self.send_response(200); self.end_headers()\n"
    "http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()",
]


SILENT = [sys.executable, "-c", "import time; time.sleep(120)"]


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    """Return a Prefect home; whatever server a test started there is stopped afterwards."""
    yield tmp_path
    stop_local(tmp_path)


def test_a_started_server_is_reused_by_drafts_until_stopped(home: Path) -> None:
    """Started once (a second start finds it), reused while it runs and answers, gone once stopped."""
    port = free_port()
    server, started = start_local(home, port, 30, [*ANSWERING, str(port)])
    assert started
    assert reusable_api(home) == f"http://127.0.0.1:{port}/api"
    again, started_again = start_local(home, port, 30, [*ANSWERING, str(port)])
    assert (again.daemon.pid, started_again) == (server.daemon.pid, False)
    assert status_lines(home)[:2] == [
        f"本机 Prefect 服务器：运行中（PID {server.daemon.pid}），空闲30分钟后自动停止",
        f"浏览器打开：http://127.0.0.1:{port}",
    ]
    assert stop_local(home) == [f"本机 Prefect 服务器：已停止（PID {server.daemon.pid}）"]
    assert not server.daemon.running
    assert reusable_api(home) is None
    assert status_lines(home) == [
        "本机 Prefect 服务器：未运行（起草时使用临时服务；nianbao server start 启动）"
    ]
    assert stop_local(home) == ["本机 Prefect 服务器：本未运行"]


def _this_process(started_offset: float = 0.0) -> dict[str, float]:
    me = psutil.Process(os.getpid())
    return {"pid": me.pid, "started": me.create_time() + started_offset}


@pytest.mark.parametrize(
    "record",
    [
        None,
        "不是 JSON",
        json.dumps({"pid": os.getpid(), "port": 4200, "idle_minutes": 30}),
        json.dumps({"pid": 999_999_999, "started": 0, "port": 4200, "idle_minutes": 30}),
        json.dumps(_this_process(started_offset=-3600) | {"port": 4200, "idle_minutes": 30}),
    ],
    ids=["none", "not-json", "no-start-time", "no-such-process", "pid-reused-since"],
)
def test_a_record_of_no_running_server_is_not_reused(home: Path, record: str | None) -> None:
    """A missing or broken record, or one whose process has ended (its PID free or another's):
    drafts start their own API, status says none runs."""
    if record is not None:
        (home / RECORD).write_text(record, "utf-8")
    assert load_local(home) is None
    assert reusable_api(home) is None
    assert status_lines(home)[0].startswith("本机 Prefect 服务器：未运行")


def test_a_running_server_that_does_not_answer_is_not_reused(home: Path) -> None:
    """Its process runs but nothing answers on its port: the draft does not wait on it."""
    silent = launch("无响应的进程", SILENT, dict(os.environ), home / "silent.log", home)
    record = {"pid": silent.pid, "started": silent.started, "port": free_port(), "idle_minutes": 30}
    (home / RECORD).write_text(json.dumps(record), "utf-8")
    assert load_local(home) is not None
    assert reusable_api(home) is None


def test_a_taken_port_is_one_chinese_line(home: Path) -> None:
    """Something else listens on the port: nothing is started, the message names the port."""
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        with pytest.raises(ServerError, match=rf"^端口 {port} 已被占用：请用 --port 换一个端口$"):
            start_local(home, port, 30, [*ANSWERING, str(port)])
    assert not (home / RECORD).exists()


@pytest.mark.parametrize("idle", [0, -5])
def test_a_server_must_be_allowed_to_idle(home: Path, idle: float) -> None:
    """An idle time of zero or less would stop it at once: refused before anything starts."""
    with pytest.raises(ServerError, match=r"^空闲时间须大于0分钟$"):
        start_local(home, free_port(), idle, ANSWERING)
    assert not (home / RECORD).exists()
