"""The 校验报告: every finding at its cell, and the 数据核对 sheet accounting for every typed value."""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from nianbao.checks.accounting import Accounting
from nianbao.core.errors import CatalogueError
from nianbao.core.findings import Finding, sort_findings
from nianbao.core.storage import replace_file
from nianbao.core.workbooks import ERROR_FILL, WARN_FILL, append_safe, new_book
from nianbao.profile.catalogue import Catalogue

FINDINGS_FILE = "校验报告.xlsx"
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


def write_findings(
    findings: list[Finding], cat: Catalogue, out: Path, accounting: Accounting | None = None
) -> Path:
    """Write `findings` (and the 数据核对 sheet of `accounting`) to `out` atomically; return its path."""
    book, sheet = new_book("校验结果", _HEADER)
    for f in sort_findings(findings):
        cells = append_safe(sheet, list(finding_row(f, cat).values()))
        cells[0].fill = ERROR_FILL if f.level == "错误" else WARN_FILL
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
    cells = []
    for tally in (*accounting.units, accounting.total):
        cells = append_safe(
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
            cells[len(_ACCOUNT_HEADER) - 1].fill = ERROR_FILL
    for cell in cells:  # the total's row
        cell.font = Font(bold=True)
    for col, width in zip("ABCDEFGH", (40, 8, 10, 10, 20, 20, 12, 8), strict=True):
        sheet.column_dimensions[col].width = width
    sheet.freeze_panes = "A2"
