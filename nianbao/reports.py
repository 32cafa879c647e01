"""The office's spreadsheets written from a run: 校验报告.xlsx (every finding with its location)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from nianbao.catalogue import Catalogue
from nianbao.findings import Finding, sort_findings
from nianbao.storage import replace_file

FINDINGS_FILE = "校验报告.xlsx"
_HEADER = ("级别", "单位", "文件", "工作表", "单元格", "指标编码", "指标名称", "说明")
_ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
_WARN_FILL = PatternFill("solid", fgColor="FFEB9C")


def write_findings(findings: list[Finding], cat: Catalogue, out: Path) -> Path:
    """Write `findings` to the workbook `out` (replaced atomically) and return its path."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "校验结果"
    sheet.append(_HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    names = {u.id: u.name for u in cat.units}
    for f in sort_findings(findings):
        ind = cat.indicators.get(f.code)
        sheet.append(
            (
                f.level,
                names.get(f.unit, f.unit),
                f.file or "（全区汇总）",
                f.sheet,
                f.cell,
                f.code,
                ind.name if ind else "",
                f.message,
            )
        )
        fill = _ERROR_FILL if f.level == "错误" else _WARN_FILL
        sheet.cell(sheet.max_row, 1).fill = fill
    if not findings:
        sheet.append(("", "", "", "", "", "", "", "未发现问题"))
    for col, width in zip("ABCDEFGH", (6, 22, 36, 12, 8, 28, 30, 80), strict=True):
        sheet.column_dimensions[col].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return replace_file(out, book.save)
