"""Next year's units' texts follow the label style the office used in their part.

Where the office rewrote a part's unit texts into prose counted 一是、二是, next year's texts of
that part go on counting (三是 …); where it kept them as plain paragraphs, they stay plain.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao import pipeline
from nianbao.draft.numbering import chinese_numeral
from nianbao.profile.loading import load_catalogue

from ...conftest import INPUTS, PROFILE
from .hand_typed import type_report
from .test_adopted_profile import YEAR, adopt_2021, redraft

PART = "enforcement"  # 严格规范公正文明执法, the section （五）规范行政执法行为…
PROSE = (
    "基层执法规范化同步推进：一是明港镇作为全省试点，建立执法案卷定期评查和问题通报制度；"
    "二是乡综合行政执法队逐项公示执法主体、依据和程序，案卷统一归档。"
)


def _section(words: list[str]) -> tuple[int, int]:
    start = next(i for i, text in enumerate(words) if text.startswith("（五）"))
    end = next(i for i, text in enumerate(words) if text.startswith("（六）"))
    return start, end


def _typed(words: list[str], rewritten: bool) -> list[str]:
    """Section （五） without item labels: its two units' texts rewritten into run-in prose, or
    kept as typed (plain paragraphs) after a run-in sentence of the office's own."""
    start, end = _section(words)
    items = [text.split(".", 1)[1] for text in words[start + 1 : end]]
    body = [*items[:2], PROSE] if rewritten else [*items[:2], PROSE, *items[2:]]
    return [*words[: start + 1], *body, *words[end:]]


def _texts_2022() -> list[str]:
    cat = load_catalogue(PROFILE)
    return [t.text for t in pipeline.gather(INPUTS / "2022", cat, 2022).texts if t.part == PART]


@pytest.mark.parametrize("rewritten", [True, False], ids=["rewritten-into-prose", "kept-plain"])
def test_next_year_s_texts_follow_the_part_s_label_style(
    hand_built: tuple[Path, list[str]], tmp_path: Path, rewritten: bool
) -> None:
    _, words = hand_built
    typed = _typed(words, rewritten)
    result = adopt_2021(type_report(typed, tmp_path / "改写.docx"), tmp_path / "profile")
    assert result.lint_errors == 0
    place = next(p for p in result.template.outline.places if p.part == PART)
    assert (place.level, place.runin) == ("", rewritten)
    assert redraft(result.folder, YEAR, tmp_path / "again") == typed
    later = redraft(result.folder, 2022, tmp_path / "later")
    _, end = _section(later)
    at = later.index(PROSE)
    expected = _texts_2022()
    assert expected  # 2022 has texts for the part
    if rewritten:
        expected = [f"{chinese_numeral(n)}是{text}" for n, text in enumerate(expected, 3)]
    assert later[at + 1 : end] == expected
