"""A finished report rewritten as a docxtpl template: its own words, with live figures, years and numbering.

The report is first cleaned as finalize cleans a draft (comments, controls, attributions, checklist,
annex and the figure record go; a figure control's code is noted on its runs first, so it can still
bind the figure). Then, paragraph by paragraph: bound figures, comparisons and year words become tags
(`figure_tags`), typed heading labels and run-in 一是 become `num` calls (`labels`); the outline
(`outline`) keeps the year's own unit texts for that year only and gives each matched part its loop
of next year's texts. The base template's styles, annex and checklist are added (`template_styles`).
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from nianbao.checks.accepted import Text
from nianbao.core.errors import DocumentError
from nianbao.draft.context import FigureView, view_figure
from nianbao.figures.aggregation import Figure
from nianbao.figures.rules import find_candidates
from nianbao.profile.catalogue import Catalogue
from nianbao.review.adoption import NumberRecord, classify_numbers
from nianbao.review.figure_tags import Edit, FigureTags, Written, bind_controls
from nianbao.review.finalize import finalize_draft
from nianbao.review.labels import find_label, runins
from nianbao.review.literals import escape_markup, literal_edits
from nianbao.review.outline import Block, Item, Outline, outline_of, plain
from nianbao.review.spans import Spans
from nianbao.review.template_blocks import Structure, apply_edits
from nianbao.review.template_parts import adopt_side_parts
from nianbao.review.template_styles import add_styles, append_tail
from nianbao.word.anchors import control_key
from nianbao.word.document import paragraph_text, style_of

_CODE = "{urn:nianbao:adopt}code"  # a figure control's code, noted on its runs while cleaning
_P, _R, _T, _TBL = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:tbl")
_PPR, _RPR = qn("w:pPr"), qn("w:rPr")


@dataclass(frozen=True)
class TemplateResult:
    """The template written, every number and what the template holds for it, and the outline."""

    path: Path
    written: list[Written]
    outline: Outline
    parts: dict[str, str]  # part key → the heading it was matched to
    texts: list[str]  # the paragraphs of the cleaned report (as the records number them)
    places: dict[int, str] = field(default_factory=dict)  # a header's … paragraph → where it is


def write_template(
    source: Path,
    year: int,
    figures: Mapping[str, Figure],
    texts: Sequence[Text],
    cat: Catalogue,
    out: Path,
) -> TemplateResult:
    """Write the template made from report `source` (about `year`) to the new file `out`."""
    views = {code: view_figure(fig, cat.indicators[code]) for code, fig in figures.items()}
    with tempfile.TemporaryDirectory(prefix="nianbao-adopt-") as tmp:
        marked = Path(tmp) / "marked.docx"
        try:
            doc = Document(str(source))
        except Exception as exc:  # python-docx raises several kinds for a file that is not a .docx
            raise DocumentError(f"无法打开报告（不是有效的 Word 文档）：{source}（{exc}）") from exc
        for sdt in doc.element.body.iter(qn("w:sdt")):
            tag, alias = control_key(sdt)  # LibreOffice keeps only the alias
            code = tag if tag in cat.indicators else alias
            if code in cat.indicators:
                for run in sdt.iter(_R):
                    run.set(_CODE, code)
        doc.save(str(marked))
        cleaned = finalize_draft(marked, Path(tmp) / "clean.docx", force=True)
        if cleaned.revisions:
            raise DocumentError(
                f"报告中有{cleaned.revisions}处未处理的修订，请先在 Word/WPS 中接受或拒绝全部修订：{source}"
            )
        doc = Document(str(cleaned.path))
    body = doc.element.body
    paragraphs = list(body.iter(_P))
    plain_texts = [paragraph_text(p) for p in paragraphs]
    records: dict[int, list[NumberRecord]] = defaultdict(list)
    for r in classify_numbers(plain_texts, year, figures, cat):
        records[r.paragraph].append(r)
    tags = FigureTags(year, views, cat)
    edits: dict[int, list[Edit]] = {}
    written: list[Written] = []
    for i, p in enumerate(paragraphs):
        found, notes = _paragraph_edits(p, i, plain_texts[i], records[i], tags, views)
        edits[i], written = found, written + notes
    blocks, at = _blocks(body, doc.styles.element)
    evidence: dict[int, list[str]] = defaultdict(list)
    for w in written:
        if w.record.kind == "bound" and w.template.startswith("{{"):
            evidence[at[paragraphs[w.record.paragraph]]].append(
                cat.indicators[w.record.codes[0]].part
            )
    items = [Item(t.part, t.text) for t in texts] + [
        Item(c.part, c.text, True) for c in find_candidates(figures, cat)
    ]
    outline = outline_of([b for _, b in blocks], items, evidence, cat)
    index = {id(p): i for i, p in enumerate(paragraphs)}
    _heading_edits(blocks, outline, edits, index, cat, year)
    writer = Structure(body, year, cat, outline, [el for el, _ in blocks])
    generic = {
        pl.inline: writer.generic(pl, edits[index[id(blocks[pl.inline][0])]])
        for pl in outline.places
        if pl.inline is not None
    }
    for i, p in enumerate(paragraphs):
        apply_edits(p, edits[i])
    writer.insert(generic)
    for run in body.iter(_R):
        run.attrib.pop(_CODE, None)
    escape_markup(body)
    side = adopt_side_parts(doc, year, figures, cat, tags, len(paragraphs))
    base = Document(str(cat.template_path))
    add_styles(doc.styles.element, body, base.styles.element)
    append_tail(body, base.element.body)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    parts = {pl.part: blocks[pl.section][1].text.strip() for pl in outline.places}
    places = {len(paragraphs) + i: place for i, place in enumerate(side.places)}
    return TemplateResult(
        out, written + side.written, outline, parts, plain_texts + side.texts, places
    )


def _paragraph_edits(
    p: etree._Element,
    i: int,
    text: str,
    records: list[NumberRecord],
    tags: FigureTags,
    views: Mapping[str, FigureView],
) -> tuple[list[Edit], list[Written]]:
    spans = Spans(p)
    braces = literal_edits(spans.text)  # the office's own braces print as typed
    if spans.text != text:  # a text box inside: its numbers stay as they are
        return braces, [Written(r, "保留原文：段落中有文本框") for r in records]
    controls: dict[int, str] = {}
    last = ""
    for piece in spans.pieces:
        run = piece.t.getparent()
        code = run.get(_CODE, "") if run is not None else ""
        if code and code != last:
            controls[piece.start] = code
        last = code
    found, written = tags.edits(text, bind_controls(records, controls, text, views))
    more, placed = tags.placeholders(i, text)
    return found + more + braces, written + placed


def _blocks(
    body: etree._Element, styles: etree._Element
) -> tuple[list[tuple[etree._Element, Block]], dict[etree._Element, int]]:
    """Return the top-level paragraphs and tables with their Block, and paragraph → block index."""
    headings = _heading_styles(styles)
    blocks: list[tuple[etree._Element, Block]] = []
    at: dict[etree._Element, int] = {}
    for el in body:
        if el.tag not in (_P, _TBL):
            continue
        for p in el.iter(_P):
            at[p] = len(blocks)
        if el.tag == _TBL:
            blocks.append((el, Block("", None, False, paragraph=False)))
            continue
        text = paragraph_text(el)
        outline_level = el.find(f"{_PPR}/{qn('w:outlineLvl')}")
        heading = style_of(el, "pPr", "pStyle") in headings or (
            outline_level is not None and outline_level.get(qn("w:val")) not in (None, "9")
        )
        blocks.append((el, Block(text, find_label(text), heading)))
    return blocks, at


def _heading_styles(styles: etree._Element) -> set[str]:
    """Return the ids of the paragraph styles that are headings (by name or outline level)."""
    found = set()
    for style in styles.iter(qn("w:style")):
        name = style.find(qn("w:name"))
        label = (name.get(qn("w:val"), "") if name is not None else "").lower()
        level = style.find(f"{_PPR}/{qn('w:outlineLvl')}")
        if label.startswith(("heading", "标题")) or (
            level is not None and level.get(qn("w:val")) != "9"
        ):
            found.add(style.get(qn("w:styleId"), ""))
    return found


def _heading_edits(
    blocks: list[tuple[etree._Element, Block]],
    outline: Outline,
    edits: dict[int, list[Edit]],
    index: Mapping[int, int],
    cat: Catalogue,
    year: int,
) -> None:
    """Add the title, issuer, heading label and run-in label edits of the top-level paragraphs."""
    named = {plain(cat.profile.title_for(year)): "title", plain(cat.profile.issuer): "issuer"}
    for k, (el, b) in enumerate(blocks):
        if not b.paragraph:
            continue
        i = index[id(el)]
        whole = named.get(plain(b.text))
        if whole:
            lead = len(b.text) - len(b.text.lstrip())
            edits[i] = [Edit(lead, len(b.text.rstrip()), f"{{{{ {whole} }}}}")]
            continue
        level = outline.levels.get(b.label.sample) if b.label else None
        if b.label and level:
            edits[i].append(Edit(b.label.start, b.label.end, f"{{{{ num.{level}() }}}}"))
        if k in outline.counted:  # a second 一是 … under one heading would count on: left as typed
            taken = [(e.start, e.end) for e in edits[i]]
            edits[i] += [
                Edit(start, end, "{{ num.runin() }}")
                for start, end in runins(b.text)
                if not any(s < end and start < e for s, e in taken)
            ]
