"""What a run tells the office in the UI: its name, step lines, findings table, gaps and folder."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from nianbao.checks.report import TABLE_COLUMNS, findings_table
from nianbao.core.clock import OFFICE_TZ
from nianbao.core.findings import Finding
from nianbao.core.paths import office_path, project_root
from nianbao.draft.gaps import INCOMPLETE, PLACES, incomplete_figures
from nianbao.figures.aggregation import Figure
from nianbao.pipeline import Summary
from nianbao.profile.catalogue import Catalogue
from nianbao.season import digest


@pytest.mark.parametrize(
    ("kind", "year", "when", "expected"),
    [
        (
            digest.DRAFT_RUN,
            2022,
            datetime(2023, 3, 1, 9, 0, tzinfo=OFFICE_TZ),
            "草稿-2022-0301-0900",
        ),
        (digest.STATUS_RUN, 2026, datetime(2027, 1, 4, 8, 30), "报送情况-2026-0104-0830"),
    ],
)
def test_run_names_say_what_which_year_and_when(
    kind: str, year: int, when: datetime, expected: str
) -> None:
    """Runs are named by kind, report year and office time instead of Prefect's random names."""
    assert digest.run_name(kind, year, when) == expected


def _summary(unchanged: bool, tmp_path: Path) -> Summary:
    return Summary(
        2022,
        tmp_path / "草稿.docx",
        tmp_path / "校验报告.xlsx",
        ["区司法局"],
        ["查山乡"],
        1,
        2,
        4,
        unchanged=unchanged,
        placeholders=("…提供法律服务【待补充：法律服务次数】",),
        incomplete=("调解员人数（缺少：查山乡）", "调解室数（缺少：查山乡）"),
    )


@pytest.mark.parametrize(
    ("unchanged", "start"),
    [(False, "已生成新草稿 草稿.docx："), (True, "未发生变化，未生成新草稿，沿用 草稿.docx：")],
)
def test_run_outcome_names_both_gaps_with_their_counts(
    tmp_path: Path, unchanged: bool, start: str
) -> None:
    """One line per run: new draft or not, findings, then 待补充处 and 数据不全的指标 by name."""
    line = digest.outcome(_summary(unchanged, tmp_path))
    assert line == f"{start}错误1处，提醒2处；{PLACES}1处，{INCOMPLETE}2个"


def test_incomplete_figures_are_the_partial_ones_with_the_units_missing(
    catalogue: Catalogue,
) -> None:
    """Only figures summed without some units are listed; unknown and complete ones are not."""
    codes = list(catalogue.indicators)[:3]
    figures = {
        codes[0]: Figure(
            codes[0], Decimal(5), "partial", missing_units=("查山乡",), note="缺少：查山乡"
        ),
        codes[1]: Figure(codes[1], None, "missing", note="未报送或未填写：区司法局"),
        codes[2]: Figure(codes[2], Decimal(7), "ok"),
    }
    assert incomplete_figures(figures, catalogue) == (
        f"{catalogue.indicators[codes[0]].name}（缺少：查山乡）",
    )


def test_findings_table_gives_each_finding_the_columns_to_fix_it(catalogue: Catalogue) -> None:
    """Errors first; unit names from the roster; a file no unit was recognised in keeps its label."""
    code = next(iter(catalogue.indicators))
    findings = [
        Finding.warning("", "", "", "全区汇总后甲大于乙", code=code),
        Finding.error(
            "司法局.xlsx",
            "指标数据",
            "D10",
            "估计数",
            unit="sfj",
            raw="约二十",
            advice="请填写具体数值",
        ),
        Finding.error("无名.xlsx", "Sheet1", "B2", "单位不在名册", unit="某某协会", raw="某某协会"),
    ]
    rows = findings_table(findings, catalogue)
    assert [tuple(row) for row in rows] == [TABLE_COLUMNS] * 3
    assert [(r["级别"], r["单位"], r["文件"], r["单元格"], r["原值"]) for r in rows] == [
        ("错误", catalogue.unit("sfj").name, "司法局.xlsx", "D10", "约二十"),
        ("错误", "某某协会", "无名.xlsx", "B2", "某某协会"),
        ("提醒", "", "（全区汇总）", "", ""),
    ]
    assert rows[0]["建议"] == "请填写具体数值"


def test_findings_table_without_findings_says_so(catalogue: Catalogue) -> None:
    """An empty table would look like a failure in the UI: one row says nothing was found."""
    assert findings_table([], catalogue) == [
        dict.fromkeys(TABLE_COLUMNS, "") | {"问题": "未发现问题"}
    ]


@pytest.mark.parametrize(
    ("share", "relative", "expected"),
    [
        ("", "outputs/2022", str(project_root() / "outputs" / "2022")),
        ("\\\\服务器\\年报", "outputs/2022", "\\\\服务器\\年报\\2022"),
        (
            "\\\\服务器\\年报\\",
            "outputs/2022/报送情况.xlsx",
            "\\\\服务器\\年报\\2022\\报送情况.xlsx",
        ),
        ("smb://fileserver/年报/", "outputs/2022", "smb://fileserver/年报/2022"),
        ("\\\\服务器\\年报", "elsewhere/2022", str(project_root() / "elsewhere" / "2022")),
    ],
)
def test_output_folder_is_shown_as_the_office_opens_it(
    monkeypatch: pytest.MonkeyPatch, share: str, relative: str, expected: str
) -> None:
    """Under outputs/, the share named by NIANBAO_SHARE replaces the server's own path."""
    monkeypatch.setenv("NIANBAO_SHARE", share)
    assert office_path(project_root() / relative) == expected
