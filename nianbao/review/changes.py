"""The change list of a refresh: what happened to each figure, said in Chinese."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from nianbao.draft.context import FigureView

Kind = Literal[
    "updated", "conflict", "deleted", "ambiguous", "no_place", "gone", "wording", "stale"
]


@dataclass(frozen=True)
class Change:
    """One line of the change list: what happened to a figure (or its year-on-year wording)."""

    kind: Kind
    code: str
    name: str
    old: str = ""  # what nianbao wrote last time
    new: str = ""  # what the new data says
    now: str = ""  # what the draft shows (conflicts)
    note: str = ""
    where: str = ""  # the text of the paragraph concerned (wordings), one line per paragraph


@dataclass(frozen=True)
class RefreshResult:
    """The refreshed copy, its sidecar, and every change made or refused."""

    path: Path
    sidecar: Path
    changes: tuple[Change, ...]
    unchanged: int
    annex_rows: int = 0  # rows of the annex table refilled with the new data
    checklist_items: int = 0  # checklist items added or dropped because the data changed

    def of(self, kind: Kind) -> list[Change]:
        """Return the changes of `kind`, in document order."""
        return [c for c in self.changes if c.kind == kind]

    def report(self) -> list[str]:
        """Return the change list in Chinese, one line per figure (the CLI prints it)."""
        return report_lines(self)


_TITLES: dict[Kind, tuple[str, str]] = {
    "updated": ("已更新", "已更新"),
    "conflict": ("手工修改", "已被手工修改，保留草稿中的写法（未更新）"),
    "deleted": ("位置已删除", "位置已被删除（未更新）"),
    "ambiguous": ("位置不明", "找到多处，无法确定位置（未更新）"),
    "gone": ("新数据缺失", "新数据缺失，保留原数（请核对）"),
    "no_place": ("无处安放", "新数据在草稿中没有位置"),
    "wording": ("同比表述", "同比表述"),
    "stale": ("正文旧数字", "正文中仍是刷新前的数字（已标黄，请核改）"),
}


def report_lines(result: RefreshResult) -> list[str]:
    """Return the Chinese change list of `result`."""
    counts = {k: len(result.of(k)) for k in _TITLES}
    head = "、".join(f"{_TITLES[k][0]}{n}处" for k, n in counts.items() if n)
    lines = [f"刷新完成：{head or '没有需要更新的数字'}；其余{result.unchanged}处数字未变。"]
    if result.annex_rows:
        lines.append(f"附件主要数据表：{result.annex_rows}行已按新数据重填。")
    if result.checklist_items:
        lines.append(f"审核清单：{result.checklist_items}条随新数据增删，已重新编号。")
    for kind, (_, title) in _TITLES.items():
        items = result.of(kind)
        if items:
            lines.append(f"{title}：")
            lines += [f"  {_line(c)}" for c in items]
    return lines


def _line(c: Change) -> str:
    who = f"{c.name}（{c.code}）"
    if c.kind == "conflict":
        extra = f"；{c.note}" if c.note else ""
        return f"{who}：草稿中为“{c.now}”，上次生成为“{c.old}”，新数据为“{c.new}”{extra}"
    if c.kind == "no_place":
        return f"{who}：{c.new}"
    if c.kind == "wording" and c.note:
        where = f"；所在段落：“{c.where.replace(chr(10), '／')}”" if c.where else ""
        return f"{who}：未更新“{c.old}”（应为“{c.new}”；{c.note}）{where}"
    if c.kind == "stale":
        return f"{who}：“{c.now}”中的{c.old}，新数据为“{c.new}”"
    if c.kind in ("deleted", "ambiguous"):
        extra = f"，{c.note}" if c.note else ""
        return f"{who}：上次为“{c.old}”，新数据为“{c.new}”{extra}"
    return f"{who}：{c.old} → {c.new}"


def unprinted(
    views: Mapping[str, FigureView], record: Mapping[str, Any] | None, printed: Collection[str]
) -> list[Change]:
    """Return a change for each figure with new (or changed) data that the draft never printed."""
    earlier = (record or {}).get("figures", {})
    found = []
    for code, view in views.items():
        fig = view.figure
        if view.phrase is None or code in printed or fig is None:
            continue
        before = earlier.get(code, {}).get("value") if record is not None else None
        if record is None or before != (str(fig.value) if fig.value is not None else None):
            found.append(Change("no_place", code, view.name, new=view.phrase.text))
    return found
