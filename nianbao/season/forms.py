"""Per-unit fill-in workbooks (填报表) generated from the catalogue, in the layout the readers read."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from nianbao.checks.accepted import Intake
from nianbao.checks.validation import gather
from nianbao.core.lock import year_lock
from nianbao.core.storage import replace_file
from nianbao.profile.catalogue import Catalogue, Indicator, Unit

# The labels and headers of docs/design.md "Unit workbook layout" (what readers look for).
UNIT_LABEL, YEAR_LABEL = "单位名称", "填报年度"
CODE_HEADER, VALUE_HEADER = "指标编码", "本年数值"
PART_HEADER, TEXT_HEADER = "报告部分", "内容"
CATEGORIES = ("亮点做法", "存在问题", "下一年打算")
PreviousValues = Mapping[str, Mapping[str, Decimal]]  # unit id → code → last year's value
COVER_SHEET = "填报说明"
DATA_SHEET = "指标数据"
OPTIONS_SHEET = "下拉选项"  # only when a drop-down list is too long to be written inline
HEADER = (CODE_HEADER, "指标名称", "单位", VALUE_HEADER, "上年数值", "填报说明")
HEADER_ROW = 4
SECTIONS: dict[str, str] = dict(zip(CATEGORIES, ("achievements", "problems", "tasks"), strict=True))
TEXT_ROWS = 20
_DROPDOWN_ROWS = 200
_INLINE_LIMIT = 255  # Excel's limit on an inline list ("a,b,c")
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')
_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_GREY_FILL = PatternFill("solid", fgColor="D9D9D9")
_GREY_FONT = Font(color="595959")
_WRAP = Alignment(wrap_text=True, vertical="top")
_OPEN = Protection(locked=False)

# kind → (validation type, operator, formula1, formula2, hint, prompt title, prompt, error)
_RULES: dict[str, tuple[str, str, str, str | None, str, str, str, str]] = {
    "count": (
        "whole",
        "greaterThanOrEqual",
        "0",
        None,
        "填整数",
        "请填写整数",
        "请填写不小于0的整数（阿拉伯数字），不写“约”“余”等字；本年未发生的填0。",
        "该指标应填写不小于0的整数，如 1426。",
    ),
    "percent": (
        "decimal",
        "between",
        "0",
        "100",
        "填0～100的数，如98.5表示98.5%，不输入%号",
        "请填写百分数的数值",
        "请填写0到100之间的数，如 98.5 表示98.5%；不要输入%号。",
        "百分比应为0到100之间的数，如 98.5（不要输入%号）。",
    ),
    "amount": (
        "decimal",
        "greaterThanOrEqual",
        "0",
        None,
        "单位万元，可保留两位小数",
        "请填写金额（万元）",
        "请以万元为单位填写不小于0的数，可保留两位小数，如 82.35。",
        "金额应为不小于0的数，单位万元，如 82.35。",
    ),
    "days": (
        "decimal",
        "greaterThanOrEqual",
        "0",
        None,
        "单位工作日，可填小数",
        "请填写时长（工作日）",
        "请以工作日为单位填写不小于0的数，可填小数，如 0.5。",
        "时长应为不小于0的数，单位工作日，如 0.5。",
    ),
}


def form_name(unit: Unit, year: int) -> str:
    """Return the file name of `unit`'s form, e.g. 2023年度法治政府建设数据填报表-区司法局.xlsx."""
    name = _UNSAFE.sub("_", unit.name).strip("._") or unit.id
    return f"{year}年度法治政府建设数据填报表-{name}.xlsx"


def form_deadline(cat: Catalogue, year: int) -> date:
    """Return the units' submission deadline for `year` (the profile's form_deadline in year+1)."""
    month, day = (int(x) for x in cat.profile.form_deadline.split("-"))
    return date(year + 1, month, day)


def unit_values(intake: Intake) -> dict[str, dict[str, Decimal]]:
    """Return each unit's accepted values of `intake`: {unit id: {code: value}}."""
    values: dict[str, dict[str, Decimal]] = {}
    for entry in intake.entries:
        values.setdefault(entry.unit_id, {})[entry.code] = entry.quantity.value
    return values


def previous_unit_values(folder: Path, cat: Catalogue, year: int) -> dict[str, dict[str, Decimal]]:
    """Return each unit's accepted values of `year` read from `folder`, or nothing when it is absent."""
    if not folder.is_dir():
        return {}

    return unit_values(gather(folder, cat, year))


def write_forms(
    cat: Catalogue, year: int, out_dir: Path, previous: PreviousValues | None = None
) -> list[Path]:
    """Write one form per roster unit under `out_dir` (each replaced atomically); return the paths."""
    previous = previous or {}
    paths = []
    with year_lock(out_dir, "生成填报表"):
        for unit in cat.units:
            book = build_form(cat, unit, year, previous.get(unit.id, {}))
            paths.append(replace_file(out_dir / form_name(unit, year), book.save))
    return paths


def build_form(
    cat: Catalogue, unit: Unit, year: int, previous: Mapping[str, Decimal] | None = None
) -> Any:
    """Return the openpyxl workbook of `unit`'s form for `year`, last year's values pre-filled."""
    book = Workbook()
    cover = book.active
    assert cover is not None
    _cover(cover, cat, unit, year)
    _data_sheet(book.create_sheet(DATA_SHEET), cat, unit, year, previous or {})
    texts = [(book.create_sheet(category), SECTIONS[category]) for category in CATEGORIES]
    for ws, section in texts:  # sheets first, so a hidden options sheet comes last
        _text_sheet(book, ws, cat, section)
    book.active = 0
    return book


def _cover(ws: Any, cat: Catalogue, unit: Unit, year: int) -> None:
    ws.title = COVER_SHEET
    deadline = form_deadline(cat, year)
    rows: list[tuple[str, object]] = [
        (UNIT_LABEL, unit.name),
        (YEAR_LABEL, year),
        ("报送截止", deadline),
        ("联系人", None),
        ("联系电话", None),
        ("报送咨询", cat.profile.contact),
        ("", None),
        ("填报须知", None),
        *((line, None) for line in _instructions(cat, year, deadline)),
    ]
    for label, value in rows:
        ws.append([label or None, value])
    for r in (*range(1, 7), 8):
        ws.cell(r, 1).font = _BOLD
    ws["B3"].number_format = 'yyyy"年"m"月"d"日"'
    ws["B3"].alignment = Alignment(horizontal="left")
    for cell in (ws["B4"], ws["B5"]):
        cell.protection = _OPEN
        cell.fill = _INPUT_FILL
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 60
    _protect(ws)


def _instructions(cat: Catalogue, year: int, deadline: date) -> list[str]:
    when = f"{deadline.year}年{deadline.month}月{deadline.day}日"
    return [
        f"1. 请在“{DATA_SHEET}”表“{VALUE_HEADER}”列（浅黄色单元格）填写{year}年度数值，"
        "只填阿拉伯数字，不写“约”“余”等字和文字说明。",
        "2. 百分比指标填百分数的数值（如 98.5 表示98.5%，不输入%号）；金额以万元为单位；时长以工作日为单位。",
        "3. 本年未发生的事项填 0；确无数据的请留空，并在报送时说明原因。",
        "4. “上年数值”（灰色）为本单位上年度报送并采用的数值，仅供核对，不可修改；与上年差异较大的请核实。",
        "5. 文字材料分别填入“亮点做法”“存在问题”“下一年打算”三张表：每行一条，从第2行起连续填写，"
        "中间不要留空行；“报告部分”从下拉列表中选择。",
        "6. 请勿修改单位名称、填报年度和指标编码，不要增删行列或重命名工作表。",
        f"7. 请于{when}前将本表报送{cat.profile.contact}（请填写上方联系人和联系电话）。",
    ]


def _data_sheet(
    ws: Any, cat: Catalogue, unit: Unit, year: int, previous: Mapping[str, Decimal]
) -> None:
    ws.append([UNIT_LABEL, unit.name])
    ws.append([YEAR_LABEL, year])
    ws.append([])
    ws.append(list(HEADER))
    for cell in ws[HEADER_ROW]:
        cell.font = _BOLD
        cell.fill = _HEAD_FILL
    validations = {kind: _value_rule(kind) for kind in _RULES}
    for r, code in enumerate(cat.codes_for(unit.id), start=HEADER_ROW + 1):
        ind = cat.indicators[code]
        last = previous.get(code)
        ws.append([code, ind.name, _unit_word(ind), None, _number(last), _note(ind)])
        ws.cell(r, 4).protection = _OPEN
        ws.cell(r, 4).fill = _INPUT_FILL
        ws.cell(r, 5).fill = _GREY_FILL
        ws.cell(r, 5).font = _GREY_FONT
        ws.cell(r, 6).alignment = _WRAP
        validations[ind.kind].add(ws.cell(r, 4).coordinate)
    for dv in validations.values():
        if dv.sqref:
            ws.add_data_validation(dv)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1).coordinate
    for col, width in zip("ABCDEF", (30, 44, 10, 14, 14, 40), strict=True):
        ws.column_dimensions[col].width = width
    _protect(ws)


def _value_rule(kind: str) -> DataValidation:
    vtype, operator, low, high, _hint, title, prompt, error = _RULES[kind]
    return DataValidation(
        type=vtype,
        operator=operator,
        formula1=low,
        formula2=high,
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        errorStyle="stop",
        promptTitle=title,
        prompt=prompt,
        errorTitle="数值不符合要求",
        error=error,
    )


def _unit_word(ind: Indicator) -> str:
    return "%" if ind.kind == "percent" and not ind.unit else ind.unit


def _note(ind: Indicator) -> str:
    hint = _RULES[ind.kind][4]
    return f"{hint}；{ind.note}" if ind.note else hint


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _text_sheet(book: Any, ws: Any, cat: Catalogue, section: str) -> None:
    ws.append([PART_HEADER, TEXT_HEADER])
    for cell in ws[1]:
        cell.font = _BOLD
        cell.fill = _HEAD_FILL
    for r in range(2, TEXT_ROWS + 2):
        ws.cell(r, 1).alignment = _WRAP
        ws.cell(r, 2).alignment = _WRAP
    names = [p.name for p in cat.parts if p.section == section]
    dv = DataValidation(
        type="list",
        formula1=_choices(book, section, names),
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        errorStyle="stop",
        promptTitle="请选择报告部分",
        prompt="从下拉列表选择本条文字所属的报告部分；每行一条，中间不要留空行。",
        errorTitle="报告部分不在列表中",
        error="请从下拉列表中选择报告部分，不要自行输入。",
    )
    dv.add(f"A2:A{_DROPDOWN_ROWS}")
    ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 90


def _choices(book: Any, section: str, names: list[str]) -> str:
    """Return the list formula of a drop-down: inline when Excel allows, else a hidden range."""
    inline = ",".join(names)
    if len(inline) + 2 <= _INLINE_LIMIT and '"' not in inline and all("," not in n for n in names):
        return f'"{inline}"'
    options = book[OPTIONS_SHEET] if OPTIONS_SHEET in book.sheetnames else None
    if options is None:
        options = book.create_sheet(OPTIONS_SHEET)
        options.sheet_state = "hidden"
    col = list(SECTIONS.values()).index(section) + 1
    for r, name in enumerate(names, start=1):
        options.cell(r, col, name)
    letter = options.cell(1, col).column_letter
    return f"'{OPTIONS_SHEET}'!${letter}$1:${letter}${len(names)}"


def _protect(ws: Any) -> None:
    """Protect `ws` without a password (the office can lift it); column widths stay adjustable."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
