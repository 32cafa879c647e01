"""Corpus builders: fixed dates, the design layout of indicator sheets, CSV files, saving with fixed bytes."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from office import freeze, resave
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from nianbao.profile.loading import load_catalogue

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "corpus"
FILES = OUT / "files"
YEAR = 2022
SAVED = datetime(2023, 2, 15, 9, 0)  # later than every sample of inputs/2022, so corpus files win
FILLED = "2023-02-15"
HEADER = ["指标编码", "指标名称", "单位", "本年数值", "上年数值", "填报说明"]
SHEET = "指标数据"
CAT = load_catalogue(ROOT / "templates_docx" / "default")
# Values of the indicators that take part in part ≤ whole checks; every other count is 10.
BASE: dict[str, object] = {
    "zwfw.online_items": 1400, "zwfw.four_star_items": 1380, "zwfw.reviews": 1000,
    "zwfw.good_reviews": 990, "scjg.random_checks": 50, "scjg.joint_checks": 20,
    "xy.joint_objects": 30, "xy.joint_cases": 10, "gk.requests": 40, "gk.requests_answered": 38,
    "tj.disputes_received": 200, "tj.disputes_mediated": 190, "tj.disputes_resolved": 185,
    "tj.hard_cases": 5, "fw.legal_aid_cases": 300, "fw.wage_cases": 50, "fy.accepted": 60,
    "fy.concluded": 55, "fy.upheld": 30, "fy.revoked": 5,
}  # fmt: skip
_BY_KIND: dict[str, object] = {"count": 10, "percent": 95.5, "amount": 12.5, "days": 3}


@dataclass
class Layout:
    """Where a generated workbook put each indicator row (1-based rows) and its value column."""

    sheet: str
    rows: dict[str, int]
    value_col: str = "D"
    code_col: str = "A"

    def value(self, code: str) -> str:
        """Return `sheet!cell` of the value typed for `code`."""
        return f"{self.sheet}!{self.value_col}{self.rows[code]}"

    def code(self, code: str) -> str:
        """Return `sheet!cell` of the code cell of `code`'s row."""
        return f"{self.sheet}!{self.code_col}{self.rows[code]}"


def values_of(unit_id: str, changes: Mapping[str, object] | None = None) -> dict[str, object]:
    """Return every indicator the unit reports with a plausible value, then `changes` applied."""
    values = {
        code: BASE.get(code, _BY_KIND[CAT.indicators[code].kind]) for code in CAT.codes_for(unit_id)
    }
    return values | dict(changes or {})


def indicator_row(code: str, value: object) -> list[object]:
    """Return the six cells of `code`'s row (name and unit word from the catalogue, if it knows the code)."""
    ind = CAT.indicators.get(code)
    unit = (ind.unit or "%") if ind else ""
    return [code, ind.name if ind else "", unit, value, None, ""]


def indicator_sheet(
    ws: Worksheet, label: str, values: Mapping[str, object], year: object = YEAR, top: int = 4
) -> Layout:
    """Fill `ws` in the design layout (identity rows 1–2, header row `top`); return the layout."""
    ws.title = SHEET
    if label:
        ws.append(["单位名称", label, "填报日期", FILLED])
    if year is not None:
        ws.cell(2, 1, "填报年度")
        ws.cell(2, 2, year)
    for c, name in enumerate(HEADER, start=1):
        ws.cell(top, c, name)
    rows = {}
    for r, (code, value) in enumerate(values.items(), start=top + 1):
        for c, cell in enumerate(indicator_row(code, value), start=1):
            if cell is not None:
                ws.cell(r, c, cell)
        rows[code] = r
    return Layout(SHEET, rows)


def book_for(
    label: str, values: Mapping[str, object], year: object = YEAR
) -> tuple[Workbook, Layout]:
    """Return a one-sheet workbook of `label` with `values`, and its layout."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    return book, indicator_sheet(ws, label, values, year)


def add_texts(book: Workbook, texts: Mapping[str, Sequence[tuple[str, str]]]) -> None:
    """Add free-text sheets (亮点做法 …), each text written as text even when it starts with “=”."""
    for category, rows in texts.items():
        ws = book.create_sheet(category)
        ws.append(["报告部分", "内容"])
        for r, (part, text) in enumerate(rows, start=2):
            ws.cell(r, 1, part)
            cell = ws.cell(r, 2, text)
            cell.data_type = "s"  # typed as text (Excel: a leading apostrophe)


def save(
    book: Workbook,
    name: str,
    saved: datetime = SAVED,
    patch: Mapping[str, Callable[[bytes], bytes]] | None = None,
    suite: bool = False,
) -> Path:
    """Save `book` as `name` with fixed zip times and dcterms:modified = `saved`; apply part patches.

    With `suite`, the file is then opened and saved again by LibreOffice Calc.
    """
    buf = io.BytesIO()
    book.save(buf)
    path = FILES / name
    blob = freeze(buf.getvalue(), saved, patch)
    path.write_bytes(resave(blob, name, saved) if suite else blob)
    return path


def write_csv(
    name: str,
    label: str,
    values: Mapping[str, object],
    encoding: str,
    delimiter: str = ",",
    year: object = YEAR,
    texts: Sequence[tuple[str, str, str]] = (),
) -> Layout:
    """Write a csv in the design layout; return the layout (sheet = file stem)."""
    rows: list[list[object]] = [["单位名称", label, "填报日期", FILLED]]
    rows.append(["填报年度", year] if year is not None else [])
    rows += [[], HEADER]
    layout = Layout(Path(name).stem, {})
    for code, value in values.items():
        rows.append(indicator_row(code, value))
        layout.rows[code] = len(rows)
    if texts:
        rows += [[], ["类别", "报告部分", "内容"], *[list(t) for t in texts]]
        layout.rows.update({f"text{i}": len(rows) - len(texts) + 1 + i for i in range(len(texts))})
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(
        [["" if v is None else v for v in row] for row in rows]
    )
    (FILES / name).write_bytes(buf.getvalue().encode(encoding))
    return layout


def cells(layout: Layout, kind: str, *codes: str) -> list[str]:
    """Return the expected findings `kind` at the value cells of `codes`."""
    return [f"{kind} {layout.value(code)}" for code in codes]
