"""Workbooks nianbao writes: a bold header row, and cells that show their text as it is (never a formula)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

_FORMULA_START = ("=", "+", "-", "@")
_ESCAPE_LIKE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")  # text Excel would read as an escaped character
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")  # not allowed in a cell (tab and line feed are)
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # undecodable bytes of a file name (surrogateescape)
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARN_FILL = PatternFill("solid", fgColor="FFEB9C")


def new_book(title: str, header: Sequence[str]) -> tuple[Workbook, Worksheet]:
    """Return a new workbook whose first sheet is named `title` and starts with a bold `header` row."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = title
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    return book, sheet


def append_safe(sheet: Worksheet, values: Sequence[object]) -> list[Cell]:
    """Append a row whose texts show as they are and return its cells: none becomes a formula
    (= + - @ stay text), a typed “_x000D_” stays those seven characters, control characters are
    shown as symbols (␍).

    The cells are made here and returned: `sheet.max_row` looks at every cell of the sheet, so
    finding the new row through it made writing n rows cost n² (10⁴ findings: minutes).
    """
    cells = [Cell(sheet, value=visible(v) if isinstance(v, str) else v) for v in values]
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True
    sheet.append(cells)
    return cells


def visible(text: str) -> str:
    """Return `text` as a cell must hold it to show `text` itself in Excel, WPS and LibreOffice.

    The spreadsheet format reads “_x000D_” as a carriage return: its underscore is written
    escaped (_x005F_). A control character cannot be stored at all: it is shown by its symbol
    (U+2400 + code, e.g. ␍ for CR); an undecodable byte of a file name shows as U+FFFD.
    """
    if "_x" in text:
        text = _ESCAPE_LIKE.sub("_x005F_", text)
    text = _CONTROL.sub(lambda m: chr(0x2400 + ord(m[0])), text)
    return _SURROGATE.sub("\ufffd", text)
