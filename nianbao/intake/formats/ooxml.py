"""What calamine does not tell about an .xlsx package: save time, hidden rows, formulas without results."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from html import unescape
from posixpath import join, normpath

from nianbao.core.clock import office_time
from nianbao.intake.formats.safety import Budget, Package, check_extent, check_parts, memo, read_xml

_CORE = "docProps/core.xml"
_WORKBOOK = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_MODIFIED = re.compile(rb"<(?:\w+:)?modified\b[^>]*>\s*([^<\s]+)\s*<")
_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_R = re.compile(rb'\br="([A-Z]{0,3})(\d+)"')
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.DOTALL)
_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*>([^<]+)</(?:\w+:)?v>")
_ERROR_TYPE = b't="e"'
# A cell with content (value, inline text or formula): calamine skips cells that only carry a style,
# so a styled blank cell far away (Gnumeric, openpyxl) does not count towards the extent.
_CELL_REF = re.compile(
    rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>/]*>\s*<(?:\w+:)?(?:v|f|is)\b'
)
_FAR = re.compile(rb'\br="(?:[A-Z]{2,3}[0-9]|[A-Z][0-9]{5})')
_FAR_HINT = re.compile(
    rb'r="(?:[A-Z]{2,3}[0-9]|[A-Z][0-9]{5})'
)  # literal prefix: a fast first pass
_F_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
# Fast first passes (a rare literal first byte lets the regex engine skip): no match, no such cell.
_F_HINT = re.compile(rb"f[\s>/]")
_ERROR_HINT = re.compile(_ERROR_TYPE)
_ELEMENT = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:.-]+)\s*=\s*"([^"]*)"')
_INLINE = re.compile(rb"<(?:\w+:)?is\b")
_C_TAG = re.compile(rb"<(?:\w+:)?c\b([^>]*)>")
_S = re.compile(rb'\bs="(\d+)"')
_T = re.compile(rb'\bt="(\w+)"')
_NUMFMTS = re.compile(rb"<(?:\w+:)?numFmts\b[^>]*>(.*?)</(?:\w+:)?numFmts>", re.DOTALL)
_NUMFMT = re.compile(rb"<(?:\w+:)?numFmt\b[^>]*>")
_CELL_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", re.DOTALL)
_XF = re.compile(rb"<(?:\w+:)?xf\b[^>]*>")
_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # quoted text, escaped characters, [colour]/[>100]
PERCENT_FORMATS = frozenset(("9", "10"))  # built-in 0% and 0.00%


@dataclass
class SheetExtras:
    """Rows hidden in a sheet (zero-based); formula cells without a cached result and error cells.

    `uncached` maps (row, col) → the formula; `errors` maps (row, col) → the error shown (#DIV/0!…),
    which calamine reads as an empty cell. `percent` holds the number cells with a percent format:
    Excel stores “99.16%” typed into a cell as 0.9916 and calamine gives that number alone.
    """

    hidden_rows: set[int] = field(default_factory=set)
    uncached: dict[tuple[int, int], str] = field(default_factory=dict)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    rows: int = 0  # the extent of the cells (calamine allocates rows × columns); 0 when small
    columns: int = 0
    percent: set[tuple[int, int]] = field(default_factory=set)  # number cells shown as percents


@dataclass
class PackageInfo:
    """The save time written in the workbook's properties, and the extras of each sheet by name."""

    modified: datetime | None = None
    sheets: dict[str, SheetExtras] = field(default_factory=dict)
    rewritten: bytes | None = None  # the package as the reader must get it, when it needed mending


def inspect_package(zf: Package) -> PackageInfo:
    """Return the package facts of an .xlsx; every XML part is checked by nianbao.intake.formats.safety on the way."""
    budget = Budget()
    names = set(zf.zip.namelist())
    done: set[str] = set()
    info = PackageInfo()
    info.modified = core_modified(zf, budget, done)
    if _WORKBOOK in names and _WORKBOOK_RELS in names:
        rels = read_xml(zf, _WORKBOOK_RELS, budget)
        workbook = read_xml(zf, _WORKBOOK, budget)
        parts = memo(_sheet_parts, workbook, rels, size=len(workbook) + len(rels))
        done |= {_WORKBOOK, _WORKBOOK_RELS}
        styles = memo(styles_part, rels, size=len(rels))
        percent = frozenset[bytes]()
        if styles in names:  # not marked done here: a styles target naming a sheet is still scanned
            xml = read_xml(zf, styles, budget)
            percent = memo(percent_styles, xml, size=len(xml))
        for sheet, part in parts:
            if part in names and part not in done:
                extras = scan_sheet(read_xml(zf, part, budget), percent)
                check_extent(sheet, extras.rows, extras.columns)
                info.sheets[sheet] = extras
                done.add(part)
        done.add(styles)
    check_parts(zf, done, budget)
    return info


def core_modified(package: Package, budget: Budget, done: set[str]) -> datetime | None:
    """Return the save time in docProps/core.xml (None when absent); the part is added to `done`."""
    if _CORE not in package.zip.namelist():
        return None
    done.add(_CORE)
    return save_time(_MODIFIED, read_xml(package, _CORE, budget))


def save_time(pattern: re.Pattern[bytes], xml: bytes) -> datetime | None:
    """Return the local save time that `pattern` (one group) finds in `xml`, None when unreadable."""
    match = pattern.search(xml)
    if match is None:
        return None
    try:
        stamp = datetime.fromisoformat(match[1].decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        return None
    return office_time(stamp) if stamp.tzinfo else stamp


@lru_cache(maxsize=64)
def _sheet_parts(workbook: bytes, rels: bytes) -> tuple[tuple[str, str], ...]:
    """Return (sheet name, part path) pairs (e.g. 指标数据, xl/worksheets/sheet2.xml).

    Cached by content: copies of one form share these two parts.
    """
    targets = part_targets(rels)
    parts = {}
    for element in _SHEET.finditer(workbook):
        attrs = _attributes(element[0])
        rid = attrs.get("id", "")
        if rid in targets:
            parts[attrs.get("name", "")] = targets[rid]
    return tuple(parts.items())


def part_targets(rels: bytes) -> dict[str, str]:
    """Return relationship id → part path (under xl/) of the workbook's relationships part."""
    targets = {}
    for element in _ELEMENT.finditer(rels):
        attrs = _attributes(element[0])
        target = attrs.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
        targets[attrs.get("Id", "")] = path
    return targets


def _attributes(tag: bytes) -> dict[str, str]:
    """Return the attributes of one start tag by local name, entities of XML unescaped."""
    return {
        name.decode("ascii").rsplit(":", 1)[-1]: unescape(value.decode("utf-8"))
        for name, value in _ATTRIBUTE.findall(tag)
    }


def scan_sheet(xml: bytes, percent: frozenset[bytes] = frozenset()) -> SheetExtras:
    """Return the hidden rows, formulas without results, error and percent cells of a worksheet part.

    `percent` holds the indexes of the workbook's cell formats that show numbers as percents.
    """
    extras = SheetExtras()
    refs = _CELL_REF.findall(xml) if _far(xml) else []  # none beyond Z9999: small enough
    if refs:
        extras.rows = max(int(row) for _, row in refs)
        extras.columns = max(_column(col.decode("ascii")) for col in {col for col, _ in refs}) + 1
    if b'hidden="' in xml:
        for match in _ROW.finditer(xml):
            attrs = match[1]
            ref = _R.search(attrs)
            if ref and _HIDDEN.search(attrs):
                extras.hidden_rows.add(int(ref[2]) - 1)
    if _ERROR_HINT.search(xml) or (_F_HINT.search(xml) and _F_TAG.search(xml)):
        for match in _CELL.finditer(xml):
            _scan_cell(match[1], match[2] or b"", extras)
    if percent and any(b's="' + style + b'"' in xml for style in percent):
        extras.percent = _percent_cells(xml, percent)
    return extras


def _percent_cells(xml: bytes, percent: frozenset[bytes]) -> set[tuple[int, int]]:
    """Return the (row, col) of the number cells whose format is one of `percent`."""
    found = set()
    for match in _C_TAG.finditer(xml):
        attrs = match[1]
        style, ref = _S.search(attrs), _R.search(attrs)
        kind = _T.search(attrs)
        if style and ref and ref[1] and style[1] in percent and (not kind or kind[1] == b"n"):
            found.add((int(ref[2]) - 1, _column(ref[1].decode("ascii"))))
    return found


@lru_cache(maxsize=64)
def styles_part(rels: bytes) -> str:
    """Return the path of the styles part named in the workbook's relationships ("" when none)."""
    for element in _ELEMENT.finditer(rels):
        attrs = _attributes(element[0])
        if attrs.get("Type", "").endswith("/styles"):
            target = attrs.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
    return ""


@lru_cache(maxsize=64)
def percent_styles(styles: bytes) -> frozenset[bytes]:
    """Return the indexes (as written in cells' s="…") of the cell formats that show a percent.

    Built-in formats 9 (0%) and 10 (0.00%), and custom formats (in numFmts, not the conditional
    formats' dxfs) whose first section has a % outside quotes, escapes and brackets.
    """
    block = _NUMFMTS.search(styles)
    custom = {
        attrs["numFmtId"]
        for tag in _NUMFMT.finditer(block[1] if block else b"")
        if "numFmtId" in (attrs := _attributes(tag[0]))
        and shows_percent(attrs.get("formatCode", ""))
    }
    xfs = _CELL_XFS.search(styles)
    if xfs is None:
        return frozenset()
    ids = [_attributes(tag[0]).get("numFmtId", "0") for tag in _XF.finditer(xfs[1])]
    return frozenset(
        str(i).encode() for i, fmt in enumerate(ids) if fmt in PERCENT_FORMATS or fmt in custom
    )


def shows_percent(code: str) -> bool:
    """Return whether the number format `code` shows a percent: a % in its first section, outside
    quotes, escapes and brackets (built-in formats 9 and 10 are in PERCENT_FORMATS)."""
    return "%" in _LITERAL.sub("", code).split(";")[0]


def _far(xml: bytes) -> bool:
    """Return whether a cell reference beyond Z9999 occurs (the fast pass finds a superset of them)."""
    return _FAR_HINT.search(xml) is not None and _FAR.search(xml) is not None


def _scan_cell(attrs: bytes, body: bytes, extras: SheetExtras) -> None:
    ref = _R.search(attrs)
    if ref is None or not ref[1]:
        return
    position = (int(ref[2]) - 1, _column(ref[1].decode("ascii")))
    value = _VALUE.search(body)
    if _ERROR_TYPE in attrs and value is not None:
        extras.errors[position] = unescape(value[1].decode("utf-8"))
        return
    formula = _FORMULA.search(body)
    if formula is not None and value is None and not _INLINE.search(body):
        extras.uncached[position] = "=" + unescape((formula[1] or b"").decode("utf-8"))


def _column(letters: str) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col - 1
