"""Where a sheet's tables and identity labels are: header rows and label cells known by their text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache

from nianbao.intake.cells import header_key, is_blank
from nianbao.intake.submission import Grid

UNIT_LABELS = ("单位名称", "填报单位", "报送单位")
YEAR_LABELS = ("填报年度", "报告年度", "统计年度", "年度")
DATE_LABELS = ("填报日期", "报送日期", "填报时间")
VERSION_LABELS = ("版本", "版本号")
# Header cell text (normalised) → column role; year headers like 2021年数值 are matched separately.
COLUMNS: dict[str, str] = {
    **dict.fromkeys(("指标编码", "编码", "指标代码", "代码"), "code"),
    **dict.fromkeys(("指标名称", "指标", "名称", "项目"), "name"),
    **dict.fromkeys(("单位", "计量单位"), "unit"),
    **dict.fromkeys(
        ("本年数值", "本年数", "本年度数值", "本年度", "本年", "本年值", "本年数据", "本期数值"),
        "value",
    ),
    **dict.fromkeys(("填报数值", "数值", "今年数值"), "value"),
    **dict.fromkeys(("上年数值", "上年数", "上年度数值", "上年度", "上年", "去年数值"), "previous"),
    **dict.fromkeys(("填报说明", "说明", "备注", "备注说明"), "note"),
    **dict.fromkeys(("序号", "编号"), "serial"),
    **dict.fromkeys(("报告部分", "所属部分", "部分"), "part"),
    **dict.fromkeys(("内容", "具体内容", "文字材料"), "text"),
    **dict.fromkeys(("类别", "类型"), "category"),
}
_LABEL_ROWS = 12
_KEY_ROLES = frozenset(("code", "part"))  # a header row of either table has one of these
_BLOCK_CELLS = 65_536
_LABELS = frozenset((*UNIT_LABELS, *YEAR_LABELS, *DATE_LABELS, *VERSION_LABELS))
_YEAR_HEADER = re.compile(r"^((?:19|20)\d\d)年度?(?:数值|数据|数|值|填报数|完成数)?$")


def marked_texts(grid: Grid) -> tuple[set[str], set[str]]:
    """Return the texts of `grid` that are identity labels, and those that head a table's key column.

    Each distinct text is looked at once (a cached verdict), however often it occurs.
    """
    labels, keys = set(), set()
    for cell in distinct_cells(grid):
        if type(cell) is str and (marks := _marks(cell)) != (False, False):
            if marks[0]:
                labels.add(cell)
            if marks[1]:
                keys.add(cell)
    return labels, keys


@lru_cache(maxsize=4096)
def _marks(cell: str) -> tuple[bool, bool]:
    """Return whether `cell` is an identity label, and whether it heads a 指标编码 or 报告部分 column."""
    return _label(cell) is not None, _role(cell) in _KEY_ROLES


def labels_of(grid: Grid, labels: set[str]) -> Iterator[tuple[int, int, str, object]]:
    """Yield (row, col, label, value) for the `labels` in the top rows: value to the right, or after a colon."""
    for r, row in enumerate(grid[:_LABEL_ROWS]):
        if labels.isdisjoint(row):
            continue
        for c, cell in enumerate(row):
            if cell not in labels or (found := _label(cell)) is None:
                continue
            label, rest = found
            if rest:
                yield r, c, label, rest
                continue
            right = next(((cc, v) for cc, v in enumerate(row) if cc > c and not is_blank(v)), None)
            if right is not None:
                yield r, right[0], label, right[1]


@lru_cache(maxsize=4096)
def _label(cell: str) -> tuple[str, str] | None:
    """Return (label, value typed after a colon or "") when `cell` is an identity label."""
    if len(cell) > 60:
        return None
    key = header_key(cell)
    if key in _LABELS:
        return key, ""
    label, colon, rest = unicodedata.normalize("NFKC", cell).partition(":")
    label = "".join(label.split())
    return (label, rest.strip()) if colon and label in _LABELS and rest.strip() else None


def headers(grid: Grid, keys: set[str]) -> Iterator[tuple[int, dict[str, int]]]:
    """Yield (row, role → column) for every header row of an indicator or free-text table.

    Candidates are the rows holding one of `keys` (a 指标编码 or 报告部分 header).
    """
    for r, row in enumerate(grid):
        if not keys.isdisjoint(row) and (columns := _columns(tuple(row))) is not None:
            yield r, dict(columns)


@lru_cache(maxsize=256)
def _columns(row: tuple[object, ...]) -> dict[str, int] | None:
    """Return role → column of a header row, None when `row` heads no table.

    Cached by content: every copy of a form has the same header rows. The caller gets a copy.
    """
    roles = {_role(cell) for cell in row if type(cell) is str}
    if not (
        ("code" in roles and ("value" in roles or "year" in roles)) or {"part", "text"} <= roles
    ):
        return None
    columns: dict[str, int] = {}
    years: dict[int, int] = {}
    for c, cell in enumerate(row):
        key = header_key(cell)
        if not key:
            continue
        if (role := COLUMNS.get(key)) is not None:
            columns.setdefault(role, c)
        elif match := _YEAR_HEADER.match(key):
            years[int(match[1])] = c
        else:
            columns[f"?{c}"] = c
    if "value" not in columns and years:
        latest = max(years)
        columns["value"] = years.pop(latest)
        if "previous" not in columns and latest - 1 in years:
            columns["previous"] = years.pop(latest - 1)  # 2022年数值 | 2021年数值
    columns.update({f"year{y}": c for y, c in years.items()})
    return columns


def distinct_cells(rows: Grid) -> set[object]:
    """Return the distinct values in `rows`, as a set built in C; of a very large sheet, only its texts.

    Cells are calamine's and csv's values (all hashable). A sheet over _BLOCK_CELLS cells is taken
    a block at a time and keeps only strings, so its numbers never fill one huge set.
    """
    if sum(map(len, rows)) <= _BLOCK_CELLS:
        return set().union(*rows)
    texts: set[object] = set()
    block: list[Sequence[object]] = []
    size = 0
    for row in rows:
        block.append(row)
        size += len(row)
        if size >= _BLOCK_CELLS:
            texts.update(c for c in set().union(*block) if type(c) is str)
            block, size = [], 0
    texts.update(c for c in set().union(*block) if type(c) is str)
    return texts


@lru_cache(maxsize=4096)
def _role(cell: str) -> str | None:
    """Return the column role of a header text (“year” for 2022年数值), None for other text."""
    if len(cell) > 24:
        return None
    key = header_key(cell)
    return COLUMNS.get(key) or ("year" if _YEAR_HEADER.match(key) else None)
