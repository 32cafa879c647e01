"""Year-on-year checks: implausible changes and order-of-magnitude slips become 提醒 with their cells."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from nianbao import pipeline
from nianbao.draft.context import build_context
from nianbao.figures.aggregation import Figure, Source, aggregate
from nianbao.figures.trends import figure_warnings, find_jumps, jump_findings
from nianbao.profile.catalogue import Catalogue

from ...conftest import INPUTS


def _fig(code: str, value: str | None, previous: str | None, sources: int = 1) -> Figure:
    srcs = tuple(
        Source(f"u{i}", f"单位{i}", f"表{i}.xlsx", "指标数据", f"D{5 + i}", Decimal(1))
        for i in range(sources)
    )
    return Figure(
        code,
        Decimal(value) if value is not None else None,
        "ok",
        sources=srcs,
        previous=Decimal(previous) if previous is not None else None,
    )


@pytest.mark.parametrize(
    ("code", "value", "previous", "reason"),
    [
        ("zwfw.reviews", "107147", "10714", "是上年的10.00倍，疑似多录一位数字"),
        ("zwfw.reviews", "10714", "107147", "仅为上年的10.00%，疑似少录一位数字"),
        ("zwfw.one_thing_items", "11", "6", "增长83.33%，超出±50%的合理区间"),
        ("gk.weibo_posts", "40", "105", "下降61.90%，超出±50%的合理区间"),
        ("zwfw.online_items", "1538", "1426", None),
        ("zwfw.online_items", "150", "100", None),  # exactly +50%: inside the band
        ("gf.repealed", "16", "9", None),  # catalogue band ±100% for this indicator
        ("gf.repealed", "40", "9", "增长344.44%，超出±100%的合理区间"),
        ("fy.concluded", "8", "4", None),  # both below the small-number floor
        ("xy.scenarios", "13", "0", "其中一年为0"),
        ("xy.credit_loans_growth", "866", "25", None),  # growth rates are not compared
        ("zwfw.online_items", "1538", None, None),
        ("zwfw.online_items", None, "1426", None),
    ],
    ids=[
        "slip-up",
        "slip-down",
        "beyond-band-up",
        "beyond-band-down",
        "plausible",
        "band-edge",
        "indicator-band",
        "beyond-indicator-band",
        "small-numbers",
        "zero-base",
        "growth-skipped",
        "no-previous",
        "no-value",
    ],
)
def test_change_beyond_band_or_slip_is_flagged(
    catalogue: Catalogue, code: str, value: str | None, previous: str | None, reason: str | None
) -> None:
    """Each implausible change is named with both printed values and why it is implausible."""
    jumps = find_jumps({code: _fig(code, value, previous)}, catalogue)
    if reason is None:
        assert jumps == []
    else:
        assert [j.code for j in jumps] == [code]
        assert reason in jumps[0].reason
        assert "本年" in jumps[0].reason
        assert "上年" in jumps[0].reason


def test_single_source_warning_points_at_its_cell(catalogue: Catalogue) -> None:
    """A figure typed by one unit is reported at that unit's file, sheet and cell."""
    (finding,) = jump_findings({"zwfw.reviews": _fig("zwfw.reviews", "107147", "10714")}, catalogue)
    assert (finding.level, finding.file, finding.sheet, finding.cell) == (
        "提醒",
        "表0.xlsx",
        "指标数据",
        "D5",
    )
    assert (finding.unit, finding.code) == ("u0", "zwfw.reviews")


def test_summed_figure_warning_lists_the_cells_involved(catalogue: Catalogue) -> None:
    """A town sum is a district-level 提醒 listing the first cells and how many there are."""
    fig = _fig("tj.disputes_mediated", "60000", "6000", sources=7)
    (finding,) = jump_findings({fig.code: fig}, catalogue)
    assert finding.file == ""
    assert "单位0（表0.xlsx［指标数据］D5）" in finding.message
    assert "单位5" not in finding.message
    assert "等7处" in finding.message


def test_warnings_reach_the_figure_view(catalogue: Catalogue) -> None:
    """The flagged figure carries its warning for the draft; plausible figures carry none."""
    figures = {
        "zwfw.reviews": _fig("zwfw.reviews", "107147", "10714"),
        "zwfw.online_items": _fig("zwfw.online_items", "1538", "1426"),
    }
    warnings = figure_warnings(figures, catalogue)
    assert set(warnings) == {"zwfw.reviews"}
    assert warnings["zwfw.reviews"][0].startswith("与上年相比变化异常：")


def test_value_typed_ten_times_too_large_in_a_workbook_is_flagged(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    """A deliberate slip (好差评评价数 ×10 in the 2021 workbook) is a 提醒 at its cell and on the figure."""
    for year in (2020, 2021):
        shutil.copytree(INPUTS / str(year), tmp_path / str(year))
    book_path = next((tmp_path / "2021").glob("*政务服务和大数据管理局*.xlsx"))
    book = load_workbook(book_path)
    sheet = book["指标数据"]
    row = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == "zwfw.reviews")
    row[3].value = int(str(row[3].value)) * 10
    cell = row[3].coordinate
    book.save(book_path)

    intake = pipeline.gather(tmp_path / "2021", catalogue, 2021)
    previous = pipeline.previous_values(tmp_path / "2020", catalogue, 2020)
    figures = aggregate(intake, catalogue, previous)
    findings = pipeline.findings_of(intake, figures, catalogue)
    flagged = [f for f in findings if f.code == "zwfw.reviews" and f.level == "提醒"]
    assert [(f.file, f.sheet, f.cell) for f in flagged] == [
        (book_path.name, "指标数据", cell),
        (book_path.name, "亮点做法", "B3"),  # the unit's own text still says 107147条
    ]
    assert "疑似多录一位数字" in flagged[0].message
    assert "“107147条”" in flagged[1].message
    view = build_context(figures, intake, catalogue, findings)["figures"]["zwfw.reviews"]
    assert view.warnings
    assert "1071470条" in view.warnings[0]


def test_sample_2021_flags_only_the_real_jumps(catalogue: Catalogue) -> None:
    """On the clean 2021 sample only genuine large changes are flagged (信易贷 ×9.66 among them)."""
    intake = pipeline.gather(INPUTS / "2021", catalogue, 2021)
    previous = pipeline.previous_values(INPUTS / "2020", catalogue, 2020)
    jumps = find_jumps(aggregate(intake, catalogue, previous), catalogue)
    assert {j.code for j in jumps} == {
        "zwfw.one_thing_items",
        "xy.credit_loans",
        "xy.scenarios",
    }
