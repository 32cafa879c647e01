"""Submission status: exactly who is missing, whose file has errors, and how long is left."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from nianbao import pipeline
from nianbao.core.clock import OFFICE_TZ, office_time
from nianbao.intake.readers import read_submission
from nianbao.profile.catalogue import Catalogue
from nianbao.season.status import (
    COLUMNS,
    STATUS_FILE,
    UnitStatus,
    deadline_phrase,
    default_deadline,
    status_markdown,
    status_table,
    submission_status,
    unidentified_files,
    write_status,
)

from ...conftest import INPUTS

Build = Callable[..., Path]
SFJ_2022 = "司法局2022年报表（含行政复议应诉）.xlsx"


@pytest.fixture(scope="module")
def rows_2022(catalogue: Catalogue) -> list[UnitStatus]:
    """Return the status of the sample year 2022."""
    return submission_status(pipeline.gather(INPUTS / "2022", catalogue, 2022), catalogue)


def _by_state(rows: list[UnitStatus]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"未提交": [], "有错误": [], "已提交": []}
    for r in rows:
        found[r.state].append(r.unit)
    return found


def test_sample_2022_misses_only_chashan(catalogue: Catalogue, rows_2022: list[UnitStatus]) -> None:
    """Every roster unit is listed; 查山乡 is the one unit without a file in inputs/2022."""
    assert [r.unit_id for r in rows_2022] == [u.id for u in catalogue.units]
    assert _by_state(rows_2022)["未提交"] == ["查山乡"]
    chashan = next(r for r in rows_2022 if r.unit_id == "chashan")
    assert (chashan.files, chashan.submitted_at, chashan.errors) == ((), None, 0)


def test_sample_2022_invalid_cell_marks_sfj_with_errors(rows_2022: list[UnitStatus]) -> None:
    """The one invalid cell of inputs/2022 makes 区司法局 有错误, with its count and file."""
    assert _by_state(rows_2022)["有错误"] == ["区司法局"]
    sfj = next(r for r in rows_2022 if r.unit_id == "sfj")
    assert (sfj.errors, sfj.files) == (1, (SFJ_2022,))
    assert sfj.submitted_at == office_time((INPUTS / "2022" / SFJ_2022).stat().st_mtime)


@pytest.fixture
def folder(write_workbook: Build, tmp_path: Path, catalogue: Catalogue) -> Path:
    """Return a 2021 inbox: one good file, one with a warning, one bad cell, wrong year, twins, stray."""
    zwfw = dict.fromkeys(catalogue.codes_for("zwfw"), 5)
    write_workbook("政务.xlsx", "区政务服务和大数据管理局", zwfw)
    write_workbook("市场监管.xlsx", "区市场监管局", {"scjg.random_checks": 3})  # rows missing
    write_workbook("政府办.xlsx", "区政府办", {"jd.npc_suggestions": "约二十"})
    write_workbook("司法局.xlsx", "区司法局", {"gf.repealed": 16}, year=2020)
    write_workbook("明港镇.xlsx", "明港镇", {"tj.mediators": 12})
    write_workbook("明港镇（修改后）.xlsx", "平桥区明港镇", {"tj.mediators": 13})
    write_workbook("规划局.xlsx", "区规划局", {"gf.repealed": 1})
    stamp = datetime(2022, 1, 15, 9, 30, tzinfo=OFFICE_TZ).timestamp()
    os.utime(tmp_path / "政务.xlsx", (stamp, stamp))
    return tmp_path


@pytest.mark.parametrize(
    ("unit_id", "state", "errors", "warnings", "files"),
    [
        ("zwfw", "已提交", 0, 0, ("政务.xlsx",)),
        ("scjg", "已提交", 0, 1, ("市场监管.xlsx",)),
        ("zfb", "有错误", 1, 1, ("政府办.xlsx",)),
        ("sfj", "有错误", 1, 0, ("司法局.xlsx",)),
        ("minggang", "有错误", 2, 0, ("明港镇.xlsx", "明港镇（修改后）.xlsx")),
        ("wuli", "未提交", 0, 0, ()),
    ],
    ids=["good", "warning-only", "bad-cell", "wrong-year", "two-files", "missing"],
)
def test_state_of_each_unit(
    folder: Path,
    catalogue: Catalogue,
    unit_id: str,
    state: str,
    errors: int,
    warnings: int,
    files: tuple[str, ...],
) -> None:
    """Errors make 有错误 (a wrong-year or duplicate file included); warnings alone do not."""
    rows = submission_status(pipeline.gather(folder, catalogue, 2021), catalogue)
    row = next(r for r in rows if r.unit_id == unit_id)
    assert (row.state, row.errors, row.warnings, row.files) == (state, errors, warnings, files)


def test_missing_units_of_a_folder_are_exactly_those_without_a_file(
    folder: Path, catalogue: Catalogue
) -> None:
    """A file naming an unknown unit is listed apart and hides no one from the missing list."""
    intake = pipeline.gather(folder, catalogue, 2021)
    rows = submission_status(intake, catalogue)
    present = {"zwfw", "scjg", "zfb", "sfj", "minggang"}
    assert [r.unit_id for r in rows if r.state == "未提交"] == [
        u.id for u in catalogue.units if u.id not in present
    ]
    assert unidentified_files(intake) == ["规划局.xlsx"]
    zwfw = next(r for r in rows if r.unit_id == "zwfw")
    assert zwfw.submitted_at == datetime(2022, 1, 15, 9, 30)


def test_empty_folder_misses_every_unit(tmp_path: Path, catalogue: Catalogue) -> None:
    """Before anyone has submitted, every unit is 未提交."""
    rows = submission_status(pipeline.gather(tmp_path, catalogue, 2023), catalogue)
    assert {r.state for r in rows} == {"未提交"}
    assert len(rows) == len(catalogue.units)


ROWS = [
    UnitStatus("a", "甲局", "已提交", 0, 2, ("甲.xlsx",), datetime(2024, 1, 10, 8, 5)),
    UnitStatus("b", "乙乡", "未提交"),
    UnitStatus("c", "丙镇", "有错误", 3, 1, ("丙.xlsx",), datetime(2024, 1, 12, 17, 0)),
    UnitStatus("d", "丁街道", "未提交"),
]


def test_markdown_lists_missing_then_errors_then_the_rest() -> None:
    """Units the office must chase come first, in roster order within each state."""
    md = status_markdown(ROWS, 2023, date(2024, 3, 31), date(2024, 3, 1), ["不明.xlsx"])
    table = [line for line in md.splitlines() if line.startswith("| ")][2:]  # after the header
    assert [line.split(" | ")[0].removeprefix("| ") for line in table] == [
        "乙乡",
        "丁街道",
        "丙镇",
        "甲局",
    ]
    assert "- 未提交：乙乡、丁街道" in md
    assert "应报送4个单位：未提交2个，有错误1个，已提交1个" in md
    assert "距截止日期（2024年3月31日）还有30天" in md
    assert "不明.xlsx" in md
    assert "| 丙镇 | 有错误 | 3 | 1 | 丙.xlsx | 2024-01-12 17:00 |" in md


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2024, 3, 1), "距截止日期（2024年3月31日）还有30天"),
        (date(2024, 2, 28), "距截止日期（2024年3月31日）还有32天"),  # leap year
        (date(2024, 3, 30), "距截止日期（2024年3月31日）还有1天"),
        (date(2024, 3, 31), "今天（2024年3月31日）是截止日期"),
        (date(2024, 4, 1), "已超过截止日期（2024年3月31日）1天"),
        (date(2024, 4, 10), "已超过截止日期（2024年3月31日）10天"),
    ],
    ids=["month-ahead", "leap-february", "day-before", "deadline-day", "day-after", "overdue"],
)
def test_days_left_to_the_deadline(today: date, expected: str) -> None:
    """Days are counted in calendar days; on the deadline itself nothing is overdue yet."""
    assert deadline_phrase(date(2024, 3, 31), today) == expected


@pytest.mark.parametrize(
    ("year", "expected"), [(2022, date(2023, 3, 31)), (2023, date(2024, 3, 31))]
)
def test_default_deadline_is_before_first_april(
    catalogue: Catalogue, year: int, expected: date
) -> None:
    """The report of a year must be published before 1 April of the next year."""
    assert default_deadline(catalogue, year) == expected


def test_table_has_chinese_columns_and_blank_counts_for_missing() -> None:
    """The artifact/CLI table: Chinese column names; a missing unit shows no counts or time."""
    table = status_table(ROWS)
    assert all(tuple(row) == COLUMNS for row in table)
    assert [row["单位"] for row in table] == ["乙乡", "丁街道", "丙镇", "甲局"]
    assert table[0] == dict.fromkeys(COLUMNS, "") | {"单位": "乙乡", "状态": "未提交"}
    assert table[3]["提交时间（北京时间）"] == "2024-01-10 08:05"


def test_status_workbook_lists_missing_first(tmp_path: Path) -> None:
    """报送情况.xlsx holds the table rows, missing units first, and the unrecognised files."""
    out = write_status(ROWS, tmp_path / STATUS_FILE, ["不明.xlsx"])
    sheet = load_workbook(out).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert tuple(rows[0]) == COLUMNS
    assert [r[:2] for r in rows[1:]] == [
        ["乙乡", "未提交"],
        ["丁街道", "未提交"],
        ["丙镇", "有错误"],
        ["甲局", "已提交"],
        ["（无法识别单位）", "无法识别"],
    ]
    assert rows[-1][4] == "不明.xlsx"
    # counts are numbers and the time a date cell, as a clerk sorting or summing them expects
    assert rows[3][2:4] == [3, 1]
    assert rows[4][2:] == [0, 2, "甲.xlsx", datetime(2024, 1, 10, 8, 5)]
    assert rows[1][2:4] == [None, None]
    assert sheet.cell(5, 6).number_format == "yyyy-mm-dd hh:mm"
    write_status(ROWS[:1], out)  # a later run replaces the table
    assert load_workbook(out).active.max_row == 2  # type: ignore[union-attr]


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Shanghai"])
def test_submission_time_is_beijing_time_on_any_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zone: str
) -> None:
    """A file saved at 09:00 Beijing time shows 09:00 whether the server runs on UTC or elsewhere."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        path = tmp_path / "甲.csv"
        path.write_text("单位名称,甲局\n", encoding="utf-8")
        at = datetime(2024, 1, 10, 9, 0, tzinfo=OFFICE_TZ).timestamp()
        os.utime(path, (at, at))
        assert read_submission(path, tmp_path).modified == datetime(2024, 1, 10, 9, 0)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
