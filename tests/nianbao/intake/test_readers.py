"""Readers: xlsx, xls and csv (UTF-8, GB18030) give the same rows, with file/sheet/cell references."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import xlwt
from openpyxl import Workbook

from nianbao.intake import readers
from nianbao.intake.formats.ooxml import scan_sheet
from nianbao.intake.headers import distinct_cells
from nianbao.intake.readers import (
    Formula,
    cell_name,
    list_inputs,
    read_folder,
    read_submission,
    read_submissions,
)

from ...conftest import INPUTS

VALUES = {"zwfw.online_items": "1,426", "zwfw.four_star_items": 1414}
CORPUS = Path(__file__).resolve().parent.parent.parent / "corpus" / "files"


class PanicException(BaseException):
    """Named like the panic of calamine's Rust code, which is no Exception."""


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
    ("name", "content", "kind"),
    [
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "file.corrupt"),
        ("empty.csv", "单位名称,五里镇\n".encode(), "file.no_table"),
        ("blank.xlsx", b"", "file.empty"),
        (
            "page.xls",
            b"<html><body><table><tr><td>1</td></tr></table></body></html>",
            "file.web_page",
        ),
    ],
    ids=["corrupt-xlsx", "no-indicator-table", "zero-bytes", "html-as-xls"],
)
def test_bad_file_gives_a_finding_not_an_exception(
    tmp_path: Path, name: str, content: bytes, kind: str
) -> None:
    """A file that cannot be used is reported by name, with a kind and advice; reading never raises."""
    (tmp_path / name).write_bytes(content)
    sub = read_submission(tmp_path / name, tmp_path)
    assert [(p.file, p.kind, p.level) for p in sub.problems] == [(name, kind, "错误")]
    assert sub.problems[0].advice


def test_folder_lists_every_file_but_lock_hidden_and_system_files(
    tmp_path: Path, write_workbook: Callable[..., Path]
) -> None:
    """Office lock files (~$x.xlsx), hidden and Windows system files are passed over; any other
    file is a submission, read or named with a finding (here: a document, not a form)."""
    write_workbook("a.xlsx", "区司法局", {"tj.elders": 8})
    for name in ("~$a.xlsx", ".DS_Store", "._a.xlsx", "Thumbs.db", "desktop.ini"):
        (tmp_path / name).write_bytes(b"system")
    (tmp_path / "说明.docx").write_bytes(b"doc")
    assert [p.name for p in list_inputs(tmp_path)] == ["a.xlsx", "说明.docx"]
    subs = read_folder(tmp_path)
    assert [(s.file, [p.kind for p in s.problems]) for s in subs] == [
        ("a.xlsx", []),
        ("说明.docx", ["file.not_a_form"]),
    ]


def test_folder_lists_subfolders_links_and_nothing_for_a_missing_folder(
    tmp_path: Path, write_workbook: Callable[..., Path]
) -> None:
    """Files in subfolders and links to files are inputs; broken links are not; no folder, no input."""
    write_workbook("a.xlsx", "区司法局", {})
    (tmp_path / "乡镇").mkdir()
    (tmp_path / "乡镇" / "b.CSV").write_text("单位名称,平中街道\n", encoding="utf-8")
    (tmp_path / "c.xlsx").symlink_to(tmp_path / "a.xlsx")
    (tmp_path / "d.xlsx").symlink_to(tmp_path / "gone.xlsx")
    names = [p.relative_to(tmp_path).as_posix() for p in list_inputs(tmp_path)]
    assert names == ["a.xlsx", "c.xlsx", "乡镇/b.CSV"]
    assert list_inputs(tmp_path / "2031") == []
    assert read_folder(tmp_path / "2031") == []


def test_file_gone_after_listing_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    """A file removed between listing and reading gives file.unreadable naming the file."""
    sub = read_submission(tmp_path / "已删除.xlsx", tmp_path)
    assert [(p.file, p.kind, p.level) for p in sub.problems] == [
        ("已删除.xlsx", "file.unreadable", "错误")
    ]
    assert "FileNotFoundError" in sub.problems[0].message


def _sheet(tmp_path: Path, rows: list[list[object]], name: str = "a.xlsx") -> Path:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "指标数据"
    for row in rows:
        ws.append(row)
    book.save(tmp_path / name)
    return tmp_path / name


IDENTITY: list[list[object]] = [["单位名称", "明港镇"], ["填报年度", 2022], []]


def test_rows_after_blank_rows_are_still_read(tmp_path: Path) -> None:
    """Blank rows in the middle of the table do not end it; notes below the table are not values."""
    path = _sheet(
        tmp_path,
        [
            *IDENTITY,
            ["指标编码", "指标名称", "单位", "本年数值"],
            ["tj.elders", "", "", 8],
            [],
            [],
            ["tj.mediators", "", "", 30],
            [None, None, None, 7],
            [],
            ["填表人：张三"],
        ],
    )
    sub = read_submission(path, tmp_path)
    assert [(v.code, v.raw, v.ref.cell) for v in sub.values] == [
        ("tj.elders", 8.0, "D5"),
        ("tj.mediators", 30.0, "D8"),
        ("", 7.0, "D9"),
    ]


@pytest.mark.parametrize(
    ("header", "value_cell", "unknown"),
    [
        (["指标编码", "指标名称", "单位", "本年数值"], "D5", []),
        ([" 编 码 ", "名称", "计量单位", "本年数（万元）"], "D5", []),
        (["指标编码", "指标名称", "2021年数值", "2022年数值"], "D5", []),
        (["序号", "指标代码", "本年度", "核实人"], "C5", ["D4"]),
        (["指标编码", "名称", "本年数值", "附件", "备注"], "C5", ["D4"]),
    ],
    ids=["standard", "aliases-and-spaces", "year-columns", "extra-column", "extra-and-note"],
)
def test_header_is_matched_tolerantly_and_extra_columns_are_flagged(
    tmp_path: Path, header: list[object], value_cell: str, unknown: list[str]
) -> None:
    """Renamed headers are recognised; the value column is 本年 (or the latest year); extras are 提醒."""
    path = _sheet(tmp_path, [*IDENTITY, header, ["tj.elders", "", 8, 8, ""]])
    sub = read_submission(path, tmp_path)
    assert [v.ref.cell for v in sub.values] == [value_cell]
    flagged = [p for p in sub.problems if p.kind == "sheet.unknown_column"]
    assert [(p.cell, p.level) for p in flagged] == [(c, "提醒") for c in unknown]


@pytest.mark.parametrize(
    ("header", "row", "expected"),
    [
        (["指标编码", "本年数值", "上年数值"], ["tj.elders", 8, 7], (7, "C5")),
        (["指标编码", "本年数", "去年数值"], ["tj.elders", 8, "7人"], ("7人", "C5")),
        (["指标编码", "2021年数值", "2022年数值"], ["tj.elders", 7, 8], (7, "B5")),
        (["指标编码", "本年数值", "上年数值"], ["tj.elders", 8, " "], (None, "C5")),
        (["指标编码", "本年数值"], ["tj.elders", 8], (None, None)),
    ],
    ids=["standard", "aliases", "year-columns", "blank", "no-column"],
)
def test_previous_value_is_kept_on_each_row_with_its_cell(
    tmp_path: Path, header: list[object], row: list[object], expected: tuple[object, str | None]
) -> None:
    """The 上年数值 cell (or last year's column) is read beside 本年数值, for the year-on-year check."""
    path = _sheet(tmp_path, [*IDENTITY, header, row])
    (value,) = read_submission(path, tmp_path).values
    assert (value.previous, value.previous_ref.cell if value.previous_ref else None) == expected


@pytest.mark.parametrize(
    ("cells", "unit", "year"),
    [
        ([["单位名称：明港镇"], ["填报年度：2022年度"]], "明港镇", "2022年度"),
        ([["填报单位", "", "明港镇"], ["年度", 2022]], "明港镇", 2022),
        ([["单位名称（盖章）:", "明港镇"], ["填报年度:", "2022"]], "明港镇", "2022"),
    ],
    ids=["label-and-value-in-one-cell", "alias-labels-gap", "annotated-labels"],
)
def test_identity_labels_are_found_in_their_usual_variants(
    tmp_path: Path, cells: list[list[object]], unit: str, year: object
) -> None:
    """单位名称/填报年度 are found with aliases, annotations, colons, or with the value in the same cell."""
    path = _sheet(tmp_path, [*cells, [], ["指标编码", "本年数值"], ["tj.elders", 8]])
    sub = read_submission(path, tmp_path)
    assert (sub.unit_label, sub.year_label) == (unit, year)


def test_hidden_rows_merged_cells_and_formulas_are_marked(tmp_path: Path) -> None:
    """What the grid alone hides is kept with the value: hidden row, merged range, formula without result."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    for row in [
        *IDENTITY,
        ["指标编码", "本年数值"],
        ["a.b", 1],
        ["a.c", None],
        ["a.d", 3],
        ["a.e", "=1+1"],
    ]:
        ws.append(row)
    ws.merge_cells("B5:B6")
    ws.row_dimensions[7].hidden = True
    book.save(tmp_path / "a.xlsx")
    sub = read_submission(tmp_path / "a.xlsx", tmp_path)
    assert [(v.code, v.merged, v.hidden, str(v.raw)) for v in sub.values] == [
        ("a.b", "B5:B6", False, "1.0"),
        ("a.c", "", False, ""),
        ("a.d", "", True, "3.0"),
        ("a.e", "", False, "=1+1"),
    ]
    assert isinstance(sub.values[3].raw, Formula)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-16", "\t"), ("utf-8-sig", ";"), ("gbk", ","), ("utf-8", "\t")],
)
def test_csv_encodings_and_delimiters_are_detected(
    tmp_path: Path, encoding: str, delimiter: str
) -> None:
    """Excel's “Unicode text” (UTF-16, tabs), semicolons and GBK are read like a comma csv."""
    rows = (
        ["单位名称", "明港镇"],
        ["填报年度", "2022"],
        [],
        ["指标编码", "本年数值"],
        ["tj.elders", "1,200"],
    )
    text = "\r\n".join(
        delimiter.join(f'"{c}"' if delimiter in c or "," in c else c for c in r) for r in rows
    )
    (tmp_path / "a.csv").write_bytes(text.encode(encoding))
    sub = read_submission(tmp_path / "a.csv", tmp_path)
    assert (sub.unit_label, [(v.code, v.raw) for v in sub.values]) == (
        "明港镇",
        [("tj.elders", "1,200")],
    )


@pytest.mark.parametrize(
    ("name", "real"),
    [("a.xlsx", "csv"), ("a.csv", "xlsx"), ("a.xlsx", "xls")],
)
def test_misnamed_file_is_read_by_its_content_with_a_warning(
    tmp_path: Path, write_workbook: Callable[..., Path], name: str, real: str
) -> None:
    """The extension lies: the content decides how the file is read, and the office is told."""
    if real == "csv":
        (tmp_path / name).write_text(
            "单位名称,明港镇\n填报年度,2021\n\n指标编码,本年数值\ntj.elders,8\n"
        )
    elif real == "xlsx":
        write_workbook("x.xlsx", "明港镇", {"tj.elders": 8}).rename(tmp_path / name)
    else:
        book = xlwt.Workbook(encoding="utf-8")
        sheet = book.add_sheet("指标数据")
        for r, row in enumerate(
            [
                ["单位名称", "明港镇"],
                ["填报年度", 2021],
                [],
                ["指标编码", "本年数值"],
                ["tj.elders", 8],
            ]
        ):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
        book.save(str(tmp_path / name))
    sub = read_submission(tmp_path / name, tmp_path)
    assert [(p.kind, p.level) for p in sub.problems] == [("file.misnamed", "提醒")]
    assert [(v.code, float(str(v.raw))) for v in sub.values] == [("tj.elders", 8.0)]


def test_workbook_save_time_is_read_from_its_properties(
    tmp_path: Path, write_workbook: Callable[..., Path]
) -> None:
    """An .xlsx says when it was saved (docProps/core.xml); a csv does not."""
    path = write_workbook("a.xlsx", "明港镇", {"tj.elders": 8})
    assert read_submission(path, tmp_path).saved is not None
    (tmp_path / "b.csv").write_text("单位名称,明港镇\n填报日期,2023-01-19\n")
    sub = read_submission(tmp_path / "b.csv", tmp_path)
    assert (sub.saved, sub.filled) == (None, "2023-01-19")


@pytest.mark.parametrize(
    ("xml", "extent"),
    [
        (b'<c r="A1"><v>1</v></c><c r="Z9999"><v>2</v></c>', (0, 0)),
        (b'<c r="A1"><v>1</v></c><c r="AB12" t="s"><v>0</v></c>', (12, 28)),
        (b'<x:c r="C100000"><x:v>2</x:v></x:c>', (100000, 3)),
        (b'<c xr="AB12" r="A1"><v>1</v></c>', (0, 0)),
        (b'<c r="A1"><v>1</v></c><c r="XFD1048576" s="1"/><c r="XFC9" s="1" t="n"></c>', (1, 1)),
        (b'<c r="AB3" t="inlineStr"> <is><t> </t></is></c><c r="AC2"><f>1</f></c>', (3, 29)),
    ],
    ids=[
        "small",
        "two-letter-column",
        "prefixed-far-row",
        "other-attribute",
        "styled-blank-cells-far-away",
        "far-space-and-formula",
    ],
)
def test_sheet_extent_is_measured_only_when_a_cell_reaches_far(
    xml: bytes, extent: tuple[int, int]
) -> None:
    """Only a cell with content beyond Z9999 makes the extent count (what the reader allocates).

    An attribute merely ending in r does not; nor does a blank cell that only carries a style.
    """
    extras = scan_sheet(b"<worksheet><sheetData><row>" + xml + b"</row></sheetData></worksheet>")
    assert (extras.rows, extras.columns) == extent


@pytest.mark.parametrize(
    ("cell", "uncached"),
    [
        (b'<c r="B2"><f>1+1</f></c>', {(1, 1): "=1+1"}),
        (b'<x:c r="B2"><x:f>SUM(A1)</x:f></x:c>', {(1, 1): "=SUM(A1)"}),
        (b'<c r="B2"><f t="shared" si="0"/></c>', {(1, 1): "="}),
        (b'<c r="B2"><f>1+1</f><v>2</v></c>', {}),
        (b'<c r="B2"><v>2</v></c>', {}),
    ],
    ids=["formula", "prefixed-formula", "shared-formula", "cached-result", "plain-value"],
)
def test_formula_without_result_is_found_with_or_without_prefix(
    cell: bytes, uncached: dict[tuple[int, int], str]
) -> None:
    """Formula cells saved without a cached result are listed, whatever the namespace prefix."""
    assert (
        scan_sheet(
            b"<worksheet><sheetData><row>" + cell + b"</row></sheetData></worksheet>"
        ).uncached
        == uncached
    )


def test_distinct_cells_of_a_huge_sheet_keep_only_texts() -> None:
    """A small sheet gives every distinct value; one over 65,536 cells only its texts (memory)."""
    small = [["指标编码", 1.0], ["a.b", 1.0]]
    assert distinct_cells(small) == {"指标编码", 1.0, "a.b"}
    huge = [["指标编码", float(i)] for i in range(40_000)]
    assert distinct_cells(huge) == {"指标编码"}


@pytest.mark.parametrize("hold", [readers._HOLD, 0], ids=["held-until-the-end", "parsed-at-once"])
@pytest.mark.parametrize("folder", [CORPUS, INPUTS / "2022"], ids=["corpus", "inputs-2022"])
def test_files_read_together_are_read_as_each_alone(
    folder: Path, hold: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checking all files first, then parsing them, changes nothing in what each file gives."""
    monkeypatch.setattr(readers, "_HOLD", hold)
    paths = list_inputs(folder)
    assert read_submissions(paths, folder) == [read_submission(path, folder) for path in paths]


@pytest.mark.parametrize(
    ("step", "error", "kind"),
    [
        ("_open", OSError("磁盘读取失败"), "file.unreadable"),
        ("_read_book", PanicException("index out of bounds"), "file.unreadable"),
        ("_scan", KeyError("value"), "file.unreadable"),
    ],
    ids=["checks", "parse", "scan"],
)
def test_a_failure_at_any_step_spoils_only_its_own_file(
    tmp_path: Path,
    write_workbook: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    step: str,
    error: BaseException,
    kind: str,
) -> None:
    """The middle one of three files fails while checked, parsed or scanned: it alone gets one
    finding naming the cause, and its neighbours, read in the same batch, are whole."""
    paths = [
        write_workbook(f"{name}.xlsx", "区司法局", {"tj.elders": i}) for i, name in enumerate("abc")
    ]
    real, calls = getattr(readers, step), iter(range(3))

    def failing(*args: object) -> object:  # each step runs once per file, in order
        if next(calls) == 1:
            raise error
        return real(*args)

    monkeypatch.setattr(readers, step, failing)
    a, b, c = read_submissions(paths, tmp_path)
    assert [[(v.code, v.raw) for v in sub.values] for sub in (a, c)] == [
        [("tj.elders", 0)],
        [("tj.elders", 2)],
    ]
    assert (b.values, [(p.kind, p.level) for p in b.problems]) == ([], [(kind, "错误")])
    assert type(error).__name__ in b.problems[0].message
