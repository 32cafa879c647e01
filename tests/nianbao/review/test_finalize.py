"""Finalize: a publication copy without review furniture, same text and layout; PDF via LibreOffice."""

from __future__ import annotations

import hashlib
import posixpath
import re
import shutil
import zipfile
import zlib
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from nianbao.core.errors import DocumentError
from nianbao.review.finalize import FinalizeResult, finalize_draft, finalized_path
from nianbao.review.pdf import convert, to_pdf
from nianbao.word.anchors import RECORD_NS
from nianbao.word.document import paragraph_text

from ...conftest import accept_marks, draft_year

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FURNITURE = ["commentRangeStart", "commentRangeEnd", "commentReference", "sdt", "bookmarkStart"]
FURNITURE += ["bookmarkEnd", "highlight"]
CHANGED_PARTS = {"word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}
CHANGED_PARTS |= {"docProps/core.xml"}  # re-dated (nianbao.word.properties)
REMOVED_STYLES = ("NbChecklist", "NbAnnexTitle", "NbAnnex")  # annex table cells are NbAnnex too


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Return the 2021 draft (complete, every review mark accepted) and the 2022 draft as rendered
    (with a placeholder, a checklist and its marks)."""
    out = tmp_path_factory.mktemp("drafts")
    drafts = {year: draft_year(year, out / str(year)) for year in (2021, 2022)}
    doc = Document(str(drafts[2021]))
    assert accept_marks(doc)
    doc.save(str(drafts[2021]))
    return drafts


@pytest.fixture(scope="module")
def reviewed(drafts: dict[int, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the 2021 draft as a reviewer left it: a comment on a figure and Word's _GoBack mark."""
    doc = Document(str(drafts[2021]))
    figure = next(doc.element.body.iter(qn("w:sdt")))
    paragraph = Paragraph(next(figure.iterancestors(qn("w:p"))), doc._body)
    run = Run(next(figure.iter(qn("w:r"))), paragraph)
    doc.add_comment(run, text="请核对：来源为司法局报表", author="审核人", initials="SH")
    go_back = OxmlElement("w:bookmarkStart")
    go_back.set(qn("w:id"), "0")
    go_back.set(qn("w:name"), "_GoBack")
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), "0")
    para = doc.paragraphs[4]._p
    para.append(go_back)
    para.append(end)
    path = tmp_path_factory.mktemp("reviewed") / "审核稿.docx"
    doc.save(str(path))
    return path


@pytest.fixture(scope="module")
def finals(
    reviewed: Path, drafts: dict[int, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Path, FinalizeResult]]:
    """Return (source, result) of finalizing the reviewed 2021 draft and, forced, the 2022 draft."""
    out = tmp_path_factory.mktemp("finals")
    return {
        "2021-reviewed": (reviewed, finalize_draft(reviewed, out / "2021.docx")),
        "2022-forced": (drafts[2022], finalize_draft(drafts[2022], out / "2022.docx", force=True)),
    }


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _body(path: Path) -> etree._Element:
    return etree.fromstring(_parts(path)["word/document.xml"])


def _record(parts: dict[str, bytes]) -> set[str]:
    """Return the names of the figure record's parts: item, itemProps and the item's rels."""
    names = {n for n, data in parts.items() if RECORD_NS.encode() in data}
    return names | {f"customXml/_rels/{posixpath.basename(n)}.rels" for n in names} & set(parts)


def _dangling(parts: dict[str, bytes]) -> list[str]:
    """Return relationships and content-type overrides that name a part the package lacks."""
    missing = []
    for name, data in parts.items():
        if name.endswith(".rels"):
            source = posixpath.dirname(posixpath.dirname(name))
            for rel in etree.fromstring(data):
                ref = rel.get("Target", "")
                if rel.get("TargetMode") != "External":
                    at = ref[1:] if ref.startswith("/") else posixpath.join(source, ref)
                    if posixpath.normpath(at) not in parts:
                        missing.append(f"{name}: {ref}")
    types = etree.fromstring(parts["[Content_Types].xml"])
    names = [str(o.get("PartName", "")) for o in types if o.get("PartName")]
    return missing + [n for n in names if n[1:] not in parts]


def _expected_text(draft: Path) -> list[str]:
    """Return the draft's paragraph texts without attributions, checklist and data annex."""
    texts = []
    for p in _body(draft).iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") in REMOVED_STYLES:
            continue
        for r in p.iter(f"{W}r"):
            rstyle = r.find(f"{W}rPr/{W}rStyle")
            if rstyle is not None and rstyle.get(f"{W}val") == "NbSource":
                r.getparent().remove(r)
        texts.append(paragraph_text(p))
    return texts


CASES = ["2021-reviewed", "2022-forced"]


@pytest.mark.parametrize("element", FURNITURE)
def test_publication_copy_has_no_review_furniture(
    finals: dict[str, tuple[Path, FinalizeResult]], element: str
) -> None:
    """Comment anchors, content controls, bookmarks and highlights of the drafts are all gone."""
    assert any(
        next(_body(src).iter(f"{W}{element}"), None) is not None for src, _ in finals.values()
    )
    for _, result in finals.values():
        assert next(_body(result.path).iter(f"{W}{element}"), None) is None


@pytest.mark.parametrize("case", CASES)
def test_attributions_and_checklist_styles_are_gone(
    finals: dict[str, tuple[Path, FinalizeResult]], case: str
) -> None:
    """No run styled NbSource and no paragraph styled NbChecklist remain."""
    xml = _parts(finals[case][1].path)["word/document.xml"]
    assert b'w:val="NbSource"' not in xml
    assert b'w:val="NbChecklist"' not in xml


def test_comments_part_is_removed_with_its_relationship(
    finals: dict[str, tuple[Path, FinalizeResult]],
) -> None:
    """The comments part, its relationship and content type are gone, so Word shows no comment."""
    source, result = finals["2021-reviewed"]
    assert "word/comments.xml" in _parts(source)
    parts = _parts(result.path)
    assert "word/comments.xml" not in parts
    assert b"comments" not in parts["word/_rels/document.xml.rels"]
    assert b"comments" not in parts["[Content_Types].xml"]
    comments = etree.fromstring(_parts(source)["word/comments.xml"]).findall(f"{W}comment")
    assert result.removed["批注"] == len(comments) >= 1
    Document(str(result.path))  # the package still opens


@pytest.mark.parametrize("case", CASES)
def test_visible_text_is_the_draft_minus_attributions_and_checklist(
    finals: dict[str, tuple[Path, FinalizeResult]], case: str
) -> None:
    """Every other paragraph keeps its exact text, figures included."""
    source, result = finals[case]
    final = [paragraph_text(p) for p in _body(result.path).iter(f"{W}p")]
    assert final == _expected_text(source)


@pytest.mark.parametrize("case", CASES)
def test_layout_parts_are_byte_identical(
    finals: dict[str, tuple[Path, FinalizeResult]], case: str
) -> None:
    """Styles, footers with page numbers, settings, numbering and the section properties are kept."""
    source, result = finals[case]
    before, after = _parts(source), _parts(result.path)
    changed = {n for n in before if n in after and before[n] != after[n]}
    assert changed <= CHANGED_PARTS
    assert any(n.startswith("word/footer") and n in after for n in before)
    gone = set(before) - set(after)
    assert {n for n in gone if "comment" not in n and not n.startswith("word/media/")} == _record(
        before
    )
    sect = [etree.tostring(s) for s in _body(source).iter(f"{W}sectPr")]
    assert [etree.tostring(s) for s in _body(result.path).iter(f"{W}sectPr")] == sect


@pytest.mark.parametrize("case", CASES)
def test_data_annex_and_its_charts_are_removed(
    finals: dict[str, tuple[Path, FinalizeResult]], case: str
) -> None:
    """The annex title, table and chart images go; no image part or relationship is left behind."""
    source, result = finals[case]
    assert "附件：主要数据表" in "".join(paragraph_text(p) for p in _body(source).iter(f"{W}p"))
    assert next(_body(source).iter(f"{W}drawing"), None) is not None
    body = _body(result.path)
    assert "附件：主要数据表" not in "".join(paragraph_text(p) for p in body.iter(f"{W}p"))
    assert next(body.iter(f"{W}tbl"), None) is None
    assert next(body.iter(f"{W}drawing"), None) is None
    parts = _parts(result.path)
    assert [n for n in parts if n.startswith("word/media/")] == []
    assert b"/image" not in parts["word/_rels/document.xml.rels"]
    assert result.removed["数据附件"] >= 3


def test_placeholders_refuse_publication_unless_forced(
    drafts: dict[int, Path], finals: dict[str, tuple[Path, FinalizeResult]], tmp_path: Path
) -> None:
    """A draft with 【待补充】 is refused with the markers listed; forced, they stay as plain text."""
    with pytest.raises(DocumentError) as info:
        finalize_draft(drafts[2022], tmp_path / "定稿.docx")
    assert "【待补充：政府法律顾问提供法律服务次数】" in str(info.value)
    assert "--force" in str(info.value)
    assert list(tmp_path.iterdir()) == []
    forced = finals["2022-forced"][1]
    assert any("【待补充：政府法律顾问提供法律服务次数】" in p for p in forced.placeholders)
    assert "【待补充：政府法律顾问提供法律服务次数】" in "".join(
        paragraph_text(p) for p in _body(forced.path).iter(f"{W}p")
    )


def test_complete_draft_reports_nothing_to_complete(
    finals: dict[str, tuple[Path, FinalizeResult]],
) -> None:
    """The 2021 draft has no placeholder and no revision; every control and bookmark is counted."""
    source, result = finals["2021-reviewed"]
    assert (result.placeholders, result.revisions) == ([], 0)
    body = _body(source)
    assert result.removed["内容控件"] == len(list(body.iter(f"{W}sdt")))
    assert result.removed["书签"] == len(list(body.iter(f"{W}bookmarkStart")))


def test_draft_is_never_overwritten_and_names_do_not_collide(
    drafts: dict[int, Path], tmp_path: Path
) -> None:
    """Finalizing twice gives two files beside the draft; the draft's bytes do not change."""
    draft = tmp_path / drafts[2021].name
    shutil.copyfile(drafts[2021], draft)
    digest = hashlib.sha256(draft.read_bytes()).hexdigest()
    first, second = finalize_draft(draft).path, finalize_draft(draft).path
    assert first == finalized_path(draft)
    assert second == first.with_name(first.stem + "-2.docx")
    assert hashlib.sha256(draft.read_bytes()).hexdigest() == digest


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("关于2021年度法治政府建设工作的报告_草稿_20250301-101500.docx", "关于2021年度法治政府建设工作的报告_定稿_20250301-101500.docx"),
        ("报告（修改稿）.docx", "报告（修改稿）_定稿.docx"),
    ],
)  # fmt: skip
def test_default_name_replaces_draft_with_final(name: str, expected: str) -> None:
    """草稿 in the draft's name becomes 定稿; any other name gets _定稿 appended."""
    assert finalized_path(Path("/x") / name) == Path("/x") / expected


def _with_revision(draft: Path, out: Path) -> Path:
    doc = Document(str(draft))
    ins = OxmlElement("w:ins")
    for key, value in (("w:id", "1"), ("w:author", "审核人"), ("w:date", "2025-03-01T00:00:00Z")):
        ins.set(qn(key), value)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "（修订插入）"
    run.append(text)
    ins.append(run)
    doc.paragraphs[4]._p.append(ins)
    doc.save(str(out))
    return out


def test_pending_revisions_refuse_publication_unless_forced(
    drafts: dict[int, Path], tmp_path: Path
) -> None:
    """Tracked changes not yet accepted or rejected stop finalize; forced, they are counted."""
    draft = _with_revision(drafts[2021], tmp_path / "修订稿.docx")
    with pytest.raises(DocumentError, match="1处未处理的修订"):
        finalize_draft(draft)
    assert finalize_draft(draft, force=True).revisions == 1


def test_bookmarks_that_fields_point_to_are_kept(drafts: dict[int, Path], tmp_path: Path) -> None:
    """A reviewer's cross-reference target stays; nianbao's bookmarks go."""
    doc = Document(str(drafts[2021]))
    p = doc.paragraphs[4]._p
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), "7")
    start.set(qn("w:name"), "_Ref123")
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), "7")
    p.insert(1, start)
    p.append(end)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " REF _Ref123 \\h ")
    doc.paragraphs[5]._p.append(field)
    src = tmp_path / "交叉引用.docx"
    doc.save(str(src))
    names = [b.get(f"{W}name") for b in _body(finalize_draft(src).path).iter(f"{W}bookmarkStart")]
    assert names == ["_Ref123"]


def test_word_comment_companions_are_removed(reviewed: Path, tmp_path: Path) -> None:
    """Parts Word adds beside comments.xml (commentsExtended, people) go with it."""
    src = tmp_path / "word.docx"
    extra = {
        "word/people.xml": (
            "http://schemas.microsoft.com/office/2011/relationships/people",
            "people",
        ),
        "word/commentsExtended.xml": (
            "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
            "commentsExtended",
        ),
    }
    parts = _parts(reviewed)
    rels = parts["word/_rels/document.xml.rels"].decode()
    types = parts["[Content_Types].xml"].decode()
    for n, (name, (rtype, kind)) in enumerate(extra.items()):
        parts[name] = b'<?xml version="1.0"?><w15:x xmlns:w15="urn:x"/>'
        rels = rels.replace(
            "</Relationships>",
            f'<Relationship Id="rIdX{n}" Type="{rtype}" Target="{name[5:]}"/></Relationships>',
        )
        types = types.replace(
            "</Types>",
            f'<Override PartName="/{name}" ContentType="application/vnd.ms-word.{kind}+xml"/></Types>',
        )
    parts["word/_rels/document.xml.rels"] = rels.encode()
    parts["[Content_Types].xml"] = types.encode()
    with zipfile.ZipFile(src, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    result = _parts(finalize_draft(src).path)
    assert not set(extra) & set(result)
    assert b"people" not in result["word/_rels/document.xml.rels"]
    assert b"commentsExtended" not in result["[Content_Types].xml"]


_COVER_NS = "http://schemas.microsoft.com/office/2006/coverPageProps"
_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
_PROPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?><ds:datastoreItem '
    'ds:itemID="{55AF091B-3C7A-41E3-B477-F2FDAA23CFDA}" '
    'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs>'
    f'<ds:schemaRef ds:uri="{_COVER_NS}"/></ds:schemaRefs></ds:datastoreItem>'
)
_ITEMS = {
    "cover-page": (
        f'<?xml version="1.0" encoding="UTF-8"?><CoverPageProperties xmlns="{_COVER_NS}">'
        "<PublishDate>2025-03-01</PublishDate><Abstract/></CoverPageProperties>"
    ),
    "broken": "<CoverPageProperties",  # not well-formed: not the record, so left alone
}


def _with_custom_xml(draft: Path, out: Path, variant: str) -> Path:
    """Return a copy of `draft` whose custom XML is changed as named by `variant`.

    renumbered: the record becomes item1 (as when Word or LibreOffice renumbers the items);
    cover-page / broken: Word's cover page properties (well-formed or not) are added as item9.
    """
    parts = _parts(draft)
    if variant == "renumbered":
        swap = {b"item1.xml": b"item2.xml", b"item2.xml": b"item1.xml"}
        swap |= {b"itemProps1.xml": b"itemProps2.xml", b"itemProps2.xml": b"itemProps1.xml"}
        pattern = re.compile(b"|".join(re.escape(k) for k in swap))
        parts = {
            pattern.sub(lambda m: swap[m.group()], name.encode()).decode(): (
                pattern.sub(lambda m: swap[m.group()], data)
                if name.endswith(".rels") or name == "[Content_Types].xml"
                else data
            )
            for name, data in parts.items()
        }
        assert RECORD_NS.encode() in parts["customXml/item1.xml"]
    elif variant in _ITEMS:
        parts["customXml/item9.xml"] = _ITEMS[variant].encode()
        parts["customXml/itemProps9.xml"] = _PROPS.encode()
        parts["customXml/_rels/item9.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
            f'{_CUSTOM}Props" Target="itemProps9.xml"/></Relationships>'
        ).encode()
        rels = (
            parts["word/_rels/document.xml.rels"]
            .decode()
            .replace(
                "</Relationships>",
                f'<Relationship Id="rId99" Type="{_CUSTOM}" Target="../customXml/item9.xml"/>'
                "</Relationships>",
            )
        )
        parts["word/_rels/document.xml.rels"] = rels.encode()
        types = (
            parts["[Content_Types].xml"]
            .decode()
            .replace(
                "</Types>",
                '<Override PartName="/customXml/itemProps9.xml" ContentType="application/vnd.'
                'openxmlformats-officedocument.customXmlProperties+xml"/></Types>',
            )
        )
        parts["[Content_Types].xml"] = types.encode()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out


def _custom_targets(parts: dict[str, bytes]) -> set[str]:
    """Return the custom XML items the main document part relates to."""
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    return {str(r.get("Target")) for r in rels if r.get("Type") == _CUSTOM}


@pytest.mark.parametrize("variant", ["as-rendered", "renumbered", "cover-page", "broken"])
def test_figure_record_is_removed_and_other_custom_xml_kept(
    drafts: dict[int, Path], tmp_path: Path, variant: str
) -> None:
    """The record's parts, relationships and content types go; other custom XML stays as it was."""
    source = _with_custom_xml(drafts[2021], tmp_path / "草稿.docx", variant)
    before = _parts(source)
    record = _record(before)
    assert len(record) == 3
    result = finalize_draft(source, tmp_path / "定稿.docx")
    after = _parts(result.path)
    assert [n for n, data in after.items() if RECORD_NS.encode() in data] == []
    gone = set(before) - set(after) - record
    assert {n for n in gone if not n.startswith("word/media/")} == {"word/comments.xml"}
    assert _dangling(after) == []
    others = {n for n in before if n.startswith("customXml/")} - record
    assert len(others) == (6 if variant in _ITEMS else 3)  # Word's bibliography (+ item9)
    assert {n: before[n] for n in others} == {n: after[n] for n in others}
    item = next(n for n in record if n.startswith("customXml/item") and "Props" not in n)
    assert _custom_targets(after) == _custom_targets(before) - {f"../{item}"}
    assert result.removed["数字记录"] == 1
    Document(str(result.path))  # the package still opens


@pytest.mark.parametrize("case", CASES)
def test_publication_copy_carries_no_figure_record(
    finals: dict[str, tuple[Path, FinalizeResult]], case: str
) -> None:
    """No part mentions the record's namespace and no relationship or override is left dangling."""
    parts = _parts(finals[case][1].path)
    assert [n for n, data in parts.items() if RECORD_NS.encode() in data] == []
    assert _dangling(parts) == []
    assert finals[case][1].removed["数字记录"] == 1
    Document(str(finals[case][1].path))


def test_copy_without_a_record_is_finalized_without_counting_one(
    finals: dict[str, tuple[Path, FinalizeResult]], tmp_path: Path
) -> None:
    """Finalizing a publication copy again removes no record and keeps Word's custom XML."""
    again = finalize_draft(finals["2021-reviewed"][1].path, tmp_path / "再次定稿.docx")
    assert "数字记录" not in again.removed
    assert (
        _parts(again.path)["customXml/item1.xml"]
        == _parts(finals["2021-reviewed"][0])["customXml/item1.xml"]
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "找不到草稿"), (b"PK\x03\x04 broken", "不是有效的 Word 文档")],
)
def test_missing_or_broken_draft_is_refused_in_chinese(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    """A missing file or a file that is not a .docx raises DocumentError."""
    path = tmp_path / "草稿.docx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DocumentError, match=message):
        finalize_draft(path)


def pdf_text(path: Path) -> str:
    """Return the text of a LibreOffice PDF (simple fonts with ToUnicode maps), whitespace dropped."""
    data = path.read_bytes()
    objs = {int(n): b for n, b in re.findall(rb"(\d+) 0 obj\s*(.*?)endobj", data, re.S)}

    def stream(n: int) -> bytes:
        body = objs[n]
        raw = body[body.index(b"stream") + 6 :].lstrip(b"\r\n")
        raw = raw[: raw.rindex(b"endstream")]
        return zlib.decompress(raw) if b"FlateDecode" in body[: body.index(b"stream")] else raw

    def cmap(n: int) -> dict[int, str]:
        table, text = {}, stream(n)
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
            for src, dst in re.findall(rb"<(\w+)>\s*<(\w+)>", block):
                table[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
            for lo, hi, dst in re.findall(rb"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
                for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                    table[code] = chr(int(dst, 16) + i)
        return table

    fonts = {
        n: cmap(int(m.group(1)))
        for n, b in objs.items()
        if (m := re.search(rb"/ToUnicode\s+(\d+) 0 R", b))
    }
    names = {
        name: fonts[int(n)]
        for b in objs.values()
        for name, n in re.findall(rb"/(\w+)\s+(\d+) 0 R", b)
        if int(n) in fonts
    }
    contents = [
        int(n)
        for refs in re.findall(rb"/Contents\s*(\[[^\]]*\]|\d+ 0 R)", data)
        for n in re.findall(rb"(\d+) 0 R", refs)
    ]
    out: list[str] = []
    for n in contents:
        table: dict[int, str] = {}
        for m in re.finditer(rb"/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>", stream(n)):
            if m.group(1) is not None:
                table = names.get(m.group(1), {})
            else:
                out.append("".join(table.get(b, "") for b in bytes.fromhex(m.group(2).decode())))
    return "".join(out)


def _figures(draft: Path) -> list[str]:
    """Return the digits of every figure of the draft (the content controls' text)."""
    return [
        "".join(t.text or "" for t in sdt.iter(f"{W}t")) for sdt in _body(draft).iter(f"{W}sdt")
    ]


@pytest.mark.soffice
@pytest.mark.slow
def test_pdf_of_draft_and_publication_copy_hold_the_figures(
    drafts: dict[int, Path], soffice: str, tmp_path: Path
) -> None:
    """LibreOffice converts both; every figure is in the PDF text; attributions only in the draft's."""
    draft = drafts[2021]
    final = finalize_draft(draft, tmp_path / "定稿.docx").path
    texts = {
        name: pdf_text(to_pdf(doc, tmp_path)) for name, doc in (("草稿", draft), ("定稿", final))
    }
    figures = _figures(draft)
    assert len(figures) > 90
    for text in texts.values():
        assert "关于2021年度法治政府建设工作的报告" in text
        assert [f for f in figures if f not in text] == []
    assert "（来源：" in texts["草稿"]
    assert "（来源：" not in texts["定稿"]


@pytest.mark.soffice
@pytest.mark.slow
def test_draft_saved_by_libreoffice_still_finalizes_cleanly(
    drafts: dict[int, Path], soffice: str, tmp_path: Path
) -> None:
    """After a LibreOffice open-save (style ids renamed, tags dropped) nothing of the review is left."""
    saved = convert(drafts[2022], "docx", tmp_path)
    assert b'w:val="NbChecklist"' not in _parts(saved)["word/document.xml"]  # ids were renamed
    result = finalize_draft(saved, tmp_path / "定稿.docx", force=True)
    body = _body(result.path)
    for element in FURNITURE:
        assert next(body.iter(f"{W}{element}"), None) is None, element
    text = "\n".join(paragraph_text(p) for p in body.iter(f"{W}p"))
    for gone in ("（来源：", "审核清单", "附件：主要数据表"):
        assert gone not in text
    assert "【待补充：政府法律顾问提供法律服务次数】" in text
    parts = _parts(result.path)
    assert "word/comments.xml" not in parts
    assert [n for n, data in parts.items() if RECORD_NS.encode() in data] == []
    assert _dangling(parts) == []
    assert result.removed["数字记录"] == 1
    kept = {n for n in _parts(saved) if n.startswith("customXml/")} - _record(_parts(saved))
    assert kept
    assert kept <= set(parts)


@pytest.mark.soffice
@pytest.mark.slow
def test_pdf_never_overwrites(drafts: dict[int, Path], soffice: str, tmp_path: Path) -> None:
    """Converting twice gives <stem>.pdf and <stem>-2.pdf."""
    first, second = to_pdf(drafts[2021], tmp_path), to_pdf(drafts[2021], tmp_path)
    assert (first.name, second.name) == (f"{drafts[2021].stem}.pdf", f"{drafts[2021].stem}-2.pdf")


@pytest.mark.parametrize(
    ("script", "message"),
    [
        (None, "未找到 LibreOffice"),
        (
            "echo 'source file could not be loaded' >&2; exit 1",
            "转换PDF失败（退出码1）：source file",
        ),
        ("exit 0", "转换PDF失败（退出码0）"),
    ],
    ids=["missing", "fails", "writes-nothing"],
)
def test_pdf_conversion_problems_are_reported_in_chinese(
    drafts: dict[int, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    script: str | None,
    message: str,
) -> None:
    """No LibreOffice, a failing one, or one that writes no PDF: DocumentError, nothing written."""
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.delenv("NIANBAO_SOFFICE", raising=False)
    monkeypatch.setattr("nianbao.review.pdf._CANDIDATES", ())
    if script is not None:
        fake = tmp_path / "bin" / "soffice"
        fake.parent.mkdir()
        fake.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
        fake.chmod(0o755)
    out = tmp_path / "out"
    with pytest.raises(DocumentError, match=re.escape(message)):
        to_pdf(drafts[2021], out)
    assert not out.exists()


def test_pdf_conversion_that_hangs_is_stopped(drafts: dict[int, Path], tmp_path: Path) -> None:
    """A LibreOffice that never finishes is killed after the timeout and reported in Chinese."""
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 60\n", encoding="utf-8")
    fake.chmod(0o755)
    with pytest.raises(DocumentError, match="超时（1秒），已中止"):
        to_pdf(drafts[2021], tmp_path / "out", timeout=1, soffice=str(fake))
    assert not (tmp_path / "out").exists()
