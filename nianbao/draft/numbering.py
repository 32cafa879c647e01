"""Computed heading numbering for the template: 一、（一）1、（1） and run-in 一是.

The template calls `num.h1()` … `num.h4()` and `num.runin()` where a label belongs; a heading inside a
false `{%p if %}` is never called, so the remaining headings renumber by themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("h1", "h2", "h3", "h4", "runin")
DEFAULT_STYLES = {"h1": "一、", "h2": "（一）", "h3": "1、", "h4": "（1）", "runin": "一是"}
_DIGITS = "一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """Return `n` (1..99) in Chinese numerals: 1 -> 一, 10 -> 十, 11 -> 十一, 20 -> 二十, 99 -> 九十九."""
    if not 1 <= n <= 99:
        raise ValueError(f"中文序号只支持1至99，不能是{n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens - 1] + "十")
    return head + (_DIGITS[ones - 1] if ones else "")


@dataclass(frozen=True)
class _Pattern:
    """A sample label split around its numeral: （一） -> prefix （, Chinese, suffix ）."""

    prefix: str
    chinese: bool
    suffix: str

    @classmethod
    def parse(cls, sample: str) -> _Pattern:
        numerals = [c for c in sample if c.isnumeric()]
        if numerals not in (["一"], ["1"]):
            raise ValueError(f"编号样式“{sample}”须含且只含一个序号“一”或“1”")
        prefix, _, suffix = sample.partition(numerals[0])
        return cls(prefix, numerals[0] == "一", suffix)

    def label(self, n: int) -> str:
        return self.prefix + (chinese_numeral(n) if self.chinese else str(n)) + self.suffix


class Numbering:
    """The heading counter of one rendering: next label per level, deeper levels restart."""

    TEMPLATE_METHODS = (*LEVELS, "style")

    def __init__(self) -> None:
        self._patterns = {level: _Pattern.parse(s) for level, s in DEFAULT_STYLES.items()}
        self._counts = dict.fromkeys(LEVELS, 0)

    def style(self, **patterns: str) -> str:
        """Set the sample label of levels h1..h4/runin (e.g. h3="1."); return "" for `{%p do %}`."""
        unknown = [level for level in patterns if level not in LEVELS]
        if unknown:
            raise ValueError(f"未知的编号层级“{unknown[0]}”，可用的层级：{'、'.join(LEVELS)}")
        self._patterns.update({level: _Pattern.parse(s) for level, s in patterns.items()})
        return ""

    def _next(self, level: str) -> str:
        self._counts[level] += 1
        for deeper in LEVELS[LEVELS.index(level) + 1 :]:
            self._counts[deeper] = 0
        return self._patterns[level].label(self._counts[level])

    def h1(self) -> str:
        """Return the next first-level label (一、); h2..h4 and run-in restart."""
        return self._next("h1")

    def h2(self) -> str:
        """Return the next second-level label (（一）); h3, h4 and run-in restart."""
        return self._next("h2")

    def h3(self) -> str:
        """Return the next third-level label (1、); h4 and run-in restart."""
        return self._next("h3")

    def h4(self) -> str:
        """Return the next fourth-level label (（1）); run-in restarts."""
        return self._next("h4")

    def runin(self) -> str:
        """Return the next run-in label (一是, 二是 …), counted since the last heading."""
        return self._next("runin")
