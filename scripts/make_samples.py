"""Generate the sample unit submissions in inputs/2020, inputs/2021 and inputs/2022 (dev tool).

The data lives in scripts/samples/*.toml (values per unit, typed cell spellings, free texts, file
names); this script only lays it out in the workbook format of docs/design.md, as .xlsx (openpyxl),
.xls (xlwt) or .csv (UTF-8 with BOM / GB18030). A filing marked `suite = "LibreOffice"` is the
unit's form (nianbao.forms) filled in and saved by LibreOffice Calc (headless), so that some samples
hold shared strings, styles and number formats as an office suite writes them; a percent typed with
“%” is then a number in a percent-formatted cell. Numbers are stored as typed (74.6, never
74.59999999999999). It deletes and recreates the three year folders, writes byte-for-byte
reproducible files (for one LibreOffice version), then re-reads everything it wrote and checks that
the 2021 sums reproduce the figures of the 2021 report.

Usage: .venv/bin/python scripts/make_samples.py
"""

from __future__ import annotations

import ast
import csv
import io
import operator
import os
import re
import shutil
import sys
import tomllib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import xlwt
from office import freeze, require_soffice, resave
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

from nianbao.catalogue import Catalogue, Indicator, Unit, load_catalogue
from nianbao.forms import COVER_SHEET as FORM_COVER
from nianbao.forms import DATA_SHEET as FORM_DATA
from nianbao.forms import TEXT_ROWS, build_form
from nianbao.values import percent_typed

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "samples"
PROFILE = ROOT / "templates_docx" / "default"
INPUTS = ROOT / "inputs"
YEARS = (2020, 2021, 2022)

COVER_SHEET = "填报说明"
DATA_SHEET = "指标数据"
HEADER = ("指标编码", "指标名称", "单位", "本年数值", "上年数值", "填报说明")
TEXT_HEADER = ("报告部分", "内容")
CSV_TEXT_HEADER = ("类别", "报告部分", "内容")
CATEGORIES = {"亮点做法": "achievements", "存在问题": "problems", "下一年打算": "tasks"}
FIRST_ROW = 5  # first indicator row of the 指标数据 sheet (row 4 is the header)

Number = int | float
Cell = str | Number | None


# ---------------------------------------------------------------------------- sample data


@dataclass(frozen=True)
class Text:
    """One free-text item a unit submits."""

    unit: str
    category: str
    part: str
    content: str


@dataclass(frozen=True)
class Filing:
    """How one unit's file for one year looks: name, label in 单位名称, contact, format.

    `suite` names the office suite that saved the unit's filled-in form ("LibreOffice"), or "".
    """

    unit: str
    file: str
    label: str
    contact: str
    phone: str
    date: str
    encoding: str = ""
    data_sheet: str = DATA_SHEET
    suite: str = ""

    @property
    def suffix(self) -> str:
        """Return the lower-case file extension (.xlsx, .xls or .csv)."""
        return Path(self.file).suffix.lower()


@dataclass
class YearData:
    """Everything about one sample year: clean values, typed spellings, texts, filings."""

    year: int
    values: dict[str, dict[str, Number]]
    typed: dict[str, dict[str, str]]
    texts: list[Text]
    filings: dict[str, Filing]
    not_submitted: tuple[str, ...] = ()
    expected: dict[str, Number] = field(default_factory=dict)
    expected_derived: dict[str, Number] = field(default_factory=dict)


def _toml(name: str) -> dict[str, object]:
    path = DATA / name
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)


def load_year(year: int, submissions: dict[str, object]) -> YearData:
    """Return the sample data of `year` from values_<year>.toml, texts_<year>.toml, submissions.toml."""
    raw = _toml(f"values_{year}.toml")
    values: dict[str, dict[str, Number]] = {u: dict(v) for u, v in raw.get("unit", {}).items()}
    towns = raw.get("towns", {})
    columns = towns.get("columns", [])
    for unit_id, row in towns.get("rows", {}).items():
        if len(row) != len(columns):
            raise SystemExit(
                f"values_{year}.toml: {unit_id} 有 {len(row)} 个数，应为 {len(columns)} 个"
            )
        values[unit_id] = dict(zip(columns, row, strict=True))
    texts = [Text(**t) for t in _toml(f"texts_{year}.toml").get("text", [])]
    filings = {u: Filing(unit=u, **f) for u, f in submissions.get(str(year), {}).items()}
    return YearData(
        year=year,
        values=values,
        typed={u: dict(v) for u, v in raw.get("typed", {}).items()},
        texts=texts,
        filings=filings,
        not_submitted=tuple(raw.get("not_submitted", ())),
        expected=dict(raw.get("expected", {})),
        expected_derived=dict(raw.get("expected_derived", {})),
    )


def check_data(cat: Catalogue, data: YearData) -> None:
    """Stop with a message if the sample data of a year does not fit the catalogue and roster."""
    unit_ids = {u.id for u in cat.units}
    problems: list[str] = []
    for unit_id in data.filings:
        if unit_id not in unit_ids:
            problems.append(f"submissions.toml [{data.year}]：名册中没有 {unit_id}")
        if unit_id in data.not_submitted:
            problems.append(f"{data.year}：{unit_id} 标为未报送，却有文件")
    for unit_id in data.not_submitted:
        if unit_id in data.values:
            problems.append(f"{data.year}：{unit_id} 标为未报送，却有数值")
    for unit_id in data.filings:
        given = set(data.values.get(unit_id, {})) | set(data.typed.get(unit_id, {}))
        wanted = set(cat.codes_for(unit_id))
        if given != wanted:
            problems.append(
                f"{data.year} {unit_id}：缺 {sorted(wanted - given)}，多 {sorted(given - wanted)}"
            )
    parts = {p.name: p.section for p in cat.parts}
    for text in data.texts:
        if text.unit not in data.filings:
            problems.append(f"texts_{data.year}.toml：{text.unit} 没有报送文件")
        if parts.get(text.part) != CATEGORIES.get(text.category):
            problems.append(f"texts_{data.year}.toml：{text.category} 不能归入“{text.part}”")
    if problems:
        raise SystemExit("样例数据有误：\n  " + "\n  ".join(problems))


# ---------------------------------------------------------------------------- sheet content


@dataclass(frozen=True)
class Row:
    """One indicator row of the 指标数据 table."""

    code: str
    name: str
    unit: str
    current: Cell
    previous: Cell
    note: str

    def cells(self) -> tuple[Cell, ...]:
        """Return the six cells of the row, in header order."""
        return (self.code, self.name, self.unit, self.current, self.previous, self.note)


def unit_word(ind: Indicator) -> str:
    """Return the unit word shown in the 单位 column (percent indicators show %)."""
    return "%" if ind.kind == "percent" and not ind.unit else ind.unit


def note_for(ind: Indicator) -> str:
    """Return the 填报说明 text of an indicator row."""
    if ind.note:
        return ind.note
    hints = {
        "percent": "填写百分数的数值，如 98.5 表示 98.5%",
        "amount": "单位：万元，可保留两位小数",
        "days": "单位：工作日，可填小数",
    }
    return hints.get(ind.kind, "")


def indicator_rows(
    cat: Catalogue, data: YearData, unit_id: str, previous: YearData | None
) -> list[Row]:
    """Return the 指标数据 rows of a unit: typed spelling if any, else the clean value."""
    rows = []
    prev_values = previous.values.get(unit_id, {}) if previous else {}
    for code in cat.codes_for(unit_id):
        ind = cat.indicators[code]
        current = data.typed.get(unit_id, {}).get(code, data.values[unit_id].get(code))
        rows.append(
            Row(code, ind.name, unit_word(ind), current, prev_values.get(code), note_for(ind))
        )
    return rows


def cover_rows(cat: Catalogue, filing: Filing, year: int) -> list[tuple[str, Cell]]:
    """Return the label/value pairs and notes of the 填报说明 cover sheet."""
    month, day = (int(x) for x in cat.profile.form_deadline.split("-"))
    return [
        ("单位名称", filing.label),
        ("填报年度", year),
        ("报送截止", f"{year + 1}年{month}月{day}日"),
        ("联系人", filing.contact),
        ("联系电话", filing.phone),
        ("", None),
        ("填报须知", None),
        ("1. 请在“指标数据”表的“本年数值”列填写阿拉伯数字，不写约数和文字。", None),
        ("2. 百分比指标填百分数的数值（如 99.5），金额一律以万元为单位。", None),
        ("3. 本年未发生的事项填 0；确无数据的请留空，并在“填报说明”列写明原因。", None),
        ("4. 文字材料分别填入“亮点做法”“存在问题”“下一年打算”三张表，每格一条。", None),
        (f"5. 报送联系：{cat.profile.contact}。", None),
    ]


def texts_by_category(data: YearData, unit_id: str) -> dict[str, list[Text]]:
    """Return a unit's free texts grouped by category, in the order of CATEGORIES."""
    return {c: [t for t in data.texts if t.unit == unit_id and t.category == c] for c in CATEGORIES}


@dataclass(frozen=True)
class Sheets:
    """Everything one unit's file shows, independent of the file format."""

    filing: Filing
    year: int
    cover: list[tuple[str, Cell]]
    rows: list[Row]
    texts: dict[str, list[Text]]
    choices: dict[str, list[str]]  # category → part names offered in the 报告部分 drop-down


def sheets_for(cat: Catalogue, data: YearData, unit_id: str, previous: YearData | None) -> Sheets:
    """Return the content of a unit's file for the sample year `data`."""
    filing = data.filings[unit_id]
    return Sheets(
        filing=filing,
        year=data.year,
        cover=cover_rows(cat, filing, data.year),
        rows=indicator_rows(cat, data, unit_id, previous),
        texts=texts_by_category(data, unit_id),
        choices={c: [p.name for p in cat.parts if p.section == s] for c, s in CATEGORIES.items()},
    )


# ---------------------------------------------------------------------------- writers

BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")


def _widths(ws: Worksheet, widths: Iterable[tuple[str, float]]) -> None:
    for col, width in widths:
        ws.column_dimensions[col].width = width


def write_xlsx(path: Path, sh: Sheets) -> None:
    """Write an .xlsx unit workbook (cover, 指标数据, three free-text sheets), reproducibly."""
    filing = sh.filing
    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = COVER_SHEET
    for label, value in sh.cover:
        cover.append([label or None, value])
    for r in range(1, 6):
        cover.cell(r, 1).font = BOLD
    cover["A7"].font = BOLD
    _widths(cover, [("A", 16), ("B", 44)])

    ws = wb.create_sheet(filing.data_sheet)
    ws.append(["单位名称", filing.label])
    ws.append(["填报年度", sh.year])
    ws.append([])
    ws.append(list(HEADER))
    for cell in ws[4]:
        cell.font = BOLD
        cell.fill = HEAD_FILL
    for row in sh.rows:
        ws.append(list(row.cells()))
    ws.freeze_panes = "A5"
    _widths(ws, [("A", 28), ("B", 42), ("C", 10), ("D", 12), ("E", 12), ("F", 36)])

    for category, items in sh.texts.items():
        ts = wb.create_sheet(category)
        ts.append(list(TEXT_HEADER))
        for cell in ts[1]:
            cell.font = BOLD
            cell.fill = HEAD_FILL
        for item in items:
            ts.append([item.part, item.content])
            ts.cell(ts.max_row, 2).alignment = WRAP
        choices = ",".join(sh.choices[category])
        dv = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
        dv.add("A2:A50")
        ts.add_data_validation(dv)
        _widths(ts, [("A", 40), ("B", 90)])

    stamp = _stamp(filing.date)
    wb.properties.creator = filing.contact
    wb.properties.created = stamp
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(freeze(buf.getvalue(), stamp))


def _stamp(date: str) -> datetime:
    return datetime.fromisoformat(date).replace(hour=16, minute=30)


_TYPED_PERCENT = re.compile(r"^([0-9]+(?:\.([0-9]+))?)%$")


def write_suite(cat: Catalogue, path: Path, sh: Sheets) -> None:
    """Write the unit's form (nianbao.forms) filled in as typed, as LibreOffice Calc saves it."""
    filing = sh.filing
    previous = {r.code: Decimal(str(r.previous)) for r in sh.rows if r.previous is not None}
    book = build_form(cat, cat.unit(filing.unit), sh.year, previous)
    book[FORM_COVER]["B4"] = filing.contact
    book[FORM_COVER]["B5"] = filing.phone
    ws = book[FORM_DATA]
    for r, row in enumerate(sh.rows, start=FIRST_ROW):
        if ws.cell(r, 1).value != row.code:
            raise SystemExit(f"{filing.file}：填报表第 {r} 行不是 {row.code}")
        _type_into(ws.cell(r, 4), row.current)
    for category, items in sh.texts.items():
        if len(items) > TEXT_ROWS:
            raise SystemExit(f"{filing.file}：{category} 超过填报表的 {TEXT_ROWS} 行")
        for r, item in enumerate(items, start=2):
            book[category].cell(r, 1, item.part)
            book[category].cell(r, 2, item.content)
    stamp = _stamp(filing.date)
    book.properties.creator = book.properties.lastModifiedBy = filing.contact
    book.properties.created = stamp
    buf = io.BytesIO()
    book.save(buf)
    path.write_bytes(resave(freeze(buf.getvalue(), stamp), filing.file, stamp))


def _type_into(cell: SheetCell, value: Cell) -> None:
    """Put `value` in `cell` as a suite keeps what was typed: “92.36%” is 0.9236 shown as a percent."""
    match = _TYPED_PERCENT.match(value) if isinstance(value, str) else None
    if match is None:
        cell.value = value
        return
    cell.value = float(Decimal(match[1]) / 100)
    cell.number_format = f"0.{'0' * len(match[2])}%" if match[2] else "0%"


def write_xls(path: Path, sh: Sheets) -> None:
    """Write a legacy .xls unit workbook with the same sheets (xlwt)."""
    bold = xlwt.easyxf("font: bold on")
    wb = xlwt.Workbook(encoding="utf-8")
    cover = wb.add_sheet(COVER_SHEET)
    for r, (label, value) in enumerate(sh.cover):
        if label:
            cover.write(r, 0, label, bold if r < 5 else xlwt.Style.default_style)
        if value is not None:
            cover.write(r, 1, value)
    ws = wb.add_sheet(sh.filing.data_sheet)
    ws.write(0, 0, "单位名称")
    ws.write(0, 1, sh.filing.label)
    ws.write(1, 0, "填报年度")
    ws.write(1, 1, sh.year)
    for c, head in enumerate(HEADER):
        ws.write(3, c, head, bold)
    for r, row in enumerate(sh.rows, start=FIRST_ROW - 1):
        for c, value in enumerate(row.cells()):
            if value is not None and value != "":
                ws.write(r, c, value)
    for category, items in sh.texts.items():
        ts = wb.add_sheet(category)
        for c, head in enumerate(TEXT_HEADER):
            ts.write(0, c, head, bold)
        for r, item in enumerate(items, start=1):
            ts.write(r, 0, item.part)
            ts.write(r, 1, item.content)
    wb.save(str(path))


def write_csv(path: Path, sh: Sheets) -> None:
    """Write a .csv submission: identity, blank, indicator table, then optionally free texts."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(["单位名称", sh.filing.label])
    out.writerow(["填报年度", sh.year])
    out.writerow([])
    out.writerow(HEADER)
    for row in sh.rows:
        out.writerow([_csv_cell(v) for v in row.cells()])
    items = [t for category in CATEGORIES for t in sh.texts[category]]
    if items:
        out.writerow([])
        out.writerow(CSV_TEXT_HEADER)
        for t in items:
            out.writerow([t.category, t.part, t.content])
    path.write_bytes(buf.getvalue().encode(sh.filing.encoding or "utf-8-sig"))


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


WRITERS: dict[str, Callable[[Path, Sheets], None]] = {
    ".xlsx": write_xlsx,
    ".xls": write_xls,
    ".csv": write_csv,
}


def write_year(cat: Catalogue, data: YearData, previous: YearData | None) -> list[Path]:
    """Recreate inputs/<year>/ with one file per filing; return the paths written."""
    folder = INPUTS / str(data.year)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    written = []
    for unit in cat.units:
        filing = data.filings.get(unit.id)
        if filing is None:
            continue
        path = folder / filing.file
        if path.exists():
            raise SystemExit(f"{data.year}：文件名重复 {filing.file}")
        sheets = sheets_for(cat, data, unit.id, previous)
        if filing.suite:
            write_suite(cat, path, sheets)
        else:
            WRITERS[filing.suffix](path, sheets)
        mtime = _stamp(filing.date).timestamp()
        os.utime(path, (mtime, mtime))
        written.append(path)
    return written


# ---------------------------------------------------------------------------- re-reading (self-check)

Grid = list[list[Cell]]
_NUMBER = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*(%|[\u4e00-\u9fff]{1,4})?$")


def parse_value(raw: Cell) -> float | None:
    """Return the number a typed cell means, or None if it cannot be read as one.

    Accepts numbers and text with thousands separators, full-width digits, a trailing % or unit
    word, and surrounding spaces — the spellings the samples use on purpose.
    """
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int | float):
        return float(raw)
    text = unicodedata.normalize("NFKC", raw).strip().replace(",", "")
    match = _NUMBER.match(text)
    return float(match.group(1)) if match else None


@dataclass
class ReadBack:
    """What the self-check reads back from one file."""

    path: Path
    label: str = ""
    year: Cell = None
    # code → (cell reference, 本年数值 as typed, 上年数值 as typed)
    cells: dict[str, tuple[str, Cell, Cell]] = field(default_factory=dict)
    texts: list[Text] = field(default_factory=list)


def read_grids(path: Path) -> list[tuple[str, Grid]]:
    """Return (sheet name, rows) for every sheet of a workbook, or the one table of a .csv."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        grids = [(ws.title, [[_shown(c) for c in r] for r in ws.iter_rows()]) for ws in wb]
        wb.close()
        return grids
    if suffix == ".xls":
        book = CalamineWorkbook.from_path(str(path))
        return [(n, book.get_sheet_by_name(n).to_python()) for n in book.sheet_names]
    blob = path.read_bytes()
    if blob.startswith(b"\xef\xbb\xbf"):
        text = blob.decode("utf-8-sig")
    else:
        try:
            text = blob.decode("utf-8")
        except UnicodeDecodeError:
            text = blob.decode("gb18030")
    return [("csv", [list(r) for r in csv.reader(io.StringIO(text))])]


def _shown(cell: object) -> Cell:
    """Return a cell's value; a number in a percent-formatted cell as shown (0.9236 → “92.36%”)."""
    value = getattr(cell, "value", None)
    if type(value) in (int, float) and "%" in (getattr(cell, "number_format", "") or ""):
        return percent_typed(float(value))
    return value


def _s(value: Cell) -> str:
    return "" if value is None else str(value).strip()


def read_back(path: Path) -> ReadBack:
    """Read a generated file the way docs/design.md describes (by content, not by sheet name)."""
    result = ReadBack(path)
    for sheet, grid in read_grids(path):
        table: dict[str, int] | None = None
        for r, short in enumerate(grid):
            row = [*short, *[None] * (len(HEADER) - len(short))]
            heads = [_s(c) for c in row]
            if len(heads) >= 2 and heads[0] in ("单位名称", "填报年度"):
                if heads[0] == "单位名称" and not result.label:
                    result.label = heads[1]
                elif heads[0] == "填报年度" and result.year is None:
                    result.year = row[1]
            elif {"指标编码", "本年数值"} <= set(heads) or {"报告部分", "内容"} <= set(heads):
                table = {h: i for i, h in enumerate(heads) if h}
            elif table is not None and "指标编码" in table and heads[table["指标编码"]]:
                cur, prev = row[table["本年数值"]], row[table["上年数值"]]
                result.cells[heads[table["指标编码"]]] = (f"{sheet}!D{r + 1}", cur, prev)
            elif table is not None and "内容" in table and heads[table["内容"]]:
                kind = heads[table["类别"]] if "类别" in table else sheet
                result.texts.append(Text("", kind, heads[table["报告部分"]], heads[table["内容"]]))
            else:
                table = None
    return result


def match_unit(cat: Catalogue, label: str) -> Unit | None:
    """Return the roster unit whose name or alias is `label`."""
    for unit in cat.units:
        if label == unit.name or label in unit.aliases:
            return unit
    return None


# ---------------------------------------------------------------------------- checks

_CODE = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")
_OPS: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def evaluate(formula: str, totals: dict[str, float]) -> float:
    """Return the value of a catalogue formula (+ − × ÷ over codes and numbers)."""
    names = {code: f"v{i}" for i, code in enumerate(sorted(set(_CODE.findall(formula))))}
    expr = _CODE.sub(lambda m: names[m.group(0)], formula)
    env = {v: totals[k] for k, v in names.items()}

    def walk(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.Name):
            return env[node.id]
        raise ValueError(f"不支持的公式：{formula}")

    return walk(ast.parse(expr, mode="eval"))


def rounded(value: float, precision: int) -> float:
    """Return `value` rounded half-up to `precision` decimals (as the report phrases figures)."""
    quantum = Decimal(1).scaleb(-precision)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


@dataclass
class YearCheck:
    """Re-read contents of one year folder and the problems found."""

    year: int
    units: dict[str, ReadBack] = field(default_factory=dict)
    values: dict[str, dict[str, float]] = field(default_factory=dict)
    invalid: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def totals(self) -> dict[str, float]:
        """Return the sum per code over all units (accepted values only)."""
        sums: dict[str, float] = {}
        for cells in self.values.values():
            for code, value in cells.items():
                sums[code] = sums.get(code, 0.0) + value
        return {code: round(v, 6) for code, v in sums.items()}


def reread_year(cat: Catalogue, data: YearData) -> YearCheck:
    """Read back inputs/<year>/ and check identity, indicator lists and per-unit consistency."""
    check = YearCheck(data.year)
    for path in sorted((INPUTS / str(data.year)).iterdir()):
        back = read_back(path)
        unit = match_unit(cat, back.label)
        if unit is None:
            check.problems.append(f"{path.name}：单位名称“{back.label}”不在名册中")
            continue
        if str(back.year) not in (str(data.year), f"{data.year}.0"):
            check.problems.append(f"{path.name}：填报年度为 {back.year!r}")
        if tuple(back.cells) != cat.codes_for(unit.id):
            check.problems.append(f"{path.name}：指标列表与目录不一致")
        check.units[unit.id] = back
        accepted: dict[str, float] = {}
        for code, (ref, raw, _prev) in back.cells.items():
            value = parse_value(raw)
            if value is None:
                check.invalid.append(f"{path.name} {ref}（{code}）= {raw!r}")
            else:
                accepted[code] = value
        check.values[unit.id] = accepted
        check.problems += consistency(cat, path.name, unit, accepted)
    missing = [u.id for u in cat.units if u.id not in check.units]
    if missing != [u.id for u in cat.units if u.id not in data.filings]:
        check.problems.append(f"缺少的单位与样例数据不符：{missing}")
    return check


def consistency(cat: Catalogue, name: str, unit: Unit, values: dict[str, float]) -> list[str]:
    """Return the per-unit rule violations: parts above wholes, town village counts differing."""
    problems = []
    for code, value in values.items():
        whole = cat.indicators[code].not_above
        if whole in values and value > values[whole]:
            problems.append(f"{name}：{code}={value:g} 大于 {whole}={values[whole]:g}")
    if unit.group == "town":
        same = ["pf.villages", "zwfw.village_stations", "tj.village_rooms", "fw.village_studios"]
        if len({values.get(c) for c in same}) != 1:
            problems.append(f"{name}：行政村、便民服务站、调解室、法律服务工作室数不一致")
        if values.get("tj.committees") != values.get("pf.villages", 0) + 1:
            problems.append(f"{name}：人民调解委员会数应为行政村数 + 1")
    return problems


def check_2021(
    cat: Catalogue, data: YearData, check: YearCheck, prev: YearCheck
) -> dict[str, float]:
    """Check the 2021 totals, derived figures, typed cells and free texts against the report.

    Return the derived figures as computed from the re-read files.
    """
    totals = check.totals()
    if check.invalid:
        check.problems.append(f"2021 不应有无效单元格：{check.invalid}")
    for code, want in data.expected.items():
        if round(totals.get(code, -1.0), 2) != round(float(want), 2):
            check.problems.append(f"{code}：合计 {totals.get(code)}，报告为 {want}")
    unlisted = {c for c, i in cat.indicators.items() if i.is_input} - set(data.expected)
    if unlisted:
        check.problems.append(f"[expected] 缺少指标：{sorted(unlisted)}")
    prev_totals = prev.totals()
    derived = {}
    for code, want in data.expected_derived.items():
        ind = cat.indicators[code]
        if ind.aggregation == "growth":
            value = 100 * (totals[ind.formula] / prev_totals[ind.formula] - 1)
        else:
            value = evaluate(ind.formula, totals)
        derived[code] = value
        if rounded(value, ind.precision) != float(want):
            check.problems.append(f"{code}：计算得 {value:.4f}，报告为 {want}")
    for unit_id, typed in data.typed.items():
        for code, raw in typed.items():
            _ref, read, _prev = check.units[unit_id].cells[code]
            if read != raw:
                check.problems.append(f"{unit_id} {code}：写入 {raw!r}，读回 {read!r}")
    check.problems += text_rules(cat, data)
    return derived


def texts_read_back(data: YearData, check: YearCheck) -> list[str]:
    """Return the units whose free texts do not read back exactly as written."""
    problems = []
    for unit_id, back in check.units.items():
        wrote = [(t.category, t.part, t.content) for t in data.texts if t.unit == unit_id]
        read = [(t.category, t.part, t.content) for t in back.texts]
        if sorted(wrote) != sorted(read):
            problems.append(f"{back.path.name}：文字材料读回不一致")
    return problems


def text_rules(cat: Catalogue, data: YearData) -> list[str]:
    """Return violations of the free-text requirements of the 2021 samples."""
    problems = []
    with_text = {t.unit for t in data.texts}
    towns = [u for u in with_text if cat.unit(u).group == "town"]
    departments = [u.id for u in cat.units if u.group == "department"]
    if not set(departments) <= with_text or len(towns) < 8:
        problems.append("文字材料应覆盖全部部门和至少 8 个乡镇（街道）")
    leadership = cat.part("leadership").name
    if not 2 <= sum(t.part == leadership for t in data.texts) <= 3:
        problems.append("“学习贯彻习近平法治思想”部分应有 2–3 条")
    if not 3 <= sum(t.category == "存在问题" for t in data.texts) <= 5:
        problems.append("存在问题应有 3–5 条")
    for part in (p for p in cat.parts if p.section == "tasks"):
        if not any(t.part == part.name for t in data.texts):
            problems.append(f"下一年打算缺少“{part.name}”")
    joined = "".join(t.content for t in data.texts)
    if not all(ch in joined for ch in "“”《》（）") or not ("&" in joined or "<" in joined):
        problems.append("文字材料应包含 “”《》（） 和 & 或 <")
    return problems


def check_2022(cat: Catalogue, data: YearData, check: YearCheck, prev: YearData) -> None:
    """Check the 2022 gaps (one unit missing, one invalid cell) and the pre-filled 上年数值."""
    if len(check.invalid) != 1:
        check.problems.append(f"2022 应恰有 1 个无效单元格，实际 {check.invalid}")
    missing = [u.id for u in cat.units if u.id not in check.units]
    if missing != list(data.not_submitted):
        check.problems.append(f"2022 未报送单位应为 {data.not_submitted}，实际 {missing}")
    for unit_id, back in check.units.items():
        for code, (ref, _cur, shown) in back.cells.items():
            want = prev.values.get(unit_id, {}).get(code)
            if parse_value(shown) != (None if want is None else float(want)):
                check.problems.append(f"{back.path.name} {ref}：上年数值 {shown!r}，应为 {want}")


# ---------------------------------------------------------------------------- main


def main() -> int:
    """Generate the samples, re-read them and print a summary; return the exit status."""
    cat = load_catalogue(PROFILE)
    submissions = _toml("submissions.toml")
    data = {year: load_year(year, submissions) for year in YEARS}
    for year_data in data.values():
        check_data(cat, year_data)
    if any(f.suite for d in data.values() for f in d.filings.values()):
        require_soffice()

    for year in YEARS:
        written = write_year(cat, data[year], data.get(year - 1))
        kinds = sorted({p.suffix for p in written})
        print(f"inputs/{year}: {len(written)} 个文件（{'、'.join(kinds)}）")

    checks = {year: reread_year(cat, data[year]) for year in YEARS}
    for year in YEARS:
        checks[year].problems += texts_read_back(data[year], checks[year])
    derived = check_2021(cat, data[2021], checks[2021], checks[2020])
    check_2022(cat, data[2022], checks[2022], data[2021])

    totals = checks[2021].totals()
    print(f"2021：{len(checks[2021].units)} 个单位，核对了 {len(totals)} 项合计和派生指标：")
    print("  " + "；".join(f"{c} = {v:.2f}" for c, v in derived.items()))
    print(f"2021 文字材料：{len(data[2021].texts)} 条；2022：{len(data[2022].texts)} 条")
    print(f"2022：未报送 {', '.join(data[2022].not_submitted)}；无效单元格：{checks[2022].invalid}")

    problems = [f"{y}：{p}" for y, c in checks.items() for p in c.problems]
    if problems:
        print("自检发现问题：\n  " + "\n  ".join(problems))
        return 1
    print("自检通过。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
