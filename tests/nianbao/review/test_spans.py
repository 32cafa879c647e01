"""A paragraph's text across runs: phrases found, replaced and highlighted over run boundaries."""

from __future__ import annotations

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from nianbao.review.spans import Spans
from nianbao.word.document import paragraph_text

W_R, W_T = qn("w:r"), qn("w:t")


def _paragraph(*runs: str) -> etree._Element:
    """Build a paragraph: `*x` is bold, `[x]` a content control, `~x` tracked-deleted, else plain."""
    xml = []
    for run in runs:
        if run.startswith("*"):
            xml.append(f"<w:r><w:rPr><w:b/></w:rPr><w:t>{run[1:]}</w:t></w:r>")
        elif run.startswith("["):
            xml.append(
                f"<w:sdt><w:sdtContent><w:r><w:t>{run[1:-1]}</w:t></w:r></w:sdtContent></w:sdt>"
            )
        elif run.startswith("~"):
            xml.append(
                f'<w:del w:id="1" w:author="审"><w:r><w:delText>{run[1:]}</w:delText></w:r></w:del>'
            )
        else:
            xml.append(f"<w:r><w:t>{run}</w:t></w:r>")
    return parse_xml(f"<w:p {nsdecls('w')}>{''.join(xml)}</w:p>")


def _runs(p: etree._Element) -> list[str]:
    """Return the text of each run with text, bold ones marked `*`, highlighted ones `!`."""
    shown = []
    for r in p.iter(W_R):
        text = "".join(t.text or "" for t in r.iter(W_T))
        rpr = r.find(qn("w:rPr"))
        bold = rpr is not None and rpr.find(qn("w:b")) is not None
        lit = rpr is not None and rpr.find(qn("w:highlight")) is not None
        if text:
            shown.append(("!" if lit else "") + ("*" if bold else "") + text)
    return shown


@pytest.mark.parametrize(
    ("runs", "phrase", "found"),
    [
        (["条，同比增", "长", "12.4", "7%"], "同比增长12.47%", [2]),
        (["增长5%，", "[12]", "增长5%"], "增长5%", [0, 7]),
        (["约", "[12]", "%"], "12%", []),
        (["同比", "~下降", "增长3%"], "同比增长3%", [0]),
        (["同比增长3%"], "", []),
    ],
    ids=["across-runs", "twice", "touches-a-control", "deletion-skipped", "empty-phrase"],
)
def test_a_phrase_is_found_across_runs_outside_controls(
    runs: list[str], phrase: str, found: list[int]
) -> None:
    """Offsets are in the visible text; a phrase running into a figure's control is not a match."""
    spans = Spans(_paragraph(*runs))
    assert spans.text == paragraph_text(spans.p)
    assert spans.find(phrase) == found


@pytest.mark.parametrize(
    ("runs", "old", "new", "after"),
    [
        (
            ["*条，同比增", "长", "12.4", "7%", "，好"],
            "同比增长12.47%",
            "同比下降3.20%",
            ["*条，同比下降3.20%", "，好"],
        ),
        (["比上年增", "长", "[866]", "%"], "增长", "下降", ["比上年下降", "866", "%"]),
        (["*万", "元，", "共计"], "万元", "亿元", ["*亿元", "，", "共计"]),
    ],
    ids=["wording-keeps-first-run-format", "prefix-split-by-libreoffice", "unit-split"],
)
def test_a_phrase_is_replaced_in_its_first_run(
    runs: list[str], old: str, new: str, after: list[str]
) -> None:
    """The new text goes where the old began, in that run's formatting; emptied runs go."""
    p = _paragraph(*runs)
    spans = Spans(p)
    at = spans.find(old)[0]
    assert spans.replace(at, at + len(old), new)
    assert _runs(p) == after


@pytest.mark.parametrize(
    ("runs", "start", "end", "done", "text"),
    [
        (["前", "[12]", "后"], 0, 2, False, "前12后"),
        (["前", "[12]", "后"], 1, 1, True, "前增长12后"),
        (["[12]", "后"], 0, 0, False, "12后"),
        (["[12]", "后"], 2, 2, True, "12增长后"),
    ],
    ids=["into-a-control", "insert-before-control", "nothing-before-control", "insert-after"],
)
def test_replacing_never_touches_a_control(
    runs: list[str], start: int, end: int, done: bool, text: str
) -> None:
    """A range reaching into a figure's digits is refused; an insertion goes into text beside it."""
    p = _paragraph(*runs)
    spans = Spans(p)
    assert spans.replaceable(start, end) is done
    assert spans.replace(start, end, "增长") is done
    assert paragraph_text(p) == text


def test_highlight_splits_runs_to_mark_only_the_range() -> None:
    """Only the stale figure is highlighted; the runs around it keep their text and formatting."""
    p = _paragraph("*收到评价", "[108415]", "条，较上年增长12.", "47%，好评")
    spans = Spans(p)
    at = spans.text.index("12.47%")
    spans.highlight(at, at + len("12.47%"))
    assert _runs(p) == ["*收到评价", "108415", "条，较上年增长", "!12.", "!47%", "，好评"]
    assert paragraph_text(p) == "收到评价108415条，较上年增长12.47%，好评"


def test_bounds_of_a_control_are_its_offsets_in_the_paragraph() -> None:
    """The digits of a control sit between the text before and after it."""
    p = _paragraph("收到", "评价", "[108415]", "条")
    sdt = next(p.iter(qn("w:sdt")))
    assert Spans(p).bounds(sdt) == (4, 10)
