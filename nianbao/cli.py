"""The `nianbao` command line: thin skins over the flows and the domain, errors as one Chinese line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from nianbao.errors import NianbaoError
from nianbao.paths import run_paths

app = typer.Typer(
    help="法治政府建设年度报告起草工具：生成填报表、查看报送情况、起草、刷新和定稿。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(highlight=False)
err = Console(stderr=True, highlight=False)

YearOpt = Annotated[int, typer.Option("--year", help="报告年度，如 2022")]
InputsOpt = Annotated[Path | None, typer.Option("--inputs", help="报表文件夹（默认 inputs/年度）")]
ProfileOpt = Annotated[str, typer.Option("--profile", help="配置名（templates_docx 下的文件夹）")]


@app.callback()
def _root() -> None:
    """法治政府建设年度报告起草工具。"""


OutOpt = Annotated[Path | None, typer.Option("--out", help="输出文件夹（默认 outputs/年度）")]


@app.command()
def draft(
    year: YearOpt, inputs: InputsOpt = None, profile: ProfileOpt = "default", out: OutOpt = None
) -> None:
    """读取报表、校验、汇总并生成 Word 草稿；最后一行输出草稿路径。

    示例：nianbao draft --year 2022
    """
    run_paths(year, inputs, profile, out)  # fail fast, before Prefect starts
    _quiet_console()
    from flows.draft import draft_annual_report
    from flows.runtime import quick_flow_settings

    with console.status("正在起草（内置 Prefect 启动约需10秒）…"), quick_flow_settings():
        summary = draft_annual_report(
            year, str(inputs) if inputs else None, profile, str(out) if out else None
        )
    table = Table(title=f"{year}年度草稿生成情况", show_header=False)
    table.add_row("已报送单位", f"{len(summary.submitted)}个")
    table.add_row("未报送或未采用", "、".join(summary.missing) or "无")
    table.add_row(
        "校验结果",
        f"错误{summary.errors}处，提醒{summary.warnings}处（见 {summary.findings_report.name}）",
    )
    table.add_row("待补充或数据不全的指标", f"{summary.to_complete}个")
    console.print(table)
    console.print(str(summary.draft), soft_wrap=True)


def _quiet_console() -> None:
    """Keep Prefect's console to critical messages: the CLI prints its own summary and errors.

    The full run log, tracebacks included, stays in $PREFECT_HOME/nianbao-runs.log.
    """
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")


def main() -> None:
    """Run the CLI, turning nianbao errors into one line of Chinese and exit code 1."""
    try:
        app()
    except NianbaoError as exc:
        err.print(f"错误：{exc}", soft_wrap=True)
        raise SystemExit(1) from None
