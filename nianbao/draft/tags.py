"""Template tags as docxtpl sees them: paragraphs with locations, tags, docxtpl prefixes (p, r, tr, tc)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from lxml import etree

CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
SMART_QUOTES = "“”‘’"
_TOKEN = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
_PREFIX = re.compile(r"^(tr|tc|p|r)\s")
_STRAIGHTEN = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


@dataclass(frozen=True)
class Para:
    """A paragraph of a template part: number (1-based, tables included), location, own text."""

    number: int
    where: str
    text: str
    in_cell: bool


@dataclass
class Tag:
    """A Jinja tag as written (`raw`; `shown` marks paragraph breaks with ↵), prefix, body, keyword."""

    para: Para
    delim: str
    raw: str = ""
    shown: str = ""
    split: bool = False
    closed: bool = False
    prefix: str = ""
    body: str = ""
    keyword: str = ""


def stories(tpl: DocxTemplate) -> Iterator[tuple[str, etree._Element]]:
    """Yield (label, root) for the body ("" label) and each header and footer docxtpl renders."""
    yield "", tpl.docx.element.body
    yield from headers_footers(tpl.docx)


def headers_footers(doc: DocxDocument) -> Iterator[tuple[str, etree._Element]]:
    """Yield (label, root) for each header and footer of python-docx Document `doc`."""
    rels = [r for r in doc.part.rels.values() if r.reltype in (RT.HEADER, RT.FOOTER)]
    for rel in sorted(rels, key=lambda r: str(r.target_part.partname)):
        kind = "页眉" if rel.reltype == RT.HEADER else "页脚"
        yield f"{kind}（{rel.target_part.partname.split('/')[-1]}）", rel.target_part.element


def paragraphs(root: etree._Element, label: str = "") -> list[Para]:
    """Return the paragraphs of a story with their own text and a readable location."""
    tables = {t: i for i, t in enumerate(root.iter(qn("w:tbl")), 1)}
    paras = []
    for n, p in enumerate(root.iter(qn("w:p")), 1):
        own = (t.text or "" for t in p.iter(qn("w:t")) if next(t.iterancestors(qn("w:p"))) is p)
        cell = next(p.iterancestors(qn("w:tc")), None)
        where = f"{label}第{n}段"
        if cell is not None:
            row = next(cell.iterancestors(qn("w:tr")))
            table = next(row.iterancestors(qn("w:tbl")))
            rows = [
                r for r in table.iter(qn("w:tr")) if next(r.iterancestors(qn("w:tbl"))) is table
            ]
            cells = row.findall(qn("w:tc"))
            col = cells.index(cell) + 1 if cell in cells else 1
            where += f"（表格{tables[table]}第{rows.index(row) + 1}行第{col}列）"
        paras.append(Para(n, where, "".join(own), cell is not None))
    return paras


def scan(paras: list[Para]) -> tuple[list[Tag], list[tuple[Para, str]]]:
    """Return the tags of `paras` in order and the stray closing delimiters.

    A tag still open at the end of a paragraph goes on in the next one (`split`); docxtpl would
    silently merge those paragraphs. A tag never closed is returned with `closed` False.
    """
    tags: list[Tag] = []
    strays: list[tuple[Para, str]] = []
    current: Tag | None = None
    for para in paras:
        begin = 0
        for m in _TOKEN.finditer(para.text):
            tok = m.group()
            if current is None and tok in CLOSERS:
                current, begin = Tag(para, tok), m.start()
                tags.append(current)
            elif current is None:
                strays.append((para, tok))
            elif tok == CLOSERS[current.delim]:
                current.raw += para.text[begin : m.end()]
                current.shown += para.text[begin : m.end()]
                current.closed = True
                current = None
        if current is not None:
            current.raw += para.text[begin:]
            current.shown += para.text[begin:] + "↵"
            current.split = True
    for tag in tags:
        _classify(tag)
    return tags, strays


def _classify(tag: Tag) -> None:
    """Fill in the docxtpl prefix, the Jinja body (smart quotes straightened) and the keyword."""
    inner = tag.raw[2:-2] if tag.closed else tag.raw[2:]
    inner = inner[1:] if inner[:1] in ("-", "+") else inner
    inner = inner[:-1] if inner[-1:] in ("-", "+") else inner
    m = _PREFIX.match(inner)
    if m and not (tag.delim == "{#" and m.group(1) == "r"):
        tag.prefix, inner = m.group(1), inner[m.end() :]
    tag.body = inner.translate(_STRAIGHTEN).strip()
    word = re.match(r"\w+", tag.body) if tag.delim == "{%" else None
    tag.keyword = word.group() if word else ""
