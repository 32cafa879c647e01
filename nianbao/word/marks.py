"""Review marks: machine-written or carried-over text that waits for a reviewer to accept it.

Three marks, all plain Word styles so reviewers accept in Word/WPS by removing them: the paragraph
style 待确认段落 (the template's fixed narrative; the office may apply it to any paragraph it wants
confirmed every year), the character style 候选内容 (sentences written by a rule) and the character
style 待核实数字 (a figure refresh left with its old digits because its new data is missing).
Accepting a paragraph = giving it the 正文 style; accepting words = clearing their character style.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_COLOR_INDEX
from lxml import etree

from nianbao.word.document import paragraph_text, style_of

CONFIRM_STYLE = "NbConfirm"
CANDIDATE_STYLE = "NbCandidate"
STALE_STYLE = "NbStale"
MARK_NAMES = {CONFIRM_STYLE: "待确认段落", CANDIDATE_STYLE: "候选内容", STALE_STYLE: "待核实数字"}
ACCEPT = {  # how a reviewer accepts each mark in Word/WPS
    CONFIRM_STYLE: "把待确认段落改为“正文”样式",
    CANDIDATE_STYLE: "选中候选内容清除字符样式（Ctrl+空格）",
    STALE_STYLE: "核实或改正待核实数字后清除其字符样式（Ctrl+空格）",
}
_RUN_MARKS = (CANDIDATE_STYLE, STALE_STYLE)
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
        found += [Mark(mark, n, _short(text)) for mark, text in _marked_words(p, styles)]
    return found


def _marked_words(p: etree._Element, styles: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Return (mark, words) for each stretch of runs in `p` carrying one of the run marks."""
    stretches: list[tuple[str, str]] = []
    current, words = "", ""
    for r in p.iter(_w("r")):
        text = "".join(t.text or "" for t in r.iter(_w("t")))
        style = style_of(r, "rPr", "rStyle")
        mark = next((m for m in _RUN_MARKS if style in styles[m]), "")
        if mark != current and text:
            if current and words.strip():
                stretches.append((current, words))
            current, words = mark, ""
        words += text
    if current and words.strip():
        stretches.append((current, words))
    return stretches


def clear_marks(root: etree._Element, styles: dict[str, set[str]]) -> int:
    """Remove both marks from `root` (the text stays, as 正文); return how many were removed."""
    removed = 0
    for tag, props, style, key in (
        ("p", "pPr", "pStyle", CONFIRM_STYLE),
        *(("r", "rPr", "rStyle", mark) for mark in _RUN_MARKS),
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


def mark_stale(doc: Any, target: etree._Element) -> int:
    """Give the runs of `target` (a figure's control or run) the 待核实数字 style and a highlight.

    `doc` is the python-docx document; the style is added when its template lacks it (older drafts).
    Return how many runs were marked.
    """
    style = _character_style(doc, STALE_STYLE)
    runs = [target] if target.tag == _w("r") else list(target.iter(_w("r")))
    for r in runs:
        rpr = r.get_or_add_rPr()
        rpr.style = style
        rpr.highlight_val = WD_COLOR_INDEX.YELLOW
    return len(runs)


def _character_style(doc: Any, key: str) -> str:
    """Return the id of the character style named MARK_NAMES[key] in `doc`, adding it if absent."""
    name = MARK_NAMES[key]
    for style in doc.styles:
        if style.name == name:
            return str(style.style_id)
    added = doc.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    added.style_id = key
    return key
