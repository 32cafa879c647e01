"""The terminal's Chinese face: help panels in Chinese, and tables that fit an 80-column window."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.table import Table
from typer import rich_utils
from typer.core import TyperCommand, TyperGroup, TyperOption

if TYPE_CHECKING:  # rows only: importing status would load pandas before every command starts
    from nianbao.season.status import UnitStatus

HELP_OPTION = "显示本帮助并退出"
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
