"""The office's own Prefect server in the background (`nianbao server start`): drafts reuse it, it stops when idle.

Its record `nianbao-server.json` lies in the Prefect home it serves (the PID and start time of its
process, its port, how long it may idle); the server's log beside it. A draft finds it there and
records its run on it instead of starting a temporary API: same database, same home, so the run
is in the UI either way. Nothing depends on it: with no server running, drafts start their own.
"""

from __future__ import annotations

import http.client
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from nianbao.core.errors import ServerError
from nianbao.season.daemons import Daemon, launch, stop, wait_until
from nianbao.season.hosting import DEFAULT_HOST, Hosting, hosting, port_free, server_environment

RECORD = "nianbao-server.json"
LOG = "nianbao-server.log"
DEFAULT_IDLE_MINUTES = 30.0
START_TIMEOUT_S = 120.0
HEALTH_TIMEOUT_S = 2.0
NAME = "本机 Prefect 服务器"


@dataclass(frozen=True)
class LocalServer:
    """A started server: its process, where it listens, and after how many idle minutes it stops."""

    daemon: Daemon
    where: Hosting
    idle_minutes: float

    def lines(self) -> list[str]:
        """Return what to tell the user about the running server."""
        return [
            f"{NAME}：运行中（PID {self.daemon.pid}），空闲{self.idle_minutes:g}分钟后自动停止",
            f"浏览器打开：{self.where.ui_url}",
            "起草（nianbao draft）时运行记录写入此服务器；停止：nianbao server stop",
        ]


def load_local(home: Path) -> LocalServer | None:
    """Return the server recorded in `home` if its process still runs, else None."""
    try:
        data = json.loads((home / RECORD).read_text("utf-8"))
        daemon = Daemon(NAME, int(data["pid"]), float(data["started"]), home / LOG)
        server = LocalServer(
            daemon, hosting(DEFAULT_HOST, int(data["port"])), float(data["idle_minutes"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return server if daemon.running else None


def reusable_api(home: Path) -> str | None:
    """Return the API address of the running server recorded in `home` if it answers, else None."""
    server = load_local(home)
    if server is None:
        return None
    url = server.where.local_api_url
    return url if answers(f"{url}/health") else None


def start_local(
    home: Path, port: int, idle_minutes: float, command: Sequence[str]
) -> tuple[LocalServer, bool]:
    """Start `command` (the server process) on 127.0.0.1:`port` unless one is running in `home`.

    Return the server and whether it was started now. Wait until it answers; one that does not
    within START_TIMEOUT_S is stopped again and its log's end said in a ServerError.
    """
    if idle_minutes <= 0:
        raise ServerError("空闲时间须大于0分钟")
    if running := load_local(home):
        return running, False
    where = hosting(DEFAULT_HOST, port)
    if not port_free(where.host, port):
        raise ServerError(f"端口 {port} 已被占用：请用 --port 换一个端口")
    env = os.environ | server_environment(where) | {"PREFECT_HOME": str(home)}
    daemon = launch(NAME, command, env, home / LOG, home)
    wait_until(daemon, lambda: answers(f"{where.local_api_url}/health"), START_TIMEOUT_S)
    server = LocalServer(daemon, where, idle_minutes)
    _save(home, server)
    return server, True


def stop_local(home: Path) -> list[str]:
    """Stop the server recorded in `home` by its PID."""
    server = load_local(home)
    if server is None:
        return [f"{NAME}：本未运行"]
    stop(server.daemon)
    return [f"{NAME}：已停止（PID {server.daemon.pid}）"]


def status_lines(home: Path) -> list[str]:
    """Return whether the server runs, where to open it, and what drafts do with it."""
    server = load_local(home)
    if server is None:
        return [f"{NAME}：未运行（起草时使用临时服务；nianbao server start 启动）"]
    return server.lines()


def answers(url: str, timeout: float = HEALTH_TIMEOUT_S) -> bool:
    """Return whether GET `url` answers 200 within `timeout` seconds."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=timeout)
    try:
        connection.request("GET", parts.path)
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _save(home: Path, server: LocalServer) -> None:
    """Write the record atomically (a draft reading it meanwhile sees the old one or the new)."""
    data = {
        "pid": server.daemon.pid,
        "started": server.daemon.started,
        "port": server.where.port,
        "idle_minutes": server.idle_minutes,
    }
    with tempfile.NamedTemporaryFile("w", dir=home, suffix=".tmp", delete=False) as out:
        json.dump(data, out)
    Path(out.name).replace(home / RECORD)
