"""Validation: every problem found at once, located down to the cell, in Chinese; good files still count."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from nianbao.checks.accepted import Intake
from nianbao.checks.validation import match_unit, validate
from nianbao.intake.readers import read_folder
from nianbao.profile.catalogue import Catalogue

Build = Callable[..., Path]
MISSING = "indicator.missing_rows"  # partial test workbooks lack most rows


def _validate(folder: Path, catalogue: Catalogue, year: int = 2021) -> Intake:
    return validate(read_folder(folder), catalogue, year)


@pytest.mark.parametrize(
    ("value", "kind", "cell_text"),
    [
        ("约二十", "value.approximate", "含有“约”"),
        ("若干", "value.approximate", "若干"),
        ("-", "value.placeholder", "请留空"),
        ("3.5", "value.not_whole", "应为整数"),
        ("3个", "value.unit_mismatch", "单位“个”与指标单位“项”不符"),
    ],
    ids=["approximate", "vague", "placeholder", "fractional-count", "wrong-unit-word"],
)
def test_bad_value_is_an_error_at_its_cell(
    write_workbook: Build,
    tmp_path: Path,
    catalogue: Catalogue,
    value: str,
    kind: str,
    cell_text: str,
) -> None:
    """A value that cannot be used is reported at file, sheet and cell, with 原值 and 建议, and not counted."""
    write_workbook("政务.xlsx", "区政务服务和大数据管理局", {"zwfw.online_items": value})
    intake = _validate(tmp_path, catalogue)
    errors = [f for f in intake.findings if f.level == "错误"]
    assert [(f.file, f.sheet, f.cell, f.code, f.kind, f.raw) for f in errors] == [
        ("政务.xlsx", "指标数据", "D5", "zwfw.online_items", kind, value)
    ]
    assert cell_text in errors[0].message + errors[0].advice
    assert errors[0].advice
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
    assert [e.code for e in intake.entries] == ["zwfw.online_items"]


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


@pytest.mark.parametrize(
    ("code", "value", "kind", "level", "counted"),
    [
        ("scjg.supervision_main_rate", 0.9916, "value.percent_fraction", "错误", None),
        ("scjg.supervision_main_rate", "0.9916", "value.percent_fraction", "错误", None),
        ("scjg.supervision_main_rate", 1, "value.percent_one", "提醒", Decimal(1)),
        ("scjg.supervision_main_rate", 0, None, None, Decimal(0)),
        ("scjg.supervision_main_rate", "0.5%", None, None, Decimal("0.5")),
        ("scjg.supervision_main_rate", "99.16%", None, None, Decimal("99.16")),
        ("scjg.supervision_main_rate", 100, None, None, Decimal(100)),
    ],
    ids=["fraction", "fraction-text", "one", "zero", "small-with-sign", "percent-sign", "hundred"],
)
def test_percent_typed_as_a_fraction_is_refused_with_the_percent_to_type(
    write_workbook: Build,
    tmp_path: Path,
    catalogue: Catalogue,
    code: str,
    value: object,
    kind: str | None,
    level: str | None,
    counted: Decimal | None,
) -> None:
    """Rule: 0 < x < 1 without “%” is an error (type 99.16); exactly 1 is kept as 1% with a 提醒."""
    write_workbook("s.xlsx", "区市场监管局", {code: value})
    intake = _validate(tmp_path, catalogue)
    flagged = [(f.kind, f.level) for f in intake.findings if f.kind.startswith("value.")]
    assert flagged == ([(kind, level)] if kind else [])
    assert [e.quantity.value for e in intake.entries] == ([counted] if counted is not None else [])
    if kind == "value.percent_fraction":
        assert "99.16" in intake.findings[0].advice


def test_a_code_typed_twice_and_wrong_gets_both_findings_duplicate_first(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue
) -> None:
    """The second of two rows with an unknown (or malformed) code: duplicate at the value, then the code."""
    path = write_workbook("a.xlsx", "区司法局", {})
    book = load_workbook(path)
    for code, value in (
        ("fy.nonexistent", 1),
        ("fy.nonexistent", 2),
        ("BAD code", 3),
        ("BAD code", 4),
    ):
        book["指标数据"].append([code, "x", "件", value])
    book.save(path)
    intake = _validate(tmp_path, catalogue)
    assert [(f.cell, f.kind) for f in intake.findings if f.kind.startswith("code.")] == [
        ("A5", "code.unknown"),
        ("D6", "code.duplicate"),
        ("A6", "code.unknown"),
        ("A7", "code.format"),
        ("D8", "code.duplicate"),
        ("A8", "code.format"),
    ]


@pytest.mark.parametrize(
    ("number_format", "kind", "counted"),
    [("0.00%", None, Decimal("99.16")), ("General", "value.percent_fraction", None)],
    ids=["percent-cell", "general-cell"],
)
def test_percent_typed_in_excel_is_read_as_shown(
    write_workbook: Build,
    tmp_path: Path,
    catalogue: Catalogue,
    number_format: str,
    kind: str | None,
    counted: Decimal | None,
) -> None:
    """Typing 99.16% stores 0.9916 in a percent-formatted cell: it counts as 99.16, as Excel shows it."""
    path = write_workbook("s.xlsx", "区市场监管局", {"scjg.supervision_main_rate": 0.9916})
    book = load_workbook(path)
    book["指标数据"]["D5"].number_format = number_format
    book.save(path)
    intake = _validate(tmp_path, catalogue)
    assert [f.kind for f in intake.findings if f.kind.startswith("value.")] == (
        [kind] if kind else []
    )
    assert [e.quantity.value for e in intake.entries] == ([counted] if counted else [])
    if counted:
        assert intake.entries[0].quantity.suffix == "%"


@pytest.mark.parametrize(
    ("value", "kind", "counted"),
    [
        ("2900元", "value.unit_converted", Decimal("0.29")),
        ("2900万元", None, Decimal(2900)),
        ("0.29亿元", None, Decimal(2900)),
        ("2900", None, Decimal(2900)),
        ("2900人", "value.unit_mismatch", None),
    ],
)
def test_money_unit_words_are_converted_or_refused(
    write_workbook: Build,
    tmp_path: Path,
    catalogue: Catalogue,
    value: str,
    kind: str | None,
    counted: Decimal | None,
) -> None:
    """元 is converted to 万元 with a 提醒 (likely a slip); a unit word of another kind is an error."""
    write_workbook("f.xlsx", "区发改委", {"xy.credit_loans": value})
    intake = _validate(tmp_path, catalogue)
    flagged = [f.kind for f in intake.findings if f.kind.startswith("value.")]
    assert flagged == ([kind] if kind else [])
    assert [e.quantity.value for e in intake.entries] == ([counted] if counted is not None else [])


def test_missing_year_is_a_warning_and_the_file_is_used(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    """A file without 填报年度 is taken for the year being drafted, and the office is told."""
    (tmp_path / "a.csv").write_text("单位名称,明港镇\n\n指标编码,本年数值\ntj.elders,8\n")
    intake = _validate(tmp_path, catalogue)
    assert [(f.kind, f.level, f.cell) for f in intake.findings if f.kind != MISSING] == [
        ("year.missing", "提醒", "B1")
    ]
    assert [e.code for e in intake.entries] == ["tj.elders"]


@pytest.mark.parametrize(
    ("code", "value", "level", "text"),
    [
        ("zwfw.four_star_share", 99, "错误", "无需填报"),
        ("tj.elders", 3, "错误", "不填报此指标"),
        ("zwfw.online_items", None, "提醒", "未填写"),
    ],
    ids=["derived-typed", "not-a-reporter", "left-empty"],
)
def test_values_left_out_of_the_sums_are_errors_and_blanks_reminders(
    write_workbook: Build,
    tmp_path: Path,
    catalogue: Catalogue,
    code: str,
    value: object,
    level: str,
    text: str,
) -> None:
    """A typed value left out of the sums is an 错误 (not counted); an empty cell is a 提醒 to fill in.

    The README's words hold everywhere: 错误 = the value is not counted, 提醒 = counted, please check.
    """
    write_workbook("z.xlsx", "区政务服务和大数据管理局", {code: value})
    intake = _validate(tmp_path, catalogue)
    assert [(f.level, text in f.message) for f in intake.findings if f.code == code] == [
        (level, True)
    ]
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


def test_hidden_free_text_is_used_and_flagged(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue
) -> None:
    """A free text in a hidden row is kept (it was submitted) and the reviewer is told."""
    from openpyxl import load_workbook

    texts = {
        "下一年打算": [
            ("提升基层治理法治化水平", "加强调解。"),
            ("提升基层治理法治化水平", "隐藏的一段。"),
        ]
    }
    path = write_workbook("z.xlsx", "明港镇", {}, texts=texts)
    book = load_workbook(path)
    book["下一年打算"].row_dimensions[3].hidden = True
    book.save(path)
    intake = _validate(tmp_path, catalogue)
    assert [(f.kind, f.level, f.sheet, f.cell) for f in intake.findings if f.kind != MISSING] == [
        ("row.hidden", "提醒", "下一年打算", "B3")
    ]
    assert [t.text for t in intake.texts] == ["加强调解。", "隐藏的一段。"]
