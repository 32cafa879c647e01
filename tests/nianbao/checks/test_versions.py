"""Several files of one unit: identical copies count once, the newest version is used, a tie is refused."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.styles import Font

from nianbao import pipeline
from nianbao.checks.accepted import Intake
from nianbao.checks.accounting import account
from nianbao.checks.validation import validate
from nianbao.draft.context import build_checklist
from nianbao.figures.aggregation import aggregate
from nianbao.intake.readers import read_folder
from nianbao.profile.catalogue import Catalogue

Build = Callable[..., Path]
MISSING = "indicator.missing_rows"  # partial test workbooks lack most rows
VALUES = {"tj.elders": 12, "tj.mediators": 35, "tj.disputes_received": 140, "tj.amount": 6.5}
TEXTS = {
    "亮点做法": [("依法有效化解社会矛盾纠纷", "镇里把退休干部编入调解队伍，矛盾就地化解。")],
    "下一年打算": [("提升基层治理法治化水平", "每个村配一名法律明白人。")],
}


def _validate(folder: Path, catalogue: Catalogue, year: int = 2021) -> Intake:
    return validate(read_folder(folder), catalogue, year)


def _saved(path: Path, when: datetime) -> None:
    """Rewrite the workbook's docProps/core.xml save time."""
    with zipfile.ZipFile(path) as blob:
        parts = {i.filename: blob.read(i) for i in blob.infolist()}
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    parts["docProps/core.xml"] = re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, parts["docProps/core.xml"]
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, payload in parts.items():
            out.writestr(name, payload)


def _figures(intake: Intake, catalogue: Catalogue) -> dict[str, tuple[Decimal | None, str]]:
    return {c: (f.value, f.status) for c, f in aggregate(intake, catalogue).items()}


def _byte_copy(original: Path, copy: Path, write_workbook: Build) -> None:
    shutil.copyfile(original, copy)


def _saved_again(original: Path, copy: Path, write_workbook: Build) -> None:
    """Open, restyle and save under another name later, as a reviewer's “另存为” does."""
    book = load_workbook(original)
    sheet = book["指标数据"]
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["B"].width = 40
    book.save(copy)
    _saved(copy, datetime(2023, 1, 25, 16, 30))


def _retyped(original: Path, copy: Path, write_workbook: Build) -> None:
    """The same values typed again into a fresh form, under the district-prefixed name."""
    write_workbook(copy.name, "平桥区明港镇", VALUES, texts=TEXTS)


def _moved_down(original: Path, copy: Path, write_workbook: Build) -> None:
    """The same table two rows lower (a title added above it): other cells, same values."""
    book = load_workbook(original)
    for sheet in book.worksheets:
        sheet.insert_rows(1, 2)
    book.save(copy)


@pytest.mark.parametrize(
    "make_copy",
    [_byte_copy, _saved_again, _retyped, _moved_down],
    ids=["byte-identical", "saved-again-restyled", "retyped-with-alias", "table-moved-down"],
)
def test_identical_copies_give_the_figures_of_one_file(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue, make_copy: Callable[..., None]
) -> None:
    """A second file with the same values and texts counts once: same figures, one 提醒 naming both."""
    original = write_workbook("明港镇.xlsx", "明港镇", VALUES, texts=TEXTS)
    single = _validate(tmp_path, catalogue)
    make_copy(original, tmp_path / "明港镇（副本）.xlsx", write_workbook)
    both = _validate(tmp_path, catalogue)
    assert _figures(both, catalogue) == _figures(single, catalogue)
    assert [t.text for t in both.texts] == [t.text for t in single.texts]
    assert len(both.entries) == len(single.entries) == len(VALUES)
    notes = [f for f in both.findings if f.kind.startswith("submission.")]
    assert [(f.kind, f.level, f.unit) for f in notes] == [
        ("submission.identical", "提醒", "minggang")
    ]
    assert "“明港镇.xlsx”" in notes[0].message
    assert "“明港镇（副本）.xlsx”" in notes[0].message
    assert notes[0].file != both.submitted["minggang"].file  # said of the file not used
    assert not [f for f in both.findings if f.level == "错误" and f.kind != MISSING]
    assert both.conflicts == {}
    books = account(both, catalogue)
    unit = next(t for t in books.units if t.unit == "明港镇")
    assert (unit.files, unit.submitted, unit.counted, unit.copies, unit.rejected) == (
        2,
        2 * len(VALUES),
        len(VALUES),
        len(VALUES),
        0,
    )
    assert books.balanced


@pytest.mark.parametrize(
    ("values", "texts"),
    [
        ({**VALUES, "tj.elders": 13}, TEXTS),
        (dict(reversed(VALUES.items())), TEXTS),
        (VALUES, {"亮点做法": [("依法有效化解社会矛盾纠纷", "另一段说明。")]}),
        ({**VALUES, "tj.named_rooms": 2}, TEXTS),
    ],
    ids=["one-value-changed", "rows-reordered", "text-changed", "row-added"],
)
def test_differing_files_are_versions_and_the_newer_is_used(
    write_workbook: Build,
    tmp_path: Path,
    catalogue: Catalogue,
    values: dict[str, object],
    texts: dict[str, list[tuple[str, str]]],
) -> None:
    """Files that differ in any value, row order or text are not copies: the newer one is used."""
    _saved(write_workbook("旧.xlsx", "明港镇", VALUES, texts=TEXTS), datetime(2023, 1, 19, 10, 0))
    _saved(write_workbook("新.xlsx", "明港镇", values, texts=texts), datetime(2023, 1, 20, 9, 0))
    intake = _validate(tmp_path, catalogue)
    assert intake.submitted["minggang"].file == "新.xlsx"
    assert sorted(
        (f.file, f.kind) for f in intake.findings if f.kind.startswith("submission.")
    ) == [
        ("新.xlsx", "submission.duplicate"),
        ("旧.xlsx", "submission.superseded"),
    ]
    assert intake.copies == []
    assert account(intake, catalogue).balanced


def test_two_versions_of_one_unit_use_the_newer_and_say_so(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue
) -> None:
    """Of two workbooks of one unit, the one saved last is used (a 提醒: counted, please check);
    the older one is an 错误: none of its values are counted."""
    old = write_workbook("明港镇（修改后）.xlsx", "明港镇", {"tj.elders": 12})
    new = write_workbook("明港镇.xlsx", "平桥区明港镇", {"tj.elders": 13})
    _saved(old, datetime(2023, 1, 19, 10, 0))
    _saved(new, datetime(2023, 1, 20, 9, 0))
    intake = _validate(tmp_path, catalogue)
    assert intake.submitted["minggang"].file == "明港镇.xlsx"
    assert [s.file for s in intake.rejected] == ["明港镇（修改后）.xlsx"]
    assert sorted((f.file, f.kind, f.level) for f in intake.findings if f.kind != MISSING) == [
        ("明港镇.xlsx", "submission.duplicate", "提醒"),
        ("明港镇（修改后）.xlsx", "submission.superseded", "错误"),
    ]
    assert [e.quantity.value for e in intake.entries] == [Decimal(13)]


@pytest.mark.parametrize(
    ("copied", "used", "copies", "superseded"),
    [
        ("旧.xlsx", "新.xlsx", 0, ["旧.xlsx", "旧（副本）.xlsx"]),
        ("新.xlsx", "新.xlsx", 1, ["旧.xlsx"]),
    ],
    ids=["old-version-copied", "new-version-copied"],
)
def test_a_copy_follows_its_version(
    write_workbook: Build,
    tmp_path: Path,
    catalogue: Catalogue,
    copied: str,
    used: str,
    copies: int,
    superseded: list[str],
) -> None:
    """A copy of the old version is superseded with it; a copy of the new one counts once with it."""
    _saved(write_workbook("旧.xlsx", "明港镇", {"tj.elders": 12}), datetime(2023, 1, 19, 10, 0))
    _saved(write_workbook("新.xlsx", "明港镇", {"tj.elders": 13}), datetime(2023, 1, 20, 9, 0))
    shutil.copyfile(tmp_path / copied, tmp_path / copied.replace(".xlsx", "（副本）.xlsx"))
    intake = _validate(tmp_path, catalogue)
    assert intake.submitted["minggang"].file == used
    assert [e.quantity.value for e in intake.entries] == [Decimal(13)]
    assert (
        sorted(f.file for f in intake.findings if f.kind == "submission.superseded") == superseded
    )
    assert len(intake.copies) == copies
    assert sum(1 for f in intake.findings if f.kind == "submission.identical") == 1
    books = account(intake, catalogue)
    assert books.balanced
    assert books.total.copies == copies


@pytest.mark.parametrize(
    ("files", "values"),
    [
        (["a.xlsx", "b.xlsx"], [12, 13]),
        (["a.xlsx", "a（副本）.xlsx", "b.xlsx"], [12, 12, 13]),
    ],
    ids=["two-differing", "differing-with-a-copy"],
)
def test_differing_files_saved_at_the_same_time_are_refused_and_the_checklist_says_so(
    write_workbook: Build,
    tmp_path: Path,
    catalogue: Catalogue,
    files: list[str],
    values: list[int],
) -> None:
    """When nothing tells which differing file is newer, none is used: errors, and a checklist item."""
    for name, value in zip(files, values, strict=True):
        _saved(write_workbook(name, "明港镇", {"tj.elders": value}), datetime(2023, 1, 19, 10, 0))
    intake = _validate(tmp_path, catalogue)
    assert sorted(s.file for s in intake.rejected) == files
    ties = [f for f in intake.findings if f.kind == "submission.duplicate_tie"]
    assert sorted(f.file for f in ties) == files
    assert {f.level for f in ties} == {"错误"}
    assert intake.entries == []
    assert [s.file for s in intake.conflicts["minggang"]] == files
    assert account(intake, catalogue).balanced
    figures = aggregate(intake, catalogue)
    items = build_checklist(
        figures, intake, catalogue, pipeline.findings_of(intake, figures, catalogue)
    )
    listed = "、".join(f"“{name}”" for name in files)
    assert f"【重复报送】明港镇：{listed}内容不一致且无法判断先后，未计入合计" in items


def test_checklist_has_no_duplicate_item_when_versions_are_told_apart(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue
) -> None:
    """Only a refused conflict is a 【重复报送】 item; a copy counted once or a newer version is not."""
    _saved(write_workbook("a.xlsx", "明港镇", {"tj.elders": 12}), datetime(2023, 1, 19, 10, 0))
    _saved(write_workbook("b.xlsx", "明港镇", {"tj.elders": 13}), datetime(2023, 1, 20, 10, 0))
    shutil.copyfile(tmp_path / "b.xlsx", tmp_path / "c.xlsx")
    intake = _validate(tmp_path, catalogue)
    figures = aggregate(intake, catalogue)
    items = build_checklist(figures, intake, catalogue, intake.findings)
    assert not [item for item in items if item.startswith("【重复报送】")]


def test_the_accounting_sheet_shows_a_copy_counted_once(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue
) -> None:
    """校验报告's 数据核对 gives the copy's values their own column, balanced, not rejected."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    original = write_workbook("inputs/明港镇.xlsx", "明港镇", VALUES)
    shutil.copyfile(original, inputs / "明港镇 (2).xlsx")
    intake = _validate(inputs, catalogue)
    report = pipeline.write_report(intake.findings, catalogue, tmp_path, intake)
    rows = list(load_workbook(report)["数据核对"].iter_rows(values_only=True))
    assert rows[0][3:6] == ("计入汇总", "相同副本（只计一次）", "未计入（已说明原因）")
    n = len(VALUES)
    assert [r for r in rows if r[0] == "明港镇"] == [("明港镇", 2, 2 * n, n, n, 0, 0, "平衡")]


@pytest.mark.parametrize(
    ("first", "second", "used"),
    [
        (("填报日期", "2023-01-19"), ("填报日期", "2023年1月20日"), "b.csv"),
        (("版本", "第3版"), ("版本", "v2"), "a.csv"),
    ],
    ids=["by-filled-date", "by-version-number"],
)
def test_csv_versions_are_told_apart_by_their_date_or_version_cell(
    tmp_path: Path,
    catalogue: Catalogue,
    first: tuple[str, str],
    second: tuple[str, str],
    used: str,
) -> None:
    """Without saved times, a 填报日期 or 版本 cell decides which version is newer."""
    for name, (label, value), count in (("a.csv", first, 8), ("b.csv", second, 9)):
        (tmp_path / name).write_text(
            f"单位名称,明港镇\n{label},{value}\n填报年度,2021\n\n指标编码,本年数值\ntj.elders,{count}\n",
            encoding="utf-8",
        )
    intake = _validate(tmp_path, catalogue)
    assert intake.submitted["minggang"].file == used
