"""Tests of nianbao.intake.values: what offices type into a value cell, read or refused with a reason."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from nianbao.core.errors import ValueParseError
from nianbao.core.findings import KINDS
from nianbao.intake.values import REASONS, Quantity, is_whole, parse_value

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

ACCEPTED = [
    # (typed, value, approx, suffix, id)
    (1426, "1426", "", "", "int"),
    (0, "0", "", "", "int-zero"),
    (1426.0, "1426", "", "", "float-whole"),
    (99.16, "99.16", "", "", "float-fraction"),
    (0.1, "0.1", "", "", "float-no-binary-noise"),
    (Decimal("82.35"), "82.35", "", "", "decimal"),
    (Decimal("1.50"), "1.5", "", "", "decimal-trailing-zero"),
    ("1426", "1426", "", "", "digits"),
    ("0", "0", "", "", "digits-zero"),
    ("12.50", "12.5", "", "", "decimal-text"),
    ("1,426", "1426", "", "", "thousands-comma"),
    ("1,234,567.5", "1234567.5", "", "", "thousands-comma-decimal"),
    ("1，426", "1426", "", "", "thousands-full-width-comma"),
    ("１４２６", "1426", "", "", "full-width-digits"),
    ("９９．１６％", "99.16", "", "%", "full-width-percent"),
    ("99.16%", "99.16", "", "%", "percent"),
    ("100%", "100", "", "%", "percent-whole"),
    ("97 %", "97", "", "%", "percent-after-space"),
    ("1426项", "1426", "", "项", "unit-xiang"),
    ("1426 项", "1426", "", "项", "unit-after-space"),
    ("0.5个工作日", "0.5", "", "个工作日", "unit-working-days"),
    ("5工作日", "5", "", "个工作日", "unit-working-days-short"),
    ("3件", "3", "", "件", "unit-jian"),
    ("152例", "152", "", "例", "unit-li"),
    ("512人次", "512", "", "人次", "unit-person-times"),
    ("24场次", "24", "", "场次", "unit-sessions"),
    ("6个", "6", "", "个", "unit-ge"),
    ("2900万元", "2900", "", "万元", "money-wan"),
    ("1.85亿元", "18500", "", "万元", "money-yi"),
    ("823500元", "82.35", "", "万元", "money-yuan"),
    ("1,200元", "0.12", "", "万元", "money-yuan-thousands"),
    ("1.2万人次", "12000", "", "人次", "wan-times-unit"),
    ("20余", "20", "余", "", "approx-yu"),
    ("20余次", "20", "余", "次", "approx-yu-unit"),
    ("20多", "20", "多", "", "approx-duo"),
    ("20多个", "20", "多", "个", "approx-duo-unit"),
    ("20以上", "20", "以上", "", "approx-above"),
    ("97%以上", "97", "以上", "%", "approx-percent-above"),
    ("82万余元", "82", "余", "万元", "approx-money-wan-yu"),
    ("20余万元", "20", "余", "万元", "approx-yu-before-wan"),
    (" 1426 ", "1426", "", "", "spaces"),
    ("\u30001426\u3000", "1426", "", "", "full-width-spaces"),
    ("\xa01426\xa0", "1426", "", "", "non-breaking-spaces"),
    ("1426\n", "1426", "", "", "trailing-newline"),
]


@pytest.mark.parametrize(
    ("typed", "value", "approx", "suffix"),
    [pytest.param(*row[:4], id=row[4]) for row in ACCEPTED],
)
def test_accepted_form_gives_value_approx_and_suffix(
    typed: object, value: str, approx: str, suffix: str
) -> None:
    quantity = parse_value(typed)
    assert quantity == Quantity(Decimal(value), approx, suffix)
    assert quantity is not None
    assert str(quantity.value) == value  # no exponent or binary noise in the Decimal


@pytest.mark.parametrize(
    "typed",
    [None, "", " ", "\u3000", "\xa0", " \t\n ", float("nan")],
    ids=["none", "empty", "space", "full-width-space", "nbsp", "mixed-whitespace", "pandas-nan"],
)
def test_empty_cell_gives_none(typed: object) -> None:
    assert parse_value(typed) is None


REJECTED = [
    # (typed, key words of the reason, finding kind, id)
    ("二十", "汉字数字.*阿拉伯数字", "value.chinese_numeral", "chinese-numerals"),
    ("三千件", "汉字数字", "value.chinese_numeral", "chinese-numerals-unit"),
    ("约二十", "约.*估计数.*请使用阿拉伯数字", "value.approximate", "estimate-chinese-numerals"),
    ("约20", "“约”.*估计数", "value.approximate", "estimate-yue"),
    ("大约20", "“大约”.*估计数", "value.approximate", "estimate-dayue"),
    ("20左右", "“左右”.*估计数", "value.approximate", "estimate-zuoyou"),
    ("近20", "“近”.*估计数", "value.approximate", "estimate-jin"),
    ("若干", "“若干”.*估计数", "value.approximate", "estimate-ruogan"),
    ("几十", "“几”.*估计数", "value.approximate", "estimate-ji"),
    ("数十件", "“数”.*估计数", "value.approximate", "estimate-shu"),
    ("20以下", "“以下”.*估计数", "value.approximate", "estimate-below"),
    ("-", "占位符", "value.placeholder", "placeholder-hyphen"),
    ("--", "占位符", "value.placeholder", "placeholder-double-hyphen"),
    ("—", "占位符", "value.placeholder", "placeholder-em-dash"),
    ("——", "占位符", "value.placeholder", "placeholder-double-em-dash"),
    ("－", "占位符", "value.placeholder", "placeholder-full-width-hyphen"),
    ("/", "占位符", "value.placeholder", "placeholder-slash"),
    ("无", "占位符.*留空", "value.placeholder", "placeholder-wu"),
    ("暂无", "占位符", "value.placeholder", "placeholder-zanwu"),
    ("不详", "占位符", "value.placeholder", "placeholder-buxiang"),
    ("N/A", "占位符", "value.placeholder", "placeholder-na"),
    ("n/a", "占位符", "value.placeholder", "placeholder-na-lower"),
    ("#N/A", "公式", "value.formula_error", "excel-na"),
    ("#DIV/0!", "公式", "value.formula_error", "excel-div0"),
    ("#VALUE!", "公式", "value.formula_error", "excel-value"),
    ("-5", "负数", "value.negative", "negative-text"),
    ("-0.5", "负数", "value.negative", "negative-decimal-text"),
    ("－3件", "负数", "value.negative", "negative-full-width"),
    ("负5", "负数", "value.negative", "negative-chinese"),
    (-1, "负数", "value.negative", "negative-int"),
    (-0.5, "负数", "value.negative", "negative-float"),
    (Decimal("-2"), "负数", "value.negative", "negative-decimal"),
    ("3件，其中2件", "多个数字", "value.several_numbers", "two-numbers-with-comment"),
    ("3件 2件", "多个数字", "value.several_numbers", "two-numbers-spaced"),
    ("12 34", "多个数字", "value.several_numbers", "digits-split-by-space"),
    ("20-30", "范围", "value.range", "range-hyphen"),
    ("20～30", "范围", "value.range", "range-full-width-tilde"),
    ("20~30", "范围", "value.range", "range-tilde"),
    ("20至30", "范围", "value.range", "range-zhi"),
    ("20—30", "范围", "value.range", "range-em-dash"),
    ("1.4E+3", "科学计数法", "value.scientific", "scientific"),
    ("1e5", "科学计数法", "value.scientific", "scientific-lower"),
    ("abc", "不是数值", "value.unreadable", "garbage"),
    ("见附件", "不是数值", "value.unreadable", "text-without-number"),
    ("TRUE", "不是数值", "value.unreadable", "boolean-text"),
    ("12.5x", "“x”无法识别", "value.unreadable", "decimal-stray-char"),
    ("1.2.3", "无法识别", "value.unreadable", "two-decimal-points"),
    ("99。16%", "句号.*小数点", "value.full_stop", "ideographic-full-stop-as-point"),
    ("99.16%%", "无法识别", "value.unreadable", "double-percent"),
    (".5", "无法识别", "value.unreadable", "no-integer-part"),
    ("5.", "无法识别", "value.unreadable", "no-fraction-digits"),
    ("20余多", "无法识别", "value.unreadable", "two-approximations"),
    ("5万%", "无法识别", "value.unreadable", "wan-percent"),
    ("14,26", "千分位", "value.separator", "misplaced-thousands-comma"),
    ("2900万", "缺少单位.*2900万元", "value.missing_unit", "wan-without-unit"),
    (True, "逻辑值", "value.boolean", "bool-true"),
    (False, "逻辑值", "value.boolean", "bool-false"),
    (float("inf"), "不是数值", "value.unreadable", "float-infinity"),
    (Decimal("NaN"), "不是数值", "value.unreadable", "decimal-nan"),
    ([1426], "不是数值", "value.unreadable", "list"),
    (date(2021, 3, 5), "日期", "value.date", "date"),
    (datetime(2021, 3, 5, 8, 0), "日期", "value.date", "datetime"),
]


@pytest.mark.parametrize(
    ("typed", "reason", "kind"),
    [pytest.param(*row[:3], id=row[3]) for row in REJECTED],
)
def test_rejected_form_raises_with_chinese_reason_and_its_kind(
    typed: object, reason: str, kind: str
) -> None:
    """Every refusal carries the finding kind as data (a listed kind), next to its Chinese reason."""
    with pytest.raises(ValueParseError, match=reason) as refused:
        parse_value(typed)
    assert refused.value.kind == kind
    assert kind in KINDS


def test_every_reason_names_a_listed_kind_and_is_tried_above() -> None:
    """The kinds of REASONS are finding kinds, and the table above reaches each of them."""
    reason_kinds = {reason.kind for reason in REASONS.values()}
    assert reason_kinds <= set(KINDS)
    assert reason_kinds == {row[2] for row in REJECTED}


def test_a_refusal_survives_pickling_with_its_kind() -> None:
    """Errors crossing a process or task boundary keep message and kind."""
    with pytest.raises(ValueParseError) as refused:
        parse_value("约20")
    again = pickle.loads(pickle.dumps(refused.value))
    assert (str(again), again.kind) == (str(refused.value), "value.approximate")


def test_reason_quotes_the_cell_on_one_short_line() -> None:
    with pytest.raises(ValueParseError) as caught:
        parse_value("第一行\n第二行" + "很长的说明" * 20)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("“第一行 第二行")
    assert "…”" in message


@pytest.mark.parametrize(
    ("value", "whole"),
    [
        ("1426", True),
        ("0", True),
        ("20.0", True),
        ("18500", True),
        ("0.5", False),
        ("82.35", False),
    ],
    ids=["int", "zero", "trailing-zero", "large", "half", "money"],
)
def test_is_whole_tells_whether_value_has_a_fraction(value: str, whole: bool) -> None:
    assert is_whole(Quantity(Decimal(value))) is whole


def test_quantity_is_frozen() -> None:
    quantity = Quantity(Decimal(1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        quantity.value = Decimal(2)  # type: ignore[misc]


INT_FORMATS: dict[str, Callable[[int], object]] = {
    "plain": str,
    "thousands": lambda n: f"{n:,}",
    "full-width": lambda n: str(n).translate(FULL_WIDTH),
    "full-width-thousands": lambda n: f"{n:,}".replace(",", "，").translate(FULL_WIDTH),
    "unit": lambda n: f"{n}件",
    "padded": lambda n: f"\u3000{n} ",
    "int": lambda n: n,
}


@given(n=st.integers(min_value=0), form=st.sampled_from(sorted(INT_FORMATS)))
def test_any_non_negative_int_in_any_form_parses_back_exactly(n: int, form: str) -> None:
    quantity = parse_value(INT_FORMATS[form](n))
    assert quantity is not None
    assert quantity.value == n
    assert quantity.approx == ""
    assert quantity.suffix == ("件" if form == "unit" else "")
    assert is_whole(quantity)


@given(n=st.integers(min_value=0, max_value=2**53))
def test_any_whole_float_parses_back_exactly(n: int) -> None:
    assert parse_value(float(n)) == Quantity(Decimal(n))


@given(n=st.integers(min_value=0, max_value=10**12))
def test_yuan_are_converted_to_wanyuan_exactly(n: int) -> None:
    assert parse_value(f"{n}元") == Quantity(Decimal(n) / 10000, "", "万元")


@given(x=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_any_two_decimal_percent_parses_to_its_value(x: Decimal) -> None:
    assert parse_value(f"{x:f}%") == Quantity(x, "", "%")


@given(text=st.text())
@example(text="0:\n:")  # stray text spanning lines is still quoted on one line
def test_arbitrary_text_gives_quantity_none_or_value_parse_error(text: str) -> None:
    try:
        quantity = parse_value(text)
    except ValueParseError as exc:
        message, kind = str(exc), exc.kind
    else:
        if not any(c.isdigit() for c in text):
            assert quantity is None
        if quantity is not None:
            assert quantity.value >= 0
        return
    assert message
    assert "\n" not in message
    assert kind in KINDS


@pytest.mark.parametrize(
    ("cell", "typed"),
    [(3.0, "3"), (0.0, "0"), (-0.0, "0"), (1426.0, "1426"), (1e20, "100000000000000000000")],
)
def test_whole_float_cell_gives_the_value_typed_as_text(cell: float, typed: str) -> None:
    """A whole number read as a float is the same Decimal as the digits typed as text."""
    quantity = parse_value(cell)
    assert quantity == parse_value(typed)
    assert quantity is not None
    assert str(quantity.value) == typed


@pytest.mark.parametrize("cell", [-3.0, -0.5, float("inf")])
def test_negative_or_infinite_float_cell_is_refused(cell: float) -> None:
    """The float fast path still refuses negative and infinite numbers."""
    with pytest.raises(ValueParseError):
        parse_value(cell)
