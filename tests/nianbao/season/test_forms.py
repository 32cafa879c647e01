"""Forms: one workbook per roster unit that, filled in and returned, is read back with no change."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from nianbao import pipeline
from nianbao.draft.context import view_figure
from nianbao.figures.aggregation import aggregate
from nianbao.intake.readers import read_submission
from nianbao.profile.catalogue import KINDS, Catalogue, Indicator, Part, Unit
from nianbao.season.forms import (
    OPTIONS_SHEET,
    SECTIONS,
    build_form,
    form_name,
    previous_unit_values,
    unit_values,
    write_forms,
)
from nianbao.word.document import document_text

from ...conftest import INPUTS

YEAR = 2023
Texts = Mapping[str, list[tuple[str, str]]]
Expected = dict[tuple[str, str], tuple[str, str, Decimal]]  # (unit, code) → (file, cell, value)

# kind → (type, operator, formula1, formula2) of the 本年数值 data validation
RULES = {
    "count": ("whole", "greaterThanOrEqual", "0", None),
    "percent": ("decimal", "between", "0", "100"),
    "amount": ("decimal", "greaterThanOrEqual", "0", None),
    "days": ("decimal", "greaterThanOrEqual", "0", None),
}


@pytest.fixture(scope="module")
def previous(catalogue: Catalogue) -> dict[str, dict[str, Decimal]]:
    """Return each unit's accepted 2022 values from inputs/2022."""
    return previous_unit_values(INPUTS / "2022", catalogue, 2022)


@pytest.fixture(scope="module")
def forms(
    tmp_path_factory: pytest.TempPathFactory,
    catalogue: Catalogue,
    previous: dict[str, dict[str, Decimal]],
) -> dict[str, Path]:
    """Return the blank 2023 forms by unit id, with 2022 values pre-filled."""
    paths = write_forms(catalogue, YEAR, tmp_path_factory.mktemp("forms"), previous)
    return {unit.id: path for unit, path in zip(catalogue.units, paths, strict=True)}


def _value(ind: Indicator, unit_no: int, code_no: int) -> int | float:
    """Return a distinct valid value for the code_no-th indicator of the unit_no-th unit."""
    return {
        "count": 1000 + 50 * unit_no + code_no,
        "percent": 10 + unit_no + code_no / 2,
        "amount": 100.25 + 3 * unit_no + code_no,
        "days": 0.5 + code_no,
    }[ind.kind]


def _values_for(cat: Catalogue, unit_no: int, unit_id: str) -> dict[str, int | float]:
    values = {
        code: _value(cat.indicators[code], unit_no, n)
        for n, code in enumerate(cat.codes_for(unit_id))
    }
    for code in values:  # a part may not exceed its whole
        whole = cat.indicators[code].not_above
        if whole in values and values[code] > values[whole]:
            values[code] = values[whole] - 1
    return values


def _texts_for(cat: Catalogue, unit_no: int, unit: Unit) -> Texts:
    texts: dict[str, list[tuple[str, str]]] = {}
    for category, section in SECTIONS.items():
        names = [p.name for p in cat.parts if p.section == section]
        texts[category] = [
            (names[(unit_no + i) % len(names)], f"{unit.name}{category}第{i + 1}条")
            for i in range(2)
        ]
    return texts


def _data_sheet(book: Any) -> tuple[Any, int, dict[str, int]]:
    """Return the sheet holding the 指标编码 header, the header row and its columns by name."""
    for ws in book.worksheets:
        for row in ws.iter_rows(max_row=10):
            names = {c.value: c.column for c in row if c.value}
            if "指标编码" in names and "本年数值" in names:
                return ws, row[0].row, names
    raise AssertionError("no indicator table")


def _code_rows(ws: Any, top: int, code_col: int) -> dict[str, int]:
    rows = {}
    for r in range(top + 1, ws.max_row + 1):
        code = ws.cell(r, code_col).value
        if not code:
            break
        rows[code] = r
    return rows


def fill(path: Path, values: Mapping[str, object], texts: Texts | None = None) -> dict[str, str]:
    """Type `values` by 指标编码 into 本年数值 and `texts` into the text sheets, as a unit would."""
    book = load_workbook(path)
    ws, top, cols = _data_sheet(book)
    cells = {}
    for code, r in _code_rows(ws, top, cols["指标编码"]).items():
        if code in values:
            cell = ws.cell(r, cols["本年数值"])
            cell.value = values[code]
            cells[code] = cell.coordinate
    for category, rows in (texts or {}).items():
        for r, (part, text) in enumerate(rows, start=2):
            book[category].cell(r, 1).value = part
            book[category].cell(r, 2).value = text
    book.save(path)
    return cells


@pytest.fixture(scope="module")
def filled(
    tmp_path_factory: pytest.TempPathFactory, catalogue: Catalogue, forms: dict[str, Path]
) -> tuple[Path, Expected, set[tuple[str, str, str, str, str]]]:
    """Return a folder of every unit's form filled in, the expected values and expected texts."""
    folder = tmp_path_factory.mktemp("returned")
    expected: Expected = {}
    texts: set[tuple[str, str, str, str, str]] = set()
    for unit_no, unit in enumerate(catalogue.units):
        path = Path(shutil.copy(forms[unit.id], folder))
        values = _values_for(catalogue, unit_no, unit.id)
        unit_texts = _texts_for(catalogue, unit_no, unit)
        cells = fill(path, values, unit_texts)
        for code, cell in cells.items():
            expected[unit.id, code] = (path.name, cell, Decimal(str(values[code])))
        for category, rows in unit_texts.items():
            for r, (part, text) in enumerate(rows, start=2):
                texts.add((unit.id, category, part, text, f"B{r}"))
    return folder, expected, texts


def test_one_form_per_roster_unit(catalogue: Catalogue, forms: dict[str, Path]) -> None:
    """Every roster unit gets its own file, named after the year and the unit."""
    assert [p.name for p in forms.values()] == [
        f"2023年度法治政府建设数据填报表-{u.name}.xlsx" for u in catalogue.units
    ]
    assert all(p.is_file() for p in forms.values())


def test_every_filled_value_is_counted_with_its_cell(
    catalogue: Catalogue, filled: tuple[Path, Expected, set[tuple[str, str, str, str, str]]]
) -> None:
    """Round trip for every unit: each typed value is accepted, summed and traced to its cell."""
    folder, expected, texts = filled
    intake = pipeline.gather(folder, catalogue, YEAR)
    assert intake.findings == []
    assert set(intake.submitted) == {u.id for u in catalogue.units}
    assert len(expected) == sum(len(catalogue.codes_for(u.id)) for u in catalogue.units)
    figures = aggregate(intake, catalogue)
    for code, ind in catalogue.indicators.items():
        if not ind.is_input:
            continue
        fig = figures[code]
        want = {(u, *v) for (u, c), v in expected.items() if c == code}
        got = {(s.unit_id, s.file, s.cell, s.value) for s in fig.sources}
        assert got == want, code
        assert {s.sheet for s in fig.sources} == {"指标数据"}
        assert fig.status == "ok"
        assert fig.value == sum((v[2] for (_, c), v in expected.items() if c == code), Decimal(0))
    assert {
        (t.unit_id, t.category, catalogue.part(t.part).name, t.text, t.ref.cell)
        for t in intake.texts
    } == texts


def _rule_of(ws: Any, coordinate: str) -> list[Any]:
    return [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]


def test_value_cells_validate_by_kind(catalogue: Catalogue, forms: dict[str, Path]) -> None:
    """Each 本年数值 cell carries exactly one rule of its kind, with Chinese prompt and error."""
    seen = set()
    for unit in catalogue.units:
        ws, top, cols = _data_sheet(load_workbook(forms[unit.id]))
        for code, r in _code_rows(ws, top, cols["指标编码"]).items():
            kind = catalogue.indicators[code].kind
            (dv,) = _rule_of(ws, ws.cell(r, cols["本年数值"]).coordinate)
            assert (dv.type, dv.operator, dv.formula1, dv.formula2) == RULES[kind], code
            assert dv.allow_blank
            assert dv.showErrorMessage
            assert dv.showInputMessage
            assert dv.errorStyle == "stop"
            assert "请" in dv.prompt
            assert dv.error
            assert "请" in dv.promptTitle
            # Excel refuses longer texts (and then repairs the workbook)
            assert len(dv.prompt) <= 255
            assert len(dv.error) <= 225
            assert len(dv.promptTitle) <= 32
            assert len(dv.errorTitle) <= 32
            assert not _rule_of(ws, ws.cell(r, cols["上年数值"]).coordinate)
            seen.add(kind)
    assert seen == set(KINDS)


def test_indicator_sheet_is_locked_except_the_value_column(forms: dict[str, Path]) -> None:
    """Code, name, unit, last year and notes are locked; only 本年数值 can be typed in."""
    ws, top, cols = _data_sheet(load_workbook(forms["sfj"]))
    assert ws.protection.sheet
    rows = _code_rows(ws, top, cols["指标编码"])
    assert len(rows) == 40
    for r in rows.values():
        locked = {name: ws.cell(r, col).protection.locked for name, col in cols.items()}
        assert locked == {
            "指标编码": True,
            "指标名称": True,
            "单位": True,
            "本年数值": False,
            "上年数值": True,
            "填报说明": True,
        }
    assert ws["B1"].protection.locked
    assert ws["B2"].protection.locked


@pytest.mark.parametrize(
    ("unit_id", "code", "has_last"),
    [
        ("sfj", "fy.accepted", True),
        ("sfj", "fw.wage_amount", True),
        ("sfj", "gw.services", False),  # its 2022 cell was invalid
        ("zwfw", "zwfw.reviews", True),
        ("zwfw", "zwfw.startup_days", True),
        ("chashan", "tj.mediators", False),  # 查山乡 did not submit in 2022
    ],
)
def test_last_year_value_is_prefilled_grey(
    forms: dict[str, Path],
    previous: dict[str, dict[str, Decimal]],
    unit_id: str,
    code: str,
    has_last: bool,
) -> None:
    """上年数值 shows the unit's own accepted value of last year, grey; blank when there is none."""
    ws, top, cols = _data_sheet(load_workbook(forms[unit_id]))
    cell = ws.cell(_code_rows(ws, top, cols["指标编码"])[code], cols["上年数值"])
    if has_last:
        assert Decimal(str(cell.value)) == previous[unit_id][code]
    else:
        assert cell.value is None
    assert cell.fill.fgColor.rgb.endswith("D9D9D9")


def test_previous_unit_values_keep_each_units_own_value(
    catalogue: Catalogue, previous: dict[str, dict[str, Decimal]]
) -> None:
    """Last year's values are per unit, not district totals; a missing folder gives nothing."""
    assert "chashan" not in previous
    assert previous["minggang"]["tj.mediators"] != previous["wuli"]["tj.mediators"]
    assert "gw.services" not in previous["sfj"]
    assert previous_unit_values(INPUTS / "1999", catalogue, 1999) == {}


def test_forms_without_last_year_leave_it_blank(catalogue: Catalogue, tmp_path: Path) -> None:
    """With no previous year, the 上年数值 column is empty."""
    (path,) = write_forms(dataclasses.replace(catalogue, units=catalogue.units[:1]), YEAR, tmp_path)
    ws, top, cols = _data_sheet(load_workbook(path))
    rows = _code_rows(ws, top, cols["指标编码"])
    assert rows
    assert all(ws.cell(r, cols["上年数值"]).value is None for r in rows.values())


def test_cover_names_unit_year_deadline_and_contact(
    catalogue: Catalogue, forms: dict[str, Path]
) -> None:
    """The cover sheet is what readers identify the unit by; contact cells are left to the unit."""
    ws = load_workbook(forms["minggang"])["填报说明"]
    labels = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(1, 7)}
    assert labels["单位名称"].value == "明港镇"
    assert labels["填报年度"].value == YEAR
    assert labels["报送截止"].value == datetime(2024, 1, 20)
    assert labels["联系人"].value is None
    assert not labels["联系人"].protection.locked
    assert labels["联系电话"].value is None
    assert not labels["联系电话"].protection.locked
    assert labels["报送咨询"].value == catalogue.profile.contact
    sub = read_submission(forms["minggang"], forms["minggang"].parent)
    assert (sub.unit_label, sub.year_label) == ("明港镇", YEAR)
    assert sub.unit_ref is not None
    assert sub.unit_ref.sheet == "填报说明"


@pytest.mark.parametrize(("category", "section"), list(SECTIONS.items()))
def test_text_sheets_offer_the_parts_of_their_section(
    catalogue: Catalogue, forms: dict[str, Path], category: str, section: str
) -> None:
    """报告部分 is a drop-down of the catalogue part names of the sheet's section."""
    ws = load_workbook(forms["zfb"])[category]
    assert [c.value for c in ws[1]] == ["报告部分", "内容"]
    names = [p.name for p in catalogue.parts if p.section == section]
    (dv,) = _rule_of(ws, "A2")
    assert dv.type == "list"
    assert dv.formula1 == '"' + ",".join(names) + '"'
    assert "A21" in dv.sqref
    assert "B2" not in dv.sqref
    assert ws["B2"].alignment.wrap_text
    assert ws["B21"].alignment.wrap_text


def test_long_part_names_go_to_a_hidden_list(catalogue: Catalogue, tmp_path: Path) -> None:
    """Part names Excel cannot hold inline (too long, commas) are offered from a hidden sheet."""
    long = Part("leadership", "achievements", "一、" + "很长的报告部分名称" * 30)
    comma = Part("functions", "achievements", "依法全面履行政府职能,优化服务")
    parts = (long, comma, *catalogue.parts[2:])
    cat = dataclasses.replace(catalogue, parts=parts)
    path = tmp_path / "form.xlsx"
    build_form(cat, cat.unit("zfb"), YEAR).save(path)
    book = load_workbook(path)
    assert book.sheetnames[-1] == OPTIONS_SHEET
    assert book[OPTIONS_SHEET].sheet_state == "hidden"
    (dv,) = _rule_of(book["亮点做法"], "A2")
    assert dv.formula1 == f"'{OPTIONS_SHEET}'!$A$1:$A$8"
    assert [c.value for c in book[OPTIONS_SHEET]["A"]] == [p.name for p in parts[:8]]
    (short,) = _rule_of(book["存在问题"], "A2")
    assert short.formula1 == '"存在的问题和不足"'
    fill(path, {}, {"亮点做法": [(comma.name, "一条做法")]})
    intake = pipeline.gather(tmp_path, cat, YEAR)
    assert [(t.part, t.text) for t in intake.texts] == [("functions", "一条做法")]


@pytest.mark.parametrize(
    ("values", "texts", "sheet", "cell", "message"),
    [
        ({}, {"亮点做法": [("不在目录中的部分", "一条做法")]}, "亮点做法", "B2", "无法识别"),
        ({}, {"下一年打算": [("存在的问题和不足", "一条打算")]}, "下一年打算", "B2", "无法识别"),
        ({"scjg.supervision_main_rate": 120}, {}, "指标数据", None, "0到100"),
        ({"scjg.random_check_items": 3.5}, {}, "指标数据", None, "整数"),
        ({"scjg.random_check_items": "约20"}, {}, "指标数据", None, "约"),
    ],
    ids=["unknown-part", "part-of-other-section", "percent-over-100", "fraction", "estimate"],
)
def test_what_excel_would_refuse_is_still_reported(
    catalogue: Catalogue,
    forms: dict[str, Path],
    tmp_path: Path,
    values: dict[str, object],
    texts: Texts,
    sheet: str,
    cell: str | None,
    message: str,
) -> None:
    """Pasted or typed past the drop-down and data validation, bad entries are validation errors."""
    path = Path(shutil.copy(forms["scjg"], tmp_path))
    cells = fill(path, values, texts)
    intake = pipeline.gather(tmp_path, catalogue, YEAR)
    errors = [f for f in intake.findings if f.level == "错误"]
    assert [(f.file, f.sheet) for f in errors] == [(path.name, sheet)]
    assert errors[0].cell == (cell or cells[next(iter(values))])
    assert message in errors[0].message
    assert intake.texts == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("区司法局", "2023年度法治政府建设数据填报表-区司法局.xlsx"),
        ("区发改委/信用办", "2023年度法治政府建设数据填报表-区发改委_信用办.xlsx"),
        ("平桥区 明港镇", "2023年度法治政府建设数据填报表-平桥区_明港镇.xlsx"),
        ('"*?"', "2023年度法治政府建设数据填报表-x.xlsx"),
    ],
    ids=["plain", "slash", "space", "nothing-left"],
)
def test_form_file_names_are_safe(name: str, expected: str) -> None:
    """Characters Windows forbids in file names are replaced; an empty result falls back to the id."""
    assert form_name(Unit("x", name, "department"), YEAR) == expected


def test_unit_values_group_accepted_entries_by_unit(catalogue: Catalogue) -> None:
    """Only accepted values are kept, keyed by unit and code."""
    intake = pipeline.gather(INPUTS / "2022", catalogue, 2022)
    values = unit_values(intake)
    assert sum(len(v) for v in values.values()) == len(intake.entries)
    first = intake.entries[0]
    assert values[first.unit_id][first.code] == first.quantity.value


def _tagged_digits(draft: Path) -> dict[str, list[str]]:
    """Return the digits of every figure content control of `draft`, by tag (indicator code)."""
    found: dict[str, list[str]] = {}
    for sdt in Document(str(draft)).element.body.iter(qn("w:sdt")):
        tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        if tag is not None:
            digits = "".join(t.text or "" for t in sdt.iter(qn("w:t")))
            found.setdefault(tag.get(qn("w:val")), []).append(digits)
    return found


@pytest.mark.slow
def test_draft_from_filled_forms_shows_every_filled_figure(
    catalogue: Catalogue,
    filled: tuple[Path, Expected, set[tuple[str, str, str, str, str]]],
    tmp_path: Path,
) -> None:
    """Issue 3 done-when: forms for 2023 filled in give a draft in which every filled figure appears."""
    folder, _expected, _texts = filled
    intake = pipeline.gather(folder, catalogue, YEAR)
    previous = pipeline.previous_values(INPUTS / "2022", catalogue, 2022)
    figures = aggregate(intake, catalogue, previous)
    findings = pipeline.findings_of(intake, figures, catalogue)
    draft = pipeline.write_draft(figures, intake, catalogue, findings, tmp_path).path
    tagged = _tagged_digits(draft)
    text = document_text(draft)
    shown = 0
    for code, digits in tagged.items():
        view = view_figure(figures[code], catalogue.indicators[code])
        assert view.phrase is not None, code
        assert set(digits) == {view.phrase.number}, code
        assert view.phrase.text in text
        shown += catalogue.indicators[code].is_input
    inputs = {c for c, i in catalogue.indicators.items() if i.is_input}
    used = set(tagged) | {c for code in tagged for c in catalogue.indicators[code].formula_codes()}
    assert inputs <= used, sorted(inputs - used)
    assert shown > 50
    assert "【待补充" not in text
