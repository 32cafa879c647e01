"""The city server's own PostgreSQL (Debian's package): a private cluster in a folder, on 127.0.0.1."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from nianbao.core.errors import ServerError
from nianbao.season.daemons import Daemon, launch, stop, wait_until

BIN_VARIABLE = "NIANBAO_POSTGRES_BIN"
DEBIAN_ROOT = Path("/usr/lib/postgresql")  # Debian's postgresql-NN puts its programs in NN/bin
ROLE = "nianbao"
DATABASE = "prefect"
SYSTEM_USER = "postgres"  # Debian's account for the server, which refuses to run as root
START_TIMEOUT_S = 120.0
NAME = "数据库（PostgreSQL）"


@dataclass(frozen=True)
class Cluster:
    """A private cluster: its data folder, port on 127.0.0.1 and the password of role `nianbao`."""

    data: Path
    port: int
    password: str

    @property
    def url(self) -> str:
        """Return the SQLAlchemy URL of Prefect's database (the asyncpg driver Prefect uses)."""
        return f"postgresql+asyncpg://{ROLE}:{quote(self.password, safe='')}@127.0.0.1:{self.port}/{DATABASE}"

    @property
    def created(self) -> bool:
        """Return whether initdb has made the cluster."""
        return (self.data / "PG_VERSION").is_file()


def new_password() -> str:
    """Return a new random password (URL-safe, no quoting trouble in a connection string)."""
    return secrets.token_urlsafe(24)


def postgres_bin() -> Path | None:
    """Return the folder of PostgreSQL's programs: $NIANBAO_POSTGRES_BIN, Debian's newest, else PATH."""
    if env := os.environ.get(BIN_VARIABLE):
        return Path(env) if (Path(env) / "initdb").is_file() else None
    debian = sorted(DEBIAN_ROOT.glob("*/bin"), key=_major, reverse=True)
    for folder in debian:
        if (folder / "initdb").is_file() and (folder / "postgres").is_file():
            return folder
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def require_bin() -> Path:
    """Return the programs' folder, or raise ServerError saying how to install them."""
    if found := postgres_bin():
        return found
    raise ServerError(
        "未找到 PostgreSQL（initdb、postgres）：请安装 Debian 的 postgresql 软件包"
        f"（apt-get install postgresql），或设置 {BIN_VARIABLE} 为其程序所在的文件夹"
    )


def start_cluster(cluster: Cluster, log: Path) -> Daemon:
    """Start the cluster (created on first start) and its database `prefect`; return the server."""
    bins = require_bin()
    if not cluster.created:
        _create(bins, cluster, log)
    settings = ["listen_addresses=127.0.0.1", f"port={cluster.port}", "unix_socket_directories="]
    command = [str(bins / "postgres"), "-D", str(cluster.data)]
    for setting in settings:
        command += ["-c", setting]
    daemon = launch(NAME, command, _clean_env(), log, cluster.data.parent, _system_user())
    wait_until(daemon, lambda: _accepting(bins, cluster), START_TIMEOUT_S)
    _ensure_database(bins, cluster)
    return daemon


def stop_cluster(daemon: Daemon) -> bool:
    """Stop the server by its PID with PostgreSQL's fast shutdown (SIGINT, as `pg_ctl stop` does)."""
    return stop(daemon, signal.SIGINT)


def _create(bins: Path, cluster: Cluster, log: Path) -> None:
    """Run initdb: role `nianbao` with the cluster's password, scram-sha-256 for every connection."""
    folder = cluster.data.parent
    folder.mkdir(parents=True, exist_ok=True)
    user = _system_user()
    if user:
        _hand_over(folder, user)
    log.parent.mkdir(parents=True, exist_ok=True)
    pwfile = folder / ".pwfile"
    pwfile.write_text(cluster.password + "\n", encoding="utf-8")
    pwfile.chmod(0o600)
    if user:
        shutil.chown(pwfile, user)
    command = [str(bins / "initdb"), "-D", str(cluster.data), "-U", ROLE, f"--pwfile={pwfile}"]
    command += ["--auth=scram-sha-256", "--encoding=UTF8", "--no-locale"]
    try:
        with log.open("ab") as out:
            done = subprocess.run(
                command, env=_clean_env(), stdout=out, stderr=subprocess.STDOUT, user=user
            )
    finally:
        pwfile.unlink(missing_ok=True)
    if done.returncode:
        raise ServerError(f"{NAME}初始化失败（initdb 退出码{done.returncode}），日志见 {log}")


def _hand_over(folder: Path, user: str) -> None:
    """Give `folder` to `user`; refuse when a folder above it shuts that user out."""
    for above in folder.resolve().parents:
        mode = above.stat().st_mode
        if not mode & 0o001:
            raise ServerError(
                f"以 root 运行时数据库以系统用户 {user} 运行，但它无法进入文件夹 {above}"
                f"（权限 {oct(mode & 0o777)}）：请把服务器文件夹放在其他位置，或以普通用户运行"
            )
    shutil.chown(folder, user, user)
    folder.chmod(0o700)


def _ensure_database(bins: Path, cluster: Cluster) -> None:
    """Create the database `prefect` unless it exists."""
    query = f"select 1 from pg_database where datname = '{DATABASE}'"
    found = _client(bins, cluster, "psql", "-d", "postgres", "-tAc", query)
    if found.stdout.strip() != "1":
        made = _client(bins, cluster, "createdb", DATABASE)
        if made.returncode:
            raise ServerError(f"{NAME}无法建立数据库 {DATABASE}：{made.stderr.strip()}")


def _accepting(bins: Path, cluster: Cluster) -> bool:
    return _client(bins, cluster, "pg_isready", "-d", "postgres", "-q").returncode == 0


def _client(
    bins: Path, cluster: Cluster, program: str, *args: str
) -> subprocess.CompletedProcess[str]:
    """Run one of PostgreSQL's client programs against the cluster, as role `nianbao`."""
    where = ["-h", "127.0.0.1", "-p", str(cluster.port), "-U", ROLE]
    env = _clean_env() | {"PGPASSWORD": cluster.password, "PGCONNECT_TIMEOUT": "5"}
    return subprocess.run(
        [str(bins / program), *where, *args], env=env, capture_output=True, text=True, timeout=60
    )


def _system_user() -> str | None:
    """Return the account to run PostgreSQL as: `postgres` when this process is root, else None."""
    return SYSTEM_USER if hasattr(os, "geteuid") and os.geteuid() == 0 else None


def _clean_env() -> dict[str, str]:
    """Return this environment without libpq's PG* settings (they would redirect the programs)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")} | {"LC_ALL": "C.UTF-8"}


def _major(folder: Path) -> int:
    match = re.search(r"/(\d+)/bin$", folder.as_posix())
    return int(match.group(1)) if match else 0
