"""校验报告.xlsx shows every file name, sheet name and text exactly as the user would recognise it."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from nianbao.checks.report import write_findings
from nianbao.core.findings import Finding
from nianbao.core.workbooks import append_safe, new_book
from nianbao.profile.catalogue import Catalogue
from nianbao.season.status import write_status


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("查山乡_x000D_报表.xlsx", "查山乡_x000D_报表.xlsx"),
        ("_x005F_ and _X000d_ and _x41_", "_x005F_ and _X000d_ and _x41_"),
        ("回车\r名.xlsx", "回车␍名.xlsx"),
        ("a\x01b\x1bc\x00", "a␁b␛c␀"),
        ("两行\n文字\t制表", "两行\n文字\t制表"),
        ("\udcb1\udca8.csv", "\ufffd\ufffd.csv"),
        ("普通文字", "普通文字"),
    ],
    ids=[
        "escape-like-name",
        "escape-like-texts",
        "carriage-return",
        "controls",
        "kept",
        "bytes",
        "plain",
    ],
)
def test_report_cells_read_back_as_typed(
    tmp_path: Path, catalogue: Catalogue, text: str, shown: str
) -> None:
    """What a spreadsheet program shows (read here by calamine, which decodes like Excel) is the
    name as typed; characters no cell can hold are shown by their symbol, never dropped."""
    finding = Finding.error(text, text, "D5", f"问题：{text}", raw=text, advice=text)
    path = write_findings([finding], catalogue, tmp_path / "校验报告.xlsx")
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("校验结果").to_python()
    file, sheet, raw, message, advice = (rows[1][i] for i in (2, 3, 7, 8, 9))
    assert (file, sheet, raw, advice) == (shown, shown, shown, shown)
    assert message == f"问题：{shown}"


def test_status_report_names_an_unidentified_file_as_typed(tmp_path: Path) -> None:
    """报送情况.xlsx lists files whose unit is unknown; their names are escaped the same way."""
    path = write_status([], tmp_path / "报送情况.xlsx", ["报表_x000D_.xlsx", "回车\r.csv"])
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert [row[4] for row in rows[1:]] == ["报表_x000D_.xlsx", "回车␍.csv"]


def test_each_finding_row_is_coloured_by_its_level(tmp_path: Path, catalogue: Catalogue) -> None:
    """The level cell of every row carries its colour: errors red, warnings yellow, in row order."""
    findings = [
        Finding.error("甲.xlsx", "指标数据", "D5", "错一"),
        Finding.warning("乙.xlsx", "指标数据", "D6", "提醒一"),
        Finding.error("丙.xlsx", "指标数据", "D7", "错二"),
    ]
    path = write_findings(findings, catalogue, tmp_path / "校验报告.xlsx")
    sheet = load_workbook(path)["校验结果"]
    colours = {
        sheet.cell(r, 9).value: sheet.cell(r, 1).fill.fgColor.rgb
        for r in range(2, sheet.max_row + 1)
    }
    assert colours == {"错一": "00FFC7CE", "提醒一": "00FFEB9C", "错二": "00FFC7CE"}


@pytest.mark.parametrize("text", ["=SUM(A1)", "+86 123", "-5项", "@所有人"])
def test_a_row_appended_keeps_formula_like_text_as_text(text: str) -> None:
    """append_safe returns the new row's cells; a text that looks like a formula stays text."""
    _, sheet = new_book("表", ["甲", "乙"])
    append_safe(sheet, ["第一行", 1])
    cells = append_safe(sheet, [text, 2])
    assert [(c.row, c.column) for c in cells] == [(3, 1), (3, 2)]
    assert (cells[0].value, cells[0].data_type, cells[0].quotePrefix) == (text, "s", True)
    assert (sheet["A3"].value, sheet["B3"].value) == (text, 2)
