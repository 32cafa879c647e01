"""The draft's generated appendix — annex table and review checklist — refilled from new data on refresh."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from copy import deepcopy

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from nianbao.draft.annex import AnnexRow
from nianbao.review.finalize import CHECKLIST_STYLE, style_ids
from nianbao.word.document import style_of

ANNEX_STYLE = "NbAnnex"  # the annex's text and table cells
_NAME, _VALUES = 1, slice(2, 6)  # 序号, 指标, then 本年, 上年, 同比, 状态
# Checklist items the program writes from the data (the others, e.g. last year's tasks, are kept).
_GENERATED = re.compile(
    r"^(未报送或\S{1,6}未采用的|【待补充】|【数据不全】|【重复报送】|【文字与数据不符】|【退回修改】"
    r"|【逾期报送】|\S{1,6}校验发现错误)"
)
_NUMBERED = re.compile(r"^\d+\.\s*")


def refill_annex(body: etree._Element, styles: etree._Element, rows: Sequence[AnnexRow]) -> int:
    """Rewrite the value cells of the annex table from `rows`; return how many rows changed.

    The annex is generated data that finalize removes, not a place for review edits: a row whose
    cells differ from the new data is rewritten whatever it shows. Rows are matched by the
    indicator's name (names that occur twice in the catalogue are left alone).
    """
    counts = Counter(r.name for r in rows)
    by_name = {r.name: r for r in rows if counts[r.name] == 1}
    ids = style_ids(styles)[ANNEX_STYLE]
    changed = 0
    for tbl in body.iter(qn("w:tbl")):
        if not _is_annex(tbl, ids):
            continue
        for tr in tbl.findall(qn("w:tr")):  # its own rows, not those of a table inside a cell
            cells = tr.findall(qn("w:tc"))
            row = by_name.get(_text(cells[_NAME])) if len(cells) > _VALUES.stop - 1 else None
            if row is None:
                continue
            new = (row.now_text, row.before_text, row.change, row.status)
            if tuple(_text(c) for c in cells[_VALUES]) != new:
                for cell, text in zip(cells[_VALUES], new, strict=True):
                    _set_text(cell.find(qn("w:p")), text)
                    for extra in cell.findall(qn("w:p"))[1:]:
                        cell.remove(extra)
                changed += 1
    return changed


def refill_checklist(body: etree._Element, styles: etree._Element, items: Sequence[str]) -> int:
    """Replace the checklist items written from the data by `items`; return how many items changed.

    Items the program did not derive from the data (last year's tasks to follow up, lines a
    reviewer typed) are kept after the new ones; every item is numbered again.
    """
    ids = style_ids(styles)[CHECKLIST_STYLE]
    listed = [
        p
        for p in body.iter(qn("w:p"))
        if style_of(p, "pPr", "pStyle") in ids and _NUMBERED.match(_text(p))
    ]
    if not listed:
        return 0
    old = [_NUMBERED.sub("", _text(p)) for p in listed]
    kept = [text for text in old if not _GENERATED.match(text)]
    new = [*items, *kept]
    if new == old:
        return 0
    for paragraph in listed[len(new) :]:
        paragraph.getparent().remove(paragraph)
    for i, text in enumerate(new):
        if i >= len(listed):
            listed.append(deepcopy(listed[-1]))
            listed[-2].addnext(listed[-1])
        _set_text(listed[i], f"{i + 1}. {text}")
    return sum(1 for text in new if text not in old) + sum(1 for text in old if text not in new)


def _is_annex(tbl: etree._Element, ids: set[str]) -> bool:
    """Return whether every paragraph of `tbl` is in the annex style (its table style may be lost)."""
    styles = [style_of(p, "pPr", "pStyle") for p in tbl.iter(qn("w:p"))]
    return bool(styles) and all(s in ids for s in styles)


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t"))).strip()


def _set_text(paragraph: etree._Element | None, text: str) -> None:
    """Put `text` in the paragraph's first run (its formatting kept) and drop the other runs."""
    if paragraph is None:
        return
    runs = paragraph.findall(qn("w:r"))
    for other in runs[1:]:
        paragraph.remove(other)
    run = runs[0] if runs else OxmlElement("w:r")
    if not runs:
        paragraph.append(run)
    for child in [c for c in run if c.tag != qn("w:rPr")]:
        run.remove(child)
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
