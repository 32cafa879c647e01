"""What an adopted template takes from the base profile's: nianbao's styles, the annex and the checklist.

The office's own page setup and styles stay as they are. The styles render, refresh, finalize and
the annex use by id (来源标注, 待补充标记, 审核清单, 附件正文 …) are added from the base template when
the report lacks them; a report saved by LibreOffice has them under other ids (Style6 …) with the same
names, and those get their ids back, so one style is never defined twice. The annex and the review
checklist are the base template's own blocks, appended at the end of the body.
"""

from __future__ import annotations

from copy import deepcopy

from docx.oxml.ns import qn
from lxml import etree

from nianbao.draft.render import MISSING_STYLE, SOURCE_STYLE
from nianbao.review.finalize import ANNEX_STYLES, ANNEX_TABLE_STYLE, CHECKLIST_STYLE
from nianbao.word.document import paragraph_text
from nianbao.word.marks import CANDIDATE_STYLE, CONFIRM_STYLE, STALE_STYLE

NEEDED = (
    MISSING_STYLE,
    SOURCE_STYLE,
    CANDIDATE_STYLE,
    CONFIRM_STYLE,
    STALE_STYLE,
    CHECKLIST_STYLE,
    *ANNEX_STYLES,
    ANNEX_TABLE_STYLE,
)
ANNEX_START = "{%p if annex"
_ID, _NAME, _VAL = qn("w:styleId"), qn("w:name"), qn("w:val")
_LINKS = (qn("w:basedOn"), qn("w:next"), qn("w:link"))
_USES = (qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"))


def _styles(root: etree._Element) -> dict[str, etree._Element]:
    return {s.get(_ID, ""): s for s in root.iter(qn("w:style"))}


def _name(style: etree._Element) -> str:
    name = style.find(_NAME)
    return "" if name is None else str(name.get(_VAL, ""))


def add_styles(styles: etree._Element, body: etree._Element, base: etree._Element) -> list[str]:
    """Give the styles part `styles` (of the document `body`) every NEEDED style of `base`, and the
    styles those are based on; return the names of the styles added or given their id back."""
    have, source = _styles(styles), _styles(base)
    done: list[str] = []
    wanted = [i for i in NEEDED if i in source]
    while wanted:
        sid = wanted.pop(0)
        if sid in have:
            continue
        style = source[sid]
        same = next((s for s in have.values() if _name(s) and _name(s) == _name(style)), None)
        if same is not None:
            _rename(styles, body, same.get(_ID, ""), sid)
        else:
            styles.append(deepcopy(style))
            wanted += [
                str(link.get(_VAL))
                for tag in _LINKS
                if (link := style.find(tag)) is not None and link.get(_VAL) in source
            ]
        done.append(_name(style) or sid)
        have = _styles(styles)
    return done


def _rename(styles: etree._Element, body: etree._Element, old: str, new: str) -> None:
    """Give style `old` the id `new`, in the styles part and wherever the body uses it."""
    for style in styles.iter(qn("w:style")):
        if style.get(_ID) == old:
            style.set(_ID, new)
        for tag in _LINKS:
            link = style.find(tag)
            if link is not None and link.get(_VAL) == old:
                link.set(_VAL, new)
    for use in body.iter(*_USES):
        if use.get(_VAL) == old:
            use.set(_VAL, new)


def append_tail(body: etree._Element, base: etree._Element) -> int:
    """Append the base template's annex and checklist blocks (from `{%p if annex %}` on) to `body`,
    before its section properties; return how many blocks were added."""
    blocks = [el for el in base if el.tag in (qn("w:p"), qn("w:tbl"))]
    start = next(
        (i for i, el in enumerate(blocks) if paragraph_text(el).strip().startswith(ANNEX_START)),
        None,
    )
    if start is None:
        return 0
    last = body.find(qn("w:sectPr"))
    for el in blocks[start:]:
        copy = deepcopy(el)
        for inner in copy.iter(qn("w:sectPr")):
            parent = inner.getparent()
            if parent is not None:
                parent.remove(inner)
        if last is not None:
            last.addprevious(copy)
        else:
            body.append(copy)
    return len(blocks) - start
