"""Figure anchors inside a .docx: content controls, bookmarks, nianbao's comments, the embedded record.

Layout of a rendered figure (kept stable by LibreOffice 7.4 over repeated open-save round trips):
`[prefix run] bookmark(collapsed) [commentRangeStart] sdt(digits) [commentRangeEnd, reference run]
suffix run`. A bookmark spanning the control, or a comment anchored inside it, makes LibreOffice 7.4
duplicate or drop the control once comments are present, so neither is used.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape

from docx.comments import Comment
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

RECORD_NS = "urn:nianbao:figures:1"
_CT_XML = "application/xml"
_CT_PROPS = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_W_R, _W_T, _W_SDT = qn("w:r"), qn("w:t"), qn("w:sdt")
_W_P = qn("w:p")
_SPECIAL = re.compile(r"[\x00-\x09\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
_SKIPPED = (qn("w:del"), qn("w:moveFrom"))
_MARKERS = (qn("w:bookmarkEnd"), qn("w:commentRangeStart"), qn("w:proofErr"))
_STYLES = (
    '<w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/>'
    '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:pPr><w:spacing w:line="240" '
    'w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/></w:pPr>'
    '<w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>',
    '<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/>'
    '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:rPr><w:sz w:val="16"/>'
    '<w:szCs w:val="16"/></w:rPr></w:style>',
)


def skipped(el: etree._Element) -> bool:
    """Return whether `el` lies in tracked-deleted content (w:del, w:moveFrom)."""
    return any(a.tag in _SKIPPED for a in el.iterancestors())


def run_text(r: etree._Element) -> str:
    """Return the visible text of run `r` (empty inside tracked deletions)."""
    return "" if skipped(r) else "".join(t.text or "" for t in r.iter(_W_T))


def control_key(sdt: etree._Element) -> tuple[str, str]:
    """Return (tag, alias) of content control `sdt` ("" when absent)."""
    pr = sdt.find(qn("w:sdtPr"))
    if pr is None:
        return "", ""
    tag, alias = pr.find(qn("w:tag")), pr.find(qn("w:alias"))
    return (
        tag.get(qn("w:val"), "") if tag is not None else "",
        alias.get(qn("w:val"), "") if alias is not None else "",
    )


def control_text(sdt: etree._Element) -> str:
    """Return the text inside control `sdt`; "" while it shows Word's placeholder."""
    pr = sdt.find(qn("w:sdtPr"))
    if pr is not None and pr.find(qn("w:showingPlcHdr")) is not None:
        return ""
    content = sdt.find(qn("w:sdtContent"))
    return "" if content is None else "".join(run_text(r) for r in content.iter(_W_R))


def control_deleted(sdt: etree._Element) -> bool:
    """Return whether `sdt` is tracked-deleted or moved away: it has text, none of it live."""
    if skipped(sdt):
        return True
    runs = list(sdt.iter(_W_R))
    deleted = any(True for _ in sdt.iter(qn("w:delText"))) or any(skipped(r) for r in runs)
    return deleted and not control_text(sdt)


def set_control_text(sdt: etree._Element, text: str) -> None:
    """Replace the text of control `sdt` by `text`, keeping the first live run's formatting."""
    content = sdt.find(qn("w:sdtContent"))
    if content is None:
        content = etree.SubElement(sdt, qn("w:sdtContent"))
    runs = [r for r in content.iter(_W_R) if not skipped(r)]
    keep = runs[0] if runs else etree.SubElement(content, _W_R)
    for r in runs[1:]:
        r.getparent().remove(r)
    for child in list(keep):
        if child.tag != qn("w:rPr"):
            keep.remove(child)
    t = etree.SubElement(keep, _W_T)
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    pr = sdt.find(qn("w:sdtPr"))
    shown = pr.find(qn("w:showingPlcHdr")) if pr is not None else None
    if shown is not None:
        pr.remove(shown)


def paragraph_of(el: etree._Element) -> etree._Element | None:
    """Return the paragraph holding `el`."""
    return next(el.iterancestors(_W_P), None)


def text_around(mark: etree._Element, text: str, width: int = 10) -> tuple[str, str]:
    """Return up to `width` characters of the paragraph before `mark` and after `text` there."""
    p = paragraph_of(mark)
    if p is None:
        return "", ""
    # the paragraph's deleted text, found once (not by walking up from each of its w:t)
    gone = {t for d in p.iter(*_SKIPPED) for t in d.iter(_W_T)} if not skipped(p) else None
    pieces: list[str] = []
    offset = 0
    for el in p.iter(_W_T, mark.tag):
        if el is mark:
            offset = sum(len(x) for x in pieces)
        elif el.tag == _W_T and gone is not None and el not in gone:
            pieces.append(el.text or "")
    full = "".join(pieces)
    return full[max(0, offset - width) : offset], full[offset + len(text) :][:width]


def marked(mark: etree._Element) -> etree._Element | None:
    """Return the control or run that follows the collapsed bookmark `mark` (markers skipped)."""
    el = mark.getnext()
    while el is not None and el.tag in _MARKERS:
        el = el.getnext()
    return el if el is not None and el.tag in (_W_SDT, _W_R) else None


def fragment(xml: str) -> list[etree._Element]:
    """Return the elements of a run-level WordprocessingML fragment (as render writes it)."""
    return list(parse_xml(f"<w:p {nsdecls('w')}>{xml}</w:p>"))


def add_comment_styles(doc: Document) -> None:
    """Add the CommentText and CommentReference styles when the document lacks them."""
    styles = doc.styles.element
    have = {s.get(qn("w:styleId")) for s in styles.iter(qn("w:style"))}
    for xml in _STYLES:
        style = parse_xml(xml.replace("<w:style ", f"<w:style {nsdecls('w')} ", 1))
        if style.get(qn("w:styleId")) not in have:
            styles.append(style)


def anchor_comment(
    doc: Document, target: etree._Element, text: str, author: str, initials: str
) -> None:
    """Add a comment with `text` whose range is exactly element `target` (a control or a run)."""
    comment = doc.comments.add_comment(author=author, initials=initials)
    fill_comment(comment, text)
    cid = str(comment.comment_id)
    start = parse_xml(f'<w:commentRangeStart {nsdecls("w")} w:id="{cid}"/>')
    end = parse_xml(f'<w:commentRangeEnd {nsdecls("w")} w:id="{cid}"/>')
    ref = parse_xml(
        f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
        f'<w:commentReference w:id="{cid}"/></w:r>'
    )
    target.addprevious(start)
    target.addnext(end)
    end.addnext(ref)


def fill_comment(comment: Comment, text: str) -> None:
    """Write `text` into a new comment as python-docx's add_comment(text=…) does, in one parse.

    The first line goes in a run after the annotation reference, each further line in its own
    CommentText paragraph (set by id: python-docx's paragraph API costs ~0.3 ms a paragraph).
    Text with tabs, other control characters or non-XML characters goes through python-docx.
    """
    if not text:
        return
    lines = text.split("\n")
    if _SPECIAL.search(text):
        comment.paragraphs[0].add_run(lines[0])
        for line in lines[1:]:
            comment.add_paragraph(text=line)
        return
    rest = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>{_run_xml(line)}</w:p>'
        for line in lines[1:]
    )
    first = _run_xml(lines[0]) or "<w:r/>"
    parsed = parse_xml(f"<w:body {nsdecls('w')}><w:p>{first}</w:p>{rest}</w:body>")
    elm = comment._comment_elm
    elm[0].extend(list(parsed[0]))
    elm.extend(list(parsed)[1:])


def _run_xml(line: str) -> str:
    if not line:
        return ""
    space = ' xml:space="preserve"' if line != line.strip() else ""
    return f"<w:r><w:t{space}>{escape(line)}</w:t></w:r>"


def comments_by_author(doc: Document, author: str) -> Iterator[etree._Element]:
    """Yield the w:comment elements written by `author` (none when there is no comments part)."""
    if not any(rel.reltype == RT.COMMENTS for rel in doc.part.rels.values()):
        return
    for c in doc.comments:
        if c.author == author:
            yield c._comment_elm


def comment_plain_text(comment: etree._Element) -> str:
    """Return the text of a w:comment, one line per paragraph."""
    return "\n".join("".join(t.text or "" for t in p.iter(_W_T)) for p in comment.iter(_W_P))


def set_comment_text(comment: etree._Element, text: str) -> None:
    """Replace the paragraphs of a w:comment by one paragraph per line of `text`."""
    paras = list(comment.iter(_W_P))
    first = paras[0] if paras else etree.SubElement(comment, _W_P)
    for p in paras[1:]:
        comment.remove(p)
    ppr = first.find(qn("w:pPr"))
    for child in list(first):
        if child is not ppr and not any(True for _ in child.iter(qn("w:annotationRef"))):
            first.remove(child)
    for n, line in enumerate(text.split("\n")):
        p = first if n == 0 else etree.SubElement(comment, _W_P)
        if n and ppr is not None:
            p.append(etree.fromstring(etree.tostring(ppr)))
        r = etree.SubElement(p, _W_R)
        t = etree.SubElement(r, _W_T)
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = line


def read_record(doc: Document) -> dict[str, Any] | None:
    """Return the record nianbao embedded in `doc` (what it wrote where), or None."""
    for part in _record_parts(doc):
        root = etree.fromstring(part.blob)
        return dict(json.loads(root.text or "{}"))
    return None


def embed_record(doc: Document, record: dict[str, Any]) -> None:
    """Store `record` in a custom XML part of `doc` (kept by Word and LibreOffice), replacing any."""
    for rid, rel in list(doc.part.rels.items()):
        if not rel.is_external and rel.target_part in _record_parts(doc):
            doc.part.drop_rel(rid)
    package = doc.part.package
    name = package.next_partname("/customXml/item%d.xml")
    root = etree.Element(f"{{{RECORD_NS}}}record", nsmap={"nb": RECORD_NS})
    root.text = json.dumps(record, ensure_ascii=True, separators=(",", ":"))
    item = Part(
        name, _CT_XML, etree.tostring(root, xml_declaration=True, encoding="UTF-8"), package
    )
    props = Part(
        PackURI(f"/customXml/itemProps{name.idx}.xml"),
        _CT_PROPS,
        (
            '<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
            f'<ds:datastoreItem ds:itemID="{{{str(uuid.uuid4()).upper()}}}" '
            'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
            f'<ds:schemaRefs><ds:schemaRef ds:uri="{RECORD_NS}"/></ds:schemaRefs></ds:datastoreItem>'
        ).encode(),
        package,
    )
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    doc.part.relate_to(item, RT.CUSTOM_XML)


def _record_parts(doc: Document) -> list[Part]:
    found = []
    for rel in doc.part.rels.values():
        if rel.is_external or rel.reltype != RT.CUSTOM_XML:
            continue
        blob = rel.target_part.blob
        if RECORD_NS.encode() in blob[:400]:
            found.append(rel.target_part)
    return found
