"""Aggregation: sums over units with provenance, derived ratios, growth, gaps made visible."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from nianbao.checks.validation import validate
from nianbao.figures.aggregation import aggregate, check_totals
from nianbao.intake.readers import read_folder
from nianbao.profile.catalogue import Catalogue
from nianbao.profile.formula import evaluate

Build = Callable[..., Path]


def _figures(folder: Path, catalogue: Catalogue, previous: dict[str, Decimal] | None = None):  # type: ignore[no-untyped-def]
    return aggregate(validate(read_folder(folder), catalogue, 2021), catalogue, previous)


def test_sum_over_towns_keeps_every_source(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue
) -> None:
    """A district total lists which units, files and cells it was added from; absent towns are named."""
    write_workbook("a.xlsx", "明港镇", {"tj.elders": 20})
    write_workbook("b.xlsx", "五里镇", {"tj.elders": "15"})
    fig = _figures(tmp_path, catalogue)["tj.elders"]
    assert fig.value == Decimal(35)
    assert fig.status == "partial"
    assert [(s.unit, s.file, s.cell, s.value) for s in fig.sources] == [
        ("明港镇", "a.xlsx", "D5", Decimal(20)),
        ("五里镇", "b.xlsx", "D5", Decimal(15)),
    ]
    assert len(fig.missing_units) == 21
    assert "平中街道" in fig.note


def test_derived_ratio_is_computed_from_its_parts(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue
) -> None:
    """99.16% is 1414/1426, computed in Decimal and traced to both inputs."""
    write_workbook(
        "z.xlsx",
        "区政务服务和大数据管理局",
        {"zwfw.online_items": 1426, "zwfw.four_star_items": 1414},
    )
    fig = _figures(tmp_path, catalogue)["zwfw.four_star_share"]
    assert fig.status == "ok"
    assert fig.value is not None
    assert round(fig.value, 2) == Decimal("99.16")
    assert fig.inputs == ("zwfw.four_star_items", "zwfw.online_items")
    assert {s.cell for s in fig.sources} == {"D5", "D6"}


def test_growth_needs_last_year(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue
) -> None:
    """信易贷 growth is 2900 over 300.2 万元; without a 2020 value it is missing, with a reason."""
    write_workbook("f.xlsx", "区发改委", {"xy.credit_loans": 2900})
    with_prev = _figures(tmp_path, catalogue, {"xy.credit_loans": Decimal("300.2")})
    assert round(with_prev["xy.credit_loans_growth"].value or 0, 2) == Decimal("866.02")
    assert with_prev["xy.credit_loans"].previous == Decimal("300.2")
    without = _figures(tmp_path, catalogue)["xy.credit_loans_growth"]
    assert (without.value, without.status, without.note) == (None, "missing", "缺少上年数据")


def test_zero_denominator_is_missing_not_zero(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue
) -> None:
    """A ratio over zero is reported as not computable instead of being printed as 0%."""
    write_workbook("z.xlsx", "区政府办公室", {"gk.requests": 0, "gk.requests_answered": 0})
    fig = _figures(tmp_path, catalogue)["gk.reply_rate"]
    assert (fig.value, fig.status, fig.note) == (None, "missing", "计算时分母为0")


def test_sum_of_parts_formula(write_workbook: Build, tmp_path: Path, catalogue: Catalogue) -> None:
    """13 复议申请 = 7 受理 + 6 不予受理."""
    write_workbook("s.xlsx", "区司法局", {"fy.accepted": 7, "fy.rejected": 6})
    assert _figures(tmp_path, catalogue)["fy.applications"].value == Decimal(13)


def test_missing_input_makes_dependants_missing(tmp_path: Path, catalogue: Catalogue) -> None:
    """With no submissions, every figure is missing and says why."""
    figures = _figures(tmp_path, catalogue)
    assert all(f.value is None and f.note for f in figures.values())


def test_typed_approximation_carries_to_the_total(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue
) -> None:
    """A unit that typed 20余 makes the district figure an approximation too."""
    write_workbook("s.xlsx", "区司法局", {"gw.services": "20余"})
    fig = _figures(tmp_path, catalogue)["gw.services"]
    assert (fig.value, fig.approx) == (Decimal(20), "余")


def test_district_part_above_whole_is_warned(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue
) -> None:
    """Totals are checked again after summing: a part above its whole becomes a district warning."""
    write_workbook("a.xlsx", "明港镇", {"tj.disputes_received": 10, "tj.disputes_mediated": 10})
    write_workbook("b.xlsx", "五里镇", {"tj.disputes_mediated": 5})
    found = check_totals(_figures(tmp_path, catalogue), catalogue)
    assert [(f.level, f.code) for f in found] == [("提醒", "tj.disputes_mediated")]


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("a.b + c.d", Decimal(5)),
        ("100 * a.b / c.d", Decimal("66.66666666666666666666666667")),
        ("(a.b - c.d) * 2", Decimal(-2)),
    ],
)
def test_formula_evaluates_in_decimal(formula: str, expected: Decimal) -> None:
    """Formulas use + - * / and parentheses over indicator codes, exactly in Decimal."""
    assert evaluate(formula, {"a.b": Decimal(2), "c.d": Decimal(3)}) == expected


@pytest.mark.parametrize("formula", ["__import__('os')", "a.b ** 2", "max(a.b, c.d)"])
def test_formula_rejects_anything_else(formula: str) -> None:
    """Calls, powers and names outside the catalogue are not evaluated."""
    from decimal import InvalidOperation

    with pytest.raises((InvalidOperation, KeyError)):
        evaluate(formula, {"a.b": Decimal(2), "c.d": Decimal(3)})
