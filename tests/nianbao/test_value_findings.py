"""The texts of the findings about typed values: every kind known, reasons mapped, fields filled."""

from __future__ import annotations

import pytest

from nianbao.errors import ValueParseError
from nianbao.findings import KINDS
from nianbao.submission import CellRef, RawValue
from nianbao.value_findings import CHECKS, PARSE_KINDS, SAY, parse_kind, say
from nianbao.values import parse_value

REF = CellRef("司法局.xlsx", "指标数据", "D7")
RAW = RawValue("sf.reconsideration", "约二十", REF, CellRef("司法局.xlsx", "指标数据", "A7"))


def test_every_kind_used_here_is_a_listed_finding_kind() -> None:
    """SAY, CHECKS and PARSE_KINDS only name kinds of findings.KINDS (the report groups by them)."""
    used = (
        set(SAY) | set(CHECKS.values()) | {kind for _, kind in PARSE_KINDS} | {"value.unreadable"}
    )
    assert used <= set(KINDS)


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("约20", "value.approximate"),
        ("若干", "value.approximate"),
        ("二十", "value.chinese_numeral"),
        ("1e5", "value.scientific"),
        ("10-20", "value.range"),
        ("1,2,3", "value.separator"),
        ("99。16", "value.full_stop"),
        ("见附件", "value.unreadable"),
    ],
)
def test_a_refused_value_gets_the_kind_its_reason_names(typed: str, kind: str) -> None:
    """The reason parse_value gives decides the kind (and so the group in 校验报告)."""
    with pytest.raises(ValueParseError) as refused:
        parse_value(typed)
    assert parse_kind(str(refused.value)) == kind


@pytest.mark.parametrize(
    ("kind", "level"),
    [
        ("value.empty", "提醒"),
        ("row.hidden", "提醒"),
        ("code.unknown", "错误"),
        ("value.negative", "错误"),
    ],
)
def test_say_places_the_finding_at_the_value_cell_with_its_level(kind: str, level: str) -> None:
    """A finding names file, sheet and cell of the value, the unit, code, what was typed and advice."""
    found = say(RAW, "sfj", kind, name="行政复议申请：")
    assert (found.file, found.sheet, found.cell, found.unit, found.code) == (
        "司法局.xlsx",
        "指标数据",
        "D7",
        "sfj",
        "sf.reconsideration",
    )
    assert (found.level, found.kind, found.raw) == (level, kind, "约二十")
    assert found.message
    assert found.advice
    assert "{" not in found.message + found.advice


def test_say_fills_the_fields_of_the_text() -> None:
    """Fields such as the indicator's unit word appear in both problem and advice."""
    found = say(RAW, "sfj", "value.unit_mismatch", name="收入：", typed="元", unit="万元")
    assert "“元”" in found.message
    assert "万元" in found.message
    assert "万元" in found.advice
