"""Every number of a finished report classified against the year's figures (adopting it as a template)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from nianbao.draft.provenance import places_of, read_sidecar, sidecar_path
from nianbao.figures.aggregation import Figure
from nianbao.figures.phrasing import phrase_figure
from nianbao.profile.catalogue import Catalogue
from nianbao.profile.loading import load_catalogue
from nianbao.review.adoption import (
    KINDS,
    NumberRecord,
    classify_numbers,
    count_kinds,
    report_paragraphs,
)
from nianbao.review.finalize import ANNEX_STYLES, CHECKLIST_STYLE
from nianbao.word.document import iter_paragraphs

from ...conftest import PROFILE, draft_year
from .office_copy import year_words

YEAR = 2021


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue(PROFILE)


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return draft_year(YEAR, tmp_path_factory.mktemp("adopt"))


@pytest.fixture(scope="module")
def paragraphs(draft: Path) -> list[str]:
    return [text for _, text in iter_paragraphs(draft)]


@pytest.fixture(scope="module")
def records(
    paragraphs: list[str], figures: dict[str, Figure], cat: Catalogue
) -> list[NumberRecord]:
    return classify_numbers(paragraphs, YEAR, figures, cat)


def _printed(draft: Path, paragraphs: list[str]) -> dict[tuple[int, int], str]:
    """Return (paragraph, offset of the digits) → code of every figure the sidecar says was printed."""
    sidecar = read_sidecar(sidecar_path(draft))
    assert sidecar is not None
    found = {}
    for place in places_of(sidecar):
        written = place.before + place.text + place.after
        i = next(i for i, text in enumerate(paragraphs) if written in text)
        found[(i, paragraphs[i].index(written) + len(place.before))] = place.code
    return found


def test_every_printed_figure_is_bound_to_its_code_or_left_ambiguous_with_it(
    draft: Path, paragraphs: list[str], records: list[NumberRecord]
) -> None:
    printed = _printed(draft, paragraphs)
    at = {(r.paragraph, r.start): r for r in records}
    assert len(printed) > 90
    for where, code in printed.items():
        r = at[where]
        assert (r.kind == "bound" and r.codes == (code,)) or (
            r.kind == "ambiguous" and code in r.codes
        ), (code, r)
    bound = sum(at[w].kind == "bound" for w in printed)
    assert bound / len(printed) > 0.8


def test_no_number_of_the_draft_is_bound_to_a_figure_it_does_not_show(
    draft: Path, paragraphs: list[str], records: list[NumberRecord]
) -> None:
    """A bound number is a printed figure of that code, or plain text reading exactly as it."""
    printed = _printed(draft, paragraphs)
    sidecar = read_sidecar(sidecar_path(draft))
    assert sidecar is not None
    shown = {code: entry["text"] for code, entry in sidecar["figures"].items()}
    bound = [r for r in records if r.kind == "bound"]
    assert bound
    for r in bound:
        code = printed.get((r.paragraph, r.start))
        assert r.codes == (code,) if code else r.text == shown[r.codes[0]], r


def test_year_words_of_the_draft_are_years(
    paragraphs: list[str], records: list[NumberRecord]
) -> None:
    at = {(r.paragraph, r.start): r for r in records}
    years = year_words(paragraphs, YEAR)
    assert len(years) >= 5
    assert all(at[w].kind == "year" for w in years)
    assert {r.kind for r in records} == set(KINDS)


def test_every_record_has_a_chinese_reason_and_codes_fit_its_class(
    records: list[NumberRecord], cat: Catalogue
) -> None:
    for r in records:
        assert re.search(r"[\u4e00-\u9fff]", r.reason), r
        assert all(c in cat.indicators for c in r.codes)
        if r.kind in ("bound", "comparison"):
            assert len(r.codes) == 1, r
        elif r.kind == "ambiguous":
            assert r.codes, r
        else:
            assert r.codes == (), r


def test_a_document_reads_as_its_paragraph_texts_but_its_annex_and_checklist(
    draft: Path, figures: dict[str, Figure], cat: Catalogue
) -> None:
    doc = Document(str(draft))
    furniture = {CHECKLIST_STYLE, *ANNEX_STYLES}
    read = [text if style not in furniture else "" for style, text in iter_paragraphs(draft)]
    assert any(style in furniture and text for style, text in iter_paragraphs(draft))
    assert classify_numbers(doc, YEAR, figures, cat) == classify_numbers(read, YEAR, figures, cat)
    assert len(report_paragraphs(doc)) == len(read)


def test_counts_list_every_class(records: list[NumberRecord]) -> None:
    counts = count_kinds(records)
    assert list(counts) == list(KINDS)
    assert sum(counts.values()) == len(records)


# (sentence, the number as written, class, a code the record must hold or None)
SENTENCES = [
    ("本年度为困难群众办理法律援助案件540件。", "540件", "bound", "fw.legal_aid_cases"),
    ("全年借助微博发布信息105条。", "105条", "bound", "gk.weibo_posts"),
    ("办理法律援助案件540件，比上年增长8.43%。", "8.43%", "comparison", "fw.legal_aid_cases"),
    ("获得信用贷款2900万元，比2020年增长866%。", "866%", "bound", "xy.credit_loans_growth"),
    ("截至2021年底，各项制度已经建立。", "2021", "year", None),
    ("2022年度要继续压实责任。", "2022", "year", None),
    ("与2020年相比，工作更扎实。", "2020", "year", None),
    ("另有3件已按程序办结。", "3件", "ambiguous", "fy.withdrawn"),
    ("对照先进地区1个工作日的标准提速。", "1个工作日", "ambiguous", "zwfw.benchmark_startup_days"),
    ("为机关食堂添置餐桌35张。", "35", "text", None),
    # The sentence names the one indicator the value agrees with, though not next to the number.
    ("全年确定抽查事项161项，开展检查99次。", "99次", "bound", "scjg.random_checks"),
    ("开展检查99次。全年确定抽查事项161项。", "99次", "ambiguous", "scjg.random_checks"),
    # 村 alone names no rival of a figure whose own name stands beside it.
    ("村（社区）便民服务站272个已建成。", "272个", "bound", "zwfw.village_stations"),
    ("群众对政务服务的好评率达到９９．９８％。", "９９．９８％", "bound", "zwfw.good_review_rate"),
    ("办理法律援助案件540件，比上年增长8.4%。", "8.4%", "comparison", "fw.legal_aid_cases"),
    # A share right after its figure; a figure after another one's different value in the sentence.
    ("开展跨部门联合检查56次，占全部检查的57%。", "57%", "bound", "scjg.joint_check_share"),
    ("建成示范社区1个，在全区272个行政村开展创建。", "272个", "bound", "pf.villages"),
]


@pytest.mark.parametrize(("sentence", "number", "kind", "code"), SENTENCES)
def test_a_sentence_number_is_classified(
    sentence: str,
    number: str,
    kind: str,
    code: str | None,
    figures: dict[str, Figure],
    cat: Catalogue,
) -> None:
    found = [r for r in classify_numbers([sentence], YEAR, figures, cat) if r.text == number]
    assert len(found) == 1, classify_numbers([sentence], YEAR, figures, cat)
    (r,) = found
    assert r.kind == kind, r
    assert (code in r.codes) if code else r.codes == (), r


def test_a_value_matching_a_figure_without_its_name_is_never_bound(
    figures: dict[str, Figure], cat: Catalogue
) -> None:
    """Each printed value, written after words that name no indicator, is ambiguous or text."""
    sentences = [
        f"本项工作共计{phrase_figure(fig.value, ind.kind, ind.unit, ind.precision).text}。"
        for code, fig in figures.items()
        if fig.value is not None and (ind := cat.indicators[code]).aggregation != "growth"
    ]
    assert len(sentences) > 50
    for r in classify_numbers(sentences, YEAR, figures, cat):
        assert r.kind in ("ambiguous", "text"), r


# Numbers left as text, with the word their reason gives.
LEFT = [
    ("每逢12月4日组织集中宣传。", "4", "日期"),
    ("会议定于3月5号召开。", "5", "日期"),
    ("借“12·4”宪法宣传日开展活动。", "12·4", "纪念日"),
    ("依据平政〔2021〕7号文件执行。", "2021", "文号"),
    ("依据平政〔2021〕7号文件执行。", "7", "文号"),
    ("这是第3次集中整治。", "3", "序数"),
    ("紧扣“八五”普法规划。", "八五", "规划"),
    ("早在2015年就开展了试点。", "2015", "其他年份"),
    ("微博发布信息上年为132条。", "132条", "上年"),
    ("全年调处各类矛盾纠纷9999起。", "9999起", "不符"),
    ("1、健全工作机制。", "1", "序号"),
    ("办理法律援助案件540件，同比增长9.5%。", "9.5%", "不符"),
    ("专职人民调解员327名，同比增长5%。", "5%", "上年数不详"),
    ("开展跨部门联合检查56次，占全部检查的50%。", "50%", "没有指标"),
]


@pytest.mark.parametrize(("sentence", "number", "word"), LEFT)
def test_a_number_left_as_text_says_why(
    sentence: str, number: str, word: str, figures: dict[str, Figure], cat: Catalogue
) -> None:
    (r,) = [r for r in classify_numbers([sentence], YEAR, figures, cat) if r.text == number]
    assert r.kind == "text", r
    assert word in r.reason, r
