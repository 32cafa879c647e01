"""Every file in an inputs folder is read or named: .ods and .xlsb read, anything else named with advice."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from nianbao.intake.formats import safety
from nianbao.intake.readers import read_folder, read_submission
from nianbao.intake.submission import Submission
from nianbao.review.pdf import convert

from ...conftest import INPUTS, ROOT
from ...workbooks import Cell, ods_bytes, xlsb_bytes

FORM = [
    ["单位名称", "区司法局"],
    ["填报年度", 2022.0],
    [],
    ["指标编码", "指标名称", "本年数值"],
    ["tj.elders", "“五老”人员数", 8.0],
    ["jd.satisfaction_rate", "满意率", Cell(0.9916, percent=True)],
]
TEXTS = [["报告部分", "内容"], ["依法全面履行政府职能", "推行清单管理。"]]
BUILDERS = {".ods": ods_bytes, ".xlsb": xlsb_bytes}
CORPUS = ROOT / "tests" / "corpus" / "files"


def read(tmp_path: Path, name: str, content: bytes) -> Submission:
    """Return what the reader makes of `content` saved as `name`."""
    (tmp_path / name).write_bytes(content)
    return read_submission(tmp_path / name, tmp_path)


def cut_content(ods: bytes) -> bytes:
    """Return the .ods `ods` with its content.xml cut in the middle (an interrupted save)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(ods)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data[: len(data) // 2] if info.filename == "content.xml" else data)
    return out.getvalue()


def problems(sub: Submission) -> list[tuple[str, str]]:
    """Return (kind, level) of each problem of `sub`."""
    return [(p.kind, p.level) for p in sub.problems]


@pytest.mark.parametrize("suffix", [".ods", ".xlsb"])
def test_ods_and_xlsb_are_read_like_an_xlsx(tmp_path: Path, suffix: str) -> None:
    """Identity, values (a percent cell as shown), cells and texts come out as from an .xlsx."""
    sub = read(
        tmp_path, f"司法局{suffix}", BUILDERS[suffix]([("指标数据", FORM), ("亮点做法", TEXTS)])
    )
    assert problems(sub) == []
    assert (sub.unit_label, sub.year_label) == ("区司法局", 2022.0)
    assert [(v.code, v.raw, v.ref.sheet, v.ref.cell) for v in sub.values] == [
        ("tj.elders", 8.0, "指标数据", "C5"),
        ("jd.satisfaction_rate", "99.16%", "指标数据", "C6"),
    ]
    assert [(t.category, t.part, t.text, t.ref.cell) for t in sub.texts] == [
        ("亮点做法", "依法全面履行政府职能", "推行清单管理。", "B2")
    ]


def test_ods_save_time_is_read_from_its_properties(tmp_path: Path) -> None:
    """An .ods says when it was saved (meta.xml), which decides between two versions of a unit."""
    sub = read(tmp_path, "a.ods", ods_bytes([("指标数据", FORM)]))
    assert sub.saved is not None
    assert sub.saved.isoformat() == "2023-01-18T10:30:00"


@pytest.mark.parametrize("suffix", [".ods", ".xlsb"])
def test_ods_or_xlsb_under_another_extension_is_read_and_flagged(
    tmp_path: Path, suffix: str
) -> None:
    """The content decides the format; the finding names what the file really is."""
    sub = read(tmp_path, "a.xlsx", BUILDERS[suffix]([("指标数据", FORM)]))
    assert problems(sub) == [("file.misnamed", "提醒")]
    assert suffix in sub.problems[0].message
    assert [v.code for v in sub.values] == ["tj.elders", "jd.satisfaction_rate"]


@pytest.mark.parametrize("indent", ["\n    ", "\r\n\t", "  "], ids=["lines", "crlf-tab", "spaces"])
def test_ods_laid_out_with_white_space_between_tags_is_read(tmp_path: Path, indent: str) -> None:
    """Gnumeric indents content.xml; the reader would refuse it, so it gets the content without."""
    sub = read(tmp_path, "a.ods", ods_bytes([("指标数据", FORM)], indent=indent))
    assert problems(sub) == []
    assert [v.raw for v in sub.values] == [8.0, "99.16%"]


FAR = 1_048_575  # the last row (zero-based) of a sheet


@pytest.mark.parametrize("suffix", [".ods", ".xlsb"])
@pytest.mark.parametrize(
    ("far", "found"),
    [
        (Cell(" "), [("file.too_large", "错误")]),
        (Cell(styled=True), []),
    ],
    ids=["space-in-last-cell", "style-only-in-last-cell"],
)
def test_far_cell_counts_only_when_it_holds_something(
    tmp_path: Path, suffix: str, far: Cell, found: list[tuple[str, str]]
) -> None:
    """A space in XFD1048576 would make the reader allocate 17 billion cells: refused first.
    A blank cell carrying only a style is skipped by the reader and does not count."""
    rows = [*FORM, (FAR - len(FORM), []), [Cell(None, times=16383), far]]
    sub = read(tmp_path, f"a{suffix}", BUILDERS[suffix]([("指标数据", rows)]))
    assert problems(sub) == found
    assert len(sub.values) == (0 if found else 2)


def test_sheet_with_huge_declared_dimension_but_few_cells_is_read(tmp_path: Path) -> None:
    """A styled empty last cell makes the declared dimension A1:XFD1048576; 22 real cells are read."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    for row in [["单位名称", "区司法局"], ["填报年度", 2022], ["指标编码", "本年数值"]]:
        ws.append(row)
    for i in range(8):
        ws.append([f"tj.code{i}", i])
    ws["XFD1048576"].font = Font(bold=True)
    book.save(tmp_path / "a.xlsx")
    with zipfile.ZipFile(tmp_path / "a.xlsx") as zf:
        assert b'<dimension ref="A1:XFD1048576"/>' in zf.read("xl/worksheets/sheet1.xml")
    sub = read_submission(tmp_path / "a.xlsx", tmp_path)
    assert problems(sub) == []
    assert len(sub.values) == 8


def test_cell_limit_of_an_ods_counts_repeated_cells_with_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A value repeated across 300 columns and 40 rows is 12 000 cells the reader expands."""
    monkeypatch.setattr(safety, "MAX_CELLS", 10_000)
    rows = [*FORM, (40, [Cell(1.0, times=300)])]
    assert problems(read(tmp_path, "a.ods", ods_bytes([("指标数据", rows)]))) == [
        ("file.too_large", "错误")
    ]


@pytest.mark.parametrize(
    ("name", "content", "kinds"),
    [
        ("a.xlsb", xlsb_bytes([("指标数据", FORM)])[:-40], {"file.corrupt"}),
        ("a.ods", cut_content(ods_bytes([("指标数据", FORM)])), {"file.corrupt"}),
    ],
    ids=["xlsb-cut-short", "ods-with-broken-xml"],
)
def test_broken_xlsb_or_ods_is_a_finding(
    tmp_path: Path, name: str, content: bytes, kinds: set[str]
) -> None:
    """A damaged package is named in 校验报告 as damaged or unreadable; nothing is read from it."""
    sub = read(tmp_path, name, content)
    assert [p.kind for p in sub.problems] in [[kind] for kind in kinds]
    assert sub.values == []


@pytest.mark.parametrize(
    ("name", "content", "kind", "level", "words"),
    [
        (
            "报表.et",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
            "file.unsupported",
            "错误",
            "WPS表格",
        ),
        (
            "说明.wps",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
            "file.not_a_form",
            "提醒",
            "文字文档",
        ),
        ("说明.docx", b"PK\x03\x04" + bytes(60), "file.not_a_form", "提醒", "文字文档"),
        ("盖章件.pdf", b"%PDF-1.7\n%%EOF\n", "file.not_a_form", "提醒", "PDF"),
        ("截图.PNG", b"\x89PNG\r\n\x1a\n" + bytes(30), "file.not_a_form", "提醒", "图片"),
        ("报表.rar", b"Rar!\x1a\x07\x00" + bytes(30), "file.unsupported", "错误", "压缩包"),
        ("数据.dat", bytes(range(256)), "file.unknown_format", "错误", ".dat"),
        ("汇总.numbers", b"PK\x03\x04" + bytes(60), "file.unsupported", "错误", "Numbers"),
    ],
)
def test_file_that_is_no_form_is_named_with_advice(
    tmp_path: Path, name: str, content: bytes, kind: str, level: str, words: str
) -> None:
    """Each other file gets one finding saying what it is and what to do, in Chinese."""
    sub = read(tmp_path, name, content)
    assert problems(sub) == [(kind, level)]
    assert words in sub.problems[0].message
    assert sub.problems[0].advice


def test_text_file_holding_a_table_is_read_by_its_content(tmp_path: Path) -> None:
    """Excel's “文本文件(制表符分隔)” saves .txt: it is read, and the extension is pointed out."""
    text = "单位名称\t区司法局\n指标编码\t本年数值\ntj.elders\t8\n"
    sub = read(tmp_path, "司法局.txt", text.encode("utf-8"))
    assert problems(sub) == [("file.misnamed", "提醒")]
    assert [(v.code, v.raw) for v in sub.values] == [("tj.elders", "8")]


def test_folder_with_every_kind_of_file_names_each_one(tmp_path: Path) -> None:
    """No file goes unmentioned: each is read or carries a finding, lock files aside."""
    (tmp_path / "a.ods").write_bytes(ods_bytes([("指标数据", FORM)]))
    (tmp_path / "b.xlsb").write_bytes(xlsb_bytes([("指标数据", FORM)]))
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.7\n")
    (tmp_path / "d.et").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (tmp_path / "~$a.xlsx").write_bytes(b"owner")
    subs = read_folder(tmp_path)
    assert [(s.file, len(s.values), [p.kind for p in s.problems]) for s in subs] == [
        ("a.ods", 2, []),
        ("b.xlsb", 2, []),
        ("c.pdf", 0, ["file.not_a_form"]),
        ("d.et", 0, ["file.unsupported"]),
    ]


@pytest.mark.soffice
@pytest.mark.slow
@pytest.mark.parametrize(
    "source",
    [
        INPUTS / "2022" / "司法局2022年报表（含行政复议应诉）.xlsx",
        CORPUS / "16_hidden_rows.xlsx",
        CORPUS / "28_codes_and_rows.xlsx",
        CORPUS / "10_placeholders.xlsx",
    ],
    ids=["sample-unit", "hidden-rows", "percent-cell", "formula-error"],
)
def test_ods_saved_by_libreoffice_gives_what_the_xlsx_gave(
    tmp_path: Path, calc: str, source: Path
) -> None:
    """A workbook saved as .ods by LibreOffice: same values (a percent cell as shown, #DIV/0! kept,
    hidden rows marked), cells, texts and findings as the .xlsx it came from."""
    copy = tmp_path / source.name
    shutil.copyfile(source, copy)
    ods = convert(copy, "ods", tmp_path / "lo", soffice=calc)
    before, after = read_submission(copy, tmp_path), read_submission(ods, ods.parent)

    def seen(sub: Submission) -> tuple[object, ...]:
        values = [(v.code, v.raw, v.ref.sheet, v.ref.cell, v.hidden) for v in sub.values]
        texts = [(t.category, t.part, t.text, t.ref.cell, t.hidden) for t in sub.texts]
        return sub.unit_label, values, texts, sorted((p.kind, p.cell) for p in sub.problems)

    assert len(before.values) > 10
    assert seen(after) == seen(before)


def test_report_of_a_package_that_is_no_spreadsheet_names_what_it_is(tmp_path: Path) -> None:
    """An OpenDocument text (.odt) under .ods is neither read nor mistaken for a spreadsheet."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<x/>")
    sub = read(tmp_path, "a.ods", out.getvalue())
    assert problems(sub) == [("file.unknown_format", "错误")]
    assert "OpenDocument" in sub.problems[0].message
