"""Every number of a finished report's text, classified for adopting the report as next year's template.

It lives in `review/` because it reads a reviewed or finished report (a python-docx Document through
`word.document.paragraph_text`, or plain paragraphs) against the year's figures; it uses `figures/`
(mentions, bindings) but adds what only a whole report has: years, dates, document numbers, ordinals
(`review.numerals`).

Each number gets one class: `bound` (it states an indicator: its unit word and the words around it
name the indicator, and its value reads as the year's figure), `comparison` (a year-on-year change
after a bound figure), `year` (the report year, the year before or after), `ambiguous` (the value
reads as one or more indicators but the words do not decide: the candidates are listed) or `text`
(dates, ordinals, document numbers, other years, quantities no indicator has). A number whose value
matches a figure but whose words do not name it is never bound.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from docx.oxml.ns import qn

from nianbao.figures.aggregation import Figure
from nianbao.figures.bindings import Binder, fits, names_of, plain_words, written
from nianbao.figures.mentions import Mention, find_mentions, sentences
from nianbao.figures.phrasing import phrase_figure
from nianbao.profile.catalogue import Catalogue
from nianbao.review.finalize import ANNEX_STYLES, CHECKLIST_STYLE, style_ids
from nianbao.review.numerals import plain_numbers
from nianbao.word.document import paragraph_text, style_of

Kind = Literal["bound", "comparison", "year", "ambiguous", "text"]
KINDS: tuple[Kind, ...] = ("bound", "comparison", "year", "ambiguous", "text")

# A rival indicator counts as named beside a bound figure only by a name this long (村 names none);
# a name this long in the sentence names the one indicator a number's value agrees with.
_RIVAL_NAME, _SENTENCE_NAME = 3, 2
_COMPARED = re.compile(r"同比|比上年|较上年|比去年|较去年|比[0-9]{4}年|较[0-9]{4}年|上年|提高|降低")


@dataclass(frozen=True)
class NumberRecord:
    """One number of the report: where it is, as written, its class, code(s) and the reason."""

    paragraph: int
    start: int  # offset of the first digit in the paragraph's text
    text: str  # as written: 1426项, 2021, 12·4
    kind: Kind
    codes: tuple[str, ...]  # bound/comparison: one code; ambiguous: the candidates; else ()
    reason: str


def report_paragraphs(doc: Any) -> list[str]:
    """Return the text of every body paragraph of python-docx Document `doc`, tables included."""
    return [paragraph_text(p) for p in doc.element.body.iter(qn("w:p"))]


def _review_furniture(doc: Any) -> set[int]:
    """Return the indexes (as in `report_paragraphs`) of a reviewed draft's annex and checklist
    paragraphs: nianbao wrote them for the review and finalize removes them."""
    ids = style_ids(doc.styles.element)
    furniture = set().union(*(ids[key] for key in (CHECKLIST_STYLE, *ANNEX_STYLES)))
    return {
        i
        for i, p in enumerate(doc.element.body.iter(qn("w:p")))
        if style_of(p, "pPr", "pStyle") in furniture
    }


def classify_numbers(
    paragraphs: Sequence[str] | Any,
    year: int,
    figures: Mapping[str, Figure],
    cat: Catalogue,
) -> list[NumberRecord]:
    """Return a record for every number in `paragraphs` (plain texts, or a python-docx Document),
    read against `year`'s `figures`, in document order. Of a Document, the annex and checklist
    paragraphs of a reviewed draft are not read."""
    if isinstance(paragraphs, Sequence):
        texts, skipped = paragraphs, set()
    else:
        texts, skipped = report_paragraphs(paragraphs), _review_furniture(paragraphs)
    reader = _Reader(year, figures, cat)
    return [
        r for i, text in enumerate(texts) if i not in skipped for r in reader.paragraph(i, text)
    ]


def count_kinds(records: Iterable[NumberRecord]) -> dict[Kind, int]:
    """Return how many records fall in each class (every class listed, zero included)."""
    counts = dict.fromkeys(KINDS, 0)
    for r in records:
        counts[r.kind] += 1
    return counts


class _Reader:
    def __init__(self, year: int, figures: Mapping[str, Figure], cat: Catalogue) -> None:
        self._year = year
        self._figures = figures
        self._cat = cat
        self._binder = Binder(cat)
        self._words = {code: names_of(ind) for code, ind in cat.indicators.items()}

    def paragraph(self, index: int, text: str) -> list[NumberRecord]:
        mentions = find_mentions(text, self._year)
        records = self._mentions(index, mentions, sentences(text))
        taken = [(m.start, m.end) for m in mentions]
        for n in plain_numbers(text, self._year, taken):
            records.append(NumberRecord(index, n.start, n.text, n.kind, (), n.reason))
        return sorted(records, key=lambda r: r.start)

    def _mentions(self, index: int, mentions: list[Mention], said: list[str]) -> list[NumberRecord]:
        records = []
        # Each number bound on its own: the binder's rule that a later number of a sentence with
        # another value is a part (其中…) is for units' texts; here a bound value must agree anyway.
        codes = [self._binder.bind([m])[0] for m in mentions]
        taken: dict[int, set[str]] = {}  # sentence → the codes its words bind a number to
        for m, code in zip(mentions, codes, strict=True):
            taken.setdefault(m.sentence, set()).update([code] if code else [])
        last: tuple[int, str] | None = None  # (sentence, code) of the last bound figure
        for m, code in zip(mentions, codes, strict=True):
            base = last[1] if last is not None and last[0] == m.sentence else None
            told = None
            if code is None and not m.change and not m.aside:
                told = self._share(m, base) or self._told(m, said[m.sentence], taken[m.sentence])
            kind, found, reason = told or self._mention(m, code, base)
            if kind == "bound":
                last = (m.sentence, found[0])
            records.append(NumberRecord(index, m.start, m.text, kind, found, reason))
        return records

    def _mention(
        self, m: Mention, code: str | None, base: str | None
    ) -> tuple[Kind, tuple[str, ...], str]:
        if m.change:
            return self._change(m, base)
        agreeing = self._agreeing(m)
        named = self._named(m, agreeing)
        if m.aside:
            if named:
                return (
                    "ambiguous",
                    named,
                    f"写有上年、目标或标准等字样，但数值与{self._names(named)}相符，请确认",
                )
            return "text", (), "说的是上年、目标、累计或平均等，不是本年数"
        if code is None:
            if agreeing:
                return (
                    "ambiguous",
                    tuple(agreeing),
                    f"数值与{self._names(agreeing)}相符，但上下文未点明是哪个指标",
                )
            return "text", (), "没有指标的本年数与之相符"
        name = self._cat.indicators[code].name
        if code in agreeing:
            rivals = tuple(c for c in self._named(m, agreeing, _RIVAL_NAME) if c != code)
            if rivals:
                both = (code, *rivals)
                return "ambiguous", both, f"数值与{self._names(both)}都相符，上下文也都提到"
            return "bound", (code,), f"上下文指{name}，数值与本年数相符"
        fig = self._figures.get(code)
        if fig is None or fig.value is None:
            return "text", (), f"上下文指{name}，但本年无数据"
        shown = self._shown(code, fig.value)
        if any(m.agrees(s.value) for s in fig.sources):
            return "text", (), f"与某单位填报的{name}相符，是单位自己的数（全区为{shown}）"
        if agreeing:
            others = named or tuple(agreeing)
            why = f"上下文像{name}，但与其本年数（{shown}）不符；数值与{self._names(others)}相符"
            return "ambiguous", others, why
        return "text", (), f"上下文指{name}，但数值与本年数（{shown}）不符"

    def _change(self, m: Mention, base: str | None) -> tuple[Kind, tuple[str, ...], str]:
        if base is None:
            return "text", (), "变化幅度，前面没有可对应的本年指标"
        name = self._cat.indicators[base].name
        growth = [c for c in self._agreeing(m) if self._cat.indicators[c].formula_codes() == [base]]
        if growth:
            return "bound", (growth[0],), f"紧接{name}之后的增速，数值与本年数相符"
        fig = self._figures.get(base)
        if not _COMPARED.search(m.near) and m.unit not in ("个百分点", "倍"):
            return "text", (), f"写在{name}之后的变化，但没有同比、比上年等比较用语"
        if fig is None or fig.value is None or not fig.previous:
            return "text", (), f"写在{name}之后的变化，但上年数不详，无法按数据生成"
        expected = _expected(m, fig.value, fig.previous)
        if not m.agrees(expected):
            return "text", (), f"写在{name}之后的变化，但与按上年数算出的变化不符，保留原文"
        return "comparison", (base,), f"{name}与上年相比的变化，与按上年数算出的变化相符"

    def _share(self, m: Mention, base: str | None) -> tuple[Kind, tuple[str, ...], str] | None:
        """Return `m` bound as the share of the figure bound before it in the sentence (…56次，
        占比57%): the one agreeing percentage whose formula divides that figure."""
        if base is None or m.unit != "%" or "占" not in m.near:
            return None
        shares = [
            c for c in self._agreeing(m) if self._cat.indicators[c].formula_codes()[:1] == [base]
        ]
        if len(shares) != 1:
            return None
        name = self._cat.indicators[base].name
        return "bound", (shares[0],), f"紧接{name}之后的占比，数值与本年数相符"

    def _told(
        self, m: Mention, sentence: str, taken: set[str]
    ) -> tuple[Kind, tuple[str, ...], str] | None:
        """Return `m` bound by its sentence when its words name no indicator near it: the one
        indicator its value agrees with that the sentence names (and binds no other number to)."""
        window = plain_words(sentence)
        told = [
            c
            for c in self._agreeing(m)
            if c not in taken and written(self._words[c], window, _SENTENCE_NAME)
        ]
        if len(told) != 1:
            return None
        name = self._cat.indicators[told[0]].name
        return "bound", (told[0],), f"句中提到{name}，数值与其本年数相符，句中没有其他相符的指标"

    def _agreeing(self, m: Mention) -> list[str]:
        return [
            code
            for code, ind in self._cat.indicators.items()
            if fits(m, ind)
            and (fig := self._figures.get(code)) is not None
            and fig.value is not None
            and m.agrees(fig.value)
        ]

    def _named(self, m: Mention, codes: Iterable[str], shortest: int = 1) -> tuple[str, ...]:
        """Return those of `codes` with a name or alias at least `shortest` characters long
        written in the clause of `m`."""
        window = plain_words(m.near + m.after)
        return tuple(c for c in codes if written(self._words[c], window, shortest))

    def _names(self, codes: Iterable[str]) -> str:
        return "、".join(self._cat.indicators[c].name for c in codes)

    def _shown(self, code: str, value: Decimal) -> str:
        ind = self._cat.indicators[code]
        return phrase_figure(value, ind.kind, ind.unit, ind.precision).text


def _expected(m: Mention, value: Decimal, previous: Decimal) -> Decimal:
    """Return the change `m` should read as: percentage points, times, or percent growth."""
    if m.unit == "个百分点":
        return abs(value - previous)
    if m.unit == "倍":
        return value / previous - 1
    return abs(value / previous - 1) * 100
