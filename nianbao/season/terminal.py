"""The terminal's Chinese face: help panels in Chinese, and tables that fit an 80-column window."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from typer import rich_utils
from typer.core import TyperCommand, TyperGroup, TyperOption

if (
    TYPE_CHECKING
):  # annotations only: status loads pandas, adoption python-docx, before every command starts
    from nianbao.review.adopted_profile import Adopted
    from nianbao.season.status import UnitStatus

HELP_OPTION = "显示本帮助并退出"
# The options several commands share (typer reads them from the parameters' annotations)
YearOpt = Annotated[int, typer.Option("--year", help="报告年度，如 2022")]
InputsOpt = Annotated[Path | None, typer.Option("--inputs", help="报表文件夹（默认 inputs/年度）")]
ProfileOpt = Annotated[str, typer.Option("--profile", help="配置名（templates_docx 下的文件夹）")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="输出文件夹（默认 outputs/年度）")]
# typer's panel words are module settings read when help is drawn; these are the Chinese ones
rich_utils.OPTIONS_PANEL_TITLE = "选项"
rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
rich_utils.COMMANDS_PANEL_TITLE = "命令"
rich_utils.DEFAULT_STRING = "[默认：{}]"
rich_utils.REQUIRED_LONG_STRING = "[必填]"
rich_utils.ENVVAR_STRING = "[环境变量：{}]"


def _chinese_help(option: TyperOption | None) -> TyperOption | None:
    if option is not None:
        option.help = HELP_OPTION
    return option


class Group(TyperGroup):
    """The `nianbao` group, its --help described in Chinese."""

    def get_help_option(self, ctx: Any) -> TyperOption | None:  # typer's own Context type
        return _chinese_help(super().get_help_option(ctx))


class Command(TyperCommand):
    """A `nianbao` command, its --help described in Chinese."""

    def get_help_option(self, ctx: Any) -> TyperOption | None:  # typer's own Context type
        return _chinese_help(super().get_help_option(ctx))


def status_view(rows: Sequence[UnitStatus], title: str) -> Table:
    """Return the status table for the terminal: five narrow columns, a totals row and caption.

    File names are long and live in 报送情况.xlsx; the terminal shows who, what state, counts and when.
    """
    states = [r.state for r in rows]
    counted = "，".join(
        f"{s}{states.count(s)}个" for s in ("未提交", "有错误", "已提交") if s in states
    )
    table = Table(title=title, caption=f"共{len(rows)}个单位：{counted}", show_footer=True)
    footer = ["合计", "", str(sum(r.errors for r in rows)), str(sum(r.warnings for r in rows)), ""]
    for name, foot in zip(("单位", "状态", "错误", "提醒", "提交时间"), footer, strict=True):
        table.add_column(name, footer=foot, no_wrap=name != "单位")
    for r in rows:
        counts = (str(r.errors), str(r.warnings)) if r.files else ("", "")
        when = f"{r.submitted_at:%m-%d %H:%M}" if r.submitted_at else ""
        table.add_row(r.unit, r.state, *counts, when)
    return table


def prefill_words(filled: int, units: int, last_year: int) -> str:
    """Return what `forms` says of 上年数值: how many forms have them, truthfully."""
    if filled == units:
        return f"上年数值已按{last_year}年报表预填"
    if filled == 0:
        return f"未找到{last_year}年报表，上年数值未预填"
    return (
        f"{filled}个单位已按{last_year}年报表预填上年数值，{units - filled}个单位上年无报表，未预填"
    )


PUBLISH_HELP = """报送本区县已校验的数据包，供市级汇总。

每次报送为新的一版，不覆盖已报送的版本。读取本年报表并校验、汇总，把指标数值及来源单元格、各单位文字、校验摘要和清单写入报送位置的“年度/区县/版本号”文件夹。报送位置可以是文件夹（本机或共享目录）或 fsspec 网址；不写 --to 时用环境变量 NIANBAO_PUBLISH_TO，再用 catalogue.toml 中 profile 部分的 publish_to。

示例：nianbao publish --year 2022 --to //服务器/法治报送
"""
NO_TARGET = (
    "没有报送位置：请用 --to 指定，或设置环境变量 NIANBAO_PUBLISH_TO，"
    "或在 catalogue.toml 的 [profile] 中写 publish_to"
)


def published_words(district: str, year: int, revision: int, sha256: str) -> str:
    """Return what `publish` says once the package is written."""
    return f"{district}{year}年度数据包已报送：第{revision}版（校验码 {sha256[:12]}）"


ADOPT_HELP = """把写好的报告转为新配置：下一年按这份报告的原文起草。

读取报告（审阅中的草稿、定稿或手写的 .docx；.doc、.wps 先用 LibreOffice 转换），对照该年度的报表：与数据相符的数字改为指标标签，年份和同比说法自动更新，手写的序号改为自动编号，各报告部分的末尾接各单位以后报送的文字。
写入 templates_docx/新配置名/：模板、指标目录和单位名册（后两者复制自 --base 配置），以及 采用报告.xlsx（每个数字的类别、指标和原因）。不覆盖已有配置；最后一行输出新配置文件夹。

示例：nianbao adopt 关于2021年度法治政府建设工作的报告_定稿.docx --year 2021 --profile 平桥区2022
"""
ADOPT_OPTIONS = {
    "report": "写好的报告（.docx，或 .doc、.wps）",
    "year": "报告所写的年度，如 2021（读取 inputs/年度 的报表核对数字）",
    "profile": "新配置名（templates_docx 下的新文件夹；默认：区县名加下一年度，如 平桥区2022）",
    "base": "复制指标目录和单位名册的配置",
}


def adoption_lines(adopted: Adopted) -> list[str]:
    """Return what `nianbao adopt` prints: counts, parts, the template's check, the folder last."""
    from nianbao.review.adoption_book import summary_lines  # python-docx only when adopting

    problems = len(adopted.problems)
    check = f"模板检查：错误{adopted.lint_errors}处，提醒{problems - adopted.lint_errors}处"
    aliases = [
        f"建议加入指标目录的别名{len(adopted.aliases)}个，见采用报告.xlsx“建议别名”列；",
        "写入 catalogue.toml 相应指标的 aliases 后重新采用即可绑定（程序不修改指标目录）",
    ]
    return [
        *summary_lines(adopted.template),
        *(aliases if adopted.aliases else []),
        check + ("（运行 nianbao lint 查看）" if problems else ""),
        f"采用报告：{adopted.book}",
        str(adopted.folder),
    ]
