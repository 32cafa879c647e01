"""Workbooks as office suites save them (dev tool shared by make_samples.py and make_corpus.py).

openpyxl writes a number with 16 significant digits, so a typed 74.6 lands in the file as
74.59999999999999; `freeze` writes every number back as the shortest decimal that reads as the same
number (the one typed) and fixes the zip and document times, so that each run writes the same
bytes. `resave` opens a workbook in LibreOffice Calc (headless, through nianbao.review.pdf) and saves it
again: shared strings, styles and number formats are then what a real suite writes.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

from nianbao.core.errors import DocumentError
from nianbao.review.pdf import convert, find_soffice

Patch = Mapping[str, Callable[[bytes], bytes]]
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
# A number cell's value as openpyxl writes it: <c r="D5" t="n"><v>74.59999999999999</v>, or after
# a formula <f>…</f>. Texts (t="s", inlineStr) and errors never match.
_NUMBER = re.compile(rb'(<c\b[^>]*?\bt="n"[^>]*>(?:<f>[^<]*</f>)?<v>)([-+0-9.eE]+)(</v>)')
_TIMES = re.compile(rb"(<dcterms:(?:modified|created)[^>]*>)[^<]*")
_RELS = "xl/_rels/workbook.xml.rels"
_TYPES = "[Content_Types].xml"
_CHAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"
_CHAIN_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain"


def shortest(number: bytes) -> bytes:
    """Return the shortest decimal that reads as the same number (b"74.59999999999999" → b"74.6")."""
    if number.lstrip(b"-+").isdigit():
        return number  # a whole number is written exactly
    text = repr(float(number))
    return (text.removesuffix(".0") if "e" not in text else text).encode("ascii")


def typed_numbers(xml: bytes) -> bytes:
    """Return the worksheet `xml` with every number cell's value written as typed (shortest)."""
    return _NUMBER.sub(lambda m: m[1] + shortest(m[2]) + m[3], xml)


def freeze(blob: bytes, saved: datetime, patch: Patch | None = None) -> bytes:
    """Return the package `blob` with numbers as typed, fixed times (zip, created, modified), patched parts."""
    iso = saved.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    patch = patch or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = _TIMES.sub(rb"\g<1>" + iso, payload)
            if _SHEET_PART.fullmatch(info.filename):
                payload = typed_numbers(payload)
            if info.filename in patch:
                payload = patch[info.filename](payload)
            fixed = zipfile.ZipInfo(info.filename, date_time=saved.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, payload)
    return out.getvalue()


def require_soffice() -> None:
    """Stop with a message when LibreOffice is not installed (the suite-saved files need it)."""
    if find_soffice() is None:
        raise SystemExit(
            "需要 LibreOffice（soffice）：部分样例由 LibreOffice Calc 另存，"
            "请安装后重试，或设置 NIANBAO_SOFFICE 指向 soffice"
        )


def resave(blob: bytes, name: str, saved: datetime) -> bytes:
    """Return the workbook `blob` (file name `name`) as LibreOffice Calc saves it, times fixed."""
    with tempfile.TemporaryDirectory(prefix="nianbao-suite-") as tmp:
        source = Path(tmp) / "in" / name
        source.parent.mkdir()
        source.write_bytes(blob)
        try:
            copy = convert(source, "xlsx", Path(tmp))
        except DocumentError as exc:
            raise SystemExit(f"{name}：{exc}") from exc
        return freeze(copy.read_bytes(), saved)


def calc_chain(blob: bytes, sheet: int, cells: list[str]) -> bytes:
    """Return the package with the calculation chain Excel saves beside formulas (Calc saves none).

    `cells` are the formula cells of the `sheet`-th worksheet (1-based), in the order of calculation.
    """
    chain = "".join(
        f'<c r="{cell}" i="{sheet}"/>' if n == 0 else f'<c r="{cell}"/>'
        for n, cell in enumerate(cells)
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{chain}</calcChain>"
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == _RELS:
                rel = f'<Relationship Id="rIdChain" Type="{_CHAIN_REL}" Target="calcChain.xml"/>'
                payload = payload.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            elif info.filename == _TYPES:
                over = f'<Override PartName="/xl/calcChain.xml" ContentType="{_CHAIN}"/>'
                payload = payload.replace(b"</Types>", over.encode() + b"</Types>")
            dst.writestr(info, payload)
        part = zipfile.ZipInfo("xl/calcChain.xml", src.infolist()[0].date_time)
        part.compress_type = zipfile.ZIP_DEFLATED
        part.external_attr = 0o600 << 16
        dst.writestr(part, xml)
    return out.getvalue()
