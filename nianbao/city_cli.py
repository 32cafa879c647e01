"""The `nianbao city-server` commands: start, stop and show the city's shared server, print its settings."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from nianbao.core.errors import ServerError
from nianbao.core.paths import project_root
from nianbao.season.cityserver import (
    PACKAGES,
    POOL,
    load_site,
    open_site,
    start_site,
    status_lines,
    stop_site,
)
from nianbao.season.hosting import hosting
from nianbao.season.terminal import Command, Group

FOLDER = ".city-server"
city_server = typer.Typer(
    cls=Group,
    help=f"城市服务器：PostgreSQL 数据库、带认证的 Prefect 服务器、工作池 {POOL} 的工作进程。",
    no_args_is_help=True,
)
console = Console(highlight=False)
FolderOpt = Annotated[
    Path | None,
    typer.Option(
        "--folder",
        envvar="NIANBAO_CITY_SERVER",
        help=f"服务器文件夹：数据库、密码、日志（默认项目下的 {FOLDER}）",
    ),
]


def _folder(folder: Path | None) -> Path:
    return folder or project_root() / FOLDER


@city_server.command(cls=Command)
def start(
    folder: FolderOpt = None,
    host: Annotated[
        str | None,
        typer.Option("--host", help="监听地址：127.0.0.1 只供本机；0.0.0.0 供各区的电脑访问"),
    ] = None,
    port: Annotated[int | None, typer.Option("--port", help="端口（默认4200）")] = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name", envvar="NIANBAO_SERVER_NAME", help="监听 0.0.0.0 时其他电脑访问本机所用的名称"
        ),
    ] = None,
    packages: Annotated[
        str | None,
        typer.Option(
            "--packages",
            help="各县区报送数据包的位置：文件夹（共享目录）或 fsspec 网址（默认项目下的 packages）",
        ),
    ] = None,
) -> None:
    """启动城市服务器：数据库、Prefect 服务器（带认证）和工作进程，登记各部署。

    首次启动时建立数据库并生成密码和认证字符串，记在服务器文件夹的 city-server.json（仅本用户可读）。
    已在运行的部分不重复启动；各部分在后台运行，关闭终端不影响，用 nianbao city-server stop 停止。
    示例：nianbao city-server start --host 0.0.0.0 --port 4200
    """
    from flows.pool import register

    recorded = load_site(_folder(folder))
    where = None
    if host or port or name or not recorded:
        base = recorded.where if recorded else hosting()
        where = hosting(host or base.host, port or base.port, name)
    packages = packages or (None if recorded else str(project_root() / PACKAGES))
    site = open_site(_folder(folder), where, packages)
    with console.status("正在启动城市服务器（首次启动约需一分钟）…"):
        lines = start_site(site, project_root(), register)
    for line in lines:
        console.print(line, soft_wrap=True)
    console.print(f"各县区报送到：{site.packages}（nianbao publish --to 此位置）", soft_wrap=True)
    console.print(f"其他电脑：PREFECT_API_URL={site.where.api_url}", soft_wrap=True)


@city_server.command(cls=Command)
def stop(folder: FolderOpt = None) -> None:
    """按进程号停止工作进程、Prefect 服务器和数据库（依次）。"""
    site = load_site(_folder(folder))
    for line in stop_site(site) if site else ["尚未启动过城市服务器"]:
        console.print(line, soft_wrap=True)


@city_server.command(cls=Command)
def status(folder: FolderOpt = None) -> None:
    """显示数据库、Prefect 服务器和工作进程是否在运行，以及浏览器应打开的地址。"""
    site = load_site(_folder(folder))
    for line in status_lines(site) if site else ["尚未启动过城市服务器"]:
        console.print(line, soft_wrap=True)


@city_server.command(cls=Command)
def env(folder: FolderOpt = None) -> None:
    """打印连接城市服务器的设置（含认证字符串），如 eval "$(nianbao city-server env)"。"""
    site = load_site(_folder(folder))
    if site is None:
        raise ServerError(f"{_folder(folder)} 中尚未启动过城市服务器")
    settings = site.client_environment() | {"PREFECT_API_URL": site.where.api_url}
    for key, value in settings.items():
        typer.echo(f"export {key}={shlex.quote(value)}")
