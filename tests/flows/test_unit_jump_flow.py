"""The draft flow compares each unit's row with the unit's own report of last year."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from nianbao.core.findings import KINDS

from ..conftest import INPUTS

pytestmark = pytest.mark.slow


def test_flow_reports_a_units_slip_against_its_own_last_year(
    prefect_backend: None, tmp_path: Path, out_dir: Path
) -> None:
    """五里镇's 3870 (419 last year) is in 校验报告 at its cell, judged against its 2021 report too."""
    from flows.draft import draft_annual_report

    for year in (2021, 2022):
        shutil.copytree(INPUTS / str(year), tmp_path / str(year))
    path = next((tmp_path / "2022").glob("五里镇2022*.xlsx"))
    book = load_workbook(path)
    row = next(
        r for r in book["指标数据"].iter_rows(min_row=5) if r[0].value == "tj.disputes_received"
    )
    row[3].value = 3870
    book.save(path)

    summary = draft_annual_report(2022, str(tmp_path / "2022"), "default", str(out_dir))

    rows = list(load_workbook(summary.findings_report)["校验结果"].iter_rows(values_only=True))
    (flagged,) = [r for r in rows if r[10] == KINDS["value.jump"]]
    assert flagged[:6] == ("提醒", "五里镇", path.name, "指标数据", row[3].coordinate, row[0].value)
    assert (
        "与本单位2021年报表（五里镇2021年法治政府建设统计表.xlsx［指标数据］D13）一致" in flagged[8]
    )
    assert summary.warnings == sum(1 for r in rows if r[0] == "提醒")
