"""The parts of an adopted template around its body: headers, footers, footnotes, document properties.

docxtpl renders these as it renders the body, so the body's rules hold there too: a year word
(平桥区2021年度… in a header) becomes the year tag, so next year's draft says next year, and the
office's braces are escaped (`literals`). Other numbers stay as written (a page number, a date,
a figure a footer happens to quote): figures are bound in the body only. The document title and
subject in the properties get the year tag the same way; a draft then writes its own properties.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from nianbao.draft.tags import headers_footers
from nianbao.figures.aggregation import Figure
from nianbao.profile.catalogue import Catalogue
from nianbao.review.adoption import classify_numbers
from nianbao.review.figure_tags import Edit, FigureTags, Written
from nianbao.review.literals import escape_braces, escape_markup, literal_edits
from nianbao.review.spans import Spans
from nianbao.review.template_blocks import apply_edits
from nianbao.word import package
from nianbao.word.document import paragraph_text

KEPT = "保留原文：页眉、页脚和脚注中只更新年份"
_P = qn("w:p")
_YEAR_PROPERTIES = ("title", "subject")
_RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


@dataclass
class SideParts:
    """What the parts around the body held: their paragraphs, where each is, and every number."""

    texts: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # 页眉（header1.xml） … per paragraph
    written: list[Written] = field(default_factory=list)


def adopt_side_parts(
    doc: DocxDocument,
    year: int,
    figures: Mapping[str, Figure],
    cat: Catalogue,
    tags: FigureTags,
    first: int,
) -> SideParts:
    """Make the year words of `doc`'s headers, footers, footnotes and title properties live and
    escape their braces; number their paragraphs from `first` on (after the body's)."""
    found = SideParts()
    for label, root in _parts(doc):
        for p in root.iter(_P):
            index = first + len(found.texts)
            text = paragraph_text(p)
            found.texts.append(text)
            found.places.append(label)
            edits, written = _years(p, index, text, year, figures, cat, tags)
            apply_edits(p, edits)
            found.written += written
        escape_markup(root)
    _properties(doc, year, figures, cat, tags)
    return found


def _years(
    p: etree._Element,
    index: int,
    text: str,
    year: int,
    figures: Mapping[str, Figure],
    cat: Catalogue,
    tags: FigureTags,
) -> tuple[list[Edit], list[Written]]:
    """Return the edits of one paragraph (year tags, escaped braces) and what it holds."""
    records = [replace(r, paragraph=index) for r in classify_numbers([text], year, figures, cat)]
    years = [r for r in records if r.kind == "year"]
    others = [replace(r, kind="text", codes=()) for r in records if r.kind not in ("year", "text")]
    kept = [Written(r, KEPT) for r in others] + [
        Written(r, "保留原文") for r in records if r.kind == "text"
    ]
    spans = Spans(p)
    braces = literal_edits(spans.text)
    if spans.text != text:  # a text box inside: its year words stay as they are
        return braces, [Written(r, "保留原文：段落中有文本框") for r in years] + kept
    edits, written = tags.edits(text, years)
    return edits + braces, sorted(written + kept, key=lambda w: w.record.start)


def _parts(doc: DocxDocument) -> Iterator[tuple[str, etree._Element]]:
    """Yield (label, root) of each header, footer and footnotes part; a footnotes part (not
    parsed by python-docx) is written back after the caller is done with it."""
    seen = set()
    for label, root in headers_footers(doc):
        if root not in seen:  # a part two sections share is adopted once
            seen.add(root)
            yield label, root
    for rel in doc.part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            part = rel.target_part
            root = etree.fromstring(part.blob)
            yield f"脚注（{part.partname.split('/')[-1]}）", root
            part._blob = package.serialize(
                root
            )  # python-docx keeps it as bytes; docxtpl does the same


def _properties(
    doc: DocxDocument,
    year: int,
    figures: Mapping[str, Figure],
    cat: Catalogue,
    tags: FigureTags,
) -> None:
    """Give the title and subject properties the year tag; escape the braces of every property
    docxtpl renders."""
    core = doc.core_properties
    for name in _RENDERED_PROPERTIES:
        value = getattr(core, name) or ""
        if not value:
            continue
        value = escape_braces(value)
        if name in _YEAR_PROPERTIES:
            records = [r for r in classify_numbers([value], year, figures, cat) if r.kind == "year"]
            edits, _ = tags.edits(value, records)
            for e in sorted(edits, key=lambda e: e.start, reverse=True):
                value = value[: e.start] + e.tag + value[e.end :]
        setattr(core, name, value)
