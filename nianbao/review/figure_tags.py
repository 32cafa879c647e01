"""The numbers of a finished report's paragraph as template tags: figures, changes, years, placeholders.

A number becomes a tag only when the tag prints, for the adopted year, exactly what the report says:
`{{r 'code'|fig }}` prints the digits with the unit word, 余/多 and %以上 (and 增长/下降 of a growth
rate), so those words go into the tag; `{{r 'code'|change('，') }}` prints the whole year-on-year
wording after its lead. A number the report words differently stays as written, and says why.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from nianbao.draft.context import FigureView
from nianbao.draft.provenance import placeholder
from nianbao.figures.mentions import FOLD
from nianbao.figures.phrasing import CHANGE_WORDING, UP_WORDS
from nianbao.profile.catalogue import Catalogue
from nianbao.review.adoption import NumberRecord

YEAR_NAMES = {0: "year", -1: "prev_year", 1: "next_year"}
_PLACEHOLDER = re.compile(r"【待补充：([^】]+)】")
_LEADS = ("，", ",")
_VERBS = ("增长", "增加", "提高", "上升", "下降", "减少", "降低")
_SINCE = ("与上年相比", "和上年相比", "比上年", "较上年", "比去年", "较去年", "同比")
_DOWN_OF = {"增长": "下降", "增加": "减少", "提高": "降低", "上升": "下降"}
_UP_OF = {"减少": "增加", "降低": "提高"}


@dataclass(frozen=True)
class Edit:
    """Text [start, end) of a paragraph replaced by `tag`; a run tag ({{r …}}) gets a run of its own."""

    start: int
    end: int
    tag: str
    run: bool = False


@dataclass(frozen=True)
class Written:
    """A number of the report and what the template holds in its place (a tag, or 原文 and why)."""

    record: NumberRecord
    template: str


def fig_tag(code: str) -> str:
    """Return the figure tag of indicator `code`."""
    return f"{{{{r '{code}'|fig }}}}"


class FigureTags:
    """Turns the classified numbers of one paragraph into edits, against the adopted year's figures."""

    def __init__(self, year: int, views: Mapping[str, FigureView], cat: Catalogue) -> None:
        self.year = year
        self.views = views
        names: dict[str, list[str]] = {}
        for code, ind in cat.indicators.items():
            names.setdefault(ind.name, []).append(code)
        self._by_name = {name: codes[0] for name, codes in names.items() if len(codes) == 1}

    def edits(self, text: str, records: Sequence[NumberRecord]) -> tuple[list[Edit], list[Written]]:
        """Return the edits of `text` and, for every record, what the template holds."""
        edits: list[Edit] = []
        written = []
        for r in records:
            edit, note = self._edit(text, r)
            if edit is not None:
                edits.append(edit)
            written.append(Written(r, note or (edit.tag if edit is not None else "")))
        return edits, written

    def _edit(self, text: str, r: NumberRecord) -> tuple[Edit | None, str]:
        end = r.start + len(r.text)
        if r.kind == "year":
            name = YEAR_NAMES[int(r.text) - self.year]
            return Edit(r.start, r.start + 4, f"{{{{ {name} }}}}"), ""
        if r.kind == "bound":
            return self._figure(text, r, end)
        if r.kind == "comparison":
            return self._change(text, r, end)
        return None, "保留原文"

    def _figure(self, text: str, r: NumberRecord, end: int) -> tuple[Edit | None, str]:
        view = self.views.get(r.codes[0])
        phrase = view.phrase if view is not None else None
        if phrase is None:
            return None, "保留原文：本年无数据"
        start = r.start - len(phrase.prefix)
        found = text[max(start, 0) : end]
        tag = fig_tag(r.codes[0])
        if found == phrase.text:
            return Edit(start, end, tag, run=True), ""
        if found.translate(FOLD) == phrase.text:  # typed in full-width digits: printed half-width
            note = f"{tag}（原文“{found}”为全角，起草时写作“{phrase.text}”）"
            return Edit(start, end, tag, run=True), note
        return None, f"保留原文：原文写作“{found}”，程序写作“{phrase.text}”，请核对后手工改为标签"

    def _change(self, text: str, r: NumberRecord, end: int) -> tuple[Edit | None, str]:
        code = r.codes[0]
        view = self.views.get(code)
        wording = view.change if view is not None else ""
        start, args = end - len(wording), ""
        if wording and text[max(start, 0) : end] != wording:
            start, args = _own_words(text, r.start, end, wording)
        if not wording or start < 0:
            return None, f"保留原文：程序的同比写法为“{wording or '无'}”，与原文不同"
        lead = text[start - 1] if start > 0 and text[start - 1] in _LEADS else ""
        tag = f"{{{{r '{code}'|change('{lead}'{args}) }}}}"
        return Edit(start - len(lead), end, tag, run=True), ""

    def placeholders(self, index: int, text: str) -> tuple[list[Edit], list[Written]]:
        """Return the 【待补充：指标名】 of a reviewed draft as figure tags, with their records."""
        edits, written = [], []
        for m in _PLACEHOLDER.finditer(text):
            code = self._by_name.get(m[1])
            if code is None or m[0] != placeholder(m[1]):
                continue
            reason = f"草稿中的待补充标记，指{m[1]}"
            record = NumberRecord(index, m.start(), m[0], "bound", (code,), reason)
            edits.append(Edit(m.start(), m.end(), fig_tag(code), run=True))
            written.append(Written(record, fig_tag(code)))
        return edits, written


def _own_words(text: str, start: int, end: int, wording: str) -> tuple[int, str]:
    """Return where the report's own change wording of `wording` starts, and the `change` arguments
    that print it (比上年减少20.45% for 同比下降20.45%); (-1, "") when the report says something else."""
    m = CHANGE_WORDING.fullmatch(wording)
    if m is None or text[start:end] != m[3]:
        return -1, ""
    verb = next((v for v in _VERBS if text.endswith(v, 0, start)), "")
    if not verb or (verb in UP_WORDS) != (m[2] in UP_WORDS):
        return -1, ""
    since = next((w for w in _SINCE if text.endswith(w, 0, start - len(verb))), "")
    up = verb if verb in UP_WORDS else _UP_OF.get(verb, "提高" if "个百分点" in m[3] else "增长")
    down = _DOWN_OF.get(up, "下降") if verb in UP_WORDS else verb
    return start - len(verb) - len(since), f", '{since}', '{up}', '{down}'"


def bind_controls(
    records: Sequence[NumberRecord],
    controls: Mapping[int, str],
    text: str,
    views: Mapping[str, FigureView],
) -> list[NumberRecord]:
    """Return `records` with each number that starts a figure's content control (offset → code in
    `controls`) bound to that code, when its digits still read as the year's figure."""
    bound = []
    for r in records:
        code = controls.get(r.start)
        view = views.get(code) if code else None
        phrase = view.phrase if view is not None else None
        if (
            code is None
            or phrase is None
            or (r.kind in ("bound", "comparison") and r.codes == (code,))
            or not text.startswith(phrase.number, r.start)
        ):
            bound.append(r)
            continue
        reason = f"内容控件标明为{view.name if view else code}，数值与本年数相符"
        bound.append(replace(r, kind="bound", codes=(code,), reason=reason))
    return bound
