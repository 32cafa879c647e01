"""The `nianbao server` commands: the Prefect server in this terminal, or in the background for drafts to reuse."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from nianbao.season.localserver import DEFAULT_IDLE_MINUTES, start_local, status_lines, stop_local
from nianbao.season.terminal import Command, Group

server = typer.Typer(
    cls=Group,
    help="Prefect 服务器：不带子命令时在本终端运行；start、stop、status 管理本机后台服务器。",
    invoke_without_command=True,
)
console = Console(highlight=False)


def _home() -> Path:
    """Return Prefect's home of this project (set by importing the flows package, before Prefect)."""
    import flows  # noqa: F401  (project-local PREFECT_HOME, no telemetry, quiet server log)

    return Path(os.environ["PREFECT_HOME"])


@server.callback()
def foreground(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option("--host", help="监听地址：127.0.0.1 只供本机；0.0.0.0 供同事的电脑访问"),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口")] = 4200,
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            envvar="NIANBAO_SERVER_NAME",
            help="监听 0.0.0.0 时同事访问本机所用的名称或地址（默认本机的网络地址）",
        ),
    ] = None,
) -> None:
    """在本终端启动 Prefect 服务器（定时运行和网页界面），先打印浏览器应打开的地址。

    数据库和日志在项目的 .prefect/ 中，不向外发送使用统计；按 Ctrl+C 停止。
    示例：nianbao server --host 0.0.0.0 --name nianbao.example.gov.cn
    """
    if ctx.invoked_subcommand:
        return
    _home()
    from nianbao.season.hosting import greeting, hosting, replace_with_server

    where = hosting(host, port, name)
    for line in greeting(where):
        console.print(line, soft_wrap=True)
    replace_with_server(where)


@server.command(cls=Command)
def start(
    port: Annotated[int, typer.Option("--port", help="端口（只供本机：127.0.0.1）")] = 4200,
    idle: Annotated[
        float,
        typer.Option("--idle-minutes", help="无人使用（无请求、无打开的网页）多少分钟后自动停止"),
    ] = DEFAULT_IDLE_MINUTES,
) -> None:
    """在后台启动本机 Prefect 服务器：起草不再每次临时启动服务，运行记录可在网页界面查看。

    已在运行时不重复启动；关闭终端不影响；空闲后自动停止，也可用 nianbao server stop 停止。
    示例：nianbao server start --idle-minutes 60
    """
    home = _home()
    command = [sys.executable, "-m", "flows.local_server", str(port), str(idle * 60)]
    with console.status("正在启动本机 Prefect 服务器…"):
        running, started = start_local(home, port, idle, command)
    if not started:
        console.print("已在运行，未重复启动", soft_wrap=True)
    for line in running.lines():
        console.print(line, soft_wrap=True)


@server.command(cls=Command)
def stop() -> None:
    """按进程号停止本机后台 Prefect 服务器。"""
    for line in stop_local(_home()):
        console.print(line, soft_wrap=True)


@server.command(cls=Command)
def status() -> None:
    """显示本机后台 Prefect 服务器是否在运行、浏览器应打开的地址。"""
    for line in status_lines(_home()):
        console.print(line, soft_wrap=True)
