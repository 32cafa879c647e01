"""One cell read as text: A1 names, blanks, trimmed text and header keys."""

from __future__ import annotations

import pytest

from nianbao.intake.cells import column_name, header_key, is_blank, text_of


@pytest.mark.parametrize(
    ("col", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letters_follow_excel(col: int, letters: str) -> None:
    """Zero-based columns become Excel letters, past Z into two and three letters."""
    assert column_name(col) == letters


@pytest.mark.parametrize(
    ("value", "blank"),
    [(None, True), ("", True), (" \u3000\n", True), (0.0, False), ("0", False), (False, False)],
)
def test_blank_means_nothing_typed(value: object, blank: bool) -> None:
    """Only None and white space are blank; a zero or False is a value."""
    assert is_blank(value) is blank


@pytest.mark.parametrize(
    ("value", "text"),
    [(1426.0, "1426"), (99.16, "99.16"), ("  区司法局\u3000", "区司法局"), (None, ""), (7, "7")],
)
def test_text_of_a_cell_is_trimmed_and_whole_floats_lose_the_point(
    value: object, text: str
) -> None:
    """Whole floats print without “.0”; spaces and full-width spaces around text go."""
    assert text_of(value) == text


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("指标编码", "指标编码"),
        (" 指标 编码 ", "指标编码"),
        ("本年数值（必填）", "本年数值"),
        ("单位名称：", "单位名称"),
    ],
)
def test_header_key_ignores_spaces_notes_and_colons(header: str, key: str) -> None:
    """Headers match however they are spaced, annotated in brackets or followed by a colon."""
    assert header_key(header) == key
