"""The structure tags of an adopted template: the numbering style line, the year's own paragraphs
kept for that year only, each part's loop of the units' texts, and inline parts' alternatives.

Tags that control paragraphs (`{%p … %}`) stand in paragraphs of their own, which docxtpl removes;
a loop's paragraph copies the formatting of a paragraph of its part, so next year's texts look
like this year's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from copy import deepcopy

from docx.oxml.ns import qn
from lxml import etree

from nianbao.profile.catalogue import Catalogue
from nianbao.review.figure_tags import Edit
from nianbao.review.labels import style_line
from nianbao.review.outline import Outline, PartPlace
from nianbao.review.spans import Spans
from nianbao.word.document import paragraph_text

_P, _R, _T = qn("w:p"), qn("w:r"), qn("w:t")
_PPR, _RPR = qn("w:pPr"), qn("w:rPr")


def apply_edits(p: etree._Element, edits: Sequence[Edit]) -> None:
    """Apply `edits` to paragraph `p`, last first; a run tag is put in a run of its own."""
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        if e.run and e.end > e.start:
            Spans(p).isolate(e.start, e.end)
        Spans(p).replace(e.start, e.end, e.tag)


class Structure:
    """Inserts the structure tags: the style line, the year's own paragraphs, loops, inline parts."""

    def __init__(
        self,
        body: etree._Element,
        year: int,
        cat: Catalogue,
        outline: Outline,
        elements: list[etree._Element],
    ) -> None:
        self.body, self.year, self.cat, self.outline = body, year, cat, outline
        self.elements = elements

    def generic(self, place: PartPlace, edits: Sequence[Edit]) -> etree._Element:
        """Return the paragraph printed for other years in place of an inline part's paragraph:
        its lead as the report wrote it, then the part's texts (and rule candidates)."""
        assert place.inline is not None
        copy = deepcopy(self.elements[place.inline])
        text = Spans(copy).text
        Spans(copy).replace(place.lead, len(text), "")
        apply_edits(copy, [e for e in edits if e.end <= place.lead])
        count = "{{ num.runin() }}" if place.runin else ""
        pieces = [
            f"{{% for t in texts.of('{place.part}') %}}{count}{{{{ t.text }}}}",
            "{{r t|source }}",
            "{% endfor %}",
        ]
        if (cands := self._candidates(place.part)) is not None:
            pieces += [f"{{% for c in {cands} %}}{count}", "{{r c|candidate }}", "{% endfor %}"]
        for piece in pieces:
            copy.append(_run(piece, _first_rpr(self.elements[place.inline])))
        return copy

    def _candidates(self, key: str) -> str | None:
        section = self.cat.part(key).section
        if section == "problems":
            return "candidates.problems"
        return f"candidates.tasks_for('{key}')" if section == "tasks" else None

    def insert(self, generic: Mapping[int, etree._Element]) -> None:
        """Insert the guards, loops and inline alternatives; the style line at the top."""
        own = set(self.outline.own)
        only = f"{{%p if year == {self.year} %}}"
        for i in sorted(own):
            if i - 1 not in own:
                self.elements[i].addprevious(_para(only))
            if i + 1 not in own:
                self.elements[i].addnext(_para("{%p endif %}"))
        for place in reversed(self.outline.places):
            if place.inline is not None:
                self._inline(place, generic[place.inline])
            else:
                self._loop(place)
        if self.outline.levels or self.outline.runin:
            first = next(iter(self.body))
            first.addprevious(_para(style_line(self.outline.levels, self.outline.runin)))

    def _inline(self, place: PartPlace, generic: etree._Element) -> None:
        assert place.inline is not None
        el = self.elements[place.inline]
        cands = self._candidates(place.part)
        when = f"texts.of('{place.part}')" + (f" or {cands}" if cands else "")
        el.addprevious(_para(f"{{%p if year == {self.year} %}}"))
        for added in reversed([_para(f"{{%p elif {when} %}}"), generic, _para("{%p endif %}")]):
            el.addnext(added)

    def _loop(self, place: PartPlace) -> None:
        anchor = self.elements[place.after]
        while (nxt := anchor.getnext()) is not None and paragraph_text(nxt) == "{%p endif %}":
            anchor = nxt  # after the guard that closes the year's own texts
        ref = self.elements[place.ref]
        label = f"{{{{ num.{place.level}() }}}}" if place.level else ""
        label = label or ("{{ num.runin() }}" if place.runin else "")
        other = f"if year != {self.year}"
        rows = [
            _para(f"{{%p for t in texts.of('{place.part}') {other} %}}"),
            _para([f"{label}{{{{ t.text }}}}", "{{r t|source }}"], ref),
            _para("{%p endfor %}"),
        ]
        if (cands := self._candidates(place.part)) is not None:
            rows += [
                _para(f"{{%p for c in {cands} {other} %}}"),
                _para([label, "{{r c|candidate }}"], ref),
                _para("{%p endfor %}"),
            ]
        for row in reversed(rows):
            anchor.addnext(row)


def _first_rpr(p: etree._Element) -> etree._Element | None:
    for run in p.iter(_R):
        if run.find(_T) is not None and (run.find(_T).text or ""):
            return run.find(_RPR)
    return None


def _run(text: str, rpr: etree._Element | None) -> etree._Element:
    run = etree.Element(_R)
    if rpr is not None:
        run.append(deepcopy(rpr))
    t = etree.SubElement(run, _T)
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def _para(content: str | list[str], ref: etree._Element | None = None) -> etree._Element:
    """Return a new paragraph holding `content` (one run per piece), formatted like `ref`."""
    p = etree.Element(_P)
    if ref is not None and (ppr := ref.find(_PPR)) is not None:
        copy = deepcopy(ppr)
        for inner in copy.findall(qn("w:sectPr")):
            copy.remove(inner)
        p.append(copy)
    rpr = _first_rpr(ref) if ref is not None else None
    for piece in [content] if isinstance(content, str) else content:
        if piece:
            p.append(_run(piece, rpr))
    return p
