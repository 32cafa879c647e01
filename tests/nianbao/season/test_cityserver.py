"""The city server's record (ports, secrets, PIDs), what `status` says, and a failed start undone."""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from nianbao.core.errors import ServerError
from nianbao.season.cityserver import (
    RECORD,
    SERVER,
    Site,
    load_site,
    open_site,
    save_site,
    start_site,
    status_lines,
)
from nianbao.season.daemons import Daemon
from nianbao.season.hosting import hosting


def _this_process(log: Path) -> Daemon:
    """Return this test process as a recorded daemon: one that is running."""
    return Daemon("Prefect 服务器", os.getpid(), psutil.Process().create_time(), log)


def test_a_new_site_gets_fresh_secrets_in_a_record_only_its_owner_reads(tmp_path: Path) -> None:
    """Two sites never share a password or auth string; the record is 0600 and reads back whole."""
    first = open_site(tmp_path / "a", hosting("127.0.0.1", 4300))
    second = open_site(tmp_path / "b")
    assert first.db_password != second.db_password
    assert first.auth != second.auth
    assert first.auth.startswith("nianbao:")
    assert first.packages == str((tmp_path / "packages").resolve())
    first.daemons[SERVER] = _this_process(tmp_path / "server.log")
    save_site(first)
    assert stat.S_IMODE((tmp_path / "a" / RECORD).stat().st_mode) == 0o600
    again = load_site(tmp_path / "a")
    assert again == first
    assert again is not None
    assert again.client_environment() == {
        "PREFECT_API_URL": "http://127.0.0.1:4300/api",
        "PREFECT_API_AUTH_STRING": first.auth,
    }


def test_a_recorded_site_keeps_its_secrets_and_takes_a_new_packages_location(
    tmp_path: Path,
) -> None:
    """Opening the folder again keeps database and secrets; --packages moves the location."""
    first = open_site(tmp_path / "s", packages="/srv/a")
    save_site(first)
    again = open_site(tmp_path / "s", packages="smb://file/b")
    assert (again.db_password, again.auth, again.db_port) == (
        first.db_password,
        first.auth,
        first.db_port,
    )
    assert again.packages == "smb://file/b"


def test_a_running_server_is_not_moved_to_another_port(tmp_path: Path) -> None:
    """A new port while the server runs is refused with a line saying to stop it first."""
    site = open_site(tmp_path / "s", hosting("127.0.0.1", 4300))
    site.daemons[SERVER] = _this_process(tmp_path / "server.log")
    save_site(site)
    with pytest.raises(ServerError, match="请先停止"):
        open_site(tmp_path / "s", hosting("127.0.0.1", 4301))


@pytest.mark.parametrize(
    ("running", "expected"),
    [
        (
            (),
            [
                "数据库（PostgreSQL）：未运行",
                "Prefect 服务器：未运行",
                "工作进程（工作池 nianbao-city）：未运行",
            ],
        ),
        ((SERVER,), ["数据库（PostgreSQL）：未运行", "Prefect 服务器：运行中（PID {pid}）"]),
    ],
)
def test_status_says_which_parts_run_and_the_address_only_while_the_server_runs(
    tmp_path: Path, running: tuple[str, ...], expected: list[str]
) -> None:
    """Each part is 运行中 with its PID or 未运行; the UI address follows only a running server."""
    site = open_site(tmp_path / "s", hosting("127.0.0.1", 4300))
    for part in running:
        site.daemons[part] = _this_process(tmp_path / "p.log")
    lines = status_lines(site)
    assert lines[: len(expected)] == [line.format(pid=os.getpid()) for line in expected]
    assert any("http://127.0.0.1:4300" in line for line in lines) == bool(running)


@pytest.mark.slow
@pytest.mark.postgres
def test_a_taken_port_stops_the_database_this_start_began(
    postgres: Path, reachable_tmp: Callable[[], Path]
) -> None:
    """The server's port is taken: start fails in Chinese naming the port, and the database it had
    started is stopped again; nothing is left running or listening."""
    root = reachable_tmp()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        site = open_site(root / "site", hosting("127.0.0.1", port))
        registered: list[Site] = []
        with pytest.raises(ServerError, match=f"端口 {port} 已被占用"):
            start_site(site, root, registered.append)
    assert registered == []
    assert site.daemons == {}
    assert load_site(root / "site") == site
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", site.db_port)) != 0
    assert site.cluster.created  # the database stays for the next start
    assert not (site.cluster.data / "postmaster.pid").exists()
