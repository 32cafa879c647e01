"""Tests of nianbao.draft.numbering: Chinese numerals and computed heading labels."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nianbao.draft.numbering import DEFAULT_STYLES, LEVELS, Numbering, chinese_numeral


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        pytest.param(1, "一", id="1"),
        pytest.param(2, "二", id="2"),
        pytest.param(9, "九", id="9"),
        pytest.param(10, "十", id="10"),
        pytest.param(11, "十一", id="11"),
        pytest.param(19, "十九", id="19"),
        pytest.param(20, "二十", id="20"),
        pytest.param(21, "二十一", id="21"),
        pytest.param(55, "五十五", id="55"),
        pytest.param(90, "九十", id="90"),
        pytest.param(99, "九十九", id="99"),
    ],
)
def test_chinese_numeral(n: int, expected: str) -> None:
    assert chinese_numeral(n) == expected


@pytest.mark.parametrize("n", [0, -1, 100, 1000])
def test_chinese_numeral_out_of_range(n: int) -> None:
    with pytest.raises(ValueError, match="只支持1至99"):
        chinese_numeral(n)


def _take(num: Numbering, calls: list[str]) -> list[str]:
    return [getattr(num, level)() for level in calls]


@pytest.mark.parametrize(
    ("calls", "expected"),
    [
        pytest.param(
            ["h1", "h2", "h2", "h3", "h3", "h2", "h3"],
            ["一、", "（一）", "（二）", "1、", "2、", "（三）", "1、"],
            id="brief-sequence",
        ),
        pytest.param(
            ["h1", "h2", "h1", "h2"], ["一、", "（一）", "二、", "（一）"], id="h2-restarts-at-h1"
        ),
        pytest.param(
            ["h3", "h4", "h4", "h3", "h4"],
            ["1、", "（1）", "（2）", "2、", "（1）"],
            id="h4-restarts",
        ),
        pytest.param(
            ["runin", "runin", "h2", "runin"],
            ["一是", "二是", "（一）", "一是"],
            id="runin-restarts",
        ),
        pytest.param(["h4", "runin", "runin"], ["（1）", "一是", "二是"], id="runin-after-h4"),
        pytest.param(["h2", "h1"], ["（一）", "一、"], id="skipped-level-starts-at-one"),
    ],
)
def test_default_sequences(calls: list[str], expected: list[str]) -> None:
    assert _take(Numbering(), calls) == expected


def test_eleventh_h1_label() -> None:
    num = Numbering()
    labels = [num.h1() for _ in range(21)]
    assert labels[9:11] == ["十、", "十一、"]
    assert labels[19:] == ["二十、", "二十一、"]


@pytest.mark.parametrize(
    ("level", "pattern", "expected"),
    [
        pytest.param("h1", "一、", ["一、", "二、", "三、"], id="h1-chinese"),
        pytest.param("h2", "（一）", ["（一）", "（二）", "（三）"], id="h2-paren"),
        pytest.param("h3", "1、", ["1、", "2、", "3、"], id="h3-dunhao"),
        pytest.param("h3", "1.", ["1.", "2.", "3."], id="h3-period"),
        pytest.param("h4", "（1）", ["（1）", "（2）", "（3）"], id="h4-paren"),
        pytest.param("runin", "一是", ["一是", "二是", "三是"], id="runin-shi"),
        pytest.param("runin", "第一，", ["第一，", "第二，", "第三，"], id="runin-di"),
        pytest.param("h1", "第一部分", ["第一部分", "第二部分", "第三部分"], id="text-around"),
        pytest.param("h2", "1", ["1", "2", "3"], id="bare-arabic"),
    ],
)
def test_style_patterns(level: str, pattern: str, expected: list[str]) -> None:
    num = Numbering()
    assert num.style(**{level: pattern}) == ""
    assert _take(num, [level] * 3) == expected


def test_style_keeps_other_levels_and_counts() -> None:
    num = Numbering()
    assert num.h1() == "一、"
    num.style(h3="1.")
    assert _take(num, ["h1", "h2", "h3"]) == ["二、", "（一）", "1."]


@pytest.mark.parametrize(
    ("patterns", "match"),
    [
        pytest.param({"h5": "1."}, "未知的编号层级“h5”", id="unknown-level"),
        pytest.param({"title": "一、"}, "未知的编号层级", id="unknown-name"),
        pytest.param({"h1": "、"}, "须含且只含一个序号", id="no-numeral"),
        pytest.param({"h1": "二、"}, "须含且只含一个序号", id="not-the-first"),
        pytest.param({"h3": "11."}, "须含且只含一个序号", id="two-arabic"),
        pytest.param({"h1": "十一、"}, "须含且只含一个序号", id="compound-chinese"),
        pytest.param({"h2": "（一）1"}, "须含且只含一个序号", id="both-systems"),
        pytest.param({"h3": "１."}, "须含且只含一个序号", id="full-width-digit"),
        pytest.param({"h1": "壹、"}, "须含且只含一个序号", id="capital-numeral"),
    ],
)
def test_style_rejects(patterns: dict[str, str], match: str) -> None:
    num = Numbering()
    with pytest.raises(ValueError, match=match):
        num.style(**patterns)


def test_failed_style_changes_nothing() -> None:
    num = Numbering()
    with pytest.raises(ValueError, match="未知的编号层级"):
        num.style(h1="1.", h9="1.")
    assert num.h1() == "一、"


def test_chinese_level_past_99_raises() -> None:
    num = Numbering()
    for _ in range(99):
        num.runin()
    with pytest.raises(ValueError, match="只支持1至99"):
        num.runin()


def _expected_label(level: str, count: int) -> str:
    pattern = DEFAULT_STYLES[level]
    if "一" in pattern:
        return pattern.replace("一", chinese_numeral(count))
    return pattern.replace("1", str(count))


@given(st.lists(st.sampled_from(LEVELS), max_size=80))
def test_labels_are_consecutive_since_last_higher_call(calls: list[str]) -> None:
    labels = _take(Numbering(), calls)
    for i, level in enumerate(calls):
        rank = LEVELS.index(level)
        count = 0
        for earlier in reversed(calls[:i]):
            if LEVELS.index(earlier) < rank:
                break
            count += earlier == level
        assert labels[i] == _expected_label(level, count + 1)
