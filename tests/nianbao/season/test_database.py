"""The city server's private PostgreSQL cluster: found, created with a password, started and stopped by PID."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from nianbao.core.errors import ServerError
from nianbao.season.cityserver import free_port
from nianbao.season.database import (
    BIN_VARIABLE,
    DATABASE,
    ROLE,
    Cluster,
    new_password,
    postgres_bin,
    require_bin,
    start_cluster,
    stop_cluster,
)


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


async def _connect(cluster: Cluster, password: str, database: str = DATABASE) -> str:
    """Return the server version seen by a client logging in as `nianbao` with `password`."""
    import asyncpg

    conn = await asyncpg.connect(
        host="127.0.0.1", port=cluster.port, user=ROLE, password=password, database=database
    )
    try:
        return str(await conn.fetchval("show server_version"))
    finally:
        await conn.close()


def test_missing_programs_say_which_package_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder without initdb is not PostgreSQL: the error names Debian's package and the variable."""
    monkeypatch.setenv(BIN_VARIABLE, str(tmp_path))
    assert postgres_bin() is None
    with pytest.raises(ServerError, match=rf"apt-get install postgresql.*{BIN_VARIABLE}"):
        require_bin()


@pytest.mark.parametrize("password", ["plain", "with/slash:and@at%"])
def test_the_connection_url_quotes_the_password(password: str) -> None:
    """The password goes into Prefect's URL quoted: SQLAlchemy (as Prefect) reads every part back."""
    from sqlalchemy.engine import make_url

    url = make_url(Cluster(Path("d"), 5432, password).url)
    assert (url.drivername, url.username, url.password) == ("postgresql+asyncpg", ROLE, password)
    assert (url.host, url.port, url.database) == ("127.0.0.1", 5432, DATABASE)


@pytest.mark.slow
@pytest.mark.postgres
def test_a_cluster_is_created_with_its_password_and_stopped_with_nothing_listening(
    postgres: Path, reachable_tmp: Callable[[], Path]
) -> None:
    """First start runs initdb and makes the database; only the password logs in; a second start
    reuses the data; after stop nothing listens on the port and the postmaster is gone."""
    cluster = Cluster(reachable_tmp() / "pg" / "data", free_port(), new_password())
    log = cluster.data.parent.parent / "logs" / "database.log"
    daemon = start_cluster(cluster, log)
    try:
        assert cluster.created
        assert _listening(cluster.port)
        assert asyncio.run(_connect(cluster, cluster.password)).startswith(postgres.parent.name)
        with pytest.raises(Exception, match="password authentication failed"):
            asyncio.run(_connect(cluster, "wrong"))
    finally:
        assert stop_cluster(daemon)
    assert not daemon.running
    assert not _listening(cluster.port)
    assert not (cluster.data / "postmaster.pid").exists()  # a clean shutdown, not a kill
    again = start_cluster(cluster, log)  # the same data, no second initdb
    try:
        assert asyncio.run(_connect(cluster, cluster.password))
    finally:
        stop_cluster(again)
    assert log.read_text("utf-8").count("Success. You can now start the database server") == 1
    assert not _listening(cluster.port)


@pytest.mark.postgres
@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="只在以 root 运行时适用"
)
def test_as_root_a_folder_the_postgres_account_cannot_enter_is_refused(
    postgres: Path, tmp_path: Path
) -> None:
    """As root the server runs as `postgres`; a cluster under a folder only root may enter is refused
    before initdb, naming that folder."""
    shut = tmp_path / "shut"
    shut.mkdir(mode=0o700)
    cluster = Cluster(shut / "pg" / "data", free_port(), new_password())
    with pytest.raises(ServerError, match=r"无法进入文件夹 .*（权限 0o700）"):
        start_cluster(cluster, tmp_path / "database.log")
    assert not cluster.created
