"""Hand-typed numbering of a finished report (一、（一）1、1. （1） and run-in 一是) read as `num` levels.

A report numbers its headings by hand; adopting it as a template turns each label into the `num`
call of its level, so next year's headings renumber themselves (a gap in the source is closed).
Levels follow the usual order of official documents: 一、 above （一） above 1、/1. above （1）/1）;
the families a report uses take h1, h2 … in that order, and the style line is set from the labels
as the report wrote them (half- or full-width brackets, 、 or .).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from nianbao.draft.numbering import LEVELS

_CN = "一二三四五六七八九十"
# Label families in their usual order of depth; each matches at the start of a paragraph.
_FAMILIES = (
    re.compile(rf"[{_CN}]+、"),
    re.compile(rf"[（(][{_CN}]+[）)]"),
    re.compile(r"[0-9]{1,2}、"),
    re.compile(r"[0-9]{1,2}[.．](?![0-9])"),
    re.compile(r"[（(][0-9]{1,2}[）)]"),
    re.compile(r"[0-9]{1,2}[）)]"),
)
_LEAD = re.compile(r"\s*")
_RUNIN = re.compile(rf"(?:^|(?<=[：。；，:;,\s）)]))([{_CN}]{{1,3}})是")
_NUMERAL = re.compile(rf"[{_CN}]+|[0-9]+")
_HEADING_LEVELS = LEVELS[:4]


@dataclass(frozen=True)
class Label:
    """A heading label at the start of a paragraph: where it is, its family's sample (（一）) and value."""

    start: int
    end: int
    sample: str
    value: int


def chinese_value(numeral: str) -> int:
    """Return the value of a Chinese numeral up to 99 (一 → 1, 十二 → 12, 二十 → 20)."""
    if "十" not in numeral:
        return _CN.index(numeral) + 1 if len(numeral) == 1 and numeral in _CN else 0
    tens, _, ones = numeral.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return 0
    return (_CN.index(tens) + 1 if tens else 1) * 10 + (_CN.index(ones) + 1 if ones else 0)


def _value(numeral: str) -> int:
    return int(numeral) if numeral.isdigit() else chinese_value(numeral)


def find_label(text: str) -> Label | None:
    """Return the heading label that opens `text` (after any indent), or None."""
    at = _LEAD.match(text)
    start = at.end() if at else 0
    for family in _FAMILIES:
        m = family.match(text, start)
        if m:
            numeral = _NUMERAL.search(m[0])
            assert numeral is not None
            value = _value(numeral[0])
            if value < 1:
                return None
            sample = m[0].replace(numeral[0], "1" if numeral[0].isdigit() else "一", 1)
            return Label(start, m.end(), sample, value)
    return None


def family_rank(sample: str) -> int:
    """Return the depth rank of a label sample: 0 for 一、, 1 for （一）, and so on."""
    return next(i for i, f in enumerate(_FAMILIES) if f.fullmatch(sample))


def heading_levels(samples: Sequence[str]) -> dict[str, str]:
    """Return sample → num level (h1..h4) for the label samples a report uses, deepest dropped past h4."""
    ordered = sorted(dict.fromkeys(samples), key=lambda s: (family_rank(s), samples.index(s)))
    return dict(zip(ordered, _HEADING_LEVELS, strict=False))


def runins(text: str) -> list[tuple[int, int]]:
    """Return the spans of run-in labels 一是, 二是 … when they count up from 一是 in `text`."""
    spans, expected = [], 1
    for m in _RUNIN.finditer(text):
        if chinese_value(m[1]) == expected:
            spans.append((m.start(), m.end()))
            expected += 1
    return spans if len(spans) >= 2 else []


def style_line(levels: dict[str, str], runin: bool) -> str:
    """Return the `{%p do num.style(…) %}` line that sets the numbering the report used."""
    args = [f'{level}="{sample}"' for sample, level in levels.items()]
    if runin:
        args.append('runin="一是"')
    return "{%p do num.style(" + ", ".join(args) + ") %}"
