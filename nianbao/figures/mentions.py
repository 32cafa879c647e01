"""Numbers written in Chinese prose, each with its unit word, its hedge and the words around it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal, InvalidOperation

from nianbao.figures.phrasing import round_half_up
from nianbao.intake.values import NUMBER, UNIT_WORDS, unit_shift

# Full-width digits, ％ and ． to half-width, one character for one (offsets stay those of the text):
# how prose is read wherever numbers are looked for in it.
FOLD = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)} | {"％": "%", "．": ".", "\u3000": " "}
)
# Unit words of a mention: those a value cell accepts, without the calendar (2021年, 20日).
_UNITS = sorted({*UNIT_WORDS, "个百分点", "倍", "位"} - {"年", "日"}, key=len, reverse=True)
_MENTION = re.compile(
    rf"(?<![0-9.A-Za-z第])(?P<num>{NUMBER})\s?(?P<a1>[余多])?(?P<scale>[万亿])?(?P<a2>[余多])?"
    rf"(?P<unit>{'|'.join(map(re.escape, _UNITS))})(?P<a3>以上|左右)?"
)
_SENTENCE_END = frozenset("。；！？;!?\n")
_CLAUSE_END = frozenset("，、：,:")
_OPENING, _CLOSING = frozenset("“‘《（(「【"), frozenset("”’》）)」】")
_HEDGE = re.compile(r"(大约|约|将近|接近|近|超过|逾|突破|不足|不到)\s*$")
_CHANGE = re.compile(r"(增长|下降|增加|减少|提高|降低|上升|回落|新增|净增|多|少)了?\s*$")
_CHANGE_UNITS = frozenset(("个百分点", "倍"))
# 新增…调解室3个: the year's increase, wherever the word stands before the number.
_INCREMENT = re.compile(r"新增|净增")
# Words before a number that make it something other than the year's figure: another period, a
# cumulative total, a target or bound, a rate per head or per day.
_ASIDE = re.compile(
    r"上年|去年|上一年|前年|同期|累计|历年|以来|力争|确保|目标|计划|预计|争取|拟|推动"
    r"|不低于|不少于|不高于|不超过|低于|高于|每|平均|日均|人均|均为|均达"
)
_ASIDE_AFTER = re.compile(r"^(?:的[^，。；]{0,4}(?:目标|标准|要求)|目标|以内|以下)")
_RANGE = re.compile(r"[0-9]\s*(?:至|到|-|~|—)\s*$")
_YEAR = re.compile(r"((?:19|20)[0-9]{2})年")
_NEAR_RANGE = Decimal("0.8")  # 近100: at least 80
_ABOUT = Decimal("0.1")  # 约100: within 10%


@dataclass(frozen=True)
class Mention:
    """A number written with a unit word, e.g. 107147条, 82万余元, 97%以上, in its clause."""

    start: int  # offsets in the text: the digits through the unit word (and 以上/左右)
    end: int
    text: str  # as written
    number: str  # the digits without thousands separators: "10.7"
    value: Decimal  # what it stands for, money in 万元: 107000
    unit: str  # the unit word: 条, 元, %, 个工作日
    shift: int  # power of ten from `number` to `value` (10.7万条 → 4; 500元 → -4)
    approx: str  # 余, 多, 以上, 左右, or a hedge before it (约, 近, 超过, 不足 …); "" when exact
    near: str  # the clause before the number, from the previous number or the clause start
    after: str  # the clause after the mention, up to the next number
    sentence: int  # index of the sentence (。；！？) in the text
    change: bool  # a change (增长12%, 新增5个, 10个百分点, 8倍), not a level
    aside: bool  # about another period, a target, a cumulative total or an average: never a figure

    def agrees(self, value: Decimal) -> bool:
        """Return whether `value` (in the indicator's unit, money in 万元) reads as this mention."""
        typed = Decimal(self.number)
        shown = value.scaleb(-self.shift)
        places = max(0, -int(typed.as_tuple().exponent))
        if self.approx in ("余", "多"):
            return typed <= shown < typed + _approx_step(typed, places)
        if self.approx in ("以上", "超过", "逾", "突破"):
            return shown >= typed
        if self.approx in ("不足", "不到"):
            return shown < typed
        if self.approx in ("近", "将近", "接近"):
            return typed * _NEAR_RANGE <= shown <= typed
        if self.approx in ("约", "大约", "左右"):
            return abs(shown - typed) <= typed * _ABOUT
        try:
            floor = shown.quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR)
            return typed in (round_half_up(shown, places), floor)
        except InvalidOperation:  # more decimals typed than a Decimal context holds: compare as is
            return typed == shown


def _approx_step(typed: Decimal, places: int) -> Decimal:
    """Return the width 余/多 leave above a number: 20余 → 10, 120余 → 10, 1400余 → 100, 82余 → 1."""
    if places:
        return Decimal(1).scaleb(-places)
    digits = str(int(typed))
    zeros = len(digits) - len(digits.rstrip("0"))
    return Decimal(10) ** min(zeros, len(digits) - 1) if int(typed) else Decimal(1)


def find_mentions(text: str, year: int | None = None) -> list[Mention]:
    """Return the numbers written with a unit word in `text`, in order.

    `year` is the report year: a number after another year (2020年…) is about that year (aside).
    Numbers in Chinese numerals (两次) and ordinals (第3次) are not mentions.
    """
    folded = text.translate(FOLD)
    clauses = _clauses(folded)
    found = []
    for match in _MENTION.finditer(folded):
        shift = unit_shift(match["scale"] or "", match["unit"])
        if shift is None:
            continue
        found.append((match, shift))
    mentions: list[Mention] = []
    where: list[int] = []  # the clause of each mention
    for i, (match, shift) in enumerate(found):
        start, end = match.start(), match.end()
        where.append(next(n for n, c in enumerate(clauses) if c[0] <= start < c[1]))
        clause_start, clause_end, sentence, listed = clauses[where[-1]]
        previous = found[i - 1][0].end() if i else 0
        following = found[i + 1][0].start() if i + 1 < len(found) else len(folded)
        near = folded[max(clause_start, previous) : start]
        after = folded[end : min(clause_end, following)]
        number = match["num"].replace(",", "")
        approx = next((a for a in match.group("a1", "a2", "a3") if a), "")
        hedge = _HEDGE.search(near)
        unit = match["unit"]
        change = bool(_CHANGE.search(near) or _INCREMENT.search(near))
        aside = _aside(near, after, year)
        if listed and i and where[-2] == where[-1] - 1:  # 新增A1个、B2个: a list shares its head
            change, aside = change or mentions[-1].change, aside or mentions[-1].aside
        mentions.append(
            Mention(
                start=start,
                end=end,
                text=text[start:end],
                number=number,
                value=Decimal(number).scaleb(shift),
                unit=unit,
                shift=shift,
                approx=approx or (hedge[1] if hedge else ""),
                near=near,
                after=after,
                sentence=sentence,
                change=change or unit in _CHANGE_UNITS,
                aside=aside,
            )
        )
    return mentions


def sentences(text: str) -> list[str]:
    """Return the sentences of `text` (split after 。；！？), numbered as `Mention.sentence` counts them."""
    return re.split(f"[{re.escape(''.join(sorted(_SENTENCE_END)))}]", text.translate(FOLD))


def _aside(near: str, after: str, year: int | None) -> bool:
    years = {int(y) for y in _YEAR.findall(near)}
    return bool(
        _ASIDE.search(near)
        or _RANGE.search(near)
        or _ASIDE_AFTER.match(after)
        or (years and years != {year})
    )


def _clauses(text: str) -> list[tuple[int, int, int, bool]]:
    """Return (start, end, sentence, listed) of each clause; `listed`: it follows a 、.

    Commas inside quotes or brackets do not split (“双随机、一公开”).
    """
    clauses = []
    start = depth = sentence = 0
    listed = False
    for i, ch in enumerate(text):
        if ch in _OPENING:
            depth += 1
        elif ch in _CLOSING:
            depth = max(0, depth - 1)
        elif ch in _SENTENCE_END or (ch in _CLAUSE_END and not depth):
            clauses.append((start, i, sentence, listed))
            start, listed = i + 1, ch == "、"
            if ch in _SENTENCE_END:
                sentence += 1
                depth = 0  # an unclosed quote does not run past the sentence
    clauses.append((start, len(text) + 1, sentence, listed))
    return clauses
