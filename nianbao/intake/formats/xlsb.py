"""The parts of a binary workbook (.xlsb) checked before parsing: sheet names, cell extent, save time."""

from __future__ import annotations

import struct
from collections.abc import Iterator

from nianbao.intake.formats.ooxml import (
    PERCENT_FORMATS,
    PackageInfo,
    SheetExtras,
    core_modified,
    part_targets,
    shows_percent,
    styles_part,
)
from nianbao.intake.formats.safety import (
    Budget,
    Package,
    RejectedFileError,
    check_extent,
    check_parts,
    read_part,
    read_xml,
)

_WORKBOOK = "xl/workbook.bin"
_WORKBOOK_RELS = "xl/_rels/workbook.bin.rels"
_ROW = 0  # BrtRowHdr: the row of the cells that follow, in its first four bytes
# BrtCellRk … BrtFmlaError and BrtCellRString: a cell with content, its column in the first four
# bytes. BrtCellBlank (1) only carries a style: the reader skips it, so it does not count.
_CELLS = frozenset((2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 62))
_NUMBERS = frozenset((2, 5, 9))  # BrtCellRk, BrtCellReal, BrtFmlaNum: may be shown as a percent
_SHEET = 156  # BrtBundleSh: one sheet of the workbook (state, id, relationship id, name)
_FORMAT, _XF, _XFS, _XFS_END = 44, 47, 617, 618  # BrtFmt, BrtXF, BrtBegin/EndCellXFs
_NULL = 0xFFFFFFFF


def inspect_xlsb(package: Package) -> PackageInfo:
    """Return the save time and the percent cells of an .xlsb; refuse it when cells reach too far.

    Every XML part (relationships, properties) is checked by nianbao.intake.formats.safety on the way.
    """
    budget = Budget()
    names = set(package.zip.namelist())
    done: set[str] = set()
    info = PackageInfo(modified=core_modified(package, budget, done))
    if _WORKBOOK_RELS in names:
        rels = read_xml(package, _WORKBOOK_RELS, budget)
        targets = part_targets(rels)
        done.add(_WORKBOOK_RELS)
        styles = styles_part(rels)
        percent = percent_styles(read_part(package, styles, budget)) if styles in names else set()
        for sheet, rid in sheets(read_part(package, _WORKBOOK, budget)):
            part = targets.get(rid, "")
            if part in names:
                extras = scan_sheet(read_part(package, part, budget), percent)
                check_extent(sheet, extras.rows, extras.columns)
                info.sheets[sheet] = extras
    check_parts(package, done, budget)
    return info


def records(data: bytes) -> Iterator[tuple[int, int, int]]:
    """Yield (record type, start of its body, body size) of every record of a BIFF12 part."""
    at, end = 0, len(data)
    while at < end:
        try:
            kind, at = _varint(data, at, 2)
            size, at = _varint(data, at, 4)
        except IndexError:
            raise _corrupt() from None
        if at + size > end:
            raise _corrupt()
        yield kind, at, size
        at += size


def _corrupt() -> RejectedFileError:
    return RejectedFileError("file.corrupt", "文件已损坏：二进制工作簿（.xlsb）的记录不完整")


def _varint(data: bytes, at: int, most: int) -> tuple[int, int]:
    """Return the number stored in 7-bit groups (high bit: more follow) at `at`, and the next offset."""
    value = 0
    for i in range(most):
        byte = data[at + i]
        value |= (byte & 0x7F) << (7 * i)
        if not byte & 0x80:
            return value, at + i + 1
    return value, at + most


def sheets(workbook: bytes) -> list[tuple[str, str]]:
    """Return (sheet name, relationship id) of each sheet listed in xl/workbook.bin."""
    found = []
    for kind, at, size in records(workbook):
        if kind != _SHEET or size < 16:
            continue
        try:
            rid, after = _wide(workbook, at + 8)
            name, _ = _wide(workbook, after)
        except struct.error:
            raise _corrupt() from None
        found.append((name, rid))
    return found


def _wide(data: bytes, at: int) -> tuple[str, int]:
    """Return the UTF-16 string with a 4-byte length at `at` ("" when null), and the next offset."""
    (count,) = struct.unpack_from("<I", data, at)
    if count == _NULL:
        return "", at + 4
    end = at + 4 + 2 * count
    return data[at + 4 : end].decode("utf-16-le", errors="replace"), end


def scan_sheet(sheet: bytes, percent: set[int] | frozenset[int] = frozenset()) -> SheetExtras:
    """Return the extent (rows, columns up to the farthest cell with content) of a worksheet part,
    and its number cells whose format (an index into `percent`'s cell formats) shows a percent."""
    extras = SheetExtras()
    row = 0
    for kind, at, size in records(sheet):
        if kind == _ROW and size >= 4:
            (row,) = struct.unpack_from("<I", sheet, at)
        elif kind in _CELLS and size >= 8:
            col, style = struct.unpack_from("<II", sheet, at)
            extras.rows, extras.columns = max(extras.rows, row + 1), max(extras.columns, col + 1)
            if kind in _NUMBERS and style & 0xFFFFFF in percent:
                extras.percent.add((row, col))
    return extras


def percent_styles(styles: bytes) -> set[int]:
    """Return the indexes of the cell formats (BrtXF in the CellXFs block) that show a percent."""
    custom, found, index, inside = set(), set(), 0, False
    try:
        for kind, at, size in records(styles):
            if kind == _FORMAT and size >= 6:
                (number,) = struct.unpack_from("<H", styles, at)
                if shows_percent(_wide(styles, at + 2)[0]):
                    custom.add(str(number))
            elif kind in (_XFS, _XFS_END):
                inside, index = kind == _XFS, 0
            elif kind == _XF and inside and size >= 4:
                (number,) = struct.unpack_from("<H", styles, at + 2)
                if str(number) in PERCENT_FORMATS or str(number) in custom:
                    found.add(index)
                index += 1
    except struct.error:
        raise _corrupt() from None
    return found
