"""Hand-made packages and part patches: OLE compound files, plain zips, lying sizes, cut or hostile XML."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

from .books import FILES, SAVED


def cfb(streams: Mapping[str, bytes]) -> bytes:
    """Return a minimal compound file (OLE/CFB v3, 512-byte sectors) holding `streams` (each ≥ 4096 bytes)."""
    sector = 512
    data, chains, start = b"", [], 2
    for payload in streams.values():
        count = -(-len(payload) // sector)
        chains.append((start, count, len(payload)))
        data += payload.ljust(count * sector, b"\0")
        start += count
    fat = [0xFFFFFFFD, 0xFFFFFFFE]  # sector 0: the FAT itself; sector 1: the directory
    for first, count, _ in chains:
        fat += [first + i + 1 for i in range(count - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (sector // 4 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack(
        "<HHHHH6sIIIIIIIII",
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        1,
        1,
        0,
        4096,
        0xFFFFFFFE,
        0,
        0xFFFFFFFE,
        0,
    )
    header += struct.pack("<I", 0) + struct.pack("<I", 0xFFFFFFFF) * 108

    def entry(
        name: str, kind: int, left: int, right: int, child: int, first: int, size: int
    ) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return struct.pack(
            "<64sHBBIII16sIQQIII",
            raw,
            len(raw),
            kind,
            1,
            left,
            right,
            child,
            b"\0" * 16,
            0,
            0,
            0,
            first,
            size,
            0,
        )

    none = 0xFFFFFFFF
    names = list(streams)
    directory = entry("Root Entry", 5, none, none, 1, 0xFFFFFFFE, 0)
    directory += entry(names[0], 2, none, 2, none, chains[0][0], chains[0][2])
    directory += entry(names[1], 2, none, none, none, chains[1][0], chains[1][2])
    directory += b"\0" * (sector - len(directory))
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + data


def write_zip(name: str, parts: Mapping[str, bytes]) -> None:
    """Write a plain zip `name` in the corpus folder holding `parts`, with fixed times."""
    with zipfile.ZipFile(FILES / name, "w", zipfile.ZIP_DEFLATED) as zf:
        for part, payload in parts.items():
            info = zipfile.ZipInfo(part, date_time=SAVED.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, payload)


def lie_about_size(path: Path, part: str, size: int) -> None:
    """Patch the central directory of `path` so that `part` claims to decompress to `size` bytes."""
    blob = bytearray(path.read_bytes())
    name = part.encode()
    at = blob.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack_from("<H", blob, at + 28)[0]
        if bytes(blob[at + 46 : at + 46 + length]) == name:
            struct.pack_into("<I", blob, at + 24, size)
        at = blob.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(blob))


def cut_in_half(xml: bytes) -> bytes:
    """Return the first half of a part (a sheet cut off mid-element)."""
    return xml[: len(xml) // 2]


def add_external_entity(xml: bytes) -> bytes:
    """Return the sheet with an external entity (/etc/passwd) declared and used for the unit name."""
    doctype = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    xml = xml.replace(b"<worksheet", doctype + b"<worksheet", 1)
    return xml.replace(
        b"<t>\xe5\xb9\xb3\xe4\xb8\xad\xe8\xa1\x97\xe9\x81\x93</t>", b"<t>&xxe;</t>", 1
    )


def cached_formulas(formulas: Mapping[str, str]) -> Callable[[bytes], bytes]:
    """Return a patch giving each formula `<f>text</f>` of a sheet the cached result `value`."""

    def patch(xml: bytes) -> bytes:
        for text, value in formulas.items():
            xml = xml.replace(
                f"<f>{text}</f><v></v>".encode(), f"<f>{text}</f><v>{value}</v>".encode()
            )
        return xml

    return patch
