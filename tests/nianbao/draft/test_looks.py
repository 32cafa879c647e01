"""A run tag's own formatting carries onto the runs it prints; text around the tag keeps its look."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from lxml import etree

from nianbao.core.errors import TemplateError
from nianbao.draft.context import FigureView, TextIndex
from nianbao.draft.numbering import Numbering
from nianbao.draft.render import render_draft
from nianbao.figures.phrasing import Phrase

FONT = "仿宋_GB2312"
Look = dict[str, Any]
HAND: Look = {"font": FONT, "size": 16, "bold": True, "color": "C00000"}
PLAIN: Look = {}


def _template(path: Path, runs: list[tuple[str, Look]]) -> Path:
    doc = Document()
    p = doc.add_paragraph()
    for text, look in runs:
        run = p.add_run(text)
        if "font" in look:
            run.font.name = look["font"]
            run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), look["font"])
        if "size" in look:
            run.font.size = Pt(look["size"])
        if "bold" in look:
            run.font.bold = look["bold"]
        if "color" in look:
            run.font.color.rgb = RGBColor.from_string(look["color"])
    doc.save(str(path))
    return path


def _context(number: str | None = "1426", flagged: bool = False) -> dict[str, Any]:
    phrase = Phrase(number, "项") if number is not None else None
    view = FigureView("zwfw.online_items", "“一网通办”业务事项数", phrase, "同比增长5.00%", flagged)
    return {
        "num": Numbering(),
        "texts": TextIndex([], {}),
        "figures": {"zwfw.online_items": view},
        "checklist": [],
    }


def _runs(path: Path) -> list[tuple[str, etree._Element | None]]:
    """Return (text, rPr) of every run of the first paragraph, controls' runs included."""
    p = Document(str(path)).element.body.find(qn("w:p"))
    return [
        ("".join(t.text or "" for t in r.iter(qn("w:t"))), r.find(qn("w:rPr")))
        for r in p.iter(qn("w:r"))
        if "".join(t.text or "" for t in r.iter(qn("w:t")))
    ]


def _look(rpr: etree._Element | None) -> tuple[str, str, bool, str]:
    """Return (east-Asian font, half-point size, bold, colour) set directly in `rpr`."""
    if rpr is None:
        return "", "", False, ""
    fonts, size, color = rpr.find(qn("w:rFonts")), rpr.find(qn("w:sz")), rpr.find(qn("w:color"))
    return (
        fonts.get(qn("w:eastAsia"), "") if fonts is not None else "",
        size.get(qn("w:val"), "") if size is not None else "",
        rpr.find(qn("w:b")) is not None,
        color.get(qn("w:val"), "") if color is not None else "",
    )


HAND_LOOK = (FONT, "32", True, "C00000")


@pytest.mark.parametrize(
    ("tag", "printed"),
    [
        ("{{r 'zwfw.online_items'|fig }}", ["1426", "项"]),
        ("{{r 'zwfw.online_items'|change('，') }}", ["，同比增长5.00%"]),
    ],
)
def test_the_runs_a_formatted_tag_prints_take_its_formatting(
    tmp_path: Path, tag: str, printed: list[str]
) -> None:
    tpl = _template(tmp_path / "t.docx", [("全区事项", PLAIN), (tag, HAND), ("。", PLAIN)])
    runs = _runs(render_draft(tpl, _context(), tmp_path / "out.docx", comments="none"))
    assert [text for text, _ in runs] == ["全区事项", *printed, "。"]
    assert [_look(rpr) for _, rpr in runs] == [
        _look(None),
        *[HAND_LOOK] * len(printed),
        _look(None),
    ]


def test_text_typed_in_the_tag_s_run_keeps_its_formatting(tmp_path: Path) -> None:
    """docxtpl moves text after a run tag into a plain run; here it stays in the tag's look."""
    tpl = _template(tmp_path / "t.docx", [("事项{{r 'zwfw.online_items'|fig }}，已公布", HAND)])
    runs = _runs(render_draft(tpl, _context(), tmp_path / "out.docx", comments="none"))
    assert [(text, _look(rpr)) for text, rpr in runs] == [
        (text, HAND_LOOK) for text in ("事项", "1426", "项", "，已公布")
    ]


def test_a_flagged_figure_keeps_its_highlight_in_order_after_the_font(tmp_path: Path) -> None:
    tpl = _template(tmp_path / "t.docx", [("{{r 'zwfw.online_items'|fig }}", HAND)])
    runs = _runs(render_draft(tpl, _context(flagged=True), tmp_path / "out.docx", comments="none"))
    digits = runs[0][1]
    assert digits is not None
    assert _look(digits) == HAND_LOOK
    tags = [etree.QName(c).localname for c in digits]
    assert tags == ["rFonts", "b", "color", "sz", "highlight"]


def test_a_missing_figure_keeps_its_marker_style(tmp_path: Path) -> None:
    tpl = _template(tmp_path / "t.docx", [("{{r 'zwfw.online_items'|fig }}", HAND)])
    runs = _runs(render_draft(tpl, _context(number=None), tmp_path / "out.docx", comments="none"))
    ((text, rpr),) = runs
    assert text.startswith("【待补充")
    assert rpr is not None
    assert rpr.find(qn("w:rStyle")) is not None
    assert _look(rpr) == _look(None)


def test_a_plain_tag_prints_plain_runs_as_before(tmp_path: Path) -> None:
    tpl = _template(tmp_path / "t.docx", [("全区{{r 'zwfw.online_items'|fig }}。", PLAIN)])
    runs = _runs(render_draft(tpl, _context(), tmp_path / "out.docx", comments="none"))
    assert [(text, rpr) for text, rpr in runs] == [
        ("全区", None),
        ("1426", None),
        ("项", None),
        ("。", None),
    ]


def test_a_look_the_program_did_not_write_is_refused(tmp_path: Path) -> None:
    tpl = _template(tmp_path / "t.docx", [("{{r 'zwfw.online_items'|fig|look(3) }}", PLAIN)])
    with pytest.raises(TemplateError, match="look"):
        render_draft(tpl, _context(), tmp_path / "out.docx", comments="none")
    assert not (tmp_path / "out.docx").exists()
