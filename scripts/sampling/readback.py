"""Re-reading of the written samples for the self-check (by content, as docs/design.md describes)."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from nianbao.intake.values import percent_typed
from nianbao.profile.catalogue import Catalogue, Unit

from .data import Cell, Text
from .sheets import HEADER

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
