"""Writers of the sample files: .xlsx (openpyxl), the form saved by LibreOffice, .xls (xlwt) and .csv."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import xlwt
from office import freeze, resave
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from nianbao.profile.catalogue import Catalogue
from nianbao.season.forms import COVER_SHEET as FORM_COVER
from nianbao.season.forms import DATA_SHEET as FORM_DATA
from nianbao.season.forms import TEXT_ROWS, build_form

from .data import CATEGORIES, INPUTS, Cell, YearData
from .sheets import COVER_SHEET, CSV_TEXT_HEADER, FIRST_ROW, HEADER, TEXT_HEADER, Sheets, sheets_for

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
        for r, item in enumerate(items, start=2):  # below the header row
            ts.append([item.part, item.content])
            ts.cell(r, 2).alignment = WRAP
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
    """Write the unit's form (nianbao.season.forms) filled in as typed, as LibreOffice Calc saves it."""
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
