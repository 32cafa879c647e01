"""Publication copies of reviewed drafts: no comments, controls, bookmarks, checklist or record."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from nianbao.core.clock import office_now
from nianbao.core.errors import DocumentError
from nianbao.core.lock import year_lock
from nianbao.core.storage import save_new
from nianbao.draft.gaps import PLACES
from nianbao.draft.render import SOURCE_STYLE
from nianbao.word import package, properties
from nianbao.word.anchors import RECORD_NS
from nianbao.word.document import paragraph_text, style_of
from nianbao.word.marks import ACCEPT, MARK_NAMES, Mark, clear_marks, find_marks

CHECKLIST_STYLE = "NbChecklist"
ANNEX_STYLES = ("NbAnnexTitle", "NbAnnex")
ANNEX_TABLE_STYLE = "NbAnnexTable"
# Style names as shown in Word: LibreOffice rewrites style ids (Style10…) but keeps the names.
STYLE_NAMES = {
    SOURCE_STYLE: "来源标注",
    CHECKLIST_STYLE: "审核清单",
    "NbAnnexTitle": "附件标题",
    "NbAnnex": "附件正文",
    ANNEX_TABLE_STYLE: "附件表格",
    **MARK_NAMES,
}
_PLACEHOLDER = re.compile(r"【待补充[^】]*】")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STORY_RELS = ("/header", "/footer", "/footnotes", "/endnotes")
_COMMENT_RELS = ("/comments", "/commentsExtended", "/commentsIds", "/commentsExtensible", "/people")
_REVISIONS = ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange")


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


@dataclass(frozen=True)
class FinalizeResult:
    """What finalize wrote and what it published unreviewed (only with force): placeholders,
    pending revisions and the marks no reviewer accepted."""

    path: Path
    placeholders: list[str]
    revisions: int
    removed: dict[str, int] = field(default_factory=dict)
    unreviewed: list[Mark] = field(default_factory=list)


def finalized_path(draft: Path) -> Path:
    """Return the default publication path: 草稿 in the name becomes 定稿, else `_定稿` is appended."""
    stem = draft.stem
    name = "定稿".join(stem.rsplit("草稿", 1)) if "草稿" in stem else f"{stem}_定稿"
    return draft.with_name(name + ".docx")


def finalize_draft(draft: Path, out: Path | None = None, force: bool = False) -> FinalizeResult:
    """Write a publication copy of `draft` (a new file, never in place) and return what was done.

    Refuses (DocumentError) while 【待补充】 markers, unaccepted revisions or review marks
    (待确认段落, 候选内容: nianbao.word.marks) remain, unless `force`, which publishes them as they are.
    Removed: comments (and their parts), content controls (content kept), bookmarks no field points
    to, highlights, attributions (NbSource), the review checklist, the data annex and the embedded
    figure record (its custom XML parts; other custom XML stays).
    """
    parts = package.read_package(draft)
    main = package.main_part(parts)
    rels = package.parse(parts, package.rels_of(main))
    comments = _count_comments(parts, main, rels)
    package.drop_relationships(parts, main, rels, lambda r: _is_type(r, _COMMENT_RELS))
    records = {r.get("Id") for r in rels if _is_record(parts, main, r)}
    package.drop_relationships(parts, main, rels, lambda r: r.get("Id") in records)
    stories = [main] + [
        package.target(main, r.get("Target", "")) for r in rels if _is_type(r, _STORY_RELS)
    ]
    styles = _style_ids(parts, main, rels)
    trees = {name: package.parse(parts, name) for name in stories if name in parts}
    marks = find_marks(trees[main], styles)
    targets = _referenced_bookmarks(trees.values())
    removed: Counter[str] = Counter({"批注": comments, "数字记录": len(records)})
    for name, root in trees.items():
        size = sum(1 for _ in root.iter())
        removed.update(_clean(root, styles, targets))
        removed["待确认标记"] += clear_marks(root, styles)
        if sum(1 for _ in root.iter()) != size:  # untouched parts (footers…) keep their bytes
            parts[name] = package.serialize(root)
    used = package.referenced_ids(trees[main])
    package.drop_relationships(
        parts, main, rels, lambda r: _is_type(r, ("/image",)) and r.get("Id") not in used
    )
    revisions = sum(1 for root in trees.values() for tag in _REVISIONS for _ in root.iter(_w(tag)))
    placeholders = _placeholders(trees[main])
    if (placeholders or revisions or marks) and not force:
        raise DocumentError(_refusal(placeholders, revisions, marks))
    properties.touch_package(parts, office_now())
    target = out or finalized_path(draft)
    with year_lock(target.parent, "生成定稿"):
        path = save_new(target, package.writer(parts))
    kept = {k: v for k, v in removed.items() if v}
    return FinalizeResult(path, placeholders, revisions, kept, marks)


def placeholders_left(draft: Path) -> list[str]:
    """Return the 【待补充…】 of `draft` that finalize would refuse on, listed as finalize lists them."""
    parts = package.read_package(draft)
    main = package.main_part(parts)
    body = package.parse(parts, main)
    _clean(body, _style_ids(parts, main, package.parse(parts, package.rels_of(main))), set())
    return _placeholders(body)


def _refusal(placeholders: list[str], revisions: int, marks: list[Mark]) -> str:
    """Return the one-line Chinese reason why a draft cannot be finalized yet."""
    reasons = []
    if placeholders:
        reasons.append(f"还有{PLACES}{len(placeholders)}处（{_listed(placeholders)}）")
    if marks:
        listed = _listed([str(m) for m in marks])
        how = "、".join(dict.fromkeys(ACCEPT[m.style] for m in marks))
        reasons.append(f"还有{len(marks)}处内容未经审核确认（{listed}），确认后请{how}")
    if revisions:
        reasons.append(f"还有{revisions}处未处理的修订，请先在 Word/WPS 中接受或拒绝全部修订")
    return "草稿不能定稿：" + "；".join(reasons) + "。处理后再定稿，确需先出稿请加 --force"


def _listed(items: list[str], limit: int = 8) -> str:
    return "；".join(items[:limit]) + ("等" if len(items) > limit else "")


def _is_type(rel: etree._Element, suffixes: tuple[str, ...]) -> bool:
    return str(rel.get("Type", "")).endswith(suffixes) and rel.get("TargetMode") != "External"


def _is_record(parts: package.Parts, main: str, rel: etree._Element) -> bool:
    """Return whether `rel` points to nianbao's figure record (a custom XML item in RECORD_NS)."""
    name = package.target(main, rel.get("Target", ""))
    if not _is_type(rel, ("/customXml",)) or name not in parts:
        return False
    try:
        return bool(etree.QName(package.parse(parts, name)).namespace == RECORD_NS)
    except DocumentError:  # someone else's broken custom XML: not ours, left as it is
        return False


def _count_comments(parts: package.Parts, main: str, rels: etree._Element) -> int:
    for rel in rels:
        if _is_type(rel, ("/comments",)):
            name = package.target(main, rel.get("Target", ""))
            return len(package.parse(parts, name).findall(_w("comment"))) if name in parts else 0
    return 0


def _style_ids(parts: package.Parts, main: str, rels: etree._Element) -> dict[str, set[str]]:
    """Return the style ids that stand for each nianbao style in this document (ids or names)."""
    for rel in rels:
        if _is_type(rel, ("/styles",)):
            return style_ids(package.parse(parts, package.target(main, rel.get("Target", ""))))
    return {key: {key} for key in STYLE_NAMES}


def style_ids(styles: etree._Element) -> dict[str, set[str]]:
    """Return nianbao style → the ids standing for it in the styles part `styles` (LibreOffice renames ids)."""
    ids = {key: {key} for key in STYLE_NAMES}
    for style in styles.iter(_w("style")):
        name = style.find(_w("name"))
        for key, label in STYLE_NAMES.items():
            if name is not None and name.get(_w("val")) == label:
                ids[key].add(style.get(_w("styleId"), ""))
    return ids


def _referenced_bookmarks(roots: Iterable[etree._Element]) -> set[str]:
    """Return bookmark names that fields (REF, PAGEREF, TOC links) or internal hyperlinks point to."""
    names: set[str] = set()
    for root in roots:
        names |= {h.get(_w("anchor"), "") for h in root.iter(_w("hyperlink"))}
        for instr in root.iter(_w("instrText"), _w("fldSimple")):
            text = instr.get(_w("instr"), "") if instr.tag == _w("fldSimple") else instr.text or ""
            names |= set(re.findall(r"[\w-]+", text))
    return names


def _clean(root: etree._Element, styles: dict[str, set[str]], keep: set[str]) -> Counter[str]:
    """Strip review furniture from one story part in place; return what was removed."""
    for el in list(
        root.iter(_w("commentRangeStart"), _w("commentRangeEnd"), _w("commentReference"))
    ):
        run = el.getparent()
        _remove(el)
        if el.tag == _w("commentReference") and run is not None and _is_empty_run(run):
            _remove(run)
    removed = _drop_blocks(root, styles)
    for r in list(root.iter(_w("r"))):
        if style_of(r, "rPr", "rStyle") in styles[SOURCE_STYLE]:
            _remove(r)
            removed["来源标注"] += 1
    for sdt in reversed(list(root.iter(_w("sdt")))):
        _unwrap(sdt)
        removed["内容控件"] += 1
    kept = {b.get(_w("id")) for b in root.iter(_w("bookmarkStart")) if b.get(_w("name")) in keep}
    for b in list(root.iter(_w("bookmarkStart"), _w("bookmarkEnd"))):
        if b.get(_w("id")) not in kept:
            removed["书签"] += b.tag == _w("bookmarkStart")
            _remove(b)
    for h in list(root.iter(_w("highlight"))):
        _remove(h)
        removed["突出显示"] += 1
    return removed


def _drop_blocks(root: etree._Element, styles: dict[str, set[str]]) -> Counter[str]:
    """Remove the checklist paragraphs and the data annex (its paragraphs and tables)."""
    removed: Counter[str] = Counter()
    annex = set().union(*(styles[key] for key in ANNEX_STYLES))
    for tbl in list(root.iter(_w("tbl"))):
        inner = [style_of(p, "pPr", "pStyle") in annex for p in tbl.iter(_w("p"))]
        # LibreOffice drops table styles: a table holding only annex paragraphs goes too.
        if style_of(tbl, "tblPr", "tblStyle") in styles[ANNEX_TABLE_STYLE] or (
            inner and all(inner)
        ):
            _remove(tbl)
            removed["数据附件"] += 1
    checklist = styles[CHECKLIST_STYLE]
    for p in list(root.iter(_w("p"))):
        style = style_of(p, "pPr", "pStyle")
        if style in checklist | annex and _removable(p):
            _remove(p)
            removed["审核清单段落" if style in checklist else "数据附件"] += 1
    return removed


def _removable(p: etree._Element) -> bool:
    """Return whether paragraph `p` can go: it holds no section break and is not a cell's last."""
    if p.find(f"{_w('pPr')}/{_w('sectPr')}") is not None:
        return False
    parent = p.getparent()
    return parent is None or parent.tag != _w("tc") or len(parent.findall(_w("p"))) > 1


def _is_empty_run(run: etree._Element) -> bool:
    return run.tag == _w("r") and all(child.tag == _w("rPr") for child in run)


def _unwrap(sdt: etree._Element) -> None:
    """Replace content control `sdt` by its content (placeholder text of an empty control dropped)."""
    content = sdt.find(_w("sdtContent"))
    pr = sdt.find(_w("sdtPr"))
    if content is not None and pr is not None and pr.find(_w("showingPlcHdr")) is not None:
        for run in list(content.iter(_w("r"))):
            _remove(run)
    parent = sdt.getparent()
    if parent is None:
        return
    at = parent.index(sdt)
    for child in list(content) if content is not None else []:
        parent.insert(at, child)
        at += 1
    _remove(sdt)


def _remove(el: etree._Element) -> None:
    """Remove `el`, keeping the text that follows it (lxml stores it on the element as `tail`)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _placeholders(root: etree._Element) -> list[str]:
    """Return each 【待补充…】 left in the body with the words before it, e.g. “提供法律服务【待补充：…】”."""
    found = []
    for p in root.iter(_w("p")):
        text = paragraph_text(p)
        for m in _PLACEHOLDER.finditer(text):
            before = text[max(0, m.start() - 10) : m.start()]
            found.append(f"{'…' if m.start() > 10 else ''}{before}{m.group()}")
    return found
