"""The `nianbao` command line: thin skins over the flows and the domain, errors as one Chinese line."""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from nianbao import season_cli
from nianbao.city_cli import city_server
from nianbao.core.errors import NianbaoError, fault_line
from nianbao.core.paths import run_paths
from nianbao.season import terminal
from nianbao.season.terminal import (
    PUBLISH_HELP,
    Command,
    Group,
    InputsOpt,
    OutOpt,
    ProfileOpt,
    YearOpt,
)
from nianbao.server_cli import server

app = typer.Typer(
    cls=Group,
    help="法治政府建设年度报告起草工具：生成填报表、查看报送情况、起草、刷新和定稿。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(highlight=False)
err = Console(stderr=True, highlight=False)


@app.callback()
def _root() -> None:
    """法治政府建设年度报告起草工具。"""


app.command(cls=Command)(season_cli.forms)
app.command(cls=Command)(season_cli.status)


@app.command(cls=Command)
def draft(
    year: YearOpt,
    inputs: InputsOpt = None,
    profile: ProfileOpt = "default",
    out: OutOpt = None,
    skip_unchanged: Annotated[
        bool,
        typer.Option(
            "--skip-unchanged",
            help="报表、模板、配置和程序 都未变化时不生成新草稿， 只在运行记录中记一行",
        ),
    ] = False,
) -> None:
    """读取报表、校验、汇总，生成 Word 草稿。

    同时写出校验报告、数据附表和图表；最后一行输出草稿路径。
    示例：nianbao draft --year 2022
    """
    from nianbao.core.memory import paused_gc
    from nianbao.profile.loading import load_catalogue

    paths = run_paths(year, inputs, profile, out)  # fail fast, before Prefect starts
    _quiet_console()
    from flows.embedded import embedded_api

    # the temporary Prefect API starts in its own process while the catalogue is checked and
    # the flows are imported; a broken catalogue stops it again, with all its problems at once
    with console.status("正在起草…"), embedded_api() as recording:
        with paused_gc():  # imports build many objects, none of them garbage
            load_catalogue(paths.profile)
            from flows.draft import draft_annual_report, preload
            from flows.runtime import quick_flow_settings
            from nianbao.draft.gaps import INCOMPLETE, PLACES

            preload()

        with quick_flow_settings(), recording.serving():
            summary = draft_annual_report(
                year,
                str(inputs) if inputs else None,
                profile,
                str(out) if out else None,
                skip_unchanged=skip_unchanged,
            )
    if summary.unchanged:
        console.print("未发生变化，未生成新草稿；上次草稿：")
    table = Table(title=f"{year}年度草稿生成情况", show_header=False)
    table.add_row("已报送单位", f"{len(summary.submitted)}个")
    table.add_row("未报送或未采用", "、".join(summary.missing) or "无")
    table.add_row(
        "校验结果",
        f"错误{summary.errors}处，提醒{summary.warnings}处（见 {summary.findings_report.name}）",
    )
    table.add_row(PLACES, f"{len(summary.placeholders)}处")
    table.add_row(INCOMPLETE, f"{len(summary.incomplete)}个")
    for gap in summary.missing_charts:
        table.add_row("未能生成的图表", gap)
    console.print(table)
    for place in summary.placeholders:
        console.print(f"{PLACES}：{place}", soft_wrap=True)
    if recording.server:
        console.print(f"运行记录：本机 Prefect 服务器 {recording.server}", soft_wrap=True)
    console.print(str(summary.draft), soft_wrap=True)


@app.command(cls=Command)
def refresh(
    draft: Annotated[Path, typer.Argument(help="审阅中的草稿（.docx， 可以是 Word/WPS 改过的）")],
    year: YearOpt,
    inputs: InputsOpt = None,
    profile: ProfileOpt = "default",
    source: Annotated[
        str | None,
        typer.Option("--from", help="市级草稿：各县区数据包的报送位置（与 --profile city 同用）"),
    ] = None,
) -> None:
    """用新数据刷新审阅中的草稿（另存新文件）。

    只更新程序写入后未被手工改动的数字，其余修改原样保留；改写的句子、删除或移动的段落、格式和批注都保留；不覆盖原文件，另存为新文件，并列出已更新、
    手工修改（冲突）、位置已删除和无处安放的数字。最后一行输出新文件路径。
    示例：nianbao refresh 关于2022年度法治政府建设工作的报告_草稿_20230301-090000.docx --year 2022
    """
    from nianbao import pipeline
    from nianbao.core.paths import profile_dir
    from nianbao.profile.loading import load_catalogue

    if source:  # a city draft: the districts' packages in use at `source`
        cat = load_catalogue(profile_dir(profile))
        with console.status("正在刷新市级草稿…"):
            result = pipeline.refresh_city(draft, source, year, cat)
    else:
        paths = run_paths(year, inputs, profile)
        with console.status("正在刷新草稿…"):
            result = pipeline.refresh_draft(
                draft, load_catalogue(paths.profile), year, paths.inputs
            )
    for line in result.report():
        console.print(line, soft_wrap=True)
    console.print(str(result.path), soft_wrap=True)


@app.command(cls=Command)
def finalize(
    draft: Annotated[Path, typer.Argument(help="审核后的草稿（.docx）")],
    pdf: Annotated[bool, typer.Option("--pdf", help="同时用 LibreOffice 生成 PDF")] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="仍有待补充处、未确认内容 或未处理的修订时也生成定稿"),
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="定稿文件路径（默认与草稿 同目录，“草稿”改为“定稿”）"),
    ] = None,
) -> None:
    """生成定稿：去掉审阅用的标记和附件。

    去掉批注、内容控件、书签、突出显示、来源标注、审核清单、数据附件和数字记录，其余文字和版式不变。

    草稿中还有待补充处（【待补充】）、未经审核确认的内容（待确认段落、候选内容）或未处理的修订时不生成定稿，并列出这些位置；
    确需先出稿请加 --force。从不覆盖已有文件。
    示例：nianbao finalize 关于2022年度法治政府建设工作的报告_草稿_20250301-101500.docx --pdf
    """
    from nianbao.draft.gaps import PLACES
    from nianbao.review.finalize import finalize_draft
    from nianbao.review.pdf import to_pdf

    result = finalize_draft(draft, out, force=force)
    for place in result.placeholders:
        err.print(f"提醒：定稿中仍有{PLACES}：{place}", soft_wrap=True)
    for mark in result.unreviewed:
        err.print(f"提醒：定稿中有未经审核确认的内容：{mark}", soft_wrap=True)
    if result.revisions:
        err.print(f"提醒：定稿中仍有{result.revisions}处未处理的修订")
    console.print("已去除：" + "、".join(f"{k}{v}处" for k, v in result.removed.items()))
    console.print(str(result.path), soft_wrap=True)
    if pdf:  # the last line is the last file written
        with console.status("正在用 LibreOffice 生成 PDF…"):
            console.print(str(to_pdf(result.path)), soft_wrap=True)


@app.command(cls=Command, help=terminal.ADOPT_HELP)
def adopt(
    report: Annotated[Path, typer.Argument(help=terminal.ADOPT_OPTIONS["report"])],
    year: Annotated[int, typer.Option("--year", help=terminal.ADOPT_OPTIONS["year"])],
    profile: Annotated[
        str | None, typer.Option("--profile", help=terminal.ADOPT_OPTIONS["profile"])
    ] = None,
    base: Annotated[str, typer.Option("--base", help=terminal.ADOPT_OPTIONS["base"])] = "default",
    inputs: InputsOpt = None,
) -> None:
    from nianbao import pipeline
    from nianbao.profile.loading import load_catalogue
    from nianbao.review.adopted_profile import new_folder, profile_name

    paths = run_paths(year, inputs, base)
    cat = load_catalogue(paths.profile)
    folder = new_folder(profile or profile_name(cat, year))
    with console.status("正在把报告转为模板…"):
        adopted = pipeline.adopt_report(report, year, paths.inputs, cat, folder)
    for line in terminal.adoption_lines(adopted):
        console.print(line, soft_wrap=True, markup=False)


@app.command(cls=Command)
def lint(
    template: Annotated[
        Path | None, typer.Argument(help="Word 模板（默认：配置中的 report.docx）")
    ] = None,
    profile: ProfileOpt = "default",
) -> None:
    """检查 Word 模板，一次列出全部问题。

    语法错误、未定义的名称、被拆开的标签、指标编码和报告部分等，每个问题注明所在段落。

    有“错误”时退出码为 1；“提醒”不影响退出码。示例：nianbao lint templates_docx/default/report.docx
    """
    from nianbao.core.paths import profile_dir
    from nianbao.draft.lint import lint_template
    from nianbao.profile.loading import load_catalogue

    cat = load_catalogue(profile_dir(profile))
    path = template or cat.template_path
    problems = lint_template(path, cat)
    for problem in problems:
        (err if problem.level == "错误" else console).print(str(problem), soft_wrap=True)
    errors = sum(p.level == "错误" for p in problems)
    console.print(f"{path.name}：错误{errors}处，提醒{len(problems) - errors}处")
    if errors:
        raise typer.Exit(1)


app.command(cls=Command, help=PUBLISH_HELP)(season_cli.publish)


app.add_typer(server, name="server")
app.add_typer(city_server, name="city-server")


def _quiet_console() -> None:
    """Keep Prefect's console to critical messages: the CLI prints its own summary and errors.

    The full run log, tracebacks included, stays in $PREFECT_HOME/nianbao-runs.log.
    """
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_RUNS_LEVEL", "CRITICAL")


def main() -> None:
    """Run the CLI, turning nianbao errors into one line of Chinese and exit code 1.

    Any other exception is a fault of nianbao itself: one line naming it, exit code 2, no
    traceback (NIANBAO_TRACEBACK=1 shows it). The units' files are only ever read: none is lost.
    """
    try:
        app()
    except NianbaoError as exc:
        err.print(f"错误：{exc}", soft_wrap=True, markup=False)  # [[indicator]] is not markup
        raise SystemExit(1) from None
    except Exception as exc:  # the edge of the program: no traceback for users
        if os.environ.get("NIANBAO_TRACEBACK") == "1":
            raise
        err.print(f"程序内部错误：{fault_line(exc)}", soft_wrap=True, markup=False)
        raise SystemExit(2) from None
    finally:
        gc.freeze()  # the collector's last pass over every object at exit took 0.5 s of a draft
