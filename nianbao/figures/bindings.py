"""Which indicator a number in prose states, from its unit word and the catalogue's names and aliases.

A mention is bound only when one indicator clearly fits (precision first: a wrong binding would put a
false 提醒 before a reviewer). The words that name an indicator are its catalogue name (without a
trailing 数) and its `aliases`; an alias of several words (“受理 纠纷”) needs them all, in order,
each at most five characters after the one before. A unit's text states the indicators that unit
reports and the district-wide ones (derived, or summed over several units) — not another
department's own figures.

Where names are looked for, in this order, the first place with a match deciding:

1. right after the unit word, maybe after a place word (18个村便民服务站, 70件区人大代表建议,
   272个村（社区）便民服务站);
2. before the number in its clause, after the previous number (收集群众评价107147条), ending at most
   five characters before it (乡便民服务中心设置综合窗口4个 counts windows, not centres);
3. after the unit word in the clause (8名执法人员受到命名表彰).

In 1 the longest noun wins; in 2 and 3 the name nearest the number, then the one covering most
text (撤回行政复议申请 over 行政复议申请). A tie is left unbound unless only one of the tied indicators
is reported by the text's own unit. A name of one or two characters (律师, 审结) counts only in texts
of a unit that reports the indicator, and one of one character (村) only in 1. Left unbound too: a number after two names joined by 和/及/、
(人大建议和政协提案共151件, a total), and a later number of the same sentence bound to the same
indicator with another value (其中涉企公证1200余件, a part).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nianbao.figures.mentions import Mention
from nianbao.profile.catalogue import Catalogue, Indicator

_QUOTES = str.maketrans("", "", "“”‘’\"'《》「」")
# Unit words that count the same things: a text may use any word of the catalogue unit's group.
_SAME_UNITS = (
    frozenset(("人", "名", "位")),
    frozenset(("场次", "场")),
    frozenset("件起案宗"),
    frozenset(("个工作日", "工作日")),
)
# Place words between a unit word and the noun it counts: 18个村便民服务站, 70件区人大代表建议.
_PLACES = frozenset(("", "村", "区", "乡", "镇", "街道", "社区", "市", "省", "县", "各类", "的"))
_GLOSS = re.compile(r"（[^（）]{1,4}）")  # a place word's gloss: 村（社区）, 乡镇（街道）
_SHORT = 2  # names this long or shorter bind only in texts of a reporting unit
_GAP = 5  # at most this many characters between a name and the number after it
_NAME_ENDINGS = ("人数", "次数", "场次", "数")
_JOINED = re.compile(r"和|及|与|、|以及")


@dataclass(frozen=True)
class _Hit:
    code: str
    distance: int  # characters between the number and the name
    length: int  # characters the name covers, from its first word to its last (撤回行政复议申请)


class Binder:
    """Binds mentions to the catalogue's indicators (see the module docstring for the rules)."""

    def __init__(self, cat: Catalogue) -> None:
        self._cat = cat
        self._names = {code: names_of(ind) for code, ind in cat.indicators.items()}
        self._long = {
            code: [w for w in names if len("".join(w)) > _SHORT]
            for code, names in self._names.items()
        }
        self._fits: dict[tuple[str, bool], list[tuple[str, bool]]] = {}

    def bind(self, mentions: Sequence[Mention], unit_id: str | None = None) -> list[str | None]:
        """Return the indicator code each mention of one text states (None: none, or unclear).

        `unit_id` is the unit that wrote the text (None for the district's own prose). In one
        sentence, a later number bound to the same indicator with another value (其中涉企公证…)
        is a part or another reading of it, and is left unbound.
        """
        own = frozenset(self._cat.codes_for(unit_id)) if unit_id else frozenset()
        codes = [self._bind_one(m, own, unit_id is None) for m in mentions]
        seen: dict[tuple[int, str], Mention] = {}
        for i, (m, code) in enumerate(zip(mentions, codes, strict=True)):
            if code is None:
                continue
            first = seen.setdefault((m.sentence, code), m)
            if first is not m and first.value != m.value:
                codes[i] = None
        return codes

    def _bind_one(self, m: Mention, own: frozenset[str], district: bool) -> str | None:
        if m.aside:
            return None
        after, near = plain_words(m.after), plain_words(m.near)
        window = f"{near}\n{after}"
        names = {  # the fitting indicators named somewhere around the number (a cheap first pass)
            code: found
            for code, shared in self._fitting(m.unit, m.change)
            if district or shared or code in own
            for found in [
                [w for w in self._usable(code, district or code in own) if w[0] in window]
            ]
            if found
        }
        places = (
            [h for c, n in names.items() if (h := _adjacent(c, n, after))],
            [h for c, n in names.items() if (h := _before(c, _distant(n), near))],
            [h for c, n in names.items() if (h := _after(c, _distant(n), after))],
        )
        for n, hits in enumerate(places):
            if hits:
                code = _decide(hits, _longest if n == 0 else _nearest, own)
                if n == 1 and code is not None and self._joined(code, list(names), near):
                    return None  # 人大建议和政协提案共151件: a total of two figures
                return code
        return None

    def _fitting(self, unit: str, change: bool) -> list[tuple[str, bool]]:
        """Return (code, district-wide) of the indicators a number with `unit` can state (cached)."""
        key = (unit, change)
        if key not in self._fits:
            probe = _Probe(unit, change)
            self._fits[key] = [
                (ind.code, self._shared(ind))
                for ind in self._cat.indicators.values()
                if fits(probe, ind)
            ]
        return self._fits[key]

    def _joined(self, code: str, others: list[str], near: str) -> bool:
        """Return whether another indicator is named before `code`'s name, joined to it by 和/及/与/、."""
        ends = [s for words in self._names[code] for s in _spans(words, near)]
        if not ends:
            return False
        start = max(ends, key=lambda s: s[1])[0]
        return any(
            _JOINED.search(near, end, start)
            for other in others
            if other != code
            for words in self._names[other]
            for _, end in _spans(words, near[:start])
        )

    def _shared(self, ind: Indicator) -> bool:
        """Return whether `ind` is a district-wide figure (derived, or summed over several units)
        rather than one other department's own business."""
        return not ind.is_input or len(self._cat.reporter_ids(ind)) > 1

    def _usable(self, code: str, short_ok: bool) -> list[tuple[str, ...]]:
        return self._names[code] if short_ok else self._long[code]


@dataclass(frozen=True)
class _Probe:
    """What `fits` reads of a mention: its unit word and whether it is a change."""

    unit: str
    change: bool


def _adjacent(code: str, names: list[tuple[str, ...]], after: str) -> _Hit | None:
    best = None
    for words in names:
        at = after.find(words[0])
        if at < 0 or _GLOSS.sub("", after[:at]) not in _PLACES:
            continue
        for start, end in _spans(words, after):
            if start == at and (best is None or end > best.length):
                best = _Hit(code, 0, end)
    return best


def _distant(names: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Return the names that count away from the unit word: a name of one character (村) names
    the thing counted only right after it (272个村), never from elsewhere in the clause."""
    return [words for words in names if len("".join(words)) > 1]


def _before(code: str, names: list[tuple[str, ...]], window: str) -> _Hit | None:
    hits = [
        _Hit(code, len(window) - end, end - start)
        for words in names
        for start, end in _spans(words, window)
        if len(window) - end <= _GAP
    ]
    return min(hits, key=_nearest, default=None)


def _after(code: str, names: list[tuple[str, ...]], window: str) -> _Hit | None:
    hits = [
        _Hit(code, start, end - start) for words in names for start, end in _spans(words, window)
    ]
    return min(hits, key=_nearest, default=None)


def names_of(ind: Indicator) -> list[tuple[str, ...]]:
    """Return the names of `ind` in prose: its name without a trailing 数, then its aliases."""
    name = ind.name.translate(_QUOTES)
    for ending in _NAME_ENDINGS:
        if name.endswith(ending) and len(name) > len(ending):
            name = name[: -len(ending)]
            break
    aliases = [tuple(a.translate(_QUOTES).split()) for a in ind.aliases]
    return [(name,), *[a for a in aliases if a]]


def fits(m: Mention | _Probe, ind: Indicator) -> bool:
    """Return whether the unit word of `m` can state `ind` (a change only states a growth rate)."""
    if m.change:
        return ind.aggregation == "growth" and m.unit == "%"
    if ind.aggregation == "growth":
        return False
    if ind.kind == "percent":
        return m.unit == "%"
    if ind.kind == "amount":
        return m.unit == "元"
    same = next((g for g in _SAME_UNITS if ind.unit in g), frozenset((ind.unit,)))
    return m.unit in same


def plain_words(text: str) -> str:
    """Return `text` as names are matched in it: without quotes, book-title marks and spaces."""
    return text.translate(_QUOTES).replace(" ", "")


def written(names: Sequence[Sequence[str]], text: str, shortest: int = 1) -> bool:
    """Return whether one of `names` (as `names_of` gives them) at least `shortest` characters long
    is written in `text` (plain words), its words in order as `_spans` finds them."""
    return any(len("".join(words)) >= shortest and _spans(words, text) for words in names)


def _spans(words: Sequence[str], text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each place where `words` occur in `text` in order, each at most
    _GAP characters after the one before (受理各类纠纷, not 调解委员会全年受理纠纷 for “调解 纠纷”)."""
    spans = []
    first = text.find(words[0])
    while first >= 0:
        at = first + len(words[0])
        for word in words[1:]:
            found = text.find(word, at, at + _GAP + len(word))
            if found < 0:
                break
            at = found + len(word)
        else:
            spans.append((first, at))
        first = text.find(words[0], first + 1)
    return spans


def _longest(h: _Hit) -> tuple[int, ...]:
    return (-h.length,)


def _nearest(h: _Hit) -> tuple[int, ...]:
    return (h.distance, -h.length)


def _decide(
    hits: list[_Hit], rank: Callable[[_Hit], tuple[int, ...]], own: frozenset[str]
) -> str | None:
    best = min(map(rank, hits))
    top = [h.code for h in hits if rank(h) == best]
    if len(top) == 1:
        return top[0]
    mine = [c for c in top if c in own]
    return mine[0] if len(mine) == 1 else None
