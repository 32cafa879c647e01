"""Reading drafts back: paragraph text with content-control digits included, figures by code."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from lxml import etree

_W_T = qn("w:t")
_W_P = qn("w:p")
_W_DEL = qn("w:del")


def paragraph_text(p: etree._Element) -> str:
    """Return the visible text of paragraph element `p`, content controls included, deletions skipped."""
    return "".join(
        t.text or "" for t in p.iter(_W_T) if not any(a.tag == _W_DEL for a in t.iterancestors())
    )


def style_of(el: etree._Element, props: str, style: str) -> str:
    """Return the style id set in `el`'s properties `props` (pPr, rPr, tblPr) by `style`, or ""."""
    found = el.find(f"{qn('w:' + props)}/{qn('w:' + style)}")
    return "" if found is None else str(found.get(qn("w:val"), ""))


def iter_paragraphs(path: Path) -> Iterator[tuple[str, str]]:
    """Yield (style id, text) for every body paragraph of the .docx at `path`, tables included."""
    doc = Document(str(path))
    for p in doc.element.body.iter(_W_P):
        ppr = p.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        yield (style.get(qn("w:val")) if style is not None else "Normal"), paragraph_text(p)


def document_text(path: Path) -> str:
    """Return the body text of the .docx at `path`, one paragraph per line."""
    return "\n".join(text for _, text in iter_paragraphs(path))
