"""Test documents for adopting a finished report: the project's 2021 draft as an office reviews and publishes it.

`office_documents(out, soffice)` drafts 2021 from `inputs/2021`, edits the draft as an office would
(`office_edits.EDITS`: sentences rewritten, items merged, a figure retyped by hand, a paragraph moved,
units' texts folded into the prose, review marks accepted), finalizes it with the project's finalize,
and writes two more copies of the same text: the publication copy saved by LibreOffice, and a .docx
built by hand with python-docx (typed numbering, plain paragraphs, no controls, bookmarks or comments).
It knows where every figure that came from data stands (the truth), read from the content controls
of the reviewed copy before finalize strips them and from the figures the edits typed by hand.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from nianbao.draft.provenance import read_sidecar, sidecar_path
from nianbao.review.adoption import report_paragraphs
from nianbao.review.finalize import ANNEX_STYLES, CHECKLIST_STYLE, finalize_draft
from nianbao.review.pdf import convert
from nianbao.word.document import paragraph_text, style_of

from ...conftest import accept_marks, draft_year
from .office_edits import EDITS, Delete, Edit, Move, Rewrite

YEAR = 2021
DocumentKind = Literal["finalized", "libreoffice", "handmade"]
KINDS: tuple[DocumentKind, ...] = ("finalized", "libreoffice", "handmade")
_SPEC = re.compile(r"\{(~?)([a-z_.]+)(?:=([^}]+))?\}")
_ITEM = re.compile(r"^[0-9]+、")
_YEAR_WORD = re.compile(r"(?<![0-9〔\[（(])(20[0-9]{2})年")
_SKIPPED = {CHECKLIST_STYLE, *ANNEX_STYLES}
_HEADINGS = ("Heading1", "Heading2")
TruthKind = Literal["figure", "comparison"]
Typed = tuple[etree._Element, str, TruthKind]  # a run the edits typed: the figure's code, its kind


@dataclass(frozen=True)
class Truth:
    """A number of the finished report that came from data: its paragraph, offset, text and code.

    kind `figure`: it states the indicator `code`; `comparison`: the year-on-year change of `code`.
    """

    paragraph: int  # index among the document's paragraphs (adoption.report_paragraphs)
    start: int
    text: str  # the digits as written
    code: str
    kind: TruthKind


@dataclass(frozen=True)
class OfficeDocuments:
    """The reviewed draft (controls present), its three finished copies and the truth of each."""

    reviewed: Path
    paths: dict[DocumentKind, Path]  # libreoffice absent when LibreOffice is not installed
    truth: tuple[Truth, ...]  # on the finalized copy's paragraphs
    texts: tuple[str, ...]  # the finalized copy's paragraph texts

    def truth_of(self, kind: DocumentKind) -> list[Truth]:
        """Return the truth placed on the paragraphs of the `kind` copy (matched by their text)."""
        doc = Document(str(self.paths[kind]))
        return locate(self.truth, self.texts, report_paragraphs(doc))


def office_documents(out: Path, soffice: str | None) -> OfficeDocuments:
    """Build the reviewed 2021 draft and its finalized, LibreOffice-saved and hand-built copies in `out`."""
    draft = draft_year(YEAR, out / "draft")
    sidecar = read_sidecar(sidecar_path(draft))
    assert sidecar is not None
    doc = Document(str(draft))
    accept_marks(doc)
    typed: list[Typed] = []
    for edit in EDITS:
        _apply(doc.element.body, edit, typed)
    _renumber(doc.element.body)
    reviewed = out / "关于2021年度法治政府建设工作的报告_审核稿.docx"
    doc.save(str(reviewed))
    changes = {code: fig["change"] for code, fig in sidecar["figures"].items() if fig["change"]}
    texts, truth = _truth(doc.element.body, typed, changes)
    finalized = finalize_draft(reviewed, out / "关于2021年度法治政府建设工作的报告.docx").path
    found = report_paragraphs(Document(str(finalized)))
    assert found == texts, "finalize changed the visible text beyond what it is meant to remove"
    paths: dict[DocumentKind, Path] = {"finalized": finalized}
    paths["handmade"] = _handmade(finalized, out / "手工录入稿.docx")
    if soffice is not None:
        saved = convert(finalized, "docx", out / "libreoffice", soffice=soffice)
        paths["libreoffice"] = shutil.move(saved, out / "LibreOffice另存稿.docx")
    return OfficeDocuments(reviewed, paths, tuple(truth), tuple(texts))


def locate(truth: Sequence[Truth], source: Sequence[str], target: Sequence[str]) -> list[Truth]:
    """Return `truth` (on paragraphs `source`) moved to the paragraphs `target` holding the same texts."""
    where: dict[int, int] = {}
    at = 0
    for i in sorted({t.paragraph for t in truth}):
        at = next((j for j in range(at, len(target)) if target[j] == source[i]), -1)
        assert at >= 0, f"paragraph not found in the copy: {source[i][:40]}"
        where[i] = at
    return [Truth(where[t.paragraph], t.start, t.text, t.code, t.kind) for t in truth]


def year_words(texts: Sequence[str], year: int) -> list[tuple[int, int]]:
    """Return (paragraph, offset) of each year word (2021年, 2022年度…) of `year`, the year before or
    after in `texts`, leaving out years in document numbers (平政〔2021〕) and dates in brackets."""
    return [
        (i, m.start(1))
        for i, text in enumerate(texts)
        for m in _YEAR_WORD.finditer(text)
        if abs(int(m[1]) - year) <= 1
    ]


def _w(tag: str) -> str:
    return qn(f"w:{tag}")


def _find(body: etree._Element, key: str) -> etree._Element:
    found = [p for p in body.iter(_w("p")) if key in paragraph_text(p)]
    assert len(found) == 1, f"{len(found)} paragraphs hold {key!r}"
    return found[0]


def _tag(sdt: etree._Element) -> str:
    return str(sdt.find(f"{_w('sdtPr')}/{_w('tag')}").get(_w("val")))


def _cluster(body: etree._Element, code: str) -> list[etree._Element]:
    """Return the figure's control with its bookmark and comment marks (they move together)."""
    sdt = next(s for s in body.iter(_w("sdt")) if _tag(s) == code)
    before, el = [], sdt.getprevious()
    while el is not None and el.tag in (
        _w("bookmarkStart"),
        _w("bookmarkEnd"),
        _w("commentRangeStart"),
    ):
        before.insert(0, el)
        el = el.getprevious()
    after, el = [], sdt.getnext()
    while el is not None and (
        el.tag == _w("commentRangeEnd") or el.find(_w("commentReference")) is not None
    ):
        after.append(el)
        el = el.getnext()
    return [*before, sdt, *after]


def _run(text: str) -> etree._Element:
    run = etree.Element(_w("r"))
    t = etree.SubElement(run, _w("t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def _apply(body: etree._Element, edit: Edit, typed: list[Typed]) -> None:
    """Apply one edit; the runs it types by hand are added to `typed` with their code and kind."""
    if isinstance(edit, Delete):
        p = _find(body, edit.key)
        p.getparent().remove(p)
    elif isinstance(edit, Move):
        p = _find(body, edit.key)
        _find(body, edit.after).addnext(p)
    elif isinstance(edit, Rewrite):
        targets = [_find(body, key) for key in edit.keys]
        held = {_tag(s) for p in targets for s in p.iter(_w("sdt"))}
        p = targets[0]
        parts: list[etree._Element] = []
        at = 0
        for m in _SPEC.finditer(edit.spec):
            if m.start() > at:
                parts.append(_run(edit.spec[at : m.start()]))
            if m[3] is None:
                parts.extend(_cluster(body, m[2]))
            else:
                run = _run(m[3])
                typed.append((run, m[2], "comparison" if m[1] else "figure"))
                parts.append(run)
            at = m.end()
        if at < len(edit.spec):
            parts.append(_run(edit.spec[at:]))
        for child in list(p):
            if child.tag != _w("pPr"):
                p.remove(child)
        p.extend(parts)
        for other in targets[1:]:
            other.getparent().remove(other)
        left = {_tag(s) for s in body.iter(_w("sdt"))} | {code for _, code, _ in typed}
        assert held <= left, f"the rewrite loses the figures {held - left}"
    else:
        raise TypeError(edit)


def _renumber(body: etree._Element) -> None:
    """Number the items (1、2、…) of each part again after merges and moves, as an office would."""
    n = 0
    for p in body.iter(_w("p")):
        if style_of(p, "pPr", "pStyle") in _HEADINGS:
            n = 0
            continue
        first = next(p.iter(_w("t")), None)
        if first is not None and first.text and _ITEM.match(first.text):
            n += 1
            first.text = _ITEM.sub(f"{n}、", first.text)


def _truth(
    body: etree._Element, typed: list[Typed], changes: dict[str, str]
) -> tuple[list[str], list[Truth]]:
    """Return the texts finalize leaves (paragraphs and runs it removes skipped) and the truth."""
    runs = {run: (code, kind) for run, code, kind in typed}
    texts: list[str] = []
    truth: list[Truth] = []
    seen: set[etree._Element] = set()  # controls recorded (one truth, at their first run)
    for p in body.iter(_w("p")):
        if style_of(p, "pPr", "pStyle") in _SKIPPED:
            continue
        text = ""
        for t in p.iter(_w("t")):
            run = t.getparent()
            if style_of(run, "rPr", "rStyle") == "NbSource":
                continue
            sdt = next(t.iterancestors(_w("sdt")), None)
            if sdt is not None and sdt not in seen:
                seen.add(sdt)
                code = _tag(sdt)
                content = paragraph_text(sdt)
                truth.append(Truth(len(texts), len(text), content, code, "figure"))
            elif run in runs:
                code, kind = runs[run]
                truth.append(Truth(len(texts), len(text), t.text or "", code, kind))
            text += t.text or ""
        texts.append(text)
    return texts, truth + _comparisons(texts, truth, changes)


def _comparisons(texts: list[str], truth: list[Truth], changes: dict[str, str]) -> list[Truth]:
    """Return the year-on-year changes the draft printed right after a figure's unit word."""
    found = []
    written = {(t.paragraph, t.start) for t in truth if t.kind == "comparison"}
    for t in truth:
        change = changes.get(t.code)
        if t.kind != "figure" or not change:
            continue
        text = texts[t.paragraph]
        end = t.start + len(t.text)
        at = text.find(change, end, end + len(change) + 4)
        digits = re.search(r"[0-9.]+", change)
        if at < 0 or digits is None:
            continue
        start = at + digits.start()
        if (t.paragraph, start) not in written:
            found.append(Truth(t.paragraph, start, digits[0], t.code, "comparison"))
    return found


def _handmade(finalized: Path, path: Path) -> Path:
    """Write the paragraphs of `finalized` into a new python-docx document as typed plain text:
    the title centred and large, headings in bold, everything in style Normal."""
    doc = Document()
    doc.styles["Normal"].font.size = Pt(16)
    for p in Document(str(finalized)).element.body.iter(_w("p")):
        style = style_of(p, "pPr", "pStyle")
        para = doc.add_paragraph()
        run = para.add_run(paragraph_text(p))
        if style == "GwTitle":
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.font.size = Pt(22)
        elif style in _HEADINGS:
            run.bold = True
    doc.save(str(path))
    return path
