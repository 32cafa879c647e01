"""Hand-typed heading labels and run-in labels read as the `num` levels a template uses."""

from __future__ import annotations

import pytest

from nianbao.draft.numbering import Numbering
from nianbao.review.labels import (
    chinese_value,
    find_label,
    heading_levels,
    runins,
    style_line,
)

# (paragraph, label as written, sample of its family, value) — None: no label
LABELS = [
    ("一、2021年法治政府建设主要做法", "一、", "一、", 1),
    ("（三）完善依法行政制度体系", "（三）", "（一）", 3),
    ("(二)半角括号也算", "(二)", "(一)", 2),
    ("12、推进政务公开", "12、", "1、", 12),
    ("3．全角句点", "3．", "1．", 3),
    ("4.半角句点", "4.", "1.", 4),
    ("（5）第四级", "（5）", "（1）", 5),
    ("　　十一、缩进两格的标题", "十一、", "一、", 11),
    ("二十、第二十项", "二十、", "一、", 20),
]
NO_LABELS = ["1.85亿元的金额开头", "2021年，区政府", "一是开头的段内序号", "第一、", ""]


@pytest.mark.parametrize(("text", "written", "sample", "value"), LABELS)
def test_a_label_opening_a_paragraph_is_found_with_its_family(
    text: str, written: str, sample: str, value: int
) -> None:
    label = find_label(text)
    assert label is not None
    assert text[label.start : label.end] == written
    assert (label.sample, label.value) == (sample, value)


@pytest.mark.parametrize("text", NO_LABELS)
def test_numbers_that_are_not_labels_are_left(text: str) -> None:
    assert find_label(text) is None


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("九", 9), ("十", 10), ("十二", 12), ("三十", 30), ("十十", 0)],
)
def test_chinese_numerals_read_up_to_ninety_nine(numeral: str, value: int) -> None:
    assert chinese_value(numeral) == value


@pytest.mark.parametrize(
    ("samples", "levels"),
    [
        (["一、", "（一）", "1、"], {"一、": "h1", "（一）": "h2", "1、": "h3"}),
        (["1.", "一、", "（1）"], {"一、": "h1", "1.": "h2", "（1）": "h3"}),
        (
            ["（一）", "1、", "（1）", "一、", "1）"],
            {"一、": "h1", "（一）": "h2", "1、": "h3", "（1）": "h4"},
        ),
    ],
)
def test_families_take_levels_in_the_usual_order_of_depth(
    samples: list[str], levels: dict[str, str]
) -> None:
    assert heading_levels(samples) == levels


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("主要是：一是认识不到位。二是力量不足。三是制度不全。", 3),
        ("存在问题：一是认识不到位，二是力量不足", 2),
        ("统一是前提，唯一是底线。", 0),
        ("只有一是一条。", 0),
        ("二是先出现。一是后出现。", 0),
    ],
)
def test_run_in_labels_count_up_from_one(text: str, count: int) -> None:
    spans = runins(text)
    assert len(spans) == count
    assert all(text[a:b].endswith("是") for a, b in spans)


def test_the_style_line_numbers_as_the_report_did() -> None:
    """The line the template starts with makes `num` print the report's own labels."""
    line = style_line({"一、": "h1", "（一）": "h2", "1．": "h3"}, runin=True)
    assert line == '{%p do num.style(h1="一、", h2="（一）", h3="1．", runin="一是") %}'
    num = Numbering()
    num.style(h1="一、", h2="（一）", h3="1．", runin="一是")
    assert [num.h1(), num.h2(), num.h3(), num.h3(), num.runin()] == [
        "一、",
        "（一）",
        "1．",
        "2．",
        "一是",
    ]
