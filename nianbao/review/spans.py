"""A paragraph's visible text across its runs, offsets mapped back to w:t pieces to find, replace, highlight.

Word and LibreOffice split a sentence into runs wherever they like (spell-check marks, revision ids,
a moved bookmark); a phrase printed as one run may come back spread over several. Offsets here are
in the paragraph's visible text: tracked deletions and nested paragraphs (text boxes) are left out.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass

from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from lxml import etree

from nianbao.word.anchors import skipped

_W_P, _W_T, _W_R, _W_SDT = qn("w:p"), qn("w:t"), qn("w:r"), qn("w:sdt")
_W_RPR = qn("w:rPr")
_PRESERVE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass(frozen=True)
class Piece:
    """One w:t of the paragraph: where its text sits in the paragraph's text."""

    t: etree._Element
    start: int
    end: int
    in_control: bool  # inside a content control (a figure's digits)


class Spans:
    """The visible text of paragraph `p` and the w:t pieces it is made of, in document order.

    Offsets are valid until the paragraph is changed: after `replace` or `highlight`, build anew
    (or work from the last offset to the first).
    """

    def __init__(self, p: etree._Element) -> None:
        self.p = p
        self.pieces: list[Piece] = []
        self.text = ""
        self._scan()

    def _scan(self) -> None:
        self.pieces = []
        offset = 0
        for t in self.p.iter(_W_T):
            text = t.text or ""
            if not text or next(t.iterancestors(_W_P), None) is not self.p or skipped(t):
                continue
            self.pieces.append(Piece(t, offset, offset + len(text), self._in_control(t)))
            offset += len(text)
        self.text = "".join(piece.t.text or "" for piece in self.pieces)

    def _in_control(self, t: etree._Element) -> bool:
        """Return whether `t` is in a run-level control of this paragraph (not a block control around it)."""
        for up in t.iterancestors():
            if up is self.p:
                return False
            if up.tag == _W_SDT:
                return True
        return False

    def find(self, phrase: str) -> list[int]:
        """Return the offsets of `phrase` (non-overlapping) that lie wholly outside content controls."""
        found, at = [], self.text.find(phrase) if phrase else -1
        while at >= 0:
            if self.free(at, at + len(phrase)):
                found.append(at)
            at = self.text.find(phrase, at + len(phrase))
        return found

    def free(self, start: int, end: int) -> bool:
        """Return whether no text of [start, end) is inside a content control."""
        return not any(p.in_control for p in self._covering(start, end))

    def bounds(self, el: etree._Element) -> tuple[int, int]:
        """Return the offsets of the text of element `el` (a control, a run) in the paragraph."""
        inside = {t for t in el.iter(_W_T)}
        order = {e: i for i, e in enumerate(self.p.iter())}
        here = order.get(el, -1)
        start = sum(p.end - p.start for p in self.pieces if order[p.t] < here and p.t not in inside)
        return start, start + sum(p.end - p.start for p in self.pieces if p.t in inside)

    def replaceable(self, start: int, end: int) -> bool:
        """Return whether `replace` can change [start, end): no control in it, text to hold it."""
        return bool(self._targets(start, end))

    def replace(self, start: int, end: int, new: str) -> bool:
        """Put `new` in place of [start, end), in the first piece's run (its formatting kept).

        An empty range is an insertion at the end of the text before it, else at the start of the
        text after it. Return False, changing nothing, when not `replaceable`.
        """
        covered = self._targets(start, end)
        if not covered:
            return False
        first = covered[0]
        text = first.t.text or ""
        cut = min(max(end, first.start), first.end)
        _set(first.t, text[: max(start - first.start, 0)] + new + text[cut - first.start :])
        for piece in covered[1:]:
            rest = (piece.t.text or "")[min(end, piece.end) - piece.start :]
            _set(piece.t, rest)
            if not rest:
                _drop_empty(piece.t)
        return True

    def _targets(self, start: int, end: int) -> list[Piece]:
        """Return the pieces `replace` changes (none when it cannot)."""
        if not self.free(start, end):
            return []
        covered = self._covering(start, end)
        if covered or start != end:
            return covered
        outside = [p for p in self.pieces if not p.in_control]
        return [p for p in outside if p.end == start][:1] or [
            p for p in outside if p.start == start
        ][:1]

    def highlight(self, start: int, end: int) -> None:
        """Highlight [start, end) in yellow, splitting runs at its ends so nothing else is."""
        for piece in self._isolated(start, end):
            run = piece.t.getparent()
            if run is not None and run.tag == _W_R:
                run.get_or_add_rPr().highlight_val = WD_COLOR_INDEX.YELLOW

    def isolate(self, start: int, end: int) -> None:
        """Split the runs at `start` and `end`, so [start, end) is whole runs of its own (same formatting)."""
        self._isolated(start, end)

    def _covering(self, start: int, end: int) -> list[Piece]:
        return [p for p in self.pieces if p.start < end and p.end > start]

    def _isolated(self, start: int, end: int) -> list[Piece]:
        """Split the runs at `start` and `end`; return the pieces then exactly covering the range."""
        for at in (end, start):
            piece = next((p for p in self.pieces if p.start < at < p.end), None)
            if piece is not None:
                _split(piece.t, at - piece.start)
                self._scan()
        return self._covering(start, end)


def _set(t: etree._Element, text: str) -> None:
    t.text = text
    t.set(_PRESERVE, "preserve")


def _drop_empty(t: etree._Element) -> None:
    """Remove the emptied w:t, and its run when nothing but properties is left in it."""
    run = t.getparent()
    if run is None:
        return
    run.remove(t)
    if run.tag == _W_R and all(child.tag == _W_RPR for child in run):
        parent = run.getparent()
        if parent is not None:
            parent.remove(run)


def _split(t: etree._Element, at: int) -> None:
    """Split the run of `t` so that the text of `t` after `at` starts a new run (same formatting)."""
    run = t.getparent()
    if run is None or run.tag != _W_R:
        return
    index = list(run).index(t)
    twin = deepcopy(run)
    for child in list(run)[index + 1 :]:
        run.remove(child)
    for child in list(twin)[:index]:
        if child.tag != _W_RPR:
            twin.remove(child)
    text = t.text or ""
    _set(t, text[:at])
    _set(twin.find(_W_T), text[at:])  # the copy of `t`: what preceded it was removed
    run.addnext(twin)
