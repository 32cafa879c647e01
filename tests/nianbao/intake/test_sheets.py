"""The sheet reader on any grid: tables found by their headers, entries or findings, never a crash."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from nianbao.checks.validation import validate
from nianbao.core.findings import KINDS, Finding
from nianbao.intake import readers
from nianbao.intake.formats.ooxml import SheetExtras
from nianbao.intake.headers import COLUMNS
from nianbao.intake.readers import read_folder, read_submission
from nianbao.intake.sheets import scan
from nianbao.intake.submission import RawText, RawValue, Sheet, Submission
from nianbao.profile.catalogue import Catalogue

HEADER_WORDS = [*COLUMNS, "2021年数值", "2022年", "单位名称", "填报年度", "亮点做法"]
CODES = ["tj.elders", "jd.satisfaction_rate", "gk.requests", "A.01", "x.y"]
CELL = st.one_of(
    st.none(),
    st.sampled_from([*HEADER_WORDS, *CODES, "区司法局", "存在问题", "下一年打算", "", " "]),
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
)
ALIASES: dict[str, list[str]] = {}
for word, role in COLUMNS.items():
    ALIASES.setdefault(role, []).append(word)
ALIASES["year"] = ["2021年数值", "2022年度", "2022年"]


@st.composite
def headers(draw: st.DrawFn) -> list[object]:
    """Return a header row: a random set of column roles, each under one of its names, shuffled,
    with stray cells among them (so every mix of indicator and free-text headers turns up)."""
    roles = draw(st.sets(st.sampled_from(sorted(ALIASES)), min_size=1))
    cells: list[object] = [draw(st.sampled_from(ALIASES[role])) for role in sorted(roles)]
    cells += draw(st.lists(CELL, max_size=2))
    return draw(st.permutations(cells))


ROW = st.lists(CELL, max_size=8)


@st.composite
def sheets(draw: st.DrawFn) -> Sheet:
    """Return a sheet of random rows with header rows of either table mixed in at random places."""
    rows: list[list[object]] = draw(st.lists(ROW, max_size=12))
    for header in draw(st.lists(headers(), min_size=1, max_size=3)):
        rows.insert(draw(st.integers(min_value=0, max_value=len(rows))), header)
    if draw(st.booleans()):
        rows.insert(0, ["单位名称", "区司法局"])
    cells = [(r, c) for r, row in enumerate(rows) for c in range(len(row))]
    some = st.lists(st.sampled_from(cells), max_size=4) if cells else st.just([])
    extras = SheetExtras(
        hidden_rows=set(draw(st.lists(st.integers(0, len(rows)), max_size=3))),
        uncached=dict.fromkeys(draw(some), "=SUM(A1)"),
        errors=dict.fromkeys(draw(some), "#DIV/0!"),
        percent=set(draw(some)),
    )
    merged = (
        [
            (a, b)
            for a, b in draw(
                st.lists(st.tuples(st.sampled_from(cells), st.sampled_from(cells)), max_size=2)
            )
        ]
        if cells
        else []
    )
    return Sheet(
        draw(st.sampled_from(["指标数据", "亮点做法", "Sheet1"])),
        rows,
        draw(st.booleans()),
        extras,
        merged,
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheet=sheets())
def test_any_grid_gives_entries_or_findings_and_never_raises(
    sheet: Sheet, catalogue: Catalogue
) -> None:
    """Random header rows (indicator, free-text, mixed) over random cells: the reader and the
    validation after it return entries and findings, each pointing into the grid."""
    sub = Submission(Path("a.xlsx"), "a.xlsx", datetime(2023, 1, 1))
    scan(sub, sheet)
    assert all(isinstance(v, RawValue) for v in sub.values)
    assert all(isinstance(t, RawText) for t in sub.texts)
    assert all(isinstance(p, Finding) and p.kind in KINDS for p in sub.problems)
    for ref in [v.ref for v in sub.values] + [t.ref for t in sub.texts]:
        assert int("".join(ch for ch in ref.cell if ch.isdigit())) <= len(sheet.grid)
    intake = validate([sub], catalogue, 2022)
    assert all(f.kind in KINDS and f.message for f in intake.findings)


@pytest.mark.parametrize(
    "header",
    [
        ["编码", "报告部分", "内容"],
        ["报告部分", "内容", "本年数值"],
        ["编码", "报告部分", "内容", "类别"],
    ],
    ids=["code-part-text", "part-text-value", "code-part-text-category"],
)
def test_free_text_table_with_extra_code_or_value_column_is_read_as_texts(
    tmp_path: Path, header: list[str]
) -> None:
    """A header naming 编码 (or 本年数值) beside 报告部分 | 内容 is a free-text table, not a
    half indicator table: its texts are read, and nothing crashes."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "亮点做法"
    ws.append(["单位名称", "查山乡"])
    ws.append(header)
    row = {
        "编码": "1",
        "报告部分": "依法全面履行政府职能",
        "内容": "推行清单管理。",
        "类别": "亮点做法",
    }
    ws.append([row.get(h, "") for h in header])
    book.save(tmp_path / "查山乡.xlsx")
    sub = read_submission(tmp_path / "查山乡.xlsx", tmp_path)
    assert [(t.category, t.part, t.text) for t in sub.texts] == [
        ("亮点做法", "依法全面履行政府职能", "推行清单管理。")
    ]
    assert sub.values == []
    assert {p.kind for p in sub.problems} <= {"sheet.unknown_column"}


def test_fault_while_reading_one_file_is_a_finding_and_the_others_are_read(
    tmp_path: Path, write_workbook: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug of nianbao tripped by one file becomes file.unreadable, in Chinese with the cause;
    nothing half-read from that file is kept and the other files are read as usual."""
    write_workbook("a.xlsx", "区司法局", {"tj.elders": 8})
    write_workbook("b.xlsx", "平中街道", {"tj.elders": 9})
    real_scan = readers.scan

    def faulty(sub: Submission, sheet: Sheet) -> None:
        real_scan(sub, sheet)
        if sub.file == "b.xlsx":
            raise KeyError("value")

    monkeypatch.setattr(readers, "scan", faulty)
    a, b = read_folder(tmp_path)
    assert [(v.code, v.raw) for v in a.values] == [("tj.elders", 8)]
    assert (b.values, b.texts, b.unit_label) == ([], [], "")
    assert [(p.kind, p.level) for p in b.problems] == [("file.unreadable", "错误")]
    assert "读取文件时程序出错（KeyError：'value'）" in b.problems[0].message
    assert "维护人员" in b.problems[0].advice
