"""The office's spreadsheets written from a run: 校验报告.xlsx (every finding with its location), 报送情况.xlsx."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from nianbao.accounting import Accounting
from nianbao.catalogue import Catalogue
from nianbao.errors import CatalogueError
from nianbao.findings import Finding, sort_findings
from nianbao.lock import year_lock
from nianbao.status import COLUMNS, UnitStatus, ordered
from nianbao.storage import replace_file

FINDINGS_FILE = "校验报告.xlsx"
STATUS_FILE = "报送情况.xlsx"
_HEADER = (
    "级别",
    "单位",
    "文件",
    "工作表",
    "单元格",
    "指标编码",
    "指标名称",
    "原值",
    "问题",
    "建议",
    "类型",
)
TABLE_COLUMNS = ("级别", "单位", "文件", "工作表", "单元格", "原值", "问题", "建议")
_WIDTHS = (6, 22, 36, 12, 8, 28, 30, 20, 70, 50, 16)
_ACCOUNT_HEADER = (
    "单位",
    "文件数",
    "报送数值",
    "计入汇总",
    "相同副本（只计一次）",
    "未计入（已说明原因）",
    "未说明原因",
    "核对",
)
_FORMULA_START = ("=", "+", "-", "@")
_ESCAPE_LIKE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")  # text Excel would read as an escaped character
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")  # not allowed in a cell (tab and line feed are)
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # undecodable bytes of a file name (surrogateescape)
_ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
_WARN_FILL = PatternFill("solid", fgColor="FFEB9C")


def write_findings(
    findings: list[Finding], cat: Catalogue, out: Path, accounting: Accounting | None = None
) -> Path:
    """Write `findings` (and the 数据核对 sheet of `accounting`) to `out` atomically; return its path."""
    book, sheet = new_book("校验结果", _HEADER)
    for f in sort_findings(findings):
        append_safe(sheet, list(finding_row(f, cat).values()))
        fill = _ERROR_FILL if f.level == "错误" else _WARN_FILL
        sheet.cell(sheet.max_row, 1).fill = fill
    if not findings:
        sheet.append(("", "", "", "", "", "", "", "", "未发现问题", "", ""))
    for col, width in zip("ABCDEFGHIJK", _WIDTHS, strict=True):
        sheet.column_dimensions[col].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    if accounting is not None:
        _write_accounting(book.create_sheet("数据核对"), accounting)
    return replace_file(out, book.save)


def finding_row(f: Finding, cat: Catalogue) -> dict[str, str]:
    """Return one finding as a row of 校验报告.xlsx: {column name: text}."""
    ind = cat.indicators.get(f.code)
    values = (f.level, _unit_name(cat, f.unit), f.file or "（全区汇总）", f.sheet, f.cell, f.code)
    rest = (ind.name if ind else "", f.raw, f.message, f.advice, f.kind_name)
    return dict(zip(_HEADER, (*values, *rest), strict=True))


def _unit_name(cat: Catalogue, unit_id: str) -> str:
    try:
        return cat.unit(unit_id).name
    except CatalogueError:  # a file no roster unit was recognised in: its label as typed
        return unit_id


def findings_table(findings: list[Finding], cat: Catalogue) -> list[dict[str, str]]:
    """Return every finding (errors first) with the columns an office needs to fix it, for the UI."""
    rows = [finding_row(f, cat) for f in sort_findings(findings)]
    empty = dict.fromkeys(TABLE_COLUMNS, "") | {"问题": "未发现问题"}
    return [{c: row[c] for c in TABLE_COLUMNS} for row in rows] or [empty]


def _write_accounting(sheet: Worksheet, accounting: Accounting) -> None:
    """Fill 数据核对: per unit and in total, submitted = counted + copies + rejected with a reason."""
    sheet.append(_ACCOUNT_HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for tally in (*accounting.units, accounting.total):
        append_safe(
            sheet,
            (
                tally.unit,
                tally.files,
                tally.submitted,
                tally.counted,
                tally.copies,
                tally.rejected,
                len(tally.unaccounted),
                "平衡" if tally.balanced else "不平衡",
            ),
        )
        if not tally.balanced:
            sheet.cell(sheet.max_row, len(_ACCOUNT_HEADER)).fill = _ERROR_FILL
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCDEFGH", (40, 8, 10, 10, 20, 20, 12, 8), strict=True):
        sheet.column_dimensions[col].width = width
    sheet.freeze_panes = "A2"


def new_book(title: str, header: Sequence[str]) -> tuple[Workbook, Worksheet]:
    """Return a new workbook whose first sheet is named `title` and starts with a bold `header` row."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = title
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    return book, sheet


def append_safe(sheet: Worksheet, values: Sequence[object]) -> None:
    """Append a row whose texts show as they are: none becomes a formula (= + - @ stay text), a
    typed “_x000D_” stays those seven characters, control characters are shown as symbols (␍)."""
    sheet.append([visible(v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True


def visible(text: str) -> str:
    """Return `text` as a cell must hold it to show `text` itself in Excel, WPS and LibreOffice.

    The spreadsheet format reads “_x000D_” as a carriage return: its underscore is written
    escaped (_x005F_). A control character cannot be stored at all: it is shown by its symbol
    (U+2400 + code, e.g. ␍ for CR); an undecodable byte of a file name shows as U+FFFD.
    """
    if "_x" in text:
        text = _ESCAPE_LIKE.sub("_x005F_", text)
    text = _CONTROL.sub(lambda m: chr(0x2400 + ord(m[0])), text)
    return _SURROGATE.sub("\ufffd", text)


def write_status(rows: list[UnitStatus], out: Path, unidentified: Sequence[str] = ()) -> Path:
    """Write the submission status `rows` (missing first) and unrecognised files to `out`, atomically."""
    book, sheet = new_book("报送情况", COLUMNS)
    fills = {"未提交": _ERROR_FILL, "有错误": _WARN_FILL}
    for r in ordered(rows):  # counts as numbers and the time as a date cell, not as text
        counts = (r.errors, r.warnings) if r.files else (None, None)
        append_safe(sheet, (r.unit, r.state, *counts, "、".join(r.files), r.submitted_at))
        sheet.cell(sheet.max_row, 6).number_format = "yyyy-mm-dd hh:mm"
        if fill := fills.get(r.state):
            sheet.cell(sheet.max_row, 2).fill = fill
    for file in unidentified:
        append_safe(sheet, ("（无法识别单位）", "无法识别", "", "", file, ""))
        sheet.cell(sheet.max_row, 2).fill = _ERROR_FILL
    for col, width in zip("ABCDEF", (24, 10, 8, 8, 60, 18), strict=False):
        sheet.column_dimensions[col].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    with year_lock(out.parent, "更新报送情况"):
        return replace_file(out, book.save)
