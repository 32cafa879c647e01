"""On refresh: the draft's prose that still shows a refreshed figure's old value, listed and highlighted.

Refresh updates the figures nianbao wrote (content controls). A number typed as plain text — a unit's
own paragraph, a rule's candidate sentence, a reviewer's sentence — is not a figure and keeps its old
value; when it reads as the value a refreshed figure had before, it is listed as 正文旧数字 and
highlighted yellow, never rewritten (the sentence around it may need rewording too).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from copy import deepcopy
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.text.run import Run
from lxml import etree

from nianbao.draft.context import FigureView
from nianbao.draft.render import SOURCE_STYLE
from nianbao.figures.bindings import Binder
from nianbao.figures.mentions import Mention, find_mentions
from nianbao.figures.prose import excerpt
from nianbao.profile.catalogue import Catalogue, Unit
from nianbao.review.changes import Change
from nianbao.review.finalize import ANNEX_STYLES, CHECKLIST_STYLE, style_ids
from nianbao.word import anchors
from nianbao.word.document import style_of

_W_P, _W_T, _W_R, _W_SDT = qn("w:p"), qn("w:t"), qn("w:r"), qn("w:sdt")
# What follows a unit's text (its attribution) or a rule's candidate sentence (the rule marker).
_MARKER = re.compile(r"（来源：([^）]+)）|（依据规则")


class _Piece(NamedTuple):
    """One w:t of a paragraph: where its text sits in the paragraph's text, and whether it is prose."""

    t: etree._Element
    start: int
    end: int
    prose: bool  # False inside a figure's control or an attribution (NbSource)


class Leftovers:
    """The check refresh runs on its document: `Leftovers(cat, views, year)(doc, record)`."""

    def __init__(self, cat: Catalogue, views: Mapping[str, FigureView], year: int) -> None:
        self._cat = cat
        self._views = views
        self._year = year
        self._binder = Binder(cat)

    def __call__(self, doc: Any, record: Mapping[str, Any] | None) -> list[Change]:
        """Return a 正文旧数字 change per paragraph and figure; highlight those numbers in `doc`."""
        old = _old_values((record or {}).get("figures", {}))
        changed = {code for code, (before, _) in old.items() if before != self._new(code)}
        if not changed:
            return []
        ids = style_ids(doc.styles.element)
        generated = set().union(ids[CHECKLIST_STYLE], *(ids[s] for s in ANNEX_STYLES))
        changes = []
        for p in doc.element.body.iter(_W_P):
            if style_of(p, "pPr", "pStyle") not in generated:
                changes += self._paragraph(p, changed, old, ids[SOURCE_STYLE])
        return changes

    def _new(self, code: str) -> Decimal | None:
        view = self._views.get(code)
        return view.figure.value if view is not None and view.figure is not None else None

    def _paragraph(
        self,
        p: etree._Element,
        changed: set[str],
        old: Mapping[str, tuple[Decimal, dict[str, Decimal]]],
        sources: set[str],
    ) -> list[Change]:
        pieces = _pieces(p, sources)
        text = "".join(piece.t.text or "" for piece in pieces)
        if not any(ch.isdigit() for ch in text):
            return []
        found: dict[str, list[Mention]] = {}
        for unit, mentions in self._by_writer(text):
            for m, code in zip(
                mentions, self._binder.bind(mentions, unit.id if unit else None), strict=True
            ):
                if code not in changed or not _is_prose(m, pieces):
                    continue
                before, by_unit = old[code]
                name = unit.name if unit is not None else ""
                olds = [before, *([by_unit[name]] if name in by_unit else [])]
                if any(m.agrees(v) for v in olds) and not any(
                    m.agrees(v) for v in self._new_readings(code, name)
                ):
                    found.setdefault(code, []).append(m)
        changes = []
        for code, stale in found.items():
            for m in stale:
                _highlight(_pieces(p, sources), m.start, m.end)  # runs split by an earlier one
            view = self._views[code]
            new = view.phrase.text if view.phrase is not None else "缺数"
            shown = "、".join(f"“{m.text}”" for m in stale)
            changes.append(Change("stale", code, view.name, shown, new, excerpt(text, stale[0])))
        return changes

    def _by_writer(self, text: str) -> list[tuple[Unit | None, list[Mention]]]:
        """Return the mentions of a paragraph grouped by who wrote them: the unit named in the
        attribution after them, or None (the district's prose, a rule's candidate sentence)."""
        markers = list(_MARKER.finditer(text))
        groups: dict[int, tuple[Unit | None, list[Mention]]] = {}
        for m in find_mentions(text, self._year):
            marker = next((k for k in markers if k.start() >= m.end), None)
            unit = self._cat.unit_named(marker[1]) if marker is not None and marker[1] else None
            key = marker.start() if marker is not None else -1
            groups.setdefault(key, (unit, []))[1].append(m)
        return list(groups.values())

    def _new_readings(self, code: str, unit: str) -> list[Decimal]:
        view = self._views.get(code)
        fig = view.figure if view is not None else None
        if fig is None:
            return []
        own = [s.value for s in fig.sources if s.unit == unit]
        return [*([fig.value] if fig.value is not None else []), *own]


def _old_values(figures: Mapping[str, Any]) -> dict[str, tuple[Decimal, dict[str, Decimal]]]:
    """Return code → (the value written last time, unit name → its value then) from a record."""
    old = {}
    for code, entry in figures.items():
        value = _decimal(entry.get("value"))
        if value is None:
            continue
        units = {}
        for source in entry.get("sources", ()):  # the sidecar has them, the embedded record not
            if (v := _decimal(source.get("value"))) is not None:
                units[str(source.get("unit", ""))] = v
        old[code] = (value, units)
    return old


def _decimal(text: object) -> Decimal | None:
    try:
        return Decimal(str(text)) if text is not None else None
    except InvalidOperation:
        return None


def _pieces(p: etree._Element, sources: set[str]) -> list[_Piece]:
    pieces, at = [], 0
    for t in p.iter(_W_T):
        if anchors.skipped(t) or not t.text:
            continue
        run = t.getparent()
        prose = not any(a.tag == _W_SDT for a in t.iterancestors()) and (
            run is None or style_of(run, "rPr", "rStyle") not in sources
        )
        pieces.append(_Piece(t, at, at + len(t.text), prose))
        at += len(t.text)
    return pieces


def _is_prose(m: Mention, pieces: list[_Piece]) -> bool:
    return all(piece.prose for piece in pieces if piece.start < m.end and m.start < piece.end)


def _highlight(pieces: list[_Piece], start: int, end: int) -> None:
    """Highlight characters start..end of the paragraph: a run holding more is split around them."""
    for piece in pieces:
        if piece.end <= start or end <= piece.start:
            continue
        run = piece.t.getparent()
        lo, hi = max(start, piece.start) - piece.start, min(end, piece.end) - piece.start
        text = piece.t.text or ""
        if run is None or run.tag != _W_R or [c for c in run if c.tag != qn("w:rPr")] != [piece.t]:
            if run is not None and run.tag == _W_R:
                _mark(run)
            continue
        for part, marked in ((text[:lo], False), (text[lo:hi], True), (text[hi:], False)):
            if part:
                copy = deepcopy(run)
                t = copy.find(_W_T)
                t.text = part
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                if marked:
                    _mark(copy)
                run.addprevious(copy)
        run.getparent().remove(run)


def _mark(run: etree._Element) -> None:
    Run(run, None).font.highlight_color = WD_COLOR_INDEX.YELLOW  # type: ignore[arg-type]
