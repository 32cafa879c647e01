"""The office's own braces in an adopted template: printed as typed, never read as tags, lint clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.oxml.ns import nsdecls
from docx.oxml.parser import parse_xml
from lxml import etree

from nianbao.draft.render import jinja_env
from nianbao.draft.tags import Para, scan
from nianbao.review.literals import escape_braces, escape_markup, literal_edits

from .hand_typed import Paragraph, plain, type_report
from .test_adopted_profile import YEAR, adopt_2021, redraft

TEXTS = [
    "系统提示为{{ 姓名 }}",
    "{% if 条件 %}照写{% endif %}",
    "{# 备注 #}",
    "结尾}}",
    "比例100%}",
    "{{{",
    "{%- 空白 -%}",
    "集合{1,2}与{}",
    "没有花括号",
]


def _applied(text: str) -> str:
    for e in sorted(literal_edits(text), key=lambda e: e.start, reverse=True):
        text = text[: e.start] + e.tag + text[e.end :]
    return text


@pytest.mark.parametrize("text", TEXTS)
def test_an_escaped_text_prints_itself_and_holds_only_whole_tags(text: str) -> None:
    template = _applied(text)
    assert template == escape_braces(text)
    assert jinja_env().from_string(template).render() == text
    tags, strays = scan([Para(1, "第1段", template, False)])
    assert strays == []
    assert all(t.closed and t.body.startswith("'") for t in tags)


def test_field_codes_and_attributes_are_escaped_but_a_guid_is_left_alone() -> None:
    root = parse_xml(
        f"<w:body {nsdecls('w', 'wp')}><w:p><w:r><w:instrText>MERGEFIELD {{{{姓名}}}}</w:instrText>"
        '</w:r><w:r><w:t>{{ year }}</w:t></w:r></w:p><wp:docPr id="1" name="图" descr="{% 图 %}"/>'
        '<w:sdt><w:sdtPr><w:tag w:val="{1F2E-33AA}"/></w:sdtPr></w:sdt></w:body>'
    )
    before = etree.tostring(root, encoding="unicode")
    assert escape_markup(root) == 2
    after = etree.tostring(root, encoding="unicode")
    assert "{{ year }}" in after  # a paragraph's text is the edits' business, not this sweep's
    assert 'w:val="{1F2E-33AA}"' in after
    rendered = jinja_env().from_string(after).render(year=2021)
    assert rendered == before.replace("{{ year }}", "2021")


# Paragraphs with braces put into the hand-typed report; a tuple is typed as separate runs.
_BRACED: list[Paragraph] = [
    "系统生成的通知模板中，{{ 姓名 }}、{% if 条件 %}、{# 备注 #}等符号照原样保留，结尾的}}和%}也是。",
    (("模板中写有{", {}), ("%p if 年度 %", {}), ("}的标记。", {})),
]


def test_braces_typed_in_a_report_come_back_as_typed(
    hand_built: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """Jinja never reads them: the template lints clean and both years print them as typed,
    also where a brace ends one run and a % starts the next (docxtpl glues runs there)."""
    _, words = hand_built
    typed = [*words[:4], *_BRACED, *words[4:]]
    report = type_report(typed, tmp_path / "花括号.docx")
    result = adopt_2021(report, tmp_path / "profile")
    assert result.lint_errors == 0, [str(p) for p in result.problems]
    assert not [p for p in result.problems if p.rule in ("stray", "syntax", "unterminated")]
    assert redraft(result.folder, YEAR, tmp_path / "again") == [plain(p) for p in typed]
    later = redraft(result.folder, 2022, tmp_path / "later")
    assert [plain(p) for p in _BRACED] == later[4:6]
