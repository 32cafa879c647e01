"""Readers: xlsx, xls and csv (UTF-8, GB18030) give the same rows, with file/sheet/cell references."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import xlwt

from nianbao.readers import cell_name, list_inputs, read_folder, read_submission

VALUES = {"zwfw.online_items": "1,426", "zwfw.four_star_items": 1414}


@pytest.mark.parametrize(
    ("row", "col", "expected"),
    [(0, 0, "A1"), (4, 3, "D5"), (9, 25, "Z10"), (0, 26, "AA1"), (1, 701, "ZZ2"), (0, 702, "AAA1")],
)
def test_cell_name_is_excel_a1(row: int, col: int, expected: str) -> None:
    """Zero-based coordinates become Excel A1 names, past column Z too."""
    assert cell_name(row, col) == expected


def test_xlsx_rows_keep_file_sheet_and_cell(write_workbook: Callable[..., Path]) -> None:
    """Every value remembers the cell it was typed in; identity comes from the label cells."""
    path = write_workbook("报表（修改后）.xlsx", "区政务服务和大数据管理局", VALUES)
    sub = read_submission(path, path.parent)
    assert sub.unit_label == "区政务服务和大数据管理局"
    assert sub.year_label == 2021
    assert [(v.code, v.raw, str(v.ref)) for v in sub.values] == [
        ("zwfw.online_items", "1,426", "报表（修改后）.xlsx［指标数据］D5"),
        ("zwfw.four_star_items", 1414.0, "报表（修改后）.xlsx［指标数据］D6"),
    ]
    assert sub.problems == []


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_reads_in_utf8_and_gb18030(write_csv: Callable[..., Path], encoding: str) -> None:
    """A csv export is decoded whatever its encoding and read like the indicator sheet."""
    path = write_csv("明港镇.csv", "明港镇", {"tj.disputes_received": "1,200"}, encoding=encoding)
    sub = read_submission(path, path.parent)
    assert sub.unit_label == "明港镇"
    assert [(v.code, v.raw, v.ref.cell) for v in sub.values] == [
        ("tj.disputes_received", "1,200", "D5")
    ]


def test_legacy_xls_is_read(tmp_path: Path) -> None:
    """An old .xls workbook is read through calamine like an .xlsx."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("指标数据")
    rows = [
        ["单位名称", "信阳景明公证处"],
        ["填报年度", 2021],
        [],
        ["指标编码", "指标名称", "单位", "本年数值"],
        ["fw.notarizations", "公证", "件", 3642],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(tmp_path / "公证处.xls"))
    sub = read_submission(tmp_path / "公证处.xls", tmp_path)
    assert sub.unit_label == "信阳景明公证处"
    assert [(v.code, v.raw, v.ref.cell) for v in sub.values] == [("fw.notarizations", 3642.0, "D5")]


def test_free_text_sheets_are_read_with_category_from_sheet(
    write_workbook: Callable[..., Path],
) -> None:
    """Free-text sheets give category (sheet name), report part and text, with the text cell."""
    texts = {
        "亮点做法": [("依法全面履行政府职能", "推行“一窗受理”。")],
        "存在问题": [("存在的问题和不足", "队伍薄弱。")],
    }
    path = write_workbook("a.xlsx", "区司法局", {}, texts=texts)
    sub = read_submission(path, path.parent)
    assert [(t.category, t.part, t.text, t.ref.sheet, t.ref.cell) for t in sub.texts] == [
        ("亮点做法", "依法全面履行政府职能", "推行“一窗受理”。", "亮点做法", "B2"),
        ("存在问题", "存在的问题和不足", "队伍薄弱。", "存在问题", "B2"),
    ]


def test_csv_free_text_section_uses_category_column(tmp_path: Path) -> None:
    """In a csv, a 类别 column tells which free-text sheet a row belongs to."""
    path = tmp_path / "t.csv"
    path.write_text(
        "单位名称,五里镇\n填报年度,2021\n\n指标编码,指标名称,单位,本年数值\ntj.elders,,名,12\n\n"
        "类别,报告部分,内容\n下一年打算,提升基层治理法治化水平,加强调解队伍。\n",
        encoding="gb18030",
    )
    sub = read_submission(path, tmp_path)
    assert [(t.category, t.part, t.text) for t in sub.texts] == [
        ("下一年打算", "提升基层治理法治化水平", "加强调解队伍。")
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "无法读取文件"),
        ("empty.csv", "单位名称,五里镇\n".encode(), "没有找到"),
    ],
    ids=["corrupt-xlsx", "no-indicator-table"],
)
def test_bad_file_gives_a_finding_not_an_exception(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    """A file that cannot be used is reported by name; reading never raises."""
    (tmp_path / name).write_bytes(content)
    sub = read_submission(tmp_path / name, tmp_path)
    assert [p.file for p in sub.problems] == [name]
    assert message in sub.problems[0].message


def test_folder_skips_lock_files_and_other_types(
    tmp_path: Path, write_workbook: Callable[..., Path]
) -> None:
    """Office lock files (~$x.xlsx) and non-spreadsheets are not submissions."""
    write_workbook("a.xlsx", "区司法局", {})
    (tmp_path / "~$a.xlsx").write_bytes(b"lock")
    (tmp_path / "说明.docx").write_bytes(b"doc")
    assert [p.name for p in list_inputs(tmp_path)] == ["a.xlsx"]
    assert [s.file for s in read_folder(tmp_path)] == ["a.xlsx"]
