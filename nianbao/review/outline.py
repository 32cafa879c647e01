"""The outline of a finished report: its headings matched to the catalogue's parts, and the year's own texts.

Each heading (a heading style, or a short labelled line, or a labelled task line whose units' texts
follow it inline) opens a section that runs to the next heading of the same or a higher level. A
part goes to the deepest section holding most of its evidence — the units' texts of the year that
belong to it and the figures of its indicators — and whose words fit it; a part without evidence
goes by words alone. Paragraphs that are a unit's text of the adopted year (or a rule's candidate
sentence) are the year's own: the template keeps them for that year only and brings next year's
texts through the part's loop.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from nianbao.profile.catalogue import Catalogue
from nianbao.review.labels import Label, heading_levels, runins

_SPACE = re.compile(r"\s+")
_SHORT = 40  # a labelled line this short, without a sentence inside, is a heading
_TITLE = 30  # the title sentence of a labelled task line with its texts inline
_MIN_ITEM = 6  # an inline text shorter than this is too common to place a part by
_FIT = 0.5


@dataclass(frozen=True)
class Item:
    """A text of the adopted year that a draft would print: a unit's text or a rule's candidate."""

    part: str
    text: str
    candidate: bool = False


@dataclass(frozen=True)
class Block:
    """A top-level paragraph (or table: no text) of the body, with its heading label and style."""

    text: str
    label: Label | None
    heading: bool
    paragraph: bool = True


@dataclass(frozen=True)
class PartPlace:
    """Where a part's texts go: after block `after` (a loop), or inline in block `inline`."""

    part: str
    section: int
    after: int
    level: str  # the label level of the loop's items (h3…), "" for none
    ref: int  # the block whose formatting the loop's paragraphs copy
    inline: int | None = None
    lead: int = 0  # inline: where the year's texts start in the paragraph
    runin: bool = False  # the texts are counted 一是, 二是 … (inline, or a loop after run-in prose)


@dataclass
class Outline:
    """The numbering levels, the parts' places, the year's own paragraphs and what matched nothing."""

    levels: dict[str, str]
    runin: bool
    places: list[PartPlace] = field(default_factory=list)
    own: list[int] = field(default_factory=list)
    counted: set[int] = field(default_factory=set)  # blocks whose 一是, 二是 become num.runin()
    unmatched_headings: list[str] = field(default_factory=list)
    unmatched_parts: list[str] = field(default_factory=list)


def plain(text: str) -> str:
    """Return `text` without any whitespace (for comparing a paragraph with a unit's text)."""
    return _SPACE.sub("", text)


def fit(title: str, name: str) -> float:
    """Return how much of part name `name` the heading `title` has: its share of the name's bigrams."""
    grams = {name[i : i + 2] for i in range(len(name) - 1)} - {""}
    return sum(g in title for g in grams) / len(grams) if grams else 0.0


class _Reader:
    def __init__(self, blocks: Sequence[Block], items: Sequence[Item]) -> None:
        self.blocks = blocks
        self.items = [i for i in items if plain(i.text)]
        self.levels = heading_levels([b.label.sample for b in blocks if b.label])

    def level(self, b: Block) -> int:
        lv = self.levels.get(b.label.sample) if b.label else None
        return int(lv[1]) if lv else 1

    def body(self, b: Block) -> str:
        return b.text[b.label.end :] if b.label else b.text

    def own(self, b: Block) -> list[Item]:
        """Return the items paragraph `b` consists of (one, or several merged), else []."""
        text = plain(self.body(b))
        if not text or not b.paragraph:
            return []
        whole = [i for i in self.items if plain(i.text) == text]
        if whole:
            return whole[:1]
        inside = self.inline(b)
        if not inside:
            return []
        first = min(b.text.index(i.text.strip()) for i in inside)
        if plain(b.text[b.label.end if b.label else 0 : first]):
            return []  # a lead of its own (a task line, the problems' opening): not a unit's text
        covered = sum(len(plain(i.text)) for i in inside)
        return inside if covered >= 0.9 * len(text) else []

    def inline(self, b: Block) -> list[Item]:
        return [i for i in self.items if len(i.text) >= _MIN_ITEM and i.text.strip() in b.text]

    def title(self, b: Block) -> str:
        return re.split(r"[。：:]", self.body(b).strip(), maxsplit=1)[0]

    def is_section(self, b: Block) -> bool:
        if not b.paragraph or not b.text.strip():
            return False
        if b.heading:
            return True
        body = self.body(b).strip()
        if b.label is None:
            return False
        if len(body) <= _SHORT and "。" not in body[:-1]:
            return True
        return len(self.title(b)) <= _TITLE and bool(self.inline(b))


def outline_of(
    blocks: Sequence[Block], items: Sequence[Item], figures: Mapping[int, list[str]], cat: Catalogue
) -> Outline:
    """Return the outline of the report `blocks`, given the year's `items` and the parts of the
    figures bound in each block (`figures`: block → part keys)."""
    reader = _Reader(blocks, items)
    result = Outline(reader.levels, any(runins(b.text) for b in blocks))
    result.counted = counted_runins(blocks, reader.levels)
    own = {i: reader.own(b) for i, b in enumerate(blocks)}
    starts = [i for i, b in enumerate(blocks) if not own[i] and reader.is_section(b)]
    ends = {
        s: next(
            (t for t in starts if t > s and reader.level(blocks[t]) <= reader.level(blocks[s])),
            len(blocks),
        )
        for s in starts
    }
    evidence: dict[str, Counter[int]] = {p.key: Counter() for p in cat.parts}
    for i, b in enumerate(blocks):
        for item in own[i] or reader.inline(b):
            evidence.setdefault(item.part, Counter())[i] += 2
        for key in figures.get(i, []):
            evidence.setdefault(key, Counter())[i] += 1
    taken: set[int] = set()
    for part in cat.parts:
        s = _section_of(reader, blocks, starts, ends, evidence.get(part.key, Counter()), part.name)
        if s is None:
            result.unmatched_parts.append(part.name)
            continue
        taken.add(s)
        place = _place(reader, blocks, part.key, part.section, s, ends[s], own, result.counted)
        result.places.append(place)
    inline = {p.inline for p in result.places}
    result.own = [i for i, found in own.items() if found and i not in inline]
    for s in starts:
        inner = [t for t in taken if s <= t < ends[s]]
        if not inner:
            result.unmatched_headings.append(blocks[s].text.strip())
    return result


def _section_of(
    reader: _Reader,
    blocks: Sequence[Block],
    starts: Sequence[int],
    ends: Mapping[int, int],
    found: Counter[int],
    name: str,
) -> int | None:
    """Return the section a part with evidence `found` and name `name` goes to, or None.

    Most evidence and closest words first; between equals, the deeper heading.
    """
    total = sum(found.values())
    best: tuple[float, int, int] | None = None
    for s in starts:
        share = sum(n for i, n in found.items() if s <= i < ends[s]) / total if total else 0.0
        words = fit(reader.title(blocks[s]), name)
        if share < _FIT and words < _FIT:
            continue
        key = (share + words, reader.level(blocks[s]), s)
        if best is None or key[:2] > best[:2]:
            best = key
    return None if best is None else best[2]


def _place(
    reader: _Reader,
    blocks: Sequence[Block],
    key: str,
    section: str,
    s: int,
    end: int,
    own: Mapping[int, list[Item]],
    counted: set[int],
) -> PartPlace:
    """Return where part `key`, matched to the section at block `s`, gets its texts."""
    scope = range(s, end)
    if section in ("problems", "tasks"):
        for i in scope:
            mine = [it for it in reader.inline(blocks[i]) if it.part == key]
            if not mine:
                continue
            text = blocks[i].text
            first = min(text.index(it.text.strip()) for it in mine)
            labels = [a for a, b in runins(text) if b == first]
            lead = labels[0] if labels else first
            label = blocks[i].label
            if plain(text[label.end if label else 0 : lead]):
                return PartPlace(key, s, i, "", i, inline=i, lead=lead, runin=bool(labels))
    units = [i for i in scope if any(it.part == key for it in own[i])]
    levels = Counter(
        reader.levels.get(label.sample, "")
        for i in (units or scope[1:])
        if (label := blocks[i].label) and reader.level(blocks[i]) > reader.level(blocks[s])
    )
    level = levels.most_common(1)[0][0] if levels else ""
    body = [i for i in scope[1:] if blocks[i].paragraph and blocks[i].text.strip()]
    ref = units[-1] if units else (body[-1] if body else s)
    # The office rewrote the units' texts into prose counted 一是, 二是: next year's go on counting.
    runin = not units and not level and any(i in counted for i in scope[1:])
    return PartPlace(key, s, end - 1, level, ref, runin=runin)


def counted_runins(blocks: Sequence[Block], levels: Mapping[str, str]) -> set[int]:
    """Return the blocks whose run-in labels 一是, 二是 … become `num.runin()`: the first run-in
    paragraph after each heading label; a second under one heading stays as typed (the counter
    would go on from the first)."""
    found: set[int] = set()
    counted = False
    for i, b in enumerate(blocks):
        if not b.paragraph:
            continue
        if b.label and levels.get(b.label.sample):
            counted = False  # num.runin() restarts at every heading label
        if not counted and runins(b.text):
            found.add(i)
            counted = True
    return found
