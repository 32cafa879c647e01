"""The city's shared server: its PostgreSQL, a Prefect server with basic auth and one process worker.

Everything lives in one folder: the record `city-server.json` (ports, secrets, and the PID and start
time of each process, readable by its owner only), the database cluster, Prefect's homes and the
logs. Start brings up what is not running, in order; stop ends each by its PID, in reverse order.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

from nianbao.core.errors import ServerError
from nianbao.season.daemons import Daemon, launch, stop, wait_until
from nianbao.season.database import Cluster, new_password, start_cluster, stop_cluster
from nianbao.season.hosting import (
    Hosting,
    hosting,
    port_free,
    server_command,
    server_environment,
)

POOL = "nianbao-city"  # the process work pool the city's deployments run on
RECORD = "city-server.json"
PACKAGES = "packages"
AUTH_USER = "nianbao"
SERVER_TIMEOUT_S = 180.0  # first start creates Prefect's tables in PostgreSQL
WORKER_TIMEOUT_S = 120.0
DATABASE, SERVER, WORKER = "database", "server", "worker"
NAMES = {
    DATABASE: "数据库（PostgreSQL）",
    SERVER: "Prefect 服务器",
    WORKER: f"工作进程（工作池 {POOL}）",
}
Register = Callable[["Site"], object]  # creates the pool and its deployments on a started server


@dataclass
class Site:
    """One city server: where it listens, its secrets and the processes running it."""

    folder: Path
    where: Hosting
    db_port: int
    db_password: str
    auth: str  # "user:password": PREFECT_SERVER_API_AUTH_STRING on the server, PREFECT_API_AUTH_STRING on clients
    packages: str  # where the districts publish: a folder (a share) or an fsspec URL
    daemons: dict[str, Daemon] = field(default_factory=dict)

    @property
    def cluster(self) -> Cluster:
        """Return the site's PostgreSQL cluster."""
        return Cluster(self.folder / "postgres" / "data", self.db_port, self.db_password)

    def client_environment(self) -> dict[str, str]:
        """Return what a client on this machine sets to use the server (the worker among them)."""
        return {"PREFECT_API_URL": self.where.local_api_url, "PREFECT_API_AUTH_STRING": self.auth}

    def running(self, part: str) -> Daemon | None:
        """Return the running process of `part` (database, server, worker), else None."""
        daemon = self.daemons.get(part)
        return daemon if daemon and daemon.running else None


def open_site(folder: Path, where: Hosting | None = None, packages: str | None = None) -> Site:
    """Return the site recorded in `folder`, or a new one (fresh secrets) listening as `where`.

    A recorded site keeps its database and secrets; `where` (when given) moves the Prefect server,
    `packages` the location collected from (default: `packages/` beside the site's folder).
    """
    if recorded := load_site(folder):
        if where and where != recorded.where and recorded.running(SERVER):
            raise ServerError("服务器正在运行，请先停止（nianbao city-server stop）再换地址或端口")
        recorded.where = where or recorded.where
        recorded.packages = packages or recorded.packages
        return recorded
    where = where or hosting()
    auth = f"{AUTH_USER}:{new_password()}"
    packages = packages or str(folder.resolve().parent / PACKAGES)
    return Site(folder.resolve(), where, free_port(), new_password(), auth, packages)


def load_site(folder: Path) -> Site | None:
    """Return the site recorded in `folder`, or None when there is none."""
    path = folder / RECORD
    if not path.is_file():
        return None
    data = json.loads(path.read_text("utf-8"))
    daemons = {
        part: Daemon(d["name"], d["pid"], d["started"], Path(d["log"]))
        for part, d in data["daemons"].items()
    }
    where = Hosting(**data["where"])
    return Site(
        folder.resolve(),
        where,
        data["db_port"],
        data["db_password"],
        data["auth"],
        data["packages"],
        daemons,
    )


def save_site(site: Site) -> None:
    """Write the record atomically, readable by its owner only (it holds the secrets)."""
    data = {
        "where": asdict(site.where),
        "db_port": site.db_port,
        "db_password": site.db_password,
        "auth": site.auth,
        "packages": site.packages,
        "daemons": {part: asdict(d) | {"log": str(d.log)} for part, d in site.daemons.items()},
    }
    site.folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".record-", dir=site.folder)  # mode 0600
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, indent=2)
    Path(tmp).replace(site.folder / RECORD)


def start_site(
    site: Site, project: Path, register: Register, tuning: Mapping[str, str] | None = None
) -> list[str]:
    """Start whatever of database, server and worker is not running; register the deployments.

    `tuning` adds Prefect settings to every process (tests poll faster). On a failure, what this
    call started is stopped again and ServerError raised. Return one line per part.
    """
    started: list[str] = []
    try:
        if not site.running(DATABASE):
            _record(site, DATABASE, start_cluster(site.cluster, _log(site, DATABASE)), started)
        if not site.running(SERVER):
            _record(site, SERVER, _start_server(site, tuning or {}), started)
        register(site)
        if not site.running(WORKER):
            _record(site, WORKER, _start_worker(site, project, tuning or {}), started)
    except BaseException:
        stop_site(site, only=started)
        raise
    return status_lines(site)


def stop_site(site: Site, only: list[str] | None = None) -> list[str]:
    """Stop the worker, the server and the database, in that order, each by its PID."""
    lines = []
    for part in (WORKER, SERVER, DATABASE):
        daemon = site.daemons.get(part)
        if daemon is None or (only is not None and part not in only):
            continue
        stopped = stop_cluster(daemon) if part == DATABASE else stop(daemon)
        lines.append(f"{NAMES[part]}：{'已停止' if stopped else '本已停止'}（PID {daemon.pid}）")
        del site.daemons[part]
        save_site(site)
    return lines or ["没有正在运行的部分"]


def status_lines(site: Site) -> list[str]:
    """Return a line per part (running with its PID, or not), then where to open the UI."""
    lines = []
    for part in (DATABASE, SERVER, WORKER):
        daemon = site.running(part)
        state = f"运行中（PID {daemon.pid}）" if daemon else "未运行"
        lines.append(f"{NAMES[part]}：{state}")
    if site.running(SERVER):
        lines.append(
            f"浏览器打开：{site.where.ui_url}（登录时输入认证字符串，见 nianbao city-server env）"
        )
    return lines


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _record(site: Site, part: str, daemon: Daemon, started: list[str]) -> None:
    site.daemons[part] = daemon
    started.append(part)
    save_site(site)


def _log(site: Site, part: str) -> Path:
    return site.folder / "logs" / f"{part}.log"


def _prefect_env(site: Site, part: str, tuning: Mapping[str, str]) -> dict[str, str]:
    """Return this environment without Prefect or nianbao settings, plus the part's own home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NIANBAO_"))}
    home = site.folder / "prefect" / part
    home.mkdir(parents=True, exist_ok=True)
    return (
        env
        | {"PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
        | dict(tuning)
    )


def _start_server(site: Site, tuning: Mapping[str, str]) -> Daemon:
    if not port_free(site.where.host, site.where.port):
        raise ServerError(f"端口 {site.where.port} 已被占用：请用 --port 换一个端口")
    env = _prefect_env(site, SERVER, tuning) | server_environment(site.where)
    env |= {
        "PREFECT_SERVER_DATABASE_CONNECTION_URL": site.cluster.url,
        "PREFECT_SERVER_API_AUTH_STRING": site.auth,
        "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    }
    daemon = launch(NAMES[SERVER], server_command(site.where), env, _log(site, SERVER), site.folder)
    health = f"{site.where.local_api_url}/health"
    wait_until(daemon, lambda: _answers(health), SERVER_TIMEOUT_S)
    return daemon


def _start_worker(site: Site, project: Path, tuning: Mapping[str, str]) -> Daemon:
    env = _prefect_env(site, WORKER, tuning) | site.client_environment()
    env["NIANBAO_HOME"] = str(project)
    prefect = [sys.executable, "-m", "prefect", "worker", "start", "--pool", POOL]
    command = [*prefect, "--type", "process", "--name", f"{POOL}-worker"]
    daemon = launch(NAMES[WORKER], command, env, _log(site, WORKER), project)
    wait_until(daemon, lambda: _worker_online(site), WORKER_TIMEOUT_S)
    return daemon


def _answers(url: str, auth: tuple[str, str] | None = None) -> bool:
    try:
        return httpx.get(url, timeout=5, auth=auth).status_code == 200
    except httpx.HTTPError:
        return False


def _worker_online(site: Site) -> bool:
    """Return whether the pool has a worker whose heartbeat the server has seen."""
    user, password = site.auth.split(":", 1)
    url = f"{site.where.local_api_url}/work_pools/{POOL}/workers/filter"
    try:
        reply = httpx.post(url, json={}, auth=(user, password), timeout=5)
    except httpx.HTTPError:
        return False
    return reply.status_code == 200 and any(w.get("status") == "ONLINE" for w in reply.json())
