"""Aliases adopt proposes for the catalogue, where only the office's phrasing kept a figure unbound.

A number whose value agrees with exactly one indicator, but whose words do not name it (the office
wrote 区直行政执法部门 where the catalogue says 组织观摩学习的区直行政执法部门数), stays ambiguous:
adopt never binds silently, and never writes the catalogue. It proposes instead, in 采用报告.xlsx,
an alias that would bind it: the longest words (≥ 3 characters) the clause around the number
shares with the indicator's name, tried on a copy of the catalogue. A proposal is made only when,
with it, the binder binds this number to that indicator and every other number of the report reads
as before. The office adds it to `aliases` in catalogue.toml (or not) and adopts again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from nianbao.figures.aggregation import Figure
from nianbao.figures.bindings import Binder, plain_words
from nianbao.figures.mentions import Mention, find_mentions
from nianbao.profile.catalogue import Catalogue
from nianbao.review.adoption import NumberRecord, classify_numbers

SHORTEST = 3  # an alias shorter than this would name too much (区直, 执法)
_TRIED = 4  # the longest shared words tried, per number

Key = tuple[int, int]  # (paragraph, offset) of a number


def propose_aliases(
    texts: Sequence[str], year: int, figures: Mapping[str, Figure], cat: Catalogue
) -> dict[Key, str]:
    """Return, for each number of the report `texts` left ambiguous with one candidate, the alias
    of that candidate that binds it and changes nothing else; numbers without one are left out."""
    before = {_key(r): r for r in classify_numbers(texts, year, figures, cat)}
    proposals: dict[Key, str] = {}
    for key, r in before.items():
        if r.kind != "ambiguous" or len(r.codes) != 1:
            continue
        m = next((m for m in find_mentions(texts[r.paragraph], year) if m.start == r.start), None)
        if m is None:
            continue
        for alias in shared_words(m, cat.indicators[r.codes[0]].name)[:_TRIED]:
            amended = with_alias(cat, r.codes[0], alias)
            if Binder(amended).bind([m]) != [r.codes[0]]:
                continue
            after = {_key(a): a for a in classify_numbers(texts, year, figures, amended)}
            changed = {k for k, a in after.items() if _reading(a) != _reading(before.get(k))}
            if changed == {key} and _reading(after[key]) == ("bound", r.codes):
                proposals[key] = alias
                break
    return proposals


def shared_words(m: Mention, name: str) -> list[str]:
    """Return the words (≥ SHORTEST characters) the clause of `m` shares with indicator name
    `name`, longest first (then nearest the number)."""
    name = plain_words(name)
    found: dict[str, int] = {}
    for side, text in ((0, plain_words(m.after)), (1, plain_words(m.near))):
        for start in range(len(text)):
            for end in range(start + SHORTEST, len(text) + 1):
                words = text[start:end]
                if words not in name:
                    break
                distance = start if side == 0 else len(text) - end
                found[words] = min(found.get(words, distance), distance)
    return sorted(found, key=lambda w: (-len(w), found[w]))


def with_alias(cat: Catalogue, code: str, alias: str) -> Catalogue:
    """Return a copy of `cat` whose indicator `code` has `alias` too (the profile is untouched)."""
    ind = cat.indicators[code]
    indicators = {**cat.indicators, code: replace(ind, aliases=(*ind.aliases, alias))}
    return replace(cat, indicators=indicators)


def _key(r: NumberRecord) -> Key:
    return r.paragraph, r.start


def _reading(r: NumberRecord | None) -> tuple[str, tuple[str, ...]] | None:
    return None if r is None else (r.kind, r.codes)
