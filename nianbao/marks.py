"""Review marks: machine-written or carried-over text that waits for a reviewer to accept it.

Two marks, both plain Word styles so reviewers accept in Word/WPS by removing them: the paragraph
style 待确认段落 (the template's fixed narrative; the office may apply it to any paragraph it wants
confirmed every year) and the character style 候选内容 (sentences written by a rule). Accepting a
paragraph = giving it the 正文 style; accepting a sentence = clearing its character style.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from nianbao.document import paragraph_text, style_of

CONFIRM_STYLE = "NbConfirm"
CANDIDATE_STYLE = "NbCandidate"
MARK_NAMES = {CONFIRM_STYLE: "待确认段落", CANDIDATE_STYLE: "候选内容"}
ACCEPT = {  # how a reviewer accepts each mark in Word/WPS
    CONFIRM_STYLE: "把待确认段落改为“正文”样式",
    CANDIDATE_STYLE: "选中候选内容清除字符样式（Ctrl+空格）",
}
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_EXCERPT = 24


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


@dataclass(frozen=True)
class Mark:
    """One unaccepted mark: which (待确认段落 / 候选内容), the paragraph number and its words."""

    style: str
    paragraph: int
    excerpt: str

    def __str__(self) -> str:
        return f"第{self.paragraph}段{MARK_NAMES[self.style]}“{self.excerpt}”"


def find_marks(root: etree._Element, styles: dict[str, set[str]]) -> list[Mark]:
    """Return every mark left in the story `root`, in document order (`styles`: mark → its ids)."""
    found = []
    for n, p in enumerate(root.iter(_w("p")), 1):
        if style_of(p, "pPr", "pStyle") in styles[CONFIRM_STYLE] and paragraph_text(p).strip():
            found.append(Mark(CONFIRM_STYLE, n, _short(paragraph_text(p))))
        marked = "".join(
            t.text or ""
            for r in p.iter(_w("r"))
            if style_of(r, "rPr", "rStyle") in styles[CANDIDATE_STYLE]
            for t in r.iter(_w("t"))
        )
        if marked.strip():
            found.append(Mark(CANDIDATE_STYLE, n, _short(marked)))
    return found


def clear_marks(root: etree._Element, styles: dict[str, set[str]]) -> int:
    """Remove both marks from `root` (the text stays, as 正文); return how many were removed."""
    removed = 0
    for tag, props, style, key in (
        ("p", "pPr", "pStyle", CONFIRM_STYLE),
        ("r", "rPr", "rStyle", CANDIDATE_STYLE),
    ):
        for el in root.iter(_w(tag)):
            found = el.find(f"{_w(props)}/{_w(style)}")
            if found is not None and found.get(_w("val")) in styles[key]:
                found.getparent().remove(found)
                removed += 1
    return removed


def _short(text: str) -> str:
    text = text.strip()
    return text if len(text) <= _EXCERPT else text[:_EXCERPT] + "…"
