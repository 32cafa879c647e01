"""Rendering: computed numbering, figures in content controls with bookmarks, escaping, no overwrite."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from nianbao.checks.accepted import Text
from nianbao.core.errors import TemplateError
from nianbao.draft.context import FigureView, TextIndex
from nianbao.draft.numbering import Numbering
from nianbao.draft.render import bookmark_name, render_draft
from nianbao.figures.phrasing import Phrase
from nianbao.intake.readers import CellRef
from nianbao.word.document import document_text


def _template(path: Path, paragraphs: list[str]) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(str(path))
    return path


def _text(unit: str, part: str, text: str) -> Text:
    return Text("u", unit, part, "亮点做法", text, CellRef("f.xlsx", "亮点做法", "B2"))


def _context(texts: list[Text] | None = None, **figures: FigureView) -> dict[str, Any]:
    return {
        "num": Numbering(),
        "texts": TextIndex(texts or [], {}),
        "figures": figures,
        "checklist": [],
    }


PARTS = [
    "{%p if texts.of('a') %}",
    "{{ num.h1() }}甲部分",
    "{%p endif %}",
    "{%p if texts.of('b') %}",
    "{{ num.h1() }}乙部分",
    "{%p for t in texts.of('b') %}",
    "{{ num.h2() }}{{ t.text }}{{r t|source }}",
    "{%p endfor %}",
    "{%p endif %}",
    "{{ num.h1() }}丙部分",
]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (
            [_text("甲镇", "a", "x"), _text("乙镇", "b", "做法一"), _text("丙镇", "b", "做法二")],
            [
                "一、甲部分",
                "二、乙部分",
                "（一）做法一（来源：乙镇）",
                "（二）做法二（来源：丙镇）",
                "三、丙部分",
            ],
        ),
        (
            [_text("乙镇", "b", "做法一")],
            ["一、乙部分", "（一）做法一（来源：乙镇）", "二、丙部分"],
        ),
        ([], ["一、丙部分"]),
    ],
    ids=["all-parts", "first-part-empty", "only-fixed-part"],
)
def test_empty_parts_disappear_and_the_rest_renumber(
    tmp_path: Path, texts: list[Text], expected: list[str]
) -> None:
    """Numbering is computed while rendering: a skipped heading takes no number."""
    out = render_draft(
        _template(tmp_path / "t.docx", PARTS), _context(texts), tmp_path / "out.docx"
    )
    assert document_text(out).splitlines() == expected


def test_numbering_style_is_set_by_the_template_alone(tmp_path: Path) -> None:
    """One `num.style` line in the template switches 一、/1、 to other styles, no code change."""
    tpl = _template(
        tmp_path / "t.docx",
        [
            '{%p do num.style(h1="第一部分 ", h2="1.") %}',
            "{{ num.h1() }}甲",
            "{{ num.h2() }}乙",
            "{{ num.h2() }}丙",
        ],
    )
    out = render_draft(tpl, _context(), tmp_path / "out.docx")
    assert document_text(out).splitlines() == ["第一部分 甲", "1.乙", "2.丙"]


def _view(code: str, number: str | None, suffix: str = "项", flagged: bool = False) -> FigureView:
    phrase = Phrase(number, suffix) if number is not None else None
    return FigureView(code, "“一网通办”业务事项数", phrase, "同比增长5.00%", flagged)


def test_figure_sits_in_a_tagged_content_control_after_its_bookmark(tmp_path: Path) -> None:
    """Only the digits are inside the control; the unit word follows as plain text."""
    tpl = _template(
        tmp_path / "t.docx",
        ["全区{{r 'zwfw.online_items'|fig }}事项{{r 'zwfw.online_items'|change('，') }}。"],
    )
    out = render_draft(
        tpl,
        _context(**{"zwfw.online_items": _view("zwfw.online_items", "1426")}),
        tmp_path / "o.docx",
    )
    assert document_text(out) == "全区1426项事项，同比增长5.00%。"
    body = Document(str(out)).element.body
    (sdt,) = body.iter(qn("w:sdt"))
    assert sdt.find(qn("w:sdtPr")).find(qn("w:tag")).get(qn("w:val")) == "zwfw.online_items"
    assert "".join(t.text for t in sdt.iter(qn("w:t"))) == "1426"
    names = [b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))]
    assert names == [bookmark_name("zwfw.online_items")] == ["nb_zwfw_online_items"]


def test_missing_figure_is_a_highlighted_placeholder(tmp_path: Path) -> None:
    """No data renders 【待补充：指标名】 in yellow, never 0."""
    tpl = _template(tmp_path / "t.docx", ["全区{{r 'zwfw.online_items'|fig }}事项。"])
    out = render_draft(
        tpl,
        _context(**{"zwfw.online_items": _view("zwfw.online_items", None)}),
        tmp_path / "o.docx",
    )
    assert document_text(out) == "全区【待补充：“一网通办”业务事项数】事项。"
    highlights = [
        h.get(qn("w:val")) for h in Document(str(out)).element.body.iter(qn("w:highlight"))
    ]
    assert highlights == ["yellow"]


def test_partial_figure_is_printed_and_highlighted(tmp_path: Path) -> None:
    """A sum with units missing is shown, highlighted for the reviewer."""
    tpl = _template(tmp_path / "t.docx", ["{{r 'x.y'|fig }}"])
    out = render_draft(
        tpl, _context(**{"x.y": _view("x.y", "12", flagged=True)}), tmp_path / "o.docx"
    )
    assert document_text(out) == "12项"
    assert len(list(Document(str(out)).element.body.iter(qn("w:highlight")))) == 2


def test_special_characters_in_unit_text_survive(tmp_path: Path) -> None:
    """Free text with & < > and quotes is escaped, not lost (autoescape on)."""
    tpl = _template(
        tmp_path / "t.docx",
        ["{%p for t in texts.of('b') %}", "{{ t.text }}{{r t|source }}", "{%p endfor %}"],
    )
    texts = [_text("司法局 & 法制办", "b", "推行“一窗受理” & <集成服务>")]
    out = render_draft(tpl, _context(texts), tmp_path / "o.docx")
    assert document_text(out) == "推行“一窗受理” & <集成服务>（来源：司法局 & 法制办）"


def test_unknown_code_in_template_is_a_template_problem(tmp_path: Path) -> None:
    """A template naming a code the catalogue lacks stops with the code in the message."""
    tpl = _template(tmp_path / "t.docx", ["{{r 'no.such'|fig }}"])
    with pytest.raises(TemplateError, match=r"no\.such"):
        render_draft(tpl, _context(), tmp_path / "o.docx")


def test_syntax_error_is_reported_in_chinese(tmp_path: Path) -> None:
    """A broken Jinja tag gives a TemplateError with nearby text, not a raw traceback."""
    tpl = _template(tmp_path / "t.docx", ["前文", "{%p if %}", "后文"])
    with pytest.raises(TemplateError, match="模板渲染失败"):
        render_draft(tpl, _context(), tmp_path / "o.docx")


def test_render_never_overwrites_an_existing_draft(tmp_path: Path) -> None:
    """Rendering twice to the same name keeps both files."""
    tpl = _template(tmp_path / "t.docx", ["{{ num.h1() }}甲"])
    first = render_draft(tpl, _context(), tmp_path / "d.docx")
    second = render_draft(tpl, _context(), tmp_path / "d.docx")
    assert (first.name, second.name) == ("d.docx", "d-2.docx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d-2.docx", "d.docx", "t.docx"]


def test_bookmark_names_fit_word_rules() -> None:
    """Bookmark names stay within Word's 40-character, letters-digits-underscore rule."""
    name = bookmark_name("a_very_long_domain.an_extremely_long_indicator_name_here", 3)
    assert len(name) <= 40
    assert name.replace("_", "").isalnum()
    assert bookmark_name("zwfw.online_items", 2) == "nb_zwfw_online_items_2"
