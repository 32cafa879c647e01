"""Numbers of a report written without a unit word: years, dates, document numbers, ordinals, plan periods.

`review.adoption` classifies the numbers written with a unit word (`figures.mentions`) against the
year's figures; every other number of the text is read here, by the words around it, as a year
word of the report (the report year, the year before or after: made live when adopted) or as text
kept as written, with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from nianbao.figures.mentions import FOLD

PlainKind = Literal["year", "text"]

_DIGITS = re.compile(r"(?<![0-9.,])[0-9]+(?:[.,][0-9]+)*")
_FIVE_YEAR = re.compile(r"[一二三四五六七八九十]五(?=[”\"]?(?:普法|规划|时期|期间))")
_YEAR_AFTER = re.compile(r"年(度|底|末|初|内|以来)?")
_DATE_AFTER = re.compile(r"月|日|时|点")
_BRACKETS = ("〔〕", "[]", "［］", "()", "（）")
_ORDER_AFTER = re.compile(r"[、.)）]")
_YEARS = {0: "报告年度", -1: "上一年度", 1: "下一年度"}


@dataclass(frozen=True)
class Plain:
    """A number without a unit word: its offset, the text as written, its class and the reason."""

    start: int
    text: str
    kind: PlainKind
    reason: str


def plain_numbers(text: str, year: int, taken: Sequence[tuple[int, int]] = ()) -> list[Plain]:
    """Return the numbers of `text` outside the spans `taken` (the numbers with a unit word), and
    the plan periods (八五普法), read against the report `year`, in order."""
    folded = text.translate(FOLD)
    found = []
    for match in _DIGITS.finditer(folded):
        if any(s <= match.start() < e for s, e in taken):
            continue
        kind, reason, end = _plain(folded, match, year)
        found.append(Plain(match.start(), text[match.start() : end], kind, reason))
    for match in _FIVE_YEAR.finditer(text):
        found.append(Plain(match.start(), match[0], "text", "五年规划的期次，保留原文"))
    return sorted(found, key=lambda p: p.start)


def _plain(text: str, match: re.Match[str], year: int) -> tuple[PlainKind, str, int]:
    """Return (class, reason, end) of a number written without a unit word."""
    start, end, digits = match.start(), match.end(), match[0]
    before, after = text[max(0, start - 1) : start], text[end : end + 2]
    if text[end : end + 1] in "·•" and text[end + 1 : end + 2].isdigit():
        second = _DIGITS.match(text, end + 1)
        return "text", "纪念日的写法（如12·4），保留原文", second.end() if second else end
    if any(before == pair[0] and after[:1] == pair[1] for pair in _BRACKETS) and len(digits) == 4:
        return "text", "文号中的年份，保留原文", end
    if len(digits) == 4 and digits.isdigit() and (y := _YEAR_AFTER.match(text, end)):
        return (*_year_word(int(digits), y[0], year), end)
    if before == "月" or _DATE_AFTER.match(after):
        return "text", "日期或时刻，保留原文", end
    if after[:1] == "号":
        return "text", "文号或编号，保留原文", end
    if before == "第":
        return "text", "序数，保留原文", end
    if not text[:start].strip() and _ORDER_AFTER.match(after):
        return "text", "段落序号，保留原文", end
    return "text", "没有计量单位，不是指标数", end


def _year_word(value: int, word: str, year: int) -> tuple[PlainKind, str]:
    """Return the class and reason of a year written as `value` followed by `word` (年, 年底…)."""
    named = _YEARS.get(value - year)
    if named is None:
        return "text", f"其他年份（{value}{word}），保留原文"
    return "year", f"{named}（{value}{word}）"
