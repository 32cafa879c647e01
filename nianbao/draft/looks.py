"""The look of a run tag: the formatting of the run a `{{r … }}` tag is typed in, carried onto what it prints.

docxtpl replaces the whole run holding a `{{r … }}` tag by the runs the filter returns (and moves
text after the tag into a plain run), so a font, size, bold or colour given to the tag's run would
be lost and a figure would take the paragraph style's look — visible in documents formatted by
hand, where the figure sat in 仿宋_GB2312 三号 among text set so run by run. Before rendering, each
such tag whose run has direct formatting stands in a run of its own (text around it keeps its
look) and becomes `{{r (…)|look(n) }}`; the `look` filter puts formatting n under the printed
runs' own (a highlight stays). Runs in one of nianbao's styles (待补充, 来源, 候选) keep their
style's look. A tag Word split over several runs is left as docxtpl reads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from copy import deepcopy

from docx.oxml.ns import nsdecls, qn
from lxml import etree
from markupsafe import Markup

from nianbao.core.errors import TemplateError

LOOK_FILTER = "look"
_TAG = re.compile(r"\{\{r\s(.*?)(-?)\}\}", re.DOTALL)
_R, _T, _RPR = qn("w:r"), qn("w:t"), qn("w:rPr")
_STYLE, _CHANGE = qn("w:rStyle"), qn("w:rPrChange")
_PRESERVE = "{http://www.w3.org/XML/1998/namespace}space"
_DECLARATION = re.compile(r' xmlns(?::\w+)?="[^"]*"')
_WRAP = f"<nb {nsdecls('w', 'r', 'wp', 'a', 'pic', 'w14')}>{{}}</nb>"
# The order of a run's properties (ECMA-376 CT_RPr): Word rejects them out of order.
_PROPERTIES = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
    "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)
_ORDER = {qn(f"w:{name}"): i for i, name in enumerate(_PROPERTIES.split(" "))}


class Looks:
    """The formatting of the run tags of one template, and the filter that puts it on their runs."""

    def __init__(self) -> None:
        self._looks: list[etree._Element] = []

    def mark(self, roots: Iterable[etree._Element]) -> int:
        """Give each `{{r … }}` tag under `roots` whose run has direct formatting a run of its own
        and the `look` filter; return how many tags got one."""
        before = len(self._looks)
        for root in roots:
            for t in list(root.iter(_T)):
                run = t.getparent()
                look = run.find(_RPR) if run is not None and run.tag == _R else None
                if look is None or not [c for c in look if c.tag != _CHANGE]:
                    continue
                if _TAG.search(t.text or ""):
                    self._split(run, t, look)
        return len(self._looks) - before

    def _split(self, run: etree._Element, t: etree._Element, look: etree._Element) -> None:
        """Replace `run` by runs of the same formatting: its content before `t`, each piece of
        `t`'s text (the tags given the filter), its content after `t`."""
        text, pieces, at = t.text or "", [], 0
        for m in _TAG.finditer(text):
            pieces.append(text[at : m.start()])
            kept = deepcopy(look)
            for change in kept.findall(_CHANGE):
                kept.remove(change)
            self._looks.append(kept)
            pieces.append(
                f"{{{{r ({m[1].strip()})|{LOOK_FILTER}({len(self._looks) - 1}) {m[2]}}}}}"
            )
            at = m.end()
        pieces.append(text[at:])
        children = list(run)
        index = children.index(t)
        runs = [_shell(run, [c for c in children[:index] if c.tag != _RPR])]
        for piece in pieces:
            copy = deepcopy(t)
            copy.text = piece
            copy.set(_PRESERVE, "preserve")
            runs.append(_shell(run, [copy] if piece else []))
        runs.append(_shell(run, children[index + 1 :]))
        for new in runs:
            if len(new) > (1 if new.find(_RPR) is not None else 0):
                run.addprevious(new)
        parent = run.getparent()
        if parent is not None:
            parent.remove(run)

    def dress(self, value: object, index: int) -> object:
        """Return the run XML `value` with look `index` under each run's own formatting."""
        if not isinstance(value, Markup) or not str(value).strip():
            return value
        if not isinstance(index, int) or not 0 <= index < len(self._looks):
            raise TemplateError(f"模板中的“{LOOK_FILTER}({index})”不是程序写入的格式，请删除")
        wrapper = etree.fromstring(_WRAP.format(str(value)))
        for run in wrapper.iter(_R):
            own = run.find(_RPR)
            if own is not None and own.find(_STYLE) is not None:
                continue  # a run in a style of its own (待补充, 来源) keeps that style's look
            merged = deepcopy(self._looks[index])
            for child in own if own is not None else []:
                for same in merged.findall(child.tag):
                    merged.remove(same)
                merged.append(deepcopy(child))
            merged[:] = sorted(merged, key=lambda c: _ORDER.get(c.tag, len(_ORDER)))
            if own is not None:
                run.remove(own)
            run.insert(0, merged)
        xml = (wrapper.text or "") + "".join(etree.tostring(c, encoding="unicode") for c in wrapper)
        return Markup(_DECLARATION.sub("", xml))


def _shell(run: etree._Element, content: list[etree._Element]) -> etree._Element:
    """Return a copy of `run` (attributes and formatting) holding `content` (moved, not copied)."""
    shell = deepcopy(run)
    for child in list(shell):
        if child.tag != _RPR:
            shell.remove(child)
    shell.extend(content)
    return shell
