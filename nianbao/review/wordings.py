"""Year-on-year wordings printed beside figures: found across runs and updated, or listed and highlighted."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

from nianbao.draft.context import FigureView
from nianbao.review.changes import Change
from nianbao.review.spans import Spans
from nianbao.word import anchors

# The stale part of a wording a reviewer rewrote around: 12.47%, 0.66个百分点, 137
_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:%|个百分点)?")
HIGHLIGHTED = "已在草稿中标黄"


@dataclass
class Wordings:
    """What a refresh did to the wordings: change entries, print counts, wordings left as they were."""

    changes: list[Change] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # code → how often its wording is printed
    kept: dict[str, str] = field(default_factory=dict)  # code → the wording the draft still shows

    def record(self, sidecar: dict[str, Any]) -> None:
        """Note in `sidecar` the wordings the draft still shows, so the next refresh finds them."""
        for code, old in self.kept.items():
            if code in sidecar.get("figures", {}):
                sidecar["figures"][code]["change"] = old


def refresh_wordings(
    record: Mapping[str, Any] | None,
    views: Mapping[str, FigureView],
    paragraphs: Mapping[str, Sequence[etree._Element]],
    refused: Collection[str],
) -> Wordings:
    """Update the year-on-year wording printed beside each figure whose wording changed.

    `paragraphs` holds, by code, the paragraphs of the figure's places. The wording last printed
    (from `record`) is looked for there across runs, and replaced only when it occurs exactly as
    often as it was printed; otherwise it is a conflict, listed and highlighted. The wording of a
    figure left as the reviewer has it (`refused`) stays as it is.
    """
    done = Wordings()
    for code, entry in (record or {}).get("figures", {}).items():
        count, old = int(entry.get("change_count", 0)), str(entry.get("change", ""))
        view = views.get(code)
        if not count or view is None:
            continue
        done.counts[code] = count
        if view.change == old:
            continue
        if code in refused:
            done.kept[code] = old
            continue
        found = [Spans(p) for p in dict.fromkeys(paragraphs.get(code, []))]
        hits = [(spans, at) for spans in found for at in spans.find(old)]
        if view.change and len(hits) == count:
            for spans, at in reversed(hits):  # the last first: earlier offsets stay valid
                spans.replace(at, at + len(old), view.change)
            where = _where(Spans(spans.p) for spans in found)
            done.changes.append(Change("wording", code, view.name, old, view.change, where=where))
            continue
        note = f"草稿中找到{len(hits)}处，应为{count}处" if view.change else "新数据无上年数"
        if _highlight(found, hits, old, code):
            note += f"，{HIGHLIGHTED}"
        done.kept[code] = old
        where = _where(found)
        done.changes.append(
            Change("wording", code, view.name, old, view.change, note=note, where=where)
        )
    return done


def _highlight(found: list[Spans], hits: list[tuple[Spans, int]], old: str, code: str) -> bool:
    """Highlight what the reviewer should look at; return whether anything was.

    The old wording where it is (found too often), else the figures it names (12.47%) that are
    still in these paragraphs, else the figure itself.
    """
    ranges = [(spans, at, at + len(old)) for spans, at in hits]
    if not ranges:
        numbers = _NUMBER.findall(old)
        ranges = [
            (spans, at, at + len(number))
            for spans in found
            for number in numbers
            for at in spans.find(number)
        ]
    if not ranges:
        ranges = [
            (spans, *spans.bounds(sdt))
            for spans in found
            for sdt in spans.p.iter(qn("w:sdt"))
            if code in anchors.control_key(sdt)
        ]
    for spans, start, end in ranges:
        spans.highlight(start, end)
    return bool(ranges)


def _where(found: Any) -> str:
    """Return the text of the paragraphs concerned, one per line."""
    return "\n".join(spans.text for spans in found)
