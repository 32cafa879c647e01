"""Limits and safety: real formats, size limits, zip bombs, XML entities, sandbox, output names (lock: test_lock)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest
from jinja2.sandbox import SecurityError
from openpyxl import Workbook, load_workbook

from nianbao.checks.report import write_findings
from nianbao.core.findings import Finding
from nianbao.core.storage import inside, safe_name
from nianbao.draft.charts import Chart
from nianbao.draft.context import TextIndex
from nianbao.draft.numbering import Numbering
from nianbao.draft.render import chart_slots, jinja_env
from nianbao.figures.rules import Candidate, CandidateIndex
from nianbao.intake.filetypes import sniff
from nianbao.intake.formats import cfb, safety
from nianbao.intake.readers import read_submission
from nianbao.profile.catalogue import Catalogue

from ...conftest import ROOT

SHEET = "xl/worksheets/sheet1.xml"
MB = 1024 * 1024


def workbook_bytes(unit: str = "平中街道", value: object = 8) -> bytes:
    """Return a small valid unit workbook."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "指标数据"
    for row in (["单位名称", unit], ["填报年度", 2022], [], ["指标编码", "本年数值"]):
        ws.append(row)
    ws.append(["tj.elders", value])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def repack(blob: bytes, replace: dict[str, bytes], extra: dict[str, bytes] | None = None) -> bytes:
    """Return the package `blob` with parts replaced or added (deflated)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(
                info.filename, replace.get(info.filename, src.read(info)), zipfile.ZIP_DEFLATED
            )
        for name, payload in (extra or {}).items():
            dst.writestr(name, payload, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def kinds(tmp_path: Path, name: str, content: bytes) -> list[str]:
    """Return the kinds of the problems found while reading `content` saved as `name`."""
    (tmp_path / name).write_bytes(content)
    return [p.kind for p in read_submission(tmp_path / name, tmp_path).problems]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"", "empty"),
        (b"PK\x03\x04rest", "zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "ole"),
        (b"  <html><body><table>", "html"),
        ("<TABLE><tr><td>单位</td>".encode("gb18030"), "html"),
        (b"MIME-Version: 1.0\r\nContent-Type: multipart/related", "html"),
        (
            b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
            "xml_spreadsheet",
        ),
        (b"%PDF-1.7\n", "unknown"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "unknown"),
        ("单位名称,明港镇\r\n".encode("gb18030"), "text"),
        ("单位名称\t明港镇\n".encode("utf-16"), "text"),
    ],
)
def test_real_format_is_sniffed_from_content(head: bytes, expected: str) -> None:
    """What a file is comes from its first bytes, never from its extension."""
    assert sniff(head) == expected


def test_deflate_bomb_is_refused_before_decompressing(tmp_path: Path) -> None:
    """A sheet that deflates 64 MB of zeros into 64 KB is refused by its ratio, unread."""
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        with zf.open(SHEET, "w") as part:
            for _ in range(64):
                part.write(bytes(MB))
    assert len(bomb.getvalue()) < 200 * 1024
    assert kinds(tmp_path, "bomb.xlsx", bomb.getvalue()) == ["file.zip_bomb"]


def _declare(blob: bytes, part: str, size: int) -> bytes:
    """Return `blob` whose local and central headers say `part` decompresses to `size` bytes."""
    data = bytearray(blob)
    for signature, size_at, name_len_at, name_at in (
        (b"PK\x03\x04", 22, 26, 30),
        (b"PK\x01\x02", 24, 28, 46),
    ):
        at = data.find(signature)
        while at != -1:
            length = struct.unpack_from("<H", data, at + name_len_at)[0]
            if bytes(data[at + name_at : at + name_at + length]) == part.encode():
                struct.pack_into("<I", data, at + size_at, size)
            at = data.find(signature, at + 4)
    return bytes(data)


@pytest.mark.parametrize("in_memory", [True, False], ids=["from-memory", "from-disk"])
def test_lying_size_header_is_caught_while_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_memory: bool
) -> None:
    """A part whose header understates its size is cut at the stated size and fails its checksum."""
    if not in_memory:
        monkeypatch.setattr(safety, "MAX_IN_MEMORY", 0)
    blob = repack(workbook_bytes(), {SHEET: b"<worksheet>" + bytes(8 * MB) + b"</worksheet>"})
    compressed = next(
        i.compress_size for i in zipfile.ZipFile(io.BytesIO(blob)).infolist() if i.filename == SHEET
    )
    assert kinds(tmp_path, "liar.xlsx", _declare(blob, SHEET, compressed * 2)) == ["file.corrupt"]


@pytest.mark.parametrize(
    ("part", "xml"),
    [
        (
            SHEET,
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet/>',
        ),
        (
            "xl/styles.xml",
            b'<!DOCTYPE s [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><styleSheet/>',
        ),
        (
            "docProps/app.xml",
            b"<!doctype Properties SYSTEM 'http://example.invalid/x.dtd'><Properties/>",
        ),
        (SHEET, '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w><worksheet/>'.encode("utf-16")),
    ],
    ids=["external-entity", "billion-laughs", "app-part-lowercase", "utf-16"],
)
def test_any_entity_declaration_in_any_part_is_refused(
    tmp_path: Path, part: str, xml: bytes
) -> None:
    """DOCTYPE/ENTITY in any XML part of the package, in any encoding, stops the file before parsing."""
    assert kinds(tmp_path, "xxe.xlsx", repack(workbook_bytes(), {part: xml})) == ["file.xml_entity"]


@pytest.mark.parametrize(
    ("limit", "value", "kind"),
    [
        ("MAX_FILE_BYTES", 1000, "file.too_large"),
        ("MAX_PART_BYTES", 1000, "file.too_large"),
        ("MAX_TOTAL_BYTES", 5000, "file.too_large"),
        ("MAX_ENTRIES", 3, "file.zip_bomb"),
    ],
)
def test_limits_stop_a_file_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str, value: int, kind: str
) -> None:
    """Each limit (file, part, total, entries, cells) rejects a file over it with a clear kind."""
    monkeypatch.setattr(safety, limit, value)
    assert kinds(tmp_path, "a.xlsx", workbook_bytes()) == [kind]


@pytest.mark.parametrize(
    ("far", "limit", "found"), [("AB3", 50, ["file.too_large"]), ("AB3", 200, []), ("C5", 4, [])]
)
def test_sheet_reaching_far_is_refused_before_the_reader_allocates_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, far: str, limit: int, found: list[str]
) -> None:
    """Rows × columns up to the farthest cell is what the reader allocates; over MAX_CELLS is refused.

    Sheets within Z9999 are never measured (they cannot reach the limit).
    """
    monkeypatch.setattr(safety, "MAX_CELLS", limit)
    book = load_workbook(io.BytesIO(workbook_bytes()))
    ws = book.active
    assert ws is not None
    ws[far] = "x"
    book.save(tmp_path / "a.xlsx")
    assert [p.kind for p in read_submission(tmp_path / "a.xlsx", tmp_path).problems] == found


def test_budget_counts_what_is_really_decompressed() -> None:
    """The total budget is spent by the bytes read, not by what the headers claim."""
    blob = workbook_bytes()
    for package in (safety.open_package(blob), safety.open_package(io.BytesIO(blob))):
        with pytest.raises(safety.RejectedFileError) as caught:
            safety.read_xml(package, SHEET, safety.Budget(total=100))
        assert caught.value.kind == "file.zip_bomb"


def _package(parts: dict[str, bytes]) -> safety.Package:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return safety.open_package(buf.getvalue())


def test_a_styles_target_naming_a_sheet_does_not_skip_its_checks(tmp_path: Path) -> None:
    """Pointing the workbook's styles relationship at the sheet must not hide its far cell."""
    far = ROOT / "tests" / "corpus" / "files" / "45_far_cell.xlsx"
    crafted = tmp_path / "crafted.xlsx"
    with zipfile.ZipFile(far) as src, zipfile.ZipFile(crafted, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b'Target="styles.xml"', b'Target="worksheets/sheet1.xml"')
            dst.writestr(info.filename, data)
    sub = read_submission(crafted, tmp_path)
    assert [p.kind for p in sub.problems] == ["file.too_large"]


def test_only_small_parts_are_kept_in_the_content_cache() -> None:
    """A part shared by a batch's forms is inflated once; a large one is never held (memory)."""
    small = b"<a>" + b"x" * 1000 + b"</a>"
    large = b"<a>" + os.urandom(safety.MEMO_BYTES).hex().encode() + b"</a>"
    package = _package({"[Content_Types].xml": b"<Types/>", "s.xml": small, "l.xml": large})
    safety._verified.cache_clear()
    for _ in range(2):
        assert safety.read_xml(package, "s.xml", safety.Budget()) == small
        assert safety.read_xml(package, "l.xml", safety.Budget()) == large
    info = safety._verified.cache_info()
    assert (info.hits, info.misses, info.currsize) == (1, 1, 1)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        (
            "odt.xlsx",
            {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
            "file.unknown_format",
        ),
        ("zip.xlsx", {"a.txt": b"hello"}, "file.unknown_format"),
    ],
)
def test_zip_that_is_no_workbook_is_refused(
    tmp_path: Path, name: str, content: dict[str, bytes], kind: str
) -> None:
    """A zip that is no spreadsheet (OpenDocument text, plain archive) is not parsed."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for part, payload in content.items():
            zf.writestr(part, payload)
    assert kinds(tmp_path, name, out.getvalue()) == [kind]


def test_zip_level_password_is_reported_as_encrypted(tmp_path: Path) -> None:
    """A workbook zipped with a password (WPS, 7-Zip) gets the same advice as an Excel password."""
    blob = bytearray(workbook_bytes())
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = blob.find(signature)
        while at != -1:
            blob[at + flags_at] |= 0x1
            at = blob.find(signature, at + 4)
    assert kinds(tmp_path, "locked.xlsx", bytes(blob)) == ["file.encrypted"]


def _big_workbook(path: Path, xml_mb: int, media_mb: int) -> None:
    """Write a workbook of about `xml_mb` MB of sheet XML (random text) plus `media_mb` MB of picture."""
    head = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>单位名称</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>平中街道</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>填报年度</t></is></c><c r="B2"><v>2022</v></c></row>'
        '<row r="4"><c r="A4" t="inlineStr"><is><t>指标编码</t></is></c>'
        '<c r="D4" t="inlineStr"><is><t>本年数值</t></is></c></row>'
        '<row r="5"><c r="A5" t="inlineStr"><is><t>tj.elders</t></is></c><c r="D5"><v>8</v></c></row>'
    ).encode()
    text = os.urandom(xml_mb * MB // 2).hex().encode()
    width = 120
    rows = b"".join(
        b'<row r="%d"><c r="F%d" t="inlineStr"><is><t>%s</t></is></c></row>'
        % (r + 10, r + 10, text[r * width : (r + 1) * width])
        for r in range(len(text) // (width + 60))
    )
    with (
        zipfile.ZipFile(io.BytesIO(workbook_bytes())) as src,
        zipfile.ZipFile(path, "w", compresslevel=1) as zf,
    ):
        for info in src.infolist():
            if info.filename != SHEET:
                zf.writestr(info.filename, src.read(info), zipfile.ZIP_DEFLATED)
        zf.writestr(SHEET, head + rows + b"</sheetData></worksheet>", zipfile.ZIP_DEFLATED)
        zf.writestr("xl/media/image1.png", os.urandom(media_mb * MB), zipfile.ZIP_STORED)


# VmHWM (not ru_maxrss, which survives exec and would count the parent) is this process's peak.
_MEASURE = """
import json, sys
from pathlib import Path
from nianbao.intake.readers import read_submission
path = Path(sys.argv[1])
sub = read_submission(path, path.parent)
status = Path("/proc/self/status").read_text()
peak = int(next(l for l in status.splitlines() if l.startswith("VmHWM:")).split()[1]) // 1024
print(json.dumps({"peak_mb": peak, "kinds": [p.kind for p in sub.problems],
                  "messages": [p.message for p in sub.problems], "values": len(sub.values)}))
"""


def _read_in_child(path: Path) -> dict[str, object]:
    """Return what a fresh process reading `path` found, with its peak memory in MB."""
    run = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(run.stdout)
    return result


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="需要 Linux /proc 测量内存峰值")
@pytest.mark.parametrize(
    ("xml_mb", "media_mb", "kinds", "values", "peak_mb"),
    [(1, 50, [], 1, 100), (52, 20, [], 1, 400), (70, 22, ["file.too_large"], 0, 100)],
    ids=["50MB-of-pictures", "45MB-of-data-within-limits", "50MB-of-data-over-limits"],
)
def test_fifty_megabyte_workbook_is_read_or_refused_without_blowing_memory(
    tmp_path: Path, xml_mb: int, media_mb: int, kinds: list[str], values: int, peak_mb: int
) -> None:
    """Big workbooks are read within the limits, or refused with a clear message, in bounded memory."""
    path = tmp_path / "big.xlsx"
    _big_workbook(path, xml_mb, media_mb)
    assert path.stat().st_size > 40 * MB
    found = _read_in_child(path)
    assert (found["kinds"], found["values"]) == (kinds, values)
    assert isinstance(found["peak_mb"], int)
    assert found["peak_mb"] < peak_mb
    if kinds:
        assert "60 MB" in str(found["messages"])


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ num.__init__.__globals__['os'] }}",
    ],
)
def test_template_cannot_reach_python_internals(source: str) -> None:
    """The office edits the template: the sandbox stops any path to Python internals or files."""
    template = jinja_env().from_string(source)
    with pytest.raises((SecurityError, jinja2.UndefinedError)):
        template.render(num=object())


class _Writer:
    """An object with a public method that writes a file, as a library object handed over by mistake."""

    def write(self, target: str) -> None:
        Path(target).write_text("x", encoding="utf-8")


@pytest.mark.parametrize(
    "source",
    [
        "{{ charts[0].image.tpl.save(target) }}",
        "{% do charts[0].save(target) %}",
        "{{ charts[0].image.docx.save(target) }}",
        "{% do num.h1.__self__.style.__globals__['open'](target, 'w') %}",
        "{% do texts._by_part.setdefault('x', []) %}{{ texts.of.__func__ }}",
        "{{ candidates.all[0].marker.__class__.__base__.__subclasses__() }}",
        "{% for c in charts %}{{ c.image|attr('tpl') }}{% endfor %}",
        "{{ writer.write(target) }}",
    ],
)
def test_template_objects_offer_no_path_to_files(source: str, tmp_path: Path) -> None:
    """The template sees plain data: no object in the context reaches the document or a file."""
    target = tmp_path / "written.docx"
    context = {
        "charts": chart_slots([Chart("图表", tmp_path / "c.png", ())]),
        "num": Numbering(),
        "texts": TextIndex([], {}),
        "candidates": CandidateIndex([Candidate("r", "c", "problems", "p", "句子", "原因")]),
        "target": str(target),
        "writer": _Writer(),
    }
    with contextlib.suppress(jinja2.TemplateError):
        out = jinja_env().from_string(source).render(context)
        assert " object at 0x" not in out  # no Python object leaks into the document either
    assert not target.exists()


def test_template_reads_what_the_shipped_template_uses() -> None:
    """Narrowing the sandbox keeps the data, methods and loop the shipped template relies on."""
    source = (
        "{% do num.style(h3='1.') %}{{ num.h1() }}{{ num.h3() }}"
        "{% for c in charts %}{{ loop.index }}{{ c.title }}{{ c.image }}{% endfor %}"
        "{% for c in candidates.problems %}{{ c.text }}{{ c.marker }}{% endfor %}"
        "{{ texts.of('x')|length }}"
    )
    context = {
        "charts": chart_slots([Chart("图一", Path("c.png"), ())]),
        "num": Numbering(),
        "texts": TextIndex([], {}),
        "candidates": CandidateIndex([Candidate("r", "c", "problems", "p", "句子", "原因")]),
    }
    out = jinja_env().from_string(source).render(context)
    assert out == "一、1.1图一⟦图表1⟧句子（依据规则“r”：原因）0"


def test_sandboxed_template_still_autoescapes_and_uses_do() -> None:
    """The sandbox keeps what templates rely on: autoescape and the `do` statement."""
    env = jinja_env()
    assert env.autoescape
    template = env.from_string("{% do items.append('<b>') %}{{ items[0] }}")
    assert template.render(items=[]) == "&lt;b&gt;"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("区司法局", "区司法局"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ('a/b\\c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("  .隐藏文件. ", "隐藏文件"),
        ("\x00\x1f", "_"),
        ("", "未命名"),
        ("长" * 100, "长" * 80),
    ],
)
def test_file_names_from_unit_names_are_sanitised(name: str, expected: str) -> None:
    """Names taken from unit names or titles cannot leave the folder or upset Windows."""
    assert safe_name(name) == expected


def test_output_path_stays_inside_the_output_folder(tmp_path: Path) -> None:
    """Whatever the name, the output path is a direct child of the output folder."""
    for name in ("../x.xlsx", "/etc/passwd", "..", "a/../../b.docx"):
        assert inside(tmp_path, name).parent == tmp_path


@pytest.mark.parametrize("text", ["=1+1", "=cmd|' /C calc'!A0", "+86 1234", "-2+3", "@SUM(A1)"])
def test_report_never_turns_text_into_a_formula(
    tmp_path: Path, catalogue: Catalogue, text: str
) -> None:
    """Typed text that looks like a formula is written to 校验报告.xlsx as text, in every column."""
    finding = Finding.error(text, text, "D5", text, raw=text, advice=text, unit=text)
    book = load_workbook(write_findings([finding], catalogue, tmp_path / "r.xlsx"))
    cells = [c for c in book["校验结果"][2] if c.value == text]
    assert len(cells) >= 6
    assert {c.data_type for c in cells} == {"s"}


def test_reading_twice_gives_the_same_result(
    tmp_path: Path, write_workbook: Callable[..., Path]
) -> None:
    """Reading has no side effects on the input (no file is modified or created)."""
    path = write_workbook("a.xlsx", "平中街道", {"tj.elders": 8})
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    first = read_submission(path, tmp_path)
    second = read_submission(path, tmp_path)
    assert [v.raw for v in first.values] == [v.raw for v in second.values] == [8.0]
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before


def _tiny_xls(records: bytes) -> bytes:
    """Return a compound file whose small Workbook stream lives in the mini stream (64-byte sectors)."""
    stream = b"\x09\x08\x10\x00" + bytes(16) + records + b"\x0a\x00\x00\x00"
    minis = -(-len(stream) // 64)
    free, end = 0xFFFFFFFF, 0xFFFFFFFE
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack(
        "<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, bytes(6), 0, 1, 1, 0, 4096, 3, 1, end, 0
    )
    header += struct.pack("<109I", 0, *[free] * 108)
    fat = struct.pack("<128I", 0xFFFFFFFD, end, end, end, *[free] * 124)

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return struct.pack(
            "<64sHBBIII16sIQQIII",
            raw,
            len(raw),
            kind,
            1,
            free,
            free,
            child,
            bytes(16),
            0,
            0,
            0,
            start,
            size,
            0,
        )

    directory = entry("Root Entry", 5, 1, 2, minis * 64) + entry(
        "Workbook", 2, free, 0, len(stream)
    )
    minifat = struct.pack("<128I", *[i + 1 for i in range(minis - 1)], end, *[free] * (128 - minis))
    container = stream.ljust(512, b"\0")
    return header + fat + directory.ljust(512, b"\0") + container + minifat


@pytest.mark.parametrize(
    ("records", "extent"),
    [
        (b"\x03\x02\x0e\x00" + struct.pack("<HHHd", 99, 7, 0, 1.0), cfb.Extent(100, 8, False)),
        (
            b"\xbd\x00\x12\x00" + struct.pack("<HHHiHiH", 4, 2, 0, 2, 0, 3, 30),
            cfb.Extent(5, 31, False),
        ),
        (b"\xbe\x00\x0a\x00" + struct.pack("<HHHHH", 4, 2, 0, 0, 30), cfb.Extent(0, 0, False)),
        (b"\x01\x02\x06\x00" + struct.pack("<HHH", 65535, 255, 0), cfb.Extent(0, 0, False)),
        (b"\x2f\x00\x06\x00" + bytes(6), cfb.Extent(0, 0, True)),
    ],
    ids=[
        "number-cell",
        "multi-number-row",
        "styled-blank-row",
        "styled-blank-far-cell",
        "filepass",
    ],
)
def test_xls_cell_extent_and_password_are_read_from_the_compound_file(
    records: bytes, extent: cfb.Extent
) -> None:
    """The Workbook stream is found (here in the mini stream) and its cells' reach and FILEPASS read.

    Blank cells that only carry a style are skipped by the reader, so they do not count.
    """
    data = _tiny_xls(records)
    assert cfb.stream_names(data) == ["Root Entry", "Workbook"]
    assert cfb.workbook_extent(data) == extent


def test_xls_with_a_password_or_a_far_cell_is_refused(tmp_path: Path) -> None:
    """A legacy .xls with FILEPASS is encrypted; one reaching row 65536 would cost a gigabyte."""
    assert kinds(tmp_path, "p.xls", _tiny_xls(b"\x2f\x00\x06\x00" + bytes(6))) == ["file.encrypted"]
    far = b"\x03\x02\x0e\x00" + struct.pack("<HHHd", 65535, 255, 0, 1.0)
    assert kinds(tmp_path, "f.xls", _tiny_xls(far)) == ["file.too_large"]


def test_unfollowable_compound_file_is_left_to_the_parser(tmp_path: Path) -> None:
    """A broken OLE structure is not guessed at: the parser's own error is reported."""
    data = bytearray(_tiny_xls(b""))
    struct.pack_into("<I", data, 0x30, 999)  # directory sector beyond the end
    assert kinds(tmp_path, "b.xls", bytes(data)) == ["file.unreadable"]
