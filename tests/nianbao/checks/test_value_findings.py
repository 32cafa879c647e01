"""The texts of the findings about typed values: every kind known, kinds carried as data, fields filled."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from nianbao.checks.validation import validate
from nianbao.checks.value_findings import CHECKS, SAY, say
from nianbao.core.findings import KINDS
from nianbao.intake import values
from nianbao.intake.readers import read_folder
from nianbao.intake.submission import CellRef, RawValue
from nianbao.profile.catalogue import Catalogue

REF = CellRef("司法局.xlsx", "指标数据", "D7")
RAW = RawValue("sf.reconsideration", "约二十", REF, CellRef("司法局.xlsx", "指标数据", "A7"))


def test_every_kind_used_here_is_a_listed_finding_kind() -> None:
    """SAY, CHECKS and the parse reasons only name kinds of findings.KINDS (the report groups by them)."""
    used = set(SAY) | set(CHECKS.values()) | {r.kind for r in values.REASONS.values()}
    assert used <= set(KINDS)


# A value typed into a workbook → the reason of values.REASONS that refuses it (one row per reason).
TYPED_REASONS = [
    (True, "boolean"),
    (date(2021, 3, 5), "date"),
    ("约20", "estimate"),
    ("#DIV/0!", "formula_error"),
    ("无", "placeholder"),
    ("二十", "chinese_numeral"),
    ("1e5", "scientific"),
    ("10-20", "range"),
    ("-5", "negative"),
    ("99。16", "full_stop"),
    ("3件 2件", "several_numbers"),
    ("14,26", "separator"),
    ("见附件", "not_number"),
    ("2900万", "missing_unit"),
    ("12.5x", "stray"),
]


def test_the_typed_values_reach_every_reason() -> None:
    """The table below covers every way parse_value refuses a value."""
    assert {reason for _, reason in TYPED_REASONS} == set(values.REASONS)


@pytest.mark.parametrize(("typed", "reason"), TYPED_REASONS, ids=[r for _, r in TYPED_REASONS])
def test_rewording_a_reason_cannot_change_the_kind_of_its_finding(
    write_workbook: Callable[..., Path],
    tmp_path: Path,
    catalogue: Catalogue,
    monkeypatch: pytest.MonkeyPatch,
    typed: object,
    reason: str,
) -> None:
    """The finding's kind comes with the parse error as data, not from the words of its message."""
    kind = values.REASONS[reason].kind
    reworded = {
        n: r._replace(text="改写后的问题（{t}）；改写后的建议") for n, r in values.REASONS.items()
    }
    monkeypatch.setattr(values, "REASONS", reworded)
    write_workbook("政务.xlsx", "区政务服务和大数据管理局", {"zwfw.online_items": typed})
    intake = validate(read_folder(tmp_path), catalogue, 2021)
    found = [f for f in intake.findings if f.code == "zwfw.online_items"]
    assert [(f.kind, f.cell, f.advice) for f in found] == [(kind, "D5", "改写后的建议")]
    assert "改写后的问题" in found[0].message
    assert kind in KINDS


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
