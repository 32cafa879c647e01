"""Template lint: the shipped template is clean; a broken one reports every problem, located, at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement

from nianbao.core.errors import TemplateError
from nianbao.draft.lint import lint_template
from nianbao.draft.lint_rules import LintProblem
from nianbao.profile.catalogue import Catalogue

from ...conftest import PROFILE

# (paragraph text, expected rules for that paragraph); paragraph n of the template is BROKEN[n - 1].
BROKEN: list[tuple[str, tuple[str, ...]]] = [
    ("{{ title }}", ()),
    ("全区事项{{r 'zwfw.online_itemz'|fig }}。", ("unknown-code",)),
    ("{{ mayor }}", ("undeclared",)),
    ("{% if year %}没有结束", ("unclosed",)),
    ("{%p if year %}正文文字", ("p-text",)),
    ("{{ ti", ("split",)),
    ("tle }}", ()),
    ("{{ texts.of(‘functions’)|length }}", ("smart-quote",)),
    ("{{ year|yuan }}", ("filter",)),
    ("{%p for t in texts.of('funtions') %}", ("unknown-part",)),
    ("{{ num.h3() }}{{ t.text }}{{r t|source }}", ()),
    ("{%p endfor %}", ()),
    ("{{ year + }}", ("syntax",)),
    ("{{ 'zwfw.reviews'|fig }}", ("r-needed",)),
    ("{{r title }}", ("r-plain",)),
    ("{{ num.h5() }}", ("method",)),
    ("{%p endif %}", ()),
    ("{{ loop.index }}", ("undeclared",)),
    ("{% endfor %}", ("no-opener",)),
    ("{%p if checklist %}{%p endif %}", ("p-many",)),
    ("｛｛ title ｝｝", ("fullwidth-brace",)),
    ("{{ num.h1（） }}", ("syntax",)),
    ("{% p if year %}", ("p-space",)),
    ('{%p do num.style(h3="甲") %}', ("numbering",)),
    ("{%p if texts.of('rules') %}", ()),
    ("{% endif %}", ("prefix",)),
    ("{% for t in texts.of('rules') %}{{ t.text }}", ("inline-block",)),
    ("{% endfor %}", ()),
    ("{{ charts[0].image.tpl }}", ("attribute",)),
    ("{% do candidates.all[0].docx.save('x.docx') %}", ("attribute", "attribute")),
    ("{{ checklist.__class__ }}", ("attribute",)),
    ("{{ texts._by_part }}", ("method",)),
]
SPLIT_RUNS = len(BROKEN) + 1  # a tag cut into differently formatted runs: docxtpl repairs it
CELL = SPLIT_RUNS + 2  # the table is one row of two cells; the tag is in the second
MESSAGES = {
    "unknown-code": "指标目录中没有指标编码",
    "undeclared": "未定义的名称",
    "unclosed": "没有对应的结束标签“{% endif %}”",
    "p-text": "同段的文字“正文文字”会丢失",
    "split": "标签跨越了段落",
    "smart-quote": "英文直引号",
    "filter": "未知的过滤器“yuan”",
    "unknown-part": "没有报告部分“funtions”（是否应为“functions”？）",
    "syntax": "标签写法有误",
    "r-needed": "须写成“{{r … }}”",
    "r-plain": "普通内容请写成“{{ … }}”",
    "method": "没有“",
    "attribute": "模板只能读取报告数据",
    "no-opener": "多余的结束标签",
    "p-many": "一段里只能有一个",
    "fullwidth-brace": "全角花括号",
    "p-space": "应写成“{%p ”",
    "numbering": "编号样式有误",
    "prefix": "不能混用",
    "inline-block": "不在同一段",
}
EXPECTED = sorted(
    [(n, rule) for n, (_, rules) in enumerate(BROKEN, 1) for rule in rules]
    + [(CELL, "unknown-code")]
)


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a template holding one mistake per paragraph (see BROKEN), a table and a footer."""
    doc = Document()
    for text, _ in BROKEN:
        doc.add_paragraph(text)
    split = doc.add_paragraph()
    split.add_run("{{ is").bold = True
    split.add_run("suer }}")
    doc.add_table(rows=1, cols=2).cell(0, 1).paragraphs[0].add_run("{{r 'xx.yy'|fig }}")
    doc.sections[0].footer.paragraphs[0].text = "第{{ page_no }}页"
    path = tmp_path_factory.mktemp("lint") / "broken.docx"
    doc.save(str(path))
    return path


@pytest.fixture(scope="module")
def problems(broken: Path, catalogue: Catalogue) -> list[LintProblem]:
    """Return the lint of the broken template against the default catalogue."""
    return lint_template(broken, catalogue)


def test_shipped_template_has_no_errors(catalogue: Catalogue) -> None:
    """The default profile's report.docx passes lint without a single error."""
    problems = lint_template(PROFILE / "report.docx", catalogue)
    assert [str(p) for p in problems if p.level == "错误"] == []


def test_broken_template_reports_every_problem_at_once(problems: list[LintProblem]) -> None:
    """One run reports exactly the planted problems of the body, each at its paragraph."""
    body = sorted((p.paragraph, p.rule) for p in problems if p.paragraph and "页脚" not in p.where)
    assert body == EXPECTED


@pytest.mark.parametrize(("paragraph", "rule"), EXPECTED, ids=[f"{n}-{r}" for n, r in EXPECTED])
def test_problem_is_located_and_explained(
    problems: list[LintProblem], paragraph: int, rule: str
) -> None:
    """Each problem names its paragraph, quotes the tag and explains itself in Chinese."""
    found = [p for p in problems if p.paragraph == paragraph and p.rule == rule]
    assert found, rule
    problem = found[0]
    assert problem.where.startswith(f"第{paragraph}段")
    assert MESSAGES[rule] in problem.message
    assert problem.excerpt
    assert str(problem).startswith(f"{problem.level}：第{paragraph}段")


def test_close_matches_are_suggested(problems: list[LintProblem]) -> None:
    """A misspelt code or part key comes with the nearest catalogue entry."""
    hints = {p.rule: p.message for p in problems if "是否应为" in p.message}
    assert "“zwfw.online_items”" in hints["unknown-code"]
    assert "“functions”" in hints["unknown-part"]


@pytest.mark.parametrize(
    ("rule", "level"),
    [
        ("unknown-code", "错误"),
        ("split", "错误"),
        ("smart-quote", "提醒"),
        ("fullwidth-brace", "提醒"),
    ],
)
def test_levels_tell_errors_from_reminders(
    problems: list[LintProblem], rule: str, level: str
) -> None:
    """Render-breaking or text-losing problems are 错误; what still renders is 提醒."""
    assert {p.level for p in problems if p.rule == rule} == {level}


def test_table_cell_and_footer_are_located(problems: list[LintProblem]) -> None:
    """A tag in a table names table, row and column; a tag in a footer names the footer part."""
    cell = next(p for p in problems if p.paragraph == CELL)
    assert cell.where == f"第{CELL}段（表格1第1行第2列）"
    footer = [p for p in problems if "页脚" in p.where]
    assert [(p.where, p.rule) for p in footer] == [("页脚（footer1.xml）第1段", "undeclared")]
    assert "page_no" in footer[0].message


def test_split_tag_is_shown_with_its_paragraph_break(problems: list[LintProblem]) -> None:
    """The excerpt of a tag cut across paragraphs marks where Word broke it."""
    split = next(p for p in problems if p.rule == "split")
    assert split.excerpt == "{{ ti↵tle }}"


def test_without_catalogue_codes_and_parts_are_not_judged(broken: Path) -> None:
    """Lint without a catalogue still checks syntax and names, but not codes or part keys."""
    rules = {p.rule for p in lint_template(broken)}
    assert {"syntax", "undeclared", "split"} <= rules
    assert not rules & {"unknown-code", "unknown-part", "unused"}


def test_unused_indicators_are_reminded_except_formula_ingredients(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    """A catalogue indicator the template never prints is a 提醒; formula ingredients are not."""
    doc = Document()
    doc.add_paragraph("{{r 'zwfw.reviews'|fig }}{{r 'zwfw.good_review_rate'|fig }}")
    path = tmp_path / "one.docx"
    doc.save(str(path))
    unused = {p.excerpt for p in lint_template(path, catalogue) if p.rule == "unused"}
    assert "gf.amended" in unused
    assert not unused & {"zwfw.reviews", "zwfw.good_review_rate", "zwfw.good_reviews"}
    assert {p.level for p in lint_template(path, catalogue)} == {"提醒"}


def test_tags_docxtpl_sees_outside_text_are_caught_by_the_whole_check(tmp_path: Path) -> None:
    """A broken tag inside a field code is not paragraph text, but the whole-template parse finds it."""
    doc = Document()
    run = doc.add_paragraph("正文").add_run()
    instr = OxmlElement("w:instrText")
    instr.text = ' HYPERLINK "{% if year %}" '
    run._r.append(instr)
    path = tmp_path / "field.docx"
    doc.save(str(path))
    problems = lint_template(path)
    assert [(p.rule, p.where) for p in problems] == [("whole", "全文")]
    assert "整体语法检查未通过" in problems[0].message


def test_not_a_word_file_is_refused_in_chinese(tmp_path: Path) -> None:
    """A file that is not a .docx raises TemplateError naming the file."""
    path = tmp_path / "模板.docx"
    path.write_text("不是 Word 文件", encoding="utf-8")
    with pytest.raises(TemplateError, match="无法打开模板"):
        lint_template(path)
