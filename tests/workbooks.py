"""Builders of small .ods and .xlsb workbooks for tests, written part by part as the formats define.

A sheet is (name, rows); a row is a list of cells, or (times, cells) for a repeated row. A cell is
a str, a float, None (blank), or a Cell giving repetition, a percent format or a style-only blank.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"


@dataclass(frozen=True)
class Cell:
    """A cell with more to say than its value: repeated `times` across, shown as a percent, styled."""

    value: str | float | None = None
    times: int = 1
    percent: bool = False
    styled: bool = False  # a blank cell carrying only a style (what suites write far away)


Row = Sequence[object] | tuple[int, Sequence[object]]
Sheets = Sequence[tuple[str, Sequence[Row]]]


def _rows(rows: Sequence[Row]) -> list[tuple[int, list[Cell]]]:
    """Return (times, cells) per row; a repeated row is a tuple, a single one a list."""
    out = []
    for row in rows:
        times, cells = row if isinstance(row, tuple) else (1, row)
        out.append((times, [c if isinstance(c, Cell) else Cell(c) for c in cells]))
    return out


def ods_bytes(sheets: Sheets, indent: str = "") -> bytes:
    """Return an .ods holding `sheets`; `indent` goes between the tags of rows and cells
    (Gnumeric lays content.xml out on indented lines)."""
    nl = indent
    body = []
    for name, rows in sheets:
        body.append(f"<table:table table:name={quoteattr(name)}>")
        for times, cells in _rows(rows):
            rep = f' table:number-rows-repeated="{times}"' if times > 1 else ""
            body.append(f"{nl}<table:table-row{rep}>")
            body.extend(nl + _ods_cell(cell) for cell in cells)
            body.append(f"{nl}</table:table-row>")
        body.append(f"{nl}</table:table>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"{nl}<office:body><office:spreadsheet>{''.join(body)}"
        f"{nl}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
        ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_MIMETYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    meta = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-meta'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta>'
        "<dc:date>2023-01-18T10:30:00</dc:date></office:meta></office:document-meta>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", ODS_MIMETYPE, zipfile.ZIP_STORED)  # first and stored, as required
        zf.writestr("content.xml", content)
        zf.writestr("meta.xml", meta)
        zf.writestr("META-INF/manifest.xml", manifest)
    return out.getvalue()


def _ods_cell(cell: Cell) -> str:
    rep = f' table:number-columns-repeated="{cell.times}"' if cell.times > 1 else ""
    if cell.value is None:
        style = ' table:style-name="ce1"' if cell.styled else ""
        return f"<table:table-cell{rep}{style}/>"
    if isinstance(cell.value, str):
        typed = 'office:value-type="string"'
    else:
        kind = "percentage" if cell.percent else "float"
        typed = f'office:value-type="{kind}" office:value="{cell.value}"'
    return f"<table:table-cell {typed}{rep}><text:p>{escape(str(cell.value))}</text:p></table:table-cell>"


def _record(kind: int, body: bytes = b"") -> bytes:
    """Return one BIFF12 record: type and size as 7-bit groups (high bit: more follow), then body."""

    def groups(number: int) -> bytes:
        out = bytearray()
        while True:
            number, low = number >> 7, number & 0x7F
            out.append(low | (0x80 if number else 0))
            if not number:
                return bytes(out)

    return groups(kind) + groups(len(body)) + body


def _wide(text: str) -> bytes:
    data = text.encode("utf-16-le")
    return struct.pack("<I", len(data) // 2) + data


def _xlsb_sheet(rows: Sequence[Row]) -> bytes:
    cells, last_row, last_col = b"", 0, 0
    row = 0
    for times, line in _rows(rows):
        if not line:  # no record for empty rows: a far cell costs nothing to write
            row += times
            continue
        for r in range(row, row + times):
            cells += _record(0, struct.pack("<I", r) + bytes(13))  # BrtRowHdr
            col = 0
            for cell in line:
                for c in range(col, col + cell.times):
                    head = struct.pack("<II", c, 1 if cell.percent else 0)
                    if isinstance(cell.value, str):
                        cells += _record(6, head + _wide(cell.value))  # BrtCellSt
                    elif cell.value is not None:
                        cells += _record(5, head + struct.pack("<d", cell.value))  # BrtCellReal
                    elif cell.styled:
                        cells += _record(1, head)  # BrtCellBlank
                    last_row, last_col = max(last_row, r), max(last_col, c)
                col += cell.times
        row += times
    dimension = _record(148, struct.pack("<IIII", 0, last_row, 0, last_col))  # BrtWsDim
    return _record(129) + dimension + _record(145) + cells + _record(146) + _record(130)


_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def xlsb_bytes(sheets: Sheets) -> bytes:
    """Return an .xlsb holding `sheets`; cell format 1 shows numbers as percents (built-in 10)."""
    book = _record(131) + _record(143)  # BrtBeginBook, BrtBeginBundleShs
    for i, (name, _) in enumerate(sheets):
        book += _record(156, struct.pack("<II", 0, i + 1) + _wide(f"rId{i + 1}") + _wide(name))
    book += _record(144) + _record(132)
    xf = struct.pack("<HH", 0, 0) + bytes(12)  # BrtXF: parent, number format 0 (General), …
    percent = struct.pack("<HH", 0, 10) + bytes(12)  # … number format 10 (0.00%)
    styles = (
        _record(617, struct.pack("<I", 2)) + _record(47, xf) + _record(47, percent) + _record(618)
    )
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{_RELS}/worksheet" Target="worksheets/sheet{i + 1}.bin"/>'
        for i in range(len(sheets))
    )
    rels += f'<Relationship Id="rIdS" Type="{_RELS}/styles" Target="styles.bin"/>'
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types'
        ' xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        "</Types>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1"'
            f' Type="{_RELS}/officeDocument" Target="xl/workbook.bin"/></Relationships>',
        )
        zf.writestr("xl/workbook.bin", book)
        zf.writestr(
            "xl/_rels/workbook.bin.rels",
            f'<Relationships xmlns="{_PACKAGE_RELS}">{rels}</Relationships>',
        )
        zf.writestr("xl/styles.bin", styles)
        for i, (_, rows) in enumerate(sheets):
            zf.writestr(f"xl/worksheets/sheet{i + 1}.bin", _xlsb_sheet(rows))
    return out.getvalue()
