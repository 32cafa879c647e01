"""A report typed by hand (no controls, no nianbao styles, its own label style) adopted as a template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from nianbao.word.document import paragraph_text

from .hand_typed import Paragraph, type_report
from .test_adopted_profile import YEAR, adopt_2021, redraft


def test_a_hand_built_report_numbers_as_it_did_and_comes_back(
    hand_built: tuple[Path, list[str]], tmp_path: Path
) -> None:
    report, words = hand_built
    result = adopt_2021(report, tmp_path / "profile")
    assert result.lint_errors == 0
    assert result.template.outline.levels == {"一、": "h1", "（一）": "h2", "1.": "h3"}
    assert len(result.template.parts) == 13
    assert redraft(result.folder, YEAR, tmp_path / "again") == words


def test_a_gap_in_the_hand_typed_numbering_is_closed(
    hand_built: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """The office skipped （三）: the redraft counts （一）（二）（三） — the only change."""
    _, words = hand_built
    numerals = "一二三四五六七八九十"
    typed, skipped = [], False
    for text in words:
        skipped = skipped or text.startswith("（三）")
        if skipped and (m := re.match(r"（([一二三四五六七八九])）", text)) and "二、" not in text:
            text = f"（{numerals[numerals.index(m[1]) + 1]}）{text[m.end() :]}"
        skipped = skipped and not text.startswith("二、")
        typed.append(text)
    doc = Document()
    for text in typed:
        doc.add_paragraph(text)
    doc.save(str(tmp_path / "跳号.docx"))
    result = adopt_2021(tmp_path / "跳号.docx", tmp_path / "profile")
    again = redraft(result.folder, YEAR, tmp_path / "again")
    assert again == words
    assert again != typed


def test_a_heading_of_no_part_is_kept_and_a_part_without_heading_listed(
    hand_built: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """The office dropped （一） with its texts and wrote a section of its own: the section stays as
    fixed text, both are listed, and the rest still comes back."""
    _, words = hand_built
    start = next(i for i, text in enumerate(words) if text.startswith("（一）"))
    end = next(i for i, text in enumerate(words) if text.startswith("（二）"))
    own = [
        "（一）机关作风建设",
        "全年组织机关干部开展作风纪律专项教育：一是集中学习，二是交叉检查。",
        "同时建立长效机制：一是定期通报，二是跟踪回访。",  # counted again under one heading
    ]
    typed = words[:start] + own + words[end:]
    doc = Document()
    for text in typed:
        doc.add_paragraph(text)
    doc.save(str(tmp_path / "自拟.docx"))
    result = adopt_2021(tmp_path / "自拟.docx", tmp_path / "profile")
    assert result.template.outline.unmatched_headings == ["（一）机关作风建设"]
    assert result.template.outline.unmatched_parts == [
        "学习贯彻习近平法治思想，统筹推进法治政府建设"
    ]
    assert redraft(result.folder, YEAR, tmp_path / "again") == typed


HAND_LOOK = {"font": "仿宋_GB2312", "size": 16, "bold": True, "color": "1F3864"}


def _looks(path: Path, words: str) -> list[tuple[str, str, str, bool, str]]:
    """Return (text, east-Asian font, size, bold, colour) of each run of the paragraph of `path`
    that holds `words`, the runs inside content controls included."""
    doc = Document(str(path))
    (p,) = [p for p in doc.element.body.iter(qn("w:p")) if words in paragraph_text(p)]
    looks = []
    for r in p.iter(qn("w:r")):
        text = "".join(t.text or "" for t in r.iter(qn("w:t")))
        rpr = r.find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        size = rpr.find(qn("w:sz")) if rpr is not None else None
        color = rpr.find(qn("w:color")) if rpr is not None else None
        if text:
            looks.append(
                (
                    text,
                    fonts.get(qn("w:eastAsia"), "") if fonts is not None else "",
                    size.get(qn("w:val"), "") if size is not None else "",
                    rpr is not None and rpr.find(qn("w:b")) is not None,
                    color.get(qn("w:val"), "") if color is not None else "",
                )
            )
    return looks


@pytest.mark.parametrize("year", [YEAR, 2022])
def test_figures_of_a_paragraph_typed_in_its_own_font_keep_that_font(
    hand_built: tuple[Path, list[str]], tmp_path: Path, year: int
) -> None:
    """The office set the paragraph in 仿宋_GB2312 三号 bold by hand: the drafted figures, their
    unit words and changes are set so too, not in the paragraph style's font."""
    _, words = hand_built
    at = next(i for i, text in enumerate(words) if "1426项" in text)
    typed: list[Paragraph] = [*words[:at], [(words[at], HAND_LOOK)], *words[at + 1 :]]
    result = adopt_2021(type_report(typed, tmp_path / "字体.docx"), tmp_path / "profile")
    redraft(result.folder, year, tmp_path / "again")
    (draft,) = (tmp_path / "again").glob("*草稿*.docx")
    looks = _looks(draft, "推进政务服务事项网上办理")
    assert len(looks) > 10  # the figures' runs, the text between them
    assert {look[1:] for look in looks} == {("仿宋_GB2312", "32", True, "1F3864")}
