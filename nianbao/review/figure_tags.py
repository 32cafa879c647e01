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
from nianbao.profile.catalogue import Catalogue
from nianbao.review.adoption import NumberRecord

YEAR_NAMES = {0: "year", -1: "prev_year", 1: "next_year"}
_PLACEHOLDER = re.compile(r"【待补充：([^】]+)】")
_LEADS = ("，", ",")


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
            written.append(Written(r, edit.tag if edit is not None else note))
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
        if text[start:end] != phrase.text:
            found = text[max(start, 0) : end]
            return (
                None,
                f"保留原文：原文写作“{found}”，程序写作“{phrase.text}”，请核对后手工改为标签",
            )
        return Edit(start, end, fig_tag(r.codes[0]), run=True), ""

    def _change(self, text: str, r: NumberRecord, end: int) -> tuple[Edit | None, str]:
        code = r.codes[0]
        view = self.views.get(code)
        wording = view.change if view is not None else ""
        start = end - len(wording)
        if not wording or text[max(start, 0) : end] != wording:
            return None, f"保留原文：程序的同比写法为“{wording or '无'}”，与原文不同"
        lead = text[start - 1] if start > 0 and text[start - 1] in _LEADS else ""
        return Edit(start - len(lead), end, f"{{{{r '{code}'|change('{lead}') }}}}", run=True), ""

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
