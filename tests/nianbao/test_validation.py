"""Validation: every problem found at once, located down to the cell, in Chinese; good files still count."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from nianbao.catalogue import Catalogue
from nianbao.readers import read_folder
from nianbao.validation import Intake, match_unit, validate

Build = Callable[..., Path]


def _validate(folder: Path, catalogue: Catalogue, year: int = 2021) -> Intake:
    return validate(read_folder(folder), catalogue, year)


@pytest.mark.parametrize(
    ("value", "cell_text"),
    [
        ("约二十", "含有“约”"),
        ("若干", "若干"),
        ("-", "请留空"),
        ("3.5", "应为整数"),
        ("3个", "单位“个”与指标单位“项”不符"),
    ],
    ids=["approximate", "vague", "placeholder", "fractional-count", "wrong-unit-word"],
)
def test_bad_value_is_an_error_at_its_cell(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue, value: str, cell_text: str
) -> None:
    """A value that cannot be used is reported at file, sheet and cell, and is not counted."""
    write_workbook("政务.xlsx", "区政务服务和大数据管理局", {"zwfw.online_items": value})
    intake = _validate(tmp_path, catalogue)
    errors = [f for f in intake.findings if f.level == "错误"]
    assert [(f.file, f.sheet, f.cell, f.code) for f in errors] == [
        ("政务.xlsx", "指标数据", "D5", "zwfw.online_items")
    ]
    assert cell_text in errors[0].message
    assert intake.entries == []


@pytest.mark.parametrize(
    ("code", "value", "cell", "text"),
    [
        ("zwfw.nonexistent", 5, "A5", "不在指标目录中"),
        ("ZWFW online", 5, "A5", "格式不正确"),
        ("scjg.supervision_main_rate", "120%", "D5", "0到100"),
    ],
    ids=["unknown-code", "malformed-code", "percent-over-100"],
)
def test_catalogue_rules_report_the_offending_cell(
    write_workbook: Build,
    tmp_path: Path,
    catalogue: Catalogue,
    code: str,
    value: object,
    cell: str,
    text: str,
) -> None:
    """Unknown or malformed codes point at the code cell; out-of-range values at the value cell."""
    write_workbook("市场监管.xlsx", "区市场监管局", {code: value})
    intake = _validate(tmp_path, catalogue)
    assert [(f.level, f.cell) for f in intake.findings if f.level == "错误"] == [("错误", cell)]
    assert text in next(f.message for f in intake.findings if f.level == "错误")


def test_part_above_whole_is_an_error(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue
) -> None:
    """四星级事项 may not exceed 一网通办事项 within one unit."""
    write_workbook(
        "z.xlsx",
        "区政务服务和大数据管理局",
        {"zwfw.online_items": 100, "zwfw.four_star_items": 120},
    )
    intake = _validate(tmp_path, catalogue)
    (error,) = [f for f in intake.findings if f.level == "错误"]
    assert (error.cell, error.code) == ("D6", "zwfw.four_star_items")
    assert "部分不应大于整体" in error.message


def test_duplicate_code_row_is_reported_once(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue
) -> None:
    """The same indicator typed twice in one workbook is an error on the second row."""
    path = write_workbook("z.xlsx", "区政务服务和大数据管理局", {"zwfw.online_items": 100})
    from openpyxl import load_workbook

    book = load_workbook(path)
    book["指标数据"].append(["zwfw.online_items", "", "", 101])
    book.save(path)
    intake = _validate(tmp_path, catalogue)
    assert [(f.cell, "两次" in f.message) for f in intake.findings if f.level == "错误"] == [
        ("D6", True)
    ]
    assert [e.quantity.value for e in intake.entries] == [Decimal(100)]


@pytest.mark.parametrize(
    ("unit", "year", "text"),
    [("区规划局", 2021, "不在名册中"), ("区司法局", 2020, "与本次汇总的2021年度不符")],
    ids=["unknown-unit", "wrong-year"],
)
def test_unusable_file_is_rejected_but_others_count(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue, unit: str, year: int, text: str
) -> None:
    """One bad file never stops the others: its error is reported and the rest is validated."""
    write_workbook("bad.xlsx", unit, {"gf.repealed": 16}, year=year)
    write_workbook("good.xlsx", "明港镇", {"tj.elders": 12})
    intake = _validate(tmp_path, catalogue)
    assert [s.file for s in intake.rejected] == ["bad.xlsx"]
    assert text in next(f.message for f in intake.findings if f.file == "bad.xlsx")
    assert [(e.unit_id, e.code, e.quantity.value) for e in intake.entries] == [
        ("minggang", "tj.elders", Decimal(12))
    ]


def test_two_files_of_one_unit_are_both_set_aside(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue
) -> None:
    """Two workbooks of the same unit are an error on each, never a silent choice."""
    write_workbook("明港镇.xlsx", "明港镇", {"tj.elders": 12})
    write_workbook("明港镇（修改后）.xlsx", "平桥区明港镇", {"tj.elders": 13})
    intake = _validate(tmp_path, catalogue)
    assert sorted(s.file for s in intake.rejected) == ["明港镇.xlsx", "明港镇（修改后）.xlsx"]
    assert all("多份报表" in f.message for f in intake.findings if f.level == "错误")
    assert intake.entries == []


@pytest.mark.parametrize(
    ("code", "value", "text"),
    [
        ("zwfw.four_star_share", 99, "无需填报"),
        ("tj.elders", 3, "不填报此指标"),
        ("zwfw.online_items", None, "未填写"),
    ],
    ids=["derived-typed", "not-a-reporter", "left-empty"],
)
def test_doubtful_rows_are_warnings_and_not_counted(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue, code: str, value: object, text: str
) -> None:
    """Values that are not for this unit, or not typed, are warned about and left out of the sums."""
    write_workbook("z.xlsx", "区政务服务和大数据管理局", {code: value})
    intake = _validate(tmp_path, catalogue)
    assert any(f.level == "提醒" and text in f.message for f in intake.findings)
    assert not any(f.level == "错误" for f in intake.findings)
    assert intake.entries == []


def test_free_text_with_unknown_part_is_an_error(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue
) -> None:
    """A free text must name a part from the drop-down; otherwise the office is told which ones exist."""
    texts = {
        "亮点做法": [("乱写的部分", "某项工作。")],
        "下一年打算": [("提升基层治理法治化水平", "加强调解。")],
    }
    write_workbook("z.xlsx", "明港镇", {}, texts=texts)
    intake = _validate(tmp_path, catalogue)
    assert [(f.sheet, f.cell) for f in intake.findings if f.level == "错误"] == [("亮点做法", "B2")]
    assert [(t.part, t.unit) for t in intake.texts] == [("governance", "明港镇")]


@pytest.mark.parametrize(
    ("label", "unit_id"),
    [
        ("区司法局", "sfj"),
        ("平桥区司法局", "sfj"),
        (" 司法局 ", "sfj"),
        ("信阳市平桥区明港镇", "minggang"),
        ("明港 镇", "minggang"),
        ("规划局", None),
    ],
)
def test_units_are_matched_by_name_or_alias(
    catalogue: Catalogue, label: str, unit_id: str | None
) -> None:
    """Names, aliases, spaces and the district prefix all identify the same roster unit."""
    unit = match_unit(label, catalogue)
    assert (unit.id if unit else None) == unit_id


def test_all_findings_are_collected_at_once(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue
) -> None:
    """Several bad cells in several files are all reported in one run."""
    write_workbook(
        "a.xlsx", "区政务服务和大数据管理局", {"zwfw.online_items": "若干", "zwfw.reviews": "-"}
    )
    write_workbook("b.xlsx", "明港镇", {"tj.elders": "约20", "tj.mediators": 5})
    intake = _validate(tmp_path, catalogue)
    assert sorted((f.file, f.cell) for f in intake.findings if f.level == "错误") == [
        ("a.xlsx", "D5"),
        ("a.xlsx", "D6"),
        ("b.xlsx", "D5"),
    ]
    assert [e.code for e in intake.entries] == ["tj.mediators"]
