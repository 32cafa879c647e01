"""Numbers in prose: unit words, 万/亿, separators, percents, hedges, and what makes a number an aside."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nianbao.figures.mentions import Mention, find_mentions

D = Decimal


def _one(text: str, year: int | None = 2022) -> Mention:
    (mention,) = find_mentions(text, year)
    return mention


@pytest.mark.parametrize(
    ("text", "written", "value", "unit", "approx"),
    [
        ("全年收到评价107147条。", "107147条", D(107147), "条", ""),
        ("全年收到评价10.7万条。", "10.7万条", D(107000), "条", ""),
        ("发布信息1,052条。", "1,052条", D(1052), "条", ""),
        ("纳入事项１４２６项。", "１４２６项", D(1426), "项", ""),
        ("调处纠纷涉及金额1.85亿元。", "1.85亿元", D(18500), "元", ""),
        ("讨回欠薪82万余元。", "82万余元", D(82), "元", "余"),
        ("减免费用500元。", "500元", D("0.05"), "元", ""),
        ("调处成功率保持在97%以上。", "97%以上", D(97), "%", "以上"),
        ("好评率为９９．９８％。", "９９．９８％", D("99.98"), "%", ""),
        ("提供法律服务20余次。", "20余次", D(20), "次", "余"),
        ("组织20多个部门观摩。", "20多个", D(20), "个", "多"),
        ("接待群众约300人次。", "300人次", D(300), "人次", "约"),
        ("聘请人员近60名。", "60名", D(60), "名", "近"),
        ("企业开办压缩到0.5个工作日。", "0.5个工作日", D("0.5"), "个工作日", ""),
    ],
    ids=[
        "plain",
        "wan",
        "thousands-separator",
        "full-width-digits",
        "yi-yuan-in-wan",
        "wan-yu-yuan",
        "yuan-in-wan",
        "percent-or-more",
        "full-width-percent",
        "yu",
        "duo",
        "about",
        "nearly",
        "working-days-not-ge",
    ],
)
def test_a_number_is_read_with_its_unit_word(
    text: str, written: str, value: Decimal, unit: str, approx: str
) -> None:
    """The number as written, its value (money in 万元), its unit word and its hedge."""
    m = _one(text)
    assert (m.text, m.value, m.unit, m.approx) == (written, value, unit, approx)
    assert text[m.start : m.end] == written


@pytest.mark.parametrize(
    "text",
    ["2021年，区政府召开常务会议。", "自1月20日起施行。", "第3次会议审议通过。", "拨打12345热线。"],
    ids=["year", "date", "ordinal", "no-unit-word"],
)
def test_numbers_without_a_counting_unit_word_are_not_mentions(text: str) -> None:
    """Years, dates, ordinals and bare numbers are not figures."""
    assert find_mentions(text, 2021) == []


@pytest.mark.parametrize(
    ("text", "change", "aside"),
    [
        ("全年收到评价118903条。", False, False),
        ("收到评价118903条，同比增长12.49%。", True, False),
        ("较上年增加5个。", True, True),
        ("新增以个人名字命名的调解室3个。", True, False),
        ("比上年提高10个百分点。", True, True),
        ("比上年增长8倍多。", True, True),
        ("事项增加到16个。", False, False),
        ("累计发放信用贷款1.2亿元。", False, True),
        ("力争出庭应诉率达到100%。", False, True),
        ("低于95%的工作目标。", False, True),
        ("对照先进地区1个工作日的办结标准。", False, True),
        ("日均接待群众1500人次。", False, True),
        ("每个村配备2名法律顾问。", False, True),
        ("2020年办理公证3642件。", False, True),
        ("2022年办理公证3915件。", False, False),
        ("每年培训3至5次。", False, True),
    ],
    ids=[
        "level",
        "growth-rate",
        "increase-on-last-year",
        "new-this-year",
        "percentage-points",
        "times",
        "increased-to-is-a-level",
        "cumulative",
        "target",
        "bound",
        "standard-after",
        "daily-average",
        "per-village",
        "other-year",
        "report-year",
        "range",
    ],
)
def test_changes_and_asides_are_told_apart_from_the_years_figures(
    text: str, change: bool, aside: bool
) -> None:
    """The last number of the text: a change on last year, or an aside (another period, a target …)."""
    m = find_mentions(text, 2022)[-1]
    assert (m.change, m.aside) == (change, aside)


def test_a_list_shares_the_words_at_its_head() -> None:
    """新增A1个、B2个: both are increases; the next clause after a comma is not."""
    found = find_mentions("新增省级法治乡镇1个、市级法治乡镇2个，现有市级民主法治村63个。", 2022)
    assert [(m.text, m.change) for m in found] == [("1个", True), ("2个", True), ("63个", False)]


def test_context_stops_at_clause_ends_but_not_inside_quotes() -> None:
    """The words before a number run from the previous number or clause end; “、” in quotes does not split."""
    found = find_mentions(
        "全年开展“双随机、一公开”抽查99次，其中多部门联合抽查56次，做到“进一次门”。"
    )
    assert [(m.near, m.after, m.sentence) for m in found] == [
        ("全年开展“双随机、一公开”抽查", "", 0),
        ("其中多部门联合抽查", "", 0),
    ]
    pair = find_mentions("在17个村培育“法律明白人”39名。")
    assert [(m.near, m.after) for m in pair] == [
        ("在", "村培育“法律明白人”"),
        ("村培育“法律明白人”", ""),
    ]


@pytest.mark.parametrize(
    ("text", "value", "agrees"),
    [
        ("107147条", "107147", True),
        ("107147条", "108415", False),
        ("10.7万条", "107147", True),
        ("10.7万条", "108415", False),
        ("99.98%", "99.9804", True),
        ("99.97%", "99.9731", True),
        ("99.9%", "99.98", True),  # truncated rather than rounded
        ("99.16%", "97.52", False),
        ("97%以上", "97.39", True),
        ("97%以上", "96.9", False),
        ("20余次", "23", True),
        ("20余次", "31", False),
        ("1400余项", "1426", True),
        ("82万余元", "82.35", True),
        ("1.85亿元", "18500", True),
        ("2900万元", "2900", True),
        ("约300人次", "320", True),
        ("约300人次", "400", False),
        ("近60名", "55", True),
        ("近60名", "61", False),
        ("超过100件", "120", True),
        ("不足100件", "120", False),
    ],
)
def test_a_mention_agrees_with_a_value_as_the_report_would_round_it(
    text: str, value: str, agrees: bool
) -> None:
    """Exact numbers round (or truncate) to the digits written; 余/多/以上/约/近 read as ranges."""
    assert _one(f"全年{text}。").agrees(D(value)) is agrees


@pytest.mark.parametrize(
    ("text", "value", "agrees"),
    [
        ("受理0.12345678901234567890123456件", Decimal("0.12345678901234567890123456"), True),
        ("受理0.12345678901234567890123456件", Decimal("0.2"), False),
    ],
    ids=["many-decimals-equal", "many-decimals-differ"],
)
def test_a_number_with_more_decimals_than_a_decimal_holds_is_compared_without_error(
    text: str, value: Decimal, agrees: bool
) -> None:
    """A raw value pasted into prose with 26 decimals is compared as written, never raising."""
    [mention] = find_mentions(text)
    assert mention.agrees(value) is agrees
