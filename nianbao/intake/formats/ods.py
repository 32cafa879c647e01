"""The parts of an OpenDocument spreadsheet (.ods) checked before parsing: cell extent, save time."""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from nianbao.intake.formats.ooxml import PackageInfo, SheetExtras, save_time
from nianbao.intake.formats.safety import (
    Budget,
    Package,
    RejectedFileError,
    check_extent,
    check_parts,
    read_xml,
)

_CONTENT = "content.xml"
_META = "meta.xml"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_SHEET, _ROW = f"{{{_TABLE}}}table", f"{{{_TABLE}}}table-row"
_CELLS = (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell")
_NAME = f"{{{_TABLE}}}name"
_ROWS_REPEATED = f"{{{_TABLE}}}number-rows-repeated"
_COLUMNS_REPEATED = f"{{{_TABLE}}}number-columns-repeated"
_VALUE_TYPE = f"{{{_OFFICE}}}value-type"
_CONTENT_MARKS = (_VALUE_TYPE, f"{{{_TABLE}}}formula")
_CALC_TYPE = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}value-type"
_VISIBILITY = f"{{{_TABLE}}}visibility"  # collapse (hidden) or filter (filtered out)
_MARKED = 1024  # a percent cell repeated more often than this is not marked (memory)
_SAVED = re.compile(rb"<(?:\w+:)?date\b[^>]*>\s*([^<\s]+)\s*<")
_MIMETYPE, _MANIFEST = "mimetype", "META-INF/manifest.xml"
# Line breaks and indentation between tags (Gnumeric writes its .ods so), or spaces before a table
# tag: calamine expects a cell where the white space is and refuses the whole file. Spaces between
# two runs of a paragraph's text are content and stay.
_INDENT = re.compile(rb">(?:[ \t\r]*\n\s*|\s+(?=</?(?:table|office):|<text:p[\s/>]))<")


def inspect_ods(package: Package) -> PackageInfo:
    """Return the save time, hidden rows and percent cells of an .ods; refuse cells reaching too far.

    Every XML part is checked by nianbao.intake.formats.safety (entities, sizes) before it is parsed here.
    """
    budget = Budget()
    names = set(package.zip.namelist())
    done: set[str] = set()
    info = PackageInfo()
    if _META in names:
        info.modified = save_time(_SAVED, read_xml(package, _META, budget))
        done.add(_META)
    if _CONTENT in names:
        content = read_xml(package, _CONTENT, budget)
        for sheet, extras in scan_content(content):
            check_extent(sheet, extras.rows, extras.columns)
            info.sheets.setdefault(sheet, extras)
        done.add(_CONTENT)
        if _INDENT.search(content):
            info.rewritten = _without_indent(package, content, budget)
    check_parts(package, done, budget)
    return info


def _without_indent(package: Package, content: bytes, budget: Budget) -> bytes:
    """Return the spreadsheet repacked with `content` freed of indentation between tags.

    Only what the reader needs goes in: mimetype, manifest and content (all checked already).
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(_MIMETYPE, package.zip.read(_MIMETYPE), zipfile.ZIP_STORED)
        if _MANIFEST in package.zip.namelist():
            zf.writestr(_MANIFEST, read_xml(package, _MANIFEST, budget))
        zf.writestr(_CONTENT, _INDENT.sub(b"><", content))
    return out.getvalue()


def scan_content(content: bytes) -> list[tuple[str, SheetExtras]]:
    """Return each sheet's extent (up to its farthest cell with content), hidden rows, percent cells.

    Repeated rows and cells count as often as they are repeated (the reader expands them); cells
    without a value, text or formula are styling only and do not count. A percentage cell holds
    the fraction (0.9916 for 99.16%), as in an .xlsx: it is marked so that it reads as shown; so is
    a formula error (#DIV/0!), which the reader gives as an empty text.
    """
    parser = etree.iterparse(
        io.BytesIO(content),
        events=("start", "end"),
        tag=(_SHEET, _ROW, *_CELLS),
        resolve_entities=False,
        no_network=True,
        huge_tree=True,
    )
    found: list[tuple[str, SheetExtras]] = []
    hidden: list[int] = []
    extras, row, col = SheetExtras(), 0, 0
    try:
        for event, element in parser:
            tag = element.tag
            if tag == _SHEET:
                if event == "start":
                    extras, hidden, row = SheetExtras(), [], 0
                    found.append((element.get(_NAME, ""), extras))
                else:
                    extras.hidden_rows = {r for r in hidden if r < extras.rows}
            elif tag == _ROW:
                span = _repeat(element, _ROWS_REPEATED)
                if event == "start":
                    col = 0
                    if element.get(_VISIBILITY, "visible") != "visible":
                        hidden.extend(range(row, min(row + span, row + _MARKED)))
                else:
                    row += span
                    _drop_done(element)
            elif event == "end":
                col = _cell(element, extras, row, col)
    except etree.XMLSyntaxError as exc:
        raise RejectedFileError("file.corrupt", f"文件已损坏：{_CONTENT}无法解析（{exc}）") from exc
    return found


def _cell(element: etree._Element, extras: SheetExtras, row: int, col: int) -> int:
    """Count one (repeated) cell of the row at `row` into `extras`; return the next column."""
    repeat = _repeat(element, _COLUMNS_REPEATED)
    if len(element) or any(mark in element.attrib for mark in _CONTENT_MARKS):
        span = _repeat(element.getparent(), _ROWS_REPEATED)
        extras.rows = max(extras.rows, row + span)
        extras.columns = max(extras.columns, col + repeat)
        if span * repeat <= _MARKED:
            cells = [(r, c) for r in range(row, row + span) for c in range(col, col + repeat)]
            if element.get(_VALUE_TYPE) == "percentage":
                extras.percent.update(cells)
            elif element.get(_CALC_TYPE) == "error":  # read as "": the shown #DIV/0! is kept
                extras.errors.update(dict.fromkeys(cells, "".join(element.itertext()).strip()))
    return col + repeat


def _drop_done(row: etree._Element) -> None:
    """Free a row read to its end, and the rows and columns before it (memory)."""
    row.clear()
    parent = row.getparent()
    while parent is not None and row.getprevious() is not None:
        del parent[0]


def _repeat(element: etree._Element | None, attribute: str) -> int:
    """Return how many times `element` repeats (1 when not said or not a positive number)."""
    text = element.get(attribute, "1") if element is not None else "1"
    return int(text) if text.isdigit() and int(text) > 0 else 1
