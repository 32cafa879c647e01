"""Tests of nianbao.figures.phrasing: GB/T 15835 figures and year-on-year wording."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nianbao.figures.phrasing import (
    Phrase,
    format_decimal,
    phrase_change,
    phrase_figure,
    reword_change,
    round_half_up,
    trim_decimal,
)

D = Decimal

FIGURES = [
    # count
    pytest.param(D(1426), "count", "项", 0, "", "1426", "项", id="count-plain-no-separator"),
    pytest.param(D(107147), "count", "件", 0, "", "107147", "件", id="count-large-no-separator"),
    pytest.param(D(0), "count", "件", 0, "", "0", "件", id="count-zero"),
    pytest.param(D("12.0"), "count", "件", 0, "", "12", "件", id="count-trailing-zero"),
    pytest.param(D(23), "count", "次", 0, "余", "20", "余次", id="count-yu-23"),
    pytest.param(D(127), "count", "名", 0, "余", "120", "余名", id="count-yu-127"),
    pytest.param(D(1426), "count", "项", 0, "余", "1400", "余项", id="count-yu-1426"),
    pytest.param(D(23), "count", "个", 0, "多", "20", "多个", id="count-duo-23"),
    pytest.param(D(15), "count", "次", 0, "余", "10", "余次", id="count-yu-teens"),
    pytest.param(D(20), "count", "次", 0, "余", "20", "次", id="count-yu-exact-dropped"),
    pytest.param(D(1400), "count", "项", 0, "余", "1400", "项", id="count-yu-exact-1400"),
    pytest.param(D(7), "count", "次", 0, "余", "7", "次", id="count-yu-below-ten"),
    pytest.param(D(127), "count", "个", 0, "以上", "120", "个以上", id="count-yishang"),
    # percent
    pytest.param(
        D(1414) / D(1426) * 100, "percent", "", 2, "", "99.16", "%", id="pct-1414-of-1426"
    ),
    pytest.param(D(107126) / D(107147) * 100, "percent", "", 2, "", "99.98", "%", id="pct-107126"),
    pytest.param(D(56) / D(99) * 100, "percent", "", 0, "", "57", "%", id="pct-56-of-99"),
    pytest.param(D("866.02"), "percent", "", 0, "", "866", "%", id="pct-866-precision-0"),
    pytest.param(D("0.5"), "percent", "", 2, "", "0.50", "%", id="pct-keeps-trailing-zeros"),
    pytest.param(D(100), "percent", "", 0, "", "100", "%", id="pct-100"),
    pytest.param(D("0.125"), "percent", "", 2, "", "0.13", "%", id="pct-half-up-not-even"),
    pytest.param(D("97.39"), "percent", "", 0, "以上", "97", "%以上", id="pct-yishang"),
    pytest.param(D("97.99"), "percent", "", 0, "以上", "97", "%以上", id="pct-yishang-floor"),
    pytest.param(D("97.00"), "percent", "", 0, "以上", "97", "%", id="pct-yishang-exact"),
    pytest.param(D("99.504"), "percent", "", 2, "以上", "99.50", "%以上", id="pct-yishang-2dp"),
    pytest.param(D("97.39"), "percent", "", 0, "余", "97", "%以上", id="pct-yu-becomes-yishang"),
    pytest.param(D("97.39"), "percent", "", 0, "多", "97", "%以上", id="pct-duo-becomes-yishang"),
    # amount (万元)
    pytest.param(D(18500), "amount", "万元", 2, "", "1.85", "亿元", id="amount-yi"),
    pytest.param(D(20000), "amount", "万元", 2, "", "2", "亿元", id="amount-yi-trimmed"),
    pytest.param(D(10000), "amount", "万元", 2, "", "1", "亿元", id="amount-yi-threshold"),
    pytest.param(D(12345), "amount", "万元", 2, "", "1.23", "亿元", id="amount-yi-2dp"),
    pytest.param(D(12350), "amount", "万元", 2, "", "1.24", "亿元", id="amount-yi-half-up"),
    pytest.param(D("9999.999"), "amount", "万元", 2, "", "1", "亿元", id="amount-rounds-into-yi"),
    pytest.param(D(2900), "amount", "万元", 2, "", "2900", "万元", id="amount-wan-trimmed"),
    pytest.param(D("82.35"), "amount", "万元", 2, "", "82.35", "万元", id="amount-wan-2dp"),
    pytest.param(D("82.30"), "amount", "万元", 2, "", "82.3", "万元", id="amount-wan-trim-zero"),
    pytest.param(D("82.345"), "amount", "万元", 2, "", "82.35", "万元", id="amount-wan-half-up"),
    pytest.param(D("82.35"), "amount", "万元", 2, "余", "82", "万余元", id="amount-yu"),
    pytest.param(D(82), "amount", "万元", 2, "余", "82", "万元", id="amount-yu-exact"),
    pytest.param(D("0.35"), "amount", "万元", 2, "余", "0.35", "万元", id="amount-yu-below-one"),
    pytest.param(D(18500), "amount", "万元", 2, "余", "1", "亿余元", id="amount-yu-yi"),
    pytest.param(D("82.35"), "amount", "万元", 2, "多", "82", "万多元", id="amount-duo"),
    pytest.param(D("82.35"), "amount", "万元", 2, "以上", "82", "万元以上", id="amount-yishang"),
    # days
    pytest.param(D("0.5"), "days", "个工作日", 1, "", "0.5", "个工作日", id="days-half"),
    pytest.param(D(1), "days", "个工作日", 1, "", "1", "个工作日", id="days-one-trimmed"),
    pytest.param(D("2.45"), "days", "个工作日", 1, "", "2.5", "个工作日", id="days-half-up"),
    pytest.param(D("0.5"), "days", "个工作日", 1, "余", "0.5", "个工作日", id="days-yu-below-ten"),
    pytest.param(D(23), "days", "个工作日", 0, "多", "20", "多个工作日", id="days-duo"),
]


@pytest.mark.parametrize(
    ("value", "kind", "unit", "precision", "approx", "number", "suffix"), FIGURES
)
def test_phrase_figure(
    value: Decimal, kind: str, unit: str, precision: int, approx: str, number: str, suffix: str
) -> None:
    phrase = phrase_figure(value, kind, unit, precision, approx)
    assert phrase == Phrase(number, suffix)
    assert phrase.text == number + suffix


CHANGES = [
    pytest.param(D(1234), D(1097), "count", "件", 0, "同比增长12.49%", id="count-growth"),
    pytest.param(
        D(968), D(1000), "count", "件", 0, "同比下降3.20%", id="count-decline-keeps-zeros"
    ),
    pytest.param(D(58), D(6), "count", "件", 0, "同比增长866.67%", id="count-big-growth-percent"),
    pytest.param(D(200), D(100), "count", "件", 0, "同比增长100.00%", id="count-doubling"),
    pytest.param(D(0), D(50), "count", "件", 0, "同比下降100.00%", id="count-to-zero"),
    pytest.param(D(137), D(0), "count", "件", 0, "较上年增加137件", id="count-zero-base"),
    pytest.param(D(50), D(50), "count", "件", 0, "与上年持平", id="count-equal"),
    pytest.param(D(0), D(0), "count", "件", 0, "与上年持平", id="count-both-zero"),
    pytest.param(
        D(1000001), D(1000000), "count", "件", 0, "同比增长不足0.01%", id="count-tiny-growth"
    ),
    pytest.param(
        D(1000000), D(1000001), "count", "件", 0, "同比下降不足0.01%", id="count-tiny-decline"
    ),
    pytest.param(
        D(18500), D(0), "amount", "万元", 2, "较上年增加1.85亿元", id="amount-zero-base-yi"
    ),
    pytest.param(
        D("82.35"), D(0), "amount", "万元", 2, "较上年增加82.35万元", id="amount-zero-base"
    ),
    pytest.param(D(18500), D(10000), "amount", "万元", 2, "同比增长85.00%", id="amount-growth"),
    pytest.param(
        D("82.351"), D("82.349"), "amount", "万元", 2, "与上年持平", id="amount-equal-shown"
    ),
    pytest.param(D("0.5"), D(1), "days", "个工作日", 1, "同比下降50.00%", id="days-decline"),
    pytest.param(
        D("0.5"), D(0), "days", "个工作日", 1, "较上年增加0.5个工作日", id="days-zero-base"
    ),
    pytest.param(D("99.16"), D("98.50"), "percent", "", 2, "提高0.66个百分点", id="pct-up"),
    pytest.param(D(95), D(97), "percent", "", 0, "下降2个百分点", id="pct-down"),
    pytest.param(D("99.5"), D("99"), "percent", "", 2, "提高0.50个百分点", id="pct-keeps-zeros"),
    pytest.param(D("99.16"), D("99.16"), "percent", "", 2, "与上年持平", id="pct-equal"),
    pytest.param(D("97.4"), D("97.2"), "percent", "", 0, "与上年持平", id="pct-equal-when-shown"),
    pytest.param(
        D("99.165"), D("98.504"), "percent", "", 2, "提高0.67个百分点", id="pct-diff-of-shown"
    ),
    pytest.param(D(20), D(0), "percent", "", 0, "提高20个百分点", id="pct-from-zero"),
]


@pytest.mark.parametrize(("current", "previous", "kind", "unit", "precision", "expected"), CHANGES)
def test_phrase_change(
    current: Decimal, previous: Decimal, kind: str, unit: str, precision: int, expected: str
) -> None:
    assert phrase_change(current, previous, kind, unit, precision) == expected


def test_phrase_change_never_uses_multiples() -> None:
    assert "倍" not in phrase_change(D(1), D(100), "count", "件", 0)
    assert "倍" not in phrase_change(D(10000), D(1), "count", "件", 0)


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        pytest.param(D("2.5"), 0, "3", id="half-up-not-banker"),
        pytest.param(D("3.5"), 0, "4", id="half-up-odd"),
        pytest.param(D("-2.5"), 0, "-3", id="half-away-from-zero-negative"),
        pytest.param(D("0.125"), 2, "0.13", id="two-places"),
        pytest.param(D("1.005"), 2, "1.01", id="no-float-error"),
        pytest.param(D("0.5"), 2, "0.50", id="keeps-zeros"),
        pytest.param(D("-0.001"), 2, "0.00", id="no-negative-zero"),
        pytest.param(D("1E+3"), 0, "1000", id="no-exponent"),
        pytest.param(
            D("12345678901234567890123456789.5"), 2, "12345678901234567890123456789.50", id="big"
        ),
    ],
)
def test_format_decimal(value: Decimal, precision: int, expected: str) -> None:
    assert format_decimal(value, precision) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(D("2E+3"), "2000", id="exponent"),
        pytest.param(D("1.850"), "1.85", id="trailing-zeros"),
        pytest.param(D("2900.00"), "2900", id="integer"),
        pytest.param(D("0.000"), "0", id="zero"),
        pytest.param(D("-0.0"), "0", id="negative-zero"),
        pytest.param(D("0.0000001"), "0.0000001", id="small-no-exponent"),
        pytest.param(
            D("1234567890123456789012345678901.10"), "1234567890123456789012345678901.1", id="big"
        ),
    ],
)
def test_trim_decimal(value: Decimal, expected: str) -> None:
    assert trim_decimal(value) == expected


@pytest.mark.parametrize(
    ("call", "match"),
    [
        pytest.param(
            lambda: phrase_figure(D(1), "ratio", "", 0), "未知的指标类型", id="unknown-kind"
        ),
        pytest.param(
            lambda: phrase_figure(D(1), "count", "项", 0, "约"), "约数写法", id="bad-approx"
        ),
        pytest.param(lambda: phrase_figure(D(5), "amount", "元", 2), "万元", id="amount-unit"),
        pytest.param(lambda: phrase_figure(D("NaN"), "count", "项", 0), "有限数", id="nan"),
        pytest.param(lambda: phrase_figure(D("Infinity"), "count", "项", 0), "有限数", id="inf"),
        pytest.param(
            lambda: phrase_figure(D(1), "count", "项", -1), "不能为负数", id="neg-precision"
        ),
        pytest.param(
            lambda: phrase_change(D(1), D(2), "ratio", "", 0), "未知的指标类型", id="change-kind"
        ),
        pytest.param(
            lambda: phrase_change(D("NaN"), D(2), "count", "", 0), "有限数", id="change-nan"
        ),
        pytest.param(lambda: round_half_up(D(1), -2), "不能为负数", id="round-neg-precision"),
        pytest.param(lambda: trim_decimal(D("sNaN")), "有限数", id="trim-snan"),
    ],
)
def test_failures(call: Callable[[], object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()


# ---------------------------------------------------------------- properties

finite = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12)
precisions = st.integers(min_value=0, max_value=4)
KIND_UNITS = {"count": "件", "amount": "万元", "percent": "", "days": "个工作日"}


@given(finite, precisions)
def test_round_half_up_bounds(value: Decimal, precision: int) -> None:
    rounded = round_half_up(value, precision)
    exponent = rounded.as_tuple().exponent
    assert isinstance(exponent, int)
    assert exponent == -precision
    assert abs(rounded - value) <= D(5).scaleb(-precision - 1)
    text = format_decimal(value, precision)
    assert len(text.partition(".")[2]) == precision


@given(finite)
def test_trim_decimal_round_trips(value: Decimal) -> None:
    text = trim_decimal(value)
    assert re.fullmatch(r"-?\d+(\.\d*[1-9])?", text)
    assert D(text) == value


@given(
    st.decimals(allow_nan=False, allow_infinity=False, min_value=0, max_value=10**9),
    st.sampled_from(list(KIND_UNITS)),
    precisions,
    st.sampled_from(["", "余", "多", "以上"]),
)
def test_phrase_figure_digits_are_plain(
    value: Decimal, kind: str, precision: int, approx: str
) -> None:
    phrase = phrase_figure(value, kind, KIND_UNITS[kind], precision, approx)
    assert re.fullmatch(r"\d+(\.\d+)?", phrase.number)
    in_yi = "亿" in phrase.suffix
    shown = D(phrase.number) * (D(10000) if in_yi else 1)
    if any(word in phrase.suffix for word in ("余", "多", "以上")):
        assert shown < value
    else:
        half_unit = D(50) if in_yi else D(5).scaleb(-precision - 1)
        assert abs(shown - value) <= half_unit


@given(finite, finite, st.sampled_from(list(KIND_UNITS)), precisions)
def test_phrase_change_words_match_sign(
    current: Decimal, previous: Decimal, kind: str, precision: int
) -> None:
    words = phrase_change(current, previous, kind, KIND_UNITS[kind], precision)
    diff = round_half_up(current, precision) - round_half_up(previous, precision)
    if diff > 0:
        assert any(w in words for w in ("增长", "提高", "增加"))
    elif diff < 0:
        assert any(w in words for w in ("下降", "减少"))
    else:
        assert words == "与上年持平"
    assert "倍" not in words
    assert "E" not in words
    assert not any(w in words for w in ("增长", "提高", "增加")) or diff > 0


@pytest.mark.parametrize(
    ("wording", "words", "said"),
    [
        ("同比增长12.47%", ("比上年", "增长", "下降"), "比上年增长12.47%"),
        ("同比下降20.45%", ("比上年", "增加", "减少"), "比上年减少20.45%"),
        ("提高0.08个百分点", ("较上年", "提高", "降低"), "较上年提高0.08个百分点"),
        ("下降2.00个百分点", ("", "提高", "降低"), "降低2.00个百分点"),
        ("较上年增加137件", ("比上年", "增加", "减少"), "比上年增加137件"),
        ("与上年持平", ("比上年", "增长", "下降"), "与上年持平"),
    ],
)
def test_a_change_reads_in_the_office_own_words(
    wording: str, words: tuple[str, str, str], said: str
) -> None:
    assert reword_change(wording, *words) == said
