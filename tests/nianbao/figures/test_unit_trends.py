"""Each unit's row against its own last year: a slip in one unit's cell is a 提醒 at that cell."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from nianbao import pipeline
from nianbao.checks.validation import validate
from nianbao.core.findings import KINDS, Finding
from nianbao.draft.provenance import read_sidecar, sidecar_path
from nianbao.figures.aggregation import aggregate
from nianbao.figures.unit_trends import YEAR_ON_YEAR_KINDS, unit_findings
from nianbao.intake.cells import cell_name
from nianbao.intake.readers import read_folder
from nianbao.profile.catalogue import Catalogue

from ...conftest import HEADER, INPUTS

VALUE, PREVIOUS = 3, 4  # zero-based columns of 本年数值 and 上年数值 in the forms


def _retype(path: Path, code: str, column: int, value: object) -> str:
    """Set `column` of `code`'s row in the form at `path` (xlsx or csv); return the cell's A1 name."""
    if path.suffix == ".csv":
        text = path.read_text(encoding="utf-8-sig")
        rows = list(csv.reader(text.splitlines()))
        r = next(i for i, row in enumerate(rows) if row and row[0] == code)
        rows[r][column] = "" if value is None else str(value)
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(rows)
        return cell_name(r, column)
    book = load_workbook(path)
    sheet = book["指标数据"]
    row = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == code)
    row[column].value = value
    book.save(path)
    return str(row[column].coordinate)


def _typed(path: Path, code: str, column: int) -> Decimal:
    """Return the number in `column` of `code`'s row of the form at `path`."""
    book = read_folder(path.parent)
    raw = next(v for sub in book if sub.file == path.name for v in sub.values if v.code == code)
    return Decimal(str(raw.raw if column == VALUE else raw.previous))


def _copy(tmp_path: Path, years: tuple[int, ...]) -> Path:
    for year in years:
        shutil.copytree(INPUTS / str(year), tmp_path / str(year))
    return tmp_path / str(years[-1])


def _findings(folder: Path, cat: Catalogue, year: int) -> list[Finding]:
    intake = pipeline.gather(folder, cat, year)
    history = pipeline.gather_history(folder, cat, year)
    figures = aggregate(intake, cat, history.values.get(year - 1, {}))
    return pipeline.findings_of(intake, figures, cat, history.entries)


SLIPS = [
    ("五里镇2022*.xlsx", "wuli", "tj.disputes_received", 10, "疑似多录一位数字"),
    ("司法局2022*.xlsx", "sfj", "fw.legal_aid_cases", 10, "疑似多录一位数字"),
    ("司法局2022*.xlsx", "sfj", "zf.certificates", Decimal("0.1"), "疑似少录一位数字"),
    ("区政府办2022*.xlsx", "zfb", "jd.npc_suggestions", 10, "疑似多录一位数字"),
    ("*政务服务和大数据管理局2022*.xlsx", "zwfw", "zwfw.online_items", 10, "疑似多录一位数字"),
    ("龙井乡数据2022.csv", "longjing", "tj.amount", 10, "疑似多录一位数字"),
]
SOURCES = {
    "form-only": ((2022,), "上年数值取自本表上年数值{prev}"),
    "form-and-own-report": ((2021, 2022), "上年数值取自本表上年数值{prev}，与本单位2021年报表（"),
    "own-report-only": ((2021, 2022), "上年数值取自本单位2021年报表（"),
}


@pytest.mark.parametrize("source", list(SOURCES))
@pytest.mark.parametrize(
    ("pattern", "unit", "code", "factor", "reason"), SLIPS, ids=[f"{s[1]}-{s[2]}" for s in SLIPS]
)
def test_a_slip_in_one_units_row_is_reported_at_its_cell(
    tmp_path: Path,
    catalogue: Catalogue,
    pattern: str,
    unit: str,
    code: str,
    factor: int | Decimal,
    reason: str,
    source: str,
) -> None:
    """×10 (or ÷10) in one unit's 本年数值 is one 提醒 at that cell, naming which last-year value it used."""
    years, basis = SOURCES[source]
    folder = _copy(tmp_path, years)
    path = next(folder.glob(pattern))
    slipped = (_typed(path, code, VALUE) * factor).to_integral_value()
    cell = _retype(path, code, VALUE, int(slipped))
    prev = _retype(path, code, PREVIOUS, None) if source == "own-report-only" else ""
    if not prev:
        prev = cell_name(int(cell[1:]) - 1, PREVIOUS)

    findings = _findings(folder, catalogue, 2022)

    jumps = [f for f in findings if f.kind == "value.jump"]
    assert [(f.level, f.file, f.sheet, f.cell, f.code) for f in jumps] == [
        ("提醒", path.name, path.stem if path.suffix == ".csv" else "指标数据", cell, code)
    ]
    assert reason in jumps[0].message
    assert basis.format(prev=prev) in jumps[0].message
    assert jumps[0].unit == unit
    assert jumps[0].raw == str(slipped)
    assert not [f for f in findings if f.kind == "total.jump" and f.cell == cell]
    assert not [f for f in findings if f.kind == "value.previous_mismatch"]


@pytest.mark.parametrize("years", [(2022,), (2021, 2022)], ids=["form-only", "with-own-report"])
def test_sample_2022_has_no_unit_level_jump(
    tmp_path: Path, catalogue: Catalogue, years: tuple[int, ...]
) -> None:
    """The plausible changes of the sample year (e.g. 387 against 419) are not flagged at all."""
    findings = _findings(_copy(tmp_path, years), catalogue, 2022)
    assert [f for f in findings if f.kind in YEAR_ON_YEAR_KINDS and f.file] == []


def _form(folder: Path, unit: str, year: int, rows: dict[str, tuple[object, object]]) -> Path:
    """Write one unit's form for `year` under `folder` with (本年数值, 上年数值) per code."""
    folder.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "指标数据"
    for row in [["单位名称", unit], ["填报年度", year], [], HEADER]:
        sheet.append(row)
    for code, (value, previous) in rows.items():
        sheet.append([code, "", "", value, previous, ""])
    path = folder / f"{unit}{year}.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("unit", "code", "value", "previous", "reason"),
    [
        ("五里镇", "tj.disputes_received", 387, 419, None),
        ("五里镇", "tj.disputes_received", 3870, 419, "本年是上年的9.24倍，疑似多录一位数字"),
        ("五里镇", "tj.disputes_received", 39, 419, "疑似少录一位数字"),
        ("五里镇", "tj.disputes_received", 600, 419, None),  # +43.20%: inside ±50%
        ("五里镇", "tj.disputes_received", 700, 419, "增长67.06%，超出±50%的合理区间"),
        ("五里镇", "tj.disputes_received", 15, 0, "其中一年为0"),
        ("五里镇", "tj.disputes_received", 5, 0, None),
        ("五里镇", "tj.elders", 9, 1, None),
        ("五里镇", "tj.disputes_received", 387, None, None),
        ("五里镇", "tj.disputes_received", 387, "—", None),
        (
            "五里镇",
            "tj.amount",
            "1626",
            "1.468亿元",
            "本年1626万元，上年1.47亿元，本年仅为上年的11.08%",
        ),
        ("区司法局", "gf.repealed", 16, 9, None),
        ("区司法局", "gf.repealed", 40, 9, "超出±100%的合理区间"),
        ("区人民政府办公室", "jd.satisfaction_rate", "99.5%", 98, None),
    ],
    ids=[
        "plausible",
        "slip-up",
        "slip-down",
        "inside-band",
        "beyond-band",
        "zero-last-year",
        "zero-but-small",
        "small-numbers",
        "no-previous",
        "previous-not-a-number",
        "previous-in-yuan-words",
        "indicator-band",
        "beyond-indicator-band",
        "percent",
    ],
)
def test_change_against_the_forms_previous_value(
    tmp_path: Path,
    catalogue: Catalogue,
    unit: str,
    code: str,
    value: object,
    previous: object,
    reason: str | None,
) -> None:
    """Only changes beyond the catalogue's band, slip ratio or zero rule are flagged; gaps are not."""
    path = _form(tmp_path / "2022", unit, 2022, {code: (value, previous)})
    intake = validate(read_folder(path.parent), catalogue, 2022)
    assert not [f for f in intake.findings if f.level == "错误"]
    found = unit_findings(intake, catalogue)
    if reason is None:
        assert found == []
        return
    (finding,) = found
    assert (finding.kind, finding.cell, finding.code) == ("value.jump", "D5", code)
    assert reason in finding.message
    assert "上年数值取自本表上年数值E5" in finding.message


def test_previous_value_that_disagrees_with_last_years_report_is_flagged_at_its_cell(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    """A 上年数值 not matching the unit's own accepted value of last year is a 提醒 at the 上年数值 cell;
    the change is then judged against last year's report."""
    old = _form(tmp_path / "2021", "五里镇", 2021, {"tj.disputes_received": (419, None)})
    _form(tmp_path / "2022", "五里镇", 2022, {"tj.disputes_received": (3870, 4190)})

    findings = _findings(tmp_path / "2022", catalogue, 2022)

    by_kind = {f.kind: f for f in findings if f.kind in YEAR_ON_YEAR_KINDS}
    assert set(by_kind) == {"value.jump", "value.previous_mismatch"}
    mismatch, jump = by_kind["value.previous_mismatch"], by_kind["value.jump"]
    assert (mismatch.level, mismatch.cell, mismatch.raw) == ("提醒", "E5", "4190")
    assert "本表上年数值为4190起" in mismatch.message
    assert f"本单位2021年报送并采用的是419起（{old.name}［指标数据］D5）" in mismatch.message
    assert jump.cell == "D5"
    assert "上年419起" in jump.message
    assert "本表上年数值E5与之不一致" in jump.message


def test_unit_jump_reaches_report_figure_comment_and_summary(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    """五里镇's 3870 (上年419) is a row of 校验报告 at its cell, a note on the figure, a counted 提醒."""
    folder = _copy(tmp_path, (2021, 2022))
    path = next(folder.glob("五里镇2022*.xlsx"))
    cell = _retype(path, "tj.disputes_received", VALUE, 3870)
    intake = pipeline.gather(folder, catalogue, 2022)
    history = pipeline.gather_history(folder, catalogue, 2022)
    figures = aggregate(intake, catalogue, history.values.get(2021, {}))
    findings = pipeline.findings_of(intake, figures, catalogue, history.entries)
    out = tmp_path / "out"
    report = pipeline.write_report(findings, catalogue, out, intake)
    drafted = pipeline.write_draft(figures, intake, catalogue, findings, out, history)
    summary = pipeline.summarise(intake, catalogue, figures, findings, drafted, report)

    rows = list(load_workbook(report)["校验结果"].iter_rows(min_row=2, values_only=True))
    flagged = [r for r in rows if r[10] == KINDS["value.jump"]]
    assert [r[:8] for r in flagged] == [
        (
            "提醒",
            "五里镇",
            path.name,
            "指标数据",
            cell,
            "tj.disputes_received",
            "排查受理矛盾纠纷数",
            "3870",
        )
    ]
    assert summary.warnings == sum(1 for r in rows if r[0] == "提醒")
    sidecar = read_sidecar(sidecar_path(drafted.path))
    comment = sidecar["figures"]["tj.disputes_received"]["comment"]
    assert (
        f"提醒：{path.name}［指标数据］{cell}：排查受理矛盾纠纷数与本单位上年相比变化异常"
        in comment
    )
    assert "本年3870起，上年419起" in comment
