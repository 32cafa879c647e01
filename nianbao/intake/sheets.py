"""What a submitted sheet holds: identity labels, indicator table and free-text table, found by content."""

from __future__ import annotations

import re
from collections.abc import Sequence
from sys import intern

from nianbao.core.findings import Finding
from nianbao.intake.cells import cell_name, is_blank, text_of
from nianbao.intake.census import unread_cells
from nianbao.intake.formats.ooxml import SheetExtras
from nianbao.intake.headers import (
    DATE_LABELS,
    UNIT_LABELS,
    VERSION_LABELS,
    YEAR_LABELS,
    headers,
    labels_of,
    marked_texts,
)
from nianbao.intake.submission import (
    CellRef,
    Formula,
    Merged,
    RawText,
    RawValue,
    Sheet,
    Submission,
    make_raw,
    make_ref,
)
from nianbao.intake.values import percent_typed

CATEGORIES = ("亮点做法", "存在问题", "下一年打算")
_CODE_LIKE = re.compile(r"[A-Za-z].*[.．。].*[A-Za-z]")


def scan(sub: Submission, sheet: Sheet) -> None:
    """Add to `sub` the identity, indicator rows, texts and problems found in `sheet`."""
    before = (len(sub.values), len(sub.texts), sub.unit_ref, sub.year_ref)
    labels, keys = marked_texts(sheet.grid)
    if labels:
        _scan_labels(sub, sheet, labels)
    tops = list(headers(sheet.grid, keys)) if keys else []
    for i, (r, columns) in enumerate(tops):
        end = tops[i + 1][0] if i + 1 < len(tops) else len(sheet.grid)
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


def _scan_labels(sub: Submission, sheet: Sheet, labels: set[str]) -> None:
    for r, c, label, value in labels_of(sheet.grid, labels):
        ref = CellRef(sub.file, sheet.name, cell_name(r, c))
        if label in UNIT_LABELS and sub.unit_ref is None:
            sub.unit_label, sub.unit_ref = text_of(value), ref
        elif label in YEAR_LABELS and sub.year_ref is None:
            sub.year_label, sub.year_ref = value, ref
        elif label in DATE_LABELS and sub.filled is None:
            sub.filled = value
        elif label in VERSION_LABELS and sub.version is None:
            sub.version = value


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
    marked = bool(uncached or errors or percent)  # cells calamine does not show as Excel does
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
        previous = prev_ref = None
        if prev_col is not None:
            previous = row[prev_col] if prev_col < width else None
            if marked:
                previous = _previous(row, r, prev_col, extras)
            elif type(previous) is not float and is_blank(previous):
                previous = None
            prev_ref = make_ref((file, name, cell_name(r, prev_col)))
        found.append(
            make_raw(
                (
                    code,  # the same few codes in every file, interned
                    raw,
                    make_ref((file, name, cell_name(r, value_col))),  # shared strings (memory)
                    make_ref((file, name, cell_name(r, code_col))),
                    r in hidden,
                    _merged_over_rows(merged, r, value_col) if merged else "",
                    previous,
                    prev_ref,
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
