"""Refresh a reviewer-edited draft: new figures into untouched places, everything else kept as is."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from nianbao.core.clock import office_now
from nianbao.core.errors import DocumentError
from nianbao.draft.annex import AnnexRow
from nianbao.draft.context import FigureView
from nianbao.draft.provenance import (
    COMMENT_AUTHOR,
    Place,
    build_sidecar,
    comment_code,
    comment_text,
    places_of,
    record_of,
    write_sidecar,
)
from nianbao.draft.render import figure_xml, save_docx
from nianbao.review import appendix
from nianbao.review.changes import Change, Kind, RefreshResult, unprinted
from nianbao.review.spans import Spans
from nianbao.review.wordings import refresh_wordings
from nianbao.word import anchors, package, properties
from nianbao.word.marks import mark_stale

_REFRESHED = re.compile(r"_刷新_\d{8}-\d{6}(-\d+)?$")
_FIRST_SDT_ID = 95000
GONE_NOTE = "刷新提示：本次新数据中没有该指标，正文仍是上次的数字（已标为“待核实数字”），请核实后改正或清除该样式\n"


@dataclass
class _Run:
    """Working state of one refresh: the document, the record, the new figures, the outcome."""

    doc: Any
    views: Mapping[str, FigureView]
    known: bool  # whether we know what nianbao wrote (a record was found)
    changes: list[Change] = field(default_factory=list)
    kept: list[Place] = field(default_factory=list)
    unchanged: int = 0
    touched: set[str] = field(default_factory=set)
    refused: set[str] = field(default_factory=set)
    gone: set[str] = field(
        default_factory=set
    )  # figures whose data disappeared: marked, re-commented
    paragraphs: dict[str, list[etree._Element]] = field(default_factory=dict)  # where each code is
    next_id: int = _FIRST_SDT_ID


def refreshed_path(draft: Path, when: datetime) -> Path:
    """Return `<stem>_刷新_<timestamp>.docx` beside `draft` (an earlier 刷新 stamp is replaced)."""
    stem = _REFRESHED.sub("", draft.stem)
    return draft.with_name(f"{stem}_刷新_{when:%Y%m%d-%H%M%S}.docx")


def refresh_draft(
    draft: Path,
    figures: Mapping[str, FigureView],
    sidecar: dict[str, Any] | None = None,
    out: Path | None = None,
    annex: Sequence[AnnexRow] = (),
    checklist: Sequence[str] | None = None,
    stale: Callable[[Any, Mapping[str, Any] | None], Sequence[Change]] | None = None,
) -> RefreshResult:
    """Update every figure of `draft` nianbao wrote and nobody touched; write a new file.

    What was written comes from `sidecar`, else from the record embedded in the draft; without
    either, only figures already equal to the new data count as untouched. The annex table and
    the checklist items written from the data are refilled from `annex` and `checklist`.
    `stale(doc, record)` lists (and marks) prose still showing old values (nianbao.review.leftovers).
    """
    doc = _open(draft)
    record = sidecar if sidecar is not None else anchors.read_record(doc)
    run = _Run(doc, figures, record is not None)
    body = doc.element.body
    marks = {
        b.get(qn("w:name")): b
        for b in body.iter(qn("w:bookmarkStart"))
        if not anchors.skipped(b) and (b.get(qn("w:name")) or "").startswith("nb_")
    }
    slots: dict[str, list[etree._Element]] = {}
    for sdt in body.iter(qn("w:sdt")):
        tag, alias = anchors.control_key(sdt)
        if (tag or alias) and not anchors.control_deleted(sdt):
            slots.setdefault(tag or alias, []).append(sdt)
    places = places_of(record) if record is not None else _guessed(slots, figures)
    by_code: dict[str, list[Place]] = {}
    for place in places:
        by_code.setdefault(place.code, []).append(place)
    for code, own in by_code.items():
        _resolve(run, code, own, slots.get(code, []), marks)
    _comments(run)
    wordings = refresh_wordings(record, figures, run.paragraphs, run.refused - run.touched)
    run.changes += wordings.changes
    run.changes += unprinted(figures, record, by_code)
    if stale is not None:
        run.changes.extend(stale(doc, record))
    for place in run.kept:
        if place.bookmark in marks:
            place.before, place.after = anchors.text_around(marks[place.bookmark], place.text)
    styles = doc.styles.element
    annex_rows = appendix.refill_annex(body, styles, annex) if annex else 0
    items = appendix.refill_checklist(body, styles, checklist) if checklist is not None else 0
    result_sidecar = build_sidecar(
        figures, run.kept, (record or {}).get("year"), "", wordings.counts
    )
    wordings.record(result_sidecar)
    anchors.embed_record(doc, record_of(result_sidecar))
    when = office_now()
    properties.touch_document(doc, when)
    path = save_docx(doc, out or refreshed_path(draft, when))
    written = write_sidecar(path, {**result_sidecar, "draft": path.name})
    return RefreshResult(path, written, tuple(run.changes), run.unchanged, annex_rows, items)


def _open(draft: Path) -> Any:
    package.read_package(draft)  # size, zip-bomb and entity limits before python-docx parses it
    try:
        return Document(str(draft))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise DocumentError(f"无法打开草稿 {draft.name}：不是有效的 Word 文件（{exc}）") from exc


def _guessed(
    slots: Mapping[str, list[etree._Element]], views: Mapping[str, FigureView]
) -> list[Place]:
    """Return places for the controls found when no record exists (what was written is unknown)."""
    return [
        Place(code, "", "figure", anchors.control_text(sdt), order=n)
        for n, (code, sdt) in enumerate(
            (code, sdt) for code, found in slots.items() if code in views for sdt in found
        )
    ]


def _resolve(
    run: _Run,
    code: str,
    places: list[Place],
    found: list[etree._Element],
    marks: Mapping[str, etree._Element],
) -> None:
    """Match the places of `code` to controls: tag or alias, then bookmark; never guess."""
    free = list(found)
    pending = []
    for place in places:
        mark = marks.get(place.bookmark)
        target = _target_of(mark, place, free) if mark is not None else None
        if target is not None:
            if target in free:
                free.remove(target)
            _apply(run, place, target)
        else:
            pending.append(place)
    for place in pending:
        if place.kind == "figure" and len(free) == 1 and len(pending) == 1:
            _apply(run, place, free.pop())
        elif place.kind == "figure" and len(free) > 1:
            _report(run, "ambiguous", place, note=f"找到{len(free)}处")
            free.clear()
        else:
            _report(run, "deleted", place)
    for sdt in free:  # controls of this figure that no place accounts for (copied, pasted)
        copy = Place(code, "", "figure", anchors.control_text(sdt))
        _report(run, "ambiguous", copy, now=copy.text, note="多出的一处，可能是复制粘贴的")


def _target_of(
    mark: etree._Element, place: Place, free: list[etree._Element]
) -> etree._Element | None:
    if place.kind == "missing":
        el = anchors.marked(mark)
        return el if el is not None and el.tag == qn("w:r") else None
    inside = next(mark.iterancestors(qn("w:sdt")), None)
    if inside is not None and inside in free:
        return inside
    p = anchors.paragraph_of(mark)
    if p is None:
        return None
    seen = False
    for el in p.iter():
        if el is mark:
            seen = True
        elif seen and el in free:
            return el
    return None


def _apply(run: _Run, place: Place, target: etree._Element) -> None:
    """Update one place, or report why it is left as the reviewer has it."""
    view = run.views.get(place.code)
    phrase = view.phrase if view is not None else None
    p = anchors.paragraph_of(target)
    if p is not None:
        run.paragraphs.setdefault(place.code, []).append(p)
    now = anchors.control_text(target) if target.tag == qn("w:sdt") else anchors.run_text(target)
    if not run.known and phrase is not None and now == phrase.number:
        run.unchanged += 1
        run.kept.append(replace(place, prefix=phrase.prefix, suffix=phrase.suffix))
        return
    if now != place.text or not run.known:
        note = "" if run.known else "没有生成记录，无法判断是否手工修改"
        _report(run, "conflict", place, now=now, note=note)
        run.kept.append(place)
        return
    if phrase is None:
        if place.kind == "figure":
            _report(run, "gone", place)
            mark_stale(run.doc, target)
            run.gone.add(place.code)
        else:
            run.unchanged += 1
        run.kept.append(place)
        return
    if place.kind == "figure" and (phrase.prefix, phrase.number, phrase.suffix) == (
        place.prefix,
        place.text,
        place.suffix,
    ):
        run.unchanged += 1
        run.kept.append(place)
        return
    assert view is not None
    if place.kind == "missing":
        run.next_id += 1
        for el in anchors.fragment(figure_xml(place.code, phrase, view.flagged, run.next_id)):
            target.addprevious(el)
        target.getparent().remove(target)
    elif not _rewrite(target, place, phrase.prefix, phrase.number, phrase.suffix):
        _report(run, "conflict", place, now=now, note="数字前后的文字已被改动")
        run.kept.append(place)
        return
    _report(run, "updated", place)
    run.touched.add(place.code)
    run.kept.append(
        replace(
            place, kind="figure", text=phrase.number, prefix=phrase.prefix, suffix=phrase.suffix
        )
    )


def _rewrite(sdt: etree._Element, place: Place, prefix: str, digits: str, suffix: str) -> bool:
    """Set the digits of `sdt` and, when they changed, the words around it; False if those moved.

    The words are read across runs: Word and LibreOffice split them (增 | 长, 万 | 元，…).
    """
    p = anchors.paragraph_of(sdt)
    if p is None:
        return False
    spans = Spans(p)
    start, end = spans.bounds(sdt)
    edits = []  # the suffix first: the prefix's offsets stay valid after it is replaced
    if suffix != place.suffix:
        edits.append((end, end + len(place.suffix), place.suffix, suffix))
    if prefix != place.prefix:
        edits.append((start - len(place.prefix), start, place.prefix, prefix))
    if any(
        a < 0 or spans.text[a:b] != old or not spans.replaceable(a, b) for a, b, old, _ in edits
    ):
        return False
    for a, b, _, new in edits:
        spans.replace(a, b, new)
    anchors.set_control_text(sdt, digits)
    return True


def _report(run: _Run, kind: Kind, place: Place, now: str = "", note: str = "") -> None:
    view = run.views.get(place.code)
    new = view.phrase.text if view is not None and view.phrase is not None else "缺数"
    old = place.prefix + place.text + place.suffix
    name = view.name if view is not None else place.code
    if kind in ("conflict", "ambiguous", "deleted", "gone"):
        run.refused.add(place.code)
    run.changes.append(Change(kind, place.code, name, old, new, now, note))


def _comments(run: _Run) -> None:
    """Rewrite nianbao's comment on each updated figure with the new provenance."""
    for comment in anchors.comments_by_author(run.doc, COMMENT_AUTHOR):
        code = comment_code(anchors.comment_plain_text(comment))
        view = run.views.get(code)
        if view is None:
            continue
        if code in run.touched:
            anchors.set_comment_text(comment, comment_text(view, run.views))
        elif code in run.gone:
            anchors.set_comment_text(comment, GONE_NOTE + comment_text(view, run.views))
