"""The annex table inside a draft: rows found by style and indicator name, refilled from new figures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from nianbao.annex import AnnexRow

ANNEX_STYLE, ANNEX_STYLE_NAME = "NbAnnex", "附件正文"  # LibreOffice renames ids, keeps names
_NAME, _VALUES = 1, slice(2, 6)  # 序号, 指标, then 本年, 上年, 同比, 状态


def refill(body: etree._Element, styles: etree._Element, rows: Sequence[AnnexRow]) -> int:
    """Rewrite the value cells of the annex table from `rows`; return how many rows changed.

    The annex is generated data that finalize removes, not a place for review edits: a row whose
    cells differ from the new data is rewritten whatever it shows. Rows are matched by the
    indicator's name (names that occur twice in the catalogue are left alone).
    """
    counts = Counter(r.name for r in rows)
    by_name = {r.name: r for r in rows if counts[r.name] == 1}
    ids = _style_ids(styles)
    changed = 0
    for tbl in body.iter(qn("w:tbl")):
        if not _is_annex(tbl, ids):
            continue
        for tr in tbl.iter(qn("w:tr")):
            cells = tr.findall(qn("w:tc"))
            row = by_name.get(_text(cells[_NAME])) if len(cells) > _VALUES.stop - 1 else None
            if row is None:
                continue
            new = (row.now_text, row.before_text, row.change, row.status)
            if tuple(_text(c) for c in cells[_VALUES]) != new:
                for cell, text in zip(cells[_VALUES], new, strict=True):
                    _set_text(cell, text)
                changed += 1
    return changed


def _style_ids(styles: etree._Element) -> set[str]:
    ids = {ANNEX_STYLE}
    for style in styles.iter(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")) == ANNEX_STYLE_NAME:
            ids.add(style.get(qn("w:styleId"), ""))
    return ids


def _is_annex(tbl: etree._Element, ids: set[str]) -> bool:
    """Return whether every paragraph of `tbl` is in the annex style (its table style may be lost)."""
    styles = [p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") for p in tbl.iter(qn("w:p"))]
    return bool(styles) and all(s is not None and s.get(qn("w:val")) in ids for s in styles)


def _text(cell: etree._Element) -> str:
    return "".join(t.text or "" for t in cell.iter(qn("w:t"))).strip()


def _set_text(cell: etree._Element, text: str) -> None:
    """Put `text` in the first run of the cell's first paragraph (its formatting kept); drop the rest."""
    paragraph = cell.find(qn("w:p"))
    if paragraph is None:
        paragraph = OxmlElement("w:p")
        cell.append(paragraph)
    runs = paragraph.findall(qn("w:r"))
    for other in runs[1:]:
        paragraph.remove(other)
    run = runs[0] if runs else paragraph.makeelement(qn("w:r"), {})
    if not runs:
        paragraph.append(run)
    for child in [c for c in run if c.tag != qn("w:rPr")]:
        run.remove(child)
    t = run.makeelement(qn("w:t"), {})
    t.text = text
    run.append(t)
    for other in cell.findall(qn("w:p"))[1:]:
        cell.remove(other)
