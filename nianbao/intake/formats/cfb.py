"""The parts of an OLE compound file (.xls) checked before parsing: stream names, cell extent, password."""

from __future__ import annotations

import struct
from dataclasses import dataclass

_END = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_MAX_SECTORS = 1 << 20  # a chain longer than this is a loop or garbage
# BIFF8 record types that hold a cell with content: row in bytes 0–1, column in bytes 2–3. BLANK and
# MULBLANK only carry a style: the reader skips them, so they do not count towards the extent.
_CELLS = {0x0006, 0x00BD, 0x00D6, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E}
_MULTI = {0x00BD}  # MULRK: the last column is in the record's last two bytes
_FILEPASS = 0x002F


class CompoundFileError(ValueError):
    """Raised when the compound file's structure is broken (the caller reports the file as corrupt)."""


@dataclass(frozen=True)
class Extent:
    """How far the cells with content of a BIFF workbook reach (1-based), and whether it is encrypted."""

    rows: int
    columns: int
    encrypted: bool


def stream_names(data: bytes) -> list[str]:
    """Return the names of the directory entries of the compound file `data`."""
    return [name for name, _, _, _ in _directory(data)]


def workbook_extent(data: bytes) -> Extent:
    """Return the cell extent of the Workbook stream of an .xls (0×0 when there is none)."""
    entries = {name: (kind, start, size) for name, kind, start, size in _directory(data)}
    name = next((n for n in ("Workbook", "Book") if n in entries), None)
    if name is None:
        return Extent(0, 0, False)
    return _scan_biff(_stream(data, entries, name))


def _header(data: bytes) -> tuple[int, int, int, int, int]:
    if len(data) < 512:
        raise CompoundFileError("文件头不完整")
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if not 7 <= shift <= 16 or not 2 <= mini_shift < shift:
        raise CompoundFileError("扇区大小无效")
    first_dir, _, cutoff, first_minifat = struct.unpack_from("<IIII", data, 0x30)
    return 1 << shift, 1 << mini_shift, first_dir, cutoff, first_minifat


def _sector(data: bytes, size: int, index: int) -> bytes:
    start = (index + 1) * size  # the header fills sector -1
    if start >= len(data):
        raise CompoundFileError("扇区超出文件范围")
    return data[start : start + size]


def _fat(data: bytes) -> list[int]:
    size = _header(data)[0]
    sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < _END]
    (difat,) = struct.unpack_from("<I", data, 0x44)
    seen = 0
    while difat < _END and seen < _MAX_SECTORS:
        block = struct.unpack(f"<{size // 4}I", _sector(data, size, difat))
        sectors += [s for s in block[:-1] if s < _END]
        difat, seen = block[-1], seen + 1
    fat: list[int] = []
    for s in sectors:
        fat += struct.unpack(f"<{size // 4}I", _sector(data, size, s))
    return fat


def _chain(fat: list[int], first: int) -> list[int]:
    chain: list[int] = []
    current = first
    while current < _END:
        if current >= len(fat) or len(chain) > _MAX_SECTORS:
            raise CompoundFileError("扇区链无效")
        chain.append(current)
        current = fat[current]
    return chain


def _directory(data: bytes) -> list[tuple[str, int, int, int]]:
    size, _, first_dir, _, _ = _header(data)
    raw = b"".join(_sector(data, size, s) for s in _chain(_fat(data), first_dir))
    entries = []
    for at in range(0, len(raw) - 127, 128):
        length, kind = struct.unpack_from("<HB", raw, at + 64)
        if kind == 0 or length > 64:
            continue
        name = raw[at : at + max(length - 2, 0)].decode("utf-16-le", errors="replace")
        start, low = struct.unpack_from("<II", raw, at + 116)
        entries.append((name, kind, start, low))
    return entries


def _stream(data: bytes, entries: dict[str, tuple[int, int, int]], name: str) -> bytes:
    size, mini, _, cutoff, first_minifat = _header(data)
    fat = _fat(data)
    _, start, length = entries[name]
    if length >= cutoff:
        return b"".join(_sector(data, size, s) for s in _chain(fat, start))[:length]
    _, root_start, root_size = entries.get("Root Entry", (5, _END, 0))
    ministream = b"".join(_sector(data, size, s) for s in _chain(fat, root_start))[:root_size]
    minifat_raw = b"".join(_sector(data, size, s) for s in _chain(fat, first_minifat))
    minifat = list(struct.unpack(f"<{len(minifat_raw) // 4}I", minifat_raw))
    return b"".join(ministream[s * mini : (s + 1) * mini] for s in _chain(minifat, start))[:length]


def _scan_biff(stream: bytes) -> Extent:
    if stream[:2] != b"\x09\x08":  # not a BIFF8 BOF: nothing this scan can vouch for
        return Extent(0, 0, False)
    rows = columns = 0
    encrypted = False
    at, end = 0, len(stream) - 4
    while at <= end:
        kind, length = struct.unpack_from("<HH", stream, at)
        body = at + 4
        if kind == _FILEPASS:
            encrypted = True
        elif kind in _CELLS and length >= 4:
            row, col = struct.unpack_from("<HH", stream, body)
            if kind in _MULTI and length >= 6:
                col = struct.unpack_from("<H", stream, body + length - 2)[0]
            rows, columns = max(rows, row + 1), max(columns, col + 1)
        at = body + length
    return Extent(rows, columns, encrypted)
