"""What a submitted sheet holds: identity labels, indicator table and free-text table, found by content."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache
from sys import intern

from nianbao.core.findings import Finding
from nianbao.intake.cells import cell_name, header_key, is_blank, text_of
from nianbao.intake.census import unread_cells
from nianbao.intake.formats.ooxml import SheetExtras
from nianbao.intake.submission import (
    CellRef,
    Formula,
    Grid,
    Merged,
    RawText,
    RawValue,
    Sheet,
    Submission,
    make_raw,
    make_ref,
)
from nianbao.intake.values import percent_typed

UNIT_LABELS = ("单位名称", "填报单位", "报送单位")
YEAR_LABELS = ("填报年度", "报告年度", "统计年度", "年度")
DATE_LABELS = ("填报日期", "报送日期", "填报时间")
VERSION_LABELS = ("版本", "版本号")
CATEGORIES = ("亮点做法", "存在问题", "下一年打算")
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
_CODE_LIKE = re.compile(r"[A-Za-z].*[.．。].*[A-Za-z]")


def scan(sub: Submission, sheet: Sheet) -> None:
    """Add to `sub` the identity, indicator rows, texts and problems found in `sheet`."""
    before = (len(sub.values), len(sub.texts), sub.unit_ref, sub.year_ref)
    _scan_labels(sub, sheet)
    headers = list(_headers(sheet.grid))
    for i, (r, columns) in enumerate(headers):
        end = headers[i + 1][0] if i + 1 < len(headers) else len(sheet.grid)
        _report_unknown(sub, sheet, r, columns)
        if "code" in columns and "value" in columns:
            found = _indicator_rows(sub, sheet, r, end, columns)
            sub.values.extend(found)
            sub.unread.extend(unread_cells(sub.file, sheet, r, end, columns["value"], found))
        else:
            _text_rows(sub, sheet, r, end, columns)
    if sheet.hidden and before != (len(sub.values), len(sub.texts), sub.unit_ref, sub.year_ref):
        sub.problems.append(
            Finding.warning(
                sub.file,
                sheet.name,
                "",
                f"工作表“{sheet.name}”是隐藏的，其中的内容已读取",
                advice="请确认隐藏工作表中的内容确需报送；不需要的请删除后重新报送",
                kind="sheet.hidden",
            )
        )


def _scan_labels(sub: Submission, sheet: Sheet) -> None:
    for r, c, label, value in _labels(sheet.grid):
        ref = CellRef(sub.file, sheet.name, cell_name(r, c))
        if label in UNIT_LABELS and sub.unit_ref is None:
            sub.unit_label, sub.unit_ref = text_of(value), ref
        elif label in YEAR_LABELS and sub.year_ref is None:
            sub.year_label, sub.year_ref = value, ref
        elif label in DATE_LABELS and sub.filled is None:
            sub.filled = value
        elif label in VERSION_LABELS and sub.version is None:
            sub.version = value


def _labels(grid: Grid) -> Iterator[tuple[int, int, str, object]]:
    """Yield (row, col, label, value) for identity labels: value to the right, or after a colon."""
    top = grid[:_LABEL_ROWS]
    labels = {c for c in distinct_cells(top) if type(c) is str and _label(c) is not None}
    for r, row in enumerate(top):
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


def _headers(grid: Grid) -> Iterator[tuple[int, dict[str, int]]]:
    """Yield (row, role → column) for every header row of an indicator or free-text table."""
    for r in _candidate_rows(grid):
        row = grid[r]
        roles = {_role(cell) for cell in row if type(cell) is str}
        if not (
            ("code" in roles and ("value" in roles or "year" in roles)) or {"part", "text"} <= roles
        ):
            continue
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
        yield r, columns


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


def _candidate_rows(grid: Grid) -> list[int]:
    """Return the rows holding a 指标编码 or 报告部分 header, found once per distinct text (speed)."""
    keys = {c for c in distinct_cells(grid) if type(c) is str and _role(c) in _KEY_ROLES}
    return [r for r, row in enumerate(grid) if not keys.isdisjoint(row)] if keys else []


@lru_cache(maxsize=4096)
def _role(cell: str) -> str | None:
    """Return the column role of a header text (“year” for 2022年数值), None for other text."""
    if len(cell) > 24:
        return None
    key = header_key(cell)
    return COLUMNS.get(key) or ("year" if _YEAR_HEADER.match(key) else None)


def _report_unknown(sub: Submission, sheet: Sheet, r: int, columns: dict[str, int]) -> None:
    for role, c in columns.items():
        if role.startswith("?"):
            sub.problems.append(
                Finding.warning(
                    sub.file,
                    sheet.name,
                    cell_name(r, c),
                    f"表头“{text_of(sheet.grid[r][c])}”不是报表规定的列，该列内容未读取",
                    raw=text_of(sheet.grid[r][c]),
                    advice="需要说明的情况请写在“填报说明”列",
                    kind="sheet.unknown_column",
                )
            )


def _indicator_rows(
    sub: Submission, sheet: Sheet, top: int, end: int, columns: dict[str, int]
) -> list[RawValue]:
    code_col, value_col, prev_col = columns["code"], columns["value"], columns.get("previous")
    extras, file, name, grid, merged = sheet.extras, sub.file, sheet.name, sheet.grid, sheet.merged
    uncached, errors, hidden, percent = (
        extras.uncached,
        extras.errors,
        extras.hidden_rows,
        extras.percent,
    )
    found = []
    for r in range(top + 1, end):
        row = grid[r]
        width = len(row)
        cell = row[code_col] if code_col < width else None
        code = intern(cell.strip().replace("\u3000", "") if type(cell) is str else text_of(cell))
        raw = row[value_col] if value_col < width else None
        if uncached and (r, value_col) in uncached:
            raw = Formula(uncached[r, value_col])
        elif errors and (r, value_col) in errors:
            raw = errors[r, value_col]  # calamine reads #DIV/0! as an empty cell
        elif percent and type(raw) is float and (r, value_col) in percent:
            raw = percent_typed(raw)  # Excel keeps “99.16%” as 0.9916 in a percent-formatted cell
        elif type(raw) is not float and is_blank(raw) and not _CODE_LIKE.search(code):
            continue  # a blank row, or a note below the table (填表人：…)
        found.append(
            make_raw(
                (
                    code,  # the same few codes in every file, interned
                    raw,
                    make_ref((file, name, cell_name(r, value_col))),  # shared strings (memory)
                    make_ref((file, name, cell_name(r, code_col))),
                    r in hidden,
                    _merged_over_rows(merged, r, value_col) if merged else "",
                    *(
                        (
                            _previous(row, r, prev_col, extras),
                            make_ref((file, name, cell_name(r, prev_col))),
                        )
                        if prev_col is not None
                        else (None, None)
                    ),
                )
            )
        )
    return found


def _previous(row: Sequence[object], r: int, c: int, extras: SheetExtras) -> object:
    """Return the 上年数值 cell of row `r` as shown (None when blank), read like the 本年数值 cell."""
    raw = row[c] if c < len(row) else None
    if extras.uncached and (r, c) in extras.uncached:
        return Formula(extras.uncached[r, c])
    if extras.errors and (r, c) in extras.errors:
        return extras.errors[r, c]
    if extras.percent and type(raw) is float and (r, c) in extras.percent:
        return percent_typed(raw)
    return None if is_blank(raw) else raw


def _merged_over_rows(merged: Merged, r: int, c: int) -> str:
    for (r1, c1), (r2, c2) in merged:
        if r1 == r and r2 > r1 and c1 <= c <= c2:
            return f"{cell_name(r1, c1)}:{cell_name(r2, c2)}"
    return ""


def _text_rows(sub: Submission, sheet: Sheet, top: int, end: int, columns: dict[str, int]) -> None:
    part_col, text_col, cat_col = columns["part"], columns["text"], columns.get("category")
    for r in range(top + 1, end):
        row = sheet.grid[r]
        cell = _at(row, text_col)
        text = "" if is_blank(cell) else str(cell).strip()
        part = text_of(_at(row, part_col))
        category = text_of(_at(row, cat_col)) if cat_col is not None else sheet.name
        if not text and not part:
            continue
        ref = CellRef(sub.file, sheet.name, cell_name(r, text_col))
        if category not in CATEGORIES:
            where = cell_name(r, cat_col if cat_col is not None else text_col)
            sub.problems.append(
                Finding.error(
                    sub.file,
                    sheet.name,
                    where,
                    f"文字材料类别“{category}”不是“亮点做法/存在问题/下一年打算”之一，该段文字未采用",
                    raw=category,
                    advice="类别请填写“亮点做法”“存在问题”或“下一年打算”",
                    kind="text.category",
                )
            )
        elif text:
            sub.texts.append(RawText(category, part, text, ref, r in sheet.extras.hidden_rows))


def _at(row: Sequence[object], col: int | None) -> object:
    return row[col] if col is not None and col < len(row) else None
