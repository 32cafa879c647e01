"""A sentence of a finished report as template text: figures, changes and years become tags only
when the tags print, for the adopted year, exactly the words the report has."""

from __future__ import annotations

import pytest

from nianbao import pipeline
from nianbao.draft.context import FigureView, view_figure
from nianbao.figures.aggregation import aggregate
from nianbao.profile.catalogue import Catalogue
from nianbao.profile.loading import load_catalogue
from nianbao.review.adoption import classify_numbers
from nianbao.review.figure_tags import Edit, FigureTags, bind_controls

from ...conftest import INPUTS, PROFILE

YEAR = 2021


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue(PROFILE)


@pytest.fixture(scope="module")
def views(cat: Catalogue) -> dict[str, FigureView]:
    intake = pipeline.gather(INPUTS / str(YEAR), cat, YEAR)
    previous = pipeline.previous_values(INPUTS / str(YEAR - 1), cat, YEAR - 1)
    figures = aggregate(intake, cat, previous)
    return {code: view_figure(fig, cat.indicators[code]) for code, fig in figures.items()}


def _template(text: str, edits: list[Edit]) -> str:
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: e.start] + e.tag + text[e.end :]
    return text


def _tagged(sentence: str, views: dict[str, FigureView], cat: Catalogue) -> str:
    figures = {code: v.figure for code, v in views.items() if v.figure is not None}
    records = classify_numbers([sentence], YEAR, figures, cat)
    edits, written = FigureTags(YEAR, views, cat).edits(sentence, records)
    assert len(written) == len(records)
    return _template(sentence, edits)


SENTENCES = [
    (
        "全年为困难群众办理法律援助案件540件，同比增长8.43%，其中",
        "全年为困难群众办理法律援助案件{{r 'fw.legal_aid_cases'|fig }}"
        "{{r 'fw.legal_aid_cases'|change('，') }}，其中",
    ),
    (
        "全区企业获得信用贷款2900万元，比2020年增长866%。",
        "全区企业获得信用贷款{{r 'xy.credit_loans'|fig }}，比{{ prev_year }}年"
        "{{r 'xy.credit_loans_growth'|fig }}。",
    ),
    (
        "政府法律顾问为区政府提供法律服务20余次。",
        "政府法律顾问为区政府提供法律服务{{r 'gw.services'|fig }}。",
    ),
    (
        "截至2021年底，2022年继续推进。",
        "截至{{ year }}年底，{{ next_year }}年继续推进。",
    ),
    (  # the report's own change wording: the change tag prints it with the report's words
        "全年为困难群众办理法律援助案件540件，比上年增长8.43%。",
        "全年为困难群众办理法律援助案件{{r 'fw.legal_aid_cases'|fig }}"
        "{{r 'fw.legal_aid_cases'|change('，', '比上年', '增长', '下降') }}。",
    ),
    (
        "全年通过微博发布信息105条，比上年减少20.45%。",
        "全年通过微博发布信息{{r 'gk.weibo_posts'|fig }}"
        "{{r 'gk.weibo_posts'|change('，', '比上年', '增加', '减少') }}。",
    ),
    (  # a change said the wrong way round: kept as written
        "全年为困难群众办理法律援助案件540件，比上年减少8.43%。",
        "全年为困难群众办理法律援助案件{{r 'fw.legal_aid_cases'|fig }}，比上年减少8.43%。",
    ),
    (  # typed in full-width digits: bound, printed half-width from then on
        "好差评好评率为９９．９８％。",
        "好差评好评率为{{r 'zwfw.good_review_rate'|fig }}。",
    ),
    (  # a figure rounded differently from the catalogue's precision: kept as written
        "好差评好评率为99.980%。",
        "好差评好评率为99.980%。",
    ),
]


@pytest.mark.parametrize(("sentence", "template"), SENTENCES)
def test_a_sentence_becomes_tags_that_print_it_again(
    sentence: str, template: str, views: dict[str, FigureView], cat: Catalogue
) -> None:
    assert _tagged(sentence, views, cat) == template


def test_a_number_kept_as_written_says_what_the_program_would_write(
    views: dict[str, FigureView], cat: Catalogue
) -> None:
    sentence = "全年为困难群众办理法律援助案件540件，比上年减少8.43%。"
    figures = {code: v.figure for code, v in views.items() if v.figure is not None}
    records = classify_numbers([sentence], YEAR, figures, cat)
    _, written = FigureTags(YEAR, views, cat).edits(sentence, records)
    (change,) = [w for w in written if w.record.kind == "comparison"]
    assert change.template.startswith("保留原文：")
    assert "同比增长8.43%" in change.template


def test_a_placeholder_of_the_draft_becomes_its_figure_tag(
    views: dict[str, FigureView], cat: Catalogue
) -> None:
    text = (
        "提供法律服务【待补充：政府法律顾问提供法律服务次数】，审查合同【待补充：没有这个指标】。"
    )
    edits, written = FigureTags(YEAR, views, cat).placeholders(3, text)
    assert _template(text, edits) == (
        "提供法律服务{{r 'gw.services'|fig }}，审查合同【待补充：没有这个指标】。"
    )
    assert [(w.record.paragraph, w.record.codes) for w in written] == [(3, ("gw.services",))]


def test_a_control_binds_the_number_it_holds_only_while_it_reads_as_the_figure(
    views: dict[str, FigureView], cat: Catalogue
) -> None:
    """“1426项” after words that name nothing is ambiguous; the control's code decides — unless the
    reviewer typed another number into the control."""
    figures = {code: v.figure for code, v in views.items() if v.figure is not None}
    for digits, kind in (("1426", "bound"), ("1427", "text")):
        text = f"业务事项达到{digits}项。"
        records = classify_numbers([text], YEAR, figures, cat)
        (r,) = bind_controls(records, {6: "zwfw.online_items"}, text, views)
        assert r.kind == kind or (kind == "text" and r.kind != "bound"), r
        if kind == "bound":
            assert r.codes == ("zwfw.online_items",)
            assert "内容控件" in r.reason
