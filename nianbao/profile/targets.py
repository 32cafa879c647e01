"""The office's analysis settings in catalogue.toml: target rules, annex charts, year-on-year band."""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from nianbao.profile.consistency import duplicates
from nianbao.profile.shapes import Expect, Shapes, where

if TYPE_CHECKING:
    from nianbao.profile.catalogue import Indicator, Part

PLACEHOLDERS = frozenset({"name", "value", "target", "previous", "change"})
YEAR_ON_YEAR = frozenset({"previous", "change"})


@dataclass(frozen=True)
class Rule:
    """A target on one indicator; a figure missing it yields a candidate problem and task."""

    id: str
    indicator: str
    expect: Expect
    problem: str
    task: str
    part: str
    target: Decimal | None = None


@dataclass(frozen=True)
class ChartSpec:
    """A chart of the annex: indicators of one kind and unit plotted over the available years."""

    title: str
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class Trend:
    """The plausible year-on-year band (±percent), the slip ratio and the small-number floor."""

    band: Decimal = Decimal(50)
    slip: Decimal = Decimal(8)
    small: Decimal = Decimal(10)


@dataclass(frozen=True)
class Targets:
    """Everything catalogue.toml declares for the analysis: rules, charts and the trend band."""

    rules: tuple[Rule, ...] = ()
    charts: tuple[ChartSpec, ...] = ()
    trend: Trend = field(default_factory=Trend)


def build_targets(shapes: Shapes) -> Targets:
    """Return the [[rule]], [[chart]] and [trend] entries of catalogue.toml that have their shape."""
    rules = tuple(Rule(**r.model_dump()) for r in shapes.rules)
    charts = tuple(ChartSpec(c.title, tuple(c.indicators)) for c in shapes.charts)
    return Targets(rules, charts, Trend(**shapes.trend.model_dump()))


def target_problems(
    targets: Targets,
    indicators: Mapping[str, Indicator],
    parts: tuple[Part, ...],
    broken: Mapping[str, set[str]],
) -> list[str]:
    """Return what is wrong with the rules and charts, located, in Chinese (names in `broken` pass)."""
    known = set(indicators) | broken.get("indicator", set())
    task_parts = {p.key for p in parts if p.section == "tasks"} | broken.get("part", set())
    found = [
        f"{where('rule', r.id, key)}：{problem}"
        for r in targets.rules
        for key, problem in _rule_problems(r, known, task_parts)
    ]
    found += duplicates("rule", (r.id for r in targets.rules), "规则编号")
    for chart in targets.charts:
        at = where("chart", chart.title, "indicators")
        kinds = {
            (indicators[c].kind, indicators[c].unit) for c in chart.indicators if c in indicators
        }
        if unknown := [c for c in chart.indicators if c not in known]:
            found.append(f"{at}：指标“{'、'.join(unknown)}”不在 [[indicator]] 中")
        elif len(kinds) > 1:
            found.append(f"{at}：所列指标的类型或计量单位不一致")
    return found


def _rule_problems(rule: Rule, known: set[str], task_parts: set[str]) -> list[tuple[str, str]]:
    """Return (key, problem) for what is wrong with `rule`."""
    threshold = rule.expect != "not_worse"
    found = [
        (key, problem)
        for key, failed, problem in (
            (
                "indicator",
                rule.indicator not in known,
                f"指标“{rule.indicator}”不在 [[indicator]] 中",
            ),
            (
                "target",
                threshold and rule.target is None,
                f"expect 为“{rule.expect}”时须填写目标值",
            ),
            (
                "target",
                not threshold and rule.target is not None,
                "not_worse 规则与上年比较，不用目标值；请删除 target",
            ),
            ("part", rule.part not in task_parts, f"“{rule.part}”不是“主要任务”下的报告部分"),
        )
        if failed
    ]
    for key in ("problem", "task"):
        fields = _fields(getattr(rule, key))
        if unknown := fields - PLACEHOLDERS:
            found.append((key, f"文字中有未知的占位符“{'、'.join(sorted(unknown))}”"))
        if threshold and fields & YEAR_ON_YEAR:
            found.append((key, "只有 not_worse 规则可以使用 {previous}、{change}"))
    return found


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"（花括号不成对）"}
